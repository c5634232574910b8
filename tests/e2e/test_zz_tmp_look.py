import pytest
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_solve import type_problem, check_work
from tests.e2e.test_student import choose_language, PHONE
from tests.support.browser import wait_idle

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_look(browser, app_url, lang):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    type_problem(page, app_url, "Solve $e^x = 100$")
    reply = check_work(page, "x = \\log 100\nArea = 3 × 4 = 13 cm^2\n$5 × 3 = $16")
    if lang == "zh":
        choose_language(page, "zh")
    box = page.get_by_label("Your final answer" if lang == "en" else "你的最终答案")
    box.fill("log 100")
    box.press("Enter")
    wait_idle(page)
    page.locator(".st-key-solve_answer_check button").click()
    wait_idle(page, 120_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"look_{lang}.png"), full_page=True)
    context.close()
