"""The eight maps of a report, each declared once as a `MapRecord` (methodology §4 and §7).

A record says what a map is (number, title, chapter), what it needs (indicators, years),
how its buurten are classed (a `ClassScheme` built from the region's thresholds, so every
label follows the edges in params), which classes count as "the problem side", which areas
are outlined on it, how a sentence names it and what the page says when its data are
missing. Analysis, narrative, pages, exports and charts iterate `MAPS`; no other module
tests a map's key.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from veerkracht_lib.analysis.classes import (
    FOCUS,
    GEEN_GEGEVENS,
    STABIEL,
    TE_WEINIG_INWONERS,
    VEERKRACHT,
    VERBETERING,
    VERSLECHTERING,
    WEAK,
    WEINIG_VEERKRACHT,
    WEINIG_VEERKRACHT_PROBLEMEN,
    ClassScheme,
)
from veerkracht_lib.analysis.indicators import SourceYears
from veerkracht_lib.analysis.matrix import AREA_TYPES, GEEN_GEBIED, area_rows, buurt_area_types
from veerkracht_lib.config import Thresholds
from veerkracht_lib.numbers import fmt_number

#: what a missing indicator means for a reader: the data behind it
INDICATOR_DATA = {
    "onv": "de Leefbaarometer-scores (overlast en onveiligheid) van het situatiejaar",
    "kwetsbaar": "de cijfers over kwetsbare bewoners (bijstand, lage inkomens) van het situatiejaar",
    "corporatie": "het aandeel corporatiewoningen (CBS Kerncijfers)",
    "d_onv": "de Leefbaarometer-scores van het basisjaar",
    "d_kwetsbaar": "de cijfers over kwetsbare bewoners van het basisjaar",
}
INDICATORS = tuple(INDICATOR_DATA)
#: the indicators whose data are named in the singular ("het aandeel …"): one of them "ontbreekt"
SINGULAR_DATA = {"corporatie"}
#: the source of each indicator (its years are chosen per source) and its name in a year label
INDICATOR_SOURCE = {"onv": "onv", "d_onv": "onv", "kwetsbaar": "cbs", "d_kwetsbaar": "cbs", "corporatie": "cbs"}
INDICATOR_NAME = {"onv": "overlast", "d_onv": "overlast", "kwetsbaar": "kwetsbare bewoners",
                  "d_kwetsbaar": "kwetsbare bewoners", "corporatie": "corporatiebezit"}


# -- class schemes -------------------------------------------------------------------------------


def _overlast(t: Thresholds) -> ClassScheme:
    return ClassScheme(
        "overlast", "Overlast en onveiligheid", "onv",
        ("zeer veel slechter", "veel slechter", "slechter", "rond gemiddelde", "beter", "veel beter", "zeer veel beter"),
        ("#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"), tuple(t.overlast), decimals=2)


def _kwetsbaar(t: Thresholds) -> ClassScheme:
    return ClassScheme(
        "kwetsbaar", "Kwetsbare bewoners", "kwetsbaar",
        ("zeer weinig", "weinig", "rond gemiddelde", "veel", "zeer veel"),
        ("#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"), tuple(t.kwetsbaar))


FOCUS_LABELS = (
    FOCUS, "meer overlast, gemiddeld aandeel kwetsbaren", "meer overlast, weinig kwetsbaren",
    "gemiddelde overlast, veel kwetsbaren", "gemiddelde overlast, gemiddeld aandeel kwetsbaren",
    "gemiddelde overlast, weinig kwetsbaren",
    "minder overlast, veel kwetsbaren", "minder overlast, gemiddeld aandeel kwetsbaren", "minder overlast, weinig kwetsbaren",
)


def _focus(t: Thresholds) -> ClassScheme:
    # a blue–red bivariate palette (colour-blind safe): red = overlast, purple = kwetsbaar
    return ClassScheme("focus", "Focuskaart: overlast × kwetsbare bewoners", "focus", FOCUS_LABELS,
                       ("#8c0f26", "#d6604d", "#f4a582", "#8073ac", "#e8e8e8", "#d1e5f0", "#542788", "#92c5de", "#2166ac"))


def percent_labels(edges: tuple[float, ...]) -> tuple[str, ...]:
    """Class labels of a percentage scheme, from its edges: "minder dan 20%", "20–40%", …, "80% of meer"."""
    f = fmt_number
    inner = tuple(f"{f(lo)}–{f(hi)}%" for lo, hi in zip(edges[:-1], edges[1:]))
    return (f"minder dan {f(edges[0])}%", *inner, f"{f(edges[-1])}% of meer")


#: map 4 below the corporatiebuurt threshold: light purples; at or above it: orange to dark brown
CORPORATIE_BELOW = ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8")
CORPORATIE_ABOVE = ("#f16913", "#d94801", "#a63603", "#7f2704")


def corporatie_colours(t: Thresholds) -> tuple[str, ...]:
    """Map 4's colours: a change of hue at the corporatiebuurt threshold (one of the edges, see `Thresholds`).

    Below the threshold the classes are light purples, from it on orange to brown, so the
    corporatiebuurten stand out and the classes on either side of the threshold cannot be mixed up.
    """
    below = list(t.corporatie).index(t.corporatiebuurt) + 1
    return (*_spread(CORPORATIE_BELOW, below), *_spread(CORPORATIE_ABOVE, len(t.corporatie) + 1 - below))


def _spread(ramp: tuple[str, ...], n: int) -> tuple[str, ...]:
    """``n`` colours of ``ramp``, its ends included, evenly apart."""
    return tuple(ramp[round(i)] for i in np.linspace(0, len(ramp) - 1, n)) if n > 1 else ramp[-1:] * n


def _corporatie(t: Thresholds) -> ClassScheme:
    return ClassScheme("corporatie", "Aandeel corporatiebezit", "corporatie", percent_labels(tuple(t.corporatie)),
                       corporatie_colours(t), tuple(t.corporatie), suffix="%")


def _d_onv(t: Thresholds) -> ClassScheme:
    return ClassScheme(
        "d_onv", "Ontwikkeling overlast en onveiligheid", "d_onv",
        ("sterk verslechterd", "verslechterd", "stabiel", "verbeterd", "sterk verbeterd"),
        ("#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"), tuple(t.d_onv), decimals=2)


def _d_kwetsbaar(t: Thresholds) -> ClassScheme:
    return ClassScheme(
        "d_kwetsbaar", "Ontwikkeling kwetsbare bewoners", "d_kwetsbaar",
        ("sterke afname", "afname", "stabiel", "toename", "sterke toename"),
        ("#0571b0", "#92c5de", "#f7f7f7", "#f4a582", "#ca0020"), tuple(t.d_kwetsbaar))


def _veerkracht(t: Thresholds) -> ClassScheme:
    return ClassScheme(
        "veerkracht", "Veerkrachtkaart", "veerkracht",
        (WEINIG_VEERKRACHT_PROBLEMEN, WEINIG_VEERKRACHT, VERSLECHTERING, STABIEL, VERBETERING, VEERKRACHT),
        ("#67001f", "#d6604d", "#fdb863", "#f7f7f7", "#92c5de", "#2166ac"))


def _gebiedstype(t: Thresholds) -> ClassScheme:
    return ClassScheme("gebiedstype", "Gebieden naar type (matrix handelingsperspectieven)", "gebiedstype",
                       (*AREA_TYPES, GEEN_GEBIED), (*AREA_TYPES.values(), "#f7f7f7"))


# -- classifiers of the combined maps ------------------------------------------------------------


def classify_focus(frame: pd.DataFrame, t: Thresholds) -> pd.Series:
    """Map 3: overlast (map-1 "slechter" or worse / middle / "beter" or better) × kwetsbaar (veel / middle / weinig)."""
    onv, kw = frame["onv"], frame["kwetsbaar"]
    o = np.select([onv < t.overlast[2], onv >= t.overlast[3]], [0, 2], 1)
    k = np.select([kw >= t.focus_kwetsbaar_veel, kw < t.focus_kwetsbaar_weinig], [0, 2], 1)
    labels = np.array(FOCUS_LABELS, dtype=object)[o * 3 + k]
    labels[(onv.isna() | kw.isna()).to_numpy()] = GEEN_GEGEVENS
    return pd.Series(labels, index=frame.index)


def classify_veerkracht(frame: pd.DataFrame, t: Thresholds) -> pd.Series:
    """Map 7: Δ kwetsbaar × Δ overlast, with the situation as qualifier (methodology §4)."""
    d_onv, d_kw, onv = frame["d_onv"], frame["d_kwetsbaar"], frame["onv"]
    toename = d_kw >= t.d_kwetsbaar[2]
    slechter = d_onv < t.d_onv[1]
    beter = d_onv >= t.d_onv[2]
    problemen = onv < t.overlast[2]
    labels = np.select(
        [toename & slechter & problemen, toename & slechter, toename, slechter, beter],
        [WEINIG_VEERKRACHT_PROBLEMEN, WEINIG_VEERKRACHT, VEERKRACHT, VERSLECHTERING, VERBETERING],
        STABIEL,
    ).astype(object)
    labels[(d_onv.isna() | d_kw.isna()).to_numpy()] = GEEN_GEGEVENS
    return pd.Series(labels, index=frame.index)


# -- which classes are the problem side -----------------------------------------------------------


def fixed(*labels: str) -> Callable[[ClassScheme, Thresholds], tuple[str, ...]]:
    """A problem rule naming its classes."""
    return lambda scheme, t: labels


def no_classes(scheme: ClassScheme, t: Thresholds) -> tuple[str, ...]:
    """The rule of a side a map does not have (map 4 has no favourable side)."""
    return ()


def at_or_above_corporatiebuurt(scheme: ClassScheme, t: Thresholds) -> tuple[str, ...]:
    """Map 4's classes whose lower edge is at or above the corporatiebuurt threshold (one of its edges)."""
    return tuple(label for label, low in zip(scheme.labels[1:], scheme.edges) if low >= t.corporatiebuurt)


