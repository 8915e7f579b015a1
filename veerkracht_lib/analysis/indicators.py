"""Indicators per buurt (methodology §2–3) in the situation and base year, and their references.

``indicator_frame`` returns one GeoDataFrame row per target buurt with, for the situation
year, ``onv``, ``kwetsbaar``, ``corporatie``; for the base year ``onv_basis`` and
``kwetsbaar_basis``; the developments ``d_onv`` and ``d_kwetsbaar``; and for every
reference level a relative version (suffix ``_gemeente`` / ``_regio``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


def reference_rates(panel: Panel, jaar: int, year: pd.DataFrame, components: Iterable[str]) -> pd.Series:
    """National rates of a year: the Kerncijfers' Nederland row, else the package's national table
    (``sources/nederland.yaml``), else the region's own rate (noted). `panel.national_used` says which."""
    from veerkracht_lib.sources.nederland import national_figure

    rates = national_rates(panel.nederland)
    national = rates.loc[jaar].copy() if jaar in rates.index else pd.Series(dtype=float)
    for name in components:
        num, den, nat = COMPONENTS[name]
        if not pd.isna(national.get(nat, np.nan)):
            panel.national_used[(jaar, name)] = f"de Nederland-rij van de CBS Kerncijfers {jaar}"
            continue
        shipped = national_figure(jaar, nat)
        if shipped is not None:
            national[nat] = shipped.value
            panel.national_used[(jaar, name)] = shipped.source
            continue
        if num in year and year[den].sum() > 0:
            ok = year[num].notna() & year[den].notna()
            national[nat] = year.loc[ok, num].sum() / year.loc[ok, den].sum() if ok.any() else np.nan
            if not pd.isna(national[nat]):
                panel.regional_rates.add(jaar)
                panel.national_used[(jaar, name)] = "het gemiddelde van de regio (landelijk cijfer ontbreekt)"
                panel.notes.append(
                    f"Het landelijke cijfer voor {name} in {jaar} ontbreekt; de index gebruikt daarvoor het "
                    "gemiddelde van de regio (100 = regiogemiddelde).")
    return national


@dataclass(frozen=True)
class SourceYears:
    """The year of each source that a report uses: Leefbaarometer scores and CBS figures (None: absent
    or, for CBS, further from the asked year than the params allow), and the buurtkaart (``indeling``)
    whose buurten the maps show and whose inhabitants weigh the buurten."""

    onv: int | None
    onv_basis: int | None
    cbs: int | None
    cbs_basis: int | None
    indeling: int | None = None

    def mixed(self) -> bool:
        return None not in (self.onv, self.cbs) and self.onv != self.cbs


def source_years(panel: Panel, config: RegionConfig) -> SourceYears:
    """Each source its own years: the scores of the situation and base year as asked; the CBS figures
    of those years or the nearest within ``config.cbs_year_tolerance`` (the base year before the situation's)."""
    scores, cbs = panel.years_with("onv"), panel.years_with("inwoners")
    base, situation = config.cbs_years(cbs)
    return SourceYears(
        onv=config.situation_year if config.situation_year in scores else None,
        onv_basis=config.base_year if config.base_year in scores else None,
        cbs=situation,
        cbs_basis=base,
        indeling=config.cbs_year(config.situation_year, cbs, tolerance=100),
    )


def _year_indicators(panel: Panel, cbs_year: int | None, onv_year: int | None, config: RegionConfig,
                     size_year: int | None = None) -> pd.DataFrame:
    """onv of ``onv_year`` beside the CBS indicators of ``cbs_year`` (all NaN for an absent year); the
    inhabitants and dwellings of ``size_year`` when there are no CBS figures of an acceptable year."""
    year = panel.year(cbs_year) if cbs_year is not None else panel.year(-1)
    out = pd.DataFrame(index=year.index)
    size = year if cbs_year is not None or size_year is None else panel.year(size_year)
    out["inwoners"] = size["inwoners"]
    out["woningen"] = size["woningen"]
    scores = panel.year(onv_year) if onv_year is not None else panel.year(-1)
    out["onv"] = scores["onv"] if "onv" in scores else np.nan
    if "kwetsbaar_eigen" in year and year["kwetsbaar_eigen"].notna().any():
        out["kwetsbaar"] = year["kwetsbaar_eigen"]
    elif cbs_year is not None:
        national = reference_rates(panel, cbs_year, year, config.vulnerability.components)
        out["kwetsbaar"] = vulnerability_index(year, national, config.vulnerability.components)
    else:
        out["kwetsbaar"] = np.nan
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
        mean = groups.map(means).astype(float)  # float64 also where the groups are pyarrow strings
        frame[f"{column}_{level}"] = frame[column] - mean if how == "diff" else 100 * frame[column] / mean


def indicator_frame(panel: Panel, config: RegionConfig) -> gpd.GeoDataFrame:
    """One row per target buurt with every indicator the maps, text and exports need."""
    years = source_years(panel, config)
    now = _year_indicators(panel, years.cbs, years.onv, config, size_year=years.indeling)
    base = _year_indicators(panel, years.cbs_basis, years.onv_basis, config)
    frame = panel.buurten.set_index("code").join(now)
    frame["onv_basis"] = base["onv"]
    frame["kwetsbaar_basis"] = base["kwetsbaar"]
    frame["corporatie_basis"] = base["corporatie"]
    frame["inwoners_basis"] = base["inwoners"]
    frame["d_onv"] = frame["onv"] - frame["onv_basis"]
    frame["d_kwetsbaar"] = frame["kwetsbaar"] - frame["kwetsbaar_basis"]
    # the minimum of inhabitants, in the situation year and for the developments also in the base
    # year (when that year has CBS figures); an unknown count is "geen gegevens", not "too few"
    frame["te_klein"] = frame["inwoners"] < config.min_inwoners
    frame["te_klein_basis"] = frame["inwoners_basis"] < config.min_inwoners
    frame["inwoners_onbekend"] = frame["inwoners"].isna()
    frame["inwoners_basis_onbekend"] = frame["inwoners_basis"].isna() & (years.cbs_basis is not None)
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
    """``onv``, ``kwetsbaar`` and ``corporatie`` per buurt for every year in the panel (long form).

    In a year with scores but no CBS figures, the inhabitants of the situation year weigh the buurten.
    """
    gemeente = panel.buurten.set_index("code")["gm_naam"]
    years = source_years(panel, config)
    situation = years.cbs or years.indeling
    cbs_years = {y for y in panel.years_with("inwoners") if y in (years.cbs, years.cbs_basis)
                 or config.base_year <= y <= config.situation_year}
    weights = panel.year(situation)["inwoners"] if situation is not None else None
    frames = []
    for jaar in panel.years:
        year = _year_indicators(panel, jaar if jaar in cbs_years else None, jaar, config)
        if jaar not in cbs_years and weights is not None:
            year["inwoners"] = weights
        frames.append(year.assign(jaar=jaar, gm_naam=gemeente))
    out = pd.concat(frames).reset_index()
    out["te_klein"] = ~(out["inwoners"] >= config.min_inwoners)
    return out
