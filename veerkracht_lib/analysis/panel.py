"""The harmonised panel: every year's figures moved onto the situation year's buurten.

Unchanged buurten (same code, same geometry) carry their values over exactly; the others
get counts by areal interpolation and rates recomputed from the moved counts
(methodology §6). Leefbaarometer scores are intensive and are area-weighted means.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

#: counts moved by areal interpolation; rates are recomputed from them (indicators.py)
COUNTS = ["inwoners", "huishoudens", "woningen", "bijstand", "laag_inkomen_hh", "corporatie_won", "niet_westers"]
SCORES = ["lbm", "afw", "fys", "onv", "soc", "vrz", "won"]
#: the buurten of the report: the situation year's map; ``wk_naam`` only labels the maps (NA when unknown)
PANEL_BUURT_COLUMNS = ["code", "naam", "wk_code", "wk_naam", "gm_code", "gm_naam", "geometry"]
SAME_GEOMETRY = 0.01  # max. symmetric difference, as share of the area, for an exact match
MIN_COVERAGE = 0.5  # share of a changed buurt's area that the source map must cover to move counts onto it
MAX_SUPPRESSED = 0.05  # max. share of a changed buurt's area in source buurten whose count is missing


@dataclass
class Panel:
    """Target buurten plus a long table of figures on them, per year."""

    buurten: gpd.GeoDataFrame            # PANEL_BUURT_COLUMNS (situation year)
    values: pd.DataFrame                 # index (code, jaar); COUNTS + SCORES (+ kwetsbaar_eigen)
    nederland: pd.DataFrame              # index jaar; national inwoners, bijstand, laag_inkomen_pct, corporatie_pct
    matching: pd.DataFrame               # index jaar; exact, geinterpoleerd, ontbrekend (counts of target buurten)
    notes: list[str] = field(default_factory=list)
    regional_rates: set[int] = field(default_factory=set)  # years whose index uses the region, not NL, as 100
    #: the national figures used per year and component, with where each came from (indicators.reference_rates)
    national_used: dict[tuple[int, str], str] = field(default_factory=dict)
    #: how the Leefbaarometer scores found the target buurten: per way of matching, the number of buurten
    score_matching: dict[str, int] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.values.index.get_level_values("jaar").unique())

    def years_with(self, column: str) -> list[int]:
        """The years in which at least one buurt has a value of ``column`` (CBS figures or scores)."""
        if column not in self.values:
            return []
        known = self.values[column].notna()
        return sorted(self.values.index.get_level_values("jaar")[known.to_numpy()].unique())

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
    # area of the symmetric difference = both areas minus twice the overlap: the same number, and an
    # intersection is cheaper to compute than a symmetric difference (8 s against 12 s at 5,000 pairs)
    overlap = in_threads(shapely.intersection, t[check], s[check])
    # (1e-9: the subtraction's rounding must not turn a difference of exactly the limit into a change)
    same[check] = t_area[check] + s_area[check] - 2 * shapely.area(overlap) <= limit[check] * (1 + 1e-9)
    return common[same]


def in_threads(operation, *arrays: np.ndarray) -> np.ndarray:
    """A vectorised shapely ``operation`` on the arrays, in two halves on two threads: GEOS releases the
    GIL, so a second core halves the time of the costly overlays of national maps."""
    if len(arrays[0]) < 200 or (os.cpu_count() or 1) < 2:
        return operation(*arrays)
    half = len(arrays[0]) // 2
    with ThreadPoolExecutor(2) as pool:
        parts = list(pool.map(lambda part: operation(*(a[part] for a in arrays)), (slice(None, half), slice(half, None))))
    return np.concatenate(parts)


def overlap_areas(source: gpd.GeoDataFrame, target: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of overlapping polygons: (source row, target row, area of their intersection)."""
    target_rows, source_rows = source.sindex.query(target.geometry, predicate="intersects")
    areas = shapely.area(in_threads(shapely.intersection, source.geometry.to_numpy()[source_rows],
                                    target.geometry.to_numpy()[target_rows]))
    return source_rows, target_rows, areas


