"""Interface text in English and Simplified Chinese."""

from __future__ import annotations

# The languages of tutor_app, each named in itself, as the interface shows them.
LANGUAGES = {"en": "English", "zh": "简体中文"}
# Each language named in English, for prompts to the model and for English messages.
LANGUAGE_NAMES = {"en": "English", "zh": "Simplified Chinese (简体中文)"}

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
    "model.missing_hint": {
        "en": "Solving needs the model: see Settings and model. Checking answers works now.",
        "zh": "解题需要模型：请看“设置与模型”。检查答案现在就能用。",
    },
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
    "check.form.any": {"en": "any form", "zh": "任意形式"},
    "check.form.factored": {"en": "factored", "zh": "因式分解形式"},
    "check.form.expanded": {"en": "expanded", "zh": "展开形式"},
    "check.form.simplified": {"en": "fully simplified (radicals too)", "zh": "完全化简（含根式）"},
    "check.form.lowest_terms": {"en": "fraction in lowest terms", "zh": "最简分数"},
    "check.form.exact": {"en": "exact (no decimals)", "zh": "精确值（不用小数）"},
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
    "solve.title": {"en": "Solve a problem", "zh": "解题"},
    "solve.intro": {
        "en": "Give the problem as a photo, an upload or typed text. Check what was read, "
        "then choose how you want to be helped.",
        "zh": "拍照、上传图片或直接输入题目。先核对识别结果，再选择需要的帮助方式。",
    },
    "solve.source": {"en": "How do you give the problem?", "zh": "如何提供题目？"},
    "solve.source.upload": {"en": "Upload images", "zh": "上传图片"},
    "solve.source.camera": {"en": "Take a photo", "zh": "拍照"},
    "solve.source.type": {"en": "Type it", "zh": "输入题目"},
    "solve.source.example": {"en": "Try an example", "zh": "试试例题"},
    "solve.upload": {
        "en": "Photos of the problem (a problem may span two pages)",
        "zh": "题目的照片（一道题可以有两页）",
    },
    "solve.camera": {"en": "Photo of the problem", "zh": "题目照片"},
    "solve.typed": {"en": "The problem", "zh": "题目"},
    "solve.example": {"en": "Example", "zh": "例题"},
    "solve.prepared": {
        "en": "As the model will see it: {width}×{height} px, {tokens} image tokens",
        "zh": "模型看到的图片：{width}×{height} 像素，{tokens} 个图像词元",
    },
    "solve.rotate_left": {"en": "↺ Rotate left", "zh": "↺ 向左旋转"},
    "solve.rotate_right": {"en": "↻ Rotate right", "zh": "↻ 向右旋转"},
    "solve.crop": {"en": "Crop", "zh": "裁剪"},
    "solve.crop_x": {"en": "Keep from left to right (%)", "zh": "保留的左右范围（%）"},
    "solve.crop_y": {"en": "Keep from top to bottom (%)", "zh": "保留的上下范围（%）"},
    "solve.read": {"en": "Read the problem", "zh": "识别题目"},
    "solve.use_typed": {"en": "Use this problem", "zh": "使用这道题"},
    "solve.no_input": {
        "en": "Take a photo, upload an image or type the problem first.",
        "zh": "请先拍照、上传图片或输入题目。",
    },
    "solve.read_title": {"en": "This is what I read", "zh": "这是我识别到的题目"},
    "solve.read_help": {
        "en": "Correct anything that was misread (a question number is not part of the equation), then confirm.",
        "zh": "如有识别错误请改正（题号不是方程的一部分），然后确认。",
    },
    "solve.confirm": {"en": "Confirm the problem", "zh": "确认题目"},
    "solve.empty_transcription": {
        "en": "The problem text is empty: type the problem before confirming.",
        "zh": "题目为空：请先输入题目再确认。",
    },
    "solve.how": {"en": "How do you want to be helped?", "zh": "你需要哪种帮助？"},
    "solve.mode.solve": {"en": "Show me the steps", "zh": "给我看步骤"},
    "solve.mode.hint": {"en": "Give me a hint", "zh": "给我一个提示"},
    "solve.next_hint": {"en": "Next hint", "zh": "下一个提示"},
    "solve.mode.check_work": {"en": "Check my work", "zh": "检查我的解答"},
    "solve.mode.diagram": {"en": "Explain this diagram", "zh": "讲解这张图"},
    "solve.explain_in": {"en": "Explain in", "zh": "讲解语言"},
    "solve.work": {"en": "Your working, one step per line", "zh": "你的解题过程，每行一步"},
    "solve.work_photo": {"en": "Or a photo of your working", "zh": "或者上传解题过程的照片"},
    "solve.work_label": {"en": "Your working", "zh": "你的解题过程"},
    "solve.stop": {"en": "Stop", "zh": "停止"},
    "solve.stopped": {"en": "Stopped before the end.", "zh": "已在结束前停止。"},
    "solve.place": {
        "en": "The model is helping another student: you are number {place} in line.",
        "zh": "模型正在帮助其他同学：你排在第 {place} 位。",
    },
    "solve.place_wait": {"en": "About {seconds} s to wait.", "zh": "大约还需等待 {seconds} 秒。"},
    "solve.no_model": {
        "en": "Solving needs the model, and it is not ready. Ask your teacher, or:",
        "zh": "解题需要模型，但模型还没有就绪。请告诉老师，或者：",
    },
    "solve.thinking": {"en": "Thinking…", "zh": "思考中…"},
    "solve.badge.verified": {"en": "Verified by the computer algebra system", "zh": "已由计算机代数系统验证"},
    "solve.badge.disagrees": {
        "en": "The computer algebra system gets a different answer: treat this answer with care",
        "zh": "计算机代数系统算出的答案不同：请谨慎对待这个答案",
    },
    "solve.badge.not_checkable": {"en": "Could not be checked", "zh": "无法验证"},
    "solve.badge.agrees": {
        "en": "Two independent solutions agree (not verified by the computer algebra system)",
        "zh": "两次独立求解的答案一致（未经计算机代数系统验证）",
    },
    "solve.badge.differs": {
        "en": "A second, independent solution gets a different answer: check this answer",
        "zh": "另一次独立求解得到了不同的答案：请核对这个答案",
    },
    "solve.line": {"en": "Line {number}:", "zh": "第 {number} 行："},
    "solve.should_be": {"en": "It should be", "zh": "应该是"},
    "solve.against.answer_key": {"en": "Checked against the known answer.", "zh": "已与已知答案核对。"},
    "solve.against.cas": {
        "en": "Checked against the computer algebra system's own answer.",
        "zh": "已与计算机代数系统自己算出的答案核对。",
    },
    "solve.against.second_solution": {
        "en": "Checked against a second, independent solution by the model. The computer algebra system "
              "could not solve this problem, so this is a weaker check.",
        "zh": "已与模型另一次独立求解的答案核对。计算机代数系统解不了这道题，所以这个核对较弱。",
    },
    "solve.against.nothing": {
        "en": "Nothing to check against: the computer algebra system could not solve this problem.",
        "zh": "没有可核对的答案：计算机代数系统解不了这道题。",
    },
    "solve.second_solution": {"en": "Solving it a second time to check…", "zh": "再独立求解一次以便核对…"},
    # Between a checked line and why: a dash after a formula reads as a minus sign.
    "solve.step_why": {"en": "{line}: {why}", "zh": "{line}：{why}"},
    "solve.final_answer": {"en": "Final answer", "zh": "最终答案"},
    "solve.steps": {"en": "Steps checked", "zh": "逐步检查"},
    "solve.answer_title": {"en": "Is my answer right?", "zh": "我的答案对吗？"},
    "solve.answer": {"en": "Your final answer", "zh": "你的最终答案"},
    "solve.answer_button": {"en": "Check my answer", "zh": "检查我的答案"},
    "solve.read_aloud": {"en": "Read aloud", "zh": "朗读"},
    "solve.history": {"en": "This session's problems", "zh": "本次的题目"},
    "solve.new": {"en": "New problem", "zh": "新题目"},
    "solve.download_md": {"en": "Download worksheet (Markdown)", "zh": "下载练习单（Markdown）"},
    "solve.download_html": {"en": "Download worksheet (printable HTML)", "zh": "下载练习单（可打印 HTML）"},
    "solve.worksheet_title": {"en": "Worksheet", "zh": "练习单"},
    "solve.problem": {"en": "Problem", "zh": "题目"},
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
    "settings.voice": {"en": "Voice for {language}", "zh": "{language}朗读声音"},
    "settings.voice_auto": {"en": "Chosen by language", "zh": "按语言自动选择"},
    "settings.saved": {"en": "Saved to {path}.", "zh": "已保存到 {path}。"},
    "settings.config_file": {"en": "Config file: {path}", "zh": "配置文件：{path}"},
    "settings.wait": {"en": "About {seconds} s for a typical answer.", "zh": "一般回答大约需要 {seconds} 秒。"},
    "settings.wait_measured": {
        "en": "Measured on this computer by `tutor bench`.",
        "zh": "由 `tutor bench` 在本机实测。",
    },
    "settings.wait_estimated": {
        "en": "Estimated from the CPU cores and GPU; run `tutor bench` to measure it.",
        "zh": "根据 CPU 核心数和 GPU 估算；运行 `tutor bench` 可实测。",
    },
    "settings.measured": {"en": "Measured speed (`tutor bench`)", "zh": "实测速度（`tutor bench`）"},
    "settings.not_measured": {
        "en": "Not measured yet. Run `tutor bench` in a terminal (about a minute); the figures appear here.",
        "zh": "尚未实测。在终端运行 `tutor bench`（约一分钟），结果会显示在这里。",
    },
    "settings.choice": {
        "en": "**{label}**: {note} About {seconds} s per answer here; {download} GB download, needs {memory} GB.",
        "zh": "**{label}**：{note}在本机每个回答约 {seconds} 秒；下载 {download} GB，需要 {memory} GB 内存。",
    },
    "settings.recommended_mark": {"en": "(recommended)", "zh": "（推荐）"},
    "settings.too_big": {"en": "Too big for this computer.", "zh": "本机内存不够。"},
    "settings.installed": {"en": "Installed.", "zh": "已安装。"},
    "settings.all_choices": {"en": "Every size and quantisation", "zh": "所有大小和量化版本"},
    "settings.col.choice": {"en": "choice", "zh": "模型"},
    "settings.col.download": {"en": "download (GB)", "zh": "下载（GB）"},
    "settings.col.memory": {"en": "memory (GB)", "zh": "内存（GB）"},
    "settings.col.answer": {"en": "typical answer (s)", "zh": "一般回答（秒）"},
    "settings.col.installed": {"en": "on this computer", "zh": "已在本机"},
    "settings.note.2B_Q4_K_M": {
        "en": "the quickest; reads clear print, fine for arithmetic and one-step algebra.",
        "zh": "最快；能读清晰的印刷题，适合算术和一步代数。",
    },
    "settings.note.2B_Q8_0": {
        "en": "the smallest model at full quality; for a small GPU.",
        "zh": "最小的模型、完整精度；适合小显存 GPU。",
    },
    "settings.note.4B_Q4_K_M": {
        "en": "a balance of speed and quality; good at multi-step algebra and neat handwriting.",
        "zh": "速度与质量兼顾；擅长多步代数和工整的手写。",
    },
    "settings.note.4B_Q8_0": {
        "en": "the middle model at full quality; for a GPU with 8 GB.",
        "zh": "中等模型、完整精度；适合 8 GB 显存的 GPU。",
    },
    "settings.note.8B_Q4_K_M": {
        "en": "the best reader of messy handwriting and word problems; slow without a GPU.",
        "zh": "最擅长潦草手写和应用题；没有 GPU 时较慢。",
    },
    "settings.note.8B_Q8_0": {
        "en": "near-lossless 8B; for a GPU with 16 GB or a school server.",
        "zh": "几乎无损的 8B；适合 16 GB 显存的 GPU 或学校服务器。",
    },
    "settings.own_files": {"en": "Use model files already on this computer", "zh": "使用本机已有的模型文件"},
    "settings.model_path": {"en": "Language-model file (.gguf)", "zh": "语言模型文件（.gguf）"},
    "settings.mmproj_path": {"en": "Vision encoder file (mmproj .gguf)", "zh": "视觉编码器文件（mmproj .gguf）"},
    "settings.mmproj_help": {
        "en": "Leave empty to use the mmproj file beside the model.",
        "zh": "留空则使用模型旁边的 mmproj 文件。",
    },
    "settings.files_ok": {
        "en": "These files work: {name} ({model} + vision encoder {mmproj}).",
        "zh": "文件可用：{name}（{model} + 视觉编码器 {mmproj}）。",
    },
    "settings.use_files": {"en": "Use these files", "zh": "使用这些文件"},
    "bench.model": {"en": "model", "zh": "模型"},
    "bench.load": {"en": "load (s)", "zh": "加载（秒）"},
    "bench.photo": {"en": "photo (s)", "zh": "照片（秒）"},
    "bench.prompt": {"en": "prompt (tokens/s)", "zh": "提示（词元/秒）"},
    "bench.generation": {"en": "answer (tokens/s)", "zh": "生成（词元/秒）"},
    "bench.first_token": {"en": "first token (s)", "zh": "首个词元（秒）"},
    "bench.memory": {"en": "peak memory (MB)", "zh": "内存峰值（MB）"},
    "bench.answer": {"en": "typical answer", "zh": "一般回答"},
    "bench.streams": {"en": "streams at once (tokens/s)", "zh": "并发流（词元/秒）"},
    "bench.when": {"en": "measured", "zh": "测量时间"},
    "access.title": {"en": "Teacher sign-in", "zh": "教师登录"},
    "access.passcode": {"en": "Teacher passcode", "zh": "教师口令"},
    "access.enter": {"en": "Enter", "zh": "进入"},
    "access.wrong": {
        "en": "Wrong passcode. This page is for the teacher only.",
        "zh": "口令错误。此页面仅供老师使用。",
    },
    "access.locked": {
        "en": "Too many wrong tries. Wait {seconds} s and try again.",
        "zh": "错误次数过多。请等待 {seconds} 秒后再试。",
    },
    "access.unset_classroom": {
        "en": "No Teacher passcode is set, so the Teacher and Settings pages stay locked while the "
        "app can be opened from the network. On the class laptop, run `tutor passcode`, then "
        "reload this page.",
        "zh": "尚未设置教师口令，应用可从网络访问时，教师和设置页面保持锁定。请在教室电脑上运行 "
        "`tutor passcode`，然后刷新本页。",
    },
    "access.set_first": {
        "en": "Choose a Teacher passcode first (at least 6 characters). It keeps grading and "
        "settings away from students. A short phrase, such as four unrelated words, is easy to "
        "remember and hard to guess.",
        "zh": "请先设置教师口令（至少 6 个字符），以免学生进入批改和设置页面。"
        "一句短语（例如四个互不相关的词）好记又难猜。",
    },
    "access.sign_out": {"en": "Sign out of Teacher", "zh": "退出教师登录"},
    "access.expired": {
        "en": "You were signed out after {minutes} minutes without activity. Enter the passcode again.",
        "zh": "由于 {minutes} 分钟内没有操作，已自动退出。请重新输入口令。",
    },
    "access.new": {"en": "New passcode", "zh": "新口令"},
    "access.repeat": {"en": "Repeat the passcode", "zh": "再次输入口令"},
    "access.save": {"en": "Save passcode", "zh": "保存口令"},
    "access.differ": {"en": "The two passcodes differ; type them again.", "zh": "两次输入的口令不同，请重新输入。"},
    "classroom.title": {"en": "Classroom", "zh": "课堂"},
    "classroom.join": {
        "en": "Students: scan the code, or open **{url}** on a phone on this room's Wi-Fi.",
        "zh": "同学们：扫描二维码，或在连接本教室 Wi-Fi 的手机上打开 **{url}**。",
    },
    "classroom.certificate": {
        "en": "The first time, the phone warns that the connection is not private. That is because "
        "this laptop made its own certificate instead of buying one; the connection is still "
        "encrypted. Tap **Advanced**, then **Proceed** (on an iPhone: **Show Details**, then "
        "**visit this website**). Each phone asks only once.",
        "zh": "第一次打开时，手机会提示“连接不是私密连接”。这是因为本电脑自己制作了证书，而不是购买的证书；"
        "连接仍然是加密的。请点“高级”，再点“继续前往”（iPhone：点“显示详细信息”，再点“访问此网站”）。"
        "每部手机只需确认一次。",
    },
    "classroom.no_https": {
        "en": "Served without HTTPS: phones can still upload a photo (the upload button offers "
        "“Take photo”), but the live camera needs HTTPS (`tutor app --classroom` without `--http`).",
        "zh": "当前未使用 HTTPS：手机仍可上传照片（上传按钮提供“拍照”），但实时相机需要 HTTPS"
        "（运行 `tutor app --classroom`，不要加 `--http`）。",
    },
    "classroom.restart": {
        "en": "Classroom mode is on. Restart the app with `tutor app` so phones can reach it; "
        "the address and QR code appear here then.",
        "zh": "课堂模式已开启。请用 `tutor app` 重启应用，手机才能访问；届时地址和二维码会显示在这里。",
    },
    "settings.classroom": {"en": "Classroom", "zh": "课堂"},
    "settings.classroom_explain": {
        "en": "In classroom mode the app listens on this laptop's network address instead of only "
        "on this computer: **anyone on the same network (the classroom Wi-Fi) can open it**. "
        "Students see only the Solve and Check pages; Teacher and Settings ask for the passcode. "
        "HTTPS uses a certificate this laptop makes itself. Turning classroom mode on or off takes "
        "effect when the app is restarted; the limits below apply at once.",
        "zh": "课堂模式下，应用在本电脑的网络地址上提供服务，而不只是本机："
        "**同一网络（教室 Wi-Fi）上的任何人都能打开它**。学生只能看到解题和检查答案页面；"
        "教师和设置页面需要口令。HTTPS 使用本电脑自己制作的证书。开启或关闭课堂模式需重启应用才生效；"
        "下面的限制立即生效。",
    },
    "settings.classroom_on": {
        "en": "Classroom mode (students join from their phones)",
        "zh": "课堂模式（学生用手机加入）",
    },
    "settings.classroom_https": {
        "en": "HTTPS (phones allow the live camera only over HTTPS)",
        "zh": "HTTPS（手机只在 HTTPS 下允许使用实时相机）",
    },
    "settings.requests_per_minute": {"en": "Questions per student per minute", "zh": "每位学生每分钟提问次数"},
    "settings.queue_limit": {"en": "Most questions waiting for the model", "zh": "等待模型的最多问题数"},
    "settings.max_upload_mb": {"en": "Largest upload (MB)", "zh": "最大上传文件（MB）"},
    "settings.classroom_needs_passcode": {
        "en": "Set a Teacher passcode first (open the Teacher page, or run `tutor passcode`): "
        "in classroom mode this page asks for it.",
        "zh": "请先设置教师口令（打开教师页面，或运行 `tutor passcode`）：课堂模式下本页面需要口令。",
    },
    "settings.classroom_saved": {
        "en": "Saved to {path}. Restart the app (`tutor app`) to switch classroom mode on or off; "
        "in classroom mode Settings and Teacher ask for the passcode.",
        "zh": "已保存到 {path}。重启应用（`tutor app`）即可开启或关闭课堂模式；课堂模式下设置和教师页面需要口令。",
    },
    "teacher.title": {"en": "Teacher: grade homework", "zh": "教师：批改作业"},
    "teacher.new": {"en": "New batch", "zh": "新的批改任务"},
    "teacher.source": {"en": "Where is the homework?", "zh": "作业在哪里？"},
    "teacher.source.folder": {"en": "A folder on this computer", "zh": "这台电脑上的文件夹"},
    "teacher.source.upload": {"en": "Upload photos, PDFs or a ZIP", "zh": "上传照片、PDF 或 ZIP"},
    "teacher.folder": {"en": "Homework folder", "zh": "作业文件夹"},
    "teacher.folder_help": {
        "en": "Name each student's photos or PDFs like ana_homework.jpg, or give each student a subfolder.",
        "zh": "每个学生的照片或 PDF 按 ana_homework.jpg 这样命名，或者每个学生一个子文件夹。",
    },
    "teacher.upload": {"en": "Homework files", "zh": "作业文件"},
    "teacher.key": {"en": "Answer key (CSV, optional)", "zh": "答案表（CSV，可选）"},
    "teacher.key_help": {
        "en": "Without a key the model solves each problem, checked by the computer algebra system "
        "where it can solve it too.",
        "zh": "没有答案表时由模型解题，能用计算机代数系统求解的题目会再核对一遍。",
    },
    "teacher.key_doc": {"en": "How to write an answer key", "zh": "如何编写答案表"},
    "teacher.key_example": {"en": "Download the example key.csv", "zh": "下载示例 key.csv"},
    "teacher.pattern": {"en": "File-name pattern", "zh": "文件名格式"},
    "teacher.lang": {"en": "Feedback language", "zh": "反馈语言"},
    "teacher.start": {"en": "Start grading", "zh": "开始批改"},
    "teacher.no_model": {
        "en": "Grading needs the model: see Settings and model.",
        "zh": "批改需要模型：请看“设置与模型”。",
    },
    "teacher.job": {"en": "Batch", "zh": "批改任务"},
    "teacher.job_label": {
        "en": "Job {id} · {created} · {students} students · {source}",
        "zh": "任务 {id} · {created} · {students} 名学生 · {source}",
    },
    "teacher.no_jobs": {"en": "No batches yet: start one above.", "zh": "还没有批改任务，请在上方新建。"},
    "teacher.status": {"en": "Status", "zh": "状态"},
    "teacher.status.pending": {"en": "not started", "zh": "未开始"},
    "teacher.status.running": {"en": "grading", "zh": "批改中"},
    "teacher.status.paused": {"en": "paused", "zh": "已暂停"},
    "teacher.status.interrupted": {"en": "stopped when the app closed", "zh": "应用关闭时中断"},
    "teacher.status.elsewhere": {
        "en": "being graded by another program (tutor grade); refresh to see its progress",
        "zh": "正在由另一个程序（tutor grade）批改；刷新页面可查看进度",
    },
    "teacher.status.done": {"en": "done", "zh": "已完成"},
    "teacher.status.cancelled": {"en": "cancelled", "zh": "已取消"},
    "teacher.files_done": {"en": "{done}/{total} files", "zh": "{done}/{total} 个文件"},
    "teacher.eta": {"en": "about {eta} left", "zh": "约剩 {eta}"},
    "teacher.now": {"en": "now: {student}", "zh": "正在批改：{student}"},
    "teacher.students_done": {"en": "{done}/{total} students graded", "zh": "已批改 {done}/{total} 名学生"},
    "teacher.pause": {"en": "Pause", "zh": "暂停"},
    "teacher.resume": {"en": "Resume", "zh": "继续"},
    "teacher.cancel": {"en": "Cancel", "zh": "取消"},
    "teacher.finished": {
        "en": "Done: {graded} graded, {flagged} need review, {errors} unreadable.",
        "zh": "完成：已批改 {graded} 名，需复查 {flagged} 名，无法识别 {errors} 名。",
    },
    "teacher.unmatched": {
        "en": "{unmatched} file(s) matched no student: check their names against the pattern.",
        "zh": "{unmatched} 个文件未对应到学生：请对照命名规则检查文件名。",
    },
    "teacher.cancelled": {
        "en": "This batch was cancelled; its finished results stay below. Start a new batch to grade the rest.",
        "zh": "此任务已取消，已完成的结果保留在下方。要批改其余部分，请新建任务。",
    },
    "teacher.results": {"en": "Results", "zh": "结果"},
    "teacher.no_results": {"en": "No results yet.", "zh": "还没有结果。"},
    "teacher.col.student": {"en": "student", "zh": "学生"},
    "teacher.col.question": {"en": "Q{question}", "zh": "第{question}题"},
    "teacher.col.total": {"en": "total", "zh": "总分"},
    "teacher.col.review": {"en": "needs review", "zh": "需复查"},
    "teacher.legend": {
        "en": "✎ changed by the teacher · ⚠ needs review",
        "zh": "✎ 教师已修改 · ⚠ 需复查",
    },
    "teacher.student": {"en": "Student", "zh": "学生"},
    "teacher.transcript": {"en": "Transcription (what the model read)", "zh": "转写（模型读到的内容）"},
    "teacher.answer": {"en": "Answer", "zh": "答案"},
    "teacher.reference": {"en": "Reference", "zh": "参考答案"},
    "teacher.reference.key": {"en": "answer key", "zh": "答案表"},
    "teacher.reference.cas": {"en": "CAS solution", "zh": "符号计算结果"},
    "teacher.reference.model": {"en": "the model's solution", "zh": "模型的解答"},
    "teacher.points": {"en": "Points (out of {max})", "zh": "得分（满分 {max}）"},
    "teacher.feedback": {"en": "Feedback", "zh": "反馈"},
    "teacher.save": {"en": "Save", "zh": "保存"},
    "teacher.saved": {
        "en": "Saved your mark for {student}, question {question}.",
        "zh": "已保存你给 {student} 第 {question} 题的批改。",
    },
    "teacher.unchanged": {"en": "Nothing changed.", "zh": "没有改动。"},
    "teacher.edited": {"en": "✎ Changed by the teacher", "zh": "✎ 教师已修改"},
    "teacher.sheet": {"en": "Feedback sheet (HTML)", "zh": "反馈单（HTML）"},
    "teacher.mistakes": {"en": "Common mistakes", "zh": "常见错误"},
    "teacher.col.answers": {"en": "answer", "zh": "答案"},
    "teacher.col.count": {"en": "students", "zh": "人数"},
    "teacher.col.names": {"en": "who", "zh": "学生"},
    "teacher.col.right": {"en": "right", "zh": "正确"},
    "teacher.col.first_wrong": {"en": "typical first wrong step", "zh": "典型的第一步错误"},
    "teacher.downloads": {"en": "Downloads", "zh": "下载"},
    "teacher.download_csv": {"en": "Gradebook (CSV)", "zh": "成绩表（CSV）"},
    "teacher.download_summary": {"en": "Class summary (HTML)", "zh": "全班总结（HTML）"},
    "teacher.export_folder": {"en": "Export everything to this folder", "zh": "全部导出到此文件夹"},
    "teacher.export": {"en": "Export all", "zh": "全部导出"},
    "teacher.exported": {"en": "Wrote {count} files to {folder}.", "zh": "已写入 {count} 个文件到 {folder}。"},
    "teacher.reference.none": {"en": "nothing read from the pages", "zh": "页面上没有识别出内容"},
    "teacher.points_range": {
        "en": "Question {question} is worth {max} points: enter a score from 0 to {max}, not {points}.",
        "zh": "第 {question} 题满分 {max} 分：请输入 0 到 {max} 之间的分数，而不是 {points}。",
    },
    "sheet.question": {"en": "Question {question}", "zh": "第 {question} 题"},
    "sheet.total": {"en": "Total: {points} / {max}", "zh": "总分：{points} / {max}"},
    "sheet.some_held": {
        "en": "Your teacher will mark the questions shown as waiting.",
        "zh": "标为“等待老师批改”的题目，老师会亲自批改。",
    },
    "sheet.held_item": {"en": "waiting for your teacher", "zh": "等待老师批改"},
    "sheet.answer": {"en": "Your answer", "zh": "你的答案"},
    "sheet.mark": {"en": "Mark", "zh": "得分"},
    "sheet.feedback": {"en": "Feedback", "zh": "反馈"},
    "sheet.correct": {"en": "Correct answer", "zh": "正确答案"},
    "sheet.class_title": {"en": "Feedback sheets, batch {job}", "zh": "反馈单，批改任务 {job}"},
    "teacher.preview": {"en": "Check the files", "zh": "检查文件"},
    "teacher.roster": {
        "en": "{count} student(s) found. Check the list, then start grading.",
        "zh": "找到 {count} 名学生。请核对名单，然后开始批改。",
    },
    "teacher.col.pages": {"en": "files", "zh": "文件数"},
    "teacher.col.files": {"en": "file names", "zh": "文件名"},
    "teacher.nested": {
        "en": "{folders}: taken as one student, but the files inside are named like several students. "
        "This looks like a whole class one folder down: choose that folder instead.",
        "zh": "{folders}：被当作一名学生，但里面的文件名像是多名学生的。这看起来是下一层的整个班级：请改选那个文件夹。",
    },
    "teacher.unmatched_files": {
        "en": "{count} file(s) match no student and will not be graded: {names}",
        "zh": "{count} 个文件未对应到学生，不会批改：{names}",
    },
    "teacher.key_questions": {
        "en": "Questions in the answer key (points): {questions}",
        "zh": "答案表中的题目（分值）：{questions}",
    },
    "teacher.no_key": {
        "en": "No answer key: the model solves each question it finds, checked by the CAS where it can.",
        "zh": "没有答案表：模型解答它找到的每道题，能用符号计算核对的都会核对。",
    },
    "teacher.review_all": {"en": "Mark all {count} flagged items reviewed", "zh": "将全部 {count} 项待复查标为已复查"},
    "teacher.reviewed": {"en": "Marked {count} item(s) reviewed.", "zh": "已将 {count} 项标为已复查。"},
    "teacher.review_group": {"en": "Mark these {count} reviewed", "zh": "将这 {count} 项标为已复查"},
    "teacher.by_student": {"en": "By student", "zh": "按学生"},
    "teacher.by_question": {"en": "By question", "zh": "按题目"},
    "teacher.question": {"en": "Question", "zh": "题目"},
    "teacher.group_count": {"en": "{count} student(s)", "zh": "{count} 名学生"},
    "teacher.group_override": {
        "en": "One mark for everyone in this group:",
        "zh": "给这一组的每个人同一个分数：",
    },
    "teacher.download_wide": {"en": "Gradebook for an LMS (CSV)", "zh": "导入教学平台的成绩表（CSV）"},
    "teacher.download_feedback": {"en": "Feedback sheets, whole class (HTML)", "zh": "全班反馈单（HTML）"},
    "teacher.release": {
        "en": "Show the correct answers on the feedback sheets",
        "zh": "在反馈单上显示正确答案",
    },
    "teacher.release_help": {
        "en": "Turn on when you release the grading to the students.",
        "zh": "向学生公布批改结果时打开。",
    },
    "teacher.regrade": {"en": "Grade again", "zh": "重新批改"},
    "teacher.regrade_help": {
        "en": "After fixing the answer key, grade some students or the whole batch again. "
        "Your own scores and feedback stay.",
        "zh": "修正答案表后，可重新批改部分学生或整个任务。你自己给的分数和反馈会保留。",
    },
    "teacher.regrade_students": {"en": "Students to grade again", "zh": "要重新批改的学生"},
    "teacher.regrade_everyone": {"en": "everyone", "zh": "全部学生"},
    "teacher.regrade_key": {"en": "Corrected answer key (CSV, optional)", "zh": "修正后的答案表（CSV，可选）"},
    "teacher.regrade_start": {"en": "Grade again now", "zh": "立即重新批改"},
    "nav.projector": {"en": "Projector", "zh": "投影"},
    "projector.join": {"en": "Scan to join the class", "zh": "扫码加入课堂"},
    "projector.off": {
        "en": "Classroom mode is off: turn it on in Settings and restart the app to show its address here.",
        "zh": "课堂模式未开启：请在设置中开启并重启应用，这里就会显示地址。",
    },
    "access.settings_locked": {
        "en": "Settings needs the Teacher passcode in classroom mode. Sign in on the Teacher page, then come back.",
        "zh": "课堂模式下，设置需要教师口令。请先在“教师”页面登录，再回来。",
    },
    "access.sign_in_link": {"en": "Teacher sign-in", "zh": "教师登录"},
    "teacher.concurrency": {"en": "Students graded at once", "zh": "同时批改的学生数"},
    "teacher.concurrency_help": {
        "en": "Requests kept in flight to the model server; match its parallel slots (vLLM, llama-server --parallel).",
        "zh": "同时发给模型服务器的请求数；与服务器的并行槽位数一致（vLLM、llama-server --parallel）。",
    },
    "teacher.concurrency_local": {
        "en": "The model on this computer answers one request at a time; a model server can grade several students at once.",
        "zh": "本机模型一次只回答一个请求；模型服务器可以同时批改多名学生。",
    },
    "error.config": {
        "en": "{problem} Until that is fixed, those settings use their defaults.",
        "zh": "{problem} 修正之前，这些设置使用默认值。",
    },
    "error.unexpected": {
        "en": "Something went wrong. Tell the teacher the reference **{reference}**: the details are in {log}.",
        "zh": "出错了。请把编号 **{reference}** 告诉老师：详细信息记录在 {log}。",
    },
}


