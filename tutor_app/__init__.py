"""tutor_app: a local-first AI math and science tutor for classrooms."""

__version__ = "0.1.0"
