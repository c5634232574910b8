"""The model catalogue, its hardware advice and hardware detection."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

from tutor_app.errors import ModelNotFoundError
from tutor_app.model.catalogue import CATALOGUE, find_entry, manual_steps, recommend
from tutor_app.measure.speed import Speed
from tutor_app.model.hardware import Hardware, detect_hardware


@pytest.mark.parametrize(
    ("size", "quant", "mmproj_quant", "repo", "model_file", "mmproj_file"),
    [
        (
            "8B",
            "Q4_K_M",
            "F16",
            "Qwen/Qwen3-VL-8B-Instruct-GGUF",
            "Qwen3VL-8B-Instruct-Q4_K_M.gguf",
            "mmproj-Qwen3VL-8B-Instruct-F16.gguf",
        ),
        (
            "4B",
            "Q8_0",
            "Q8_0",
            "Qwen/Qwen3-VL-4B-Instruct-GGUF",
            "Qwen3VL-4B-Instruct-Q8_0.gguf",
            "mmproj-Qwen3VL-4B-Instruct-Q8_0.gguf",
        ),
        (
            "2B",
            "F16",
            "F16",
            "Qwen/Qwen3-VL-2B-Instruct-GGUF",
            "Qwen3VL-2B-Instruct-F16.gguf",
            "mmproj-Qwen3VL-2B-Instruct-F16.gguf",
        ),
    ],
)
def test_entry_names(size, quant, mmproj_quant, repo, model_file, mmproj_file):
    entry = find_entry(size, quant, mmproj_quant)
    assert (entry.repo, entry.model_file, entry.mmproj_file) == (repo, model_file, mmproj_file)
    assert entry.url(model_file) == f"https://huggingface.co/{repo}/resolve/main/{model_file}"
    assert entry.paths(Path("/m")) == (Path("/m") / model_file, Path("/m") / mmproj_file)


def test_catalogue_has_every_size_and_quant_once():
    keys = [(e.size, e.quant, e.mmproj_quant) for e in CATALOGUE]
    assert len(keys) == len(set(keys)) == 3 * 3 * 2


def test_each_entry_needs_more_memory_than_its_files_take_on_disk():
    """The vision encoder's buffers and the KV cache come on top of the weights."""
    for entry in CATALOGUE:
        assert entry.memory_gb > entry.download_gb + 1


def test_smaller_models_need_less():
    for quant in ("Q4_K_M", "Q8_0", "F16"):
        sizes = [find_entry(size, quant).memory_gb for size in ("8B", "4B", "2B")]
        assert sizes == sorted(sizes, reverse=True)


def test_unknown_entry_lists_the_choices():
    with pytest.raises(ModelNotFoundError) as err:
        find_entry("70B", "Q4_K_M")
    assert str(err.value) == (
        "No catalogue entry for size '70B', quant 'Q4_K_M', mmproj 'F16'. "
        "Sizes: 8B, 4B, 2B; quants: Q4_K_M, Q8_0, F16; mmproj quants: F16, Q8_0."
    )


# A machine that answers any catalogue model in seconds, as a fast GPU would.
FAST = Speed(1000.0, 100000.0, measured=True)


def _machine(ram: float, offload: bool = False, vram: float | None = None) -> Hardware:
    return Hardware(
        total_ram_gb=ram,
        available_ram_gb=ram / 2,
        physical_cores=4,
        gpu_offload=offload,
        vram_gb=vram,
        gpu_name="GPU" if vram else None,
        os="Linux x86_64",
    )