# The Solve page's answer box, the answer kept back until asked for, and the kept history.
STRINGS.update({
    "punct.stop": {"en": ".", "zh": "。"},
    "solve.first_wrong": {"en": "First line to look at:", "zh": "第一处需要检查的行："},
    "solve.you_answered": {"en": "You answered", "zh": "你的回答"},
    "solve.preview": {"en": "Reads as", "zh": "读作"},
    "solve.the_answer": {"en": "The answer", "zh": "答案"},
    "solve.revealed_at": {"en": "shown at {time}, when you asked for it", "zh": "你在 {time} 要求查看"},
    "solve.show_answer": {"en": "Show the answer", "zh": "查看答案"},
    "solve.show_answer_help": {"en": "Try first: showing the answer is noted on your worksheet.",
                               "zh": "先试一试：查看答案会记录在你的练习单上。"},
    "solve.no_known_answer": {"en": "No checked answer is known for this problem; ask for the steps instead.",
                              "zh": "这道题没有经过验证的答案；可以改为查看解题步骤。"},
    "solve.answer_busy": {"en": "Wait for the answer above to finish (or press Stop), then check yours.",
                          "zh": "请等上面的回答结束（或按“停止”），再检查你的答案。"},
    "solve.reply_label": {"en": "The tutor's reply", "zh": "辅导老师的回复"},
    "solve.kept": {"en": "Kept on this computer until {until} under this page's private address: "
                   "a reload brings them back.",
                   "zh": "保存在这台电脑上直到 {until}，使用本页的私人地址：刷新页面后仍可找回。"},
    "solve.forget": {"en": "Forget my problems", "zh": "删除我的题目"},
    "settings.default_language": {"en": "Language a new visitor starts in (each browser then picks its own)",
                                  "zh": "新访客的初始语言（之后每个浏览器可自行切换）"},
})

