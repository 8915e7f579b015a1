"""Samenhang: how vulnerability and overlast go together (association, never cause).

Population-weighted Pearson correlation with a Fisher-z confidence interval on the number
of buurten, overall and per corporatiebezit class (the two figures of the national
research), and Moran's I for whether a problem clusters in space.
"""
from __future__ import annotations

import math
from statistics import NormalDist

import geopandas as gpd
import numpy as np
import pandas as pd

from veerkracht_lib.analysis.maps import corporatie_groups
from veerkracht_lib.config import Thresholds


def weighted_correlation(x: pd.Series, y: pd.Series, w: pd.Series) -> tuple[float, int]:
    """Weighted Pearson r of x and y and the number of buurten used."""
    ok = x.notna() & y.notna() & w.notna() & (w > 0)
    x, y, w = x[ok].to_numpy(float), y[ok].to_numpy(float), w[ok].to_numpy(float)
    n = len(x)
    if n < 3:
        return np.nan, n
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    cov = np.average((x - mx) * (y - my), weights=w)
    sx, sy = math.sqrt(np.average((x - mx) ** 2, weights=w)), math.sqrt(np.average((y - my) ** 2, weights=w))
    return (cov / (sx * sy) if sx > 0 and sy > 0 else np.nan), n


def confidence_interval(r: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Fisher-z interval for a correlation on n buurten."""
    if n < 4 or np.isnan(r) or abs(r) >= 1:
        return np.nan, np.nan
    z = math.atanh(r)
    half = NormalDist().inv_cdf(0.5 + level / 2) / math.sqrt(n - 3)
    return math.tanh(z - half), math.tanh(z + half)


def correlation_row(frame: pd.DataFrame, x: str, y: str, label: str) -> dict:
    r, n = weighted_correlation(frame[x], frame[y], frame["inwoners"])
    lo, hi = confidence_interval(r, n)
    return {"groep": label, "n": n, "inwoners": float(frame["inwoners"].where(frame[x].notna() & frame[y].notna()).sum()),
            "r": r, "ci_laag": lo, "ci_hoog": hi}


def corporatie_klasse(corporatie: pd.Series, t: Thresholds) -> pd.Series:
    """The corporatiebezit class (`maps.corporatie_groups`) per buurt; NA where corporatiebezit is unknown."""
    labels = pd.Series(pd.NA, index=corporatie.index, dtype=object)
    for lo, hi, label in corporatie_groups(t):
        labels[(corporatie >= lo) & (corporatie < hi)] = label
    return labels


def samenhang_table(frame: pd.DataFrame, t: Thresholds, x: str = "kwetsbaar", y: str = "onv") -> pd.DataFrame:
    """Correlation of x and y over all buurten and per corporatiebezit class."""
    usable = frame[~frame["te_klein"]]
    rows = [correlation_row(usable, x, y, "alle buurten")]
    klasse = corporatie_klasse(usable["corporatie"], t)
    for _, _, label in corporatie_groups(t):
        rows.append(correlation_row(usable[klasse == label], x, y, f"corporatiebezit {label}"))
    return pd.DataFrame(rows)


def means_by_corporatie(frame: pd.DataFrame, columns: list[str], t: Thresholds) -> pd.DataFrame:
    """Population-weighted mean of columns per corporatiebezit class."""
    usable = frame[~frame["te_klein"]]
    klasse = corporatie_klasse(usable["corporatie"], t)
    rows = []
    for _, _, label in corporatie_groups(t):
        group = usable[klasse == label]
        row = {"corporatiebezit": label, "buurten": len(group), "inwoners": group["inwoners"].sum()}
        for c in columns:
            ok = group[c].notna() & (group["inwoners"] > 0)
            row[c] = np.average(group.loc[ok, c], weights=group.loc[ok, "inwoners"]) if ok.any() else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def morans_i(frame: gpd.GeoDataFrame, column: str, permutations: int = 999, seed: int = 12345) -> dict:
    """Moran's I (queen contiguity, row-standardised) of a column; fixed seed for determinism."""
    from esda.moran import Moran
    from libpysal.graph import Graph

    from veerkracht_lib.analysis.areas import queen_neighbours

    usable = frame[frame[column].notna() & ~frame["te_klein"]].reset_index(drop=True)
    if len(usable) < 8:
        return {"kolom": column, "I": np.nan, "p": np.nan, "n": len(usable)}
    rows, neighbours = queen_neighbours(usable.geometry)
    isolates = np.setdiff1d(np.arange(len(usable)), rows)  # libpysal keeps them as a self-loop of weight 0
    graph = Graph.from_arrays(np.r_[rows, isolates], np.r_[neighbours, isolates],
                              np.r_[np.ones(len(rows)), np.zeros(len(isolates))]).transform("r")
    np.random.seed(seed)
    mi = Moran(usable[column].to_numpy(float), graph, permutations=permutations)
    return {"kolom": column, "I": float(mi.I), "p": float(mi.p_sim), "n": len(usable)}
