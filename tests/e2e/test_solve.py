"""The Solve page in real headless Chromium against a real app with the tiny model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import exceptions, open_page, wait_idle
from tests.support.servers import start_app, stop_process
from tutor_app.i18n import t
from tutor_app.samples import list_samples, samples_folder

pytestmark = pytest.mark.slow

UPLOAD = '[data-testid="stFileUploaderDropzoneInput"]'
REPLY = '[class*="st-key-solve_reply_"]'
STREAMING = ".st-key-solve_streaming"


def sample_path() -> tuple[Path, str]:
    sample = next(s for s in list_samples() if s.id == "linear-equation")
    return samples_folder() / sample.file, sample.answer


def answer_text(page):
    """The streamed answer's own text: the "Thinking…" caption shows before the request is even in line."""
    return page.locator(f"{STREAMING} [data-testid='stMarkdown']").filter(has_not_text="Thinking…").first


def button(page, label: str):
    return page.get_by_role("button", name=label, exact=True)


def read_and_confirm(page, image: Path, correction: str) -> None:
    """Upload ``image``, let the model read it, correct the reading and confirm."""
    page.locator(UPLOAD).first.set_input_files(str(image))
    page.get_by_text("As the model will see it").first.wait_for(timeout=60_000)
    wait_idle(page)
    button(page, "Read the problem").click()
    page.get_by_text("This is what I read").wait_for(timeout=120_000)
    wait_idle(page, 120_000)
    box = page.get_by_label("Correct anything that was misread")
    box.fill(correction)
    box.press("Control+Enter")
    wait_idle(page)
    button(page, "Confirm the problem").click()
    button(page, "Show me the steps").wait_for(timeout=60_000)
    wait_idle(page)


def type_problem(page, url: str, problem: str) -> None:
    """Open the app, type ``problem`` and use it."""
    open_page(page, url)
    page.get_by_text("Type it", exact=True).click()
    area = page.locator(".st-key-solve_typed textarea")
    area.wait_for(timeout=60_000)
    area.fill(problem)
    area.press("Control+Enter")
    wait_idle(page)
    # The rerun Control+Enter starts may not have begun when wait_idle looks, and a click during a
    # rerun is lost: click again while the button is still there.
    use, steps = button(page, "Use this problem"), button(page, "Show me the steps")
    for _ in range(3):
        if use.is_visible():
            use.click()
        try:
            steps.wait_for(timeout=20_000)
            break
        except PlaywrightTimeoutError:
            wait_idle(page)
    steps.wait_for(timeout=20_000)
    wait_idle(page)


def test_upload_read_confirm_solve_check_and_read_aloud(page, app_url: str) -> None:
    image, answer = sample_path()
    open_page(page, app_url)
    read_and_confirm(page, image, "Solve 3x + 5 = 20")

    button(page, "Show me the steps").click()
    reply = page.locator(REPLY).first
    reply.wait_for(timeout=120_000)
    wait_idle(page, 120_000)
    assert reply.locator('[data-testid="stMarkdownContainer"]').nth(1).inner_text().strip()
    # The tiny model's random words never hold a final answer, so the badge must say so.
    badge = reply.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]').first
    assert badge.inner_text() == f"{t('solve.badge.not_checkable')}. {t('why.no_final')}"

    page.get_by_label("Your final answer").fill(answer)
    page.get_by_label("Your final answer").press("Enter")
    wait_idle(page)
    button(page, "Check my answer").click()
    page.get_by_text("Equivalent.", exact=False).first.wait_for(timeout=60_000)
    wait_idle(page)

    reply.get_by_role("button", name="Read aloud").click()
    # The reply's own player: the chat box under the replies holds an audio element of its own.
    player = reply.locator("audio").first
    player.wait_for(state="attached", timeout=120_000)
    assert player.get_attribute("src")
    assert exceptions(page) == []


def test_corrupt_upload_shows_an_error_and_the_page_keeps_working(page, app_url: str, tmp_path: Path) -> None:
    corrupt = tmp_path / "homework.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 this is not really a JPEG")
    open_page(page, app_url)
    page.locator(UPLOAD).first.set_input_files(str(corrupt))
    error = page.locator('[data-testid="stAlertContentError"] [data-testid="stMarkdownContainer"]').first
    error.wait_for(timeout=60_000)
    assert error.inner_text().startswith("homework.jpg: ")
    image, _ = sample_path()
    page.locator(UPLOAD).first.set_input_files([str(corrupt), str(image)])
    page.get_by_text("As the model will see it").first.wait_for(timeout=60_000)
    wait_idle(page)
    assert button(page, "Read the problem").is_enabled()
    assert exceptions(page) == []


def app_answering(app_env: dict[str, str], tmp_path_factory, max_tokens: int) -> Iterator[str]:
    """A real app whose every answer is ``max_tokens`` long (the tiny model never stops early)."""
    env = dict(app_env, TUTOR_MAX_TOKENS=str(max_tokens))
    proc, url = start_app(env, tmp_path_factory.mktemp("app") / "streamlit.log")
    yield url
    stop_process(proc)


