"""The seven class schemes of the veerkracht maps, declared once as data.

Each `ClassScheme` carries labels, colours, edges and the two grey "no class" labels, and
is read alike by folium maps, static maps, legends, tables and narrative. `classify` is the
small functional front door: ``classify(frame, "focus", schemes)``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from veerkracht_lib.config import Thresholds
from veerkracht_lib.numbers import fmt_number

GEEN_GEGEVENS = "geen gegevens"
TE_WEINIG_INWONERS = "te weinig inwoners"
GREY = {GEEN_GEGEVENS: "#9e9e9e", TE_WEINIG_INWONERS: "#dcdcdc"}

FOCUS = "focusgebied: meer overlast, veel kwetsbaren"
WEINIG_VEERKRACHT_PROBLEMEN = "weinig veerkracht, veel problemen"
WEINIG_VEERKRACHT = "weinig veerkracht"
VEERKRACHT = "veerkracht"
VERSLECHTERING = "verslechtering zonder toename kwetsbaren"
STABIEL = "stabiel"
VERBETERING = "verbetering"


#: per map, the classes that count as "the problem side" in sentences and comparison tables
PROBLEM_CLASSES = {
    "overlast": ["zeer veel slechter", "veel slechter", "slechter"],
    "kwetsbaar": ["veel", "zeer veel"],
    "focus": [FOCUS],
    "corporatie": ["60–80%", "80% of meer"],
    "d_onv": ["sterk verslechterd", "verslechterd"],
    "d_kwetsbaar": ["toename", "sterke toename"],
    "veerkracht": [WEINIG_VEERKRACHT_PROBLEMEN, WEINIG_VEERKRACHT],
}


@dataclass(frozen=True)
class ClassScheme:
    """One map's classes: ``labels[i]`` covers ``edges[i-1] <= x < edges[i]`` (numeric schemes)."""

    key: str
    title: str
    column: str
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    edges: tuple[float, ...] | None = None  # None: a derived (categorical) scheme
    decimals: int = 0
    suffix: str = ""

    def __post_init__(self):
        if len(self.labels) != len(self.colours):
            raise ValueError(f"{self.key}: {len(self.labels)} labels but {len(self.colours)} colours")
        if self.edges is not None and len(self.edges) != len(self.labels) - 1:
            raise ValueError(f"{self.key}: {len(self.labels)} classes need {len(self.labels) - 1} edges")

    @property
    def categories(self) -> list[str]:
        """Every label a buurt can get, the two grey ones last."""
        return [*self.labels, GEEN_GEGEVENS, TE_WEINIG_INWONERS]

    def colour(self, label: str) -> str:
        return GREY.get(label) or self.colours[self.labels.index(label)]

    def ranges(self) -> list[str]:
        """Human-readable value range per class, e.g. "−0,08 tot −0,04"."""
        if self.edges is None:
            return ["" for _ in self.labels]
        f = lambda x: fmt_number(x, self.decimals) + self.suffix  # noqa: E731
        out = [f"< {f(self.edges[0])}"]
        out += [f"{f(lo)} tot {f(hi)}" for lo, hi in zip(self.edges[:-1], self.edges[1:])]
        out.append(f"≥ {f(self.edges[-1])}")
        return out

    def legend(self, present: set[str] | None = None) -> list[tuple[str, str, str]]:
        """(label, range, colour) per class; grey classes only when ``present`` has them."""
        items = [(lab, rng, col) for lab, rng, col in zip(self.labels, self.ranges(), self.colours)]
        for grey in (GEEN_GEGEVENS, TE_WEINIG_INWONERS):
            if present is None or grey in present:
                items.append((grey, "", GREY[grey]))
        return items

    def bin(self, values: pd.Series) -> pd.Series:
        """Label per value of a numeric scheme; NaN becomes "geen gegevens"."""
        idx = np.searchsorted(np.asarray(self.edges, float), values.to_numpy(float), side="right")
        labels = np.array(self.labels, dtype=object)[np.minimum(idx, len(self.labels) - 1)]
        labels[values.isna().to_numpy()] = GEEN_GEGEVENS
        return pd.Series(labels, index=values.index)


