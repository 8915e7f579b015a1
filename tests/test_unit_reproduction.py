"""The checks of the national research (methodology §8), against arithmetic done by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis import reproduction
from veerkracht_lib.config import Thresholds


def buurten(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    defaults = {"te_klein": [False] * n, "inwoners": [1000.0] * n, "woningen": [500.0] * n, "corporatie": [50.0] * n,
                "onv": [0.0] * n, "d_kwetsbaar": [0.0] * n, "d_onv": [0.0] * n}
    return pd.DataFrame({**defaults, **columns})


def test_overlast_in_buurten_above_two_thirds_corporatiebezit_is_weighted_by_inhabitants():
    frame = buurten(corporatie=[70.0, 90.0, 10.0, 66.0], onv=[-0.1, -0.2, 0.05, 0.0], inwoners=[1000.0, 3000.0, 2000.0, 2000.0])
    result = reproduction.overlast_by_corporatie(frame)
    assert result["hoog"] == pytest.approx((-0.1 * 1000 + -0.2 * 3000) / 4000)  # −0,175
    assert result["overig"] == pytest.approx((0.05 * 2000 + 0.0 * 2000) / 4000)
    assert (result["n_hoog"], result["n_overig"]) == (2, 2)


def test_residents_where_vulnerability_rose_and_overlast_worsened_use_the_class_edges():
    frame = buurten(d_kwetsbaar=[10, 5, 4.9, 20, np.nan], d_onv=[-0.05, -0.021, -0.1, -0.02, -0.1],
                    inwoners=[1000.0, 500.0, 700.0, 800.0, 900.0])
    result = reproduction.residents_where_both_rose(frame, Thresholds())  # toename ≥ 5, verslechterd < −0,02
    assert result["inwoners"] == 1000 + 500
    assert result["aandeel"] == pytest.approx(100 * 1500 / (1000 + 500 + 700 + 800))  # the unknown buurt is not counted
    assert (result["n"], result["n_bekend"]) == (2, 4)


def test_share_of_corporation_dwellings_by_corporatiebezit_of_their_buurt():
    frame = buurten(woningen=[100.0, 200.0, 300.0, np.nan], corporatie=[90.0, 60.0, 10.0, 100.0])
    result = reproduction.corporation_dwellings_share(frame)
    total = 90 + 120 + 30  # woningen × corporatiebezit
    assert result["aandelen"][60] == pytest.approx(100 * (90 + 120) / total)
    assert result["aandelen"][80] == pytest.approx(100 * 90 / total)
    assert result["corporatiewoningen"] == total


def test_a_finding_without_data_says_it_cannot_be_computed_not_zero():
    frame = buurten(d_kwetsbaar=[np.nan, np.nan], d_onv=[0.1, -0.1], corporatie=[np.nan, np.nan])
    table = reproduction.reproduction_table(frame, Thresholds(), 2015, 2022).set_index("bevinding")
    computed = table["berekend"]
    assert all(text.startswith("niet te berekenen") for text in computed), computed.tolist()
    assert len(table) == len(reproduction.FINDINGS)
    assert table["gepubliceerd"].str.len().gt(0).all()
