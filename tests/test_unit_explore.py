"""The exploration table and its correlations, against arithmetic done by hand."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis import explore


def frame(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"code": [f"BU{i:08d}" for i in range(n)], "naam": [f"b{i}" for i in range(n)], "gm_naam": "G",
            "inwoners": [1000.0] * n, "te_klein": [False] * n}
    return pd.DataFrame({**base, **columns})


def test_correlation_of_a_pair_with_its_interval_and_n():
    table = frame(kwetsbaar=[1, 2, 3, 4, 5], onv=[1, 3, 2, 5, 4])
    row = explore.correlations(table, ["kwetsbaar", "onv"]).iloc[0]
    # deviations from the mean 3: x (-2,-1,0,1,2), y (-2,0,-1,2,1); Σxy = 8, Σx² = Σy² = 10 -> r = 0,8
    assert row["r"] == pytest.approx(0.8)
    assert row["n"] == 5
    half = 1.959964 / math.sqrt(5 - 3)  # Fisher z: atanh(0,8) ± 1,96 / √(n − 3)
    assert row["ci_laag"] == pytest.approx(math.tanh(math.atanh(0.8) - half), abs=1e-5)
    assert row["ci_hoog"] == pytest.approx(math.tanh(math.atanh(0.8) + half), abs=1e-5)


def test_correlation_is_weighted_by_inhabitants_and_skips_small_and_missing_buurten():
    table = frame(kwetsbaar=[1, 2, 3, 4, 5, 100, np.nan], onv=[1, 3, 2, 5, 4, -100, 7])
    table.loc[0, "inwoners"] = 2000.0  # counts twice: the same as the buurt repeated
    table.loc[5, "te_klein"] = True
    row = explore.correlations(table, ["kwetsbaar", "onv"]).iloc[0]
    repeated = np.corrcoef([1, 1, 2, 3, 4, 5], [1, 1, 3, 2, 5, 4])[0, 1]
    assert row["r"] == pytest.approx(repeated)
    assert row["n"] == 5


def test_indicator_table_computes_component_rates_and_takes_scores_of_their_year():
    buurten = frame(kwetsbaar=[120.0, 80.0], onv=[-0.1, 0.1], corporatie=[70.0, 10.0])
    index = pd.MultiIndex.from_product([buurten["code"], [2020, 2022]], names=["code", "jaar"])
    values = pd.DataFrame({"inwoners": [1000, 1000, 1000, 2000], "bijstand": [10, 50, 10, 20],
                           "huishoudens": [400, 400, 500, 1000], "laag_inkomen_hh": [40, 100, 50, 50],
                           "soc": [0.01, 0.02, 0.03, 0.04], "won": np.nan}, index=index)
    table = explore.indicator_table(buurten, values, cbs_year=2022, lbm_year=2020).set_index("code")
    first, second = buurten["code"]
    assert table.loc[first, "bijstand_pct"] == pytest.approx(100 * 50 / 1000)
    assert table.loc[second, "bijstand_pct"] == pytest.approx(100 * 20 / 2000)
    assert table.loc[first, "laag_inkomen_pct"] == pytest.approx(100 * 100 / 400)
    assert table.loc[second, "soc"] == pytest.approx(0.03)  # the Leefbaarometer year, not the CBS year
    assert "won" not in table.columns  # no value anywhere: not offered as an indicator
    assert explore.indicators(table) == ["kwetsbaar", "onv", "soc", "corporatie", "bijstand_pct", "laag_inkomen_pct"]


def test_correlation_matrix_is_symmetric_with_ones_on_the_diagonal():
    pairs = pd.DataFrame({"x": ["a", "a", "b"], "y": ["b", "c", "c"], "n": 5, "r": [0.5, -0.2, 0.1],
                          "ci_laag": np.nan, "ci_hoog": np.nan})
    matrix = explore.correlation_matrix(pairs)
    assert matrix.loc["b", "a"] == matrix.loc["a", "b"] == 0.5
    assert matrix.loc["c", "a"] == -0.2
    assert list(np.diag(matrix)) == [1, 1, 1]


def test_indicator_table_keeps_the_buurt_columns_and_the_developments():
    buurten = frame(kwetsbaar=[120.0, 80.0], d_kwetsbaar=[3.0, -2.0], d_onv=[0.01, np.nan])
    index = pd.MultiIndex.from_product([buurten["code"], [2022]], names=["code", "jaar"])
    # a buurt without households has no low-income rate (not an infinite one); one household is a rate
    values = pd.DataFrame({"inwoners": [1000, 1000], "bijstand": [10, 20], "huishoudens": [0, 1],
                           "laag_inkomen_hh": [5, 1]}, index=index)
    table = explore.indicator_table(buurten, values, cbs_year=2022, lbm_year=None)
    assert list(table.columns) == ["code", "naam", "gm_naam", "inwoners", "te_klein", "kwetsbaar", "d_kwetsbaar",
                                   "d_onv", "bijstand_pct", "laag_inkomen_pct"]
    assert np.isnan(table.loc[0, "laag_inkomen_pct"])
    assert table.loc[1, "laag_inkomen_pct"] == pytest.approx(100 * 1 / 1)
    assert list(table["naam"]) == ["b0", "b1"] and list(table["gm_naam"]) == ["G", "G"]
    assert list(table["inwoners"]) == [1000.0, 1000.0] and list(table["te_klein"]) == [False, False]


def test_indicator_table_without_the_years_has_only_the_buurt_indicators():
    buurten = frame(kwetsbaar=[120.0, 80.0])
    index = pd.MultiIndex.from_product([buurten["code"], [2022]], names=["code", "jaar"])
    values = pd.DataFrame({"inwoners": [1000, 1000], "bijstand": [10, 20], "huishoudens": [10, 10],
                           "laag_inkomen_hh": [5, 1], "soc": [0.1, 0.2]}, index=index)
    for cbs, lbm in ((None, None), (2020, 2020)):  # no year, or a year the panel lacks
        table = explore.indicator_table(buurten, values, cbs_year=cbs, lbm_year=lbm)
        assert explore.indicators(table) == ["kwetsbaar"]


def test_correlations_of_every_indicator_pair_by_default_and_an_empty_table_keeps_its_columns():
    table = frame(kwetsbaar=[1, 2, 3, 4, 5], onv=[1, 3, 2, 5, 4], corporatie=[5, 4, 3, 2, 1])
    pairs = explore.correlations(table)
    assert list(zip(pairs["x"], pairs["y"])) == [("kwetsbaar", "onv"), ("kwetsbaar", "corporatie"), ("onv", "corporatie")]
    assert list(pairs["r"]) == pytest.approx([0.8, -1.0, -0.8])  # corporatie = 6 − kwetsbaar
    empty = explore.correlations(table, ["kwetsbaar"])  # no pair
    assert list(empty.columns) == ["x", "y", "n", "r", "ci_laag", "ci_hoog"] and empty.empty


def test_correlation_matrix_is_labelled_by_indicator():
    pairs = pd.DataFrame({"x": ["a", "a", "b"], "y": ["b", "c", "c"], "r": [0.5, -0.2, 0.1]})
    matrix = explore.correlation_matrix(pairs)
    assert list(matrix.index) == list(matrix.columns) == ["a", "b", "c"]
    assert matrix.to_numpy().tolist() == [[1, 0.5, -0.2], [0.5, 1, 0.1], [-0.2, 0.1, 1]]
