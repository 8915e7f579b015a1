"""Class shares, the share of variance between gemeenten (and its direction), time series, comparison table."""
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis.maps import MAPS, schemes
from veerkracht_lib.analysis.tweedeling import (
    between_share,
    class_shares,
    comparison_table,
    conclusion,
    divergence,
    gap,
    share_in,
    time_series,
)
from veerkracht_lib.config import Thresholds


@pytest.fixture
def frame():
    return pd.DataFrame({
        "gm_naam": ["Een", "Een", "Twee", "Twee", "Twee"],
        "klasse": pd.Categorical(["a", "b", "a", "a", "b"], categories=["a", "b", "c"]),
        "inwoners": [100, 300, 200, 1000, np.nan],
        "te_klein": [False, False, False, True, False],  # the 1000 are left out as too small (a test's choice)
    })


def test_class_shares_per_gemeente_and_region(frame):
    shares = class_shares(frame, "klasse")
    # Een: a 100 / 400 = 25 %, b 300 / 400 = 75 %; Twee: a 200 / 200 = 100 % (too small and unknown left out)
    assert shares.loc["Een"].to_dict() == pytest.approx({"a": 25, "b": 75})
    assert shares.loc["Twee"].to_dict() == pytest.approx({"a": 100, "b": 0})
    assert "c" not in shares.columns  # a class nobody lives in
    region = class_shares(frame, "klasse", by=None)
    assert region.loc["regio"].to_dict() == pytest.approx({"a": 50, "b": 50})  # 300 / 600 and 300 / 600


def test_a_class_of_one_inhabitant_counts(frame):
    frame.loc[1, "klasse"] = "c"
    frame.loc[1, "inwoners"] = 1
    shares = class_shares(frame, "klasse")
    # nobody is left in "b" (the other "b" buurt has no inhabitant count): the column goes
    assert shares.loc["Een"].to_dict() == pytest.approx({"a": 100 * 100 / 101, "c": 100 / 101})


def test_share_in_sums_the_classes_asked(frame):
    assert share_in(frame, "klasse", ["b", "c"]).to_dict() == pytest.approx({"Een": 75, "Twee": 0})
    assert share_in(frame, "klasse", ["a", "b"]).to_dict() == pytest.approx({"Een": 100, "Twee": 100})
    assert share_in(frame, "klasse", ["c"]).to_dict() == {"Een": 0.0, "Twee": 0.0}
    assert share_in(frame, "klasse", ["b"], by=None).to_dict() == pytest.approx({"regio": 50})


def test_between_share_is_weighted():
    values, weights, groups = pd.Series([0.0, 2, 4]), pd.Series([1.0, 1, 2]), pd.Series(["A", "A", "B"])
    # mean (0 + 2 + 2·4) / 4 = 2,5; total (6,25 + 0,25 + 2 · 2,25) / 4 = 2,75
    # gemeente means A 1, B 4; between (2,25 + 2,25 + 2 · 2,25) / 4 = 2,25 → 2,25 / 2,75 = 9/11
    assert between_share(values, weights, groups) == pytest.approx(9 / 11)


@pytest.mark.filterwarnings("error")
def test_between_share_weighs_the_gemeente_means_too():
    values, weights, groups = pd.Series([0.0, 2, 4, 6]), pd.Series([1.0, 1, 1, 3]), pd.Series(["A", "A", "B", "B"])
    # mean (0 + 2 + 4 + 18) / 6 = 4; total (16 + 4 + 0 + 3 · 4) / 6 = 16/3
    # means A 1, B (4 + 18) / 4 = 5,5; between (9 + 9 + 2,25 + 3 · 2,25) / 6 = 4,5 → 4,5 / (16/3) = 27/32
    assert between_share(values, weights, groups) == pytest.approx(27 / 32)
    # the same share on a tenth of the scale (a total variance below 1)
    assert between_share(values / 10, weights, groups) == pytest.approx(27 / 32)


@pytest.mark.filterwarnings("error")
def test_between_share_leaves_out_unusable_rows_and_needs_three():
    values = pd.Series([0.0, 2, 4, np.nan, 100, 100])
    weights = pd.Series([1.0, 1, 2, 5, 0, np.nan])
    groups = pd.Series(["A", "A", "B", "B", "B", "B"])
    assert between_share(values, weights, groups) == pytest.approx(9 / 11)
    assert np.isnan(between_share(values[:2], weights[:2], groups[:2]))
    assert np.isnan(between_share(values[[0, 2, 4]], weights[[0, 2, 4]], groups[[0, 2, 4]]))  # weight 0 does not count
    assert np.isnan(between_share(pd.Series([1.0, 1, 1]), pd.Series([1.0, 1, 1]), pd.Series(["A", "A", "B"])))


