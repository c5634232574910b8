"""The Teacher page in a real browser: sign in, grade the sample class with the tiny model, override, download."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import exceptions, open_page, wait_idle
from tests.support.servers import start_app, stop_process
from tutor_app.grading.passcode import hash_passcode
from tutor_app.i18n import t

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CLASS = ROOT / "sample_problems" / "class"
PASSCODE = "2468"
STUDENTS = ["ana", "ben", "chen", "dana", "eli", "fay"]


@pytest.fixture(scope="module")
def teacher_url(app_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app of its own (empty grading database) with a Teacher passcode already set."""
    data = tmp_path_factory.mktemp("teacher-app-data")
    env = {
        **app_env,
        "TUTOR_DATA_DIR": str(data),
        "TUTOR_CONFIG": str(data / "config.toml"),
        "TUTOR_TEACHER_PASSCODE_HASH": hash_passcode(PASSCODE),
        # Short answers keep six students quick on the tiny model.
        "TUTOR_MAX_TOKENS": "64",
        "TUTOR_N_CTX": "4096",
        "TUTOR_IMAGE_SHORT_SIDE": "128",
        "TUTOR_SEED": "7",
    }
    proc, url = start_app(env, tmp_path_factory.mktemp("teacher-app-log") / "streamlit.log")
    yield url
    stop_process(proc)


def sign_in(page, url: str) -> None:
    open_page(page, url)
    page.locator('[data-testid="stSidebarNav"]').get_by_text(t("nav.teacher")).click()
    page.get_by_role("heading", name=t("access.title")).wait_for(timeout=60_000)
    page.get_by_label(t("access.passcode")).fill(PASSCODE)
    page.get_by_role("button", name=t("access.enter")).click()
    page.get_by_role("heading", name=t("teacher.title")).wait_for(timeout=60_000)
    wait_idle(page)


def test_grade_review_override_and_download(page, teacher_url: str) -> None:
    sign_in(page, teacher_url)
    assert exceptions(page) == []
    page.get_by_text(t("teacher.no_jobs")).wait_for()

    folder = page.get_by_role("textbox", name=t("teacher.folder"))
    folder.fill(str(CLASS))
    folder.press("Enter")
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(CLASS / "key.csv"))
    page.get_by_text("key.csv").first.wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_role("button", name=t("teacher.start")).click()

    progress = page.locator('[data-testid="stProgress"]')
    # While grading, the bar counts files: "2/7 files · about 0:40 left · now: chen".
    progress.filter(has_text=re.compile(r"\d/7 files")).wait_for(timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_teacher_progress.png"), full_page=True)
    page.get_by_text(t("teacher.finished").split("{")[0]).wait_for(timeout=400_000)
    wait_idle(page)
    assert exceptions(page) == []
    assert progress.inner_text().strip().endswith(t("teacher.students_done").format(done=6, total=6))

    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for()
    points = page.get_by_role("spinbutton", name=t("teacher.points").format(max="2")).first
    points.fill("1.5")
    page.get_by_role("button", name=t("teacher.save")).first.click()
    page.get_by_text(t("teacher.saved").format(student="ana", question="1")).wait_for(timeout=60_000)
    wait_idle(page)
    assert page.get_by_text(t("teacher.edited"), exact=True).count() == 1

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=t("teacher.download_csv")).click()
    assert download.value.suggested_filename == "gradebook-job1.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [(r["student"], r["question"]) for r in rows] == [(s, q) for s in STUDENTS for q in ("1", "2", "3")]
    ana = next(r for r in rows if (r["student"], r["question"]) == ("ana", "1"))
    assert (ana["points"], ana["max_points"]) == ("1.5", "2")
    assert exceptions(page) == []


def test_another_browser_sees_no_grading_data(browser, teacher_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    student = context.new_page()
    try:
        open_page(student, teacher_url)
        student.locator('[data-testid="stSidebarNav"]').get_by_text(t("nav.teacher")).click()
        student.get_by_role("heading", name=t("access.title")).wait_for(timeout=60_000)
        wait_idle(student)
        main = student.locator('[data-testid="stMain"]').inner_text()
        assert t("teacher.title") not in main
        assert not any(name in main for name in STUDENTS)
        assert exceptions(student) == []
    finally:
        context.close()
