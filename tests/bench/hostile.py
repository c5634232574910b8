"""Hostile inputs (PDF page bombs, ZIP floods, huge files, bad config): time and peak memory of each.

Each case runs in its own process, so its peak resident memory is its own. The
baseline is the same process doing nothing hostile: importing the modules and
reading one ordinary A4 PDF page.

Run: .venv/bin/python -m tests.bench.hostile
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

# name -> (make the hostile file in a folder, feed it to the app's code and say what happened)
CASES: dict[str, tuple[Callable[[Path], None], Callable[[Path], str]]] = {}


def _pdf(width_pt: float, height_pt: float) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.new_page(width_pt, height_pt)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def _write_pdf(width_pt: float, height_pt: float) -> Callable[[Path], None]:
    return lambda folder: (folder / "ana_scan.pdf").write_bytes(_pdf(width_pt, height_pt))


def _sparse(folder: Path) -> None:
    with (folder / "ana_page1.jpg").open("wb") as handle:
        handle.truncate(2 * 2**30)


def _png_16_bit(folder: Path) -> None:
    from PIL import Image

    Image.new("I;16", (8000, 8000)).save(folder / "ana_page1.png")


def _zip(members: dict[str, bytes]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        with zipfile.ZipFile(folder / "class.zip", "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)

    return make


def _config(text: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / "config.toml").write_bytes(text)


def _load(folder: Path) -> str:
    from tutor_app.config import load_settings
    from tutor_app.errors import TutorError
    from tutor_app.grading.pages import load_pages

    path = next(p for p in folder.iterdir() if p.name.startswith("ana_"))
    try:
        pages = load_pages(path, load_settings())
    except TutorError as exc:
        return f"{path.stat().st_size:,} bytes: refused: {exc}"
    return f"{path.stat().st_size:,} bytes: read {len(pages)} page(s), {sum(len(p) for p in pages) // 1024} KB prepared"


def _unpack(folder: Path) -> str:
    from tutor_app.errors import GradingError
    from tutor_app.grading.roster import unpack_zip

    archive = folder / "class.zip"
    try:
        unpack_zip(archive, folder / "uploads", max_bytes=200 * 2**20)
    except GradingError as exc:
        return f"{archive.stat().st_size:,} bytes: refused: {exc}"
    return f"{archive.stat().st_size:,} bytes: unpacked"


def _settings(folder: Path) -> str:
    from tutor_app.config import load_settings
    from tutor_app.errors import ConfigError

    os.environ["TUTOR_CONFIG"] = str(folder / "config.toml")
    try:
        load_settings()
    except ConfigError as exc:
        return f"refused: {exc}"
    return "accepted"


CASES.update(
    baseline_a4_pdf=(_write_pdf(595, 842), _load),
    pdf_page_14400pt=(_write_pdf(14400, 14400), _load),
    pdf_page_100_inch=(_write_pdf(7200, 7200), _load),
    file_of_2_gb=(_sparse, _load),
    png_16_bit_8000px=(_png_16_bit, _load),
    zip_of_100000_entries=(_zip({f"e{n}.jpg": b"" for n in range(100_000)}), _unpack),
    zip_with_drive_name=(_zip({"ana_1.jpg": b"a", "C:x.jpg": b"x"}), _unpack),
    config_with_bad_value=(_config(b'tts_rate = "fast"\nrequests_per_minute = -1\n'), _settings),
    config_not_toml=(_config(b"\xff\xfe[[[" + b"=" * 100_000), _settings),
)


def _child(name: str, folder: Path) -> None:
    """Feed one prepared case to the app's code in this process; print its time and outcome."""
    import tutor_app.grading.pages  # noqa: F401 - imported before timing, as in a running app
    import tutor_app.grading.roster  # noqa: F401

    os.environ["TUTOR_DATA_DIR"] = str(folder / "data")
    os.environ["TUTOR_CONFIG"] = str(folder / "none.toml")
    started = time.perf_counter()
    outcome = CASES[name][1](folder)
    print(f"{time.perf_counter() - started:.3f}\t{outcome}")


def _run(name: str) -> tuple[float, float, str]:
    """Seconds, peak resident MB and outcome of one case, fed in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        # Made in a process of its own: a child's peak memory counts the parent's at the fork.
        subprocess.run([sys.executable, "-m", "tests.bench.hostile", "--make", name, tmp], check=True)
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.bench.hostile", "--case", name, tmp], stdout=subprocess.PIPE, text=True
        )
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024
    if process.returncode != 0:
        return 0.0, peak, f"FAILED with exit code {process.returncode}"
    seconds, outcome = output.strip().split("\t", 1)
    return float(seconds), peak, outcome


def main() -> None:
    """Run every case and print a table: time, peak memory, increase over the baseline, outcome."""
    results = {name: _run(name) for name in CASES}
    base_s, base_mb, _ = results["baseline_a4_pdf"]
    print(f"{'case':<24} {'seconds':>8} {'peak MB':>8} {'vs base':>8}  outcome")
    for name, (seconds, peak, outcome) in results.items():
        print(f"{name:<24} {seconds:>8.3f} {peak:>8.0f} {peak - base_mb:>+8.0f}  {outcome[:150]}")
    worst = max(peak for _, peak, _ in results.values())
    print(f"largest peak {worst:.0f} MB, {worst / base_mb:.2f}x the baseline's {base_mb:.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make"]:
        CASES[sys.argv[2]][0](Path(sys.argv[3]))
    elif sys.argv[1:2] == ["--case"]:
        _child(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