def area_interpolate(source: gpd.GeoDataFrame, target: gpd.GeoDataFrame, extensive: list[str] = (),
                     intensive: list[str] = ()) -> pd.DataFrame:
    """Areal interpolation of ``source`` columns onto the ``target`` polygons (rows in target order).

    An extensive column (a count) gives a target the share of the source polygon's *own* area
    that lies in it; an intensive column (a score) is the mean of the sources weighted by their
    overlap with the target, missing where no source overlaps it. (What tobler's
    ``area_interpolate`` computes with ``allocate_total=False``, but in float64 and without
    importing tobler, whose import of statsmodels cost 1,5–2 s per build.)
    """
    source_rows, target_rows, areas = overlap_areas(source, target)
    out = pd.DataFrame(index=pd.RangeIndex(len(target)))
    if len(extensive):
        share = areas / source.geometry.area.to_numpy()[source_rows]
        parts = source[list(extensive)].to_numpy(dtype=float)[source_rows] * share[:, None]
        out[list(extensive)] = _sum_by(target_rows, parts, len(target))
    if len(intensive):
        covered = _sum_by(target_rows, areas[:, None], len(target))[:, 0]
        weighted = _sum_by(target_rows, source[list(intensive)].to_numpy(dtype=float)[source_rows] * areas[:, None],
                           len(target))
        with np.errstate(invalid="ignore", divide="ignore"):
            out[list(intensive)] = np.where(covered[:, None] > 0, weighted / covered[:, None], np.nan)
    return out