# Why a verdict is what it is, in a student's words (tutor_app/tutoring/feedback.py).
# Keys ending in _shown quote the correct answer and are used only where it may be seen.
STRINGS.update({
    "why.form": {"en": "{inner}", "zh": "{inner}"},
    "why.cas_agrees": {"en": "The computer algebra system gets the same answer.",
                       "zh": "计算机代数系统得到了相同的答案。"},
    "why.cas_form": {"en": "The computer algebra system gets the same value, but the form is not the one "
                     "asked for: {inner}", "zh": "计算机代数系统得到的值相同，但形式不符合要求：{inner}"},
    "why.cas_disagrees": {"en": "The computer algebra system gets a different answer. {inner}",
                          "zh": "计算机代数系统得到的答案不同。{inner}"},
    "why.cas_disagrees_shown": {"en": "The computer algebra system gets {value}. {inner}",
                                "zh": "计算机代数系统得到 {value}。{inner}"},
    "why.cas_uncompared": {"en": "Could not compare with the computer algebra system's answer. {inner}",
                           "zh": "无法与计算机代数系统的答案比较。{inner}"},
    "why.cas_cannot": {"en": "The computer algebra system cannot solve this problem on its own.",
                       "zh": "计算机代数系统无法独立解出这道题。"},
    "why.missing": {"en": "A solution is missing: look for another value that works.",
                    "zh": "少了解：再找找还有没有别的值也满足题目。"},
    "why.missing_shown": {"en": "Missing solution: {values}.", "zh": "缺少的解：{values}。"},
    "why.extra": {"en": "One of your values is not a solution: substitute each one back to test it.",
                  "zh": "你的答案里有一个值不是解：把每个值代回去检验一下。"},
    "why.extra_shown": {"en": "Not a solution: {values}.", "zh": "不是解：{values}。"},
    "why.set": {"en": "The set is different.", "zh": "集合不同。"},
    "why.set_shown": {"en": "The set is different: expected {value}.", "zh": "集合不同：应为 {value}。"},
    "why.component": {"en": "Part {n} is wrong.", "zh": "第 {n} 个分量不对。"},
    "why.component_shown": {"en": "Part {n} is wrong: expected {value}.", "zh": "第 {n} 个分量不对：应为 {value}。"},
    "why.components": {"en": "Expected {n} parts, but your answer has {m}.",
                       "zh": "应有 {n} 个分量，你的答案有 {m} 个。"},
    "why.order": {"en": "The parts are in the wrong order.", "zh": "分量的顺序不对。"},
    "why.matrix": {"en": "Expected a {n}×{m} matrix.", "zh": "应为 {n}×{m} 的矩阵。"},
    "why.sign": {"en": "Sign error: your answer has the opposite sign.", "zh": "符号错误：你的答案符号相反。"},
    "why.reciprocal": {"en": "Your answer is upside down (the reciprocal).", "zh": "你的答案颠倒了（是倒数）。"},
    "why.degrees": {"en": "This looks like degrees; the answer is expected in radians.",
                    "zh": "这看起来是角度制；答案应使用弧度制。"},
    "why.radians": {"en": "This looks like radians; the answer is expected in degrees.",
                    "zh": "这看起来是弧度制；答案应使用角度制。"},
    "why.power_ten": {"en": "Off by a factor of {k}: check the decimal point or the powers of ten.",
                      "zh": "相差 {k} 倍：检查小数点或 10 的幂。"},
    "why.factor": {"en": "Off by a factor of {k}.", "zh": "相差 {k} 倍。"},
    "why.constant": {"en": "Off by a constant: check the adding and subtracting.",
                     "zh": "相差一个常数：检查加减运算。"},
    "why.constant_shown": {"en": "Off by a constant ({value}).", "zh": "相差一个常数（{value}）。"},
    "why.close": {"en": "Close, but not accurate enough.", "zh": "接近，但不够精确。"},
    "why.rounded": {"en": "Close, but rounded too much: give at least {n} significant figures.",
                    "zh": "接近，但舍入过多：至少保留 {n} 位有效数字。"},
    "why.sig_figs": {"en": "The value does not match to {n} significant figures.",
                     "zh": "保留 {n} 位有效数字时数值不符。"},
    "why.tolerance": {"en": "The value is outside the allowed tolerance.", "zh": "数值超出允许的误差范围。"},
    "why.extra_symbols": {"en": "Your answer uses {symbols}, which the answer should not contain.",
                          "zh": "你的答案用到了 {symbols}，正确答案里不应出现。"},
    "why.add_c": {"en": "Add the constant of integration (+ C).", "zh": "加上积分常数（+ C）。"},
    "why.antiderivative": {"en": "Differentiate your answer: it does not give back the function you integrated.",
                           "zh": "对你的答案求导：得不到被积函数。"},
    "why.endpoints": {"en": "Check the endpoints: whether each end is included (≤) or not (<).",
                      "zh": "检查端点：每个端点是否包含在内（≤ 还是 <）。"},
    "why.kind": {"en": "Expected {a}, but your answer is {b}.", "zh": "应为{a}，但你的答案是{b}。"},
    "why.kind_word": {"en": "Expected {a}, but your answer is a word.", "zh": "应为{a}，但你的答案是一个词。"},
    "why.expected_shown": {"en": "Expected {value}.", "zh": "应为 {value}。"},
    "why.infinite": {"en": "One value is infinite and the other is not.", "zh": "一个值是无穷大，另一个不是。"},
    "why.add_c_outside": {"en": "Add the constant of integration on the end (+ C), not inside the expression.",
                          "zh": "积分常数要加在最后（+ C），不要放在表达式里面。"},
    "why.exact_sig_figs": {"en": "Give the answer to exactly {n} significant figures.",
                           "zh": "答案要恰好保留 {n} 位有效数字。"},
    "why.missing_tuples": {"en": "{n} of the {m} expected answers are missing.", "zh": "应有 {m} 组答案，缺少 {n} 组。"},
    "why.extra_tuples": {"en": "{n} more than expected.", "zh": "比应有的多了 {n} 组。"},
    "why.kind_name.expr": {"en": "an expression", "zh": "一个表达式"},
    "why.kind_name.values": {"en": "a list of solutions", "zh": "一组解"},
    "why.kind_name.equation": {"en": "an equation", "zh": "一个方程"},
    "why.kind_name.system": {"en": "a system of equations", "zh": "一个方程组"},
    "why.kind_name.set": {"en": "an interval or inequality", "zh": "一个区间或不等式"},
    "why.kind_name.tuple": {"en": "an ordered tuple", "zh": "一个有序数组"},
    "why.kind_name.assign": {"en": "values for several unknowns", "zh": "几个未知数的值"},
    "why.kind_name.matrix": {"en": "a matrix", "zh": "一个矩阵"},
    "why.kind_name.quantity": {"en": "a quantity with units", "zh": "一个带单位的量"},
    "why.not_equation": {"en": "Your answer is an equation, but an expression is expected.",
                         "zh": "你的答案是方程，但应为表达式。"},
    "why.add_units": {"en": "Add the units ({symbols}).", "zh": "加上单位（{symbols}）。"},
    "why.no_units": {"en": "Your answer has units, but a plain number is expected.",
                     "zh": "你的答案带有单位，但应为纯数字。"},
    "why.units": {"en": "Check the units.", "zh": "检查单位。"},
    "why.converted": {"en": "The same quantity ({a} converted to {b}).", "zh": "同一个量（{a} 换算为 {b}）。"},
    "why.rounded_ok": {"en": "Correct, rounded to {n} significant figures.", "zh": "正确，保留了 {n} 位有效数字。"},
    "why.same": {"en": "The same answer.", "zh": "答案相同。"},
    "why.same_up_to_c": {"en": "The same, up to the constant of integration.", "zh": "除积分常数外相同。"},
    "why.different": {"en": "This is not the right answer yet.", "zh": "这个答案还不对。"},
    "why.form_exact": {"en": "Give an exact answer (a fraction, root or π), not a decimal.",
                       "zh": "请给出精确值（分数、根式或 π），不要用小数。"},
    "why.form_lowest": {"en": "Reduce the fraction {value} to lowest terms.", "zh": "把分数 {value} 约分到最简。"},
    "why.form_cancel": {"en": "Cancel the common factor of the numerator and denominator.",
                        "zh": "约去分子和分母的公因式。"},
    "why.form_root": {"en": "Simplify the root.", "zh": "化简根式。"},
    "why.form_rationalise": {"en": "Rationalise the denominator (no root below the fraction line).",
                             "zh": "分母有理化（分数线下不要有根号）。"},
    "why.form_simplify": {"en": "Simplify your answer further.", "zh": "请进一步化简你的答案。"},
    "why.form_expand": {"en": "Expand the brackets: the answer should be a sum of terms.",
                        "zh": "展开括号：答案应是几项之和。"},
    "why.form_factor": {"en": "Factor the answer completely: it should be a product of factors.",
                        "zh": "完全因式分解：答案应是几个因式的乘积。"},
    "why.unreadable": {"en": "Could not read {role}: {inner}", "zh": "无法读懂{role}：{inner}"},
    "why.unreadable_alone": {"en": "Could not read {role}: check how it is written.",
                             "zh": "无法读懂{role}：请检查书写。"},
    "why.mixes": {"en": "it mixes “=” with “<” or “>”.", "zh": "它把“=”和“<”或“>”混在一起了。"},
    "why.divides_zero": {"en": "it divides by zero.", "zh": "出现了除以零。"},
    "why.role.reference": {"en": "the correct answer", "zh": "正确答案"},
    "why.role.answer": {"en": "your answer", "zh": "你的答案"},
    "why.role.step": {"en": "this line", "zh": "这一行"},
    "why.role.problem": {"en": "the problem", "zh": "题目"},
    "why.unknown_command": {"en": "the command {symbol} is not one I know.", "zh": "不认识命令 {symbol}。"},
    "why.unclosed": {"en": "a “{symbol}” is opened but never closed.", "zh": "“{symbol}”没有配对的闭合括号。"},
    "why.unknown_word": {"en": "the word “{symbol}” is not one I know.", "zh": "不认识“{symbol}”这个词。"},
    "why.unknown_unit": {"en": "the unit “{symbol}” is not one I know.", "zh": "不认识单位“{symbol}”。"},
    "why.unknown_symbol": {"en": "the “{symbol}” does not belong there.", "zh": "“{symbol}”放在这里读不懂。"},
    "why.ends_early": {"en": "it stops too early: something is missing at the end.",
                       "zh": "结尾不完整：末尾少了东西。"},
    "why.empty": {"en": "it is empty.", "zh": "内容是空的。"},
    "why.too_big": {"en": "it is too large to check.", "zh": "它太大，无法检查。"},
    "why.too_slow": {"en": "It took too long to check; try a simpler form.", "zh": "检查用时太长；请换一种更简单的写法。"},
    "why.log_base": {
        "en": "A logarithm written without a base is to base 10 in school books and to base e in university "
        "ones, and the verdict depends on which. Write ln, or log_10 (lg).",
        "zh": "不写底数的对数在中学课本里是以 10 为底，在大学里是以 e 为底，而结论取决于是哪一种。"
        "请写 ln，或写 lg（log_10）。",
    },
    "why.undecided": {"en": "Could not decide automatically whether these match.",
                      "zh": "无法自动判断它们是否一致。"},
    "why.no_final": {"en": "The reply gives no final answer that could be checked.",
                     "zh": "回答里没有可以检查的最终答案。"},
    "why.start": {"en": "The starting point.", "zh": "起点。"},
    "why.line_fails": {"en": "${a}$ does not satisfy ${b}$.", "zh": "${a}$ 不满足 ${b}$。"},
    "why.line_fails_shown": {"en": "${a}$ does not hold for {values} (from ${b}$).",
                             "zh": "${a}$ 在 {values} 时不成立（由 ${b}$ 得出）。"},
    "why.extra_root": {"en": "${a}$ does not satisfy ${b}$: an extra root (perhaps from squaring). Check each root "
                             "in the original equation and reject it.",
                       "zh": "${a}$ 不满足 ${b}$：这是增根（可能来自两边平方）。请把每个根代回原方程检验，舍去增根。"},
    "why.outside_condition": {"en": "Not checked: ${a}$ does not satisfy ${b}$, so it cannot be the answer (reject it "
                                    "if it is a root found on the way).",
                              "zh": "未检查：${a}$ 不满足 ${b}$，所以不能是答案（如果它是求解中得到的根，请舍去）。"},
    "why.is_prime": {"en": "${a}$ is prime: it has no divisor but 1 and itself.",
                     "zh": "${a}$ 是质数：除了 1 和它本身没有别的因数。"},
    "why.not_prime": {"en": "${a}$ is not prime: ${fact}$.", "zh": "${a}$ 不是质数：${fact}$。"},
    "why.divisible": {"en": "${a}$ is divisible by ${b}$: ${fact}$.", "zh": "${a}$ 能被 ${b}$ 整除：${fact}$。"},
    "why.not_divisible": {"en": "${a}$ is not divisible by ${b}$: ${fact}$.",
                          "zh": "${a}$ 不能被 ${b}$ 整除：${fact}$。"},
    "why.arithmetic": {"en": "${a}$ is not ${b}$: check the arithmetic.", "zh": "${a}$ 不等于 ${b}$：请检查计算。"},
    "why.arithmetic_shown": {"en": "${a}$ is {value}, not ${b}$.", "zh": "${a}$ 等于 {value}，不是 ${b}$。"},
    "why.false_relation": {"en": "${a} {op} {b}$ is false.", "zh": "${a} {op} {b}$ 不成立。"},
    "why.consistent": {"en": "Consistent with what is known.", "zh": "与已知条件一致。"},
    "why.arithmetic_ok": {"en": "The arithmetic is right.", "zh": "计算正确。"},
    "why.identity": {"en": "A true identity (a correct rewrite).", "zh": "恒等式（正确的变形）。"},
    "why.supposed": {"en": "Not checked: a supposition or a case being tried, not a claim.",
                     "zh": "未检查：这是假设或正在尝试的情形，不是结论。"},
    "why.not_checked": {"en": "Not checked: nothing known decides this line.", "zh": "未检查：已知条件无法判断这一行。"},
    "why.step": {"en": "This line does not follow from the line before: {inner}",
                 "zh": "这一行不能由上一行推出：{inner}"},
    "why.follows": {"en": "Follows from the line before.", "zh": "可以由上一行推出。"},
    "why.follows_extra": {"en": "Follows, but this line can add extra solutions (check them at the end).",
                          "zh": "可以推出，但这一步可能引入增根（最后要检验）。"},
    "why.kind.equivalent": {"en": "The same answer.", "zh": "答案相同。"},
    "why.kind.not_equivalent": {"en": "This is not the right answer yet.", "zh": "这个答案还不对。"},
    "why.kind.wrong_form": {"en": "Write it in the form the question asks for.", "zh": "请按题目要求的形式书写。"},
    "why.kind.undecided": {"en": "Could not decide automatically whether this is right.",
                           "zh": "无法自动判断是否正确。"},
    "hardware.line": {"en": "{os}, {ram:.1f} GB RAM ({free:.1f} GB free), {cores} CPU cores, {gpu}",
                      "zh": "{os}，内存 {ram:.1f} GB（可用 {free:.1f} GB），{cores} 个 CPU 核心，{gpu}"},
    "hardware.gpu": {"en": "{name} with {vram:.1f} GB", "zh": "{name}，显存 {vram:.1f} GB"},
    "hardware.gpu_unused": {"en": " (llama.cpp was built without GPU support)",
                            "zh": "（llama.cpp 编译时未启用 GPU 支持）"},
    "hardware.offload": {"en": "GPU offload available", "zh": "可用 GPU 加速"},
    "hardware.no_offload": {"en": "no GPU offload", "zh": "没有 GPU 加速"},
    "recommend.gpu": {"en": "{vram:.1f} GB of GPU memory", "zh": "{vram:.1f} GB 显存"},
    "recommend.cpu": {"en": "{ram:.1f} GB of RAM, {cores} CPU cores ({gpu})",
                      "zh": "{ram:.1f} GB 内存、{cores} 个 CPU 核心（{gpu}）"},
    "recommend.shared": {"en": "GPU offload shares RAM", "zh": "GPU 加速与内存共用"},
    "recommend.too_small": {
        "en": "{where}, {usable:.1f} GB usable: even the smallest choice, {label}, needs about {memory:.1f} GB, "
        "so expect slow answers or use TUTOR_BACKEND=openai with a stronger machine running `tutor serve`.",
        "zh": "{where}，可用 {usable:.1f} GB：即使最小的 {label} 也需要约 {memory:.1f} GB，回答会很慢；"
        "也可以设置 `TUTOR_BACKEND=openai`，改用一台运行 `tutor serve` 的更强的电脑。",
    },
    "recommend.fits": {
        "en": "{where}, {usable:.1f} GB usable: {label} needs about {memory:.1f} GB "
        "and takes about {seconds} s for a typical answer ({source}){slower}.",
        "zh": "{where}，可用 {usable:.1f} GB：{label} 需要约 {memory:.1f} GB，一般回答约需 {seconds} 秒（{source}）{slower}。",
    },
    "recommend.measured": {"en": "measured by `tutor bench`", "zh": "由 `tutor bench` 实测"},
    "recommend.estimated": {"en": "estimated; `tutor bench` measures it", "zh": "估算值；运行 `tutor bench` 可实测"},
    "recommend.slower": {"en": ", the quickest choice that fits", "zh": "，是内存装得下的选项中最快的"},
    "locate.what.model": {"en": "model", "zh": "模型"},
    "locate.what.mmproj": {"en": "mmproj", "zh": "视觉编码器（mmproj）"},
    "locate.missing": {
        "en": "The {what} file {path} does not exist. Fix {setting} (config file, "
        "environment variable or command-line flag) or remove it to use the models folder.",
        "zh": "{what}文件 {path} 不存在。请修改 `{setting}`（配置文件、环境变量或命令行参数），或删除它以使用模型文件夹。",
    },
    "locate.no_mmproj": {
        "en": "No vision encoder (mmproj-*.gguf) found beside {model}. Set TUTOR_MMPROJ "
        "(or pass --mmproj) to the mmproj file that belongs to this model.",
        "zh": "{model} 旁边没有视觉编码器（mmproj-*.gguf）。请把 `TUTOR_MMPROJ`（或 `--mmproj` 参数）"
        "设为属于这个模型的 mmproj 文件。",
    },
    "locate.mmproj_only": {
        "en": "TUTOR_MMPROJ is set to {mmproj} but TUTOR_MODEL is not. Set both, "
        "or neither to use the models folder {folder}.",
        "zh": "`TUTOR_MMPROJ` 设为 {mmproj}，但 `TUTOR_MODEL` 没有设置。请两个都设置，或都不设置以使用模型文件夹 {folder}。",
    },
    "locate.none": {
        "en": "No Qwen3-VL model files in {folder}. Run `tutor model download --size {size} --quant {quant}` "
        "(about {gb:.1f} GB), or see `tutor model list` for the files to fetch by hand.",
        "zh": "{folder} 中没有 Qwen3-VL 模型文件。运行 `tutor model download --size {size} --quant {quant}`"
        "（约 {gb:.1f} GB），或运行 `tutor model list` 查看可以手动下载的文件。",
    },
    "settings.col.preset": {"en": "preset", "zh": "预设"},
    "sampling.temperature": {"en": "temperature", "zh": "温度"},
    "sampling.top_p": {"en": "top_p", "zh": "累积概率阈值 p"},
    "sampling.top_k": {"en": "top_k", "zh": "候选词数 k"},
    "sampling.repeat_penalty": {"en": "repeat_penalty", "zh": "重复惩罚"},
    "sampling.presence_penalty": {"en": "presence_penalty", "zh": "出现惩罚"},
    "preset.vision": {"en": "vision", "zh": "看图"},
    "preset.text": {"en": "text", "zh": "纯文字"},
    "image.empty": {"en": "The file is empty (0 bytes). Choose the photo again or take a new one.",
                    "zh": "文件是空的（0 字节）。请重新选择照片或重新拍一张。"},
    "image.file_too_big": {"en": "The file is {size} MB; the limit is {limit} MB. Use a smaller photo or crop it first.",
                           "zh": "文件有 {size} MB，上限是 {limit} MB。请换一张小一些的照片，或先裁剪。"},
    "image.bomb": {"en": "This image claims to be far too large to open safely ({detail}). Use a normal photo or "
                         "screenshot.",
                   "zh": "这张图片声称的尺寸大得无法安全打开。请使用普通的照片或截图。"},
    "image.damaged": {"en": "This image file is damaged and cannot be read ({detail}).",
                      "zh": "这个图片文件已损坏，无法读取。请重新上传或重新拍照。"},
    "image.too_many_pixels": {
        "en": "This image is {width}x{height} pixels ({megapixels} megapixels); the limit is {limit} megapixels. "
        "Take the photo at a lower resolution or crop it.",
        "zh": "这张图片有 {width}×{height} 像素（{megapixels} 百万像素），上限是 {limit} 百万像素。"
        "请用较低的分辨率拍照，或先裁剪。",
    },
    "image.too_much_memory": {
        "en": "This {width}x{height} {format} image ({mode}) would need {needed} MB of memory to read; "
        "the limit is {limit} MB. Save it as an 8-bit PNG or JPEG, or at a lower resolution.",
        "zh": "这张 {width}×{height} 的图片读取需要 {needed} MB 内存，上限是 {limit} MB。"
        "请另存为 8 位的 PNG 或 JPEG，或降低分辨率。",
    },
    "image.format_bomb": {"en": "This {format} file claims to be far too large to open safely ({detail}).",
                          "zh": "这个图片文件声称的尺寸大得无法安全打开。"},
    "image.cut_off": {"en": "This {format} file is cut off or damaged ({detail}). Upload it again or take a new photo.",
                      "zh": "这个图片文件不完整或已损坏。请重新上传或重新拍照。"},
    "batch.key_not_utf8": {"en": "The answer key {name} is not UTF-8 text; save it as CSV (UTF-8).",
                           "zh": "答案表 {name} 不是 UTF-8 文本；请另存为 CSV（UTF-8）。"},
    "batch.no_folder": {"en": "Type the path of the homework folder on this computer, or choose to upload.",
                        "zh": "请输入本机上作业文件夹的路径，或选择上传。"},
    "batch.no_match": {
        "en": "No file name in {folder} matches the pattern {pattern} ({names}); rename the files "
        "like ana_homework.jpg, put each student's pages in a subfolder, or change the pattern.",
        "zh": "{folder} 中没有文件名符合格式 {pattern}（{names}）；请把文件改名为 ana_homework.jpg 这样的名字，"
        "或把每个学生的页面放进各自的子文件夹，或修改文件名格式。",
    },
    "batch.no_uploads": {"en": "Choose the homework photos, PDFs or a ZIP to upload first.",
                         "zh": "请先选择要上传的作业照片、PDF 或 ZIP。"},
    "batch.zip_alone": {"en": "Upload one ZIP on its own, or photos and PDFs without a ZIP.",
                        "zh": "ZIP 要单独上传一个；或者只上传照片和 PDF，不带 ZIP。"},
    "batch.same_name": {"en": "More than one uploaded file is named {name}; rename them and upload again.",
                        "zh": "上传的文件中有多个都叫 {name}；请改名后重新上传。"},
    "batch.bad_name": {"en": "The uploaded file name {name} cannot be used; rename the file.",
                       "zh": "上传的文件名 {name} 无法使用；请给文件改名。"},
    "pdf.impossible_size": {"en": "{name} has a page of impossible size ({width} x {height} pt).",
                            "zh": "{name} 有一页的尺寸不可能存在（{width} × {height} 磅）。"},
    "pdf.unreadable": {"en": "{name} is not a readable PDF ({detail}); scan or export it again.",
                       "zh": "{name} 不是可读的 PDF；请重新扫描或导出。"},
    "pdf.no_pages": {"en": "{name} has no pages.", "zh": "{name} 没有任何页面。"},
    "pdf.too_many_pages": {"en": "{name} has {pages} pages; at most {limit} per student are graded.",
                           "zh": "{name} 有 {pages} 页；每个学生最多批改 {limit} 页。"},
    "key.missing_columns": {
        "en": "{source}: the header row must name the columns {columns} (question and answer are required); "
        "missing: {missing}.",
        "zh": "{source}：表头必须列出这些列：`{columns}`（`question` 和 `answer` 必须有）；缺少：`{missing}`。",
    },
    "key.unknown_columns": {"en": "{source}: unknown column(s) {unknown}; the columns are {columns}.",
                            "zh": "{source}：未知的列 `{unknown}`；可用的列是 `{columns}`。"},
    "key.extra_cells": {"en": "{source}, line {line}: more cells than header columns.",
                        "zh": "{source} 第 {line} 行：单元格比表头的列多。"},
    "key.twice": {"en": "{source}, line {line}: question {question} appears twice.",
                  "zh": "{source} 第 {line} 行：题目 {question} 出现了两次。"},
    "key.no_questions": {"en": "{source}: no questions found; add one row per question under the header.",
                         "zh": "{source}：没有找到题目；请在表头下面每道题写一行。"},
    "key.empty_cell": {"en": "{source}, line {line}: the {column} cell is empty.",
                       "zh": "{source} 第 {line} 行：`{column}` 一栏是空的。"},
    "key.points_positive": {"en": "{source}, line {line}: points must be more than 0, not {cell}.",
                            "zh": "{source} 第 {line} 行：`points` 必须大于 0，现在是 {cell}。"},
    "key.tolerance_negative": {"en": "{source}, line {line}: tolerance must not be negative, not {cell}.",
                               "zh": "{source} 第 {line} 行：`tolerance` 不能是负数，现在是 {cell}。"},
    "key.not_number": {"en": "{source}, line {line}: {column} must be a number, not {cell}.",
                       "zh": "{source} 第 {line} 行：`{column}` 必须是数字，现在是 {cell}。"},
    "key.not_finite": {"en": "{source}, line {line}: {column} must be a finite number, not {cell}.",
                       "zh": "{source} 第 {line} 行：`{column}` 必须是有限的数，现在是 {cell}。"},
    "roster.placeholder": {
        "en": "Unknown placeholder {part} in the file-name pattern {pattern}; use {{student}}, {{anything}} and {{ext}}.",
        "zh": "文件名格式 {pattern} 中有未知的占位符 {part}；请使用 `{{student}}`、`{{anything}}` 和 `{{ext}}`。",
    },
    "roster.brace": {"en": "Unbalanced brace in the file-name pattern {pattern}.",
                     "zh": "文件名格式 {pattern} 中的花括号不成对。"},
    "roster.no_student": {"en": "The file-name pattern {pattern} must contain {{student}}.",
                          "zh": "文件名格式 {pattern} 必须包含 `{{student}}`。"},
    "roster.invalid": {"en": "The file-name pattern {pattern} is invalid: {detail}.",
                       "zh": "文件名格式 {pattern} 无效。"},
    "roster.not_folder": {"en": "{folder} is not a folder; give the folder holding the homework photos.",
                          "zh": "{folder} 不是文件夹；请给出存放作业照片的文件夹。"},
    "roster.no_files": {
        "en": "No homework files in {folder}; expected photos or PDFs ({extensions}) named like {pattern} "
        "or one subfolder per student.",
        "zh": "{folder} 中没有作业文件；应当是按 {pattern} 命名的照片或 PDF（{extensions}），或者每个学生一个子文件夹。",
    },
    "roster.zip_entries": {
        "en": "{name} holds {entries:,} entries, more than the {limit:,} allowed; a class's homework needs far fewer. "
        "Split it into smaller ZIPs.",
        "zh": "{name} 里有 {entries:,} 个条目，超过允许的 {limit:,} 个；一个班的作业用不了这么多。请拆成几个小一些的 ZIP。",
    },
    "roster.zip_size": {"en": "{name} unpacks to {size} MB, more than the {limit} MB allowed; split it into smaller ZIPs.",
                        "zh": "{name} 解压后有 {size} MB，超过允许的 {limit} MB；请拆成几个小一些的 ZIP。"},
    "roster.not_zip": {"en": "{name} is not a readable ZIP file ({detail}).", "zh": "{name} 不是可读的 ZIP 文件。"},
    "roster.unsafe_path": {
        "en": "{name} contains the unsafe path {member}; re-create the ZIP from the homework folder.",
        "zh": "{name} 含有不安全的路径 {member}；请从作业文件夹重新制作 ZIP。",
    },
    "jobs.no_source": {"en": "{source} does not exist; give the homework folder or a ZIP of it.",
                       "zh": "{source} 不存在；请给出作业文件夹或它的 ZIP。"},
    "validate.folder.model": {"en": "The model path {path} is a folder, not a GGUF file.",
                              "zh": "模型路径 {path} 是一个文件夹，不是 GGUF 文件。"},
    "validate.folder.mmproj": {"en": "The mmproj path {path} is a folder, not a GGUF file.",
                               "zh": "视觉编码器（mmproj）路径 {path} 是一个文件夹，不是 GGUF 文件。"},
    "validate.not_gguf.model": {
        "en": "The model file {path} is not a GGUF model file (it does not start with 'GGUF'). "
        "Pick the .gguf file downloaded from Hugging Face.",
        "zh": "模型文件 {path} 不是 GGUF 模型文件（开头不是 GGUF）。请选择从 Hugging Face 下载的 .gguf 文件。",
    },
    "validate.not_gguf.mmproj": {
        "en": "The mmproj file {path} is not a GGUF model file (it does not start with 'GGUF'). "
        "Pick the .gguf file downloaded from Hugging Face.",
        "zh": "视觉编码器（mmproj）文件 {path} 不是 GGUF 模型文件（开头不是 GGUF）。请选择从 Hugging Face 下载的 .gguf 文件。",
    },
})


