"""Read-aloud speed with the real engine: real-time factor and time to the first audio.

`python -m tests.bench.speech`. Targets: at least 20x real time, first chunk of a
ten-step explanation within 1 s. The baseline is the whole explanation in one
WAV, measured in the same run.
"""

from __future__ import annotations

import statistics
import time

from tutor_app.speech import synthesize, synthesize_chunks, tts, wav_seconds

RUNS = 5
STEPS_EN = " ".join(
    f"Step {i}: multiply both sides of $x^{i} + \\frac{{1}}{{{i + 1}}} = {i}$ by ${i + 1}$, "
    f"then take the square root, $\\sqrt{{x}} \\le {i}$."
    for i in range(1, 11)
)
STEPS_ZH = "".join(
    f"第{i}步：把 $x^{i} + \\frac{{1}}{{{i + 1}}} = {i}$ 两边同乘以 ${i + 1}$，再开平方，$\\sqrt{{x}} \\le {i}$。"
    for i in range(1, 11)
)


def _fresh(cold: bool) -> None:
    """Forget cached audio; with ``cold`` also stop the worker so it must start again."""
    tts._render.cache_clear()
    if cold and tts._worker is not None:
        tts._worker.stop()
        tts._voices.cache_clear()


def _timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    """Print real-time factors and first-chunk latencies (median of RUNS)."""
    synthesize("warm up", "en")
    for lang, text in (("en", STEPS_EN), ("zh", STEPS_ZH)):
        whole, rtf, first_warm, first_cold = [], [], [], []
        for _ in range(RUNS):
            _fresh(cold=False)
            seconds, data = _timed(lambda: synthesize(text, lang))
            whole.append(seconds)
            rtf.append(wav_seconds(data) / seconds)
            _fresh(cold=False)
            first_warm.append(_timed(lambda: next(synthesize_chunks(text, lang)))[0])
            _fresh(cold=True)
            first_cold.append(_timed(lambda: next(synthesize_chunks(text, lang)))[0])
        audio = wav_seconds(synthesize(text, lang))
        print(f"[{lang}] ten-step explanation: {len(text)} chars, {audio:.1f} s of audio")
        print(f"[{lang}] real-time factor (whole text): {statistics.median(rtf):.0f}x (target >= 20x)")
        print(f"[{lang}] baseline, whole text in one WAV: {statistics.median(whole) * 1000:.0f} ms")
        warm, cold = statistics.median(first_warm), statistics.median(first_cold)
        print(
            f"[{lang}] first chunk, engine running: {warm * 1000:.0f} ms "
            f"({statistics.median(whole) / warm:.1f}x sooner than the baseline; target <= 1000 ms)"
        )
        print(f"[{lang}] first chunk, engine started cold: {cold * 1000:.0f} ms (target <= 1000 ms)")


if __name__ == "__main__":
    main()
