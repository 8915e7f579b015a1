"""Samenhang: how vulnerability and overlast go together (association, never cause).

Population-weighted Pearson correlation with a Fisher-z confidence interval on the number
of buurten, overall and per corporatiebezit class (the two figures of the national
research), and Moran's I for whether a problem clusters in space.

A direction is stated only when the 95 % interval excludes 0 and the (unweighted) Spearman rank
correlation has the same sign (`direction`); `carried_by` finds the few buurten without which
that conclusion would change, so the text can name them.
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


def rank_correlation(x: pd.Series, y: pd.Series) -> float:
    """Spearman's rank correlation over the buurten with both values: Pearson's r of the ranks, ties
    given their average rank (unweighted)."""
    ok = x.notna() & y.notna()
    if ok.sum() < 3 or x[ok].nunique() < 2 or y[ok].nunique() < 2:
        return np.nan
    return float(x[ok].astype(float).rank().corr(y[ok].astype(float).rank()))


def rank_interval(rho: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Interval for Spearman's rank correlation on n buurten: Fisher z with variance 1,06 / (n − 3)
    (Fieller, Hartley & Pearson 1957)."""
    if n < 4 or np.isnan(rho) or abs(rho) >= 1:
        return np.nan, np.nan
    z = math.atanh(rho)
    half = NormalDist().inv_cdf(0.5 + level / 2) * math.sqrt(1.06 / (n - 3))
    return math.tanh(z - half), math.tanh(z + half)


def direction(lo: float, hi: float, rho: float, n: int) -> str:
    """"positief" or "negatief" when the 95 % interval of r excludes 0 and the rank correlation agrees:
    its own 95 % interval (`rank_interval`) excludes 0 on the same side. Otherwise "geen" (no direction
    may be stated): a rank correlation of +0,02 beside r = 0,47 does not support a direction."""
    rho_lo, rho_hi = rank_interval(rho, n)
    if lo > 0 and rho_lo > 0:
        return "positief"
    if hi < 0 and rho_hi < 0:
        return "negatief"
    return "geen"


def correlation_row(frame: pd.DataFrame, x: str, y: str, label: str) -> dict:
    r, n = weighted_correlation(frame[x], frame[y], frame["inwoners"])
    lo, hi = confidence_interval(r, n)
    usable = frame["inwoners"].notna() & (frame["inwoners"] > 0)
    rho = rank_correlation(frame[x].where(usable), frame[y].where(usable))
    return {"groep": label, "n": n, "inwoners": float(frame["inwoners"].where(frame[x].notna() & frame[y].notna()).sum()),
            "r": r, "ci_laag": lo, "ci_hoog": hi, "rho": rho, "richting": direction(lo, hi, rho, n)}


#: at most this many buurten are left out to test a conclusion (and at least 3, else 5 % of them)
MAX_LEFT_OUT = 10


def carried_by(frame: pd.DataFrame, x: str, y: str) -> dict | None:
    """The few buurten that carry the overall conclusion, or None when it holds without them.

    Greedily leaves out the buurt whose removal moves the weighted r most towards the other sign
    (the most influential one), recomputing after each, up to min(`MAX_LEFT_OUT`, max(3, 5 % of the
    buurten)); as soon as `direction` changes, returns those buurten (``codes``, ``namen``) with
    the row without them (``r``, ``ci_laag``, ``ci_hoog``, ``rho``, ``n``, ``richting``).
    """
    ok = frame[x].notna() & frame[y].notna() & frame["inwoners"].notna() & (frame["inwoners"] > 0)
    data = frame[ok]
    first = correlation_row(data, x, y, "")
    if np.isnan(first["r"]):
        return None
    limit = min(MAX_LEFT_OUT, max(3, math.ceil(0.05 * len(data))))
    sign = 1.0 if first["r"] >= 0 else -1.0
    left_out: list = []
    rest = data
    for _ in range(limit):
        if len(rest) < 5:
            return None
        rest = rest.drop(index=_most_influential(rest, x, y, sign))
        left_out = [i for i in data.index if i not in rest.index]
        row = correlation_row(rest, x, y, "")
        if row["richting"] != first["richting"]:
            names = data.loc[left_out]
            return {**row, "codes": list(names["code"]) if "code" in names else [],
                    "namen": [f"{n} ({g})" for n, g in zip(names["naam"], names["gm_naam"])] if "naam" in names else []}
    return None


