"""National reference figures shipped with the package (``nederland.yaml``), each with its source."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

import yaml

TABLE = Path(__file__).with_name("nederland.yaml")


class NationalFigure(NamedTuple):
    value: float
    source: str


@functools.cache
def _table() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8")) or {}


def national_figure(year: int, rate: str) -> NationalFigure | None:
    """The shipped national ``rate`` (e.g. ``bijstand_rate``) of ``year``, or None when there is none."""
    entry = _table().get(year, {}).get(rate)
    return NationalFigure(float(entry["value"]), " ".join(entry["source"].split())) if entry else None
