"""The answer checker on real model solutions, side by side with Math-Verify in the same run.

Run: .venv/bin/python -m tests.bench.real_outputs [--every K]
Reads ../shared/data/real_outputs_dev.jsonl (beside the repository root; never copied into it).
For every row, ours is ``extract_final_answer(output)`` then ``check_answer(gold, answer, question=problem)``
through the worker process (a solution that states no answer counts as not right); Math-Verify
is ``verify(parse(gold), parse(output))``. Prints
agreement with the labels, false "equivalent", false "wrong", undecided and latency, by
subset and by model family, and ends with the rows whose label looks wrong, then the same figures against
the hand-audited labels of ``real_outputs_audit.tsv`` (beside this file) when it is there.
``--every K`` takes every K-th row, for a quick look while developing.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real_outputs_dev.jsonl"
AUDIT = Path(__file__).with_name("real_outputs_audit.tsv")
AUDIT_VERDICTS = ("label_wrong", "label_right", "unclear")
TARGET_AGREEMENT = 0.98
TARGET_UNDECIDED = 0.02
TARGET_P99_MS = 50.0


# Marks of a gold the data source damaged (its letters stripped or its sentence squeezed together), which
# no checker should try to read: an empty group where a value was (``\frac{}{3b}``, ``e^{-}``, ``{v}()``),
# an operator with nothing on one side, a function without its argument (``\sin+``), a backslash left
# before a digit (``\2\sqrt{6}``, once ``\pm``), a label lost before its colon (``, :(-45, -20)``), a
# command run into the next word (``\quady``), a sentence begun with no space after the last
# (``(5,0,-1).Wehave``), or a sentence with no spaces left in it.
_DAMAGED = re.compile(
    r"[\^_]\{\s*\}|\\[dt]?frac\{\s*\}|\}\{\s*\}|(?:^|[=,;(])\{\s*\}\s*[=(]|\(\s*\)"
    r"|[-+*/^=]\s*[)\]}]|,\s*[)\]=]|^\s*[=^]|[-+*/^=]\s*$|(?:[{(\[]|\\l(?:floor|ceil))\s*[/*^]"
    r"|\\(?:sin|cos|tan|ln|log)\s*(?=[-+)=,;}]|$)|(?<!\\)\\(?:\d|i(?![A-Za-z])|\\(?:sqrt|frac|pi))"
    r"|[,;(]\s*:|\\q?quad[A-Za-z]|[.\])][A-Z][a-z]{2,}"
)
# Words run together: 15 letters or more, or 9 and more beside other writing ("Solutionis:[w=15, ...]").
_SQUEEZED = re.compile(r"(?<![\\{A-Za-z])[A-Za-z]{9,}")


def damaged(gold: str) -> bool:
    """Whether a gold answer bears the marks of damage in the data source (see _DAMAGED, _SQUEEZED)."""
    if _DAMAGED.search(gold):
        return True
    run = _SQUEEZED.search(gold)
    return bool(run) and not re.search(r"\s", gold) and (len(run.group()) >= 15 or run.group() != gold)


@dataclass
class Row:
    """One labelled solution and what each checker made of it."""

    id: str
    subset: str
    family: str
    gold: str
    output: str
    label: bool
    problem: str = ""
    answer: str | None = None
    ours: bool | None = None
    reason: str = ""
    ours_ms: float = 0.0
    mv: bool = False
    mv_found: bool = False
    mv_answer: str = ""
    mv_ms: float = 0.0


def family(model: str) -> str:
    """The model family: ``Qwen2.5-Math-72B-Instruct`` -> ``Qwen2.5-Math``."""
    m = re.match(r"(?:Meta-)?([A-Za-z]+-?[\d.]*(?:-Math)?)", model)
    return m.group(1).rstrip("-") if m else model


def load(every: int) -> list[Row]:
    """The labelled rows of the data file."""
    rows = []
    with DATA.open(encoding="utf-8") as handle:
        for k, line in enumerate(handle):
            if k % every:
                continue
            data = json.loads(line)
            if data.get("label") is None:
                continue
            rows.append(Row(str(data["id"]), data["subset"], family(data["model"]), str(data["gold"]),
                            data["output"], bool(data["label"]), str(data.get("problem") or "")))
    return rows


def run_ours(rows: list[Row]) -> None:
    """Our extraction and check on every row, timed together."""
    from tutor_app.mathcheck import check_answer, extract_final_answer, warm_up

    warm_up()
    for row in rows:
        start = time.perf_counter()
        row.answer = extract_final_answer(row.output)
        if row.answer is None:
            # A solution that states no final answer has no right final answer: the label's meaning,
            # and how Math-Verify counts it too. Such rows are listed apart as "no answer found".
            row.ours, row.reason = False, "no final answer found"
        else:
            verdict = check_answer(row.gold, row.answer, question=row.problem)
            row.ours, row.reason = verdict.equivalent, verdict.reason
        row.ours_ms = (time.perf_counter() - start) * 1000


def run_math_verify(rows: list[Row]) -> None:
    """Math-Verify's verdict on every row, as its README uses it: gold in $...$, the whole output."""
    from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse, verify

    # Math-Verify logs every parse that runs past its own time limit, with the whole text.
    logging.getLogger("math_verify").setLevel(logging.CRITICAL)
    configs = [LatexExtractionConfig(), ExprExtractionConfig()]
    for row in rows:
        start = time.perf_counter()
        try:
            found = parse(row.output, extraction_config=configs)
            row.mv_found = bool(found)
            row.mv_answer = str(found[-1]) if found else ""
            row.mv = bool(verify(parse(f"${row.gold}$", extraction_config=configs), found))
        except Exception:  # noqa: BLE001 - any failure counts as Math-Verify saying "wrong"
            row.mv = False
        row.mv_ms = (time.perf_counter() - start) * 1000


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def _figures(rows: list[Row], verdict: str) -> tuple[int, int, int, int]:
    """Agreeing rows, false "equivalent", false "wrong" and undecided rows, for ours or mv."""
    values = [getattr(row, verdict) for row in rows]
    agree = sum(v is row.label for v, row in zip(values, rows))
    false_eq = sum(v is True and not row.label for v, row in zip(values, rows))
    false_wrong = sum(v is False and row.label for v, row in zip(values, rows))
    return agree, false_eq, false_wrong, sum(v is None for v in values)


