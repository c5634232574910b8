"""The few fixed sentences grading writes itself, in each feedback language.

The review sentences are for the teacher; ``held`` and the feedback sentences reach students.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "unreadable": "The photo could not be read; check the page by hand.",
        "bad_transcript": "The model's transcription could not be used; check the page by hand.",
        "undecided": "The checker could not decide: {reason}",
        "disagree": "The model's answer ({model}) and the CAS solution ({cas}) disagree.",
        "steps_vs_answer": "Every step follows but the final answer is marked wrong; the "
        "transcription may be off.",
        "page_error": "A page could not be used: {error}",
        "no_answer": "No answer found for this question.",
        "nothing_read": "No questions could be read from these pages; check them by hand.",
        "no_reference": "No reference answer: no key, and neither the CAS nor the model solved it.",
        "right": "Your answer {answer} is right.",
        "wrong": "Your answer {answer} is not right ({reason}).",
        "unsure": "Your answer {answer} will be checked by your teacher.",
        "first_wrong": "Look again at step {index}, \"{text}\": {reason}",
        "next_step": "Next, redo the work from there and check your answer against the question.",
        "missing": "No answer was found for this question; try it and show your steps.",
        "held": "Your teacher will mark this page by hand.",
        "ref_key": "Reference answers come from the answer key.",
        "ref_solved": "No answer key: reference answers are the model's solutions, checked "
        "with the CAS solver where it could solve the problem.",
    },
    "zh": {
        "unreadable": "照片无法识别，请人工查看。",
        "bad_transcript": "模型的转写无法使用，请人工查看。",
        "undecided": "检查器无法判断：{reason}",
        "disagree": "模型的答案（{model}）与符号计算的结果（{cas}）不一致。",
        "steps_vs_answer": "每一步都成立，但最终答案被判为错误，转写可能有误。",
        "page_error": "有一页无法使用：{error}",
        "no_answer": "这道题没有找到答案。",
        "nothing_read": "这些页面上没有识别出任何题目，请人工查看。",
        "no_reference": "没有参考答案：没有答案表，符号计算和模型都没有解出。",
        "right": "你的答案 {answer} 是正确的。",
        "wrong": "你的答案 {answer} 不正确（{reason}）。",
        "unsure": "你的答案 {answer} 会由老师检查。",
        "first_wrong": "请再看第 {index} 步“{text}”：{reason}",
        "next_step": "下一步：从这里重新做一遍，并对照题目检查答案。",
        "missing": "这道题没有找到答案，试着做一做并写出步骤。",
        "held": "老师会亲自批改这一页。",
        "ref_key": "参考答案来自答案表。",
        "ref_solved": "没有答案表：参考答案是模型的解答，能用符号计算求解的已经核对。",
    },
}


def text(lang: str, name: str, **values: object) -> str:
    """The sentence ``name`` in ``lang`` (English when the language is unknown)."""
    return TEXTS.get(lang, TEXTS["en"])[name].format(**values)


def duration(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``, to the nearest second."""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
