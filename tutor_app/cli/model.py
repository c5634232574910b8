"""`tutor model`: manage the model files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor_app.model.catalogue import MMPROJ_QUANTS, QUANTS, SIZES, CatalogueEntry


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1024**3:.2f} GB" if n_bytes >= 1024**3 else f"{n_bytes / 1024**2:.1f} MB"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `tutor model` and its sub-commands."""
    parser = subparsers.add_parser("model", help="Manage the model files.")
    parser.set_defaults(func=lambda _args: parser.print_help() or 2)
    actions = parser.add_subparsers(dest="model_command", metavar="ACTION")
    add_list(actions)
    add_download(actions)
    add_check(actions)
    add_ensure(actions)
    add_make_tiny(actions)


def add_list(actions: argparse._SubParsersAction) -> None:
    """Add `tutor model list`."""
    parser = actions.add_parser(
        "list", help="Show the catalogue, which files are here and what suits this computer."
    )
    parser.set_defaults(func=list_models)


def _presence(model: Path, mmproj: Path) -> str:
    from tutor_app.model.download import part_path

    have = (model.is_file(), mmproj.is_file())
    if all(have):
        return "yes"
    if part_path(model).is_file() or part_path(mmproj).is_file():
        return "partly downloaded"
    return {(True, False): "model only", (False, True): "mmproj only"}.get(have, "no")


def list_models(args: argparse.Namespace) -> int:
    """Print the catalogue with sizes, presence and this computer's recommendation."""
    from tutor_app.config import load_settings
    from tutor_app.errors import ModelNotFoundError
    from tutor_app.measure.speed import load_results, machine_speed
    from tutor_app.model.catalogue import CATALOGUE, manual_steps, recommend
    from tutor_app.model.hardware import detect_hardware
    from tutor_app.model.locate import locate_model_files

    settings = load_settings()
    folder = settings.models_folder
    hardware = detect_hardware()
    advice = recommend(hardware, machine_speed(hardware, load_results(settings)))
    print(f"Models folder: {folder}")
    print(f"This computer: {hardware.describe()}")
    print(f"Recommended:   {advice.label}: {advice.reason}")
    print()
    print(f"  {'CHOICE':<26}{'DOWNLOAD':>10}{'MEMORY':>10}  PRESENT")
    for entry in CATALOGUE:
        mark = "*" if entry == advice else " "
        present = _presence(*entry.paths(folder))
        sizes = f"{entry.download_gb:>7.1f} GB{entry.memory_gb:>7.1f} GB"
        print(f"{mark} {entry.label:<26}{sizes}  {present}")
    print()
    try:
        model, mmproj = locate_model_files(settings)
        print(f"In use: {model}\n        {mmproj}")
    except ModelNotFoundError:
        print(
            f"In use: none yet. Get the recommended files with: tutor model download "
            f"--size {advice.size} --quant {advice.quant} --mmproj-quant {advice.mmproj_quant}"
        )
        print(manual_steps(advice, folder).said("en"))
    return 0


def add_download(actions: argparse._SubParsersAction) -> None:
    """Add `tutor model download`."""
    parser = actions.add_parser(
        "download", help="Download a model and its vision encoder from the Hugging Face hub."
    )
    parser.add_argument("--size", choices=SIZES, help="model size (default: the configured one)")
    parser.add_argument("--quant", choices=QUANTS, help="language-model quantisation")
    parser.add_argument(
        "--mmproj-quant", choices=MMPROJ_QUANTS, default="F16", help="vision-encoder quantisation"
    )
    parser.set_defaults(func=download)


