"""Small hand-made inputs for the fast unit tests (tests/test_unit_*.py): no builds, no demo data."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from veerkracht_lib.analysis.panel import Panel
from veerkracht_lib.config import parse_config

CRS = "EPSG:28992"


def grid(codes: list[str], gemeenten: list[str], columns: int = 10, size: float = 1000.0) -> gpd.GeoDataFrame:
    """Buurten as squares of ``size`` metres, row by row, ``columns`` per row (codes in that order)."""
    rows = []
    for i, (code, gm) in enumerate(zip(codes, gemeenten)):
        x, y = (i % columns) * size, (i // columns) * size
        rows.append({"code": code, "naam": f"Buurt {code[-2:]}", "wk_code": "WK" + code[2:8], "gm_code": gm,
                     "gm_naam": {"GM0001": "Een", "GM0002": "Twee"}.get(gm, gm), "geometry": box(x, y, x + size, y + size)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def panel(buurten: gpd.GeoDataFrame, values: dict[int, dict[str, dict[str, float]]],
          nederland: pd.DataFrame | None = None) -> Panel:
    """A Panel from ``values[jaar][code] = {column: value}`` (missing columns are NaN)."""
    rows = [{"code": code, "jaar": jaar, **figures} for jaar, by_code in values.items() for code, figures in by_code.items()]
    frame = pd.DataFrame(rows).set_index(["code", "jaar"]).sort_index()
    for column in ("inwoners", "huishoudens", "woningen", "bijstand", "laag_inkomen_hh", "corporatie_won", "onv"):
        if column not in frame:
            frame[column] = np.nan
    return Panel(buurten=buurten.sort_values("code").reset_index(drop=True), values=frame.astype(float),
                 nederland=nederland if nederland is not None else pd.DataFrame(),
                 matching=pd.DataFrame())


def nederland(years: dict[int, tuple[float, float, float]]) -> pd.DataFrame:
    """The Nederland row per year: (inwoners, bijstand, laag_inkomen_pct)."""
    frame = pd.DataFrame([{"jaar": j, "inwoners": i, "bijstand": b, "laag_inkomen_pct": p}
                          for j, (i, b, p) in years.items()]).set_index("jaar")
    return frame


def config(**raw):
    """A region config for gemeenten GM0001 and GM0002 (defaults of methodology v1), with ``raw`` changes."""
    return parse_config({"title": "Test", "gemeenten": ["GM0001", "GM0002"], **raw}, slug="test")
