"""Per gemeente and map: buurten and inhabitants in the notable classes, means, areas (analysis/gemeenten.py)."""
import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis.classes import GEEN_GEGEVENS, TE_WEINIG_INWONERS
from veerkracht_lib.analysis.gemeenten import areas_by_gemeente, class_figures, means


@pytest.fixture
def frame():
    # Een: three buurten with a class; Twee: one with a class, one without data, one too small;
    # Drie: its only buurt has no data
    return pd.DataFrame({
        "gm_naam": ["Een", "Een", "Een", "Twee", "Twee", "Twee", "Drie"],
        "klasse": ["slecht", "goed", "midden", "slecht", GEEN_GEGEVENS, TE_WEINIG_INWONERS, GEEN_GEGEVENS],
        "inwoners": [100.0, 300, 600, 200, 500, 50, 400],
        "waarde": [-0.10, 0.10, 0.0, -0.20, 5.0, 9.0, 1.0],
        "waarde_basis": [np.nan, 0.05, 0.0, -0.10, 5.0, 9.0, 1.0],
    })


def test_shares_count_only_the_buurten_with_a_class(frame):
    table = class_figures(frame, "klasse", ["slecht"], ["goed"])
    een = table.loc["Een"]
    assert (een["buurten"], een["zonder_gegevens"], een["te_klein"], een["inwoners"]) == (3, 0, 0, 1000)
    # slecht: 100 of 100 + 300 + 600 = 10 %; goed: 300 / 1000 = 30 %
    assert (een["probleem_buurten"], een["probleem_inwoners"], een["probleem_aandeel"]) == (1, 100, pytest.approx(10))
    assert (een["gunstig_buurten"], een["gunstig_inwoners"], een["gunstig_aandeel"]) == (1, 300, pytest.approx(30))
    twee = table.loc["Twee"]
    # the 500 without data and the 50 too small do not count: 200 of 200 = 100 %
    assert (twee["buurten"], twee["zonder_gegevens"], twee["te_klein"], twee["inwoners"]) == (1, 1, 1, 200)
    assert twee["probleem_aandeel"] == pytest.approx(100) and twee["gunstig_aandeel"] == 0


def test_a_gemeente_without_data_has_no_share_not_zero(frame):
    drie = class_figures(frame, "klasse", ["slecht"], ["goed"]).loc["Drie"]
    assert (drie["buurten"], drie["zonder_gegevens"], drie["inwoners"]) == (0, 1, 0)
    assert np.isnan(drie["probleem_aandeel"]) and np.isnan(drie["gunstig_aandeel"])


def test_region_row_adds_up_the_gemeenten(frame):
    region = class_figures(frame, "klasse", ["slecht"], ["goed"], by=None).loc["regio"]
    # counted: 100 + 300 + 600 + 200 = 1200; slecht 100 + 200 = 300 → 25 %; goed 300 → 25 %
    assert (region["buurten"], region["zonder_gegevens"], region["te_klein"], region["inwoners"]) == (4, 2, 1, 1200)
    assert region["probleem_aandeel"] == pytest.approx(25) and region["gunstig_aandeel"] == pytest.approx(25)


def test_gemeenten_are_sorted_by_name_and_counts_are_integers(frame):
    table = class_figures(frame, "klasse", ["slecht"])
    assert list(table.index) == ["Drie", "Een", "Twee"]
    assert table["buurten"].dtype.kind == "i" and table["probleem_buurten"].dtype.kind == "i"
    assert (table["gunstig_buurten"] == 0).all()  # no favourable classes asked


def test_mean_is_weighted_by_inhabitants_over_the_buurten_with_a_class(frame):
    table = means(frame, "klasse", ["waarde"])
    # Een: (−0,10·100 + 0,10·300 + 0·600) / 1000 = 20 / 1000 = 0,02; Twee: only the −0,20 buurt counts
    assert table.loc["Een", "waarde"] == pytest.approx(0.02)
    assert table.loc["Twee", "waarde"] == pytest.approx(-0.20)
    assert np.isnan(table.loc["Drie", "waarde"])
    # region: (−10 + 30 + 0 − 40) / 1200 = −1/60
    assert means(frame, "klasse", ["waarde"], by=None).loc["regio", "waarde"] == pytest.approx(-1 / 60)


def test_base_and_situation_means_use_the_same_buurten(frame):
    table = means(frame, "klasse", ["waarde_basis", "waarde"])
    # Een's first buurt has no base value, so both means are over the 300 and the 600:
    # base 0,05·300 / 900 = 1/60; situation 0,10·300 / 900 = 1/30
    assert table.loc["Een"].tolist() == pytest.approx([1 / 60, 1 / 30])
    assert table.loc["Twee"].tolist() == pytest.approx([-0.10, -0.20])


def test_areas_lie_in_each_of_their_gemeenten_in_number_order():
    areas = pd.DataFrame({
        "gebied": ["F1", "F2", "F10", "V1"],
        "kaart": ["focus", "focus", "focus", "veerkracht"],
        "gemeenten": ["Een, Twee", "Een", "Een", "Twee"],
        "naam": ["a", "b", "c", "d"],
    })
    # listed in the frame's order F1, F2, F10 but given a different row order to show the sort
    by_gemeente = areas_by_gemeente(areas.iloc[[2, 0, 1, 3]], "focus")
    assert sorted(by_gemeente) == ["Een", "Twee"]
    assert by_gemeente["Een"]["gebied"].tolist() == ["F1", "F2", "F10"]
    assert by_gemeente["Twee"]["gebied"].tolist() == ["F1"]
    assert areas_by_gemeente(areas, "gebiedstype") == {}


def test_a_share_is_not_rounded_to_zero_or_a_hundred_percent():
    from veerkracht_lib.numbers import fmt_share

    assert fmt_share(0) == "0%" and fmt_share(100) == "100%"
    assert fmt_share(0.4) == "minder dan 1%" and fmt_share(99.6) == "meer dan 99%"
    assert fmt_share(0.6) == "1%" and fmt_share(12.34) == "12%"
    assert fmt_share(float("nan")) == "–"


def test_comparison_table_counts_only_buurten_with_data_and_has_no_share_without():
    from types import SimpleNamespace

    from veerkracht_lib.analysis.maps import MAPS, schemes
    from veerkracht_lib.analysis.tweedeling import comparison_table
    from veerkracht_lib.config import Thresholds

    t = Thresholds()
    buurten = pd.DataFrame({
        "gm_naam": ["A", "A", "A", "B"], "inwoners": [100, 300, 600, 500], "te_klein": [False] * 4,
        "klasse_overlast_nederland": ["slechter", "beter", GEEN_GEGEVENS, GEEN_GEGEVENS],
    })
    analysis = SimpleNamespace(config=SimpleNamespace(thresholds=t), buurten=buurten, schemes=schemes(t),
                               maps=[MAPS["overlast"]], available=lambda key: True,
                               class_column=lambda key: f"klasse_{key}_nederland")
    shares = comparison_table(analysis)["kaart 1: overlast en onveiligheid"]
    # A: 100 of the 400 with data = 25 % (not 100 / 1000); B has no data: no share; region 100 / 400
    assert shares["A"] == pytest.approx(25) and np.isnan(shares["B"]) and shares["regio"] == pytest.approx(25)
