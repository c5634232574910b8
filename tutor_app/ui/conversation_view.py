"""Widgets of the follow-up conversation on the Solve page: the chat box, and each exchange as chat messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from tutor_app.i18n import t
from tutor_app.mathtext import inert_markdown

CHAT = "solve_follow_up"


def chat_box(lang: str) -> str:
    """The chat box under the replies; the question sent from it on this run ("" when none)."""
    # In a container the box stays where it is drawn, under the replies, instead of pinned to the window's foot.
    with st.container(key="solve_follow_up_box"):
        question = st.chat_input(t("follow.placeholder", lang), key=CHAT)
    return (question or "").strip()


@contextmanager
def exchange(question: str, summarised: int, dropped: int, lang: str) -> Iterator[None]:
    """The student's question as a chat message, then the tutor's message, which the block fills."""
    with st.chat_message("user"):
        st.markdown(inert_markdown(question))
    with st.chat_message("assistant"):
        if summarised or dropped:
            st.caption(t("follow.trimmed", lang).format(summarised=summarised, dropped=dropped))
        yield
