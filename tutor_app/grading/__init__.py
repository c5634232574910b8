"""Batch grading of homework photos: jobs, answer keys, storage, review, charts, exports."""

from tutor_app.grading.exports import export_job, gradebook_csv
from tutor_app.grading.jobs import (
    JobSummary,
    Progress,
    cancel_job,
    job_info,
    job_summary,
    list_jobs,
    open_job,
    pause_job,
    preview_job,
    regrade_job,
    run_job,
    start_job,
)
from tutor_app.grading.mistakes import common_mistakes
from tutor_app.grading.review import job_results, override_score, student_detail

__all__ = [
    "JobSummary",
    "Progress",
    "cancel_job",
    "common_mistakes",
    "export_job",
    "gradebook_csv",
    "job_info",
    "job_results",
    "job_summary",
    "list_jobs",
    "open_job",
    "override_score",
    "pause_job",
    "preview_job",
    "regrade_job",
    "run_job",
    "start_job",
    "student_detail",
]