# -- map 8: classed from the areas ---------------------------------------------------------------


def classify_area_types(frame: pd.DataFrame, areas: pd.DataFrame, t: Thresholds, reference: str) -> pd.Series:
    """Map 8: every buurt in the type of its area (`matrix.emphasis`), "geen gebied" outside areas."""
    return buurt_area_types(frame, area_table(frame, areas, t, reference))


def area_table(frame: pd.DataFrame, areas: pd.DataFrame, t: Thresholds, reference: str) -> pd.DataFrame:
    """`matrix.area_rows` of the focus and veerkracht areas under the reference ``reference``."""
    focus, veerkracht = MAPS["focus"], MAPS["veerkracht"]
    return area_rows(frame, areas, focus.class_column(reference), veerkracht.class_column(reference),
                     t.corporatiebuurt, focus_kind=focus.key, particulier=t.particulier)


# -- the records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mean:
    """The mean a paragraph per gemeente compares with Nederland: ``name`` ("de index van kwetsbare
    bewoners") of the value columns ``columns`` (situation year; or base year, situation year) under
    the national reference, where Nederland is ``national``."""

    name: str
    columns: tuple[str, ...]
    national: float


@dataclass(frozen=True)
class MapRecord:
    """Everything the report knows about one map."""

    key: str
    number: int
    chapter: str
    #: indicators every buurt of the map needs (a map is missing when one is absent for all buurten)
    needs: tuple[str, ...]
    #: True: base year → situation year; False: the situation year
    development: bool
    #: True: one class column per reference level (the map's switch); False: one, absolute
    per_reference: bool
    scheme_for: Callable[[Thresholds], ClassScheme]
    #: the classifier of a combined map; None: the scheme's edges on its value column
    classifier: Callable[[pd.DataFrame, Thresholds], pd.Series] | None
    #: how a sentence names the problem side ("{drempel}": the corporatiebuurt threshold)
    problem_phrase: str
    problem_rule: Callable[[ClassScheme, Thresholds], tuple[str, ...]]
    #: the kind of areas (`analysis.areas["kaart"]`) outlined on this map; "*" for all
    outlines: str | None = None
    #: classes whose contiguous buurten form areas of kind ``key`` (maps 3 and 7)
    area_classes: tuple[str, ...] = ()
    #: the classifier of a map classed from the areas (map 8), run once the areas are found
    area_classifier: Callable[[pd.DataFrame, pd.DataFrame, Thresholds, str], pd.Series] | None = None
    #: what the page says when the map has data but nothing to show (map 8 without areas)
    empty_text: str = ""
    #: a note after the legend title ("{drempel}": the corporatiebuurt threshold)
    legend_note: str = ""
    #: how a sentence names the favourable side (the problem side's counterpart), and its classes
    favourable_phrase: str = ""
    favourable_rule: Callable[[ClassScheme, Thresholds], tuple[str, ...]] = no_classes
    #: the mean per gemeente compared with Nederland (maps on one value relative to Nederland)
    mean: Mean | None = None
    #: a map of areas found on other maps (map 8): per map the name of its areas, whose years it shows
    years_of: tuple[tuple[str, str], ...] = ()

    def scheme(self, t: Thresholds) -> ClassScheme:
        return self.scheme_for(t)

    @property
    def title(self) -> str:
        return self.scheme_for(Thresholds()).title

    @property
    def print_name(self) -> str:
        """File name of the A4 print map in ``export/``."""
        return f"kaart{self.number}_{self.key}.png"

    def class_column(self, reference: str) -> str:
        return f"klasse_{self.key}_{reference}" if self.per_reference else f"klasse_{self.key}"

    def value_column(self, t: Thresholds, reference: str) -> str | None:
        """The value a tooltip shows; None for combined maps, which have no single value."""
        scheme = self.scheme(t)
        if scheme.edges is None:
            return None
        return scheme.column if reference == "nederland" or not self.per_reference else f"{scheme.column}_{reference}"

    def classify(self, frame: pd.DataFrame, t: Thresholds) -> pd.Series:
        """Class label per buurt (before masking small buurten) of a map classed from the buurten."""
        if self.classifier is not None:
            return self.classifier(frame, t)
        scheme = self.scheme(t)
        return scheme.bin(frame[scheme.column])

    def problems(self, t: Thresholds) -> tuple[str, ...]:
        """The classes on the problem side, under the region's thresholds."""
        return self.problem_rule(self.scheme(t), t)

    def favourable(self, t: Thresholds) -> tuple[str, ...]:
        """The classes on the favourable side (none for a map without one, such as corporatiebezit)."""
        return self.favourable_rule(self.scheme(t), t)

    def phrase(self, t: Thresholds) -> str:
        return self.problem_phrase.format(drempel=fmt_number(t.corporatiebuurt))

    def note(self, t: Thresholds) -> str:
        return self.legend_note.format(drempel=fmt_number(t.corporatiebuurt))

    def years(self, used: SourceYears) -> str:
        """The years of each source the map shows: "2022", or "overlast 2022, kwetsbare bewoners 2015";
        for a map of areas those of the maps they come from ("focusgebieden 2022; veerkrachtgebieden …")."""
        if self.years_of:
            return "; ".join(f"{name} {MAPS[key].years(used)}" for key, name in self.years_of)
        parts = {}
        for name in self.needs:
            source = INDICATOR_SOURCE[name]
            now, base = (used.onv, used.onv_basis) if source == "onv" else (used.cbs, used.cbs_basis)
            period = name.startswith("d_") or self.development
            if now is None or (period and base is None):
                text = "ontbreekt"
            else:
                text = f"{base}–{now}" if period else str(now)
            parts[INDICATOR_NAME[name]] = text
        texts = set(parts.values())
        return texts.pop() if len(texts) == 1 else ", ".join(f"{name} {text}" for name, text in parts.items())

    def uses_index(self) -> bool:
        """True when the map rests on the vulnerability index (whose reference may differ)."""
        return bool({"kwetsbaar", "d_kwetsbaar"} & set(self.needs))

    def missing_data(self, absent: set[str]) -> str:
        """In words, the data this map lacks among the ``absent`` indicators."""
        return " en ".join(INDICATOR_DATA[name] for name in self.needs if name in absent)

    def missing_verb(self, absent: set[str]) -> str:
        """"ontbreekt" or "ontbreken", agreeing with `missing_data`."""
        names = [name for name in self.needs if name in absent]
        return "ontbreekt" if len(names) == 1 and names[0] in SINGULAR_DATA else "ontbreken"