# Charts and graphs, and their offline images (tutor_app/pictures).
STRINGS.update({
    "pictures.no_renderer": {
        "en": "Charts cannot be saved as images: the offline renderer vl-convert-python is not installed. "
        "Run `pip install vl-convert-python` (or reinstall tutor_app), then try again.",
        "zh": "无法把图表保存为图片：没有安装离线渲染器 vl-convert-python。"
        "请运行 `pip install vl-convert-python`（或重新安装 tutor_app）后再试。",
    },
    "pictures.failed": {"en": "The chart could not be drawn as an image: {detail}",
                        "zh": "无法把图表绘制成图片：{detail}"},
    "chart.heading": {"en": "Charts of the class", "zh": "全班图表"},
    "chart.scores": {"en": "Scores on each question", "zh": "每道题的得分分布"},
    "chart.answers": {"en": "Answers to each question: share of the class", "zh": "每道题的答案：占全班的比例"},
    "chart.review": {"en": "Students still needing review", "zh": "仍需复查的学生"},
    "chart.pick": {"en": "Click a bar to list its students; click it again to show all.",
                   "zh": "点击一个条形可列出对应的学生；再点一次恢复显示全部。"},
    "chart.picked": {"en": "Students in the bars you picked", "zh": "所选条形中的学生"},
    "chart.nobody_waiting": {"en": "Nobody is waiting for review.", "zh": "没有需要复查的学生。"},
    "chart.question": {"en": "question", "zh": "题目"},
    "chart.score": {"en": "score", "zh": "得分"},
    "chart.students": {"en": "students", "zh": "学生人数"},
    "chart.names": {"en": "who", "zh": "学生"},
    "chart.student": {"en": "student", "zh": "学生"},
    "chart.share": {"en": "share of the class", "zh": "占全班比例"},
    "chart.answer": {"en": "answer", "zh": "答案"},
    "chart.no_answer": {"en": "(no answer)", "zh": "（无答案）"},
    "chart.right_or_wrong": {"en": "checked", "zh": "判定"},
    "chart.right": {"en": "right", "zh": "正确"},
    "chart.wrong": {"en": "wrong", "zh": "错误"},
    "chart.undecided": {"en": "not decided", "zh": "无法判断"},
    "chart.first_wrong": {"en": "typical first wrong step", "zh": "典型的第一步错误"},
    "chart.items": {"en": "items to review", "zh": "待复查的题数"},
    "chart.unread": {"en": "page not read", "zh": "页面未能识别"},
    "chart.no_score": {"en": "no score", "zh": "未评分"},
    "chart.flagged": {"en": "flagged for review", "zh": "标记待复查"},
    "chart.why": {"en": "why", "zh": "原因"},
    "chart.reason": {"en": "details", "zh": "详情"},
    "chart.alt": {"en": "Chart: {title}", "zh": "图表：{title}"},
    "chart.left_out": {"en": "Charts left out: {reason}", "zh": "未包含图表：{reason}"},
})


