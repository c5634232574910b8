"""Find the language-model and mmproj files the settings point at."""

from __future__ import annotations

import re
from pathlib import Path

from tutor_app.config import Settings
from tutor_app.errors import ModelNotFoundError
from tutor_app.i18n import t
from tutor_app.model.catalogue import MMPROJ_QUANTS, find_entry

# Upstream names: Qwen3VL-8B-Instruct-Q4_K_M.gguf and mmproj-Qwen3VL-8B-Instruct-F16.gguf.
_QUANT_SUFFIX = re.compile(r"[-_.](?:I?Q\d+(?:_[A-Z0-9]+)*|F16|BF16|F32)$", re.IGNORECASE)
_MMPROJ_PREFIX = re.compile(r"^mmproj[-_.]?", re.IGNORECASE)


def _family(path: Path) -> str:
    """The model name without quantisation or mmproj prefix, lower-cased."""
    return _QUANT_SUFFIX.sub("", _MMPROJ_PREFIX.sub("", path.stem)).lower()


def _is_mmproj(path: Path) -> bool:
    return path.name.lower().startswith("mmproj")


def _ggufs(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".gguf" and p.is_file())


def _mmproj_beside(model: Path) -> Path | None:
    """The mmproj in the model's folder: same family first, else the only one there."""
    candidates = [p for p in _ggufs(model.parent) if _is_mmproj(p)]
    same_family = [p for p in candidates if _family(p) == _family(model)]
    if same_family:
        return same_family[0]
    return candidates[0] if len(candidates) == 1 else None


def _existing(path: Path, kind: str, setting: str, lang: str) -> Path:
    if not path.is_file():
        raise ModelNotFoundError(
            t("locate.missing", lang).format(what=t(f"locate.what.{kind}", lang), path=path, setting=setting)
        )
    return path


def _explicit(settings: Settings, lang: str) -> tuple[Path, Path]:
    model = _existing(settings.model, "model", "TUTOR_MODEL", lang)
    if settings.mmproj is not None:
        return model, _existing(settings.mmproj, "mmproj", "TUTOR_MMPROJ", lang)
    mmproj = _mmproj_beside(model)
    if mmproj is None:
        raise ModelNotFoundError(t("locate.no_mmproj", lang).format(model=model))
    return model, mmproj


def find_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Every (model, mmproj) pair of the same Qwen3-VL family in ``folder``."""
    files = [p for p in _ggufs(folder) if "qwen3vl" in _family(p).replace("-", "")]
    mmprojs = [p for p in files if _is_mmproj(p)]
    pairs = []
    for model in (p for p in files if not _is_mmproj(p)):
        matching = [m for m in mmprojs if _family(m) == _family(model)]
        if matching:
            pairs.append((model, matching[0]))
    return pairs


def locate_model_files(settings: Settings, lang: str = "en") -> tuple[Path, Path]:
    """The (model, mmproj) paths to load: explicit paths, the catalogue entry, or any pair; errors in ``lang``."""
    if settings.model is not None:
        return _explicit(settings, lang)
    folder = settings.models_folder
    if settings.mmproj is not None:
        raise ModelNotFoundError(t("locate.mmproj_only", lang).format(mmproj=settings.mmproj, folder=folder))
    for mmproj_quant in MMPROJ_QUANTS:
        model, mmproj = find_entry(settings.model_size, settings.quant, mmproj_quant).paths(folder)
        if model.is_file() and mmproj.is_file():
            return model, mmproj
    pairs = find_pairs(folder)
    if pairs:
        return pairs[0]
    entry = find_entry(settings.model_size, settings.quant)
    raise ModelNotFoundError(
        t("locate.none", lang).format(folder=folder, size=entry.size, quant=entry.quant, gb=entry.download_gb)
    )
