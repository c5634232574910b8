"""The model's status in the sidebar, refreshed while it loads."""

from __future__ import annotations

import streamlit as st

from tutor_app.i18n import t
from tutor_app.ui import resources
from tutor_app.ui.boundary import fragment


def _show(status: resources.ModelStatus, lang: str) -> None:
    label = t(f"model.{status.state}", lang)
    message = status.said.said(lang) if status.said is not None else status.message
    if status.state == "ready":
        st.success(label, icon=":material/check_circle:")
    elif status.state == "loading":
        st.progress(status.progress, text=f"{label} {message}")
    elif status.state == "remote":
        st.info(f"{label}: {message}", icon=":material/dns:")
    elif status.state == "missing":
        st.warning(label, icon=":material/download:")
        st.caption(t("model.missing_hint", lang))
    else:
        st.error(f"{label}: {message}")


@fragment(run_every=1.0)
def _while_loading(lang: str) -> None:
    status = resources.model_status()
    _show(status, lang)
    if status.state != "loading":
        # Loading finished: one full rerun drops this once-a-second refresh.
        st.rerun(scope="app")


def show_model_status(lang: str) -> None:
    """A line in the sidebar: model ready, loading (with progress), missing or failed."""
    status = resources.model_status()
    with st.sidebar:
        if status.state == "loading":
            _while_loading(lang)
        else:
            _show(status, lang)
