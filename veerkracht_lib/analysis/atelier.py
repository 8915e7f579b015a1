"""Chapter III's gebiedsatelier: every area with its figures, whether it is a candidate and why.

The candidates and their order are `matrix.atelier_ranking`'s (focus areas and areas with weinig
veerkracht); the emphasis is `matrix.emphasis`'s. A veerkracht area that lies mostly inside focus
areas has no row of its own in `matrix.area_rows`: here it keeps its row, marked with the focus
areas it lies in, so the chapter names every area of the maps and of the exports.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.maps import MAPS, area_table
from veerkracht_lib.analysis.matrix import atelier_group, atelier_ranking
from veerkracht_lib.config import Thresholds

#: why an area is (not) a candidate
KANDIDAAT = "kandidaat"
GEEN_KANDIDAAT = "geen kandidaat"  # neither focus nor weinig veerkracht
IN_FOCUSGEBIED = "in focusgebied"  # a veerkracht area mostly inside focus areas: discussed with them

#: the maps whose value and class an area shows, as the inhabitant-weighted mean of its buurten
FIGURE_MAPS = ("overlast", "kwetsbaar", "d_onv", "d_kwetsbaar")

COLUMNS = ["gebied", "naam", "gm_naam", "kaart", "klasse", "n_buurten", "inwoners", "corporatie", "bezit",
           *[name for key in FIGURE_MAPS for name in (key, f"klasse_{key}")], "veerkracht", "veerkracht_aandeel",
           "focus", "status", "rang", "groep", "in_focus", "n_in_focus", "type", "nadruk", "waarom", "buurten"]


def weighted_means(values: pd.Series, weights: pd.Series, groups: pd.Series) -> pd.Series:
    """Per group the mean of the known ``values`` weighted by ``weights`` (> 0); NaN when none is known."""
    known = values.notna() & weights.gt(0)
    weight = weights.where(known, 0.0)
    totals = weight.groupby(groups, sort=False).sum()
    sums = (values.where(known, 0.0) * weight).groupby(groups, sort=False).sum()
    return (sums / totals).where(totals > 0)


def class_weights(classes: pd.Series, weights: pd.Series, groups: pd.Series) -> pd.Series:
    """The weight per (group, class label); rows without a class do not count."""
    return weights.groupby([groups, classes.astype(object)], sort=True).sum()


def dominant_classes(weights: pd.Series) -> dict:
    """Per group of `class_weights` the class with the most weight (ties: the first label in sorted
    order); none for a group without weight."""
    dominant = {}
    for group, per_class in weights.groupby(level=0, sort=False):
        per_class = per_class.droplevel(0)
        if per_class.sum() > 0:
            dominant[group] = min(per_class.index, key=lambda label: (-per_class[label], label))
    return dominant


def class_share(weights: pd.Series, totals: pd.Series, group, label) -> float:
    """The share (%) of a group's weight in class ``label`` (from `class_weights`); NaN without weight."""
    total = totals.get(group, 0.0)
    return float(100 * weights.get((group, label), 0.0) / total) if total > 0 else np.nan


def area_figures(buurten: pd.DataFrame, areas: pd.DataFrame, t: Thresholds, reference: str) -> pd.DataFrame:
    """Every area (in the order of ``areas``) with its figures, type, emphasis and candidate status.

    Values are under ``reference`` (the report's): overlast and kwetsbaar of the buurten with enough
    inhabitants, the developments of those with enough in the base year too; each mean is classed
    with its map's scheme. ``veerkracht`` is the class of map 7 with the most inhabitants.
    """
    rows = area_table(buurten, areas, t, reference).set_index("gebied")
    ranking = atelier_ranking(rows.reset_index())
    rank = dict(zip(ranking["gebied"], ranking.index))
    # one row per (area, buurt): the figures are computed per area from these, all areas at once
    members = areas[["gebied"]].assign(code=areas["buurten"].str.split(", ")).explode("code")
    members = members.join(buurten.set_index("code"), on="code").reset_index(drop=True)
    gebied = members["gebied"]
    weights_all = members["inwoners"].fillna(0)
    figures = {}
    for key in FIGURE_MAPS:
        map_ = MAPS[key]
        too_small = members["te_klein"].astype(bool)
        if map_.development:
            too_small = too_small | members["te_klein_basis"].astype(bool)
        means = weighted_means(members[map_.value_column(t, reference)], weights_all.where(~too_small, 0), gebied)
        figures[key] = means.reindex(areas["gebied"])
        figures[f"klasse_{key}"] = map_.scheme(t).bin(figures[key])
    veerkracht = class_weights(members[MAPS["veerkracht"].class_column(reference)], weights_all, gebied)
    totals = weights_all.groupby(gebied, sort=False).sum()
    dominant = dominant_classes(veerkracht)
    focus_class = members[MAPS["focus"].class_column(reference)].astype(object) == C.FOCUS
    in_focus_class = class_weights(focus_class, weights_all, gebied)
    focus_areas = areas[areas["kaart"] == MAPS["focus"].key]
    focus_codes = {a.gebied: set(a.buurten.split(", ")) for a in focus_areas.itertuples()}
    n_in_focus = members["code"].isin(set().union(*focus_codes.values())).groupby(gebied, sort=False).sum()
    records = []
    for area in areas.itertuples():
        record = {"gebied": area.gebied, "naam": area.naam, "gm_naam": area.gm_naam, "kaart": area.kaart,
                  "klasse": area.klasse, "n_buurten": area.n_buurten, "inwoners": area.inwoners,
                  "corporatie": area.corporatie, "bezit": area.bezit, "buurten": area.buurten,
                  **{name: column[area.gebied] for name, column in figures.items()},
                  "veerkracht": dominant.get(area.gebied)}
        if area.gebied in rows.index:
            row = rows.loc[area.gebied]
            record.update(focus=bool(row["focus"]), type=row["type"], nadruk=row["nadruk"], waarom=row["waarom"],
                          in_focus="", veerkracht=row["veerkracht"], groep=atelier_group(row["focus"], row["veerkracht"]))
            record.update(status=KANDIDAAT if area.gebied in rank else GEEN_KANDIDAAT, rang=rank.get(area.gebied))
        else:  # left out of `area_rows`: at least half of its buurten lie in focus areas
            codes = set(area.buurten.split(", "))
            inside = [g for g, members_of in focus_codes.items() if members_of & codes]
            record.update(focus=class_share(in_focus_class, totals, area.gebied, True) >= 50, type="", nadruk="",
                          waarom="", status=IN_FOCUSGEBIED, rang=None, groep=None, in_focus=", ".join(inside))
        record["n_in_focus"] = int(n_in_focus.get(area.gebied, 0))
        record["veerkracht_aandeel"] = class_share(veerkracht, totals, area.gebied, record["veerkracht"])
        records.append(record)
    return pd.DataFrame(records, columns=COLUMNS).astype({"focus": bool, "rang": "Int64", "groep": "Int64"})
