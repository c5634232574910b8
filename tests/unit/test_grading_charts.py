"""Charts of the sample class graded for real (CAS checks, scripted transcriptions): data, clicks, images."""

from __future__ import annotations

import base64
import io
import re
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.support.grading_class import CLASS, KEY, SampleClassBackend
from tests.unit.test_grading_exports import NothingRead
from tutor_app.config import Settings, load_settings
from tutor_app.grading import common_mistakes, job_results, override_score, run_job, start_job
from tutor_app.grading.charts import (
    RIGHT,
    UNREAD,
    WRONG,
    answer_shares,
    class_charts,
    picked,
    picked_table,
    review_waiting,
    score_counts,
)
from tutor_app.grading.exports import class_summary, export_job, roster
from tutor_app.i18n import t
from tutor_app.pictures import chart_png

SIXTH = 1 / 6


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def graded(settings: Settings, lang: str = "en") -> int:
    job = start_job(settings, CLASS, key=KEY, lang=lang)
    run_job(settings, job, backend=SampleClassBackend(settings))
    return job


def test_scores_per_question_full_marks_first_unread_pages_apart(settings: Settings) -> None:
    rows = job_results(settings, graded(settings))
    assert [(r["label"], r["score"], r["students"], r["count"]) for r in score_counts(rows, "en")] == [
        ("Q1", "2 / 2", ["ana", "ben", "dana"], 3),
        ("Q1", "0 / 2", ["chen", "fay"], 2),
        ("Q1", "page not read", ["eli"], 1),
        ("Q2", "2 / 2", ["ana", "ben", "chen", "fay"], 4),
        ("Q2", "0 / 2", ["dana"], 1),
        ("Q2", "page not read", ["eli"], 1),
        ("Q3", "3 / 3", ["ana", "chen", "dana"], 3),
        ("Q3", "0 / 3", ["ben", "fay"], 2),
        ("Q3", "page not read", ["eli"], 1),
    ]


def test_scores_follow_the_teacher(settings: Settings) -> None:
    job = graded(settings)
    override_score(settings, job, "ana", "1", 1.5, None)
    override_score(settings, job, "eli", "1", 2.0, None)
    counts = {r["score"]: r["students"] for r in score_counts(job_results(settings, job), "zh") if r["question"] == "1"}
    # A page the teacher scored by hand counts at that score, not as unread.
    assert counts == {"2 / 2": ["ben", "dana", "eli"], "1.5 / 2": ["ana"], "0 / 2": ["chen", "fay"]}
    assert {r["label"] for r in score_counts(job_results(settings, job), "zh")} == {"第1题", "第2题", "第3题"}


def test_answer_groups_share_of_the_class(settings: Settings) -> None:
    job = graded(settings)
    rows = job_results(settings, job)
    shares = answer_shares(common_mistakes(settings, job, rows), "en")
    assert [(r["bar"], r["answer"], r["right"], r["students"]) for r in shares] == [
        ("Q1 · 4", "4, x = 4", "right", ["ana", "ben", "dana"]),
        ("Q1 · x = 7", "x = 7, 7", "wrong", ["chen", "fay"]),
        ("Q1 · (no answer)", "(no answer)", "not decided", ["eli"]),
        ("Q2 · 2x+2", "2x+2, 2(x+1), 2(x + 1)", "right", ["ana", "ben", "chen", "fay"]),
        ("Q2 · (no answer)", "(no answer)", "not decided", ["eli"]),
        ("Q2 · x+1", "x+1", "wrong", ["dana"]),
        ("Q3 · 12.5 m/s", "12.5 m/s, 1250 cm/s", "right", ["ana", "chen", "dana"]),
        ("Q3 · (no answer)", "(no answer)", "not decided", ["eli"]),
        ("Q3 · 0.08 s/m", "0.08 s/m", "wrong", ["fay"]),
        ("Q3 · 12 m/s", "12 m/s", "wrong", ["ben"]),
    ]
    assert [r["share"] for r in shares] == pytest.approx(
        [3 * SIXTH, 2 * SIXTH, SIXTH, 4 * SIXTH, SIXTH, SIXTH, 3 * SIXTH, SIXTH, SIXTH, SIXTH]
    )
    assert shares[1]["first_wrong"] == "2x = 11 + 3"


def test_needing_review_lists_held_pages_until_the_teacher_scores_them(settings: Settings) -> None:
    job = graded(settings)
    waiting = review_waiting(job_results(settings, job), roster(settings, job), "en")
    assert [(r["student"], r["label"], r["why"]) for r in waiting] == [
        ("eli", "Q1", "page not read"), ("eli", "Q2", "page not read"), ("eli", "Q3", "page not read"),
    ]
    assert "could not be read" in waiting[0]["reason"]
    override_score(settings, job, "eli", "2", 0.0, None)
    waiting = review_waiting(job_results(settings, job), roster(settings, job), "zh")
    assert [(r["label"], r["why"]) for r in waiting] == [("第1题", "页面未能识别"), ("第3题", "页面未能识别")]


def test_needing_review_without_a_key_counts_flagged_and_unread_students(settings: Settings) -> None:
    job = start_job(settings, CLASS)
    run_job(settings, job, backend=NothingRead())
    waiting = review_waiting(job_results(settings, job), roster(settings, job), "en")
    # Eli's damaged photo leaves no result at all: one item, with no question.
    assert [(r["student"], r["label"], r["why"]) for r in waiting] == [
        ("ana", "?", "flagged for review"), ("ben", "?", "flagged for review"), ("chen", "?", "flagged for review"),
        ("dana", "?", "flagged for review"), ("eli", "—", "page not read"), ("fay", "?", "flagged for review"),
    ]


