"""Every class edge of every map, every cell of the focus (3×3) and veerkracht tables, and the map records.

The edges and labels are written out here from methodology §4 (the defaults of params); a test never
reads them from the scheme under test.
"""
import re

import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.indicators import SourceYears
from veerkracht_lib.analysis.maps import (
    MAPS,
    at_or_above_corporatiebuurt,
    by_number,
    classify,
    classify_focus,
    classify_veerkracht,
    corporatie_groups,
    finish,
    percent_labels,
    schemes,
)
from veerkracht_lib.config import Thresholds

T = Thresholds()

# (value, label) at and just beside every edge, per map classed by its edges
EDGES = {
    "overlast": [  # < −0,12 · −0,12 · −0,08 · −0,04 · 0,04 · 0,08 · 0,12 ≤
        (-0.1201, "zeer veel slechter"), (-0.12, "veel slechter"), (-0.0801, "veel slechter"),
        (-0.08, "slechter"), (-0.0401, "slechter"), (-0.04, "rond gemiddelde"), (0.0399, "rond gemiddelde"),
        (0.04, "beter"), (0.0799, "beter"), (0.08, "veel beter"), (0.1199, "veel beter"), (0.12, "zeer veel beter"),
    ],
    "kwetsbaar": [  # < 50 · 80 · 125 · 200 ≤
        (49.99, "zeer weinig"), (50, "weinig"), (79.99, "weinig"), (80, "rond gemiddelde"),
        (124.99, "rond gemiddelde"), (125, "veel"), (199.99, "veel"), (200, "zeer veel"),
    ],
    "corporatie": [  # < 20 · 40 · 60 · 80 ≤ (%)
        (19.99, "minder dan 20%"), (20, "20–40%"), (39.99, "20–40%"), (40, "40–60%"), (59.99, "40–60%"),
        (60, "60–80%"), (79.99, "60–80%"), (80, "80% of meer"),
    ],
    "d_onv": [  # < −0,06 · −0,02 · 0,02 · 0,06 ≤
        (-0.0601, "sterk verslechterd"), (-0.06, "verslechterd"), (-0.0201, "verslechterd"), (-0.02, "stabiel"),
        (0.0199, "stabiel"), (0.02, "verbeterd"), (0.025, "verbeterd"), (0.0599, "verbeterd"),
        (0.06, "sterk verbeterd"),
    ],
    "d_kwetsbaar": [  # < −20 · −5 · 5 · 20 ≤
        (-20.01, "sterke afname"), (-20, "afname"), (-5.01, "afname"), (-5, "stabiel"), (4.99, "stabiel"),
        (5, "toename"), (19.99, "toename"), (20, "sterke toename"),
    ],
}
COLUMN = {"overlast": "onv", "kwetsbaar": "kwetsbaar", "corporatie": "corporatie", "d_onv": "d_onv",
          "d_kwetsbaar": "d_kwetsbaar"}


@pytest.mark.parametrize("key", list(EDGES))
def test_class_edges_at_and_beside_every_boundary(key):
    values, expected = zip(*EDGES[key])
    frame = pd.DataFrame({COLUMN[key]: values})
    assert list(classify(frame, key, T)) == list(expected)


@pytest.mark.parametrize("key", list(EDGES))
def test_missing_value_is_geen_gegevens_and_small_buurt_te_weinig(key):
    frame = pd.DataFrame({COLUMN[key]: [np.nan, 0.0, 0.0]})
    labels = classify(frame, key, T, too_small=pd.Series([False, True, False]))
    assert list(labels[:2]) == ["geen gegevens", "te weinig inwoners"]
    assert labels.name == key


# ---------------------------------------------------------------------------------- map 3, the focus table

