"""The app in a real browser: nothing fetched from off this computer, untrusted text shown as text, bad config survived."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import re

import psutil
import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_solve import type_problem
from tests.support.browser import exceptions, open_page, wait_idle
from tests.support.servers import start_app, stop_process
from tutor_app.config import load_settings
from tutor_app.grading import pause_job, start_job
from tutor_app.grading.passcode import hash_passcode
from tutor_app.i18n import t
from tutor_app.mathcheck.worker import POOL_SIZE

pytestmark = pytest.mark.slow

# TEST-NET-2: an address that is never on this network, so any request to it is one too many.
ELSEWHERE = "198.51.100.7"
CLASS = Path(__file__).resolve().parents[2] / "sample_problems" / "class"
PASSCODE = "green kettle"
HOSTILE = (
    f"Solve ![pic](http://{ELSEWHERE}/img.png) [site](http://{ELSEWHERE}/) "
    f"<img src='http://{ELSEWHERE}/raw.png'> http://{ELSEWHERE}/bare www.example.com "
    "for $x^2 = 4$"
)


def off_this_computer(requests: list[str]) -> list[str]:
    return [url for url in requests if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith("data:")]


def test_pages_fetch_nothing_from_off_this_computer(page, app_url: str) -> None:
    """Offline means offline: the favicon is the app's own file, and no page asks an internet service."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("", "check", "teacher", "settings"):
        open_page(page, f"{app_url}/{path}")
    icon = page.locator("link[rel='shortcut icon'], link[rel='icon']").first.get_attribute("href")
    assert urlsplit(icon).hostname in (None, "127.0.0.1")
    assert off_this_computer(requests) == []


def test_typed_problem_is_shown_as_text_with_its_math(page, app_url: str) -> None:
    """Links, images and HTML in a student's text are shown as typed, never followed; the math is rendered."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    type_problem(page, app_url, HOSTILE)
    main = page.locator('[data-testid="stMain"]')
    main.locator(".katex").first.wait_for(timeout=30_000)
    assert main.locator(f"img[src*='{ELSEWHERE}']").count() == 0
    assert main.locator(f"a[href*='{ELSEWHERE}'], a[href*='example.com']").count() == 0
    # Addresses carry an invisible word joiner that keeps Markdown from linking them.
    shown = main.inner_text().replace("\u2060", "")
    assert f"![pic](http://{ELSEWHERE}/img.png)" in shown and "www.example.com" in shown
    assert main.locator(".katex").count() >= 1
    assert off_this_computer(requests) == []
    assert exceptions(page) == []


@pytest.fixture
def bad_config_app(app_env: dict[str, str], tmp_path: Path):
    """A running app whose config file has a value of the wrong type."""
    config = tmp_path / "config.toml"
    config.write_text('tts_rate = "fast"\n', encoding="utf-8")
    proc, url = start_app({**app_env, "TUTOR_CONFIG": str(config)}, tmp_path / "streamlit.log")
    try:
        yield url
    finally:
        stop_process(proc)


def test_bad_config_names_the_key_and_every_page_still_works(page, bad_config_app: str) -> None:
    """tts_rate = "fast" is named on each page, and the Check page (which needs no model) still checks."""
    for path in ("", "check"):
        open_page(page, f"{bad_config_app}/{path}")
        warning = page.locator('[data-testid="stAlertContentWarning"]').first.inner_text()
        assert "tts_rate" in warning and "use their defaults" in warning
        assert exceptions(page) == []
    page.get_by_label("Correct answer").fill("2(x+1)")
    page.get_by_label("Your answer").fill("2x+2")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("Equivalent.").wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "bad_config_check_page.png"), full_page=True)


def cas_workers(pid: int) -> list[psutil.Process]:
    """The math worker processes under ``pid`` (started with multiprocessing's spawn)."""
    return [p for p in psutil.Process(pid).children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]


def test_the_checker_is_started_with_the_app(page, app_env: dict[str, str], tmp_path: Path) -> None:
    """The first page view starts the CAS workers, before anyone checks an answer."""
    proc, url = start_app(app_env, tmp_path / "streamlit.log")
    try:
        open_page(page, url)
        for _ in range(600):
            if len(cas_workers(proc.pid)) == POOL_SIZE:
                break
            page.wait_for_timeout(100)
        assert len(cas_workers(proc.pid)) == POOL_SIZE
    finally:
        stop_process(proc)


@pytest.fixture
def paused_job_app(app_env: dict[str, str], tmp_path: Path):
    """A running app whose grading database holds one paused job of the sample class; its data folder."""
    data = tmp_path / "data"
    job = start_job(load_settings(data_dir=str(data)), CLASS, lang="zh")
    pause_job(load_settings(data_dir=str(data)), job)
    env = {**app_env, "TUTOR_DATA_DIR": str(data), "TUTOR_CONFIG": str(data / "config.toml"),
           "TUTOR_TEACHER_PASSCODE_HASH": hash_passcode(PASSCODE)}
    proc, url = start_app(env, tmp_path / "streamlit.log")
    try:
        yield url, data
    finally:
        stop_process(proc)


def fragment_error(page, pattern: str) -> re.Match:
    """The error matching ``pattern`` that the job panel (a fragment) shows after a click inside it."""
    box = page.locator('[data-testid="stAlertContentError"]').filter(has_text=re.compile(pattern))
    box.wait_for(timeout=60_000)
    wait_idle(page)
    assert exceptions(page) == []
    # The text alone, without the icon's name.
    text = box.locator('[data-testid="stMarkdownContainer"]').inner_text()
    found = re.fullmatch(pattern, text)
    assert found is not None, text
    return found


def test_errors_inside_a_fragment_pass_through_the_error_boundary(paused_job_app: tuple[str, Path], page) -> None:
    """A click in the job panel reruns that fragment alone, without app.py: its errors still get the boundary's
    treatment, a TutorError in the page's language, anything else logged with a reference."""
    url, data = paused_job_app
    open_page(page, f"{url}/teacher?lang=zh")
    page.get_by_label(t("access.passcode", "zh")).fill(PASSCODE)
    page.get_by_role("button", name=t("access.enter", "zh")).click()
    page.get_by_role("heading", name=t("teacher.title", "zh")).wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_text(t("teacher.regrade", "zh"), exact=True).click()
    key = data.parent / "key.csv"
    key.write_text("question,answer\n", encoding="utf-8")
    uploader = page.locator(".st-key-teacher_regrade_key_1")
    uploader.locator('input[type="file"]').set_input_files(str(key))
    # Its button reads "Cancel upload of" until the file is on the server.
    uploader.get_by_label("Remove key.csv").wait_for(timeout=120_000)
    wait_idle(page)
    page.get_by_role("button", name=t("teacher.regrade_start", "zh")).click()
    fragment_error(page, re.escape(t("key.no_questions", "zh").format(source="key.csv")))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "fragment_error_zh.png"), full_page=True)

    # A damaged grading database is no TutorError: the next rerun of the panel is logged.
    database = data / "grading.sqlite3"
    for extra in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        extra.unlink(missing_ok=True)
    database.write_bytes(b"not a database " * 512)
    page.get_by_role("button", name=t("teacher.cancel", "zh")).click()
    pattern = re.escape(t("error.unexpected", "zh").replace("**", ""))
    found = fragment_error(page, pattern.replace(r"\{reference\}", "([0-9a-f]{6})").replace(r"\{log\}", r"\S+"))
    log = (data / "logs" / "app.log").read_text(encoding="utf-8")
    assert f" error {found.group(1)}\n" in log and "DatabaseError" in log
