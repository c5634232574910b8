"""Charts of a graded class: each question's scores, its answer groups' shares, who still needs review.

Each chart is built from records (one per bar or bar segment) that name the students behind them,
so a bar picked on the Teacher page lists exactly those students.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt

from tutor_app.grading.mistakes import QuestionMistakes
from tutor_app.grading.review import mark, question_label
from tutor_app.i18n import t

# Colours that stay apart on a screen, a projector and a printout: green, amber, red, greys, orange.
RIGHT, PART, WRONG = "#2e7d32", "#f9a825", "#c62828"
UNDECIDED, UNREAD, FLAGGED = "#9e9e9e", "#616161", "#ef6c00"
# A bar a finger can pick on a phone, and an image wide enough for a printed page.
BAR_HEIGHT = 28
IMAGE_WIDTH = 560
# Fit the width only: the height is the bars', so axes and legend never squeeze them (Streamlit fits both otherwise).
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


@dataclass
class ClassChart:
    """One chart of the class: its name, title, the records it draws and the chart itself."""

    name: str
    title: str
    records: list[dict]
    chart: alt.Chart | alt.LayerChart | None


def score_counts(rows: list[dict], lang: str) -> list[dict]:
    """How many students got each score on each question, full marks first; pages without a score apart."""
    counts: dict[tuple[str, str], dict] = {}
    for r in rows:
        score, share = _score(r, lang)
        record = counts.setdefault((r["question"], score), {
            "question": r["question"],
            "label": question_label(r["question"], lang),
            "score": score,
            "share": share,
            "students": [],
        })
        record["students"].append(r["student"])
    order = list(dict.fromkeys(r["question"] for r in rows))
    records = sorted(counts.values(), key=lambda c: (order.index(c["question"]), -c["share"]))
    return [_counted(record, rank) for rank, record in enumerate(records)]


def _score(r: dict, lang: str) -> tuple[str, float]:
    """A result's score as shown, and its share of the points (-1 for none)."""
    # A page nobody could read has no score until the teacher gives one; nor has a question worth nothing.
    unread = r["unreadable"] and not r["overridden"]
    if unread or not r["max_points"]:
        return t("chart.unread" if unread else "chart.no_score", lang), -1.0
    return f"{r['points']:g} / {r['max_points']:g}", r["points"] / r["max_points"]


def answer_shares(mistakes: list[QuestionMistakes], lang: str) -> list[dict]:
    """Each question's answer groups (CAS-equivalent answers) with the share of the class that gave them."""
    records = []
    for item in mistakes:
        total = sum(group.count for group in item.groups)
        for index, group in enumerate(item.groups):
            label = question_label(item.question, lang)
            records.append(_counted({
                "question": item.question,
                "label": label,
                "group": index,
                "bar": f"{label} · {group.answer or t('chart.no_answer', lang)}",
                "answer": ", ".join(v for v in group.variants if v) or t("chart.no_answer", lang),
                "right": _rightness(group.correct, lang),
                "share": group.count / total,
                "first_wrong": group.typical_first_wrong or "",
                "students": list(group.students),
            }, len(records)))
    return records


def review_waiting(rows: list[dict], students: list[str], lang: str) -> list[dict]:
    """One record per item still waiting for the teacher, in roster order; a student with no results is one item."""
    graded = {r["student"] for r in rows}
    records = []
    for student in students:
        waiting = [r for r in rows if r["student"] == student and r["needs_review"]]
        if student not in graded:
            waiting = [{"question": "", "unreadable": True, "review_reason": ""}]
        for r in waiting:
            records.append(_counted({
                "student": student,
                "question": r["question"],
                "label": question_label(r["question"], lang) if r["question"] else "—",
                "why": t("chart.unread" if r["unreadable"] else "chart.flagged", lang),
                "reason": r["review_reason"],
                "students": [student],
            }, len(records)))
    return records


def _counted(record: dict, rank: int) -> dict:
    # Vega-Lite draws a list as text only by joining it first; "count" is the bar's length.
    return {**record, "rank": rank, "count": len(record["students"]), "names": ", ".join(record["students"])}


def _rightness(correct: bool | None, lang: str) -> str:
    return t({True: "chart.right", False: "chart.wrong", None: "chart.undecided"}[correct], lang)


def score_chart(records: list[dict], lang: str, width: int | str = "container") -> alt.Chart:
    """One horizontal bar per question, cut into its scores; clicking a segment picks (question, score)."""
    pick = alt.selection_point(name="score_pick", fields=["question", "score"])
    scores = list(dict.fromkeys(r["score"] for r in sorted(records, key=lambda r: -r["share"])))
    colours = [UNREAD if share < 0 else _blend(share) for share in (_share_of(records, s) for s in scores)]
    return (
        alt.Chart(alt.Data(values=records))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(dict.fromkeys(r["label"] for r in records)), title=None),
            x=alt.X("count:Q", stack="zero", title=t("chart.students", lang), axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "score:N", scale=alt.Scale(domain=scores, range=colours),
                legend=alt.Legend(title=t("chart.score", lang), orient="bottom", columns=4),
            ),
            order=alt.Order("rank:Q"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
            tooltip=_tooltip(lang, ("label", "chart.question"), ("score", "chart.score"),
                             ("count", "chart.students"), ("names", "chart.names")),
        )
        .add_params(pick)
        .properties(autosize=FIT_WIDTH, width=width, height=BAR_HEIGHT * len({r["question"] for r in records}))
    )