@pytest.mark.parametrize(
    ("hardware", "label"),
    [
        (_machine(4), "2B Q4_K_M (mmproj Q8_0)"),
        (_machine(8), "2B Q4_K_M (mmproj F16)"),
        (_machine(10), "4B Q4_K_M (mmproj F16)"),
        (_machine(12), "8B Q4_K_M (mmproj Q8_0)"),
        (_machine(16), "8B Q4_K_M (mmproj F16)"),
        (_machine(64), "8B Q4_K_M (mmproj F16)"),
        # Apple silicon: Metal offload, memory shared with the CPU.
        (_machine(16, offload=True), "8B Q4_K_M (mmproj F16)"),
        (_machine(16, offload=True, vram=8), "4B Q4_K_M (mmproj F16)"),
        (_machine(16, offload=True, vram=10), "8B Q4_K_M (mmproj Q8_0)"),
        (_machine(16, offload=True, vram=24), "8B Q8_0 (mmproj F16)"),
        # An NVIDIA card that this llama.cpp build cannot use counts for nothing.
        (_machine(8, offload=False, vram=24), "2B Q4_K_M (mmproj F16)"),
    ],
)
def test_recommend_by_memory_when_every_model_is_quick(hardware, label):
    # Speed decides too (tests/unit/test_speed.py); on a machine fast enough for all, memory alone does.
    assert recommend(hardware, FAST).label == label


def test_recommend_reason():
    assert recommend(_machine(16), FAST).reason == (
        "16.0 GB of RAM, 4 CPU cores (no GPU offload), 13.5 GB usable: 8B Q4_K_M (mmproj F16) needs "
        "about 10.0 GB and takes about 2 s for a typical answer (measured by `tutor bench`)."
    )
    assert recommend(_machine(16, offload=True, vram=24)).reason == (
        "24.0 GB of GPU memory, 23.5 GB usable: 8B Q8_0 (mmproj F16) needs about 13.7 GB and takes "
        "about 10 s for a typical answer (estimated; `tutor bench` measures it)."
    )


def test_recommend_on_a_tiny_machine_points_to_a_server():
    entry = recommend(_machine(3))
    assert entry.reason == (
        "3.0 GB of RAM, 4 CPU cores (no GPU offload), 0.5 GB usable: even the smallest choice, "
        "2B Q4_K_M (mmproj Q8_0), needs about 3.8 GB, so expect slow answers or use "
        "TUTOR_BACKEND=openai with a stronger machine running `tutor serve`."
    )


def test_recommendation_equals_its_catalogue_entry():
    assert recommend(_machine(16), FAST) == find_entry("8B", "Q4_K_M", "F16")


def test_manual_steps():
    assert manual_steps(find_entry("2B", "Q4_K_M"), Path("/models")).said("en") == (
        "To install the model by hand: on a machine with internet, download\n"
        "  https://huggingface.co/Qwen/Qwen3-VL-2B-Instruct-GGUF/resolve/main/"
        "Qwen3VL-2B-Instruct-Q4_K_M.gguf\n"
        "  https://huggingface.co/Qwen/Qwen3-VL-2B-Instruct-GGUF/resolve/main/"
        "mmproj-Qwen3VL-2B-Instruct-F16.gguf\n"
        "and copy both files into /models\n"
        "(or set TUTOR_MODEL and TUTOR_MMPROJ to where you put them)."
    )


def test_detect_hardware_on_this_machine():
    hardware = detect_hardware()
    assert hardware.total_ram_gb > 0
    assert 0 < hardware.available_ram_gb <= hardware.total_ram_gb
    assert hardware.physical_cores >= 1
    assert hardware.os == f"{platform.system()} {platform.machine()}"
    assert (hardware.vram_gb is None) == (hardware.gpu_name is None)
    assert f"{hardware.physical_cores} CPU cores" in hardware.describe()


@pytest.mark.parametrize(
    ("hardware", "text"),
    [
        (
            _machine(16),
            "Linux x86_64, 16.0 GB RAM (8.0 GB free), 4 CPU cores, no GPU offload",
        ),
        (
            _machine(16, offload=True),
            "Linux x86_64, 16.0 GB RAM (8.0 GB free), 4 CPU cores, GPU offload available",
        ),
        (
            _machine(16, offload=False, vram=24),
            "Linux x86_64, 16.0 GB RAM (8.0 GB free), 4 CPU cores, GPU with 24.0 GB "
            "(llama.cpp was built without GPU support)",
        ),
    ],
)
def test_describe(hardware, text):
    assert hardware.describe() == text
