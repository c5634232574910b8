"""Projector: the classroom address and a large QR code for the teacher's screen."""

from tutor_app.ui import classroom, shell
from tutor_app.ui.access import require_teacher

lang = shell.language()
require_teacher(lang)
classroom.projector(lang)
