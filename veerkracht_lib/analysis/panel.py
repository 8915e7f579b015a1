"""The harmonised panel: every year's figures moved onto the situation year's buurten.

Unchanged buurten (same code, same geometry) carry their values over exactly; the others
get counts by areal interpolation (tobler) and rates recomputed from the moved counts
(methodology §6). Leefbaarometer scores are intensive and are area-weighted means.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

#: counts moved by areal interpolation; rates are recomputed from them (indicators.py)
COUNTS = ["inwoners", "huishoudens", "woningen", "bijstand", "laag_inkomen_hh", "corporatie_won", "niet_westers"]
SCORES = ["lbm", "afw", "fys", "onv", "soc", "vrz", "won"]
SAME_GEOMETRY = 0.01  # max. symmetric difference, as share of the area, for an exact match


@dataclass
class Panel:
    """Target buurten plus a long table of figures on them, per year."""

    buurten: gpd.GeoDataFrame            # code, naam, wk_code, gm_code, gm_naam, geometry (situation year)
    values: pd.DataFrame                 # index (code, jaar); COUNTS + SCORES (+ kwetsbaar_eigen)
    nederland: pd.DataFrame              # index jaar; national inwoners, bijstand, laag_inkomen_pct, corporatie_pct
    matching: pd.DataFrame               # index jaar; exact, geinterpoleerd, ontbrekend (counts of target buurten)
    notes: list[str] = field(default_factory=list)
    regional_rates: set[int] = field(default_factory=set)  # years whose index uses the region, not NL, as 100

    @property
    def years(self) -> list[int]:
        return sorted(self.values.index.get_level_values("jaar").unique())

    def year(self, jaar: int) -> pd.DataFrame:
        """Figures of one year, indexed by buurt code, aligned with ``buurten`` (all NaN if absent)."""
        if jaar not in self.years:
            return pd.DataFrame(index=self.buurten["code"], columns=self.values.columns, dtype=float)
        return self.values.xs(jaar, level="jaar").reindex(self.buurten["code"])


def to_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Kerncijfers percentages as counts, so they can be summed and moved."""
    out = pd.DataFrame(index=frame.index)
    for col in ("inwoners", "huishoudens", "woningen", "bijstand"):
        out[col] = frame[col] if col in frame else np.nan
    pct = lambda name: frame[name] if name in frame else np.nan  # noqa: E731
    out["laag_inkomen_hh"] = pct("laag_inkomen_pct") * out["huishoudens"] / 100
    out["corporatie_won"] = pct("corporatie_pct") * out["woningen"] / 100
    out["niet_westers"] = pct("niet_westers_pct") * out["inwoners"] / 100
    return out


def exact_matches(source: gpd.GeoDataFrame, target: gpd.GeoDataFrame) -> pd.Index:
    """Target codes that exist in ``source`` with (nearly) the same geometry."""
    common = target.set_index("code").index.intersection(source.set_index("code").index)
    if common.empty:
        return common
    t = target.set_index("code").geometry.loc[common].to_numpy()
    s = source.set_index("code").geometry.loc[common].to_numpy()
    # The symmetric difference is slow (25 s for 14,000 buurten); only pairs that could still
    # match need it: identical geometries match, and a pair whose areas already differ by more
    # than the limit cannot (the symmetric difference is at least the difference in area).
    t_area, s_area = shapely.area(t), shapely.area(s)
    limit = SAME_GEOMETRY * t_area
    same = shapely.equals_exact(t, s, tolerance=0.0)
    check = ~same & (np.abs(t_area - s_area) <= limit)
    same[check] = shapely.area(shapely.symmetric_difference(t[check], s[check])) <= limit[check]
    return common[same]


def area_interpolate(*args, **kwargs) -> pd.DataFrame:
    """tobler's areal interpolation, imported only when a boundary changed (it is slow to import).

    Callers pass no NaN: tobler 0.13 under pandas 3 fails on them ("read-only" assignment).
    """
    from tobler.area_weighted import area_interpolate as interpolate

    return interpolate(*args, **kwargs)


