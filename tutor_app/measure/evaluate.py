"""`tutor eval`: run the model on problems with known answers and report how many it gets right."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import ConfigError, TutorError
from tutor_app.mathcheck import check_answer, extract_final_answer
from tutor_app.model.base import Backend
from tutor_app.tutoring import Mode, Problem, respond, transcribe

INDEX = "index.json"
CSV_COLUMNS = ("id", "image", "text", "answer", "language")
RESULT_FILES = {"json": "eval.json", "csv": "eval.csv", "markdown": "eval.md"}
MARKS = {True: "✓", False: "✗", None: "?"}

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class EvalProblem:
    """One problem: a picture and/or its text, the expected answer, and how to ask about it."""

    id: str
    answer: str
    image: Path | None = None
    text: str = ""
    language: str = "en"
    mode: Mode = Mode.SOLVE


@dataclass
class ProblemResult:
    """What the model made of one problem."""

    id: str
    expected: str
    transcription: str = ""
    final_answer: str = ""
    correct: bool | None = False
    reason: str = ""
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class EvalRun:
    """One model's results on one set of problems."""

    model: str
    backend: str
    source: str
    measured_at: str
    results: list[ProblemResult] = field(default_factory=list)

    @property
    def correct(self) -> int:
        """Problems the checker accepted."""
        return sum(1 for r in self.results if r.correct)

    @property
    def accuracy(self) -> float:
        """The share of problems the checker accepted (0 with no problems)."""
        return self.correct / len(self.results) if self.results else 0.0

    @classmethod
    def from_json(cls, path: Path) -> EvalRun:
        """A run saved by `tutor eval` (its eval.json)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            known = {f.name for f in fields(ProblemResult)}
            results = [ProblemResult(**{k: v for k, v in r.items() if k in known}) for r in data["results"]]
            return cls(data["model"], data["backend"], data["source"], data["measured_at"], results)
        except OSError as exc:
            raise ConfigError(f"Could not read {path}: {exc.strerror or exc}.") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"{path} is not an eval.json written by `tutor eval` ({type(exc).__name__}: {exc})."
            ) from exc


def load_problems(source: Path) -> list[EvalProblem]:
    """The problems in a folder with an index.json (the sample_problems format) or in a CSV file."""
    source = Path(source).expanduser()
    if source.is_dir():
        if (source / INDEX).is_file():
            return _from_index(source / INDEX)
        tables = sorted(source.glob("*.csv"))
        if len(tables) == 1:
            return _from_csv(tables[0])
        raise ConfigError(
            f"{source} has no {INDEX} and {'several' if tables else 'no'} CSV files; give the "
            f"CSV file itself, or a folder with an {INDEX} like sample_problems/."
        )
    if source.suffix.lower() == ".csv" and source.is_file():
        return _from_csv(source)
    if source.suffix.lower() == ".json" and source.is_file():
        return _from_index(source)
    raise ConfigError(f"{source} is not a folder of problems, an {INDEX} or a CSV file.")


def _from_index(path: Path) -> list[EvalProblem]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return [
            EvalProblem(
                id=str(e["id"]),
                answer=str(e["answer"]),
                image=path.parent / e["file"] if e.get("file") else None,
                language=e.get("language", "en"),
                mode=Mode.DIAGRAM if e.get("kind") == "diagram" else Mode.SOLVE,
            )
            for e in entries
        ]
    except OSError as exc:
        raise ConfigError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"{path} is not a problem index: each entry needs an id, a file and an answer ({exc})."
        ) from exc


def _from_csv(path: Path) -> list[EvalProblem]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"Could not read {path}: {exc}.") from exc
    problems = []
    for line, row in enumerate(rows, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not row.get("answer") or not (row.get("image") or row.get("text")):
            raise ConfigError(
                f"{path}, line {line}: each problem needs an answer and an image or a text "
                f"(columns: {', '.join(CSV_COLUMNS)})."
            )
        image = path.parent / row["image"] if row.get("image") else None
        if image is not None and not image.is_file():
            raise ConfigError(f"{path}, line {line}: the image {image} does not exist.")
        problems.append(
            EvalProblem(
                id=row.get("id") or f"line {line}",
                answer=row["answer"],
                image=image,
                text=row.get("text", ""),
                language=row.get("language") or "en",
            )
        )
    if not problems:
        raise ConfigError(f"{path} holds no problems (columns: {', '.join(CSV_COLUMNS)}).")
    return problems


def evaluate(
    settings: Settings,
    backend: Backend,
    problems: list[EvalProblem],
    *,
    model: str,
    source: str,
    progress: Progress | None = None,
) -> EvalRun:
    """Read, solve and check every problem; one that fails is marked wrong with its reason."""
    run = EvalRun(model, settings.backend, source, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    for done, problem in enumerate(problems):
        if progress is not None:
            progress(done, len(problems), problem.id)
        run.results.append(_evaluate_one(settings, backend, problem))
    if progress is not None:
        progress(len(problems), len(problems), "")
    return run


def _evaluate_one(settings: Settings, backend: Backend, problem: EvalProblem) -> ProblemResult:
    result = ProblemResult(problem.id, problem.answer, transcription=problem.text)

    def count(usage: dict[str, int]) -> None:
        result.prompt_tokens += int(usage.get("prompt_tokens") or 0)
        result.completion_tokens += int(usage.get("completion_tokens") or 0)

    started = time.perf_counter()
    try:
        images: tuple[bytes, ...] = ()
        if problem.image is not None:
            images = (problem.image.read_bytes(),)
            if not problem.text:
                result.transcription = "".join(
                    transcribe(backend, images, settings=settings, lang=problem.language, on_usage=count)
                ).strip()
        reply = "".join(
            respond(backend, Problem(result.transcription, images), problem.mode, settings=settings,
                    lang=problem.language, on_usage=count)
        )
        final = extract_final_answer(reply)
        if final is None:
            result.reason = "No final answer was found in the reply."
        else:
            result.final_answer = final
            result.correct, result.reason = _check(settings, problem.answer, final)
    except OSError as exc:
        result.reason = f"Could not read {problem.image}: {exc.strerror or exc}."
    except TutorError as exc:
        result.reason = str(exc)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _check(settings: Settings, expected: str, final: str) -> tuple[bool | None, str]:
    try:
        verdict = check_answer(expected, final, timeout=settings.cas_timeout)
    except TutorError as exc:
        # An answer the checker cannot read is undecided, not wrong.
        return None, str(exc)
    return verdict.equivalent, verdict.reason


def write_outputs(run: EvalRun, folder: Path) -> dict[str, Path]:
    """Save the run as eval.json, eval.csv and eval.md in ``folder``; return the paths by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {kind: folder / name for kind, name in RESULT_FILES.items()}
    paths["json"].write_text(json.dumps(asdict(run), ensure_ascii=False, indent=2), encoding="utf-8")
    with paths["csv"].open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f.name for f in fields(ProblemResult)])
        writer.writeheader()
        writer.writerows(asdict(r) for r in run.results)
    paths["markdown"].write_text(summary(run), encoding="utf-8")
    return paths


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") or "—"