FOCUS_TABLE = {  # (onv, kwetsbaar) -> label: overlast rows × kwetsbaar columns
    (-0.05, 130): "focusgebied: meer overlast, veel kwetsbaren",
    (-0.05, 100): "meer overlast, gemiddeld aandeel kwetsbaren",
    (-0.05, 70): "meer overlast, weinig kwetsbaren",
    (0.0, 130): "gemiddelde overlast, veel kwetsbaren",
    (0.0, 100): "gemiddelde overlast, gemiddeld aandeel kwetsbaren",
    (0.0, 70): "gemiddelde overlast, weinig kwetsbaren",
    (0.05, 130): "minder overlast, veel kwetsbaren",
    (0.05, 100): "minder overlast, gemiddeld aandeel kwetsbaren",
    (0.05, 70): "minder overlast, weinig kwetsbaren",
}


def focus_of(pairs):
    onv, kw = zip(*pairs)
    return list(classify_focus(pd.DataFrame({"onv": onv, "kwetsbaar": kw}), T))


def test_every_cell_of_the_focus_table():
    assert focus_of(list(FOCUS_TABLE)) == list(FOCUS_TABLE.values())


def test_focus_edges_at_and_beside_the_boundaries():
    # overlast: "slechter" or worse is onv < −0,04; "beter" or better is onv ≥ 0,04
    # kwetsbaar: veel is ≥ 125 (focus_kwetsbaar_veel); weinig is < 80 (focus_kwetsbaar_weinig)
    cases = {
        (-0.0401, 125): "focusgebied: meer overlast, veel kwetsbaren",
        (-0.04, 125): "gemiddelde overlast, veel kwetsbaren",
        (-0.0401, 124.99): "meer overlast, gemiddeld aandeel kwetsbaren",
        (0.0399, 80): "gemiddelde overlast, gemiddeld aandeel kwetsbaren",
        (0.04, 80): "minder overlast, gemiddeld aandeel kwetsbaren",
        (0.04, 79.99): "minder overlast, weinig kwetsbaren",
        (0.0399, 79.99): "gemiddelde overlast, weinig kwetsbaren",
    }
    assert focus_of(list(cases)) == list(cases.values())


def test_focus_follows_its_own_thresholds():
    t = Thresholds(focus_kwetsbaar_veel=150, focus_kwetsbaar_weinig=100)
    frame = pd.DataFrame({"onv": [-0.05, -0.05, -0.05], "kwetsbaar": [149, 150, 99]})
    assert list(classify_focus(frame, t)) == ["meer overlast, gemiddeld aandeel kwetsbaren",
                                              "focusgebied: meer overlast, veel kwetsbaren",
                                              "meer overlast, weinig kwetsbaren"]


def test_focus_needs_both_values():
    frame = pd.DataFrame({"onv": [np.nan, -0.05, np.nan], "kwetsbaar": [130, np.nan, np.nan]})
    assert list(classify_focus(frame, T)) == ["geen gegevens"] * 3


# ---------------------------------------------------------------------------------- map 7, the veerkracht table

VEERKRACHT_TABLE = {  # (d_kwetsbaar, d_onv, onv) -> label, methodology §4
    (10, -0.05, -0.05): "weinig veerkracht, veel problemen",  # toename × verslechterd, map 1 "slechter"
    (10, -0.05, -0.10): "weinig veerkracht, veel problemen",  # ... "veel slechter"
    (10, -0.05, 0.0): "weinig veerkracht",                     # toename × verslechterd, map 1 not worse
    (10, 0.0, -0.05): "veerkracht",                            # toename × stabiel
    (10, 0.05, -0.05): "veerkracht",                           # toename × verbeterd
    (0, -0.05, -0.05): "verslechtering zonder toename kwetsbaren",
    (-10, -0.05, 0.0): "verslechtering zonder toename kwetsbaren",
    (0, 0.0, -0.05): "stabiel",
    (-10, 0.0, 0.0): "stabiel",
    (0, 0.05, -0.05): "verbetering",
    (-10, 0.05, 0.0): "verbetering",
}


def veerkracht_of(triples):
    d_kw, d_onv, onv = zip(*triples)
    return list(classify_veerkracht(pd.DataFrame({"d_kwetsbaar": d_kw, "d_onv": d_onv, "onv": onv}), T))


def test_every_cell_of_the_veerkracht_table():
    assert veerkracht_of(list(VEERKRACHT_TABLE)) == list(VEERKRACHT_TABLE.values())