# Guided mode ("Let me try, guide me") and "Try a similar problem" (issue 14).
STRINGS.update({
    "solve.mode.guide": {"en": "Let me try, guide me", "zh": "我来做，请引导我"},
    "solve.badge.step_right": {"en": "Right step", "zh": "这一步正确"},
    "solve.badge.step_wrong": {"en": "Not quite", "zh": "这一步还不对"},
    "solve.badge.step_unchecked": {"en": "Step not checked", "zh": "这一步无法检查"},
    "solve.badge.solved": {"en": "Solved", "zh": "已解出"},
    "guided.step": {"en": "Your next step", "zh": "你的下一步"},
    "guided.step_help": {"en": "Type the line you get, e.g. 2x = 4. Stuck? Ask for a hint below.",
                         "zh": "写出你得到的那一行，例如 2x = 4。卡住了可以在下面要一个提示。"},
    "guided.check": {"en": "Check my step", "zh": "检查我这一步"},
    "guided.your_step": {"en": "Your step", "zh": "你的这一步"},
    "guided.empty_step": {"en": "Type your step first, for example 2x = 4.", "zh": "请先写出你的这一步，例如 2x = 4。"},
    "guided.checking": {"en": "Checking your step…", "zh": "正在检查你这一步…"},
    "guided.verdict.step_right": {"en": "Right: {reason}", "zh": "正确：{reason}"},
    "guided.verdict.step_wrong": {"en": "Not quite: {reason}", "zh": "还不对：{reason}"},
    "guided.verdict.step_unchecked": {"en": "This step could not be checked: {reason}",
                                      "zh": "这一步无法检查：{reason}"},
    "guided.verdict.solved": {"en": "That is the answer, and it checks out.", "zh": "这就是答案，而且检查无误。"},
    "guided.solved": {"en": "You solved it yourself. Try a similar problem to practise?",
                      "zh": "你自己解出来了！要不要换一道类似的题练练？"},
    "similar.button": {"en": "Try a similar problem", "zh": "换一道类似的题"},
    "similar.making": {"en": "Writing a similar problem and checking its answer (attempt {number} of {total})…",
                       "zh": "正在出一道类似的题并检查答案（第 {number} 次，共 {total} 次）…"},
    "similar.failed": {
        "en": "Could not make a similar problem whose answer the computer algebra system confirms "
        "({total} attempts). Try again, or keep practising with this one.",
        "zh": "没能出一道答案经计算机代数系统确认的类似题（试了 {total} 次）。可以再试一次，或继续练这道题。",
    },
    "similar.checked": {
        "en": "A similar problem to try. Its answer was checked by the computer algebra system: "
        "type yours below and press “Check my answer”.",
        "zh": "一道类似的练习题。它的答案已由计算机代数系统验证：在下面写出你的答案，然后按“检查我的答案”。",
    },
    "similar.unchecked": {
        "en": "A similar problem to try. The computer algebra system cannot solve this kind of problem, "
        "so its answer is unchecked: it comes from the model alone.",
        "zh": "一道类似的练习题。计算机代数系统解不了这类题，所以它的答案未经验证，只来自模型。",
    },
})