@pytest.fixture(scope="module")
def busy_app_url(app_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app whose answers are long enough that a second student has to wait in line."""
    yield from app_answering(app_env, tmp_path_factory, 600)


# Two whole answers, one after the other, on a machine that may be busy.
@pytest.mark.timeout(600)
def test_two_students_at_once_each_get_their_own_answer(browser, busy_app_url: str) -> None:
    contexts = [browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(2)]
    tabs = [context.new_page() for context in contexts]
    problems = ["Solve 2x + 1 = 9 (first student)", "Solve 5x - 5 = 10 (second student)"]
    try:
        for tab, problem in zip(tabs, problems, strict=True):
            type_problem(tab, busy_app_url, problem)

        button(tabs[0], "Show me the steps").click()
        # Only once the first student's answer is arriving is the model theirs: while the app builds
        # its model on the first question, the second click could still take the first place in line.
        answer_text(tabs[0]).wait_for(timeout=120_000)
        button(tabs[1], "Show me the steps").click()
        in_line = tabs[1].get_by_text("you are number 1 in line")
        in_line.wait_for(timeout=60_000)
        # It stays while the first answer streams: the heartbeats do not draw "Thinking…" over it.
        tabs[1].wait_for_timeout(1_500)
        assert in_line.is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        tabs[1].screenshot(path=str(ARTIFACTS / "two_students_waiting.png"))

        for tab in tabs:
            tab.locator(REPLY).first.wait_for(timeout=300_000)
            wait_idle(tab, 300_000)
        replies = [tab.locator(REPLY).all() for tab in tabs]
        assert [len(r) for r in replies] == [1, 1]
        texts = [r[0].inner_text() for r in replies]
        assert texts[0] != texts[1]
        for tab, problem, other in zip(tabs, problems, reversed(problems), strict=True):
            page_text = tab.locator('[data-testid="stMain"]').inner_text()
            assert problem in page_text and other not in page_text
            assert exceptions(tab) == []
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, (tab, context) in enumerate(zip(tabs, contexts, strict=True), 1):
            tab.screenshot(path=str(ARTIFACTS / f"two_students_{number}.png"), full_page=True)
            context.close()


@pytest.fixture(scope="module")
def long_app_url(app_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app whose answers take far longer than it takes to press Stop."""
    yield from app_answering(app_env, tmp_path_factory, 20000)


def test_stop_keeps_the_partial_answer(page, long_app_url: str) -> None:
    type_problem(page, long_app_url, "Solve 4x = 8")
    button(page, "Show me the steps").click()
    # Stop only once answer text is on screen: the "Thinking…" caption alone is not an answer.
    answer_text(page).wait_for(timeout=120_000)
    # A click on "Check my answer" now would be lost: the box says why it waits instead.
    assert page.get_by_label("Your final answer").is_disabled()
    assert page.get_by_text("Wait for the answer above to finish (or press Stop), then check yours.").is_visible()
    # Only the app's Stop: Streamlit's header has a Stop button of its own while a script runs.
    page.locator(STREAMING).get_by_role("button", name="Stop", exact=True).click()
    reply = page.locator(REPLY).first
    reply.get_by_text("Stopped before the end.").wait_for(timeout=60_000)
    wait_idle(page)
    assert page.get_by_label("Your final answer").is_enabled()
    assert page.locator(STREAMING).count() == 0
    assert reply.locator('[data-testid="stMarkdownContainer"]').nth(1).inner_text().strip()
    assert exceptions(page) == []


def test_stop_ends_writing_a_similar_problem(page, long_app_url: str) -> None:
    type_problem(page, long_app_url, "Solve 4x = 8")
    button(page, "Try a similar problem").click()
    making = page.locator(".st-key-similar_making")
    making.get_by_text("Writing a similar problem").wait_for(timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "similar_writing.png"))
    making.get_by_role("button", name="Stop", exact=True).click()
    making.wait_for(state="detached", timeout=30_000)
    wait_idle(page)
    # Stopped, not failed: no warning, and the student's own problem is still the one open.
    assert page.get_by_text("Could not make a similar problem").count() == 0
    assert page.locator('[data-testid="stSidebar"] button').filter(has_text="Solve 4x = 8").count() == 1
    assert button(page, "Try a similar problem").is_enabled()
    assert exceptions(page) == []


def check_work(page, working: str):
    """Type ``working`` into Check my work, send it and return the reply it gets."""
    area = page.locator(".st-key-solve_work textarea")
    if not area.is_visible():
        page.locator('[data-testid="stExpander"] summary').filter(has_text="Check my work").click()
    area.wait_for(timeout=60_000)
    area.fill(working)
    area.press("Control+Enter")
    wait_idle(page)
    count = page.locator(REPLY).count()
    page.locator(".st-key-solve_mode_check_work button").click()
    page.locator(REPLY).nth(count).wait_for(timeout=120_000)
    wait_idle(page, 120_000)
    return page.locator(REPLY).nth(count)


def test_check_my_work_trusts_a_root_list_and_puts_the_first_wrong_line_on_top(page, app_url: str) -> None:
    type_problem(page, app_url, "Solve $x^2 - 5x + 6 = 0$")
    right = check_work(page, "x^2 - 5x + 6 = 0\n(x - 2)(x - 3) = 0\nx = 2\nx = 3")
    assert right.locator('[data-testid="stAlertContentError"]').count() == 0

    wrong = check_work(page, "(x - 2)(x - 3) = 0\nx = 2\nx = 4")
    alerts = wrong.locator('[data-testid="stAlert"]')
    first = alerts.first.locator('[data-testid="stMarkdownContainer"]').inner_text()
    assert first.startswith("First line to look at: Line 3:"), first
    assert "does not satisfy" in first, first
    # Above the tutor's reply, not below it or folded away.
    top = alerts.first.bounding_box()["y"]
    heading = wrong.locator("h4").first.bounding_box()["y"]
    body = wrong.locator('[data-testid="stMarkdownContainer"]').filter(has_not_text="Check my work").all()
    assert heading < top < max(b.bounding_box()["y"] for b in body)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "check_my_work_first_wrong.png"), full_page=True)
    assert exceptions(page) == []