def test_veerkracht_edges_at_and_beside_the_boundaries():
    cases = {
        (5, -0.0201, -0.0401): "weinig veerkracht, veel problemen",  # toename from 5; slechter below −0,02; problemen below −0,04
        (4.99, -0.0201, -0.0401): "verslechtering zonder toename kwetsbaren",
        (5, -0.02, -0.0401): "veerkracht",
        (5, -0.0201, -0.04): "weinig veerkracht",
        (0, 0.02, 0.0): "verbetering",        # verbeterd from 0,02 (map 5's edge)
        (0, 0.025, 0.0): "verbetering",
        (0, 0.0199, 0.0): "stabiel",
        (0, -0.02, 0.0): "stabiel",
        (0, -0.0201, 0.0): "verslechtering zonder toename kwetsbaren",
    }
    assert veerkracht_of(list(cases)) == list(cases.values())


def test_combined_classes_keep_the_index():
    frame = pd.DataFrame({"onv": [0.0], "kwetsbaar": [100.0], "d_onv": [0.0], "d_kwetsbaar": [0.0]}, index=["BU01"])
    assert classify_veerkracht(frame, T).index.tolist() == ["BU01"]
    assert classify_focus(frame, T).index.tolist() == ["BU01"]


def test_veerkracht_missing_development_is_geen_gegevens_but_missing_situation_is_not_needed():
    frame = pd.DataFrame({"d_kwetsbaar": [np.nan, 10, 10], "d_onv": [0.0, np.nan, -0.05], "onv": [0.0, 0.0, np.nan]})
    assert list(classify_veerkracht(frame, T)) == ["geen gegevens", "geen gegevens", "weinig veerkracht"]


# ---------------------------------------------------------------------------------- schemes and records


def test_ranges_and_legend_in_dutch():
    s = schemes(T)
    assert s["overlast"].ranges() == ["< −0,12", "−0,12 tot −0,08", "−0,08 tot −0,04", "−0,04 tot 0,04",
                                      "0,04 tot 0,08", "0,08 tot 0,12", "≥ 0,12"]
    assert s["corporatie"].ranges() == ["< 20%", "20% tot 40%", "40% tot 60%", "60% tot 80%", "≥ 80%"]
    assert s["focus"].ranges() == [""] * 9
    legend = s["kwetsbaar"].legend()
    assert legend[0] == ("zeer weinig", "< 50", "#2166ac")
    # the unvalued classes are hatched since d92f684; the legend gives their background colour:
    # 'geen gegevens' dark grey (#8c8c8c), 'te weinig inwoners' white (#ffffff)
    assert legend[-2:] == [("geen gegevens", "", "#8c8c8c"), ("te weinig inwoners", "", "#ffffff")]
    assert [item[0] for item in s["kwetsbaar"].legend({"te weinig inwoners"})][-1] == "te weinig inwoners"
    assert len(s["kwetsbaar"].legend({"zeer veel"})) == 5
    assert len(s["kwetsbaar"].legend({"geen gegevens"})) == 6


def test_scheme_colours_and_categories():
    s = schemes(T)["d_onv"]
    assert s.colour("stabiel") == "#f7f7f7" and s.colour("sterk verslechterd") == "#ca0020"
    assert s.colour("geen gegevens") == "#8c8c8c" and s.colour("te weinig inwoners") == "#ffffff"
    # white lines rising on dark grey, grey lines falling on white (d92f684); a valued class has no hatch
    assert (s.hatch("geen gegevens").lines, s.hatch("geen gegevens").direction) == ("#ffffff", "/")
    assert (s.hatch("te weinig inwoners").lines, s.hatch("te weinig inwoners").direction) == ("#777777", "\\")
    assert s.hatch("stabiel") is None
    assert s.categories == ["sterk verslechterd", "verslechterd", "stabiel", "verbeterd", "sterk verbeterd",
                            "geen gegevens", "te weinig inwoners"]


def test_bin_of_short_labels_keeps_the_index_and_the_grey_label():
    scheme = C.ClassScheme("x", "X", "x", ("a", "b"), ("#000000", "#111111"), (1.0,))
    labels = scheme.bin(pd.Series([0.5, 1.0, np.nan], index=["p", "q", "r"]))
    assert labels.to_dict() == {"p": "a", "q": "b", "r": "geen gegevens"}