def _sum_by(rows: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Column sums of ``values`` per row number (0 … n-1)."""
    out = np.zeros((n, values.shape[1]))
    np.add.at(out, rows, values)
    return out


def move_counts(source: gpd.GeoDataFrame, target: gpd.GeoDataFrame) -> tuple[pd.DataFrame, int]:
    """COUNTS of ``source`` polygons on ``target`` polygons by code (the exact matches first), and how many matched exactly.

    A changed target buurt gets from each source buurt the share of its count that lies in the target
    by area (uneven and three-way splits, merges). A moved count is missing when the target is less
    than half covered by the source map (`MIN_COVERAGE`), or when more than 5 % of the target's area
    (`MAX_SUPPRESSED`) lies in source buurten where the count is missing (suppressed): suppression is
    never treated as zero.
    """
    cols = [c for c in COUNTS if c in source]
    exact = exact_matches(source, target)
    result = source.set_index("code").loc[exact, cols]
    rest = target[~target["code"].isin(exact)]
    if not rest.empty:
        src = source[["geometry", *cols]].copy()
        missing = [f"_na_{c}" for c in cols]
        area = src.geometry.area
        for c, m in zip(cols, missing):
            src[m] = area.where(src[c].isna(), 0.0)  # the area where the count is missing
            src[c] = src[c].fillna(0.0)
        src["_area"] = area
        # a source gives a target the share of its *own* area that lies there, also when the rest
        # of it lies in an unchanged (exactly matched) buurt
        moved = area_interpolate(src, rest[["geometry"]], extensive=[*cols, *missing, "_area"])
        moved.index = rest["code"].to_numpy()
        target_area = rest.geometry.area.to_numpy()
        covered = moved["_area"].to_numpy() / target_area  # share of the target covered by the source map
        for c, m in zip(cols, missing):
            suppressed = moved[m].to_numpy() / target_area
            moved.loc[(suppressed > MAX_SUPPRESSED) | (covered < MIN_COVERAGE), c] = np.nan
        result = pd.concat([result, moved[cols]])
    result.index.name = "code"
    return result, len(exact)


def match_scores(scores: pd.DataFrame, geometry: gpd.GeoDataFrame | None,
                 target: gpd.GeoDataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Leefbaarometer scores (every year) on the target buurten, and how many buurten matched how.

    The scores carry the codes of one edition for all years, which need not be the target's: a
    target buurt takes the scores of its own code; else, with the Leefbaarometer geometry, the
    area-weighted mean of the score buurten it overlaps ("positie"); else the score buurt of the
    same name within the same gemeente, when exactly one has that name ("naam").
    """
    cols = [c for c in SCORES if c in scores]
    codes = set(scores["code"])
    by_code = target[target["code"].isin(codes)]
    rest = target[~target["code"].isin(codes)]
    matched = {"code": len(by_code), "positie": 0, "naam": 0}
    frames = [scores[scores["code"].isin(by_code["code"])][["code", "jaar", *cols]]]
    if geometry is not None and not rest.empty:
        src = geometry[["code", "geometry"]].merge(scores, on="code")
        moved = []
        for jaar, year in src.groupby("jaar"):
            frame = pd.DataFrame({"code": rest["code"].to_numpy(), "jaar": jaar})
            for col in cols:  # per score, from the source buurten that have it (a missing score is not zero)
                known = year[year[col].notna()]
                if not known.empty:
                    values = area_interpolate(known[["geometry", col]], rest[["geometry"]], intensive=[col])
                    frame[col] = values[col].to_numpy()
            moved.append(frame)
        if moved:
            frames.append(pd.concat(moved, ignore_index=True))
            matched["positie"] = len(rest)
            rest = rest.iloc[0:0]
    if "naam" in scores and not rest.empty:
        pairs = _same_names(scores, rest)
        renamed = scores[scores["code"].isin(pairs)].assign(code=lambda f: f["code"].map(pairs))
        frames.append(renamed[["code", "jaar", *cols]])
        matched["naam"] = len(set(pairs.values()))
        rest = rest[~rest["code"].isin(pairs.values())]
    matched["niet"] = len(rest)
    out = pd.concat(frames, ignore_index=True).set_index(["code", "jaar"]).sort_index()
    return out, matched


def _name_key(names: pd.Series) -> pd.Series:
    return names.astype(str).str.casefold().str.replace(r"[^0-9a-zà-ÿ]+", " ", regex=True).str.strip()


def _same_names(scores: pd.DataFrame, rest: gpd.GeoDataFrame) -> dict[str, str]:
    """Score code -> target code for names that occur once among the unmatched target buurten and once in the scores."""
    candidates = scores.drop_duplicates("code")[["code", "naam"]].assign(key=lambda f: _name_key(f["naam"]))
    candidates = candidates[~candidates.duplicated("key", keep=False)]
    targets = rest[["code", "naam"]].assign(key=lambda f: _name_key(f["naam"]))
    targets = targets[~targets.duplicated("key", keep=False)]
    joined = candidates.merge(targets, on="key", suffixes=("_score", "_target"))
    return dict(zip(joined["code_score"], joined["code_target"]))


def build_panel(
    target: gpd.GeoDataFrame,
    buurten_by_year: dict[int, gpd.GeoDataFrame],
    lbm_scores: pd.DataFrame | None,
    lbm_geometry: gpd.GeoDataFrame | None,
    nederland: pd.DataFrame,
    own_index: pd.DataFrame | None = None,
) -> Panel:
    """Move each year's buurt figures (geometry + kerncijfers already merged) onto ``target``.

    The Leefbaarometer scores keep their own years: every year of the scores file is on the
    panel, whether or not a buurtkaart of that year is at hand.
    """
    frames, matching = [], []
    for jaar, source in sorted(buurten_by_year.items()):
        counts, n_exact = move_counts(source.assign(**to_counts(source)), target)
        frame = counts.reindex(target["code"])
        if own_index is not None:
            own = own_index[own_index["jaar"] == jaar].set_index("code")["kwetsbaar"]
            frame["kwetsbaar_eigen"] = own.reindex(frame.index)
        frame["jaar"] = jaar
        frames.append(frame.reset_index())
        # a changed buurt counts as interpolated only when it got figures (inhabitants) from the source
        changed = ~frame.index.isin(counts.index[:n_exact])  # move_counts lists the exact matches first
        without = int((changed & frame["inwoners"].isna().to_numpy()).sum()) if "inwoners" in frame else int(changed.sum())
        matching.append({"jaar": jaar, "exact": n_exact, "geinterpoleerd": int(changed.sum()) - without,
                         "ontbrekend": without})
    values = pd.concat(frames, ignore_index=True).set_index(["code", "jaar"]).sort_index()
    score_matching = {}
    if lbm_scores is not None and not lbm_scores.empty:
        scores, score_matching = match_scores(lbm_scores, lbm_geometry, target)
        values = values.join(scores, how="outer")
    return Panel(
        buurten=target.reindex(columns=PANEL_BUURT_COLUMNS).sort_values("code").reset_index(drop=True),
        values=values,
        nederland=nederland,
        matching=pd.DataFrame(matching).set_index("jaar"),
        score_matching=score_matching,
    )
