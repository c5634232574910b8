"""`tutor eval`: how many problems with known answers the configured model gets right."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path

from tutor_app.cli.bar import show_bar
from tutor_app.config import load_settings
from tutor_app.errors import ConfigError
from tutor_app.measure.evaluate import EvalRun, compare, evaluate, load_problems, summary, write_outputs
from tutor_app.samples import samples_folder


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `eval` sub-command."""
    parser = subparsers.add_parser(
        "eval",
        help="run the model on problems with known answers and report its accuracy",
        description="Reads, solves and checks every problem in FOLDER (an index.json like "
        "sample_problems/, or a CSV with columns id,image,text,answer,language) and writes "
        "eval.json, eval.csv and eval.md. With --compare, sets two saved runs side by side.",
    )
    parser.add_argument("folder", type=Path, nargs="?", help="problems (default: the shipped sample problems)")
    parser.add_argument("--out", type=Path, help="folder for the results (default: <data dir>/eval/<time>)")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("A.json", "B.json"), help="compare two runs")
    parser.add_argument("-m", "--model", type=Path, help="language-model GGUF file")
    parser.add_argument("--mmproj", type=Path, help="vision encoder (mmproj) GGUF file")
    parser.add_argument("-n", "--max-tokens", type=int, help="most new tokens in each answer")
    parser.set_defaults(func=eval_command)


def eval_command(args: argparse.Namespace) -> int:
    """Evaluate and write the results, or compare two saved runs."""
    if args.compare:
        report = compare(EvalRun.from_json(args.compare[0]), EvalRun.from_json(args.compare[1]))
        print(report, end="")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "compare.md").write_text(report, encoding="utf-8")
        return 0
    if args.folder is not None and not args.folder.exists():
        raise ConfigError(f"{args.folder} does not exist; give a folder of problems or a CSV file.")
    settings = load_settings(model=args.model, mmproj=args.mmproj, max_tokens=args.max_tokens)
    source = args.folder or samples_folder()
    problems = load_problems(source)
    from tutor_app.model.backends import close_backend, get_backend
    from tutor_app.model.locate import locate_model_files

    name = settings.openai_model if settings.backend == "openai" else locate_model_files(settings)[0].name
    try:
        run = evaluate(
            settings, get_backend(settings), problems, model=name, source=str(source),
            progress=lambda done, total, current: show_bar(done / total, f"{done}/{total} {current}"),
        )
    finally:
        close_backend()
    print(file=sys.stderr)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.out or settings.data_dir / "eval" / f"{stamp}-{re.sub(r'[^A-Za-z0-9._-]+', '_', name)}"
    paths = write_outputs(run, out)
    print(summary(run), end="")
    print(f"Results: {paths['json']}, {paths['csv']}, {paths['markdown']}", file=sys.stderr)
    return 0
