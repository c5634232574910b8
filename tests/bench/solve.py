"""The Solve page: time to the first streamed token, and what streaming costs the page.

(1) Pressing Solve to the first token, in process: the page's path (respond()
    through the relay thread, on the shared LocalBackend) against a bare
    llama-cpp-python create_chat_completion on the same tiny model, image and
    prompt, interleaved, same run. Target: within 100 ms.
(2) The same in a real browser: click "Show me the steps" in headless Chromium
    against a real `tutor app`, until the first streamed text is on screen;
    and the messages the browser sends while an answer streams (each one
    would be a script rerun: the target is none).
(3) Re-render cost per chunk: normalising the whole answer so far into
    Streamlit math, at the end of a long answer.

Run: .venv/bin/python -m tests.bench.solve
"""

from __future__ import annotations

import base64
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.bench._common import bare_llama, photo
from tests.support.browser import open_page, wait_idle
from tests.support.servers import start_app, stop_process
from tutor_app.config import load_settings
from tutor_app.mathtext import normalize_math
from tutor_app.model.ask import sampling_for
from tutor_app.model.backends import close_backend, get_backend
from tutor_app.model.images import prepare_image
from tutor_app.model.llama_log import route_llama_logs
from tutor_app.model.local import physical_cores
from tutor_app.model.tiny import make_tiny_model
from tutor_app.prompts import load_tutor_prompt
from tutor_app.tutoring import Chunk, Mode, Problem, relay, respond

REPEATS = 9
TARGET_MS = 100.0
PROBLEM = "Solve 3x + 5 = 20"
BROWSER_REPEATS = 5
ANSWER_TOKENS = 2000


def bare_first_token(llm, settings, image: bytes) -> float:
    """Seconds to the first content chunk of a bare create_chat_completion with the page's prompt."""
    prompt = load_tutor_prompt(Mode.SOLVE.value, "en", problem=PROBLEM)
    prepared = prepare_image(image, short_side=settings.image_short_side, max_tokens=settings.image_max_tokens)
    url = f"data:{prepared.mime};base64," + base64.b64encode(prepared.data).decode("ascii")
    s = sampling_for(settings)
    start = time.perf_counter()
    chunks = llm.create_chat_completion(
        messages=[
            {"role": "system", "content": prompt.system},
            {"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}},
                                         {"type": "text", "text": prompt.problem}]},
            {"role": "user", "content": prompt.instructions},
        ],
        stream=True, temperature=s.temperature, top_p=s.top_p, top_k=s.top_k,
        presence_penalty=s.presence_penalty, repeat_penalty=s.repeat_penalty, max_tokens=s.max_tokens,
    )
    try:
        for chunk in chunks:
            if chunk["choices"][0]["delta"].get("content"):
                return time.perf_counter() - start
    finally:
        chunks.close()
    raise RuntimeError("the bare call streamed no text")


def page_first_token(backend, settings, image: bytes) -> float:
    """Seconds to the first chunk on the page's path: respond() through the relay."""
    problem = Problem(transcription=PROBLEM, images=(image,))
    start = time.perf_counter()
    events = relay(lambda cancel, on_wait: respond(
        backend, problem, Mode.SOLVE, settings=settings, lang="en", cancel=cancel, on_wait=on_wait))
    try:
        for event in events:
            if isinstance(event, Chunk):
                return time.perf_counter() - start
    finally:
        events.close()
    raise RuntimeError("the page's path streamed no text")