def test_divergence_reports_base_situation_and_the_direction_of_change():
    frame = pd.DataFrame({
        "gm_naam": ["A", "A", "B", "B", "B"],
        "inwoners": [1.0, 1, 2, 50, 1000],
        "te_klein": [False, False, False, True, False],
        "te_klein_basis": [False, False, False, False, True],  # the 5th was too small in the base year (88cc346)
        "onv_basis": [0.0, 2, 4, 99, 99], "onv": [0.0, 0, 4, 99, 99],
        "kwetsbaar_basis": [0.0, 0, 4, 99, 99], "kwetsbaar": [0.0, 2, 4, 99, 99],
    })
    table = divergence(frame).set_index("indicator")
    # only the first three count. onv base: 9/11 (as above); mean 10/4 = 2,5, A 1, B 4 →
    # between (2,25 + 2,25 + 2 · 2,25) / 4 = 9/4, gap √(9/4) = 1,5.
    # Situation: mean 8/4 = 2, total (4 + 4 + 2·4)/4 = 4, A 0, B 4 → between 4 → share 1, gap 2
    onv = table.loc["overlast en onveiligheid"]
    assert onv["basisjaar"] == pytest.approx(9 / 11) and onv["situatiejaar"] == pytest.approx(1.0)
    assert onv["verschil"] == pytest.approx(1 - 9 / 11)  # grew: positive
    assert onv["spreiding_basis"] == pytest.approx(1.5) and onv["spreiding_situatie"] == pytest.approx(2.0)
    assert onv["spreiding_verandering"] == pytest.approx((2 - 1.5) / 1.5)
    assert onv["conclusie"] == "uit elkaar"  # share +2/11 > 0,02 and gap +1/3 > 0,05
    # kwetsbaar is the same the other way round: share 1 → 9/11, gap 2 → 1,5 (−1/4)
    kwetsbaar = table.loc["kwetsbare bewoners"]
    assert kwetsbaar["verschil"] == pytest.approx(9 / 11 - 1)  # shrank: negative
    assert kwetsbaar["spreiding_verandering"] == pytest.approx((1.5 - 2) / 2)
    assert kwetsbaar["conclusie"] == "naar elkaar toe"
    assert list(table.columns) == ["basisjaar", "situatiejaar", "verschil", "spreiding_basis",
                                   "spreiding_situatie", "spreiding_verandering", "conclusie"]


def test_gap_is_the_weighted_spread_of_the_gemeente_means():
    # as in test_between_share_weighs_the_gemeente_means_too: mean 4, A 1, B 5,5, between 4,5 → gap √4,5
    values, weights, groups = pd.Series([0.0, 2, 4, 6]), pd.Series([1.0, 1, 1, 3]), pd.Series(["A", "A", "B", "B"])
    assert gap(values, weights, groups) == pytest.approx(4.5 ** 0.5)
    assert gap(values + 10, weights, groups) == pytest.approx(4.5 ** 0.5)  # a shift does not change it


def test_conclusion_needs_the_share_and_the_gap():
    # a share change counts beyond 0,02 (absolute), a gap change beyond 5 % (relative); the edges themselves do not
    assert conclusion(0.03, 0.06) == "uit elkaar"
    assert conclusion(-0.03, -0.06) == "naar elkaar toe"
    assert conclusion(0.02, 0.05) == conclusion(-0.02, -0.05) == conclusion(0.0, 0.0) == "gelijk"
    assert conclusion(0.0, 0.06) == "gat groter, aandeel gelijk"
    assert conclusion(0.0, -0.06) == "gat kleiner, aandeel gelijk"
    assert conclusion(-0.03, 0.06) == "gat groter, aandeel kleiner"
    assert conclusion(0.03, -0.06) == "gat kleiner, aandeel groter"
    assert conclusion(0.03, 0.0) == "gat gelijk, aandeel groter"
    assert conclusion(np.nan, 0.06) == conclusion(0.03, np.nan) == "onbekend"


