"""Speed figures: saved `tutor bench` results, the hardware estimate, and the recommendation built on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor_app.config import load_settings
from tutor_app.measure.speed import (
    BenchResult,
    Speed,
    load_results,
    machine_speed,
    results_path,
    rounded_seconds,
    save_result,
)
from tutor_app.model.catalogue import find_entry, recommend, sensible_choices
from tutor_app.model.hardware import Hardware


def machine(ram: float, cores: int, offload: bool = False, vram: float | None = None) -> Hardware:
    return Hardware(ram, ram / 2, cores, offload, vram, "GPU" if vram else None, "Linux x86_64")


def result(model: str = "m.gguf", **figures) -> BenchResult:
    return BenchResult(model, "local", "test machine", "2026-01-01T00:00:00+00:00", **figures)


@pytest.mark.parametrize(
    ("hardware", "label"),
    [
        # The laptop: 16 GB but 2 cores and no GPU. 8B would take minutes per answer.
        (machine(16, 2), "2B Q4_K_M (mmproj F16)"),
        (machine(16, 8), "4B Q4_K_M (mmproj F16)"),
        (machine(64, 16), "4B Q4_K_M (mmproj F16)"),
        (machine(8, 8), "2B Q4_K_M (mmproj F16)"),
        (machine(4, 8), "2B Q4_K_M (mmproj Q8_0)"),
        # Apple silicon: GPU offload through shared memory.
        (machine(16, 8, offload=True), "8B Q4_K_M (mmproj F16)"),
        (machine(16, 8, offload=True, vram=8), "4B Q4_K_M (mmproj F16)"),
        (machine(16, 8, offload=True, vram=24), "8B Q8_0 (mmproj F16)"),
        # An NVIDIA card this llama.cpp build cannot use counts for nothing.
        (machine(8, 4, offload=False, vram=24), "2B Q4_K_M (mmproj F16)"),
    ],
)
def test_recommendation_weighs_cores_and_gpu_not_just_memory(hardware: Hardware, label: str) -> None:
    assert recommend(hardware).label == label


def test_reason_says_the_wait_in_words() -> None:
    advice = recommend(machine(16, 8))
    assert advice.reason == (
        "16.0 GB of RAM, 8 CPU cores (no GPU offload), 13.5 GB usable: 4B Q4_K_M (mmproj F16) needs "
        "about 7.1 GB and takes about 35 s for a typical answer (estimated; `tutor bench` measures it)."
    )
    assert round(advice.answer_seconds) == 36


def test_nothing_quick_enough_gives_the_quickest_that_fits() -> None:
    advice = recommend(machine(16, 2))
    assert advice.reason.endswith(
        "and takes about 60 s for a typical answer (estimated; `tutor bench` measures it), "
        "the quickest choice that fits."
    )


def test_a_measurement_overrides_the_estimate() -> None:
    # A 2-core laptop that measured 8B Q4_K_M at 12 tokens/s (a fast memory bus) may run the 8B.
    measured = result(model_gb=5.03, prompt_tokens_per_s=150.0, generation_tokens_per_s=12.0)
    hardware = machine(16, 2)
    speed = machine_speed(hardware, [measured])
    assert speed == Speed(12.0 * 5.03, 150.0 * 5.03, measured=True)
    advice = recommend(hardware, speed)
    assert advice.label == "8B Q4_K_M (mmproj F16)"
    assert "takes about 40 s for a typical answer (measured by `tutor bench`)" in advice.reason


def test_tiny_and_server_measurements_do_not_calibrate_the_machine() -> None:
    tiny = result(model_gb=0.01, prompt_tokens_per_s=5000.0, generation_tokens_per_s=900.0)
    server = BenchResult("qwen3-vl", "openai", "m", "t", model_gb=None, prompt_tokens_per_s=1.0,
                         generation_tokens_per_s=1.0)
    assert machine_speed(machine(16, 2), [tiny, server]).measured is False


@pytest.mark.parametrize(
    ("seconds", "words"), [(0.2, 1), (4.4, 4), (12, 10), (37.6, 40), (59, 60), (61, 60), (127, 130)]
)
def test_rounded_seconds(seconds: float, words: int) -> None:
    assert rounded_seconds(seconds) == words


def test_typical_answer_from_measured_figures() -> None:
    figures = result(vision_seconds=4.0, prompt_tokens_per_s=100.0, generation_tokens_per_s=10.0)
    assert figures.answer_seconds() == 4.0 + 3.0 + 40.0
    assert result(prompt_tokens_per_s=100.0).answer_seconds() is None


def test_results_are_saved_newest_first_one_per_model(data_dir: Path) -> None:
    settings = load_settings()
    assert load_results(settings) == []
    save_result(settings, result("a.gguf", load_seconds=1.0, concurrent_tokens_per_s={2: 5.0}))
    save_result(settings, result("b.gguf", load_seconds=2.0))
    save_result(settings, result("a.gguf", load_seconds=3.0))
    saved = load_results(settings)
    assert [(r.model, r.load_seconds) for r in saved] == [("a.gguf", 3.0), ("b.gguf", 2.0)]
    assert results_path(settings) == data_dir / "bench.json"
    assert json.loads(results_path(settings).read_text())[1]["model"] == "b.gguf"


def test_a_damaged_results_file_counts_as_no_measurement(data_dir: Path) -> None:
    (data_dir / "bench.json").write_text("[{", encoding="utf-8")
    assert load_results(load_settings()) == []


def test_sensible_choices_put_the_recommendation_first() -> None:
    sensible = ["2B Q4_K_M (mmproj F16)", "4B Q4_K_M (mmproj F16)", "8B Q4_K_M (mmproj F16)", "8B Q8_0 (mmproj F16)"]
    advice = recommend(machine(16, 8, offload=True, vram=11))
    assert advice == find_entry("8B", "Q4_K_M", "F16")
    assert [e.label for e in sensible_choices(advice)] == [advice.label] + [s for s in sensible if s != advice.label]
    # A recommendation outside the usual four is shown first, before them.
    advice = recommend(machine(16, 8, offload=True, vram=9))
    assert [e.label for e in sensible_choices(advice)] == ["8B Q4_K_M (mmproj Q8_0)", *sensible]