def test_a_picked_bar_lists_exactly_its_students(settings: Settings) -> None:
    job = graded(settings)
    rows = job_results(settings, job)
    charts = {c.name: c for c in class_charts(rows, roster(settings, job), common_mistakes(settings, job, rows), "en")}
    # A pick is what Streamlit returns for the chart's selection: the values of the selection's fields.
    table = picked_table(rows, charts["scores"].records, [{"question": "1", "score": "2 / 2"}], "en")
    assert [(line["student"], line["question"], line["score"], line["right"]) for line in table] == [
        ("ana", "Q1", "2 / 2", "✓"), ("ben", "Q1", "2 / 2", "✓"), ("dana", "Q1", "2 / 2", "✓"),
    ]
    picks = [{"question": "3", "group": 3}, {"question": "1", "group": 1}]
    table = picked_table(rows, charts["answers"].records, picks, "en")
    assert [(line["student"], line["answer"], line["right"]) for line in table] == [
        ("chen", "x = 7", "✗"), ("fay", "7", "✗"), ("ben", "12 m/s", "✗"),
    ]
    table = picked_table(rows, charts["review"].records, [{"student": "eli"}], "en")
    assert [(line["question"], line["score"], line["needs review"][:22]) for line in table] == [
        ("Q1", "page not read", "The photo could not be"),
        ("Q2", "page not read", "The photo could not be"),
        ("Q3", "page not read", "The photo could not be"),
    ]
    assert picked(charts["scores"].records, []) == []


def test_charts_carry_their_click_selections(settings: Settings) -> None:
    job = graded(settings)
    rows = job_results(settings, job)
    charts = class_charts(rows, roster(settings, job), common_mistakes(settings, job, rows), "en")
    params = {c.name: c.chart.to_dict() for c in charts}
    assert params["scores"]["params"][0]["select"] == {"type": "point", "fields": ["question", "score"]}
    assert params["answers"]["params"][0]["select"] == {"type": "point", "fields": ["question", "group"]}
    assert params["review"]["params"][0]["select"] == {"type": "point", "fields": ["student"]}
    assert params["scores"]["encoding"]["color"]["scale"]["range"] == [RIGHT, RIGHT, WRONG, WRONG, UNREAD]


def test_nobody_waiting_draws_no_review_chart(settings: Settings) -> None:
    job = graded(settings)
    for question in ("1", "2", "3"):
        override_score(settings, job, "eli", question, 0.0, None)
    rows = job_results(settings, job)
    charts = class_charts(rows, roster(settings, job), common_mistakes(settings, job, rows), "en")
    assert [(c.name, c.chart is None) for c in charts] == [("scores", False), ("answers", False), ("review", True)]
    assert f"<p>{t('chart.nobody_waiting')}</p>" in class_summary(settings, job)


def colours(png: bytes) -> set[str]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {"#{:02x}{:02x}{:02x}".format(*c) for _, c in image.getcolors(maxcolors=1 << 20)}


def test_score_chart_image_shows_full_marks_no_marks_and_unread(settings: Settings) -> None:
    job = graded(settings)
    rows = job_results(settings, job)
    scores = class_charts(rows, roster(settings, job), common_mistakes(settings, job, rows), "en", width=400)[0]
    assert {RIGHT, WRONG, UNREAD} <= colours(chart_png(scores.chart))


def summary_images(html: str) -> list[tuple[str, bytes]]:
    return [(alt, base64.b64decode(data))
            for data, alt in re.findall(r'<img class="chart" src="data:image/png;base64,([^"]+)" alt="([^"]+)">', html)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_class_summary_has_the_three_charts_as_images(settings: Settings, tmp_path: Path, lang: str) -> None:
    job = graded(settings, lang)
    images = summary_images(class_summary(settings, job))
    titles = [t(f"chart.{name}", lang) for name in ("scores", "answers", "review")]
    assert [alt for alt, _ in images] == [t("chart.alt", lang).format(title=title) for title in titles]
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for _, png in images)
    assert {RIGHT, WRONG, UNREAD} <= colours(images[0][1])
    written = export_job(settings, job, tmp_path)["summary"].read_text(encoding="utf-8")
    assert len(summary_images(written)) == 3


def test_summary_without_the_renderer_keeps_its_tables_and_says_why(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = graded(settings)
    monkeypatch.setitem(sys.modules, "vl_convert", None)
    html = class_summary(settings, job)
    assert summary_images(html) == []
    assert t("chart.left_out").format(reason=t("pictures.no_renderer")) in html
    assert "<th>typical first wrong step</th>" in html and "2x = 11 + 3" in html


def test_a_question_worth_nothing_has_no_score_not_a_zero_division(settings: Settings) -> None:
    job = start_job(settings, CLASS)
    run_job(settings, job, backend=NothingRead())
    counts = score_counts(job_results(settings, job), "en")
    assert [(r["label"], r["score"], r["share"], r["students"]) for r in counts] == [
        ("?", "no score", -1.0, ["ana", "ben", "chen", "dana", "fay"]),
    ]
