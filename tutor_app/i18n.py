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
    "settings.model": {"en": "Model", "zh": "模型"},
    "settings.remote": {
        "en": "This app uses the model server at {url} (TUTOR_BACKEND=openai).",
        "zh": "本应用使用位于 {url} 的模型服务器（TUTOR_BACKEND=openai）。",
    },
    "settings.found": {"en": "Model files found:", "zh": "已找到模型文件："},
    "settings.folder": {"en": "Models folder: {folder}", "zh": "模型文件夹：{folder}"},
    "settings.hardware": {"en": "This computer", "zh": "本机"},
    "settings.recommended": {"en": "Recommended: **{label}**. {reason}", "zh": "推荐：**{label}**。{reason}"},
    "settings.catalogue": {"en": "Models you can download", "zh": "可下载的模型"},
    "settings.download_choice": {"en": "Model to download", "zh": "要下载的模型"},
    "settings.download": {"en": "Download", "zh": "下载"},
    "settings.cancel": {"en": "Cancel download", "zh": "取消下载"},
    "settings.downloaded": {"en": "Downloaded {label}. Restart the app to load it.", "zh": "已下载 {label}。重启应用即可加载。"},
    "settings.sampling": {"en": "Sampling presets", "zh": "采样预设"},
    "settings.preferences": {"en": "Preferences", "zh": "偏好设置"},
    "settings.preset": {"en": "Sampling preset", "zh": "采样预设"},
    "settings.max_tokens": {"en": "Longest answer (tokens)", "zh": "最长回答（词元）"},
    "settings.tts_rate": {"en": "Reading speed (words per minute)", "zh": "朗读速度（每分钟字数）"},
    "settings.save": {"en": "Save", "zh": "保存"},
    "settings.saved": {"en": "Saved to {path}.", "zh": "已保存到 {path}。"},
    "settings.config_file": {"en": "Config file: {path}", "zh": "配置文件：{path}"},
}


def t(key: str, lang: str = "en") -> str:
    """The text for ``key`` in ``lang``, falling back to English."""
    entry = STRINGS[key]
    return entry.get(lang) or entry["en"]
