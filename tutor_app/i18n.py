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
    "solve.work_label": {"en": "The student's working", "zh": "学生的解题过程"},
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
        "en": "The CAS disagrees: treat this answer with care",
        "zh": "计算机代数系统的结果不同：请谨慎对待这个答案",
    },
    "solve.badge.not_checkable": {"en": "Not checkable", "zh": "无法验证"},
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
        "en": "No Teacher passcode is set, so the Teacher and Settings pages stay locked in "
        "classroom mode. On the class laptop, run `tutor passcode`, then reload this page.",
        "zh": "尚未设置教师口令，课堂模式下教师和设置页面保持锁定。请在教室电脑上运行 "
        "`tutor passcode`，然后刷新本页。",
    },
    "access.set_first": {
        "en": "Choose a Teacher passcode first (at least 4 characters). It keeps grading and "
        "settings away from students.",
        "zh": "请先设置教师口令（至少 4 个字符），以免学生进入批改和设置页面。",
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
}


def t(key: str, lang: str = "en") -> str:
    """The text for ``key`` in ``lang``, falling back to English."""
    entry = STRINGS[key]
    return entry.get(lang) or entry["en"]
