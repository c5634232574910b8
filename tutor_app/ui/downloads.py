"""One model download at a time per process, running in the background across reruns."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from tutor_app.errors import TutorError
from tutor_app.model.catalogue import CatalogueEntry
from tutor_app.model.download import download_model


VISITOR = "download_visitor"


@dataclass
class Download:
    """Progress of the one background download."""

    label: str = ""
    # The browser session that asked for it: only that session is told how it ended.
    owner: str = ""
    filename: str = ""
    done: int = 0
    total: int | None = None
    # Kept whole, so each visitor reads it in the language of their page.
    error: TutorError | None = None
    finished: bool = False
    running: bool = False
    cancel: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, entry: CatalogueEntry, folder: Path, owner: str) -> bool:
        """Start downloading ``entry`` for the session ``owner``; False when a download is already running."""
        with self.lock:
            if self.running:
                return False
            self.owner = owner
            self.label, self.filename, self.done, self.total = entry.label, "", 0, None
            self.error, self.finished, self.running = None, False, True
            self.cancel = threading.Event()
        threading.Thread(target=self._run, args=(entry, folder), daemon=True).start()
        return True

    def _progress(self, filename: str, done: int, total: int | None) -> None:
        self.filename, self.done, self.total = filename, done, total

    def _run(self, entry: CatalogueEntry, folder: Path) -> None:
        try:
            download_model(entry, folder, progress=self._progress, cancel=self.cancel)
            self.finished = True
        except TutorError as exc:
            self.error = exc
        finally:
            self.running = False


def visitor() -> str:
    """A token naming this browser session, kept in its session state."""
    return st.session_state.setdefault(VISITOR, uuid.uuid4().hex)


@st.cache_resource(show_spinner=False)
def current() -> Download:
    """The process-wide download tracker."""
    return Download()
