"""Interface text in English and Simplified Chinese."""

from __future__ import annotations

LANGUAGES = {"en": "English", "zh": "简体中文"}

STRINGS: dict[str, dict[str, str]] = {
    "nav.solve": {"en": "Solve", "zh": "解题"},
    "nav.check": {"en": "Check an answer", "zh": "检查答案"},
    "nav.teacher": {"en": "Teacher", "zh": "教师"},
    "nav.settings": {"en": "Settings and model", "zh": "设置与模型"},
    "header.language": {"en": "Language", "zh": "语言"},
    "model.ready": {"en": "Model ready", "zh": "模型已就绪"},
    "model.loading": {"en": "Loading the model…", "zh": "正在加载模型…"},
    "model.missing": {"en": "No model yet", "zh": "尚未安装模型"},
    "model.error": {"en": "Model problem", "zh": "模型出错"},
    "model.remote": {"en": "Model server", "zh": "模型服务器"},
    "check.title": {"en": "Check an answer", "zh": "检查答案"},
    "check.intro": {
        "en": "Type the correct answer and your answer. The computer algebra system "
        "decides whether they are the same, and says why not.",
        "zh": "输入正确答案和你的答案。计算机代数系统会判断它们是否等价，并说明原因。",
    },
    "check.reference": {"en": "Correct answer", "zh": "正确答案"},
    "check.answer": {"en": "Your answer", "zh": "你的答案"},
    "check.options": {"en": "Options", "zh": "选项"},
    "check.form": {"en": "Required form", "zh": "要求的形式"},
    "check.tolerance": {"en": "Numeric tolerance (relative)", "zh": "数值容差（相对）"},
    "check.units": {"en": "Units of the answer (optional)", "zh": "答案单位（可选）"},
    "check.button": {"en": "Check", "zh": "检查"},
    "check.empty": {
        "en": "Type both answers first.",
        "zh": "请先输入两个答案。",
    },
    "verdict.equivalent": {"en": "Equivalent", "zh": "等价"},
    "verdict.wrong_form": {"en": "Equivalent, but not in the requested form", "zh": "等价，但不是要求的形式"},
    "verdict.not_equivalent": {"en": "Not equivalent", "zh": "不等价"},
    "verdict.undecided": {"en": "Could not decide", "zh": "无法判断"},
    "verdict.compared": {"en": "Compared", "zh": "比较的是"},
}


def t(key: str, lang: str = "en") -> str:
    """The text for ``key`` in ``lang``, falling back to English."""
    entry = STRINGS[key]
    return entry.get(lang) or entry["en"]
