"""What this machine offers the model: memory, cores and GPU."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from dataclasses import dataclass

import psutil

from tutor_app.i18n import t

_GB = 1024**3
_NVIDIA_SMI_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Hardware:
    """Memory, cores and GPU of one machine."""

    total_ram_gb: float
    available_ram_gb: float
    physical_cores: int
    gpu_offload: bool
    vram_gb: float | None
    gpu_name: str | None
    os: str

    def describe(self, lang: str = "en") -> str:
        """One line for people, in ``lang``: RAM, cores and GPU."""
        if self.gpu_name and self.vram_gb is not None:
            gpu = t("hardware.gpu", lang).format(name=self.gpu_name, vram=self.vram_gb)
            if not self.gpu_offload:
                gpu += t("hardware.gpu_unused", lang)
        else:
            gpu = t("hardware.offload" if self.gpu_offload else "hardware.no_offload", lang)
        return t("hardware.line", lang).format(
            os=self.os, ram=self.total_ram_gb, free=self.available_ram_gb, cores=self.physical_cores, gpu=gpu
        )


def gpu_offload_supported() -> bool:
    """Whether the installed llama.cpp build can offload layers to a GPU."""
    try:
        import llama_cpp
    except ImportError:
        return False
    return bool(llama_cpp.llama_supports_gpu_offload())


def nvidia_gpu() -> tuple[str, float] | None:
    """Name and memory (GB) of the first NVIDIA GPU, or None when there is none."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return None
    try:
        result = subprocess.run(
            [exe, "--query-gpu=name,memory.total", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=_NVIDIA_SMI_TIMEOUT_S,
            check=True,
        )
        name, memory_mib = result.stdout.splitlines()[0].rsplit(",", 1)
        return name.strip(), int(memory_mib.strip()) / 1024
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        # A broken driver must not stop the app: treat it as no GPU.
        return None


def physical_cores() -> int:
    """CPU cores without hyper-threads: llama.cpp runs slower on the extra threads."""
    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


def detect_hardware() -> Hardware:
    """Measure this machine."""
    memory = psutil.virtual_memory()
    gpu = nvidia_gpu()
    return Hardware(
        total_ram_gb=round(memory.total / _GB, 1),
        available_ram_gb=round(memory.available / _GB, 1),
        physical_cores=physical_cores(),
        gpu_offload=gpu_offload_supported(),
        vram_gb=round(gpu[1], 1) if gpu else None,
        gpu_name=gpu[0] if gpu else None,
        os=f"{platform.system()} {platform.machine()}",
    )