def build_schemes(t: Thresholds) -> dict[str, ClassScheme]:
    """The seven schemes, keyed map1…map7 by meaning."""
    rd7 = ("#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac")
    return {
        "overlast": ClassScheme(
            "overlast", "Overlast en onveiligheid", "onv",
            ("zeer veel slechter", "veel slechter", "slechter", "rond gemiddelde",
             "beter", "veel beter", "zeer veel beter"),
            rd7, tuple(t.overlast), decimals=2),
        "kwetsbaar": ClassScheme(
            "kwetsbaar", "Kwetsbare bewoners", "kwetsbaar",
            ("zeer weinig", "weinig", "rond gemiddelde", "veel", "zeer veel"),
            ("#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"), tuple(t.kwetsbaar)),
        "focus": ClassScheme(
            "focus", "Focuskaart: overlast × kwetsbare bewoners", "focus",
            (FOCUS, "meer overlast, gemiddeld kwetsbaren", "meer overlast, weinig kwetsbaren",
             "gemiddelde overlast, veel kwetsbaren", "gemiddelde overlast, gemiddeld kwetsbaren",
             "gemiddelde overlast, weinig kwetsbaren",
             "minder overlast, veel kwetsbaren", "minder overlast, gemiddeld kwetsbaren",
             "minder overlast, weinig kwetsbaren"),
            # a blue–red bivariate palette (colour-blind safe): red = overlast, purple = kwetsbaar
            ("#8c0f26", "#d6604d", "#f4a582", "#8073ac", "#e8e8e8", "#d1e5f0",
             "#542788", "#92c5de", "#2166ac")),
        "corporatie": ClassScheme(
            "corporatie", "Aandeel corporatiebezit", "corporatie",
            ("minder dan 20%", "20–40%", "40–60%", "60–80%", "80% of meer"),
            ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"), tuple(t.corporatie), suffix="%"),
        "d_onv": ClassScheme(
            "d_onv", "Ontwikkeling overlast en onveiligheid", "d_onv",
            ("sterk verslechterd", "verslechterd", "stabiel", "verbeterd", "sterk verbeterd"),
            ("#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"), tuple(t.d_onv), decimals=2),
        "d_kwetsbaar": ClassScheme(
            "d_kwetsbaar", "Ontwikkeling kwetsbare bewoners", "d_kwetsbaar",
            ("sterke afname", "afname", "stabiel", "toename", "sterke toename"),
            ("#0571b0", "#92c5de", "#f7f7f7", "#f4a582", "#ca0020"), tuple(t.d_kwetsbaar)),
        "veerkracht": ClassScheme(
            "veerkracht", "Veerkrachtkaart", "veerkracht",
            (WEINIG_VEERKRACHT_PROBLEMEN, WEINIG_VEERKRACHT, VERSLECHTERING, STABIEL, VERBETERING, VEERKRACHT),
            ("#67001f", "#d6604d", "#fdb863", "#f7f7f7", "#92c5de", "#2166ac")),
    }


def _focus(frame: pd.DataFrame, t: Thresholds) -> pd.Series:
    onv, kw = frame["onv"], frame["kwetsbaar"]
    slechter_edge = t.overlast[2]  # map-1 "slechter" or worse
    beter_edge = t.overlast[3]     # map-1 "beter" or better
    o = np.select([onv < slechter_edge, onv >= beter_edge], [0, 2], 1)
    k = np.select([kw >= t.focus_kwetsbaar_veel, kw < t.focus_kwetsbaar_weinig], [0, 2], 1)
    schemes_labels = build_schemes(t)["focus"].labels
    labels = np.array(schemes_labels, dtype=object)[o * 3 + k]
    labels[(onv.isna() | kw.isna()).to_numpy()] = GEEN_GEGEVENS
    return pd.Series(labels, index=frame.index)


def _veerkracht(frame: pd.DataFrame, t: Thresholds) -> pd.Series:
    d_onv, d_kw, onv = frame["d_onv"], frame["d_kwetsbaar"], frame["onv"]
    toename = d_kw >= t.d_kwetsbaar[2]
    slechter = d_onv < t.d_onv[1]
    beter = d_onv >= t.d_onv[2]
    problemen = onv < t.overlast[2]
    labels = np.select(
        [toename & slechter & problemen, toename & slechter, toename,
         slechter, beter],
        [WEINIG_VEERKRACHT_PROBLEMEN, WEINIG_VEERKRACHT, VEERKRACHT, VERSLECHTERING, VERBETERING],
        STABIEL,
    ).astype(object)
    labels[(d_onv.isna() | d_kw.isna()).to_numpy()] = GEEN_GEGEVENS
    return pd.Series(labels, index=frame.index)


def classify(frame: pd.DataFrame, key: str, thresholds: Thresholds, too_small: pd.Series | None = None) -> pd.Series:
    """Class label per buurt for scheme ``key``; ``too_small`` buurten get "te weinig inwoners"."""
    scheme = build_schemes(thresholds)[key]
    if key == "focus":
        labels = _focus(frame, thresholds)
    elif key == "veerkracht":
        labels = _veerkracht(frame, thresholds)
    else:
        labels = scheme.bin(frame[scheme.column])
    if too_small is not None:
        labels[too_small.reindex(labels.index, fill_value=False).to_numpy(bool)] = TE_WEINIG_INWONERS
    return pd.Series(pd.Categorical(labels, categories=scheme.categories), index=frame.index, name=key)
