"""The answer checker on the case table, side by side with Math-Verify in the same run.

Run: .venv/bin/python -m tests.bench.mathcheck
Prints accuracy, false-"equivalent" count and latency (p50, p99) of ``check_answer``
through its worker process, then the same table through Math-Verify.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter

from tests.unit.test_mathcheck_cases import CASES, Case

EXPECTED = {"eq": True, "ne": False, "form": False, "undecided": None}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_ours() -> tuple[list[bool | None], list[float], list[str]]:
    """Our verdict for every case, the latency of each call in ms, and each kind."""
    from tutor_app.mathcheck import check_answer, warm_up

    warm_up()
    results, latencies, kinds = [], [], []
    for case in CASES:
        start = time.perf_counter()
        verdict = check_answer(case.reference, case.answer, **case.options)
        latencies.append((time.perf_counter() - start) * 1000)
        results.append(verdict.equivalent)
        kinds.append(verdict.kind)
    return results, latencies, kinds


def _mv_parse(text: str) -> list:
    from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse

    parsed = parse(f"${text}$", extraction_config=[LatexExtractionConfig()])
    return parsed or parse(text, extraction_config=[ExprExtractionConfig()])


def run_math_verify(cases: list[Case]) -> tuple[list[bool], list[float]]:
    """Math-Verify's verdict (True/False) for each case, and latency in ms."""
    from math_verify import verify

    results, latencies = [], []
    for case in cases:
        start = time.perf_counter()
        try:
            verdict = bool(verify(_mv_parse(case.reference), _mv_parse(case.answer)))
        except Exception:  # noqa: BLE001 - any failure counts as Math-Verify saying "wrong"
            verdict = False
        latencies.append((time.perf_counter() - start) * 1000)
        results.append(verdict)
    return results, latencies


def main() -> int:
    """Print the comparison table; exit 1 if we give any false "equivalent"."""
    ours, latencies, kinds = run_ours()
    expected = [EXPECTED[c.expect] for c in CASES]
    kind_right = sum(k == c.kind for k, c in zip(kinds, CASES))
    agree = sum(o == e for o, e in zip(ours, expected))
    false_eq = [c for o, c in zip(ours, CASES) if o is True and c.expect != "eq"]
    false_wrong = sum(o is False and e is not False for o, e in zip(ours, expected))
    print(f"cases: {len(CASES)} ({Counter(c.expect for c in CASES)})")
    print(f"ours: agreement {agree}/{len(CASES)} ({agree / len(CASES):.1%}), verdict kind right "
          f"{kind_right}/{len(CASES)}, false 'equivalent' {len(false_eq)}, false 'wrong' {false_wrong}")
    print(f"ours: latency p50 {_percentile(latencies, 0.5):.2f} ms, p99 {_percentile(latencies, 0.99):.2f} ms, "
          f"max {max(latencies):.2f} ms, mean {statistics.mean(latencies):.2f} ms")
    slowest = sorted(zip(latencies, CASES), key=lambda pair: pair[0], reverse=True)[:3]
    for ms, case in slowest:
        print(f"  slow: {ms:.0f} ms  {case.category}: {case.reference[:30]!r} vs {case.answer[:30]!r}")
    # Math-Verify hands text to SymPy's own parser, so the hostile rows are not given to it.
    safe = [c for c in CASES if c.category != "hostile"]
    safe_ours = [o for o, c in zip(ours, CASES) if c.category != "hostile"]
    safe_expected = [EXPECTED[c.expect] for c in safe]
    try:
        mv, mv_latencies = run_math_verify(safe)
    except ImportError:
        print("math-verify is not installed (pip install -e '.[dev]'); no comparison")
        return 1 if false_eq else 0
    mv_agree = sum(m == e for m, e in zip(mv, safe_expected))
    mv_false_eq = sum(m is True and e is not True for m, e in zip(mv, safe_expected))
    mv_false_wrong = sum(m is False and e is not False for m, e in zip(mv, safe_expected))
    our_agree = sum(o == e for o, e in zip(safe_ours, safe_expected))
    print(f"non-hostile rows: {len(safe)}")
    print(f"  ours:        agreement {our_agree}/{len(safe)} ({our_agree / len(safe):.1%})")
    print(f"  Math-Verify: agreement {mv_agree}/{len(safe)} ({mv_agree / len(safe):.1%}), false "
          f"'equivalent' {mv_false_eq}, false 'wrong' {mv_false_wrong}, latency p50 "
          f"{_percentile(mv_latencies, 0.5):.2f} ms, p99 {_percentile(mv_latencies, 0.99):.2f} ms")
    by_category: dict[str, list[int]] = {}
    for c, o, m in zip(safe, safe_ours, mv):
        row = by_category.setdefault(c.category, [0, 0, 0])
        row[0] += 1
        row[1] += o == EXPECTED[c.expect]
        row[2] += m == EXPECTED[c.expect]
    print("  category        rows  ours  Math-Verify")
    for name, (n, a, b) in by_category.items():
        print(f"  {name:15} {n:4} {a:5} {b:6}")
    for case in false_eq:
        print(f"FALSE EQUIVALENT: {case}")
    return 1 if false_eq else 0


if __name__ == "__main__":
    sys.exit(main())
