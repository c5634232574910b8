"""Teacher: grade a class's homework in the background, review and correct the marks, export."""

import streamlit as st

from tutor_app.grading import list_jobs
from tutor_app.i18n import t
from tutor_app.ui import resources, review_view, shell, teacher_view
from tutor_app.ui.access import require_teacher

lang = shell.language()
# The navigation only routes here once signed in; asking again guards a direct run of this file.
require_teacher(lang)
settings = resources.settings()
st.title(t("teacher.title", lang))
teacher_view.new_batch(settings, lang, expanded=not list_jobs(settings))
job_id = teacher_view.choose_job(settings, lang, list_jobs(settings))
if job_id is not None:
    teacher_view.job_progress(settings, job_id, lang)
    review_view.review(settings, job_id, lang)
