"""A problem's photo is encoded once: later requests reuse its kept prefix (tiny model, real llama.cpp).

The tiny model's tokenizer spends a token per character, so these tests use a teacher's
prompts folder with short templates: the same code path, at a tenth of the prompt length.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bench._common import photo
from tutor_app.config import Settings, load_settings
from tutor_app.model.local import LocalBackend
from tutor_app.model.probe import probe_model
from tutor_app.prompts import load_prompt
from tutor_app.tutoring import Mode, Problem, Reply, respond, transcribe

# Tokens a request may evaluate beyond its new text: the end-of-turn markers around it.
pytestmark = pytest.mark.slow

MARGIN = 4
PROBLEM = "Solve $2x + 3 = 7$"
MODES = (Mode.SOLVE, Mode.HINT, Mode.HINT, Mode.CHECK_WORK)
WORK = "2x = 10\nx = 5"


SHORT_TEMPLATES = {
    "shared": "Tutor. Explain in {language}.\n---\nProblem: {problem}",
    "transcribe": "Copy it out.\n---\nTranscribe.",
    "solve": "Number the steps.\n---\nSolve it.",
    "hint": "One hint only.\n---\nWork: {student_work}\nHints: {previous_hints}\nHint {hint_number}.",
    "check_work": "Find the first wrong line.\n---\nWork: {student_work}",
}


@pytest.fixture(autouse=True)
def short_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "en").mkdir()
    for task, text in SHORT_TEMPLATES.items():
        (tmp_path / "en" / f"{task}.md").write_text(text, encoding="utf-8")
    monkeypatch.setenv("TUTOR_PROMPTS_DIR", str(tmp_path))
    return tmp_path


def settings_for(**changes: object) -> Settings:
    return load_settings(max_tokens=12, seed=3, **changes)


@pytest.fixture
def open_backend(tiny_model_files: tuple[Path, Path]) -> Iterator:
    opened: list[LocalBackend] = []

    def make(settings: Settings) -> LocalBackend:
        # The first-use probe encodes its own tiny image into the same log: run it (it is remembered)
        # before counting, so the count is this backend's alone.
        probe_model(settings, *tiny_model_files)
        backend = LocalBackend(settings, *tiny_model_files)
        PROBE_ENCODES[backend] = _log_encodes(backend)
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        backend.close()


PROBE_ENCODES: dict[LocalBackend, int] = {}


def _log_encodes(backend: LocalBackend) -> int:
    log = backend.log_path
    return log.read_text(encoding="utf-8").count("encoding image slice") if log.exists() else 0


def encodes(backend: LocalBackend) -> int:
    """This backend's vision-encoder runs so far, counted from llama.cpp's own log."""
    return _log_encodes(backend) - PROBE_ENCODES[backend]


def ask_five(backend: LocalBackend, settings: Settings, image: bytes, session: str) -> Iterator[tuple[str, str]]:
    """Read the photo, then steps, a hint, the next hint and check my work: (request, answer) each."""
    read = "".join(transcribe(backend, [image], settings=settings, lang="en", session=session))
    yield "read", read
    problem = Problem(transcription=PROBLEM, images=(image,))
    for mode in MODES:
        work = WORK if mode is Mode.CHECK_WORK else ""
        answer = "".join(respond(backend, problem, mode, settings=settings, lang="en", student_work=work,
                                 session=session))
        problem.replies.append(Reply(mode, answer, "en"))
        yield mode.value, answer


def turn_tokens(backend: LocalBackend, text: str) -> int:
    """Tokens of ``text`` on the model's own tokenizer."""
    return len(backend._prompts.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))


def new_text(folder: Path, problem: Problem, mode: Mode, first_after_read: bool) -> str:
    """What a request adds after the kept prefix, as the tiny model's chat template writes it."""
    prompt_values = {"student_work": WORK if mode is Mode.CHECK_WORK else "",
                     "hint_number": len(problem.hints()) + 1,
                     "previous_hints": "\n\n".join(f"{i}. {h}" for i, h in enumerate(problem.hints(), 1))}
    own = load_prompt(mode.value, "en", folder=folder, **prompt_values)
    text = f"<|im_start|>user\n{own.system}\n\n{own.user}<|im_end|>\n<|im_start|>assistant\n"
    if first_after_read:
        text = load_prompt("shared", "en", folder=folder, problem=PROBLEM).user + "<|im_end|>\n" + text
    return text


def test_five_requests_on_one_photo_run_the_vision_encoder_once(open_backend, short_templates) -> None:
    settings = settings_for(text_only_math=False)
    backend = open_backend(settings)
    image = photo(1)
    problem = Problem(transcription=PROBLEM, images=(image,))
    usages = []
    for index, (name, answer) in enumerate(ask_five(backend, settings, image, "s1")):
        assert answer, name
        usage = backend.last_prompt()
        usages.append(usage)
        assert encodes(backend) == 1, name
        if index:
            mode = MODES[index - 1]
            assert usage.images_encoded == 0
            added = new_text(short_templates, problem, mode, index == 1)
            assert usage.decoded <= turn_tokens(backend, added) + MARGIN, name
            problem.replies.append(Reply(mode, answer, "en"))
    assert usages[0].images_encoded == 1
    # The first request decoded the whole prompt, image tokens included; the later ones a small part of it.
    assert all(u.decoded * 3 < usages[0].decoded for u in usages[1:])
    assert backend.kept_prefixes()[0] == 1


def test_without_the_cache_every_request_encodes_the_photo_again(open_backend) -> None:
    settings = settings_for(text_only_math=False, prefix_cache_mb=0)
    backend = open_backend(settings)
    for index, _ in enumerate(ask_five(backend, settings, photo(1), "s1"), 1):
        assert encodes(backend) == index
    assert backend.kept_prefixes() == (0, 0)


def test_a_pure_math_problem_is_tutored_from_its_text_after_the_read(open_backend) -> None:
    settings = settings_for()
    backend = open_backend(settings)
    images = []
    for name, _ in ask_five(backend, settings, photo(1), "s1"):
        assert encodes(backend) == 1, name
        images.append(backend.last_prompt().prompt_images)
    assert images == [1, 0, 0, 0, 0]


def test_two_sessions_at_once_each_get_their_own_answers(open_backend) -> None:
    settings = settings_for(text_only_math=False)
    images = {"anna": photo(1), "ben": photo(2)}
    # Each student's answers from a model that keeps nothing between requests.
    reference = open_backend(settings_for(text_only_math=False, prefix_cache_mb=0))
    alone = {name: list(ask_five(reference, settings, image, name)) for name, image in images.items()}
    assert alone["anna"] != alone["ben"]

    shared = open_backend(settings)
    encoded_before = encodes(shared)
    together: dict[str, list] = {name: [] for name in images}
    steps = threading.Barrier(2)

    def student(name: str) -> None:
        for answer in ask_five(shared, settings, images[name], name):
            together[name].append(answer)
            # Both students' next requests wait in line together, so the model alternates between them.
            steps.wait(timeout=60)

    threads = [threading.Thread(target=student, args=(name,)) for name in images]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert together == alone
    assert encodes(shared) - encoded_before == 2
    assert shared.kept_prefixes()[0] == 2


def test_the_same_photo_in_another_session_is_encoded_again(open_backend) -> None:
    settings = settings_for(text_only_math=False)
    backend = open_backend(settings)
    image = photo(1)
    for session in ("anna", "ben"):
        list(transcribe(backend, [image], settings=settings, lang="en", session=session))
    assert encodes(backend) == 2
    assert backend.last_prompt().restored is False