def first_token(model: Path, mmproj: Path, data: Path) -> None:
    # The photo in every request, as the bare side sends it (a pure-math problem would go without).
    settings = load_settings(model=model, mmproj=mmproj, data_dir=data, max_tokens=8, seed=1, text_only_math=False)
    # Both sides log to the same file, so neither pays for a terminal.
    route_llama_logs(data / "logs" / "llama.log")
    backend = get_backend(settings)
    backend.load()
    # The same context size the backend chose (the tiny model's own is small).
    llm = bare_llama(model, mmproj, settings, min(settings.n_ctx, backend.info.context_length))
    bare_first_token(llm, settings, photo(0))
    page_first_token(backend, settings, photo(0))
    bare, page = [], []
    for i in range(1, REPEATS + 1):
        # A new photo each time, as for a new problem: no side can reuse an encoded image.
        image = photo(i)
        # Alternate which side goes first, so neither always runs on a warmer cache.
        for side in (("bare", "page") if i % 2 else ("page", "bare")):
            if side == "bare":
                bare.append(bare_first_token(llm, settings, image))
            else:
                page.append(page_first_token(backend, settings, image))
    llm.close()
    close_backend()
    difference = (statistics.median(page) - statistics.median(bare)) * 1000
    print(f"(1) Solve to first token, in process: a new 640x480 JPEG each run + solve prompt, {settings.n_threads or physical_cores()} threads, "
          f"{REPEATS} interleaved runs each")
    for label, times in (("bare create_chat_completion", bare), ("page path (respond + relay)", page)):
        print(f"    {label:29} median {statistics.median(times) * 1000:7.1f} ms  "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    verdict = "met" if difference <= TARGET_MS else "NOT met"
    print(f"    page - bare: median {difference:+.1f} ms, min {(min(page) - min(bare)) * 1000:+.1f} ms "
          f"(target within {TARGET_MS:.0f} ms: {verdict})")


def in_browser(model: Path, mmproj: Path, data: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM_ARGS, chromium_path

    env = dict(os.environ, TUTOR_MODEL=str(model), TUTOR_MMPROJ=str(mmproj), TUTOR_DATA_DIR=str(data),
               TUTOR_CONFIG=str(data / "config.toml"), TUTOR_MAX_TOKENS="200")
    proc, url = start_app(env, data / "streamlit.log")
    sent: list[float] = []
    received: list[float] = []
    first, sent_while_streaming, received_while_streaming = [], [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("websocket", lambda ws: (ws.on("framesent", lambda _: sent.append(time.perf_counter())),
                                             ws.on("framereceived", lambda _: received.append(time.perf_counter()))))
            open_page(page, url)
            page.get_by_text("Type it", exact=True).click()
            area = page.locator(".st-key-solve_typed textarea")
            area.wait_for()
            area.fill(PROBLEM)
            area.press("Control+Enter")
            wait_idle(page)
            page.get_by_role("button", name="Use this problem").click()
            solve = page.get_by_role("button", name="Show me the steps")
            solve.wait_for()
            wait_idle(page)
            for n in range(BROWSER_REPEATS):
                clicked = time.perf_counter()
                solve.click()
                page.locator(".st-key-solve_streaming [data-testid='stMarkdownContainer']").first.wait_for(
                    timeout=120_000)
                first.append(time.perf_counter() - clicked)
                page.locator(f".st-key-solve_reply_{n}").wait_for(timeout=300_000)
                done = time.perf_counter()
                wait_idle(page, 300_000)
                # The click itself sends one message; anything more while streaming is a rerun.
                sent_while_streaming.append(sum(1 for t in sent if clicked < t <= done) - 1)
                received_while_streaming.append(sum(1 for t in received if clicked < t <= done))
            browser.close()
    finally:
        stop_process(proc)
    print(f"(2) In Chromium against `tutor app` (200-token answers, {BROWSER_REPEATS} runs): click to first "
          f"streamed text median {statistics.median(first) * 1000:.0f} ms "
          f"(min {min(first) * 1000:.0f}, max {max(first) * 1000:.0f})")
    print(f"    messages the browser sent while an answer streamed (reruns): {sent_while_streaming}")
    print(f"    messages the server sent per answer (deltas): {received_while_streaming}")


def render_cost() -> None:
    words = [f"step {i}: \\(x_{{{i}}} = \\frac{{{i}}}{{2}}\\)\n" if i % 7 == 0 else f"word{i} " for i in range(ANSWER_TOKENS)]
    text, costs = "", []
    for word in words:
        text += word
        start = time.perf_counter()
        normalize_math(text)
        costs.append(time.perf_counter() - start)
    last = costs[-100:]
    print(f"(3) normalize_math per chunk at the end of a {ANSWER_TOKENS}-chunk answer ({len(text)} characters): "
          f"median {statistics.median(last) * 1000:.2f} ms; whole answer {sum(costs) * 1000:.0f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        model, mmproj = make_tiny_model(root)
        first_token(model, mmproj, root)
        (root / "app").mkdir()
        in_browser(model, mmproj, root / "app")
    render_cost()


if __name__ == "__main__":
    main()
