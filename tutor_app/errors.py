"""Domain errors. Each message tells a person what to do next.

Pages show them with ``st.error`` and the CLI prints them and exits with code 2;
anything that is not a ``TutorError`` is a bug and must surface in tests.
"""

from tutor_app.i18n import Text


class TutorError(Exception):
    """A problem the user can act on; ``str(err)`` is the message to show, ``said(lang)`` the same in ``lang``."""

    def __init__(self, message: str = "", *, key: str = "", **values: object) -> None:
        # With a ``key`` the message is the interface text of that name, so it can be said in any language;
        # a value that is a Text (a part of the message) is said in that language too.
        super().__init__(message or Text(key, **values).said("en"))
        self.key, self.values = key, values

    def said(self, lang: str) -> str:
        """The message in ``lang`` where it has an interface text, else as written."""
        return Text(self.key, **self.values).said(lang) if self.key else str(self)


class ConfigError(TutorError):
    """The configuration file, an environment variable or a flag is invalid."""


class ModelNotFoundError(TutorError):
    """No model file where one was expected."""


class ModelFileError(TutorError):
    """A model file exists but is truncated, of the wrong kind or mismatched."""


class DownloadError(TutorError):
    """A model download could not be done (offline, no disk space, hub error)."""


class BackendError(TutorError):
    """The model backend failed while answering (server down, context overflow)."""


class ServerUnavailableError(BackendError):
    """The model server cannot be reached, or dropped the connection: nothing is answered until it is back."""


class QueueFullError(TutorError):
    """Too many requests are already waiting for the model."""


class RateLimitError(TutorError):
    """One session sent more requests in a minute than the classroom limit allows."""


class ImageError(TutorError):
    """An uploaded file is not an image we can use."""


class PromptError(TutorError):
    """A prompt template is missing, malformed or lacks a variable."""


class SampleError(TutorError):
    """A sample problem is unknown or its files are missing."""


class MathInputError(TutorError):
    """A math expression could not be read or is not allowed."""


class SpeechError(TutorError):
    """Offline speech is unavailable or failed."""


class GradingError(TutorError):
    """A grading job, answer key or export could not be processed."""


class PictureError(TutorError):
    """A chart or graph could not be drawn as an image."""
