"""The workbook: the folder a user works in, with ``params/``, ``data/``, ``reports/`` and ``notebooks/``.

Any folder is a workbook (the repository is one). Regions are looked up in the workbook's
``params/`` first and then among the regions built into the package; data and reports are
read and written in the workbook. The workbook is the current folder, or ``$VEERKRACHT_WORKBOOK``
when set (``veerkracht lab`` sets it, so notebooks opened in a sub-folder still find it).
"""
from __future__ import annotations

import os
from pathlib import Path

WORKBOOK_ENV = "VEERKRACHT_WORKBOOK"
PACKAGE = Path(__file__).resolve().parent
BUILTIN_PARAMS = PACKAGE / "params"  # the regions that ship with the package
NOTEBOOKS = PACKAGE / "notebooks"  # the chapter notebooks (jupytext py:percent), package data


def root() -> Path:
    """The workbook folder: ``$VEERKRACHT_WORKBOOK``, else the current folder.

    A kernel started in the package's own notebooks folder (``jupyter lab`` in the repository,
    without ``veerkracht lab``) works in the folder that holds the package: the repository.
    """
    folder = Path(os.environ.get(WORKBOOK_ENV) or Path.cwd()).resolve()
    return PACKAGE.parent if folder == NOTEBOOKS else folder


def params_dirs() -> list[Path]:
    """Where regions are looked up, in order: the workbook's ``params/``, then the built-in regions."""
    own = root() / "params"
    return [own, BUILTIN_PARAMS] if own.is_dir() and own.resolve() != BUILTIN_PARAMS else [BUILTIN_PARAMS]


def region_folder(slug: str) -> Path:
    """``params/<slug>/`` (the region's own templates and commentary): the first that exists, else the workbook's."""
    for folder in params_dirs():
        if (folder / slug).is_dir():
            return folder / slug
    return root() / "params" / slug


def data_dir() -> Path:
    """``data/``: generated demo data, the download cache and the notebooks' analysis cache."""
    return root() / "data"


def reports_dir() -> Path:
    return root() / "reports"
