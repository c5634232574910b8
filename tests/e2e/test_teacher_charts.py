"""The Teacher page's charts in a real browser: the sample class graded, a bar clicked, its students listed.

The class is graded before the app starts (CAS checks for real, transcriptions scripted) so each bar's
students are known exactly; test_teacher.py grades through the page with the tiny model.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_teacher import PASSCODE, download, sign_in
from tests.support.browser import choose_option, exceptions, wait_idle
from tests.support.grading_class import CLASS, KEY, SampleClassBackend
from tests.support.servers import start_app, stop_process
from tutor_app.config import load_settings
from tutor_app.grading import run_job, start_job
from tutor_app.grading.passcode import hash_passcode
from tutor_app.i18n import t

pytestmark = pytest.mark.slow

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def charts_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app whose grading database holds the sample class, graded with its key."""
    data = tmp_path_factory.mktemp("charts-app-data")
    settings = load_settings(data_dir=data)
    job = start_job(settings, CLASS, key=KEY)
    run_job(settings, job, backend=SampleClassBackend(settings))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")},
        "TUTOR_DATA_DIR": str(data),
        "TUTOR_CONFIG": str(data / "config.toml"),
        "TUTOR_TEACHER_PASSCODE_HASH": hash_passcode(PASSCODE),
        "HF_HUB_OFFLINE": "1",
    }
    proc, url = start_app(env, tmp_path_factory.mktemp("charts-app-log") / "streamlit.log")
    yield url
    stop_process(proc)


def chart(page, name: str):
    """The container of one chart (title, chart, table of picked students), scrolled into view."""
    box = page.locator(f".st-key-teacher_chart_{name}")
    box.scroll_into_view_if_needed()
    box.locator('[data-testid="stVegaLiteChart"] [aria-roledescription="bar"]').first.wait_for(timeout=60_000)
    return box


def pick(page, box, *labels: str) -> list[list[str]]:
    """Click the bar whose description has every one of ``labels``; the cells of the table it fills."""
    box.locator('[aria-roledescription="bar"]' + "".join(f'[aria-label*="{label}"]' for label in labels)).click()
    wait_idle(page)
    box.locator('[data-testid="stTable"]').wait_for(timeout=60_000)
    rows = box.locator('[data-testid="stTable"] tbody tr').all()
    return [[cell.strip() for cell in row.locator("td, th").all_inner_texts()] for row in rows]


def y_axis(box) -> str:
    """Vega's description of the chart's y axis, which lists its bars."""
    return box.locator('[aria-roledescription="axis"][aria-label^="Y-axis"]').get_attribute("aria-label")


def test_charts_list_the_students_of_a_clicked_bar(page, charts_url: str) -> None:
    sign_in(page, charts_url)
    scores = chart(page, "scores")
    assert "Q1, Q2, Q3" in y_axis(scores)
    rows = pick(page, scores, "question: Q1", "score: 2 / 2")
    assert [row[:3] for row in rows] == [["ana", "Q1", "2 / 2"], ["ben", "Q1", "2 / 2"], ["dana", "Q1", "2 / 2"]]
    ARTIFACTS.mkdir(exist_ok=True)
    scores.screenshot(path=str(ARTIFACTS / "teacher_chart_scores_en.png"))

    answers = chart(page, "answers")
    rows = pick(page, answers, "Q1 · x = 7")
    assert [row[0] for row in rows] == ["chen", "fay"]
    answers.screenshot(path=str(ARTIFACTS / "teacher_chart_answers_en.png"))

    review = chart(page, "review")
    # One segment of the bar picks the whole student.
    rows = pick(page, review, "student: eli", "question: Q2")
    assert [row[:2] for row in rows] == [["eli", "Q1"], ["eli", "Q2"], ["eli", "Q3"]]
    review.screenshot(path=str(ARTIFACTS / "teacher_chart_review_en.png"))
    assert exceptions(page) == []

    summary = download(page, "summary").read_text(encoding="utf-8")
    images = re.findall(r'<img class="chart" src="data:image/png;base64,([^"]+)" alt="([^"]+)">', summary)
    assert [alt for _, alt in images] == [
        t("chart.alt").format(title=t(f"chart.{name}")) for name in ("scores", "answers", "review")
    ]
    for (data, _), name in zip(images, ("scores", "answers", "review"), strict=True):
        (ARTIFACTS / f"teacher_summary_chart_{name}.png").write_bytes(base64.b64decode(data))


def test_charts_in_chinese_at_phone_width(page, charts_url: str) -> None:
    sign_in(page, charts_url)
    choose_option(page, page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first, "简体中文")
    page.get_by_role("heading", name=t("teacher.title", "zh")).wait_for(timeout=30_000)
    wait_idle(page)
    page.set_viewport_size(PHONE)
    wait_idle(page)
    scores = chart(page, "scores")
    assert "第1题, 第2题, 第3题" in y_axis(scores)
    rows = pick(page, scores, "第2题", "0 / 2")
    assert [row[:3] for row in rows] == [["dana", "第2题", "0 / 2"]]
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("scores", "answers", "review"):
        chart(page, name).screenshot(path=str(ARTIFACTS / f"teacher_chart_{name}_zh_phone.png"))
    assert exceptions(page) == []
