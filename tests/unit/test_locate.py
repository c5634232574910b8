"""Finding the model pair: explicit paths, the catalogue entry, any pair, or advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor_app.config import load_settings
from tutor_app.errors import ModelNotFoundError
from tutor_app.model.locate import find_pairs, locate_model_files

Q4_8B = "Qwen3VL-8B-Instruct-Q4_K_M.gguf"
MM_8B_F16 = "mmproj-Qwen3VL-8B-Instruct-F16.gguf"
MM_8B_Q8 = "mmproj-Qwen3VL-8B-Instruct-Q8_0.gguf"
Q8_4B = "Qwen3VL-4B-Instruct-Q8_0.gguf"
MM_4B_F16 = "mmproj-Qwen3VL-4B-Instruct-F16.gguf"


def _touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"GGUF")


@pytest.mark.parametrize(
    ("files", "overrides", "expected"),
    [
        # The configured catalogue entry, F16 mmproj preferred.
        ([Q4_8B, MM_8B_F16, MM_8B_Q8], {}, (Q4_8B, MM_8B_F16)),
        ([Q4_8B, MM_8B_Q8], {}, (Q4_8B, MM_8B_Q8)),
        # The configured entry wins over another pair in the folder.
        ([Q8_4B, MM_4B_F16, Q4_8B, MM_8B_F16], {}, (Q4_8B, MM_8B_F16)),
        (
            [Q8_4B, MM_4B_F16, Q4_8B, MM_8B_F16],
            {"model_size": "4B", "quant": "Q8_0"},
            (Q8_4B, MM_4B_F16),
        ),
        # Not the configured one, but a matching pair is there.
        ([Q8_4B, MM_4B_F16], {}, (Q8_4B, MM_4B_F16)),
        (
            ["Qwen3-VL-2B-Instruct-UD-Q4_K_XL.gguf", "mmproj-Qwen3-VL-2B-Instruct-UD-F16.gguf"],
            {},
            ("Qwen3-VL-2B-Instruct-UD-Q4_K_XL.gguf", "mmproj-Qwen3-VL-2B-Instruct-UD-F16.gguf"),
        ),
    ],
)
def test_models_folder(tmp_path, files, overrides, expected):
    _touch(tmp_path, *files)
    settings = load_settings(model_dir=tmp_path, **overrides)
    assert locate_model_files(settings) == (tmp_path / expected[0], tmp_path / expected[1])


@pytest.mark.parametrize(
    "files",
    [
        [],
        [Q4_8B],
        [MM_8B_F16],
        # A model and an mmproj of different sizes are no pair.
        [Q4_8B, MM_4B_F16],
        # Unfinished downloads are not model files.
        [Q4_8B + ".part", MM_8B_F16 + ".part"],
        ["llama-3-8b.Q4_K_M.gguf", "mmproj-llava.gguf"],
    ],
)
def test_nothing_usable_says_what_to_do(tmp_path, files):
    _touch(tmp_path, *files)
    with pytest.raises(ModelNotFoundError) as err:
        locate_model_files(load_settings(model_dir=tmp_path))
    assert str(err.value) == (
        f"No Qwen3-VL model files in {tmp_path}. Run `tutor model download --size 8B "
        "--quant Q4_K_M` (about 6.2 GB), or see `tutor model list` for the files to fetch by hand."
    )


def test_default_folder_is_under_the_data_dir(data_dir):
    _touch(data_dir / "models", Q4_8B, MM_8B_F16)
    assert locate_model_files(load_settings()) == (
        data_dir / "models" / Q4_8B,
        data_dir / "models" / MM_8B_F16,
    )


def test_explicit_paths_win(tmp_path):
    _touch(tmp_path / "models", Q4_8B, MM_8B_F16)
    _touch(tmp_path / "mine", "a.gguf", "b.gguf")
    settings = load_settings(
        model_dir=tmp_path / "models",
        model=tmp_path / "mine" / "a.gguf",
        mmproj=tmp_path / "mine" / "b.gguf",
    )
    assert locate_model_files(settings) == (
        tmp_path / "mine" / "a.gguf",
        tmp_path / "mine" / "b.gguf",
    )


def test_explicit_paths_from_the_environment(tmp_path, monkeypatch):
    _touch(tmp_path, "model.gguf", "vision.gguf")
    monkeypatch.setenv("TUTOR_MODEL", str(tmp_path / "model.gguf"))
    monkeypatch.setenv("TUTOR_MMPROJ", str(tmp_path / "vision.gguf"))
    assert locate_model_files(load_settings()) == (
        tmp_path / "model.gguf",
        tmp_path / "vision.gguf",
    )


@pytest.mark.parametrize(
    ("files", "model", "expected_mmproj"),
    [
        ([Q4_8B, MM_4B_F16, MM_8B_Q8], Q4_8B, MM_8B_Q8),
        (
            ["tiny-qwen3vl.gguf", "mmproj-tiny-qwen3vl.gguf"],
            "tiny-qwen3vl.gguf",
            "mmproj-tiny-qwen3vl.gguf",
        ),
        # The only mmproj in the folder, whatever its name.
        (["my-model.gguf", "mmproj-model-f16.gguf"], "my-model.gguf", "mmproj-model-f16.gguf"),
    ],
)
def test_explicit_model_finds_its_mmproj_beside_it(tmp_path, files, model, expected_mmproj):
    _touch(tmp_path, *files)
    settings = load_settings(model=tmp_path / model)
    assert locate_model_files(settings) == (tmp_path / model, tmp_path / expected_mmproj)


@pytest.mark.parametrize(
    "files", [[Q4_8B], [Q4_8B, MM_4B_F16, "mmproj-Qwen3VL-2B-Instruct-F16.gguf"]]
)
def test_explicit_model_without_its_mmproj(tmp_path, files):
    _touch(tmp_path, *files)
    with pytest.raises(ModelNotFoundError) as err:
        locate_model_files(load_settings(model=tmp_path / Q4_8B))
    assert str(err.value) == (
        f"No vision encoder (mmproj-*.gguf) found beside {tmp_path / Q4_8B}. Set TUTOR_MMPROJ "
        "(or pass --mmproj) to the mmproj file that belongs to this model."
    )


@pytest.mark.parametrize(
    ("model", "mmproj", "missing", "setting"),
    [
        ("gone.gguf", None, "model", "TUTOR_MODEL"),
        ("gone.gguf", "here.gguf", "model", "TUTOR_MODEL"),
        ("here.gguf", "gone.gguf", "mmproj", "TUTOR_MMPROJ"),
    ],
)
def test_explicit_path_that_does_not_exist(tmp_path, model, mmproj, missing, setting):
    _touch(tmp_path, "here.gguf")
    settings = load_settings(model=tmp_path / model, mmproj=tmp_path / mmproj if mmproj else None)
    with pytest.raises(ModelNotFoundError) as err:
        locate_model_files(settings)
    assert str(err.value) == (
        f"The {missing} file {tmp_path / 'gone.gguf'} does not exist. Fix {setting} (config "
        "file, environment variable or command-line flag) or remove it to use the models folder."
    )


def test_mmproj_without_model(tmp_path):
    _touch(tmp_path, "vision.gguf")
    settings = load_settings(model_dir=tmp_path, mmproj=tmp_path / "vision.gguf")
    with pytest.raises(ModelNotFoundError) as err:
        locate_model_files(settings)
    assert str(err.value) == (
        f"TUTOR_MMPROJ is set to {tmp_path / 'vision.gguf'} but TUTOR_MODEL is not. Set both, "
        f"or neither to use the models folder {tmp_path}."
    )


def test_find_pairs_lists_every_pair(tmp_path):
    _touch(tmp_path, Q4_8B, MM_8B_F16, Q8_4B, MM_4B_F16, "notes.txt")
    assert find_pairs(tmp_path) == [
        (tmp_path / Q8_4B, tmp_path / MM_4B_F16),
        (tmp_path / Q4_8B, tmp_path / MM_8B_F16),
    ]
    assert find_pairs(tmp_path / "missing") == []


def test_locates_the_real_tiny_pair(tiny_model_files):
    model, mmproj = tiny_model_files
    assert locate_model_files(load_settings(model=model)) == (model, mmproj)