MAPS: dict[str, MapRecord] = {record.key: record for record in (
    MapRecord("overlast", 1, "01_situatie", ("onv",), False, True, _overlast, None,
              "waar overlast en onveiligheid slechter zijn dan gemiddeld",
              fixed("zeer veel slechter", "veel slechter", "slechter"),
              favourable_phrase="waar ze beter zijn dan gemiddeld",
              favourable_rule=fixed("beter", "veel beter", "zeer veel beter"),
              mean=Mean("de score op overlast en onveiligheid", ("onv",), 0.0)),
    MapRecord("kwetsbaar", 2, "01_situatie", ("kwetsbaar",), False, True, _kwetsbaar, None,
              "met veel of zeer veel kwetsbare bewoners", fixed("veel", "zeer veel"),
              favourable_phrase="met weinig of zeer weinig kwetsbare bewoners",
              favourable_rule=fixed("zeer weinig", "weinig"),
              mean=Mean("de index van kwetsbare bewoners", ("kwetsbaar",), 100.0)),
    MapRecord("focus", 3, "01_situatie", ("onv", "kwetsbaar"), False, True, _focus, classify_focus,
              "die een focusgebied is: meer overlast én veel kwetsbare bewoners", fixed(FOCUS),
              outlines="focus", area_classes=(FOCUS,),
              favourable_phrase="met minder overlast én weinig kwetsbare bewoners",
              favourable_rule=fixed(FOCUS_LABELS[-1])),
    MapRecord("corporatie", 4, "01_situatie", ("corporatie",), False, False, _corporatie, None,
              "met {drempel}% of meer corporatiebezit (een corporatiebuurt)", at_or_above_corporatiebuurt,
              legend_note="corporatiebuurt: {drempel}% of meer"),
    MapRecord("d_onv", 5, "02_ontwikkeling", ("d_onv",), True, True, _d_onv, None,
              "waar overlast en onveiligheid zijn verslechterd", fixed("sterk verslechterd", "verslechterd"),
              favourable_phrase="waar ze zijn verbeterd", favourable_rule=fixed("verbeterd", "sterk verbeterd"),
              mean=Mean("de score op overlast en onveiligheid", ("onv_basis", "onv"), 0.0)),
    MapRecord("d_kwetsbaar", 6, "02_ontwikkeling", ("d_kwetsbaar",), True, True, _d_kwetsbaar, None,
              "waar het aandeel kwetsbare bewoners is toegenomen", fixed("toename", "sterke toename"),
              favourable_phrase="waar het is afgenomen", favourable_rule=fixed("afname", "sterke afname"),
              mean=Mean("de index van kwetsbare bewoners", ("kwetsbaar_basis", "kwetsbaar"), 100.0)),
    MapRecord("veerkracht", 7, "02_ontwikkeling", ("d_onv", "d_kwetsbaar"), True, True, _veerkracht,
              classify_veerkracht, "met weinig veerkracht", fixed(*WEAK), outlines="veerkracht",
              area_classes=(WEINIG_VEERKRACHT_PROBLEMEN, WEINIG_VEERKRACHT, VEERKRACHT, VERSLECHTERING, VERBETERING),
              favourable_phrase="die veerkracht toont",
              favourable_rule=fixed(VEERKRACHT)),
    MapRecord("gebiedstype", 8, "03_werken_aan_veerkracht", ("onv", "kwetsbaar"), True, False, _gebiedstype, None,
              "", fixed(), outlines="*", area_classifier=classify_area_types,
              empty_text="Geen kaart 8: in deze regio zijn geen gebieden gevonden.",
              years_of=(("focus", "focusgebieden"), ("veerkracht", "veerkrachtgebieden"))),
)}


