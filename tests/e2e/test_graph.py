"""Show me the graph in real headless Chromium: the chart element carries the CAS's labelled roots."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import exceptions, open_page, wait_idle
from tutor_app.i18n import t

pytestmark = pytest.mark.slow

CHART = '.st-key-solve_graph [data-testid="stVegaLiteChart"]'
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.mark.parametrize(("lang", "screen"), [("en", "desktop"), ("zh", "phone")])
def test_confirm_a_quadratic_open_the_graph_and_find_the_labelled_roots(browser, app_url: str, lang: str,
                                                                         screen: str) -> None:
    context = browser.new_context(viewport=SCREENS[screen], is_mobile=screen == "phone")
    page = context.new_page()
    try:
        open_page(page, f"{app_url}?lang={lang}")
        page.get_by_text(t("solve.source.type", lang), exact=True).click()
        area = page.locator(".st-key-solve_typed textarea")
        area.wait_for(timeout=60_000)
        area.fill("Solve x^2 - 5x + 6 = 0")
        area.press("Control+Enter")
        wait_idle(page)
        page.get_by_role("button", name=t("solve.use_typed", lang), exact=True).click()
        show = page.get_by_role("button", name=t("graph.show", lang))
        show.wait_for(timeout=60_000)
        wait_idle(page)
        show.click()
        chart = page.locator(CHART)
        chart.wait_for(timeout=60_000)
        wait_idle(page)
        labels = chart.locator("svg text")
        labels.filter(has_text="x = 3").first.wait_for(timeout=30_000)
        shown = labels.all_text_contents()
        for label in ("x = 2", "x = 3", "(5/2, -1/4)"):
            assert label in shown, shown
        # The chart's accessible name is the one-sentence description, in words.
        spoken = {"en": "crosses the x-axis at x equals 2 and x equals 3", "zh": "与x轴交于x等于2和x等于3"}[lang]
        assert page.locator(f'.st-key-solve_graph div[aria-label*="{spoken}"]').count() == 1
        sentence = {"en": "crosses the x-axis at", "zh": "与 x 轴交于"}[lang]
        page.locator(".st-key-solve_graph").get_by_text(sentence).wait_for(timeout=30_000)
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= SCREENS[screen]["width"], box
        assert exceptions(page) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".st-key-solve_graph").screenshot(path=str(ARTIFACTS / f"graph_{lang}_{screen}_chart.png"))
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"graph_{lang}_{screen}.png"), full_page=True)
        context.close()
