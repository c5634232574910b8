"""Folders that ship beside the package: the prompt templates and the sample problems.

A source checkout or an editable install keeps them at the repository's top level,
next to ``tutor_app/``; a wheel installs them as data files under
``<prefix>/share/tutor_app/`` (see ``[tool.setuptools.data-files]`` in pyproject.toml).
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOTS = (Path(__file__).resolve().parent.parent, Path(sys.prefix) / "share" / "tutor_app")


def shipped_folder(name: str, marker: str) -> Path | None:
    """The shipped folder ``name`` that holds ``marker``, or None if it is missing."""
    for root in _ROOTS:
        if (root / name / marker).exists():
            return root / name
    return None


def looked_in(name: str) -> str:
    """Where ``shipped_folder`` looks, for error messages."""
    return " and ".join(str(root / name) for root in _ROOTS)
