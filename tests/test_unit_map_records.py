"""The map records: class edges, labels, grey classes, problem sides, and that params drive all of them."""
import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.maps import MAPS, classify, schemes
from veerkracht_lib.analysis.samenhang import samenhang_table
from veerkracht_lib.config import Thresholds, parse_config
from veerkracht_lib.errors import ConfigError


def frame(**cols):
    return pd.DataFrame(cols)


def test_overlast_edges_are_half_open_and_missing_is_grey():
    f = frame(onv=[-0.2, -0.12, -0.04, 0.0, 0.04, 0.12, np.nan])
    got = list(classify(f, "overlast", Thresholds()))
    assert got == ["zeer veel slechter", "veel slechter", "rond gemiddelde", "rond gemiddelde", "beter",
                   "zeer veel beter", C.GEEN_GEGEVENS]


def test_too_small_buurten_are_grey_whatever_their_value():
    f = frame(kwetsbaar=[300.0, 300.0])
    got = classify(f, "kwetsbaar", Thresholds(), too_small=pd.Series([False, True]))
    assert list(got) == ["zeer veel", C.TE_WEINIG_INWONERS]


def test_focus_corner_needs_both_overlast_and_vulnerability():
    f = frame(onv=[-0.05, -0.05, 0.0, 0.05], kwetsbaar=[130.0, 100.0, 130.0, 70.0])
    got = list(classify(f, "focus", Thresholds()))
    assert got[0] == C.FOCUS
    assert got[1] != C.FOCUS and got[2] != C.FOCUS
    assert got[3] == "minder overlast, weinig kwetsbaren"


def test_veerkracht_table_of_methodology():
    f = frame(d_kwetsbaar=[10.0, 10.0, 10.0, 0.0, 0.0, 0.0], d_onv=[-0.05, -0.05, 0.05, -0.05, 0.0, 0.05],
              onv=[-0.1, 0.0, 0.0, 0.0, 0.0, 0.0])
    got = list(classify(f, "veerkracht", Thresholds()))
    assert got == [C.WEINIG_VEERKRACHT_PROBLEMEN, C.WEINIG_VEERKRACHT, C.VEERKRACHT, C.VERSLECHTERING,
                   C.STABIEL, C.VERBETERING]


def test_changing_a_threshold_changes_the_class():
    f = frame(kwetsbaar=[130.0])
    assert list(classify(f, "kwetsbaar", Thresholds())) == ["veel"]
    assert list(classify(f, "kwetsbaar", Thresholds(kwetsbaar=(50, 80, 140, 200)))) == ["rond gemiddelde"]


def test_every_scheme_has_a_colour_per_class_and_dutch_ranges():
    by_key = schemes(Thresholds())
    assert list(by_key) == ["overlast", "kwetsbaar", "focus", "corporatie", "d_onv", "d_kwetsbaar", "veerkracht",
                            "gebiedstype"]
    assert [MAPS[key].number for key in by_key] == [1, 2, 3, 4, 5, 6, 7, 8]
    for scheme in by_key.values():
        assert len(set(scheme.colours)) == len(scheme.labels)
    assert by_key["overlast"].ranges()[1] == "−0,12 tot −0,08"
    assert by_key["overlast"].legend(present={"geen gegevens"})[-1][0] == C.GEEN_GEGEVENS


# -- a region's own corporatie edges (10/30/50/70): labels, problem side and samenhang follow them


OWN_EDGES = Thresholds(corporatie=(10, 30, 50, 70), corporatiebuurt=50)


def test_corporatie_labels_follow_the_edges_in_params():
    f = frame(corporatie=[5.0, 10.0, 15.0, 29.9, 30.0, 50.0, 69.0, 70.0, 95.0, np.nan])
    assert list(classify(f, "corporatie", OWN_EDGES)) == [
        "minder dan 10%", "10–30%", "10–30%", "10–30%", "30–50%", "50–70%", "50–70%", "70% of meer", "70% of meer",
        C.GEEN_GEGEVENS]


