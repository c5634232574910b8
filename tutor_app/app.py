"""Streamlit entry point: the shared header and navigation over the pages."""

import streamlit as st

from tutor_app.ui import shell
from tutor_app.ui.model_status import show_model_status

st.set_page_config(page_title="tutor_app", page_icon=":material/calculate:", layout="wide")
page = st.navigation(shell.pages())
shell.header()
show_model_status(shell.language())
page.run()
