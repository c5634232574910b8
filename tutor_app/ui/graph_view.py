"""The Solve page's graph: "Show me the graph" for a problem the CAS can draw, the chart and its sentence."""

from __future__ import annotations

import streamlit as st

from tutor_app.errors import TutorError
from tutor_app.i18n import t
from tutor_app.mathtext import inert_markdown
from tutor_app.pictures.graph import Graph, describe
from tutor_app.pictures.plot import graph_spec
from tutor_app.speech import math_to_words, synthesize
from tutor_app.tutoring import Problem, problem_graph
from tutor_app.ui import resources

# Per problem id, what the CAS made of it: a Graph, or None when there is nothing to draw.
GRAPHS = "solve_graphs"
GRAPH_AUDIO = "solve_graph_audio"


def _set(problem: Problem, graph: Graph | None) -> None:
    problem.graph = graph


def show_graph(problem: Problem, lang: str) -> None:
    """The graph button, or once opened the chart, its one sentence and read-aloud; nothing the CAS cannot draw."""
    graphs = st.session_state.setdefault(GRAPHS, {})
    if problem.id not in graphs:
        graphs[problem.id] = problem.graph or problem_graph(problem, timeout=resources.settings().cas_timeout)
    graph = graphs[problem.id]
    if graph is None:
        return
    if problem.graph is None:
        st.button(t("graph.show", lang), key=f"solve_graph_show_{problem.id}", icon=":material/show_chart:",
                  on_click=_set, args=(problem, graph))
        return
    sentence = describe(graph, lang)
    with st.container(border=True, key="solve_graph"):
        st.markdown(f"**{t('graph.title', lang)}**")
        st.vega_lite_chart(spec=graph_spec(graph), width="stretch", alt=math_to_words(sentence, lang))
        st.markdown(inert_markdown(sentence))
        st.caption(t("graph.caption", lang))
        cols = st.columns(2)
        speak = cols[0].button(t("graph.read_aloud", lang), key=f"solve_graph_speak_{problem.id}",
                               icon=":material/volume_up:")
        cols[1].button(t("graph.hide", lang), key=f"solve_graph_hide_{problem.id}", on_click=_set,
                       args=(problem, None))
        if speak:
            settings = resources.settings()
            try:
                st.session_state[GRAPH_AUDIO] = (problem.id, lang, synthesize(
                    sentence, lang, rate=settings.tts_rate, voice=settings.voice_for(lang)))
            except TutorError as exc:
                st.error(inert_markdown(exc.said(lang)))
        audio = st.session_state.get(GRAPH_AUDIO)
        if audio and audio[:2] == (problem.id, lang):
            st.audio(audio[2], format="audio/wav", autoplay=speak)
