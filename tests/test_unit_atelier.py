"""Chapter III's areas: figures, candidate status and robustness per area, worked out by hand."""
import math

import pandas as pd
import pytest

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.atelier import (
    GEEN_KANDIDAAT,
    IN_FOCUSGEBIED,
    KANDIDAAT,
    area_figures,
    class_share,
    class_weights,
    dominant_classes,
    weighted_means,
)
from veerkracht_lib.analysis.robustness import area_robustness
from veerkracht_lib.config import Thresholds

OTHER = "gemiddelde overlast, gemiddeld aandeel kwetsbaren"
CODES = ["B1", "B2", "B3", "B4", "B5", "B6"]


@pytest.fixture
def buurten():
    return pd.DataFrame({
        "code": CODES,
        "inwoners": [1000, 3000, 500, 2000, 1500, 800],
        "te_klein": [False] * 6,
        "te_klein_basis": [False, False, True, False, False, False],  # B3: too small in the base year
        "onv": [-0.10, -0.20, -0.06, 0.05, -0.05, 0.0],
        "kwetsbaar": [150, 200, 130, 90, 100, 110],
        "d_onv": [-0.05, -0.10, 0.50, 0.03, -0.03, -0.04],
        "d_kwetsbaar": [10, 30, 50, 6, 0, 7],
        "klasse_focus_nederland": [C.FOCUS, C.FOCUS, C.FOCUS, OTHER, OTHER, OTHER],
        "klasse_veerkracht_nederland": [C.WEINIG_VEERKRACHT_PROBLEMEN, C.WEINIG_VEERKRACHT_PROBLEMEN,
                                        C.TE_WEINIG_INWONERS, C.VEERKRACHT, C.VERSLECHTERING, C.WEINIG_VEERKRACHT],
    })


def area(gebied, kaart, klasse, codes, inwoners, corporatie):
    bezit = "corporatiebuurt" if corporatie >= 60 else "overwegend particulier" if corporatie < 40 else "gemengd bezit"
    return {"gebied": gebied, "naam": f"Gebied {gebied}", "gm_naam": "Een", "kaart": kaart, "klasse": klasse,
            "n_buurten": len(codes), "inwoners": inwoners, "corporatie": corporatie, "corporatiebuurt": corporatie >= 60,
            "bezit": bezit, "buurten": ", ".join(codes)}


@pytest.fixture
def areas():
    return pd.DataFrame([
        area("F1", "focus", C.FOCUS, ["B1", "B2", "B3"], 4500, 70.0),
        area("V1", "veerkracht", C.WEINIG_VEERKRACHT_PROBLEMEN, ["B1", "B2"], 4000, 70.0),  # inside F1
        area("V2", "veerkracht", C.VEERKRACHT, ["B4"], 2000, 50.0),
        area("V3", "veerkracht", C.VERSLECHTERING, ["B5"], 1500, 30.0),
        area("V4", "veerkracht", C.WEINIG_VEERKRACHT, ["B6"], 800, 20.0),
    ])


def test_weighted_means_skip_unknown_values_and_zero_weights_per_group():
    values = pd.Series([1.0, 3.0, float("nan"), 100.0, float("nan"), 7.0])
    weights = pd.Series([1.0, 3.0, 5.0, 0.0, 1.0, 2.0])
    groups = pd.Series(["x", "x", "x", "x", "y", "z"])
    means = weighted_means(values, weights, groups)
    assert means["x"] == pytest.approx((1 * 1 + 3 * 3) / (1 + 3))  # 2,5: the unknown and the weightless left out
    assert math.isnan(means["y"])  # nothing known
    assert means["z"] == 7.0


