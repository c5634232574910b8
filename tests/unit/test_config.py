"""Settings precedence: defaults < config file < environment < CLI flags."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tutor_app.config import config_path, load_settings, load_settings_leniently, save_settings
from tutor_app.errors import ConfigError


def write_config(text: str) -> Path:
    path = config_path()
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults(data_dir: Path) -> None:
    settings = load_settings()
    assert settings.backend == "local"
    assert settings.data_dir == data_dir
    assert settings.models_folder == data_dir / "models"
    assert (settings.image_short_side, settings.image_max_tokens) == (768, 1024)


@pytest.mark.parametrize(
    ("file_value", "env_value", "cli_value", "expected"),
    [
        (None, None, None, 2048),
        (100, None, None, 100),
        (100, "200", None, 200),
        (100, "200", 300, 300),
        (None, None, 300, 300),
    ],
)
def test_precedence(monkeypatch: pytest.MonkeyPatch, file_value, env_value, cli_value, expected) -> None:
    if file_value is not None:
        write_config(f"max_tokens = {file_value}\n")
    if env_value is not None:
        monkeypatch.setenv("TUTOR_MAX_TOKENS", env_value)
    assert load_settings(max_tokens=cli_value).max_tokens == expected


def test_env_names_documented_in_issue(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TUTOR_MODEL", str(tmp_path / "m.gguf"))
    monkeypatch.setenv("TUTOR_MMPROJ", str(tmp_path / "p.gguf"))
    monkeypatch.setenv("TUTOR_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("TUTOR_BACKEND", "openai")
    monkeypatch.setenv("TUTOR_OPENAI_URL", "http://127.0.0.1:9999/v1")
    settings = load_settings()
    assert settings.model == tmp_path / "m.gguf"
    assert settings.mmproj == tmp_path / "p.gguf"
    assert settings.models_folder == tmp_path / "models"
    assert settings.backend == "openai"
    assert settings.openai_url == "http://127.0.0.1:9999/v1"


def test_empty_env_path_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_MODEL", "")
    assert load_settings().model is None


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("no_such_setting = 1\n", "no_such_setting"),
        ('backend = "cloud"\n', "backend"),
        ("max_tokens = 0\n", "max_tokens"),
    ],
)
def test_bad_config_file_names_the_setting(config: str, fragment: str) -> None:
    path = write_config(config)
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert fragment in str(err.value)
    assert str(path) in str(err.value)


def test_unparsable_config_file() -> None:
    path = write_config("max_tokens = = 3\n")
    with pytest.raises(ConfigError, match="Could not read the config file"):
        load_settings()
    assert path.exists()


def test_bad_env_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_BACKEND", "cloud")
    with pytest.raises(ConfigError, match="backend"):
        load_settings()


def test_save_settings_round_trip() -> None:
    save_settings(language="zh", tts_rate=150, model=Path("/models/a.gguf"))
    settings = load_settings()
    assert (settings.language, settings.tts_rate, settings.model) == ("zh", 150, Path("/models/a.gguf"))
    save_settings(model=None)
    assert load_settings().model is None
    assert load_settings().language == "zh"


def test_save_settings_refuses_bad_values_and_keeps_file() -> None:
    save_settings(tts_rate=150)
    before = config_path().read_text()
    with pytest.raises(ConfigError, match="Not saved"):
        save_settings(tts_rate=5)
    with pytest.raises(ConfigError, match="Unknown setting"):
        save_settings(volume=3)
    assert config_path().read_text() == before


# The model probe runs as its own process (python -m tutor_app.model.probe): its main() is a surface.
SURFACES = ("tutor_app/cli/", "tutor_app/ui/resources.py", "tutor_app/config.py", "tutor_app/model/probe.py")


def test_settings_are_loaded_only_at_the_surfaces() -> None:
    """The core gets Settings passed down: no module below the CLI and the app's resources loads them."""
    root = Path(__file__).resolve().parents[2]
    loading = sorted(
        str(path.relative_to(root))
        for path in (root / "tutor_app").rglob("*.py")
        if not str(path.relative_to(root)).startswith(SURFACES)
        and any(
            isinstance(node, ast.Name | ast.Attribute | ast.alias)
            and "load_settings" in (getattr(node, "id", None), getattr(node, "attr", None), getattr(node, "name", None))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert loading == []


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("TUTOR_CAS_TIMEOUT", "inf", "cas_timeout: Input should be a finite number"),
        ("TUTOR_CAS_TIMEOUT", "nan", "cas_timeout: Input should be a finite number"),
        ("TUTOR_CAS_TIMEOUT", "2147484", "cas_timeout: Input should be less than or equal to 600"),
        ("TUTOR_REQUEST_TIMEOUT", "inf", "request_timeout: Input should be a finite number"),
        ("TUTOR_TEMPERATURE", "nan", "temperature: Input should be a finite number"),
    ],
)
def test_out_of_range_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=fragment):
        load_settings()


@pytest.mark.parametrize(
    ("config", "fragment", "max_tokens"),
    [
        ('tts_rate = "fast"\nmax_tokens = 77\n', "tts_rate: Input should be a valid integer", 77),
        ("max_tokens = 77\nshoe_size = 9\n", "shoe_size: Extra inputs are not permitted", 77),
        ("max_tokens = 77\nnot toml [\n", "Could not read the config file", 2048),
    ],
)
def test_lenient_settings_name_the_problem_and_keep_the_rest(config: str, fragment: str, max_tokens: int) -> None:
    """What the app runs on when the config is invalid: the bad keys at their defaults, the others as written."""
    write_config(config)
    settings, problem = load_settings_leniently()
    assert fragment in str(problem)
    assert (settings.tts_rate, settings.max_tokens) == (170, max_tokens)
