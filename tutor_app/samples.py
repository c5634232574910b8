"""The sample problems in ``sample_problems/``, for the Solve page's "try an example"."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from tutor_app.errors import SampleError
from tutor_app.shipped import looked_in, shipped_folder

INDEX = "index.json"


@dataclass(frozen=True)
class Sample:
    """One sample problem: its picture and what a correct reading and answer are."""

    id: str
    file: str
    title: dict[str, str]
    subject: str
    kind: Literal["math", "diagram"]
    language: Literal["en", "zh"]
    transcription: str
    answer: str
    cas_problem: str | None
    licence: str

    def title_in(self, lang: str) -> str:
        """The title in the interface language, English when there is none in ``lang``."""
        return self.title.get(lang) or self.title["en"]


def samples_folder() -> Path:
    """The folder holding the sample images and their index."""
    folder = shipped_folder("sample_problems", INDEX)
    if folder is None:
        raise SampleError(
            f"The sample problems are missing (looked in {looked_in('sample_problems')}). "
            "Reinstall tutor_app."
        )
    return folder


def list_samples() -> list[Sample]:
    """Every sample problem, in the index's order."""
    return list(_read_index(samples_folder() / INDEX))


def load_sample(sample_id: str) -> tuple[Sample, bytes]:
    """The sample called ``sample_id`` and the bytes of its image."""
    samples = list_samples()
    sample = next((s for s in samples if s.id == sample_id), None)
    if sample is None:
        raise SampleError(
            f"There is no sample problem {sample_id!r}. Known samples: "
            f"{', '.join(s.id for s in samples)}."
        )
    path = samples_folder() / sample.file
    try:
        return sample, path.read_bytes()
    except OSError as exc:
        raise SampleError(
            f"The image of sample {sample_id!r} could not be read ({path}: {exc.strerror}). "
            "Reinstall tutor_app."
        ) from exc


@cache
def _read_index(path: Path) -> tuple[Sample, ...]:
    # Cached per path: the index ships with the package and does not change while running.
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            Sample(
                id=e["id"],
                file=e["file"],
                title={"en": e["title"]["en"], "zh": e["title"]["zh"]},
                subject=e["subject"],
                kind=e["kind"],
                language=e["language"],
                transcription=e["transcription"],
                answer=e["answer"],
                cas_problem=e["cas_problem"],
                licence=e["licence"],
            )
            for e in entries
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SampleError(
            f"The sample index {path} is missing or damaged ({type(exc).__name__}: {exc}). "
            "Reinstall tutor_app, or run scripts/make_samples.py in a checkout."
        ) from exc