def test_dominant_class_and_its_share_per_group():
    classes = pd.Series(["a", "b", "a", "c", "b", "a", "a", None])
    weights = pd.Series([100, 250, 100, 50, 1, 1, 0, 9])
    groups = pd.Series(["g", "g", "g", "g", "tie", "tie", "none", "none"])
    per_class = class_weights(classes, weights, groups)
    totals = weights.groupby(groups).sum()
    dominant = dominant_classes(per_class)
    assert dominant["g"] == "b"  # b 250 against a 200
    assert class_share(per_class, totals, "g", "a") == pytest.approx(100 * 200 / 500)  # 40 %
    assert dominant["tie"] == "a"  # a tie: the first label
    assert "none" not in dominant  # no weight in any class (the 9 inhabitants have no class)
    assert class_share(per_class, totals, "none", "a") == 0.0  # 0 of the 9 inhabitants
    assert math.isnan(class_share(per_class, totals.drop("none"), "none", "a"))  # no weight at all


def test_area_figures_weigh_the_buurten_by_inhabitants(buurten, areas):
    f = area_figures(buurten, areas, Thresholds(), "nederland").set_index("gebied")
    assert list(f.index) == ["F1", "V1", "V2", "V3", "V4"]
    # F1 = B1, B2, B3 (1.000, 3.000 and 500 inhabitants)
    assert f.loc["F1", "overlast"] == pytest.approx((1000 * -0.10 + 3000 * -0.20 + 500 * -0.06) / 4500)  # −0,162
    assert f.loc["F1", "klasse_overlast"] == "zeer veel slechter"  # below −0,12
    assert f.loc["F1", "kwetsbaar"] == pytest.approx((1000 * 150 + 3000 * 200 + 500 * 130) / 4500)  # 181,1
    assert f.loc["F1", "klasse_kwetsbaar"] == "veel"  # 125 to 200
    # the developments leave out B3, too small in the base year
    assert f.loc["F1", "d_onv"] == pytest.approx((1000 * -0.05 + 3000 * -0.10) / 4000)  # −0,0875
    assert f.loc["F1", "klasse_d_onv"] == "sterk verslechterd"  # below −0,06
    assert f.loc["F1", "d_kwetsbaar"] == pytest.approx((1000 * 10 + 3000 * 30) / 4000)  # 25
    assert f.loc["F1", "klasse_d_kwetsbaar"] == "sterke toename"  # 20 or more
    # map 7: weinig veerkracht, veel problemen for B1 and B2, 4.000 of the 4.500 inhabitants
    assert f.loc["F1", "veerkracht"] == C.WEINIG_VEERKRACHT_PROBLEMEN
    assert f.loc["F1", "veerkracht_aandeel"] == pytest.approx(100 * 4000 / 4500)


def test_every_area_is_a_candidate_or_says_why_not(buurten, areas):
    f = area_figures(buurten, areas, Thresholds(), "nederland").set_index("gebied")
    # F1: focus, weinig veerkracht, 70 % corporatiebezit → group 1, first; V4: weinig veerkracht outside focus → group 3
    assert f.loc["F1", ["status", "rang", "groep", "type"]].tolist() == [
        KANDIDAAT, 1, 1, "focus, weinig veerkracht, corporatiebuurt"]
    assert f.loc["V4", ["status", "rang", "groep", "type"]].tolist() == [KANDIDAAT, 2, 3, "weinig veerkracht"]
    # V1: both buurten lie in F1 (rule 3), counted as focus: all its 4.000 inhabitants live in focus buurten
    assert f.loc["V1", ["status", "in_focus", "n_in_focus", "focus", "nadruk"]].tolist() == [
        IN_FOCUSGEBIED, "F1", 2, True, ""]
    assert pd.isna(f.loc["V1", "rang"])
    # V2 (veerkracht) and V3 (verslechtering): neither focus nor weinig veerkracht (rule 4), with an emphasis
    assert f.loc["V2", ["status", "focus", "nadruk"]].tolist() == [GEEN_KANDIDAAT, False, "sociale aanpak, woninggebruik"]
    assert f.loc["V3", ["status", "nadruk"]].tolist() == [GEEN_KANDIDAAT, "leefomgeving"]


