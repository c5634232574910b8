"""Streamlit entry point: the shared header and navigation over the pages, inside the one error boundary."""

from pathlib import Path

import streamlit as st

from tutor_app.ui import resources, shell
from tutor_app.ui.boundary import error_boundary, show_settings_problem
from tutor_app.ui.model_status import show_model_status

# A file beside the app, not a Material icon: that one is fetched from an internet font service.
ICON = Path(__file__).resolve().parent / "icon.png"

st.set_page_config(page_title="tutor_app", page_icon=str(ICON), layout="wide")
with error_boundary():
    resources.warm_up_checker()
    page = st.navigation(shell.pages())
    shell.header()
    show_settings_problem(shell.language())
    show_model_status(shell.language())
    page.run()
