"""Tweedeling: do gemeenten drift apart? Shares per class per gemeente, and between base and situation
year both the gap between gemeente means and the share of the variance that lies between gemeenten."""
from __future__ import annotations

import numpy as np
import pandas as pd

from veerkracht_lib.analysis.classes import TE_WEINIG_INWONERS
from veerkracht_lib.analysis.gemeenten import class_figures


def class_shares(frame: pd.DataFrame, class_column: str, by: str | None = "gm_naam") -> pd.DataFrame:
    """Share of inhabitants (0–100) per class, per gemeente (rows) or for the whole region."""
    # buurten below the minimum (for a development: in either year) do not count
    usable = frame[~frame["te_klein"] & frame["inwoners"].notna()
                   & (frame[class_column].astype(object) != TE_WEINIG_INWONERS)]
    groups = usable[by] if by else pd.Series("regio", index=usable.index)
    table = usable.pivot_table(index=groups, columns=class_column, values="inwoners", aggfunc="sum",
                               observed=False, fill_value=0)
    table = table.loc[:, table.sum() > 0]
    return 100 * table.div(table.sum(axis=1), axis=0)


def share_in(frame: pd.DataFrame, class_column: str, labels: list[str], by: str | None = "gm_naam") -> pd.Series:
    """Share of inhabitants (0–100) living in a buurt of any of ``labels``."""
    shares = class_shares(frame, class_column, by)
    present = [lab for lab in labels if lab in shares.columns]
    return shares[present].sum(axis=1) if present else pd.Series(0.0, index=shares.index)


#: a change in the share of variance between gemeenten that counts, in points of the 0–1 share (ours)
SHARE_CHANGE = 0.02
#: a relative change in the gap between gemeente means that counts (ours)
GAP_CHANGE = 0.05


def between_share(values: pd.Series, weights: pd.Series, groups: pd.Series) -> float:
    """Share (0–1) of the population-weighted variance of ``values`` that lies between groups."""
    return _between(values, weights, groups)[0]


def gap(values: pd.Series, weights: pd.Series, groups: pd.Series) -> float:
    """The gap between groups: the population-weighted standard deviation of the group means
    (in the unit of ``values``), i.e. the square root of the between-group variance."""
    return _between(values, weights, groups)[1]


def _between(values: pd.Series, weights: pd.Series, groups: pd.Series) -> tuple[float, float]:
    """(between-group share of the variance, standard deviation of the group means), weighted."""
    ok = values.notna() & weights.notna() & (weights > 0)
    v, w, g = values[ok], weights[ok], groups[ok]
    if len(v) < 3:
        return np.nan, np.nan
    mean = np.average(v, weights=w)
    total = np.average((v - mean) ** 2, weights=w)
    group_means = (v * w).groupby(g).sum() / w.groupby(g).sum()
    between = np.average((g.map(group_means) - mean) ** 2, weights=w)
    return (float(between / total) if total > 0 else np.nan), float(np.sqrt(between))


def conclusion(share_change: float, gap_change: float) -> str:
    """What base → situation says, from the share *and* the gap: "uit elkaar", "naar elkaar toe",
    "gelijk", or the mixed case "gat groter/kleiner/gelijk, aandeel groter/kleiner/gelijk"."""
    if np.isnan(share_change) or np.isnan(gap_change):
        return "onbekend"
    direction = lambda x, edge: "groter" if x > edge else "kleiner" if x < -edge else "gelijk"  # noqa: E731
    share, gap_ = direction(share_change, SHARE_CHANGE), direction(gap_change, GAP_CHANGE)
    if gap_ == "groter" and share != "kleiner":
        return "uit elkaar" if share == "groter" else "gat groter, aandeel gelijk"
    if gap_ == "kleiner" and share != "groter":
        return "naar elkaar toe" if share == "kleiner" else "gat kleiner, aandeel gelijk"
    if gap_ == share == "gelijk":
        return "gelijk"
    return f"gat {gap_}, aandeel {share}"


def divergence(frame: pd.DataFrame) -> pd.DataFrame:
    """Per indicator, in base and situation year: the between-gemeente share of variance (``basisjaar``,
    ``situatiejaar``) and the gap between gemeente means (``spreiding_*``), with a ``conclusie``.

    Both years use the same buurten (large enough in both years, a value in both) and the same
    weights (situation-year inhabitants), so a change comes from the values, not from who counts.
    """
    usable = frame[~frame["te_klein"] & ~frame["te_klein_basis"].fillna(False).astype(bool)]
    rows = []
    for label, now, base in (("overlast en onveiligheid", "onv", "onv_basis"), ("kwetsbare bewoners", "kwetsbaar", "kwetsbaar_basis")):
        both = usable[usable[now].notna() & usable[base].notna()]
        share_base, gap_base = _between(both[base], both["inwoners"], both["gm_naam"])
        share_now, gap_now = _between(both[now], both["inwoners"], both["gm_naam"])
        gap_change = (gap_now - gap_base) / gap_base if gap_base > 0 else np.nan
        rows.append({
            "indicator": label, "basisjaar": share_base, "situatiejaar": share_now,
            "verschil": share_now - share_base,
            "spreiding_basis": gap_base, "spreiding_situatie": gap_now, "spreiding_verandering": gap_change,
            "conclusie": conclusion(share_now - share_base, gap_change),
        })
    return pd.DataFrame(rows)


def time_series(yearly: pd.DataFrame, column: str) -> pd.DataFrame:
    """Population-weighted mean of ``column`` per gemeente (columns) and year (rows), plus the region."""
    usable = yearly[~yearly["te_klein"]]
    ok = usable[column].notna() & usable["inwoners"].notna() & (usable["inwoners"] > 0)
    weight = usable["inwoners"].where(ok, 0.0)
    weighted = (usable[column] * weight).where(ok, 0.0)

    def mean_by(keys: list[str]) -> pd.Series:
        sums = pd.DataFrame({"v": weighted, "w": weight}).groupby([usable[k] for k in keys]).sum()
        return sums["v"] / sums["w"].where(sums["w"] > 0)  # no inhabitants with a value: NaN

    out = mean_by(["jaar", "gm_naam"]).unstack()
    out["regio"] = mean_by(["jaar"])
    out.index.name = "jaar"
    out.columns.name = None
    return out


def comparison_table(analysis) -> pd.DataFrame:
    """Per gemeente (and the region): share of inhabitants on the problem side of each map that has one,
    of the buurten with a class on the map (`gemeenten.class_figures`; no data: NaN, not 0 %)."""
    columns = {}
    t = analysis.config.thresholds
    for record in analysis.maps:
        problems = list(record.problems(t))
        if problems and analysis.available(record.key):
            column = analysis.class_column(record.key)
            per_gemeente = class_figures(analysis.buurten, column, problems)["probleem_aandeel"]
            per_gemeente["regio"] = class_figures(analysis.buurten, column, problems, by=None).iloc[0]["probleem_aandeel"]
            columns[f"kaart {record.number}: {analysis.schemes[record.key].title.lower()}"] = per_gemeente
    table = pd.DataFrame(columns)
    table.index.name = "gemeente"
    return table