# The graph of a problem on the Solve page and in the worksheet (tutor_app/pictures/graph.py).
STRINGS.update({
    "graph.show": {"en": "Show me the graph", "zh": "给我看图像"},
    "graph.hide": {"en": "Hide the graph", "zh": "隐藏图像"},
    "graph.title": {"en": "Graph", "zh": "图像"},
    "graph.caption": {"en": "The marked points are worked out exactly by the computer algebra system.",
                      "zh": "标出的点由计算机代数系统精确算出。"},
    "graph.read_aloud": {"en": "Read the graph aloud", "zh": "朗读图像说明"},
    "graph.shape.line": {"en": "line", "zh": "直线"},
    "graph.shape.parabola": {"en": "parabola", "zh": "抛物线"},
    "graph.shape.curve": {"en": "curve", "zh": "曲线"},
    "graph.crossing": {"en": "The {shape} {function} crosses the x-axis at {points}",
                       "zh": "{shape} {function} 与 x 轴交于 {points}"},
    "graph.crossing_none": {"en": "The {shape} {function} does not cross the x-axis",
                            "zh": "{shape} {function} 与 x 轴没有交点"},
    "graph.with_vertex": {"en": ", with its vertex at {points}", "zh": "，顶点为 {points}"},
    "graph.with_turning": {"en": ", turning at {points}", "zh": "，在 {points} 处转向"},
    "graph.meet": {"en": "The graphs of {first} and {second} meet at {points}",
                   "zh": "{first} 与 {second} 的图像交于 {points}"},
    "graph.meet_none": {"en": "The graphs of {first} and {second} do not meet in the window shown",
                        "zh": "{first} 与 {second} 的图像在所示范围内没有交点"},
    "graph.inequality": {"en": "The shaded part shows where {inequality}: {solution}",
                         "zh": "阴影部分表示 {inequality} 成立的范围：{solution}"},
    "graph.region": {"en": "The shaded region is where {inequality}", "zh": "阴影区域表示 {inequality}"},
    "graph.system.cross": {"en": "The lines {first} and {second} cross at {point}",
                           "zh": "直线 {first} 与 {second} 交于 {point}"},
    "graph.system.parallel": {"en": "The lines {first} and {second} are parallel and never cross",
                              "zh": "直线 {first} 与 {second} 平行，没有交点"},
    "graph.system.same": {"en": "The equations {first} and {second} are the same line",
                          "zh": "方程 {first} 与 {second} 表示同一条直线"},
    "graph.list_sep": {"en": ", ", "zh": "、"},
    "graph.list_and": {"en": " and ", "zh": " 和 "},
})