def by_number(number: int) -> MapRecord:
    """The map with number ``number`` (1–8)."""
    return next(record for record in MAPS.values() if record.number == number)


def schemes(t: Thresholds) -> dict[str, ClassScheme]:
    """Every map's class scheme under the thresholds ``t``, by key."""
    return {key: record.scheme(t) for key, record in MAPS.items()}


def classify(frame: pd.DataFrame, key: str, t: Thresholds, too_small: pd.Series | None = None,
             unknown: pd.Series | None = None) -> pd.Series:
    """Class label per buurt of map ``key`` as a categorical; ``too_small`` buurten get "te weinig inwoners",
    buurten whose inhabitants are ``unknown`` "geen gegevens"."""
    record = MAPS[key]
    return finish(record.classify(frame, t), record.scheme(t), too_small, unknown)


def size_masks(record: MapRecord, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(too small, inhabitants unknown) per buurt for map ``record``: a development needs the minimum
    of inhabitants in the base year as well (columns of `indicators.indicator_frame`)."""
    too_small, unknown = frame["te_klein"], frame["inwoners_onbekend"]
    if record.development:
        too_small = too_small | frame["te_klein_basis"]
        unknown = unknown | frame["inwoners_basis_onbekend"]
    return too_small, unknown


def finish(labels: pd.Series, scheme: ClassScheme, too_small: pd.Series | None,
           unknown: pd.Series | None = None) -> pd.Series:
    """Mask the buurten whose size is unknown ("geen gegevens") or below the minimum of inhabitants,
    and make the labels a categorical of the scheme."""
    labels = labels.astype(object).copy()
    for mask, label in ((unknown, GEEN_GEGEVENS), (too_small, TE_WEINIG_INWONERS)):
        if mask is not None:
            labels[mask.reindex(labels.index, fill_value=False).to_numpy(bool)] = label
    return pd.Series(pd.Categorical(labels, categories=scheme.categories), index=labels.index, name=scheme.key)


def corporatie_groups(t: Thresholds) -> list[tuple[float, float, str]]:
    """The corporatiebezit classes of the samenhang tables: (low, high, label) from map 4's edges."""
    edges = (0.0, *t.corporatie, np.inf)
    f = fmt_number
    labels = [f"< {f(t.corporatie[0])}%",
              *[f"{f(lo)}–{f(hi)}%" for lo, hi in zip(t.corporatie[:-1], t.corporatie[1:])],
              f"≥ {f(t.corporatie[-1])}%"]
    return [(lo, hi, label) for lo, hi, label in zip(edges[:-1], edges[1:], labels)]