def test_scheme_shape_is_checked():
    with pytest.raises(ValueError, match="x: 2 labels but 1 colours"):
        C.ClassScheme("x", "X", "x", ("a", "b"), ("#000",), (1.0,))
    with pytest.raises(ValueError, match="x: 2 classes need 1 edges"):
        C.ClassScheme("x", "X", "x", ("a", "b"), ("#000", "#111"), (1.0, 2.0))
    C.ClassScheme("x", "X", "x", ("a", "b"), ("#000", "#111"))  # a derived scheme has no edges


def test_percent_labels_and_corporatie_groups_follow_the_edges():
    assert percent_labels((10, 30, 50)) == ("minder dan 10%", "10–30%", "30–50%", "50% of meer")
    assert corporatie_groups(T) == [(0.0, 20, "< 20%"), (20, 40, "20–40%"), (40, 60, "40–60%"),
                                    (60, 80, "60–80%"), (80, np.inf, "≥ 80%")]


def test_problem_side_of_every_map():
    assert MAPS["overlast"].problems(T) == ("zeer veel slechter", "veel slechter", "slechter")
    assert MAPS["kwetsbaar"].problems(T) == ("veel", "zeer veel")
    assert MAPS["focus"].problems(T) == ("focusgebied: meer overlast, veel kwetsbaren",)
    assert MAPS["corporatie"].problems(T) == ("60–80%", "80% of meer")
    assert MAPS["d_onv"].problems(T) == ("sterk verslechterd", "verslechterd")
    assert MAPS["d_kwetsbaar"].problems(T) == ("toename", "sterke toename")
    assert MAPS["veerkracht"].problems(T) == ("weinig veerkracht, veel problemen", "weinig veerkracht")
    assert MAPS["gebiedstype"].problems(T) == ()


def test_corporatie_problem_side_starts_at_its_threshold():
    t = Thresholds(corporatiebuurt=40)
    assert at_or_above_corporatiebuurt(schemes(t)["corporatie"], t) == ("40–60%", "60–80%", "80% of meer")
    assert MAPS["corporatie"].phrase(t) == "met 40% of meer corporatiebezit (een corporatiebuurt)"
    assert MAPS["overlast"].phrase(t) == "waar overlast en onveiligheid slechter zijn dan gemiddeld"


def test_record_names_columns_and_files():
    assert [MAPS[k].number for k in MAPS] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert by_number(7).key == "veerkracht" and by_number(1).key == "overlast"
    assert MAPS["focus"].print_name == "kaart3_focus.png"
    assert MAPS["focus"].title == "Focuskaart: overlast × kwetsbare bewoners"
    assert MAPS["overlast"].class_column("gemeente") == "klasse_overlast_gemeente"
    assert MAPS["corporatie"].class_column("gemeente") == "klasse_corporatie"
    assert MAPS["overlast"].value_column(T, "nederland") == "onv"
    assert MAPS["overlast"].value_column(T, "regio") == "onv_regio"
    assert MAPS["corporatie"].value_column(T, "regio") == "corporatie"
    assert MAPS["focus"].value_column(T, "regio") is None
    assert [k for k in MAPS if MAPS[k].uses_index()] == ["kwetsbaar", "focus", "d_kwetsbaar", "veerkracht",
                                                          "gebiedstype"]


def test_missing_data_names_what_is_lacking():
    assert MAPS["focus"].missing_data({"kwetsbaar"}) == \
        "de cijfers over kwetsbare bewoners (bijstand, lage inkomens) van het situatiejaar"
    assert MAPS["veerkracht"].missing_data({"d_onv", "d_kwetsbaar"}) == \
        "de Leefbaarometer-scores van het basisjaar en de cijfers over kwetsbare bewoners van het basisjaar"
    assert MAPS["overlast"].missing_data({"kwetsbaar"}) == ""


