"""Check an answer: is the student's answer equivalent to the correct one?"""

import streamlit as st

from tutor_app.i18n import t
from tutor_app.mathcheck import check_answer
from tutor_app.ui import classroom, resources, shell
from tutor_app.ui.render import show_verdict

FORMS = ("", "factored", "expanded", "simplified", "lowest_terms", "exact")

lang = shell.language()
st.title(t("check.title", lang))
st.write(t("check.intro", lang))

with st.form("check_form"):
    reference = st.text_input(t("check.reference", lang), key="check_reference", placeholder="x = 2 or x = 3")
    answer = st.text_input(t("check.answer", lang), key="check_answer", placeholder="{3, 2}")
    with st.expander(t("check.options", lang)):
        form = st.selectbox(t("check.form", lang), FORMS, format_func=lambda f: t(f"check.form.{f or 'any'}", lang),
                            key="check_form_req")
        tolerance = st.number_input(t("check.tolerance", lang), min_value=0.0, max_value=1.0, value=0.0,
                                    step=0.001, format="%.4f", key="check_tolerance")
        units = st.text_input(t("check.units", lang), key="check_units", placeholder="m/s")
    submitted = st.form_submit_button(t("check.button", lang), type="primary")

if submitted:
    if not reference.strip() or not answer.strip():
        st.warning(t("check.empty", lang))
    else:
        classroom.admit_check()
        verdict = check_answer(
            reference,
            answer,
            tolerance=tolerance or None,
            form=form or None,
            units=units.strip() or None,
            timeout=resources.settings().cas_timeout,
        )
        show_verdict(verdict, lang, reveal=True)
