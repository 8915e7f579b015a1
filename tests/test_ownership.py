"""How an area's ownership is worded: from its dwelling-weighted corporatiebezit and the params'
thresholds (issue 11, defect 4: 'overwegend particulier' was printed for 55 % and 46 %)."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from veerkracht_lib.analysis.areas import find_areas, ownership
from veerkracht_lib.analysis.matrix import area_rows, atelier_ranking, emphasis
from veerkracht_lib.config import ConfigError, Thresholds, parse_config

T = Thresholds()  # corporatiebuurt 60, overwegend particulier below 40


@pytest.mark.parametrize(("corporatie", "expected"), [
    (79.0, "corporatiebuurt"), (60.0, "corporatiebuurt"), (59.9, "gemengd bezit"), (55.0, "gemengd bezit"),
    (46.0, "gemengd bezit"), (40.0, "gemengd bezit"), (39.9, "overwegend particulier"), (0.0, "overwegend particulier"),
    (np.nan, "bezit onbekend"),
])
def test_ownership_follows_the_share_and_the_default_thresholds(corporatie, expected):
    assert ownership(corporatie, T.corporatiebuurt, T.particulier) == expected


def test_ownership_follows_the_params():
    own = Thresholds(corporatie=(20, 40, 60, 80), corporatiebuurt=80, particulier=20)
    assert [ownership(x, own.corporatiebuurt, own.particulier) for x in (85.0, 79.0, 21.0, 19.0)] == [
        "corporatiebuurt", "gemengd bezit", "gemengd bezit", "overwegend particulier"]


def test_the_private_threshold_defaults_to_the_edge_below_the_corporatiebuurt_one():
    assert Thresholds().particulier == 40  # edges 20/40/60/80, corporatiebuurt 60
    assert Thresholds(corporatiebuurt=40).particulier == 20
    assert Thresholds(corporatie=(10, 30, 50, 70), corporatiebuurt=50).particulier == 30


def test_a_private_threshold_at_or_above_the_corporatiebuurt_one_is_refused():
    with pytest.raises(ConfigError, match=r"particulier \(60\) moet lager zijn dan corporatiebuurt \(60\); pas een"):
        parse_config({"title": "t", "gemeenten": ["GM0001"], "thresholds": {"particulier": 60}}, slug="t")


def row_of_buurten(shares_and_dwellings):
    """One row of adjacent 100 m buurten with their corporatiebezit (%) and dwellings, all in one class."""
    n = len(shares_and_dwellings)
    return gpd.GeoDataFrame({
        "code": [f"BU0001{i:04d}" for i in range(n)], "naam": [f"B{i}" for i in range(n)], "gm_naam": "Een",
        "inwoners": 1000, "woningen": [w for _, w in shares_and_dwellings],
        "corporatie": [s for s, _ in shares_and_dwellings], "klasse": "x", "te_klein": False,
    }, geometry=[box(100 * i, 0, 100 * (i + 1), 100) for i in range(n)], crs=28992)


def test_an_area_of_55_percent_is_mixed_not_mostly_private():
    # 100 dwellings at 70 % and 100 at 40 %: (70 + 40) / 2 = 55 % corporatiebezit
    areas = find_areas(row_of_buurten([(70.0, 100), (40.0, 100)]), "klasse", ["x"], "focus", T.corporatiebuurt, particulier=T.particulier)
    assert areas.loc[0, "corporatie"] == pytest.approx(55.0)
    assert areas.loc[0, "bezit"] == "gemengd bezit" and not areas.loc[0, "corporatiebuurt"]


def test_the_atelier_list_words_ownership_from_the_share():
    # 300 dwellings at 30 % and 100 at 94 %: (90 + 94) / 400 = 46 %
    areas = find_areas(row_of_buurten([(30.0, 300), (94.0, 100)]), "klasse", ["x"], "focus", T.corporatiebuurt, particulier=T.particulier)
    assert areas.loc[0, "corporatie"] == pytest.approx(46.0)
    buurten = row_of_buurten([(30.0, 300), (94.0, 100)]).assign(
        focus="focusgebied: meer overlast, veel kwetsbaren", veerkracht="weinig veerkracht")
    rows = area_rows(buurten, areas, "focus", "veerkracht", T.corporatiebuurt, focus_kind="focus",
                     particulier=T.particulier)
    assert rows.loc[0, "bezit"] == "gemengd bezit"
    assert atelier_ranking(rows).loc[1, "reden"] == "focusgebied, weinig veerkracht, gemengd bezit"


def test_private_stock_emphasis_uses_the_params_threshold():
    # 35 % is mostly private under the default (< 40) but not when the params say < 30
    assert emphasis(True, "stabiel", 35.0, 60).type == "focus, vooral particulier bezit"
    assert emphasis(True, "stabiel", 35.0, 60, particulier=30).type == "focus"
