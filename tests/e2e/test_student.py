"""A student's side in real Chromium: a phone's main column, history across a reload, screenshots in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import choose_option, exceptions, open_page, wait_idle
from tutor_app.i18n import t
from tutor_app.samples import list_samples

pytestmark = pytest.mark.slow

PHONE = {"width": 360, "height": 740}
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}
FRACTIONS = next(s for s in list_samples() if s.id == "fractions")


def button(page, label: str):
    return page.get_by_role("button", name=label, exact=True)


def choose_language(page, lang: str) -> None:
    """Pick the language in the main column, as a phone user would."""
    choose_option(page, page.locator(".st-key-phone_bar [data-testid='stSelectbox']"), LANGUAGE_NAMES[lang])
    wait_idle(page)


def try_the_example(page, lang: str) -> None:
    """Confirm the fractions example as shown (no model needed) and check a wrong answer."""
    page.get_by_text(t("solve.source.example", lang), exact=True).click()
    wait_idle(page)
    choose_option(page, page.locator(".st-key-solve_example [data-testid='stSelectbox']"), FRACTIONS.title_in(lang))
    page.wait_for_function("v => [...document.querySelectorAll('textarea')].some(t => t.value === v)",
                           arg=FRACTIONS.transcription, timeout=60_000)
    wait_idle(page)
    button(page, t("solve.confirm", lang)).click()
    button(page, t("solve.mode.solve", lang)).wait_for(timeout=60_000)
    wait_idle(page)


def check_answer(page, answer: str, lang: str) -> None:
    box = page.get_by_label(t("solve.answer", lang))
    box.fill(answer)
    box.press("Enter")
    wait_idle(page)
    button(page, t("solve.answer_button", lang)).click()
    wait_idle(page)


def test_a_phone_has_new_problem_and_the_language_without_the_sidebar(browser, app_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        open_page(phone, app_url)
        # The sidebar is folded away, off the left edge of the screen.
        sidebar = phone.locator('[data-testid="stSidebar"]').bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0, sidebar
        main = phone.locator('[data-testid="stMain"]')
        for control in (button(main, t("solve.new")), main.locator(".st-key-phone_bar [data-testid='stSelectbox']")):
            box = control.bounding_box()
            assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], box
            assert box["y"] + box["height"] <= PHONE["height"], box
        choose_language(phone, "zh")
        phone.get_by_role("heading", name=t("solve.title", "zh")).wait_for(timeout=30_000)
        assert button(main, t("solve.new", "zh")).is_visible()
        assert exceptions(phone) == []
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "solve_phone_360x740_zh.png"), full_page=True)
        context.close()


def test_a_reload_brings_the_problems_back_and_another_browser_sees_none(browser, app_url: str) -> None:
    mine, other = (browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2))
    try:
        page = mine.new_page()
        open_page(page, app_url)
        try_the_example(page, "en")
        check_answer(page, "17/12", "en")
        page.get_by_text("Equivalent.").first.wait_for(timeout=60_000)
        address = page.url
        assert "me=" in address
        # At desktop width the sidebar has these controls; the phone bar stays out of the way.
        assert not page.locator(".st-key-phone_bar").is_visible()
        page.reload()
        wait_idle(page)
        history = page.locator('[data-testid="stSidebar"]').get_by_role("button", name=re.compile("Adding fractions"))
        history.wait_for(timeout=60_000)
        assert history.count() == 1
        # The problem worked on last is open again, with its checked answer.
        page.get_by_text("Equivalent.").first.wait_for(timeout=60_000)

        stranger = other.new_page()
        open_page(stranger, app_url)
        assert stranger.locator('[class*="st-key-solve_open_"]').count() == 0
        assert stranger.url != address
        assert exceptions(page) == [] and exceptions(stranger) == []
    finally:
        mine.close()
        other.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshots_of_solve_worksheet_and_check(page, app_url: str, tmp_path: Path, lang: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    open_page(page, app_url)
    if lang == "zh":
        choose_option(page, page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first, LANGUAGE_NAMES[lang])
        wait_idle(page)
    try_the_example(page, lang)
    check_answer(page, "5/7", lang)
    verdict = page.locator('[data-testid="stAlertContentError"]').first
    verdict.wait_for(timeout=60_000)
    assert "17" not in verdict.inner_text()
    button(page, t("solve.show_answer", lang)).click()
    wait_idle(page)
    page.locator('[data-testid="stAlertContentInfo"]').first.wait_for(timeout=60_000)
    assert "17" in page.locator('[data-testid="stAlertContentInfo"]').first.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"solve_{lang}.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name=t("solve.download_html", lang)).click()
    sheet = tmp_path / "worksheet.html"
    download.value.save_as(sheet)
    html = sheet.read_text(encoding="utf-8")
    assert "<math" in html and "\\frac" not in html
    page.goto(sheet.as_uri())
    page.screenshot(path=str(ARTIFACTS / f"worksheet_{lang}.png"), full_page=True)

    page.go_back()
    wait_idle(page)
    page.get_by_role("link", name=t("nav.check", lang)).click()
    wait_idle(page)
    page.get_by_label(t("check.reference", lang)).fill("x = 2 or x = 3")
    page.get_by_label(t("check.answer", lang)).fill("x^2")
    button(page, t("check.button", lang)).click()
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=60_000)
    wait_idle(page)
    page.screenshot(path=str(ARTIFACTS / f"check_{lang}.png"), full_page=True)
    assert exceptions(page) == []