def move_counts(source: gpd.GeoDataFrame, target: gpd.GeoDataFrame) -> tuple[pd.DataFrame, int]:
    """COUNTS of ``source`` polygons on ``target`` polygons by code, and how many matched exactly.

    A moved count is missing when more than 5 % of it would come from source buurten
    where it is missing (suppressed), rather than silently treating suppression as zero.
    """
    cols = [c for c in COUNTS if c in source]
    exact = exact_matches(source, target)
    result = source.set_index("code").loc[exact, cols]
    rest = target[~target["code"].isin(exact)]
    if not rest.empty:
        src = source[["geometry", *cols]].copy()
        missing = [f"_na_{c}" for c in cols]
        for c, m in zip(cols, missing):
            src[m] = src[c].isna().astype(float)
            src[c] = src[c].fillna(0.0)
        src["_one"] = 1.0
        moved = area_interpolate(src, rest[["geometry"]], extensive_variables=[*cols, *missing, "_one"])
        moved.index = rest["code"].to_numpy()
        for c, m in zip(cols, missing):
            moved.loc[moved[m] > 0.05 * moved["_one"].clip(lower=1e-9), c] = np.nan
            moved.loc[moved["_one"] < 0.5, c] = np.nan  # target mostly outside the source data
        result = pd.concat([result, moved[cols]])
    result.index.name = "code"
    return result, len(exact)


def move_scores(scores: pd.DataFrame, geometry: gpd.GeoDataFrame | None, target: gpd.GeoDataFrame) -> pd.DataFrame:
    """Leefbaarometer scores on target buurten: by code, else area-weighted from ``geometry``."""
    cols = [c for c in SCORES if c in scores]
    by_code = scores.set_index("code")[cols]
    result = by_code.reindex(target["code"])
    unmatched = target[~target["code"].isin(by_code.index)]
    if geometry is not None and not unmatched.empty:
        src = geometry[["code", "geometry"]].merge(scores, on="code")
        for col in cols:  # per score, from the source buurten that have it (a missing score is not zero)
            known = src[src[col].notna()]
            if not known.empty:
                moved = area_interpolate(known[["geometry", col]], unmatched[["geometry"]], intensive_variables=[col])
                result.loc[unmatched["code"].to_numpy(), col] = moved[col].to_numpy()
    result.index.name = "code"
    return result


def build_panel(
    target: gpd.GeoDataFrame,
    buurten_by_year: dict[int, gpd.GeoDataFrame],
    lbm_scores: pd.DataFrame | None,
    lbm_geometry: gpd.GeoDataFrame | None,
    nederland: pd.DataFrame,
    own_index: pd.DataFrame | None = None,
) -> Panel:
    """Move each year's buurt figures (geometry + kerncijfers already merged) onto ``target``."""
    frames, matching = [], []
    for jaar, source in sorted(buurten_by_year.items()):
        counts, n_exact = move_counts(source.assign(**to_counts(source)), target)
        frame = counts.reindex(target["code"])
        if lbm_scores is not None:
            year_scores = lbm_scores[lbm_scores["jaar"] == jaar]
            if not year_scores.empty:
                frame = frame.join(move_scores(year_scores, lbm_geometry, target))
        if own_index is not None:
            own = own_index[own_index["jaar"] == jaar].set_index("code")["kwetsbaar"]
            frame["kwetsbaar_eigen"] = own.reindex(frame.index)
        frame["jaar"] = jaar
        frames.append(frame.reset_index())
        matching.append({"jaar": jaar, "exact": n_exact, "geinterpoleerd": len(target) - n_exact})
    values = pd.concat(frames, ignore_index=True).set_index(["code", "jaar"]).sort_index()
    return Panel(
        buurten=target[["code", "naam", "wk_code", "gm_code", "gm_naam", "geometry"]].sort_values("code").reset_index(drop=True),
        values=values,
        nederland=nederland,
        matching=pd.DataFrame(matching).set_index("jaar"),
    )