def _most_influential(data: pd.DataFrame, x: str, y: str, sign: float):
    """Index of the buurt whose removal lowers ``sign`` × weighted r the most (leave-one-out, closed form)."""
    w = data["inwoners"].to_numpy(float)
    a, b = data[x].to_numpy(float), data[y].to_numpy(float)
    a, b = a - np.average(a, weights=w), b - np.average(b, weights=w)  # centred: no cancellation in the sums
    sw, sa, sb = w.sum(), (w * a).sum(), (w * b).sum()
    saa, sbb, sab = (w * a * a).sum(), (w * b * b).sum(), (w * a * b).sum()
    # the weighted sums without buurt i, for every i at once
    W, A, B = sw - w, sa - w * a, sb - w * b
    AA, BB, AB = saa - w * a * a, sbb - w * b * b, sab - w * a * b
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = AB / W - (A / W) * (B / W)
        r_without = cov / np.sqrt((AA / W - (A / W) ** 2) * (BB / W - (B / W) ** 2))
    return data.index[int(np.nanargmin(sign * r_without))]


def corporatie_klasse(corporatie: pd.Series, t: Thresholds) -> pd.Series:
    """The corporatiebezit class (`maps.corporatie_groups`) per buurt; NA where corporatiebezit is unknown."""
    labels = pd.Series(pd.NA, index=corporatie.index, dtype=object)
    for lo, hi, label in corporatie_groups(t):
        labels[(corporatie >= lo) & (corporatie < hi)] = label
    return labels


def usable_for(frame: pd.DataFrame, x: str) -> pd.DataFrame:
    """The buurten that count: large enough, and for a development (``d_*``) also in the base year."""
    keep = ~frame["te_klein"].astype(bool)
    if x.startswith("d_") and "te_klein_basis" in frame:
        keep &= ~frame["te_klein_basis"].fillna(False).astype(bool)
    return frame[keep]


def samenhang_table(frame: pd.DataFrame, t: Thresholds, x: str = "kwetsbaar", y: str = "onv") -> pd.DataFrame:
    """Correlation of x and y over all buurten and per corporatiebezit class."""
    usable = usable_for(frame, x)
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


def morans_i(frame: gpd.GeoDataFrame, column: str, permutations: int = 999, seed: int = 12345,
             pairs: tuple[np.ndarray, np.ndarray] | None = None) -> dict:
    """Moran's I of a column over queen contiguity, row-standardised (a buurt without neighbours has
    weight 0), and its pseudo p-value from random permutations with a fixed seed: esda's ``Moran`` I and
    ``p_sim``, computed here because importing esda and libpysal took 1.5 s of every build.

    ``pairs``: `queen_neighbours` of all of ``frame``'s rows, when already known (0,5 s nationally).
    """
    from scipy.sparse import csr_matrix

    from veerkracht_lib.analysis.areas import queen_neighbours

    mask = (frame[column].notna() & ~frame["te_klein"] & frame["inwoners"].notna()).to_numpy()
    usable = frame[mask].reset_index(drop=True)
    if len(usable) < 8:
        return {"kolom": column, "I": np.nan, "p": np.nan, "n": len(usable)}
    n = len(usable)
    if pairs is None:
        rows, neighbours = queen_neighbours(usable.geometry)
    else:  # the pairs of usable buurten, numbered among the usable ones
        position = np.cumsum(mask) - 1
        both = mask[pairs[0]] & mask[pairs[1]]
        rows, neighbours = position[pairs[0][both]], position[pairs[1][both]]
    weights = csr_matrix((1.0 / np.bincount(rows, minlength=n)[rows], (rows, neighbours)), shape=(n, n))
    s0 = weights.sum()
    z = usable[column].to_numpy(float)
    z = z - z.mean()
    sum_of_squares = z @ z

    observed = n / s0 * (z @ (weights @ z)) / sum_of_squares
    random = np.random.RandomState(seed)
    simulated = np.empty(permutations)
    for start in range(0, permutations, 100):  # 100 permutations per sparse product: ~12 MB at national size
        batch = np.column_stack([random.permutation(z) for _ in range(min(100, permutations - start))])
        simulated[start:start + batch.shape[1]] = n / s0 * np.einsum("ij,ij->j", batch, weights @ batch) / sum_of_squares
    larger = int((simulated >= observed).sum())
    larger = min(larger, permutations - larger)  # two-sided: the smaller tail
    return {"kolom": column, "I": float(observed), "p": (larger + 1.0) / (permutations + 1.0), "n": n}
