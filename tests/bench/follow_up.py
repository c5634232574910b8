"""Follow-up questions: what a follow-up costs in prompt tokens against the first answer, and its first-text wait.

On the tiny model with the shipped prompts and a photo problem (the photo in every request):
read the photo, "Show me the steps" (the one-shot reply), then ten follow-up questions.
At follow-ups 1, 5 and 10 it reports the prompt's tokens, the extra tokens against the
first answer's prompt, the tokens llama.cpp actually evaluated, and the time to the first
text, two ways in the same run:
  kept  the default settings: the problem's prefix and the last request are reused;
  none  prefix_cache_mb=0: every request is evaluated from its start.
The tiny model's tokenizer spends about a token per character, so its counts run three to
four times the real model's; the "est." column is the app's own estimate for the real
model (UTF-8 bytes / 3, the one the trimming uses).

Run: .venv/bin/python -m tests.bench.follow_up
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.bench._common import photo
from tutor_app.config import Settings, load_settings
from tutor_app.model.local import LocalBackend, physical_cores
from tutor_app.model.tiny import TINY_VISION, make_tiny_model
from tutor_app.prompts import load_tutor_prompt
from tutor_app.tutoring import Mode, Problem, Reply, ask_follow_up, follow_up_conversation, respond, transcribe
from tutor_app.tutoring.conversation import estimate_tokens

ROUNDS = 2
TURNS = 10
REPORTED = (1, 5, 10)
PROBLEM = "Solve $3x + 5 = 20$"
QUESTIONS = ("Why did you subtract 5 first?", "What does dividing by 3 do?", "Could I divide first?",
             "How do I check the answer?", "Is $x = 5$ the only solution?")
WAYS = {"kept": {}, "none": {"prefix_cache_mb": 0}}


def timed(stream) -> tuple[float, str, dict[str, int]]:
    """Seconds to the first text, the whole text, and the request's token counts."""
    usage: dict[str, int] = {}
    start = time.perf_counter()
    chunks = iter(stream(usage.update))
    first = next(chunks)
    waited = time.perf_counter() - start
    return waited, first + "".join(chunks), usage


def one_round(backend: LocalBackend, settings: Settings, image: bytes, session: str) -> list[tuple[float, int, int, int]]:
    """(first-text seconds, prompt tokens, evaluated tokens, estimated tokens) for the steps, then each follow-up."""
    "".join(transcribe(backend, [image], settings=settings, lang="en", session=session))
    problem = Problem(transcription=PROBLEM, images=(image,))
    waited, text, usage = timed(lambda on_usage: respond(backend, problem, Mode.SOLVE, settings=settings, lang="en",
                                                         session=session, on_usage=on_usage))
    prompt = load_tutor_prompt("solve", "en", problem=PROBLEM)
    estimate = sum(estimate_tokens(text) for text in (prompt.system, prompt.problem, prompt.instructions))
    rows = [(waited, usage["prompt_tokens"], backend.last_prompt().decoded, estimate)]
    problem.replies.append(Reply(Mode.SOLVE, text, "en"))
    for turn in range(TURNS):
        question = QUESTIONS[turn % len(QUESTIONS)]
        conversation = follow_up_conversation(problem, question, settings=settings, lang="en")
        assert not conversation.trimmed, "the benchmark's conversation must fit whole"
        waited, text, usage = timed(lambda on_usage, c=conversation: ask_follow_up(
            backend, problem, c, settings=settings, session=session, on_usage=on_usage))
        estimate = sum(estimate_tokens(m.text) for m in conversation.messages)
        rows.append((waited, usage["prompt_tokens"], backend.last_prompt().decoded, estimate))
        problem.replies.append(Reply(Mode.FOLLOW_UP, text, "en", question=question))
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TUTOR_DATA_DIR"] = folder
        os.environ["TUTOR_CONFIG"] = str(Path(folder) / "config.toml")
        model, mmproj = make_tiny_model(Path(folder) / "tiny", vision=TINY_VISION)
        backends = {}
        for way, changes in WAYS.items():
            # Answers of 80 tokens, a short explanation; the photo goes in every request.
            settings = load_settings(max_tokens=80, seed=1, text_only_math=False, **changes)
            backends[way] = LocalBackend(settings, model, mmproj)
            backends[way].load()
        runs: dict[str, list] = {way: [] for way in WAYS}
        for round_ in range(ROUNDS):
            order = list(WAYS) if round_ % 2 == 0 else list(reversed(WAYS))
            for way in order:
                backend = backends[way]
                runs[way].append(one_round(backend, backend.settings, photo(200 + round_), f"round{round_}"))
        for backend in backends.values():
            backend.close()
    print(f"\ntiny model, {physical_cores()} cores, shipped prompts, photo in every request, answers of 80 tokens, "
          f"median of {ROUNDS} rounds")
    print("| request | prompt tokens | extra vs first answer | est. extra, real model | evaluated, kept | "
          "evaluated, none | first text, kept (ms) | first text, none (ms) |")
    print("|---|---|---|---|---|---|---|---|")
    first = {way: [statistics.median(run[0][k] for run in runs[way]) for k in range(4)] for way in WAYS}
    for index in (0, *REPORTED):
        cells = {way: [statistics.median(run[index][k] for run in runs[way]) for k in range(4)] for way in WAYS}
        prompt, estimate = cells["kept"][1], cells["kept"][3]
        if index == 0:
            name, extra, est = "first answer (steps)", "–", "–"
        else:
            name = f"follow-up {index}"
            extra = f"+{prompt - first['kept'][1]:.0f} ({prompt / first['kept'][1]:.2f}x)"
            est = f"+{estimate - first['kept'][3]:.0f}"
        print(f"| {name} | {prompt:.0f} | {extra} | {est} | {cells['kept'][2]:.0f} | {cells['none'][2]:.0f} | "
              f"{cells['kept'][0] * 1000:.0f} | {cells['none'][0] * 1000:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
