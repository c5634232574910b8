"""Exports of the sample class: both gradebooks for an LMS, printable feedback sheets with MathML."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from tests.support.grading_class import CLASS, EXPECTED_WIDE_CSV, HELD, KEY, SampleClassBackend
from tutor_app.config import Settings, load_settings
from tutor_app.grading import gradebook_csv, override_score, run_job, start_job
from tutor_app.grading.exports import (
    class_feedback,
    feedback_sheet,
    gradebook_wide_csv,
    safe_cell,
)
from tutor_app.grading.review import release_answers
from tutor_app.i18n import t


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def graded(settings: Settings, folder: Path = CLASS, lang: str = "en") -> int:
    job = start_job(settings, folder, key=KEY, lang=lang)
    run_job(settings, job, backend=SampleClassBackend(settings))
    return job


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("ana", "ana"),
        ("2.5", "2.5"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_cell(cell: str, safe: str) -> None:
    assert safe_cell(cell) == safe


def test_wide_gradebook_one_row_per_student(settings: Settings) -> None:
    job = graded(settings)
    text = gradebook_wide_csv(settings, job)
    assert text == EXPECTED_WIDE_CSV
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [r["student"] for r in rows] == ["ana", "ben", "chen", "dana", "eli", "fay"]


def test_formula_file_names_land_as_text(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    shutil.copytree(CLASS, folder)
    (folder / "ana_homework.jpg").rename(folder / "=HYPERLINK(1)_hw.jpg")
    job = graded(settings, folder)
    for text in (gradebook_csv(settings, job), gradebook_wide_csv(settings, job)):
        assert text.startswith("\ufeff")
        cells = [cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for cell in row]
        assert "'=HYPERLINK(1)" in cells
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_chinese_names_survive_the_bom(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    shutil.copytree(CLASS, folder)
    (folder / "ana_homework.jpg").rename(folder / "李明_作业.jpg")
    job = graded(settings, folder)
    data = gradebook_wide_csv(settings, job).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "李明" in data.decode("utf-8-sig")


def test_feedback_sheet_shows_question_answer_mark_feedback_as_mathml(settings: Settings) -> None:
    job = graded(settings)
    sheet = feedback_sheet(settings, job, "chen")
    assert sheet.startswith('<!DOCTYPE html><html lang="en">')
    for label in ("sheet.answer", "sheet.mark", "sheet.feedback"):
        assert f"<dt>{t(label)}</dt>" in sheet
    # The question text comes from the key's notes, the answer and steps are MathML.
    assert "Solve 2x + 3 = 11" in sheet
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow><mi>x</mi><mo>&#x0003D;</mo><mn>7</mn>' in sheet
    assert "0 / 2 ✗" in sheet and "Feedback on 1." in sheet
    assert t("sheet.correct") not in sheet
    release_answers(settings, job)
    released = feedback_sheet(settings, job, "chen")
    assert f"<dt>{t('sheet.correct')}</dt><dd><math" in released


def test_unreadable_work_is_held_for_the_teacher(settings: Settings) -> None:
    job = graded(settings)
    sheet = feedback_sheet(settings, job, "eli")
    assert HELD in sheet
    assert "could not be read" not in sheet and "0 / 7" not in sheet and "0 / 2" not in sheet
    override_score(settings, job, "eli", "1", 2.0, None)
    assert "2 / 2 ✓" in feedback_sheet(settings, job, "eli")


def test_class_feedback_has_every_student_on_a_page_of_their_own(settings: Settings) -> None:
    job = graded(settings)
    html = class_feedback(settings, job)
    assert re.findall(r'<section class="student"><h1>(\w+)</h1>', html) == ["ana", "ben", "chen", "dana", "eli", "fay"]
    assert "@media print{" in html and ".student{break-after:page}" in html
    assert "<math" in html and "$" not in html


def test_sheets_are_in_the_feedback_language(settings: Settings) -> None:
    job = graded(settings, lang="zh")
    sheet = feedback_sheet(settings, job, "ana")
    assert sheet.startswith('<!DOCTYPE html><html lang="zh">')
    assert f"<dt>{t('sheet.answer', 'zh')}</dt>" in sheet
    assert t("sheet.question", "zh").format(question="1") in sheet


class NothingRead:
    """A model that reads no questions from any page."""

    name = "nothing"
    supports_vision = True
    supports_streaming = True

    def stream(self, request):
        yield '{"readable": true, "questions": []}'


def test_wide_gradebook_keeps_roster_order_without_a_key(settings: Settings) -> None:
    job = start_job(settings, CLASS)
    run_job(settings, job, backend=NothingRead())
    rows = list(csv.reader(io.StringIO(gradebook_wide_csv(settings, job).removeprefix("\ufeff"))))
    assert rows[0] == ["student", "?", "total", "percent"]
    assert [r[0] for r in rows[1:]] == ["ana", "ben", "chen", "dana", "eli", "fay"]
    # Nothing was read and nothing is marked yet: no number for an LMS to post.
    assert {tuple(r[1:]) for r in rows[1:]} == {("", "", "")}
