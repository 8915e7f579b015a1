"""Robustness: how many buurten change focus or veerkracht class under other reasonable choices."""
from __future__ import annotations

import pandas as pd

from veerkracht_lib.analysis.indicators import indicator_frame
from veerkracht_lib.analysis.maps import MAPS
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


def robustness_table(analysis: Analysis) -> pd.DataFrame:
    """Per alternative: buurten (count, share) whose focus or veerkracht class differs from the report's."""
    ref = analysis.config.reference
    base = analysis.buurten
    usable = ~base["te_klein"]
    rows = []
    for label, config in alternatives(analysis.config).items():
        other = classify_all(indicator_frame(analysis.panel, config), config)
        row = {"alternatief": label}
        for record in (r for r in MAPS.values() if r.area_classes):  # the maps whose classes form the areas
            key, column = record.key, record.class_column(ref)
            changed = (base[column].astype(str) != other[column].astype(str)) & usable
            row[f"{key}: andere klasse"] = int(changed.sum())
            row[f"{key}: aandeel"] = 100 * changed.sum() / max(usable.sum(), 1)
        rows.append(row)
    return pd.DataFrame(rows)