def test_time_series_weighted_per_gemeente_and_region():
    yearly = pd.DataFrame({
        "jaar": [2020, 2020, 2020, 2020, 2022, 2022, 2022, 2022],
        "gm_naam": ["A", "A", "B", "B", "A", "A", "B", "B"],
        "inwoners": [100, 300, 200, 5, 100, 300, 200, 200],
        "te_klein": [False, False, False, True, False, False, False, False],
        "onv": [0.1, -0.1, 0.3, 9.0, 0.2, 0.0, np.nan, np.nan],
    })
    series = time_series(yearly, "onv")
    # 2020: A (100·0,1 − 300·0,1)/400 = −0,05; B 0,3; region (10 − 30 + 60)/600 = 1/15
    assert series.loc[2020].to_dict() == pytest.approx({"A": -0.05, "B": 0.3, "regio": 40 / 600})
    # 2022: A (100·0,2)/400 = 0,05; B has no value: missing, not 0; region 20/400
    assert series.loc[2022, "A"] == pytest.approx(0.05) and np.isnan(series.loc[2022, "B"])
    assert series.loc[2022, "regio"] == pytest.approx(0.05)
    assert series.index.name == "jaar" and series.columns.name is None


def test_time_series_counts_a_single_inhabitant():
    yearly = pd.DataFrame({"jaar": [2020, 2020], "gm_naam": ["A", "B"], "inwoners": [1, 0], "te_klein": [False, False],
                           "onv": [0.7, 0.3]})
    series = time_series(yearly, "onv")
    assert series.loc[2020, "A"] == pytest.approx(0.7) and np.isnan(series.loc[2020, "B"])
    assert series.loc[2020, "regio"] == pytest.approx(0.7)


def test_comparison_table_shares_on_the_problem_side():
    t = Thresholds()
    buurten = pd.DataFrame({
        "gm_naam": ["A", "A", "B"], "inwoners": [100, 300, 600], "te_klein": [False, False, False],
        "klasse_overlast_nederland": ["slechter", "beter", "veel slechter"],
        "klasse_kwetsbaar_nederland": ["veel", "veel", "veel"],
    })
    analysis = SimpleNamespace(config=SimpleNamespace(thresholds=t), buurten=buurten, schemes=schemes(t),
                               maps=[MAPS["overlast"], MAPS["kwetsbaar"], MAPS["gebiedstype"]],
                               available=lambda key: key != "kwetsbaar",
                               class_column=lambda key: f"klasse_{key}_nederland")
    table = comparison_table(analysis)
    # overlast "slechter" or worse: A 100 / 400 = 25 %, B 100 %, region 700 / 1000 = 70 %
    assert table.to_dict() == {"kaart 1: overlast en onveiligheid": pytest.approx({"A": 25, "B": 100, "regio": 70})}
    assert table.index.name == "gemeente"


def test_divergence_in_small_units_with_an_unknown_base_size_and_a_missing_base_value():
    frame = pd.DataFrame({
        "gm_naam": ["A", "A", "B", "B"],
        "inwoners": [1.0, 1, 2, 1000],
        "te_klein": [False, False, False, False],
        "te_klein_basis": [False, np.nan, False, False],  # unknown base size: counts
        "onv_basis": [0.0, 0.02, 0.04, np.nan], "onv": [0.0, 0, 0.04, 0.99],  # the 4th lacks its base: out
    })
    frame["kwetsbaar_basis"], frame["kwetsbaar"] = frame["onv_basis"], frame["onv"]
    onv = divergence(frame).set_index("indicator").loc["overlast en onveiligheid"]
    # the first three of test_divergence_reports_base_situation_and_the_direction_of_change, in hundredths:
    # gap 0,015 → 0,02, +1/3; shares as there (9/11 → 1)
    assert onv["spreiding_basis"] == pytest.approx(0.015) and onv["spreiding_situatie"] == pytest.approx(0.02)
    assert onv["spreiding_verandering"] == pytest.approx(1 / 3)
    assert onv["basisjaar"] == pytest.approx(9 / 11) and onv["conclusie"] == "uit elkaar"


def test_divergence_from_no_gap_at_all_is_unknown_not_infinite():
    frame = pd.DataFrame({"gm_naam": ["A", "A", "B"], "inwoners": [1.0, 1, 2], "te_klein": False,
                          "te_klein_basis": False, "onv_basis": [1.0, 1, 1], "onv": [0.0, 0, 4]})
    frame["kwetsbaar_basis"], frame["kwetsbaar"] = frame["onv_basis"], frame["onv"]
    onv = divergence(frame).set_index("indicator").loc["overlast en onveiligheid"]
    assert onv["spreiding_basis"] == 0 and np.isnan(onv["spreiding_verandering"])
    assert onv["conclusie"] == "onbekend"
