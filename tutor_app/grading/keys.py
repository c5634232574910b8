"""The answer key: one CSV row per question, read into checked ``KeyItem``s."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from tutor_app.errors import GradingError

COLUMNS = ("question", "answer", "points", "tolerance", "form", "units", "notes")
REQUIRED = ("question", "answer")


@dataclass(frozen=True)
class KeyItem:
    """One question of the answer key."""

    question: str
    answer: str
    points: float = 1.0
    tolerance: float | None = None
    relative: bool = False
    form: str | None = None
    units: str | None = None
    notes: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready copy, for storing with a job."""
        return asdict(self)


def load_key(path: Path) -> list[KeyItem]:
    """Read an answer key CSV file; raise GradingError naming the bad row and column."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise GradingError(f"Could not read the answer key {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise GradingError(key="batch.key_not_utf8", name=path) from exc
    return parse_key(text, source=str(path))


def parse_key(text: str, *, source: str = "answer key") -> list[KeyItem]:
    """Parse answer key CSV text (header row first)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GradingError(
            key="key.missing_columns", source=source, columns=", ".join(COLUMNS), missing=", ".join(missing)
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise GradingError(
            key="key.unknown_columns", source=source, unknown=", ".join(unknown), columns=", ".join(COLUMNS)
        )
    reader.fieldnames = header
    items: list[KeyItem] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise GradingError(key="key.extra_cells", source=source, line=line)
        cells = {k: (v or "").strip() for k, v in row.items()}
        if not any(cells.values()):
            continue
        item = _item(cells, {"source": source, "line": line})
        if item.question in seen:
            raise GradingError(key="key.twice", source=source, line=line, question=repr(item.question))
        seen.add(item.question)
        items.append(item)
    if not items:
        raise GradingError(key="key.no_questions", source=source)
    return items


def _item(cells: dict[str, str], where: dict) -> KeyItem:
    for column in REQUIRED:
        if not cells.get(column):
            raise GradingError(key="key.empty_cell", column=column, **where)
    points = _number(cells.get("points") or "1", where, "points")
    if points <= 0:
        raise GradingError(key="key.points_positive", cell=cells["points"], **where)
    tolerance, relative = _tolerance(cells.get("tolerance", ""), where)
    return KeyItem(
        question=cells["question"],
        answer=cells["answer"],
        points=points,
        tolerance=tolerance,
        relative=relative,
        form=cells.get("form") or None,
        units=cells.get("units") or None,
        notes=cells.get("notes", ""),
    )


def _tolerance(cell: str, where: dict) -> tuple[float | None, bool]:
    # "2%" is relative to the reference; a plain number is an absolute margin.
    if not cell:
        return None, False
    relative = cell.endswith("%")
    value = _number(cell.rstrip("%").strip(), where, "tolerance")
    if value < 0:
        raise GradingError(key="key.tolerance_negative", cell=cell, **where)
    return (value / 100, True) if relative else (value, False)


def _number(cell: str, where: dict, column: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise GradingError(key="key.not_number", column=column, cell=repr(cell), **where) from None
    if not math.isfinite(value):
        raise GradingError(key="key.not_finite", column=column, cell=repr(cell), **where)
    return value
