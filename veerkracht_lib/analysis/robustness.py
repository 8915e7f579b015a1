"""Robustness: how many buurten change focus or veerkracht class under other reasonable choices, and
whether each area keeps its class when the reference level or a choice moves."""
from __future__ import annotations

import numpy as np
import pandas as pd

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.indicators import REFERENCES, indicator_frame
from veerkracht_lib.analysis.maps import MAPS
from veerkracht_lib.analysis.matrix import area_members
from veerkracht_lib.analysis.run import Analysis, classify_all
from veerkracht_lib.config import RegionConfig


def alternatives(config: RegionConfig) -> dict[str, RegionConfig]:
    """Other index weights and thresholds a reader might defend (ours)."""
    t, w = config.thresholds, config.vulnerability.components
    variants: dict[str, dict] = {}
    if len(w) > 1:
        for name in w:
            variants[f"index alleen {name.replace('_', ' ')}"] = {"vulnerability": {"components": {name: 1.0}}}
    variants["kwetsbaar 'veel' vanaf 110"] = {"thresholds": {"focus_kwetsbaar_veel": 110}}
    variants["kwetsbaar 'veel' vanaf 150"] = {"thresholds": {"focus_kwetsbaar_veel": 150}}
    for factor, label in ((0.5, "halve"), (1.5, "anderhalve")):
        variants[f"{label} klassenbreedte overlast"] = {"thresholds": {"overlast": tuple(e * factor for e in t.overlast)}}
        variants[f"{label} drempels ontwikkeling"] = {"thresholds": {
            "d_onv": tuple(e * factor for e in t.d_onv), "d_kwetsbaar": tuple(e * factor for e in t.d_kwetsbaar)}}
    out = {}
    for label, change in variants.items():
        data = config.model_dump()
        for section, values in change.items():
            data[section] = {**data[section], **values}
        out[label] = RegionConfig(**data)
    return out


#: an area keeps its class under another choice when at least this share (%) of its inhabitants does (ours)
KEEPS = 50
REFERENCE_NAMES = {"nederland": "referentie Nederland", "gemeente": "referentie eigen gemeente",
                   "regio": "referentie de regio"}


def alternative_frames(analysis: Analysis) -> dict[str, pd.DataFrame]:
    """The buurten classed under each of `alternatives`, by its label (computed once, used by both tables).

    The indicators do not depend on the class thresholds: an alternative that changes only those
    reclasses the report's own indicators instead of computing them again.
    """
    same = analysis.config.model_dump(exclude={"thresholds"})
    return {label: classify_all(analysis.buurten if config.model_dump(exclude={"thresholds"}) == same
                                else indicator_frame(analysis.panel, config), config)
            for label, config in alternatives(analysis.config).items()}


def robustness_table(analysis: Analysis, frames: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Per alternative: buurten (count, share) whose focus or veerkracht class differs from the report's."""
    ref = analysis.config.reference
    base = analysis.buurten
    usable = ~base["te_klein"]
    rows = []
    for label, other in (alternative_frames(analysis) if frames is None else frames).items():
        row = {"alternatief": label}
        for record in (r for r in MAPS.values() if r.area_classes):  # the maps whose classes form the areas
            key, column = record.key, record.class_column(ref)
            changed = (base[column].astype(str) != other[column].astype(str)) & usable
            row[f"{key}: andere klasse"] = int(changed.sum())
            row[f"{key}: aandeel"] = 100 * changed.sum() / max(usable.sum(), 1)
        rows.append(row)
    return pd.DataFrame(rows)


def area_robustness(buurten: pd.DataFrame, areas: pd.DataFrame, reference: str,
                    frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per area (rows, by ``gebied``) and other choice (columns): the share (%) of its inhabitants whose
    buurten keep the area's class. The choices are the other reference levels (the report's own
    classes under them) and the alternatives (``frames``, classed under ``reference``); the two
    weinig-veerkracht classes count as one, as in the candidates' rule. NaN: the choice has no data
    for any of the area's buurten."""
    choices = {REFERENCE_NAMES[other]: (buurten, other) for other in REFERENCES if other != reference}
    choices.update({label: (frame, reference) for label, frame in frames.items()})
    if areas.empty:
        return pd.DataFrame(index=pd.Index([], dtype=object), columns=list(choices), dtype=float)
    members = area_members(areas)
    kaart = areas["kaart"].to_numpy()[members["area"]]
    klasse = areas["klasse"].to_numpy()[members["area"]]
    weights = buurten.set_index("code")["inwoners"].fillna(0).loc[members["code"]].to_numpy()
    total = pd.Series(weights).groupby(members["area"]).sum()
    shares = {}
    for label, (frame, ref) in choices.items():
        by_code = frame.set_index("code")
        classes = np.empty(len(members), dtype=object)
        for key in np.unique(kaart):  # each kind of area is classed on its own map
            rows = kaart == key
            classes[rows] = by_code[MAPS[key].class_column(ref)].astype(object).loc[members["code"][rows]].to_numpy()
        # the two weinig-veerkracht classes count as one: an area of either keeps a buurt of either
        kept = (classes == klasse) | (np.isin(klasse, list(C.WEAK)) & np.isin(classes, list(C.WEAK)))
        known = pd.Series(classes != C.GEEN_GEGEVENS).groupby(members["area"]).any()
        share = 100 * pd.Series(np.where(kept, weights, 0.0)).groupby(members["area"]).sum() / total
        # the choice has no data for these buurten (or nobody lives there): not "0 % kept"
        shares[label] = share.where(known & (total > 0)).to_numpy()
    return pd.DataFrame(shares, index=areas["gebied"].to_numpy(), columns=list(choices))