def test_years_of_each_source():
    same = SourceYears(onv=2022, onv_basis=2014, cbs=2022, cbs_basis=2014)
    assert MAPS["overlast"].years(same) == "2022"
    assert MAPS["d_kwetsbaar"].years(same) == "2014–2022"
    assert MAPS["focus"].years(same) == "2022"
    # map 8 shows the areas of maps 3 and 7: the years of each
    assert MAPS["gebiedstype"].years(same) == "focusgebieden 2022; veerkrachtgebieden 2014–2022"
    mixed = SourceYears(onv=2022, onv_basis=2014, cbs=2015, cbs_basis=None)
    assert MAPS["focus"].years(mixed) == "overlast 2022, kwetsbare bewoners 2015"
    assert MAPS["d_onv"].years(mixed) == "2014–2022"
    assert MAPS["veerkracht"].years(mixed) == "overlast 2014–2022, kwetsbare bewoners ontbreekt"
    assert MAPS["corporatie"].years(mixed) == "2015"
    # Parkstad on the shared files: focus areas from 2022 and 2015 figures, no veerkracht areas
    assert MAPS["gebiedstype"].years(mixed) == ("focusgebieden overlast 2022, kwetsbare bewoners 2015; "
                                                "veerkrachtgebieden overlast 2014–2022, kwetsbare bewoners ontbreekt")
    assert MAPS["overlast"].years(SourceYears(None, None, 2022, 2014)) == "ontbreekt"


def test_finish_masks_small_buurten_and_keeps_the_scheme_order():
    scheme = schemes(T)["kwetsbaar"]
    labels = pd.Series(["veel", "weinig", "veel"], index=[10, 11, 12])
    out = finish(labels, scheme, pd.Series([True, False], index=[10, 12]))
    assert list(out) == ["te weinig inwoners", "weinig", "veel"]
    assert list(out.index) == [10, 11, 12] and out.name == "kwetsbaar"
    assert list(out.cat.categories) == scheme.categories
    assert list(finish(labels, scheme, None)) == ["veel", "weinig", "veel"]


TITLES = {
    "overlast": ("Overlast en onveiligheid", "onv"),
    "kwetsbaar": ("Kwetsbare bewoners", "kwetsbaar"),
    "focus": ("Focuskaart: overlast × kwetsbare bewoners", "focus"),
    "corporatie": ("Aandeel corporatiebezit", "corporatie"),
    "d_onv": ("Ontwikkeling overlast en onveiligheid", "d_onv"),
    "d_kwetsbaar": ("Ontwikkeling kwetsbare bewoners", "d_kwetsbaar"),
    "veerkracht": ("Veerkrachtkaart", "veerkracht"),
    "gebiedstype": ("Gebieden naar type (matrix handelingsperspectieven)", "gebiedstype"),
}


@pytest.mark.parametrize("key", list(TITLES))
def test_scheme_title_column_and_colours(key):
    scheme = schemes(T)[key]
    assert (scheme.key, scheme.title, scheme.column) == (key, *TITLES[key])
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in scheme.colours)  # lower-case hex, as everywhere
    assert len(set(scheme.colours)) == len(scheme.colours)
    assert not set(scheme.colours) & {"#9e9e9e", "#dcdcdc"}  # the two grey classes stay apart


@pytest.mark.parametrize("key", ["overlast", "kwetsbaar", "d_onv", "d_kwetsbaar"])
def test_diverging_schemes_have_a_neutral_middle(key):
    scheme = schemes(T)[key]
    assert scheme.colours[len(scheme.colours) // 2] == "#f7f7f7"


def test_labels_of_the_combined_maps():
    s = schemes(T)
    assert s["focus"].labels == tuple(FOCUS_TABLE.values())
    assert s["veerkracht"].labels == ("weinig veerkracht, veel problemen", "weinig veerkracht",
                                      "verslechtering zonder toename kwetsbaren", "stabiel", "verbetering", "veerkracht")
    assert s["gebiedstype"].labels[-1] == "geen gebied" and s["gebiedstype"].edges is None
    assert s["d_onv"].ranges()[2] == "−0,02 tot 0,02" and s["d_kwetsbaar"].ranges()[0] == "< −20"