def answer_chart(records: list[dict], lang: str, width: int | str = "container") -> alt.LayerChart:
    """One bar per answer group, as long as its share of the class; clicking a bar picks (question, group)."""
    pick = alt.selection_point(name="answer_pick", fields=["question", "group"])
    base = alt.Chart(alt.Data(values=records)).encode(
        y=alt.Y("bar:N", sort=[r["bar"] for r in records], title=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X("share:Q", title=t("chart.share", lang), scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "right:N",
            scale=alt.Scale(domain=[_rightness(c, lang) for c in (True, False, None)], range=[RIGHT, WRONG, UNDECIDED]),
            legend=alt.Legend(title=None, orient="bottom"),
        ),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
        tooltip=_tooltip(lang, ("answer", "chart.answer"), ("right", "chart.right_or_wrong"),
                         ("count", "chart.students"), ("names", "chart.names"), ("first_wrong", "chart.first_wrong")),
    ).add_params(pick)
    shares = base.mark_text(align="left", dx=3).encode(text=alt.Text("share:Q", format=".0%"))
    return alt.layer(bars, shares).properties(autosize=FIT_WIDTH, width=width, height=BAR_HEIGHT * len(records))


def review_chart(records: list[dict], lang: str, width: int | str = "container") -> alt.Chart:
    """One bar per student still waiting, one segment per item; clicking a bar picks the student."""
    pick = alt.selection_point(name="review_pick", fields=["student"])
    students = list(dict.fromkeys(r["student"] for r in records))
    return (
        alt.Chart(alt.Data(values=records))
        .mark_bar(stroke="white")
        .encode(
            y=alt.Y("student:N", sort=students, title=None),
            x=alt.X("count:Q", stack="zero", title=t("chart.items", lang), axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "why:N",
                scale=alt.Scale(domain=[t("chart.unread", lang), t("chart.flagged", lang)], range=[UNREAD, FLAGGED]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("rank:Q"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
            tooltip=_tooltip(lang, ("student", "chart.student"), ("label", "chart.question"),
                             ("why", "chart.why"), ("reason", "chart.reason")),
        )
        .add_params(pick)
        .properties(autosize=FIT_WIDTH, width=width, height=BAR_HEIGHT * len(students))
    )


def class_charts(
    rows: list[dict], students: list[str], mistakes: list[QuestionMistakes], lang: str,
    width: int | str = "container",
) -> list[ClassChart]:
    """The three charts of a class; a chart with nothing to draw (nobody waiting) has no chart."""
    built = []
    for name, records, draw in (
        ("scores", score_counts(rows, lang), score_chart),
        ("answers", answer_shares(mistakes, lang), answer_chart),
        ("review", review_waiting(rows, students, lang), review_chart),
    ):
        chart = draw(records, lang, width) if records else None
        built.append(ClassChart(name, t(f"chart.{name}", lang), records, chart))
    return built


def picked(records: list[dict], picks: list[dict]) -> list[dict]:
    """The records that match one of a chart's picks on every field the pick names."""
    return [r for r in records if any(all(r.get(k) == v for k, v in p.items()) for p in picks)]


def picked_table(rows: list[dict], records: list[dict], picks: list[dict], lang: str) -> list[dict]:
    """The items behind the picked bars, one line per student and question, for the table under a chart."""
    lines = []
    for record in picked(records, picks):
        cells = {r["student"]: r for r in rows if r["question"] == record["question"]}
        for student in record["students"]:
            r = cells.get(student)
            lines.append({
                t("teacher.col.student", lang): student,
                t("chart.question", lang): record["label"],
                t("chart.score", lang): _score(r, lang)[0] if r else "—",
                t("chart.answer", lang): (r["answer"] if r else "") or "—",
                t("teacher.col.right", lang): mark(r) if r else "",
                t("teacher.col.review", lang): (r["review_reason"] or "⚠") if r and r["needs_review"] else "",
            })
    return lines


def _share_of(records: list[dict], score: str) -> float:
    return next(r["share"] for r in records if r["score"] == score)


def _blend(share: float) -> str:
    """Red for no marks through amber to green for full marks."""
    low, high, share = (WRONG, PART, share * 2) if share < 0.5 else (PART, RIGHT, share * 2 - 1)
    mixed = (round(int(low[i:i + 2], 16) * (1 - share) + int(high[i:i + 2], 16) * share) for i in (1, 3, 5))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def _tooltip(lang: str, *fields: tuple[str, str]) -> list[alt.Tooltip]:
    return [alt.Tooltip(field, type="quantitative" if field == "count" else "nominal", title=t(key, lang))
            for field, key in fields]
