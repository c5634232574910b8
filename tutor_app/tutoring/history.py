"""A student's problems kept on the server under an unguessable per-browser key, until they expire."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
from dataclasses import asdict, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tutor_app.mathcheck.verdict import StepMark, StepReport, Verdict
from tutor_app.pictures.graph import graph_from_data
from tutor_app.tutoring.problem import AnswerCheck, Mode, Problem, Reply
from tutor_app.tutoring.verify import Verification

FOLDER = "student_history"
# 128 random bits, URL-safe: not guessable, short enough for an address bar.
_KEY = re.compile(r"[A-Za-z0-9_-]{22,64}")


def new_key() -> str:
    """A fresh, unguessable key for one browser."""
    return secrets.token_urlsafe(16)


def valid_key(key: object) -> bool:
    """Whether ``key`` looks like one of ours (anything else is never used as a file name)."""
    return isinstance(key, str) and bool(_KEY.fullmatch(key))


def expiry(now: datetime, hours: float) -> datetime:
    """When problems saved at ``now`` are forgotten: after ``hours``, or at midnight when 0."""
    if hours > 0:
        return now + timedelta(hours=hours)
    return datetime.combine(now.date() + timedelta(days=1), datetime.min.time())


class HistoryStore:
    """One JSON file per browser key in ``folder``; the file name is a hash, never the key itself."""

    def __init__(self, folder: Path, hours: float) -> None:
        self.folder = folder
        self.hours = hours

    def _path(self, key: str) -> Path:
        if not valid_key(key):
            raise ValueError("not a history key")
        return self.folder / (hashlib.sha256(key.encode("ascii")).hexdigest()[:32] + ".json")

    def load(self, key: str, now: datetime | None = None) -> list[Problem]:
        """The problems saved under ``key``; none when there are none, they expired or the file is damaged."""
        now = now or datetime.now()
        self.purge(now)
        path = self._path(key)
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if datetime.fromisoformat(saved["expires"]) <= now:
                path.unlink(missing_ok=True)
                return []
            return [_problem(p) for p in saved["problems"]]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError):
            # A file from an older release or cut short by a crash: start afresh rather than fail.
            path.unlink(missing_ok=True)
            return []

    def save(self, key: str, problems: list[Problem], now: datetime | None = None) -> None:
        """Keep ``problems`` under ``key`` until they expire (written whole, so a crash leaves the old file)."""
        if not problems:
            self.forget(key)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(key)
        saved = {"expires": expiry(now or datetime.now(), self.hours).isoformat(),
                 "problems": [asdict(p) for p in problems]}
        partial = path.with_suffix(".part")
        partial.write_text(json.dumps(saved, default=_plain, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)

    def forget(self, key: str) -> None:
        """Delete everything saved under ``key``."""
        self._path(key).unlink(missing_ok=True)

    def purge(self, now: datetime) -> None:
        """Delete every expired history in the folder."""
        for path in self.folder.glob("*.json") if self.folder.is_dir() else ():
            try:
                expires = json.loads(path.read_text(encoding="utf-8"))["expires"]
                if datetime.fromisoformat(expires) > now:
                    continue
            except (OSError, ValueError, KeyError, TypeError):
                pass
            path.unlink(missing_ok=True)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot save {type(value).__name__}")


def _build(cls: type, data: dict, **parts: Any) -> Any:
    # Only the fields this release knows, so a field added later with a default still loads.
    known = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in known}, **parts)


def _problem(data: dict) -> Problem:
    return _build(
        Problem,
        {k: v for k, v in data.items()
         if k not in ("images", "replies", "answer_checks", "created", "revealed_at", "graph")},
        images=tuple(base64.b64decode(i) for i in data["images"]),
        replies=[_reply(r) for r in data["replies"]],
        answer_checks=[AnswerCheck(c["answer"], _build(Verdict, c["verdict"]), c.get("against", ""))
                       for c in data["answer_checks"]],
        created=datetime.fromisoformat(data["created"]),
        revealed_at=datetime.fromisoformat(data["revealed_at"]) if data.get("revealed_at") else None,
        graph=graph_from_data(data["graph"]) if data.get("graph") else None,
    )


def _reply(data: dict) -> Reply:
    check = data.get("verification")
    verification = None
    if check:
        steps = check.get("steps")
        report = None if steps is None else StepReport(
            [_build(StepMark, m) for m in steps["steps"]], steps.get("first_wrong"))
        verification = _build(Verification, {k: v for k, v in check.items() if k != "steps"}, steps=report)
    return _build(Reply, {k: v for k, v in data.items() if k not in ("mode", "verification")},
                  mode=Mode(data["mode"]), verification=verification)