def _table(title: str, groups: dict[str, list[Row]]) -> None:
    print(f"\n{title:24} {'rows':>5}  {'ours':>6} {'M-V':>6}  {'ours false eq/wrong/undec':>25}  {'M-V false eq/wrong':>18}")
    for name, rows in sorted(groups.items()):
        ours = _figures(rows, "ours")
        mv = _figures(rows, "mv")
        print(f"{name[:24]:24} {len(rows):5}  {ours[0] / len(rows):6.1%} {mv[0] / len(rows):6.1%}  "
              f"{ours[1]:>11}/{ours[2]}/{ours[3]:<8}  {mv[1]:>14}/{mv[2]}")


def _suspects(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Rows whose label looks wrong: both checkers read an answer and agree with each other against
    the label; or the label says wrong while the answer is exactly the gold's value (a grader that
    could not read the notation, such as e-notation)."""
    both = [row for row in rows if row.ours is not None and row.ours == row.mv and row.ours is not row.label]
    exact = [row for row in rows if not row.label and row.ours and not row.mv
             and row.reason in ("The values are equal.", "The same solutions.", "The same tuples.")]
    return both, exact


def read_audit(path: Path) -> dict[str, str]:
    """The hand audit of disputed rows: row id -> label_wrong, label_right or unclear."""
    audit = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or not line.strip() or fields[0] == "id":
            continue
        if len(fields) < 2 or fields[1] not in AUDIT_VERDICTS:
            raise ValueError(f"{path.name}: {line[:60]!r} needs an id and one of {', '.join(AUDIT_VERDICTS)}")
        audit[fields[0]] = fields[1]
    return audit


def audited(rows: list[Row], audit: dict[str, str]) -> tuple[list[Row], int]:
    """The rows with the label flipped where the audit says label_wrong and without the unclear ones,
    and how many unclear rows were left out."""
    kept = [replace(row, label=not row.label) if audit.get(row.id) == "label_wrong" else row
            for row in rows if audit.get(row.id) != "unclear"]
    return kept, len(rows) - len(kept)


def _audited_report(rows: list[Row]) -> None:
    """The headline figures against the hand-audited labels, beside (never instead of) the raw ones."""
    if not AUDIT.exists():
        print(f"\nno hand audit of the labels ({AUDIT} is not there): no audited figures")
        return
    audit = read_audit(AUDIT)
    disputed = [row for row in rows if row.ours is not row.label or row.mv is not row.label]
    done = sum(row.id in audit for row in disputed)
    kept, unclear = audited(rows, audit)
    flipped = sum(audit.get(row.id) == "label_wrong" for row in rows)
    print(f"\nagainst the hand-audited labels ({AUDIT.name}): {done} of the {len(disputed)} rows where a "
          f"checker disagrees with the label audited; {flipped} labels flipped, {unclear} unclear rows left out")
    ours, mv = _figures(kept, "ours"), _figures(kept, "mv")
    print(f"{'':28} {'ours':>16} {'Math-Verify':>16}")
    print(f"{'agreement with audited label':28} {ours[0]:>7} ({ours[0] / len(kept):6.1%}) "
          f"{mv[0]:>7} ({mv[0] / len(kept):6.1%})")
    print(f"{'false equivalent':28} {ours[1]:>16} {mv[1]:>16}")
    print(f"{'false wrong':28} {ours[2]:>16} {mv[2]:>16}")
    print("the targets above are judged on the raw labels")
    misjudged = [row for row in kept if row.id in audit and row.ours is not row.label]
    print(f"audited rows where ours disagrees with the audited label ({len(misjudged)}):")
    for row in misjudged:
        print(f"  {row.id} [{row.subset}] {'undecided' if row.ours is None else f'ours={row.ours}'} "
              f"audited label={row.label} answer={(row.answer or '')[:40]!r}")


def report(rows: list[Row]) -> bool:
    """Print every table; True when every target is met."""
    n = len(rows)
    ours, mv = _figures(rows, "ours"), _figures(rows, "mv")
    stated = [row for row in rows if row.answer is not None or row.mv_found]
    undecided_stated = sum(row.ours is None for row in stated)
    latencies = [row.ours_ms for row in rows]
    mv_latencies = [row.mv_ms for row in rows]
    print(f"rows: {n} labelled ({sum(r.label for r in rows)} correct, {sum(not r.label for r in rows)} wrong)")
    print(f"{'':28} {'ours':>16} {'Math-Verify':>16}")
    print(f"{'agreement with the label':28} {ours[0]:>7} ({ours[0] / n:6.1%}) {mv[0]:>7} ({mv[0] / n:6.1%})")
    print(f"{'false equivalent':28} {ours[1]:>16} {mv[1]:>16}")
    print(f"{'false wrong':28} {ours[2]:>16} {mv[2]:>16}")
    print(f"{'undecided':28} {ours[3]:>16} {'(never)':>16}")
    print(f"{'no answer found':28} {sum(r.answer is None for r in rows):>16} {sum(not r.mv_found for r in rows):>16}")
    print(f"{'latency p50 (ms)':28} {_percentile(latencies, 0.5):>16.2f} {_percentile(mv_latencies, 0.5):>16.2f}")
    print(f"{'latency p99 (ms)':28} {_percentile(latencies, 0.99):>16.2f} {_percentile(mv_latencies, 0.99):>16.2f}")
    decided = [row for row in rows if row.ours is not None]
    if decided:
        right = sum(row.ours is row.label for row in decided)
        mv_right = sum(row.mv is row.label for row in decided)
        print(f"on the {len(decided)} rows ours decides: ours {right / len(decided):.1%}, "
              f"Math-Verify {mv_right / len(decided):.1%}")
    print(f"undecided among the {len(stated)} rows that state an answer (either checker finds one): "
          f"{undecided_stated} ({undecided_stated / max(1, len(stated)):.1%})")
    by_subset: dict[str, list[Row]] = defaultdict(list)
    by_family: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_subset[row.subset].append(row)
        by_family[row.family].append(row)
    _table("subset", by_subset)
    _table("model family", by_family)
    both, exact = _suspects(rows)
    print(f"\nsuspected mislabelled rows ({len(both) + len(exact)}); the figures above still count them "
          "against both checkers")
    print(f"  {len(both)} where both checkers read an answer and agree with each other, against the label:")
    for row in both:
        print(f"  {row.id} [{row.subset}] label={row.label} gold={row.gold[:40]!r} "
              f"answer={(row.answer or '')[:40]!r} ({row.reason[:60]})")
    print(f"  {len(exact)} labelled wrong whose answer is exactly the gold's value (Math-Verify could not read it):")
    for row in exact:
        print(f"  {row.id} [{row.subset}] gold={row.gold[:40]!r} answer={(row.answer or '')[:40]!r}")
    suspected = {row.id for row in both + exact}
    clean = [row for row in rows if row.id not in suspected]
    print(f"agreement on the other {len(clean)} rows: ours {_figures(clean, 'ours')[0] / len(clean):.1%}, "
          f"Math-Verify {_figures(clean, 'mv')[0] / len(clean):.1%}; false equivalent there: "
          f"ours {_figures(clean, 'ours')[1]}, Math-Verify {_figures(clean, 'mv')[1]}")
    broken = [row for row in rows if damaged(row.gold)]
    kept = [row for row in stated if not damaged(row.gold)]
    undecided_kept = sum(row.ours is None for row in kept)
    print(f"\nexpected answer corrupted in the source (letters stripped, sentences squeezed): {len(broken)} rows, "
          f"{sum(row.ours is None for row in broken)} of them undecided; their labels still count above")
    for row in broken:
        print(f"  {row.id} [{row.subset}] {'undecided' if row.ours is None else 'decided'} gold={row.gold[:50]!r}")
    print(f"undecided among the {len(kept)} rows that state an answer, without those: {undecided_kept} "
          f"({undecided_kept / max(1, len(kept)):.1%})")
    unread_ref = sum(row.ours is None and row.reason.startswith("Could not read the expected answer") for row in stated)
    unread_ans = sum(row.ours is None and row.reason.startswith("Could not read the answer") for row in stated)
    print(f"undecided rows by cause: the expected answer could not be read {unread_ref}, the answer could not "
          f"be read {unread_ans}, both read but not compared {undecided_stated - unread_ref - unread_ans}")
    met = {
        f"agreement >= {TARGET_AGREEMENT:.0%}": ours[0] >= TARGET_AGREEMENT * n,
        "agreement above Math-Verify": ours[0] > mv[0],
        "false equivalent <= Math-Verify": ours[1] <= mv[1],
        f"undecided <= {TARGET_UNDECIDED:.0%} of rows stating an answer":
            undecided_stated <= TARGET_UNDECIDED * len(stated),
        f"p99 <= {TARGET_P99_MS:g} ms": _percentile(latencies, 0.99) <= TARGET_P99_MS,
    }
    print()
    for name, ok in met.items():
        print(f"target {name}: {'met' if ok else 'NOT met'}")
    _audited_report(rows)
    return all(met.values())


def main(argv: list[str]) -> int:
    """Run both checkers on the data file and print the report; exit 1 when a target is missed."""
    every = int(argv[argv.index("--every") + 1]) if "--every" in argv else 1
    if not DATA.exists():
        print(f"The data file {DATA} is not there: this benchmark needs the shared real-outputs set "
              "beside the repository root (../shared/data/). Nothing was measured.")
        return 1
    rows = load(every)
    print(f"data: {DATA} ({len(rows)} rows{f', every {every}th' if every > 1 else ''})")
    run_ours(rows)
    try:
        run_math_verify(rows)
    except ImportError:
        print("math-verify is not installed (pip install -e '.[dev]'); no comparison")
        return 1
    return 0 if report(rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