def test_corporatie_problem_side_starts_at_the_corporatiebuurt_threshold():
    assert MAPS["corporatie"].problems(OWN_EDGES) == ("50–70%", "70% of meer")
    assert MAPS["corporatie"].problems(Thresholds()) == ("60–80%", "80% of meer")
    assert MAPS["corporatie"].problems(Thresholds(corporatiebuurt=80)) == ("80% of meer",)


def test_a_corporatiebuurt_threshold_between_edges_is_refused():
    with pytest.raises(ConfigError, match="corporatiebuurt"):
        parse_config({"title": "t", "gemeenten": ["GM0917"], "thresholds": {"corporatie": [10, 30, 50, 70]}}, "t")


def test_samenhang_groups_follow_the_corporatie_edges():
    # two buurten per group; within each group kwetsbaar and onv run in opposite directions (r = -1)
    corporatie = [5, 8, 12, 25, 35, 45, 55, 65, 75, 90]
    f = pd.DataFrame({"corporatie": corporatie, "kwetsbaar": [100, 200] * 5, "onv": [0.1, -0.1] * 5,
                      "inwoners": [1000] * 10, "te_klein": False})
    table = samenhang_table(f, OWN_EDGES)
    assert table["groep"].tolist() == ["alle buurten", "corporatiebezit < 10%", "corporatiebezit 10–30%",
                                       "corporatiebezit 30–50%", "corporatiebezit 50–70%", "corporatiebezit ≥ 70%"]
    assert table["n"].tolist() == [10, 2, 2, 2, 2, 2]
    assert table["r"].iloc[0] == pytest.approx(-1.0)


def test_map4_changes_hue_at_the_corporatiebuurt_threshold_from_params():
    # light purples below the threshold, orange to brown from it on; each ramp spread over its classes
    purple, orange = ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8"), ("#f16913", "#d94801", "#a63603", "#7f2704")
    default = MAPS["corporatie"].scheme(Thresholds()).colours  # 60: three classes below, two from it on
    assert default == (purple[0], purple[2], purple[3], orange[0], orange[3])
    own = MAPS["corporatie"].scheme(OWN_EDGES).colours  # 10/30/50/70 with threshold 50: three below, two above
    assert own == (purple[0], purple[2], purple[3], orange[0], orange[3])
    at_40 = MAPS["corporatie"].scheme(Thresholds(corporatiebuurt=40)).colours  # two below, three from it on
    assert at_40 == (purple[0], purple[3], orange[0], orange[2], orange[3])
    # what the reader sees: 40–60% and 60–80% differ in hue, not only in shade
    assert MAPS["corporatie"].problems(Thresholds()) == ("60–80%", "80% of meer")


def test_map4_legend_names_the_corporatiebuurt_threshold():
    assert MAPS["corporatie"].note(Thresholds()) == "corporatiebuurt: 60% of meer"
    assert MAPS["corporatie"].note(OWN_EDGES) == "corporatiebuurt: 50% of meer"
    assert MAPS["overlast"].note(Thresholds()) == ""


def test_missing_data_takes_a_verb_that_agrees():
    # "het aandeel corporatiewoningen" is singular; the scores and figures of the other maps are plural
    assert MAPS["corporatie"].missing_verb({"corporatie"}) == "ontbreekt"
    assert MAPS["overlast"].missing_verb({"onv"}) == "ontbreken"
    assert MAPS["focus"].missing_verb({"onv", "kwetsbaar"}) == "ontbreken"
    assert MAPS["focus"].missing_verb({"onv", "corporatie"}) == "ontbreken"  # only what the map needs counts


def test_map4_with_one_class_from_the_threshold_on_gives_it_the_darkest_colour():
    purple, orange = ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8"), ("#f16913", "#d94801", "#a63603", "#7f2704")
    # corporatiebuurt at the top edge 80: four classes below (the whole purple ramp), one from it on
    at_80 = MAPS["corporatie"].scheme(Thresholds(corporatiebuurt=80)).colours
    assert at_80 == (*purple, orange[3])
