"""Exploration for researchers: every indicator of a region per buurt, and how each pair goes together.

The table holds the report's indicators, the Leefbaarometer dimensions, the components of the
vulnerability index as rates and corporatiebezit, for the years the report used. Correlations are
population-weighted with a Fisher-z interval on the number of buurten (as `samenhang`), and say n.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from veerkracht_lib.analysis.samenhang import confidence_interval, weighted_correlation

#: column -> Dutch label; the columns a region lacks are left out of the table
LABELS = {
    "kwetsbaar": "kwetsbare bewoners (index)",
    "onv": "LBM overlast en onveiligheid",
    "won": "LBM woningvoorraad",
    "fys": "LBM fysieke omgeving",
    "vrz": "LBM voorzieningen",
    "soc": "LBM sociale samenhang",
    "afw": "LBM leefbaarheid (afwijking)",
    "corporatie": "corporatiebezit (%)",
    "bijstand_pct": "bijstand (% van de inwoners)",
    "laag_inkomen_pct": "huishoudens met laag inkomen (%)",
    "niet_westers_pct": "niet-westerse migratieachtergrond (%)",
    "d_kwetsbaar": "ontwikkeling kwetsbare bewoners",
    "d_onv": "ontwikkeling overlast en onveiligheid",
}
#: component rate -> (count, denominator) in the panel's values
RATES = {"bijstand_pct": ("bijstand", "inwoners"), "laag_inkomen_pct": ("laag_inkomen_hh", "huishoudens"),
         "niet_westers_pct": ("niet_westers", "inwoners")}
SCORES = ["won", "fys", "vrz", "soc", "afw"]
PAIR_PLOT = ["kwetsbaar", "onv", "won", "fys", "vrz", "soc"]  # the map indicators and the Leefbaarometer dimensions


def indicator_table(buurten: pd.DataFrame, values: pd.DataFrame, cbs_year: int | None, lbm_year: int | None) -> pd.DataFrame:
    """One row per buurt: name, gemeente, inhabitants and every indicator that has a value somewhere.

    ``buurten`` is the analysis' buurten table, ``values`` the panel's values (code × jaar); the
    rates come from ``cbs_year``, the Leefbaarometer dimensions from ``lbm_year``. Buurten with too
    few inhabitants are kept, marked ``te_klein``; `correlations` leaves them out.
    """
    base = ["code", "naam", "gm_naam", "inwoners", "te_klein"]
    out = pd.DataFrame(buurten[[c for c in [*base, "kwetsbaar", "onv", "corporatie", "d_kwetsbaar", "d_onv"]
                                if c in buurten.columns]]).set_index("code")
    if cbs_year is not None and cbs_year in values.index.get_level_values("jaar"):
        year = values.xs(cbs_year, level="jaar").reindex(out.index)
        for rate, (count, total) in RATES.items():
            if count in year and total in year:
                out[rate] = 100 * year[count] / year[total].where(year[total] > 0)
    if lbm_year is not None and lbm_year in values.index.get_level_values("jaar"):
        year = values.xs(lbm_year, level="jaar").reindex(out.index)
        for score in SCORES:
            if score in year:
                out[score] = year[score]
    keep = [c for c in out.columns if c in base or (c in LABELS and out[c].notna().any())]
    return out[keep].reset_index()


def indicators(table: pd.DataFrame) -> list[str]:
    """The indicator columns of an `indicator_table`, in the order of `LABELS`."""
    return [c for c in LABELS if c in table.columns]


def correlations(table: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Weighted r, its 95% interval and n for every pair of ``columns`` (buurten with enough inhabitants)."""
    usable = table[~table["te_klein"]]
    rows = []
    for x, y in itertools.combinations(columns or indicators(table), 2):
        r, n = weighted_correlation(usable[x], usable[y], usable["inwoners"])
        lo, hi = confidence_interval(r, n)
        rows.append({"x": x, "y": y, "n": n, "r": r, "ci_laag": lo, "ci_hoog": hi})
    return pd.DataFrame(rows, columns=["x", "y", "n", "r", "ci_laag", "ci_hoog"])


def correlation_matrix(pairs: pd.DataFrame) -> pd.DataFrame:
    """The r of `correlations` as a square matrix (1 on the diagonal), for a heatmap."""
    names = list(dict.fromkeys([*pairs["x"], *pairs["y"]]))
    matrix = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    for row in pairs.itertuples():
        matrix.loc[row.x, row.y] = matrix.loc[row.y, row.x] = row.r
    return matrix
