"""The Teacher page's charts of the class; clicking a bar lists the students behind it."""

from __future__ import annotations

import streamlit as st

from tutor_app.grading.mistakes import QuestionMistakes
from tutor_app.i18n import t
from tutor_app.grading.charts import class_charts, picked_table


def charts(job_id: int, rows: list[dict], students: list[str], mistakes: list[QuestionMistakes], lang: str) -> None:
    """The scores, answer-group and needing-review charts, each with a table of the bars picked in it."""
    st.subheader(t("chart.heading", lang))
    st.caption(t("chart.pick", lang))
    for chart in class_charts(rows, students, mistakes, lang):
        with st.container(key=f"teacher_chart_{chart.name}"):
            st.markdown(f"**{chart.title}**")
            if chart.chart is None:
                st.caption(t("chart.nobody_waiting", lang))
                continue
            event = st.altair_chart(
                chart.chart, on_select="rerun", width="stretch", key=f"teacher_chart_{chart.name}_{job_id}"
            )
            picks = [pick for chosen in event.selection.values() for pick in chosen]
            lines = picked_table(rows, chart.records, picks, lang)
            if lines:
                st.caption(t("chart.picked", lang))
                st.table(lines, hide_index=True)