def summary(run: EvalRun) -> str:
    """A Markdown report: one row per problem, then the totals."""
    lines = [
        f"# {run.model} on {run.source}",
        "",
        "| problem | expected | final answer | checker | seconds | tokens (prompt + answer) | transcription |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in run.results:
        lines.append(
            f"| {_cell(r.id)} | {_cell(r.expected)} | {_cell(r.final_answer)} | {MARKS[r.correct]} {_cell(r.reason)} "
            f"| {r.seconds:.1f} | {r.prompt_tokens} + {r.completion_tokens} | {_cell(r.transcription)[:120]} |"
        )
    undecided = sum(1 for r in run.results if r.correct is None)
    seconds = sum(r.seconds for r in run.results)
    tokens = sum(r.completion_tokens for r in run.results)
    lines += [
        "",
        f"**{run.correct} of {len(run.results)} correct ({100 * run.accuracy:.0f}%)**, {undecided} the checker "
        f"could not decide; {seconds:.1f} s and {tokens} answer tokens in all.",
    ]
    return "\n".join(lines) + "\n"


def compare(first: EvalRun, second: EvalRun) -> str:
    """A Markdown table of two runs side by side, problem by problem, with the totals."""
    ours = {r.id: r for r in second.results}
    names = (_cell(first.model), _cell(second.model))
    lines = [
        f"| problem | {names[0]} | {names[1]} | seconds ({names[0]} / {names[1]}) |",
        "| --- | --- | --- | --- |",
    ]
    for a in first.results:
        b = ours.get(a.id)
        right = "not run" if b is None else f"{MARKS[b.correct]} {_cell(b.final_answer)}"
        seconds = f"{a.seconds:.1f} / {b.seconds:.1f}" if b else f"{a.seconds:.1f} / —"
        lines.append(f"| {_cell(a.id)} | {MARKS[a.correct]} {_cell(a.final_answer)} | {right} | {seconds} |")
    changed = sum(1 for a in first.results if a.id in ours and bool(a.correct) != bool(ours[a.id].correct))
    lines += [
        "",
        f"{names[0]}: {first.correct}/{len(first.results)} correct ({100 * first.accuracy:.0f}%), "
        f"{sum(r.seconds for r in first.results):.1f} s.",
        f"{names[1]}: {second.correct}/{len(second.results)} correct ({100 * second.accuracy:.0f}%), "
        f"{sum(r.seconds for r in second.results):.1f} s.",
        f"{changed} problem(s) changed between the two runs.",
    ]
    return "\n".join(lines) + "\n"
