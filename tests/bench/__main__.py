"""Run every benchmark in this folder, one process each: `python -m tests.bench [NAME...]`."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path


def main(names: list[str]) -> int:
    """Run the named benchmarks (all when none are named); returns the worst exit code."""
    folder = str(Path(__file__).parent)
    available = sorted(m.name for m in pkgutil.iter_modules([folder]) if not m.name.startswith("_"))
    chosen = names or available
    unknown = sorted(set(chosen) - set(available))
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available)}", file=sys.stderr)
        return 2
    worst = 0
    for name in chosen:
        print(f"== {name}", flush=True)
        worst = max(worst, subprocess.call([sys.executable, "-m", f"tests.bench.{name}"]))
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