def test_area_robustness_is_the_share_of_inhabitants_keeping_the_class(buurten, areas):
    buurten = buurten.assign(
        klasse_focus_gemeente=[C.FOCUS, OTHER, C.FOCUS, OTHER, OTHER, OTHER],
        klasse_focus_regio=[C.FOCUS] * 3 + [OTHER] * 3,
        klasse_veerkracht_gemeente=[C.WEINIG_VEERKRACHT, C.STABIEL, C.STABIEL, C.STABIEL, C.VERSLECHTERING, C.STABIEL],
        klasse_veerkracht_regio=buurten["klasse_veerkracht_nederland"])
    alternative = buurten[["code"]].assign(
        klasse_focus_nederland=[OTHER, C.FOCUS, C.FOCUS, OTHER, OTHER, OTHER],
        klasse_veerkracht_nederland=buurten["klasse_veerkracht_nederland"])
    kept = area_robustness(buurten, areas, "nederland", {"andere grens": alternative})
    assert list(kept.columns) == ["referentie eigen gemeente", "referentie de regio", "andere grens"]
    # F1 (1.000 + 3.000 + 500): under the gemeente B2 leaves → (1.000 + 500) / 4.500; the alternative loses B1
    assert kept.loc["F1"].tolist() == pytest.approx([100 * 1500 / 4500, 100, 100 * 3500 / 4500])
    # V1 (B1, B2): under the gemeente B1 is 'weinig veerkracht' without problems, which counts; B2 is stabiel
    assert kept.loc["V1", "referentie eigen gemeente"] == pytest.approx(100 * 1000 / 4000)
    assert kept.loc["V4", "referentie eigen gemeente"] == 0  # stabiel
    assert kept.loc["V3", "referentie eigen gemeente"] == 100


def test_a_choice_without_data_for_an_area_is_not_a_share_of_zero(buurten, areas):
    for reference in ("gemeente", "regio"):
        buurten[f"klasse_focus_{reference}"] = buurten["klasse_focus_nederland"]
        buurten[f"klasse_veerkracht_{reference}"] = buurten["klasse_veerkracht_nederland"]
    # e.g. an index of low incomes alone where the low incomes are missing: no class for B6 (V4)
    alternative = buurten[["code", "klasse_focus_nederland"]].assign(
        klasse_veerkracht_nederland=[*buurten["klasse_veerkracht_nederland"][:5], C.GEEN_GEGEVENS])
    kept = area_robustness(buurten, areas, "nederland", {"zonder gegevens": alternative})
    assert math.isnan(kept.loc["V4", "zonder gegevens"])
    assert kept.loc["V3", "zonder gegevens"] == 100


def test_area_robustness_weighs_an_unknown_count_as_nobody_and_gives_an_empty_area_no_share(buurten, areas):
    for reference in ("gemeente", "regio"):
        buurten[f"klasse_focus_{reference}"] = buurten["klasse_focus_nederland"]
        buurten[f"klasse_veerkracht_{reference}"] = buurten["klasse_veerkracht_nederland"]
    buurten["inwoners"] = [1000, None, 500, 0, 1, 800]  # B2 unknown, B4 nobody, B5 one inhabitant
    alternative = buurten[["code", "klasse_veerkracht_nederland"]].assign(  # B1 and B2 out of focus
        klasse_focus_nederland=[OTHER, OTHER, C.FOCUS, OTHER, OTHER, OTHER])
    kept = area_robustness(buurten, areas, "nederland", {"andere grens": alternative})
    # F1: B1 (1.000) and B2 (unknown: weight 0) leave, B3 (500) stays → 500 / 1.500
    assert kept.loc["F1", "andere grens"] == pytest.approx(100 * 500 / 1500)
    assert math.isnan(kept.loc["V2", "andere grens"])  # B4: nobody lives there, no share
    assert kept.loc["V3", "andere grens"] == 100  # B5: its one inhabitant keeps verslechtering


def test_no_areas_no_robustness(buurten, areas):
    kept = area_robustness(buurten, areas.iloc[0:0], "nederland", {"andere grens": buurten})
    assert kept.empty
    assert list(kept.columns) == ["referentie eigen gemeente", "referentie de regio", "andere grens"]
