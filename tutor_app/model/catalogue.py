"""The Qwen3-VL-Instruct GGUF files users pick from, and which one suits a machine."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tutor_app.errors import ModelNotFoundError
from tutor_app.i18n import Text, t
from tutor_app.measure.speed import Speed, machine_speed, rounded_seconds

if TYPE_CHECKING:
    from tutor_app.model.hardware import Hardware

HUB_URL = "https://huggingface.co"
SIZES = ("8B", "4B", "2B")
QUANTS = ("Q4_K_M", "Q8_0", "F16")
MMPROJ_QUANTS = ("F16", "Q8_0")
DEFAULT_SIZE = "8B"
DEFAULT_QUANT = "Q4_K_M"
DEFAULT_MMPROJ_QUANT = "F16"

# Gigabytes. The 8B language-model files and the 8B mmproj memory needs are the
# published figures; everything for 4B and 2B, and the mmproj file sizes, are
# estimates scaled from parameter counts (4.4B and 2.1B total, vision encoder
# included), so treat them as +-10%.
_LM_GB = {
    "8B": {"F16": 16.4, "Q8_0": 8.71, "Q4_K_M": 5.03},
    "4B": {"F16": 8.05, "Q8_0": 4.28, "Q4_K_M": 2.50},
    "2B": {"F16": 3.45, "Q8_0": 1.84, "Q4_K_M": 1.11},
}
_MMPROJ_FILE_GB = {
    "8B": {"F16": 1.16, "Q8_0": 0.62},
    "4B": {"F16": 0.84, "Q8_0": 0.45},
    "2B": {"F16": 0.82, "Q8_0": 0.44},
}
# The vision encoder's memory is mostly compute buffers for a large image, so it
# shrinks far less than its file does.
_MMPROJ_MEMORY_GB = {
    "8B": {"F16": 3.8, "Q8_0": 2.1},
    "4B": {"F16": 3.4, "Q8_0": 1.9},
    "2B": {"F16": 3.2, "Q8_0": 1.8},
}
# F16 KV cache for the default 8192-token context (36 or 28 layers, 8 KV heads of 128).
_KV_CACHE_GB = {"8B": 1.2, "4B": 1.2, "2B": 0.9}
# What the OS, a browser and the app itself keep for themselves on a laptop.
_RAM_RESERVE_GB = 2.5
_VRAM_RESERVE_GB = 0.5


@dataclass(frozen=True)
class CatalogueEntry:
    """One downloadable language-model + mmproj pair and what it needs."""

    size: str
    quant: str
    mmproj_quant: str
    model_gb: float
    mmproj_gb: float
    memory_gb: float
    # Filled in by ``recommend``: why this entry suits the machine, and its typical answer's wait.
    reason: str = field(default="", compare=False)
    answer_seconds: float | None = field(default=None, compare=False)

    @property
    def repo(self) -> str:
        """The Hugging Face hub repository holding both files."""
        return f"Qwen/Qwen3-VL-{self.size}-Instruct-GGUF"

    @property
    def model_file(self) -> str:
        """File name of the language model."""
        return f"Qwen3VL-{self.size}-Instruct-{self.quant}.gguf"

    @property
    def mmproj_file(self) -> str:
        """File name of the vision encoder."""
        return f"mmproj-Qwen3VL-{self.size}-Instruct-{self.mmproj_quant}.gguf"

    @property
    def download_gb(self) -> float:
        """Disk space both files take."""
        return round(self.model_gb + self.mmproj_gb, 2)

    @property
    def label(self) -> str:
        """Short name, e.g. ``8B Q4_K_M (mmproj F16)``."""
        return f"{self.size} {self.quant} (mmproj {self.mmproj_quant})"

    def url(self, filename: str) -> str:
        """Direct hub URL of one of this entry's files."""
        return f"{HUB_URL}/{self.repo}/resolve/main/{filename}"

    def paths(self, folder: Path) -> tuple[Path, Path]:
        """Where the (model, mmproj) pair lives inside ``folder``."""
        return folder / self.model_file, folder / self.mmproj_file


def _entry(size: str, quant: str, mmproj_quant: str) -> CatalogueEntry:
    model_gb = _LM_GB[size][quant]
    mmproj_memory = _MMPROJ_MEMORY_GB[size][mmproj_quant]
    return CatalogueEntry(
        size=size,
        quant=quant,
        mmproj_quant=mmproj_quant,
        model_gb=model_gb,
        mmproj_gb=_MMPROJ_FILE_GB[size][mmproj_quant],
        memory_gb=round(model_gb + mmproj_memory + _KV_CACHE_GB[size], 2),
    )


CATALOGUE: tuple[CatalogueEntry, ...] = tuple(
    _entry(size, quant, mmproj_quant)
    for size in SIZES
    for quant in QUANTS
    for mmproj_quant in MMPROJ_QUANTS
)


