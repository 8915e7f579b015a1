"""Indicators per buurt (methodology §2–3) in the situation and base year, and their references.

``indicator_frame`` returns one GeoDataFrame row per target buurt with, for the situation
year, ``onv``, ``kwetsbaar``, ``corporatie``; for the base year ``onv_basis`` and
``kwetsbaar_basis``; the developments ``d_onv`` and ``d_kwetsbaar``; and for every
reference level a relative version (suffix ``_gemeente`` / ``_regio``).
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from veerkracht_lib.analysis.panel import Panel
from veerkracht_lib.config import RegionConfig

#: component -> (numerator count, denominator count, national rate column)
COMPONENTS = {
    "bijstand": ("bijstand", "inwoners", "bijstand_rate"),
    "laag_inkomen": ("laag_inkomen_hh", "huishoudens", "laag_inkomen_rate"),
    "niet_westers": ("niet_westers", "inwoners", "niet_westers_rate"),
}
REFERENCES = ("nederland", "gemeente", "regio")
#: indicator -> how it is made relative: difference of scores, ratio of indices
RELATIVE = {"onv": "diff", "d_onv": "diff", "kwetsbaar": "ratio", "d_kwetsbaar": "diff"}


def national_rates(nederland: pd.DataFrame) -> pd.DataFrame:
    """National rates per year from the Nederland row of the kerncijfers."""
    out = pd.DataFrame(index=nederland.index)
    out["bijstand_rate"] = nederland["bijstand"] / nederland["inwoners"]
    out["laag_inkomen_rate"] = nederland["laag_inkomen_pct"] / 100
    if "niet_westers_pct" in nederland:
        out["niet_westers_rate"] = nederland["niet_westers_pct"] / 100
    return out


def vulnerability_index(year: pd.DataFrame, national: pd.Series, weights: dict[str, float]) -> pd.Series:
    """``100 × Σ w_c · rate_c / rate_c,NL``; a missing component is dropped and weights renormalised."""
    parts, used = [], []
    for name, w in weights.items():
        num, den, nat = COMPONENTS[name]
        rate = year[num] / year[den].where(year[den] > 0)
        ratio = rate / national.get(nat, np.nan)
        parts.append(ratio * w)
        used.append(ratio.notna() * w)
    total_w = sum(used)
    index = 100 * sum(p.fillna(0) for p in parts) / total_w.where(total_w > 0)
    return index.rename("kwetsbaar")


def reference_rates(panel: Panel, jaar: int, year: pd.DataFrame) -> pd.Series:
    """National rates of a year; where the Nederland row lacks one, the region's own rate (noted)."""
    rates = national_rates(panel.nederland)
    national = rates.loc[jaar].copy() if jaar in rates.index else pd.Series(dtype=float)
    for name, (num, den, nat) in COMPONENTS.items():
        if pd.isna(national.get(nat, np.nan)) and num in year and year[den].sum() > 0:
            ok = year[num].notna() & year[den].notna()
            national[nat] = year.loc[ok, num].sum() / year.loc[ok, den].sum() if ok.any() else np.nan
            if not pd.isna(national[nat]):
                panel.regional_rates.add(jaar)
                panel.notes.append(
                    f"Het landelijke cijfer voor {name} in {jaar} ontbreekt; de index gebruikt daarvoor het "
                    "gemiddelde van de regio (100 = regiogemiddelde).")
    return national


def _year_indicators(panel: Panel, jaar: int, config: RegionConfig) -> pd.DataFrame:
    year = panel.year(jaar)
    national = reference_rates(panel, jaar, year)
    out = pd.DataFrame(index=year.index)
    out["inwoners"] = year["inwoners"]
    out["woningen"] = year["woningen"]
    out["onv"] = year["onv"] if "onv" in year else np.nan
    if "kwetsbaar_eigen" in year and year["kwetsbaar_eigen"].notna().any():
        out["kwetsbaar"] = year["kwetsbaar_eigen"]
    else:
        out["kwetsbaar"] = vulnerability_index(year, national, config.vulnerability.components)
    out["corporatie"] = 100 * year["corporatie_won"] / year["woningen"].where(year["woningen"] > 0)
    return out


def add_relative(frame: pd.DataFrame, column: str) -> None:
    """Add ``{column}_gemeente`` and ``{column}_regio``: vs the population-weighted mean."""
    how = RELATIVE[column]
    weights = frame["inwoners"].where(~frame["te_klein"])
    # a weighted mean on numpy arrays per group: without pandas indexing per group
    # (that took ~3 s for 340 gemeenten, and the robustness table repeats it 8 times)
    v, w = frame[column].to_numpy(float), weights.to_numpy(float)
    usable = ~np.isnan(v) & ~np.isnan(w) & (w > 0)

    def mean_of(rows: np.ndarray) -> float:
        ok = rows[usable[rows]]
        return float(np.average(v[ok], weights=w[ok])) if len(ok) else np.nan

    for level, groups in (("gemeente", frame["gm_code"]), ("regio", pd.Series("regio", index=frame.index))):
        means = {g: mean_of(rows) for g, rows in frame.groupby(groups).indices.items()}
        mean = groups.map(means)
        frame[f"{column}_{level}"] = frame[column] - mean if how == "diff" else 100 * frame[column] / mean


def indicator_frame(panel: Panel, config: RegionConfig) -> gpd.GeoDataFrame:
    """One row per target buurt with every indicator the maps, text and exports need."""
    now = _year_indicators(panel, config.situation_year, config)
    base = _year_indicators(panel, config.base_year, config)
    frame = panel.buurten.set_index("code").join(now)
    frame["onv_basis"] = base["onv"]
    frame["kwetsbaar_basis"] = base["kwetsbaar"]
    frame["corporatie_basis"] = base["corporatie"]
    frame["inwoners_basis"] = base["inwoners"]
    frame["d_onv"] = frame["onv"] - frame["onv_basis"]
    frame["d_kwetsbaar"] = frame["kwetsbaar"] - frame["kwetsbaar_basis"]
    frame["te_klein"] = ~(frame["inwoners"] >= config.min_inwoners)
    for column in RELATIVE:
        add_relative(frame, column)
    return gpd.GeoDataFrame(frame.reset_index(), geometry="geometry", crs=panel.buurten.crs)


def with_reference(frame: pd.DataFrame, reference: str) -> pd.DataFrame:
    """A copy whose ``onv``/``kwetsbaar``/``d_*`` columns are the chosen reference's version."""
    if reference == "nederland":
        return frame.copy()
    out = frame.copy()
    for column in RELATIVE:
        out[column] = frame[f"{column}_{reference}"]
    return out


def yearly_indicators(panel: Panel, config: RegionConfig) -> pd.DataFrame:
    """``onv``, ``kwetsbaar`` and ``corporatie`` per buurt for every year in the panel (long form)."""
    gemeente = panel.buurten.set_index("code")["gm_naam"]
    frames = [_year_indicators(panel, jaar, config).assign(jaar=jaar, gm_naam=gemeente) for jaar in panel.years]
    out = pd.concat(frames).reset_index()
    out["te_klein"] = ~(out["inwoners"] >= config.min_inwoners)
    return out
