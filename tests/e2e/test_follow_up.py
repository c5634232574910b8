"""A follow-up question in real Chromium on a phone, with the tiny model: the reply streams into the chat."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_student import PHONE, choose_language, try_the_example
from tests.support.browser import exceptions, open_page, wait_idle
from tutor_app.i18n import t

pytestmark = pytest.mark.slow

QUESTIONS = {"en": "Why do we need a common denominator?", "zh": "为什么要通分？"}
# Every text the streaming answer shows, recorded in the page as it changes.
RECORD_STREAM_JS = """
() => {
  window.streamed = [];
  new MutationObserver(() => {
    // The answer's own text: not the Stop button's label, not the "Thinking" caption.
    const bodies = [...document.querySelectorAll('.st-key-solve_streaming [data-testid="stMarkdownContainer"]')]
      .filter(el => !el.closest('button') && !el.closest('[data-testid="stCaptionContainer"]'));
    const text = bodies.length ? bodies[bodies.length - 1].innerText.trim() : '';
    if (text && window.streamed[window.streamed.length - 1] !== text) window.streamed.push(text);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_follow_up_streams_into_the_chat_on_a_phone(browser, app_url: str, lang: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_page(page, app_url)
        if lang == "zh":
            choose_language(page, "zh")
        try_the_example(page, lang)
        box = page.locator('[data-testid="stChatInputTextArea"]')
        assert box.get_attribute("placeholder") == t("follow.placeholder", lang)
        page.evaluate(RECORD_STREAM_JS)
        box.fill(QUESTIONS[lang])
        box.press("Enter")
        # The Stop button shows while the answer streams.
        page.get_by_role("button", name=t("solve.stop", lang)).wait_for(timeout=60_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"follow_up_phone_360x740_{lang}_streaming.png"))
        messages = page.locator('[data-testid="stChatMessage"]')
        messages.nth(1).get_by_role("button", name=t("solve.read_aloud", lang)).wait_for(timeout=120_000)
        wait_idle(page, 120_000)
        assert messages.count() == 2
        question = messages.nth(0).locator('[data-testid="stMarkdownContainer"]').first.inner_text().strip()
        assert question == QUESTIONS[lang]
        reply = messages.nth(1).locator('[data-testid="stMarkdownContainer"]').first.inner_text().strip()
        assert reply
        # Seen growing: several partial texts, each the start of the next, before the whole reply.
        streamed = page.evaluate("window.streamed")
        assert len(streamed) >= 2, streamed
        assert all(b.startswith(a) for a, b in zip(streamed, streamed[1:]))
        # The same CAS badge as every reply: the tiny model's words state no final answer.
        badge = messages.nth(1).locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]').first.inner_text()
        assert badge.startswith(t("solve.badge.not_checkable", lang))
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], width
        assert exceptions(page) == []
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        if page.locator('[data-testid="stChatMessage"]').count():
            page.locator('[data-testid="stChatMessage"]').first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"follow_up_phone_360x740_{lang}.png"), full_page=True)
        context.close()
