"""The step checker on human-labelled solutions (ProcessBench), and how often an independent answer exists.

Run: .venv/bin/python -m tests.bench.steps [--rows N] [--coverage-only]
Reads ../shared/data/real_outputs_dev.jsonl at run time (never copied into the repository).
ProcessBench rows carry ``steps``: paragraphs rated 1 (before the earliest error), -1 (the
earliest error) or null (after it); all 1 means experts marked the solution correct. Every
paragraph's lines go through ``work_lines`` and ``check_work``, exactly as ``verify_reply``
uses them, through the worker process and its time limit.

Prints the ProcessBench figures (accuracy on erroneous solutions: the first flagged line is
in the error paragraph; accuracy on correct ones: nothing flagged; their harmonic mean F1),
false alarms per 100 correct solutions, the first-flag accuracy where the checker decides a
line of the error paragraph, each false alarm (a wrong label or a checker bug, to review),
then the share of problems with an independent answer by subset and each CAS answer that differs
from the gold (a wrong gold or a reader bug, to review).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path("..") / "shared" / "data" / "real_outputs_dev.jsonl"
# Generous, so a loaded machine does not turn lines into "not checked" (the app's default is 2 s).
TIMEOUT = 10.0
# ProcessBench (Zheng et al., 2024, arXiv:2412.06559, Table 3): average F1 over its four subsets.
PUBLISHED_F1 = {
    "Math-Shepherd-PRM-7B (PRM)": 31.5,
    "Qwen2.5-Math-7B-PRM800K (PRM)": 56.5,
    "GPT-4o (critic)": 61.9,
    "QwQ-32B-Preview (critic)": 71.5,
    "o1-mini (critic)": 87.9,
}
SUBSETS = ("pb-gsm8k", "pb-math", "pb-olympiadbench", "pb-omnimath")


def load_rows() -> list[dict]:
    """Every row of the dev file; exits with a clear message when it is missing."""
    if not DATA.exists():
        sys.exit(f"{DATA} is missing: run from the repository root with the shared data beside it.")
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def judge_row(row: dict) -> tuple[int | None, int | None, bool, bool, int]:
    """The first flagged line's paragraph, the error paragraph, whether a line there was decided and flagged, lines."""
    from tutor_app.tutoring.problem import Problem
    from tutor_app.tutoring.verify import check_work, work_lines

    lines, paragraph = [], []
    for index, step in enumerate(row["steps"]):
        found = work_lines(step["text"])
        lines.extend(found)
        paragraph.extend([index] * len(found))
    ratings = [step["rating"] for step in row["steps"]]
    error = ratings.index(-1) if -1 in ratings else None
    if not lines:
        return None, error, False, False, 0
    report = check_work(Problem(transcription=row["problem"]), lines, timeout=TIMEOUT)
    first = paragraph[report.first_wrong] if report.first_wrong is not None else None
    decided = any(m.follows is not None and paragraph[m.index] == error for m in report.steps)
    flagged = any(m.follows is False and paragraph[m.index] == error for m in report.steps)
    return first, error, decided, flagged, len(lines)


def step_figures(rows: list[dict]) -> None:
    """Print the ProcessBench-style figures, per subset and overall."""
    by_subset: dict[str, Counter] = defaultdict(Counter)
    false_alarms: list[str] = []
    started = time.perf_counter()
    total_lines = 0
    for done, row in enumerate(rows, 1):
        if done % 100 == 0:
            print(f"  {done}/{len(rows)} rows", flush=True)
        first, error, decided, flagged_there, count = judge_row(row)
        total_lines += count
        tally = by_subset[row["subset"]]
        if error is None:
            tally["correct"] += 1
            tally["correct_right"] += first is None
            if first is not None:
                false_alarms.append(f"{row['id']} paragraph {first}")
        else:
            tally["erroneous"] += 1
            tally["erroneous_right"] += first == error
            tally["flagged"] += first is not None
            tally["early"] += first is not None and first < error
            tally["decided"] += decided
            tally["decided_right"] += decided and first == error
            tally["flagged_there"] += flagged_there
            tally["flagged_there_right"] += flagged_there and first == error
    elapsed = time.perf_counter() - started
    print(f"rows: {len(rows)}, lines checked: {total_lines}, {elapsed:.0f} s "
          f"({1000 * elapsed / max(total_lines, 1):.0f} ms per line, worker limit {TIMEOUT:g} s)")
    header = ("subset", "correct", "erroneous", "acc. correct", "acc. erroneous", "F1", "false alarms/100",
              "flagged", "first flag early", "decided in error para.", "first flag there")
    print(" | ".join(header))
    overall: Counter = Counter()
    for subset in sorted(by_subset):
        tally = by_subset[subset]
        overall.update(tally)
        print(_row(subset, tally))
    print(_row("all", overall))
    print(f"false alarms on expert-correct solutions: {len(false_alarms)}/{overall['correct']} "
          f"({_share(len(false_alarms), overall['correct'])}; target <= 3%)")
    print(f"first flag on the error paragraph where the checker decides a line there: "
          f"{overall['decided_right']}/{overall['decided']} ({_share(overall['decided_right'], overall['decided'])}; "
          f"target >= 60%)")
    print(f"first flag on the error paragraph where the checker flags a line there: "
          f"{overall['flagged_there_right']}/{overall['flagged_there']} "
          f"({_share(overall['flagged_there_right'], overall['flagged_there'])}; target >= 60%)")
    print(f"first flag on the error paragraph among erroneous solutions it flags: "
          f"{overall['erroneous_right']}/{overall['flagged']} ({_share(overall['erroneous_right'], overall['flagged'])})")
    for alarm in false_alarms:
        print(f"  review (flag on an expert-correct solution: label or checker): {alarm}")
    print("published ProcessBench F1, average of its four subsets (the full benchmark, not these dev rows):")
    for name, figure in PUBLISHED_F1.items():
        print(f"  {name}: {figure:.1f}")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def _row(name: str, tally: Counter) -> str:
    acc_correct = tally["correct_right"] / tally["correct"] if tally["correct"] else 0.0
    acc_error = tally["erroneous_right"] / tally["erroneous"] if tally["erroneous"] else 0.0
    f1 = 2 * acc_correct * acc_error / (acc_correct + acc_error) if acc_correct + acc_error else 0.0
    alarms = tally["correct"] - tally["correct_right"]
    return " | ".join([
        name, str(tally["correct"]), str(tally["erroneous"]), f"{100 * acc_correct:.1f}",
        f"{100 * acc_error:.1f}", f"{100 * f1:.1f}", _share(alarms, tally["correct"]),
        str(tally["flagged"]), str(tally["early"]), str(tally["decided"]),
        _share(tally["decided_right"], tally["decided"]),
    ])