def find_entry(
    size: str = DEFAULT_SIZE, quant: str = DEFAULT_QUANT, mmproj_quant: str = DEFAULT_MMPROJ_QUANT
) -> CatalogueEntry:
    """The catalogue entry for a size and quantisation."""
    for entry in CATALOGUE:
        if (entry.size, entry.quant, entry.mmproj_quant) == (size, quant, mmproj_quant):
            return entry
    raise ModelNotFoundError(
        f"No catalogue entry for size {size!r}, quant {quant!r}, mmproj {mmproj_quant!r}. "
        f"Sizes: {', '.join(SIZES)}; quants: {', '.join(QUANTS)}; "
        f"mmproj quants: {', '.join(MMPROJ_QUANTS)}."
    )


def manual_steps(entry: CatalogueEntry, folder: Path) -> Text:
    """How to fetch ``entry`` by hand on another machine and where to put it, in any language."""
    return Text("download.manual", model_url=entry.url(entry.model_file), mmproj_url=entry.url(entry.mmproj_file),
                folder=folder)


# Best first. F16 language models are never recommended: Q8_0 is near lossless at
# half the memory. On a CPU, Q4_K_M is preferred because decoding is bound by
# memory bandwidth, so the smaller file answers faster.
_GPU_ORDER = (
    ("8B", "Q8_0", "F16"),
    ("8B", "Q4_K_M", "F16"),
    ("8B", "Q4_K_M", "Q8_0"),
    ("4B", "Q8_0", "F16"),
    ("4B", "Q4_K_M", "F16"),
    ("4B", "Q4_K_M", "Q8_0"),
    ("2B", "Q8_0", "F16"),
    ("2B", "Q4_K_M", "F16"),
    ("2B", "Q4_K_M", "Q8_0"),
)
_CPU_ORDER = tuple(choice for choice in _GPU_ORDER if choice[1] != "Q8_0")
# The few choices most schools weigh, smallest first; the rest of the table is for special cases.
SENSIBLE = (
    ("2B", "Q4_K_M", "F16"),
    ("4B", "Q4_K_M", "F16"),
    ("8B", "Q4_K_M", "F16"),
    ("8B", "Q8_0", "F16"),
)
# The wait a student accepts for a worked answer; bigger models are chosen only within it.
TARGET_ANSWER_SECONDS = 60.0


def sensible_choices(advice: CatalogueEntry) -> list[CatalogueEntry]:
    """The recommended entry, then the other sensible ones."""
    return [advice, *(entry for entry in (find_entry(*c) for c in SENSIBLE) if entry != advice)]


def usable_memory_gb(hardware: Hardware) -> float:
    """The memory a model may take: GPU memory when llama.cpp can use the card, else RAM, less a reserve."""
    if hardware.gpu_offload and hardware.vram_gb is not None:
        return hardware.vram_gb - _VRAM_RESERVE_GB
    return hardware.total_ram_gb - _RAM_RESERVE_GB


def recommend(hardware: Hardware, speed: Speed | None = None, lang: str = "en") -> CatalogueEntry:
    """The best entry that fits in memory and answers within about a minute; ``reason`` says why, in ``lang``.

    ``speed`` is this machine's measured speed (`tutor bench`); without it, cores and GPU estimate it.
    """
    speed = speed or machine_speed(hardware, [])
    budget = usable_memory_gb(hardware)
    if hardware.gpu_offload and hardware.vram_gb is not None:
        where = t("recommend.gpu", lang).format(vram=hardware.vram_gb)
        order = _GPU_ORDER
    else:
        gpu_note = t("recommend.shared" if hardware.gpu_offload else "hardware.no_offload", lang)
        where = t("recommend.cpu", lang).format(
            ram=hardware.total_ram_gb, cores=hardware.physical_cores, gpu=gpu_note
        )
        order = _CPU_ORDER
    fitting = [find_entry(*choice) for choice in order if find_entry(*choice).memory_gb <= budget]
    if not fitting:
        entry = find_entry(*order[-1])
        return replace(
            entry,
            reason=t("recommend.too_small", lang).format(
                where=where, usable=max(budget, 0), label=entry.label, memory=entry.memory_gb
            ),
            answer_seconds=speed.answer_seconds(entry.model_gb),
        )
    quick = [e for e in fitting if speed.answer_seconds(e.model_gb) <= TARGET_ANSWER_SECONDS]
    # Nothing quick enough: the smallest model keeps the wait shortest.
    entry = quick[0] if quick else min(fitting, key=lambda e: e.model_gb)
    seconds = speed.answer_seconds(entry.model_gb)
    return replace(
        entry,
        reason=t("recommend.fits", lang).format(
            where=where, usable=budget, label=entry.label, memory=entry.memory_gb,
            seconds=rounded_seconds(seconds),
            source=t("recommend.measured" if speed.measured else "recommend.estimated", lang),
            slower="" if quick else t("recommend.slower", lang),
        ),
        answer_seconds=seconds,
    )