# Follow-up questions on a problem (issue 14, item 1).
STRINGS.update({
    "solve.mode.follow_up": {"en": "Follow-up question", "zh": "追问"},
    "follow.placeholder": {"en": "Ask a question about this problem", "zh": "就这道题提个问题"},
    "follow.question_label": {"en": "Your question", "zh": "你的问题"},
    "follow.empty": {"en": "Type a question first.", "zh": "请先输入问题。"},
    "follow.trimmed": {
        "en": "The conversation is long: to fit the model's context window, its oldest turns were shortened "
        "({summarised} summarised, {dropped} left out).",
        "zh": "对话较长：为了放进模型的上下文窗口，最早的几轮被缩短了（{summarised} 轮概括，{dropped} 轮省略）。",
    },
    "model.is_ready": {"en": "{name} is ready.", "zh": "{name} 已就绪。"},
    "model.checking": {"en": "Checking the model files", "zh": "正在检查模型文件"},
    "model.trying": {"en": "Trying the model in a separate process", "zh": "正在另一个进程里试用模型"},
    "model.loading_file": {"en": "Loading {name}", "zh": "正在加载 {name}"},
    "probe.pair": {"en": "{model} (with the vision encoder {mmproj})", "zh": "{model}（及视觉编码器 {mmproj}）"},
    "probe.crashed": {"en": "llama.cpp crashed ({signal})", "zh": "llama.cpp 崩溃了（{signal}）"},
    "probe.exited": {"en": "llama.cpp stopped with exit code {code}", "zh": "llama.cpp 以退出码 {code} 停止"},
    "probe.timeout": {
        "en": "The model file {files} did not load and answer within {seconds} s in a trial run, so it was not loaded. "
        "The file may be damaged, or too large for this computer's memory.",
        "zh": "模型文件 {files} 在试运行中 {seconds} 秒内没能加载并作答，所以没有加载它。文件可能已损坏，或者对这台电脑的内存来说太大。",
    },
    "probe.damaged": {
        "en": "This model file is damaged: {files} passed the header checks, but {death} while loading it and "
        "answering a test question ({detail}). Download it again with `tutor model download`, or pick another file.",
        "zh": "这个模型文件已损坏：{files} 通过了文件头检查，但在加载并回答测试问题时 {death}（{detail}）。"
        "请用 `tutor model download` 重新下载，或选择别的文件。",
    },
    "validate.hint": {"en": "Download it again with `tutor model download`, or pick another file.",
                      "zh": "请用 `tutor model download` 重新下载，或选择别的文件。"},
    "validate.role.model": {"en": "model", "zh": "模型"},
    "validate.role.mmproj": {"en": "mmproj", "zh": "视觉编码器（mmproj）"},
    "validate.no_file": {
        "en": "The {role} file {path} does not exist. Check the path, or run `tutor model download` to fetch the model.",
        "zh": "{role}文件 {path} 不存在。请检查路径，或运行 `tutor model download` 下载模型。",
    },
    "validate.cannot_read": {"en": "Could not read the {role} file {path}: {reason}.", "zh": "无法读取{role}文件 {path}：{reason}。"},
    "validate.damaged": {"en": "The {role} file {path} is cut short or damaged ({error}). {hint}",
                         "zh": "{role}文件 {path} 不完整或已损坏（{error}）。{hint}"},
    "validate.cut_short": {
        "en": "The {role} file {path} is cut short: tensor {name} ends at byte {end} but the file has {size} bytes. {hint}",
        "zh": "{role}文件 {path} 不完整：张量 {name} 在第 {end} 字节结束，但文件只有 {size} 字节。{hint}",
    },
    "validate.lacks": {
        "en": "The {role} file {path} lacks the setting `{key_name}`; it was not converted for Qwen3-VL. {hint}",
        "zh": "{role}文件 {path} 缺少设置 `{key_name}`；它不是为 Qwen3-VL 转换的。{hint}",
    },
    "validate.unreadable": {"en": "The {role} file {path} has an unreadable setting `{key_name}`. {hint}",
                            "zh": "{role}文件 {path} 的设置 `{key_name}` 无法读取。{hint}"},
    "validate.not_whole": {"en": "The {role} file {path} has `{key_name}` = {value}, not a whole number. {hint}",
                           "zh": "{role}文件 {path} 的 `{key_name}` = {value}，不是整数。{hint}"},
    "validate.not_positive": {
        "en": "The {role} file {path} has `{key_name}` = {value}; it must be a number above zero. {hint}",
        "zh": "{role}文件 {path} 的 `{key_name}` = {value}；它必须是大于零的数。{hint}",
    },
    "validate.missing_tensors": {"en": "The {role} file {path} is missing tensors llama.cpp needs: {shown}. {hint}",
                                 "zh": "{role}文件 {path} 缺少 llama.cpp 需要的张量：{shown}。{hint}"},
    "validate.arch_model": {"en": "The model file {path} is a `{arch}` model, not `{expected}`. {why}",
                            "zh": "模型文件 {path} 是 `{arch}` 模型，不是 `{expected}`。{why}"},
    "validate.why.is_mmproj": {"en": "This is a vision encoder (mmproj): pass it as the mmproj, not the model.",
                               "zh": "这是视觉编码器（mmproj）：请把它作为 mmproj 给出，而不是作为模型。"},
    "validate.why.qwen_only": {"en": "tutor_app runs Qwen3-VL-Instruct models only.",
                               "zh": "tutor_app 只能运行 Qwen3-VL-Instruct 模型。"},
    "validate.sizes": {
        "en": "The model file {path} has impossible sizes (embedding {n_embd}, {n_head} heads, {n_head_kv} key-value "
        "heads, feed-forward {n_ff}, {blocks} blocks, context {context}). {hint}",
        "zh": "模型文件 {path} 的尺寸不可能成立（嵌入 {n_embd}，{n_head} 个注意力头，{n_head_kv} 个键值头，"
        "前馈 {n_ff}，{blocks} 个块，上下文 {context}）。{hint}",
    },
    "validate.rope": {"en": "The model file {path} has rope sections {sections} that do not fit its head size {head_dim}. {hint}",
                      "zh": "模型文件 {path} 的 rope 分段 {sections} 与它的注意力头尺寸 {head_dim} 不符。{hint}"},
    "validate.deepstack": {"en": "The model file {path} says {n} deepstack layers but has only {blocks} blocks. {hint}",
                           "zh": "模型文件 {path} 声称有 {n} 个 deepstack 层，但只有 {blocks} 个块。{hint}"},
    "validate.arch_mmproj": {"en": "The mmproj file {path} is a `{arch}` file, not a vision encoder (`clip`).",
                             "zh": "视觉编码器（mmproj）文件 {path} 是 `{arch}` 文件，不是视觉编码器（`clip`）。"},
    "validate.arch_mmproj_lm": {
        "en": "The mmproj file {path} is a `{arch}` file, not a vision encoder (`clip`). This is a language model: "
        "pass it as the model, and the mmproj-*.gguf file as the mmproj.",
        "zh": "视觉编码器（mmproj）文件 {path} 是 `{arch}` 文件，不是视觉编码器（`clip`）。这是语言模型："
        "请把它作为模型给出，把 mmproj-*.gguf 文件作为 mmproj。",
    },
    "validate.no_vision": {"en": "The mmproj file {path} has no vision encoder in it.",
                           "zh": "视觉编码器（mmproj）文件 {path} 里没有视觉编码器。"},
    "validate.projector": {
        "en": "The mmproj file {path} is for `{projector}` models, not Qwen3-VL (`{expected}`). "
        "Use the mmproj-Qwen3VL-*.gguf file from the model's repository.",
        "zh": "视觉编码器（mmproj）文件 {path} 是给 `{projector}` 模型用的，不是 Qwen3-VL（`{expected}`）。"
        "请使用该模型仓库里的 mmproj-Qwen3VL-*.gguf 文件。",
    },
    "validate.image_mean": {"en": "The mmproj file {path} needs three finite `{key_name}` values. {hint}",
                            "zh": "视觉编码器（mmproj）文件 {path} 需要三个有限的 `{key_name}` 值。{hint}"},
    "validate.image_std": {"en": "The mmproj file {path} needs three finite `{key_name}` values other than zero. {hint}",
                           "zh": "视觉编码器（mmproj）文件 {path} 需要三个有限且不为零的 `{key_name}` 值。{hint}"},
    "validate.merge": {
        "en": "The mmproj file {path} has `{key_name}` = {merge}; Qwen3-VL merges {expected}x{expected} patches. {hint}",
        "zh": "视觉编码器（mmproj）文件 {path} 的 `{key_name}` = {merge}；Qwen3-VL 按 {expected}x{expected} 合并图块。{hint}",
    },
    "validate.tiling": {
        "en": "The mmproj file {path} has images of {size} px in patches of {patch} px, which do not tile in "
        "{merge}x{merge} groups. {hint}",
        "zh": "视觉编码器（mmproj）文件 {path} 的图像为 {size} 像素、图块为 {patch} 像素，无法按 {merge}x{merge} 分组铺满。{hint}",
    },
    "validate.vision_heads": {
        "en": "The mmproj file {path} has {n_head} heads for width {n_embd}; Qwen3-VL needs a head size that is a "
        "multiple of 4. {hint}",
        "zh": "视觉编码器（mmproj）文件 {path} 宽度 {n_embd} 配 {n_head} 个注意力头；Qwen3-VL 需要每个头的尺寸是 4 的倍数。{hint}",
    },
    "validate.positions": {"en": "The mmproj file {path} has {n} position embeddings, not a square grid. {hint}",
                           "zh": "视觉编码器（mmproj）文件 {path} 有 {n} 个位置嵌入，排不成正方形网格。{hint}"},
    "validate.shape": {
        "en": "The mmproj file {path} has tensor {name} of shape {shape}, which does not match its settings "
        "(patch size {patch}, width {n_embd}). {hint}",
        "zh": "视觉编码器（mmproj）文件 {path} 的张量 {name} 形状为 {shape}，与它的设置不符（图块 {patch}，宽度 {n_embd}）。{hint}",
    },
    "validate.mismatch": {
        "en": "The mmproj file {mmproj} does not belong to the model {model}: it makes {width}-wide image features "
        "but the model takes {expected}. Use the mmproj file from the same model size (for example "
        "mmproj-Qwen3VL-8B-Instruct-F16.gguf with Qwen3VL-8B-Instruct-Q4_K_M.gguf).",
        "zh": "视觉编码器（mmproj）文件 {mmproj} 与模型 {model} 不配套：它输出 {width} 宽的图像特征，而模型需要 {expected}。"
        "请使用同一模型大小的 mmproj 文件（例如 mmproj-Qwen3VL-8B-Instruct-F16.gguf 配 Qwen3VL-8B-Instruct-Q4_K_M.gguf）。",
    },
    "download.manual": {
        "en": "To install the model by hand: on a machine with internet, download\n  {model_url}\n  {mmproj_url}\n"
        "and copy both files into {folder}\n(or set TUTOR_MODEL and TUTOR_MMPROJ to where you put them).",
        "zh": "手动安装模型：在能上网的电脑上下载\n  {model_url}\n  {mmproj_url}\n"
        "再把这两个文件复制到 {folder}\n（或把 TUTOR_MODEL 和 TUTOR_MMPROJ 设为它们所在的位置）。",
    },
    "download.cannot": {"en": "Cannot download {what}: {why}.\n{steps}", "zh": "无法下载 {what}：{why}。\n{steps}"},
    "download.why.offline_mode": {"en": "offline mode is on (HF_HUB_OFFLINE is set)",
                                  "zh": "离线模式已打开（设置了 HF_HUB_OFFLINE）"},
    "download.why.no_connection": {"en": "no connection to {endpoint} ({error}); this computer seems to be offline",
                                   "zh": "连不上 {endpoint}（{error}）；这台电脑似乎没有联网"},
    "download.why.refused": {
        "en": "the hub refused access (the repository may be gated: log in with `hf auth login`)",
        "zh": "模型库拒绝访问（该仓库可能需要授权：请用 `hf auth login` 登录）",
    },
    "download.why.no_file": {"en": "{repo} has no file {filename} (the catalogue may be out of date)",
                             "zh": "{repo} 里没有文件 {filename}（模型目录可能已过时）"},
    "download.why.http": {"en": "the hub answered HTTP {code}", "zh": "模型库返回了 HTTP {code}"},
    "download.no_space": {
        "en": "Not enough free disk space in {folder}: {label} needs about {needed} GB and {free} GB is free. "
        "Free some space, or set TUTOR_MODEL_DIR to a folder on a larger disk.",
        "zh": "{folder} 的磁盘空间不够：{label} 大约需要 {needed} GB，现在只有 {free} GB 可用。"
        "请腾出一些空间，或把 TUTOR_MODEL_DIR 设为更大磁盘上的文件夹。",
    },
    "download.cancelled": {"en": "Download of {name} cancelled; {kept} GB kept, run the download again to resume.",
                           "zh": "{name} 的下载已取消；已保留 {kept} GB，再次下载即可接着下载。"},
    "download.cannot_write": {
        "en": "Cannot write {part}: {reason}. Free some disk space or set TUTOR_MODEL_DIR to a folder you can write to.",
        "zh": "无法写入 {part}：{reason}。请腾出一些磁盘空间，或把 TUTOR_MODEL_DIR 设为可以写入的文件夹。",
    },
    "download.ended_early": {"en": "{filename} ended at {size} of {total} bytes",
                             "zh": "{filename} 在 {total} 字节中的第 {size} 字节处中断"},
    "download.interrupted": {
        "en": "The download of {filename} was interrupted ({error}); {kept} GB is kept in {part}. "
        "Run the same download again to resume it.\n{steps}",
        "zh": "{filename} 的下载中断了（{error}）；已有 {kept} GB 保存在 {part}。再次运行同样的下载即可接着下载。\n{steps}",
    },
    "jobs.running": {"en": "Job {job} is running; pause it before grading again.",
                     "zh": "任务 {job} 正在批改；请先暂停，再重新批改。"},
    "jobs.cancelled": {"en": "Job {job} was cancelled; start a new job to grade these files again.",
                       "zh": "任务 {job} 已取消；要再次批改这些文件，请新建一个任务。"},
    "jobs.no_student": {"en": "Job {job} has no student {student}.", "zh": "任务 {job} 里没有学生 {student}。"},
    "jobs.no_job": {"en": "There is no grading job {job}; `tutor grade --list` shows the jobs.",
                    "zh": "没有编号为 {job} 的批改任务；`tutor grade --list` 会列出所有任务。"},
    "backend.unreachable": {
        "en": "Cannot reach the model server at {url}: is it running? Start it with `tutor serve` on the serving "
        "machine, or fix TUTOR_OPENAI_URL.",
        "zh": "无法连接 {url} 上的模型服务器：它在运行吗？请在服务器那台电脑上用 `tutor serve` 启动它，"
        "或者改正 TUTOR_OPENAI_URL。",
    },
    "backend.unloaded": {
        "en": "This model was unloaded because the settings changed; ask again to use the new one.",
        "zh": "设置改变了，这个模型已被卸载；再问一次就会用新的模型。",
    },
    "backend.no_llama_cpp": {
        "en": "llama-cpp-python is not installed in this environment. Run `make run` (or `pip install -e .`) to "
        "build it.",
        "zh": "这个环境里没有安装 llama-cpp-python。运行 `make run`（或 `pip install -e .`）来编译安装它。",
    },
    "backend.load_failed": {
        "en": "llama.cpp could not load {path}: {error}. The details are in {log}.",
        "zh": "llama.cpp 无法加载 {path}：{error}。详细信息在 {log}。",
    },
    "backend.vision_failed": {
        "en": "llama.cpp could not load the vision encoder {path}: {error}. The details are in {log}.",
        "zh": "llama.cpp 无法加载视觉编码器 {path}：{error}。详细信息在 {log}。",
    },
    "backend.no_vision": {
        "en": "This model was loaded without its vision encoder (mmproj), so it cannot read images. Set "
        "TUTOR_MMPROJ or pass --mmproj.",
        "zh": "这个模型加载时没有视觉编码器（mmproj），所以读不了图片。请设置 TUTOR_MMPROJ 或加上 --mmproj。",
    },
    "backend.context_full": {
        "en": "The question and its images do not fit in the model's context window ({n_ctx} tokens). Use fewer or "
        "smaller images, a shorter question or a new conversation, or raise n_ctx in the settings (it needs more "
        "memory).",
        "zh": "问题和图片放不进模型的上下文窗口（{n_ctx} 个词元）。请少用几张或用小一些的图片、把问题写短些或开始新的对话，"
        "或者在设置里调大 n_ctx（需要更多内存）。",
    },
    "backend.bad_image": {
        "en": "llama.cpp could not read one of the images. Upload it again as a JPEG or PNG.",
        "zh": "llama.cpp 读不了其中一张图片。请把它存成 JPEG 或 PNG 再上传一次。",
    },
    "backend.failed": {
        "en": "llama.cpp failed while answering: {error}. See {log}.",
        "zh": "llama.cpp 回答时出错：{error}。请查看 {log}。",
    },
    "backend.server_context_full": {
        "en": "The question and its images do not fit in the model's context window ({error}). Use fewer or "
        "smaller images, a shorter question or a new conversation, or start the server with a larger context.",
        "zh": "问题和图片放不进模型的上下文窗口（{error}）。请少用几张或用小一些的图片、把问题写短些或开始新的对话，"
        "或者用更大的上下文启动服务器。",
    },
    "backend.http_error": {
        "en": "HTTP {status} from the model server at {url}: {error}",
        "zh": "{url} 上的模型服务器返回 HTTP {status}：{error}",
    },
    "backend.server_error": {
        "en": "An error from the model server at {url}: {error}",
        "zh": "{url} 上的模型服务器报错：{error}",
    },
    "backend.timeout": {
        "en": "The model server at {url} did not answer within {seconds} s. It may be busy with other students; "
        "try again or raise TUTOR_REQUEST_TIMEOUT.",
        "zh": "{url} 上的模型服务器在 {seconds} 秒内没有回答。它可能正忙着回答别的同学；请再试一次，"
        "或者调大 TUTOR_REQUEST_TIMEOUT。",
    },
    "backend.not_a_stream": {
        "en": "The model server at {url} sent something that is not an OpenAI-compatible stream: {data}",
        "zh": "{url} 上的模型服务器发来的不是 OpenAI 兼容的流：{data}",
    },
    "backend.cut_off": {
        "en": "The model server at {url} stopped before finishing the answer. Most often the question and its "
        "images did not fit in the model's context window: try fewer or smaller images or a shorter question. "
        "The server's log says exactly why.",
        "zh": "{url} 上的模型服务器没答完就停了。最常见的原因是问题和图片放不进模型的上下文窗口："
        "请少用几张或用小一些的图片，或把问题写短些。服务器的日志里有确切原因。",
    },
    "queue.full": {
        "en": "{waiting} requests are already waiting for the model (the limit is {limit}). Try again in a "
        "minute, or raise `queue_limit` in the settings.",
        "zh": "已经有 {waiting} 个请求在等模型（上限是 {limit}）。请过一分钟再试，或者在设置里调大 `queue_limit`。",
    },
    "backend.connection_broke": {
        "en": "The connection to the model server at {url} broke: {error}",
        "zh": "与 {url} 上的模型服务器的连接中断了：{error}",
    },
    "jobs.server_down": {
        "en": "Grading paused: {reason} No student was marked for it; run the job again once the server is "
        "back and it goes on where it stopped.",
        "zh": "批改已暂停：{reason}没有学生因此被标记；服务器恢复后再次运行这个任务，它会从停下的地方继续。",
    },
    "jobs.lease_lost": {
        "en": "Job {job} stopped: its progress could not be recorded in the grading database, so another program "
        "may have taken the job over. Run it again to resume.",
        "zh": "任务 {job} 已停止：批改进度无法写入批改数据库，可能已有另一个程序接手了这个任务。再次运行即可继续。",
    },
    "jobs.held": {
        "en": "Job {job} is being graded right now by another program (process {pid}). "
        "Wait for it to finish, or pause it there first.",
        "zh": "任务 {job} 正由另一个程序（进程 {pid}）批改。请等它完成，或先在那里暂停。",
    },
    "jobs.no_database": {
        "en": "Could not open the grading database {path}: {error}. Check that the data folder exists and is writable.",
        "zh": "无法打开批改数据库 {path}：{error}。请检查数据文件夹是否存在、是否可以写入。",
    },
    "jobs.busy": {"en": "Job {job} is being graded now; pause or cancel it before starting another.",
                  "zh": "任务 {job} 正在批改；请先暂停或取消它，再开始另一个任务。"},
    "download.no_folder": {"en": "Cannot create the models folder {folder}: {error}",
                           "zh": "无法创建模型文件夹 {folder}：{error}"},
})


# What a student typed that is too long for one request.
STRINGS.update({
    "tutoring.too_long": {
        "en": "The {what} is {chars} characters long; keep it under {limit} (split a long worksheet into separate problems).",
        "zh": "{what}有 {chars} 个字符；请控制在 {limit} 个以内（把很长的作业拆成几道题）。",
    },
    "tutoring.what.problem": {"en": "problem", "zh": "题目"},
    "tutoring.what.step": {"en": "step", "zh": "这一步"},
    "tutoring.what.working": {"en": "working", "zh": "解题过程"},
    "tutoring.what.question": {"en": "question", "zh": "问题"},
})


def t(key: str, lang: str = "en") -> str:
    """The text for ``key`` in ``lang``, falling back to English."""
    entry = STRINGS[key]
    return entry.get(lang) or entry["en"]


class Text:
    """An interface text and its values, to be said later in whichever language is asked for."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values

    def said(self, lang: str) -> str:
        """The text in ``lang``; values that are Texts themselves are said in ``lang`` too."""
        return t(self.key, lang).format(
            **{name: value.said(lang) if isinstance(value, Text) else value for name, value in self.values.items()}
        )
