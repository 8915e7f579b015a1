"""JupyterLab on the workbook: the chapter notebooks open as notebooks (jupytext), kernels find the workbook.

Each ``.py`` notebook is paired with an ``.ipynb`` (its jupytext header): saving in JupyterLab writes
both, the ``.ipynb`` with the outputs (git-ignored).

``overrides.json`` makes Jupytext's notebook view the default for ``.py`` files in this lab only
(it is the lab's settings default; a user's own setting still wins). It is this lab's application
settings folder instead of the environment's, whose own ``overrides.json`` is
therefore not read by a lab started this way.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from veerkracht_lib import workbook

SETTINGS = Path(__file__).parent  # holds overrides.json


def notebooks_folder(root: Path) -> Path:
    """The chapter notebooks as the workbook sees them.

    In the repository they are the package's own; any other folder gets a copy in ``notebooks/``
    (files already there are kept: they may be the user's adapted versions).
    """
    if workbook.NOTEBOOKS.is_relative_to(root):
        return workbook.NOTEBOOKS
    target = root / "notebooks"
    target.mkdir(parents=True, exist_ok=True)
    for source in workbook.NOTEBOOKS.glob("*.py"):
        if not (target / source.name).exists():
            shutil.copy2(source, target / source.name)
    return target


def lab_command(root: Path, extra: list[str]) -> tuple[list[str], dict[str, str]]:
    """The ``jupyter lab`` command line and environment for the workbook at ``root``."""
    notebooks = notebooks_folder(root)
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
               f"--LabApp.app_settings_dir={SETTINGS}",
               f"--LabApp.default_url=/lab/tree/{notebooks.relative_to(root).as_posix()}", *extra]
    return command, {**os.environ, workbook.WORKBOOK_ENV: str(root)}