def coverage(rows: list[dict]) -> None:
    """Print, by subset, how often the CAS answers and how often a second independent answer exists."""
    from tutor_app.mathcheck import check_answer, extract_final_answer, solve_with_cas
    from tutor_app.samples import list_samples

    problems: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        problems[row["subset"]][row["problem"].strip()].append(row)
    print("subset | problems | CAS answers | CAS agrees with gold | second solution in the data | "
          "two solutions agree | agreeing pairs right | independent answer (CAS or second)")
    # Each CAS answer that is not the gold: a wrong gold or a reader bug, listed to be reviewed.
    differ: list[str] = []
    for subset in sorted(problems):
        tally: Counter = Counter()
        for problem, outputs in problems[subset].items():
            tally["problems"] += 1
            gold = outputs[0].get("gold")
            solved = solve_with_cas(problem, timeout=TIMEOUT)
            if solved is not None:
                tally["cas"] += 1
                agrees = bool(gold) and check_answer(gold, solved.answer, timeout=TIMEOUT).equivalent is True
                tally["cas_right"] += agrees
                if gold and not agrees:
                    differ.append(f"  {outputs[0]['id']}: CAS {solved.answer} | gold {gold}")
            answers = [a for a in (extract_final_answer(o["output"]) for o in outputs[:2]) if a]
            if len(answers) >= 2:
                # A second sampled solution to the same problem stands in for the app's separate request.
                tally["second"] += 1
                agree = check_answer(answers[0], answers[1], timeout=TIMEOUT).equivalent is True
                tally["agree"] += agree
                tally["agree_right"] += agree and bool(gold) and check_answer(
                    gold, answers[0], timeout=TIMEOUT).equivalent is True
            tally["independent"] += solved is not None or len(answers) >= 2
        print(" | ".join([subset, str(tally["problems"]), _share(tally["cas"], tally["problems"]),
                          _share(tally["cas_right"], tally["cas"]), _share(tally["second"], tally["problems"]),
                          _share(tally["agree"], tally["second"]), _share(tally["agree_right"], tally["agree"]),
                          _share(tally["independent"], tally["problems"])]))
    print("CAS answers that differ from the gold (a wrong gold or a reader bug):", *differ, sep="\n")
    samples = list_samples()
    by_cas = [s.id for s in samples if solve_with_cas(s.cas_problem or s.transcription, timeout=TIMEOUT)]
    right = [s.id for s in samples if s.id in by_cas and check_answer(
        s.answer, solve_with_cas(s.cas_problem or s.transcription, timeout=TIMEOUT).answer,
        timeout=TIMEOUT).equivalent is True]
    print(f"sample problems: {len(samples)}; CAS answers {len(by_cas)} ({len(right)} equal to the sample's answer); "
          f"the other {len(samples) - len(by_cas)} ({', '.join(s.id for s in samples if s.id not in by_cas)}) "
          "get the second, answer-only model solution; independent answer: 100% whenever a model is loaded")


def main() -> int:
    """Run the step figures (optionally on a random sample of rows) and the coverage table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=0, help="check a random sample of this many ProcessBench rows")
    parser.add_argument("--coverage-only", action="store_true", help="skip the step figures")
    args = parser.parse_args()
    from tutor_app.mathcheck import warm_up

    warm_up()
    rows = load_rows()
    labelled = [r for r in rows if r.get("steps") and r["subset"] in SUBSETS]
    if args.rows:
        labelled = random.Random(0).sample(labelled, min(args.rows, len(labelled)))
    if not args.coverage_only:
        step_figures(labelled)
    coverage(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