class _ProgressBars:
    """One tqdm bar per file, fed by download_model's progress callback."""

    def __init__(self) -> None:
        self.bar = None
        self.name = ""

    def __call__(self, name: str, done: int, total: int | None) -> None:
        from tqdm import tqdm

        if name != self.name:
            self.close()
            self.name = name
            self.bar = tqdm(
                desc=name,
                total=total,
                initial=done,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                file=sys.stderr,
            )
        else:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        """Finish the current bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _download(entry: CatalogueEntry, folder: Path) -> tuple[Path, Path]:
    from tutor_app.model.download import download_model
    from tutor_app.model.validate import validate_model_files

    print(
        f"tutor: downloading {entry.label} (about {entry.download_gb:.1f} GB) into {folder}",
        file=sys.stderr,
    )
    bars = _ProgressBars()
    try:
        model, mmproj = download_model(entry, folder, progress=bars)
    finally:
        bars.close()
    validate_model_files(model, mmproj)
    return model, mmproj


def download(args: argparse.Namespace) -> int:
    """Download the chosen catalogue entry and print the two paths."""
    from tutor_app.config import load_settings
    from tutor_app.model.catalogue import find_entry

    settings = load_settings(model_size=args.size, quant=args.quant)
    entry = find_entry(settings.model_size, settings.quant, args.mmproj_quant)
    model, mmproj = _download(entry, settings.models_folder)
    print(model)
    print(mmproj)
    return 0


def add_check(actions: argparse._SubParsersAction) -> None:
    """Add `tutor model check`."""
    parser = actions.add_parser(
        "check", help="Check that the model files are whole and belong together."
    )
    parser.add_argument("-m", "--model", type=Path, help="language-model GGUF file")
    parser.add_argument("--mmproj", type=Path, help="vision encoder (mmproj) GGUF file")
    parser.set_defaults(func=check)


def check(args: argparse.Namespace) -> int:
    """Validate the model pair, try it in a child process, and print what its headers say."""
    from tutor_app.config import load_settings
    from tutor_app.model.locate import locate_model_files
    from tutor_app.model.probe import probe_model
    from tutor_app.model.validate import validate_model_files

    settings = load_settings(model=args.model, mmproj=args.mmproj)
    model, mmproj = locate_model_files(settings)
    info = validate_model_files(model, mmproj)
    probe_model(settings, model, mmproj)
    print(f"model:  {info.model}")
    print(
        f"        {info.name or info.architecture}, {_size(info.model_bytes)}, "
        f"{info.block_count} blocks, {info.n_embd} wide, {info.n_vocab} tokens, "
        f"context {info.context_length}"
    )
    print(f"mmproj: {info.mmproj}")
    print(
        f"        {_size(info.mmproj_bytes)}, {info.vision_block_count} vision blocks, "
        f"{info.mmproj_width}-wide image features"
    )
    print("OK: both files are whole, belong together, and llama.cpp loads them and answers.")
    return 0


def add_ensure(actions: argparse._SubParsersAction) -> None:
    """Add `tutor model ensure`."""
    parser = actions.add_parser(
        "ensure", help="Make sure model files are here, downloading the suitable ones if not."
    )
    parser.set_defaults(func=ensure)


def ensure(args: argparse.Namespace) -> int:
    """Say which model files are in use, or download the configured or recommended ones."""
    from tutor_app.config import load_settings
    from tutor_app.errors import ModelNotFoundError
    from tutor_app.measure.speed import load_results, machine_speed
    from tutor_app.model.catalogue import find_entry, recommend
    from tutor_app.model.hardware import detect_hardware
    from tutor_app.model.locate import locate_model_files
    from tutor_app.model.validate import validate_model_files

    settings = load_settings()
    try:
        model, mmproj = locate_model_files(settings)
    except ModelNotFoundError:
        if settings.model is not None or settings.mmproj is not None:
            raise
        if {"model_size", "quant"} & settings.model_fields_set:
            entry = find_entry(settings.model_size, settings.quant)
        else:
            hardware = detect_hardware()
            entry = recommend(hardware, machine_speed(hardware, load_results(settings)))
            print(f"tutor: {entry.label} suits this computer: {entry.reason}", file=sys.stderr)
        model, mmproj = _download(entry, settings.models_folder)
        print(f"tutor: model files ready: {model} and {mmproj}", file=sys.stderr)
        return 0
    validate_model_files(model, mmproj)
    print(f"tutor: model files present: {model} and {mmproj}", file=sys.stderr)
    return 0


def add_make_tiny(actions: argparse._SubParsersAction) -> None:
    """Add `tutor model make-tiny FOLDER`."""
    parser = actions.add_parser(
        "make-tiny",
        help="Write a tiny random-weight Qwen3-VL model pair (for tests and demos).",
    )
    parser.add_argument("folder", type=Path, help="Folder to write the two GGUF files into.")
    parser.set_defaults(func=make_tiny)


def make_tiny(args: argparse.Namespace) -> int:
    """Write the tiny model pair and print the two paths."""
    from tutor_app.model.tiny import make_tiny_model

    model, mmproj = make_tiny_model(args.folder)
    print(model)
    print(mmproj)
    return 0
