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


# four buurten worked through every finding of `reproduction_table` by hand
FOUR = buurten(corporatie=[70.0, 90.0, 10.0, 66.0], onv=[-0.1, -0.2, 0.05, 0.0],
               inwoners=[1000.0, 3000.0, 2000.0, 2000.0], woningen=[500.0, 1000.0, 800.0, 700.0],
               d_kwetsbaar=[10.0, 5.0, 4.9, 20.0], d_onv=[-0.05, -0.021, -0.1, -0.02])


def test_every_computed_finding_says_its_figure_in_words():
    table = reproduction.reproduction_table(FOUR, Thresholds(), 2015, 2022)
    assert list(table.columns) == ["bevinding", "gepubliceerd", "periode", "berekend", "jaren", "waarom anders"]
    assert list(table["bevinding"]) == [f.finding for f in reproduction.FINDINGS]
    assert list(table["gepubliceerd"]) == [f.published for f in reproduction.FINDINGS]
    assert list(table["periode"]) == [f.period for f in reproduction.FINDINGS]
    berekend = list(table["berekend"])
    # > 2/3: 70 and 90 (66 is not): (−0,1·1000 − 0,2·3000) / 4000 = −0,175; the others (0,05·2000 + 0) / 4000 = 0,025
    assert berekend[0] == ("onv −0,175 in 2 buurten met > 2/3 corporatiebezit (meer overlast dan gemiddeld), "
                           "tegen 0,025 in de overige 2 buurten")
    assert berekend[1].startswith("niet te berekenen: psychische problematiek")
    # toename (Δ ≥ 5) and verslechterd (Δ onv < −0,02): the first two; 4000 of the 8000 inhabitants
    assert berekend[2] == "4.000 inwoners in 2 buurten (50,0% van de inwoners van 4 buurten)"
    # corporation dwellings 350, 900, 80, 462 = 1792; ≥ 60 %: 1712 (95,5 %); ≥ 80 %: 900 (50,2 %)
    assert berekend[3] == "96% in ≥ 60%, 50% in ≥ 80% (van 1.792 corporatiewoningen)"
    assert list(table["jaren"]) == ["2022", "–", "2015–2022", "2022"]
    assert all(len(why) > 20 for why in table["waarom anders"])


def test_overlast_no_higher_above_two_thirds_is_said_so():
    frame = FOUR.assign(onv=[0.1, 0.2, -0.05, 0.0])  # the high group now +0,175
    text = reproduction.reproduction_table(frame, Thresholds(), 2015, 2022)["berekend"].iloc[0]
    assert text == ("onv 0,175 in 2 buurten met > 2/3 corporatiebezit (niet meer overlast dan gemiddeld), "
                    "tegen −0,025 in de overige 2 buurten")


def test_each_missing_finding_names_what_is_missing():
    frame = FOUR.assign(corporatie=np.nan, d_kwetsbaar=np.nan)
    berekend = list(reproduction.reproduction_table(frame, Thresholds(), 2015, 2022)["berekend"])
    assert berekend[0] == "niet te berekenen: geen buurt met meer dan 2/3 corporatiebezit én een Leefbaarometer-score"
    assert berekend[2] == "niet te berekenen: de ontwikkeling van kwetsbaarheid of overlast ontbreekt"
    assert berekend[3] == "niet te berekenen: woningvoorraad of corporatiebezit per buurt ontbreekt"


def test_exactly_two_thirds_is_not_above_two_thirds_and_the_groups_count_apart():
    frame = buurten(corporatie=[200 / 3, 90.0, 10.0], onv=[-0.3, -0.2, 0.1])
    result = reproduction.overlast_by_corporatie(frame)
    assert result["hoog"] == pytest.approx(-0.2)
    assert result["overig"] == pytest.approx((-0.3 + 0.1) / 2)
    assert (result["n_hoog"], result["n_overig"]) == (1, 2)


def test_buurten_without_a_score_or_inhabitants_do_not_count():
    # without onv, with 0 inhabitants, too small: all left out; one inhabitant still counts
    frame = buurten(corporatie=[90.0, 90.0, 90.0, 90.0, 90.0], onv=[np.nan, -0.9, -0.9, -0.1, -0.2],
                    inwoners=[1000.0, 0.0, 1000.0, 1.0, 1.0], te_klein=[False, False, True, False, False])
    result = reproduction.overlast_by_corporatie(frame)
    assert result["hoog"] == pytest.approx(-0.15) and result["n_hoog"] == 2
    rose = reproduction.residents_where_both_rose(
        buurten(d_kwetsbaar=[10.0, 10.0], d_onv=[np.nan, -0.1], inwoners=[1000.0, 500.0]), Thresholds())
    assert (rose["inwoners"], rose["n"], rose["n_bekend"]) == (500, 1, 1)


def test_corporation_dwellings_need_both_figures():
    frame = buurten(woningen=[100.0, np.nan, 300.0], corporatie=[90.0, 80.0, np.nan])
    result = reproduction.corporation_dwellings_share(frame)
    assert result["corporatiewoningen"] == 90 and result["n"] == 1
    assert result["aandelen"] == {60: 100.0, 80: 100.0}


def test_one_buurt_above_two_thirds_is_enough_and_an_average_score_is_not_more_overlast():
    frame = buurten(corporatie=[90.0, 10.0, 20.0], onv=[0.0, 0.05, -0.05])
    text = reproduction.reproduction_table(frame, Thresholds(), 2015, 2022)["berekend"].iloc[0]
    # onv 0 is the national average: not more overlast than average
    assert text == ("onv 0,000 in 1 buurt met > 2/3 corporatiebezit (niet meer overlast dan gemiddeld), "
                    "tegen 0,000 in de overige 2 buurten")


def test_a_buurt_without_corporatiebezit_is_in_neither_group():
    frame = buurten(corporatie=[90.0, 10.0, np.nan], onv=[-0.1, 0.1, -0.9])
    result = reproduction.overlast_by_corporatie(frame)
    assert (result["n_hoog"], result["n_overig"]) == (1, 1) and result["overig"] == pytest.approx(0.1)
