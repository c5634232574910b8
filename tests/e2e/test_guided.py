"""Guided mode in real headless Chromium against a real app with the tiny model, in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import exceptions, open_page, wait_idle
from tutor_app.i18n import t

pytestmark = pytest.mark.slow

REPLY = '[class*="st-key-solve_reply_"]'
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def button(page, label: str):
    return page.get_by_role("button", name=label, exact=True)


def type_problem(page, lang: str, problem: str) -> None:
    """Type ``problem`` on the Solve page in ``lang`` and use it."""
    page.locator('[data-testid="stMain"]').get_by_text(t("solve.source.type", lang), exact=True).click()
    area = page.locator(".st-key-solve_typed textarea")
    area.wait_for(timeout=60_000)
    area.fill(problem)
    area.press("Control+Enter")
    wait_idle(page)
    button(page, t("solve.use_typed", lang)).click()
    button(page, t("solve.mode.guide", lang)).wait_for(timeout=60_000)
    wait_idle(page)


def alert(turn, kind: str) -> str:
    """The text of the checker's mark in a guided turn, once drawn (its formulas are typeset after it appears)."""
    mark = turn.locator(f'[data-testid="stAlertContent{kind}"] [data-testid="stMarkdownContainer"]')
    expect(mark).to_have_text(re.compile(r"\S"), timeout=30_000)
    return mark.inner_text()


def send_step(page, lang: str, step: str):
    """Type ``step`` into the guided box, send it and return the guided turn it gets."""
    count = page.locator(REPLY).count()
    box = page.locator(".st-key-solve_guided_step textarea")
    box.fill(step)
    box.press("Control+Enter")
    wait_idle(page)
    button(page, t("guided.check", lang)).click()
    page.locator(REPLY).nth(count).wait_for(timeout=120_000)
    wait_idle(page, 120_000)
    return page.locator(REPLY).nth(count)


@pytest.mark.parametrize(("lang", "size"), [("en", "desktop"), ("zh", "phone"), ("en", "phone")])
def test_start_guided_mode_and_submit_steps(browser, app_url: str, lang: str, size: str) -> None:
    context = browser.new_context(viewport=SIZES[size], is_mobile=size == "phone", has_touch=size == "phone")
    page = context.new_page()
    try:
        open_page(page, f"{app_url}/?lang={lang}")
        type_problem(page, lang, "Solve 2x + 3 = 7")
        button(page, t("solve.mode.guide", lang)).click()
        opening = page.locator(REPLY).first
        opening.wait_for(timeout=120_000)
        wait_idle(page, 120_000)
        assert opening.locator("h4").inner_text() == t("solve.mode.guide", lang)
        # The tiny model writes random words: what it streamed is on the page, under the guided heading.
        assert opening.locator('[data-testid="stMarkdownContainer"]').nth(1).inner_text().strip()
        assert button(page, t("solve.mode.guide", lang)).count() == 0

        wrong = send_step(page, lang, "2x = 10")
        assert t("guided.verdict.step_wrong", lang).split("{")[0] in alert(wrong, "Error")
        page.locator(".st-key-solve_guided").scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"guided_{lang}_{size}_waiting.png"))
        right = send_step(page, lang, "2x = 4")
        assert t("guided.verdict.step_right", lang).split("{")[0] in alert(right, "Success")
        solved = send_step(page, lang, "x = 2")
        assert alert(solved, "Success") == t("guided.verdict.solved", lang)
        page.get_by_text(t("guided.solved", lang)).wait_for(timeout=60_000)
        assert page.locator(".st-key-solve_guided_step").count() == 0
        # Nothing on the page gives the answer away except the student's own step.
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "\\boxed" not in main
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
        # The tiny model's problems never check out with the CAS, so none is offered and the page says so.
        button(page, t("similar.button", lang)).click()
        failed = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text=t("similar.failed", lang)[:12])
        failed.wait_for(timeout=240_000)
        wait_idle(page)
        assert page.locator('[data-testid="stSidebar"] button').filter(has_text="2x + 3 = 7").count() == 1
        page.locator(".st-key-solve_similar").scroll_into_view_if_needed()
        assert exceptions(page) == []
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"guided_{lang}_{size}.png"), full_page=True)
        context.close()

