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


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """Mean of the known ``values`` weighted by ``weights`` (> 0); NaN when none is known."""
    known = values.notna() & weights.gt(0)
    return float(np.average(values[known], weights=weights[known])) if known.any() else np.nan


def dominant_class(classes: pd.Series, weights: pd.Series) -> str | None:
    """The class with the most weight (ties: the first label in sorted order); None without weight."""
    totals = weights.groupby(classes.astype(object)).sum()
    if totals.empty or totals.sum() <= 0:
        return None
    return min(totals.index, key=lambda label: (-totals[label], label))


def class_share(classes: pd.Series, weights: pd.Series, label: str | None) -> float:
    """The share (%) of ``weights`` in class ``label``; NaN without weight."""
    total = weights.sum()
    return float(100 * weights[classes.astype(object) == label].sum() / total) if total > 0 else np.nan


def area_figures(buurten: pd.DataFrame, areas: pd.DataFrame, t: Thresholds, reference: str) -> pd.DataFrame:
    """Every area (in the order of ``areas``) with its figures, type, emphasis and candidate status.

    Values are under ``reference`` (the report's): overlast and kwetsbaar of the buurten with enough
    inhabitants, the developments of those with enough in the base year too; each mean is classed
    with its map's scheme. ``veerkracht`` is the class of map 7 with the most inhabitants.
    """
    rows = area_table(buurten, areas, t, reference).set_index("gebied")
    ranking = atelier_ranking(rows.reset_index())
    rank = dict(zip(ranking["gebied"], ranking.index))
    by_code = buurten.set_index("code")
    focus_areas = areas[areas["kaart"] == MAPS["focus"].key]
    focus_codes = {a.gebied: set(a.buurten.split(", ")) for a in focus_areas.itertuples()}
    records = []
    for area in areas.itertuples():
        codes = area.buurten.split(", ")
        buurt_rows = by_code.loc[codes]  # one lookup per area; the figures below read its columns
        weights_all = buurt_rows["inwoners"].fillna(0)
        record = {"gebied": area.gebied, "naam": area.naam, "gm_naam": area.gm_naam, "kaart": area.kaart,
                  "klasse": area.klasse, "n_buurten": area.n_buurten, "inwoners": area.inwoners,
                  "corporatie": area.corporatie, "bezit": area.bezit, "buurten": area.buurten}
        for key in FIGURE_MAPS:
            map_ = MAPS[key]
            too_small = buurt_rows["te_klein"].astype(bool)
            if map_.development:
                too_small = too_small | buurt_rows["te_klein_basis"].astype(bool)
            weights = weights_all.where(~too_small, 0)
            value = weighted_mean(buurt_rows[map_.value_column(t, reference)], weights)
            record[key] = value
            record[f"klasse_{key}"] = map_.scheme(t).bin(pd.Series([value])).iloc[0]
        veerkracht = buurt_rows[MAPS["veerkracht"].class_column(reference)]
        record["veerkracht"] = dominant_class(veerkracht, weights_all)
        if area.gebied in rows.index:
            row = rows.loc[area.gebied]
            record.update(focus=bool(row["focus"]), type=row["type"], nadruk=row["nadruk"], waarom=row["waarom"],
                          in_focus="", veerkracht=row["veerkracht"], groep=atelier_group(row["focus"], row["veerkracht"]))
            record.update(status=KANDIDAAT if area.gebied in rank else GEEN_KANDIDAAT, rang=rank.get(area.gebied))
        else:  # left out of `area_rows`: at least half of its buurten lie in focus areas
            inside = [g for g, members in focus_codes.items() if members & set(codes)]
            in_focus_class = buurt_rows[MAPS["focus"].class_column(reference)].astype(object) == C.FOCUS
            record.update(focus=class_share(in_focus_class, weights_all, True) >= 50, type="", nadruk="",
                          waarom="", status=IN_FOCUSGEBIED, rang=None, groep=None, in_focus=", ".join(inside))
        record["n_in_focus"] = sum(any(code in members for members in focus_codes.values()) for code in codes)
        record["veerkracht_aandeel"] = class_share(veerkracht, weights_all, record["veerkracht"])
        records.append(record)
    return pd.DataFrame(records, columns=COLUMNS).astype({"focus": bool, "rang": "Int64", "groep": "Int64"})
