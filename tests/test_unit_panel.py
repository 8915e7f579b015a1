"""The panel: percentages as counts, exact matches, merges, scores joined by code, position or name.

(Splits are the other session's part of issue 11: their rule is changing.)
"""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from unit_frames import CRS
from veerkracht_lib.analysis.panel import _same_names, area_interpolate, build_panel, exact_matches, match_scores, move_counts, to_counts


def squares(specs):
    """code -> ((x0, y0, x1, y1) in km, {column: value})."""
    return gpd.GeoDataFrame([{"code": c, "geometry": box(x0 * 1000, y0 * 1000, x1 * 1000, y1 * 1000), **v}
                             for c, ((x0, y0, x1, y1), v) in specs.items()], geometry="geometry", crs=CRS)


def test_percentages_become_counts():
    frame = pd.DataFrame({"inwoners": [1000.0], "huishoudens": [400.0], "woningen": [500.0], "bijstand": [50.0],
                          "laag_inkomen_pct": [10.0], "corporatie_pct": [60.0], "niet_westers_pct": [15.0]})
    counts = to_counts(frame).iloc[0].to_dict()
    # 10 % of 400 households, 60 % of 500 dwellings, 15 % of 1000 inhabitants
    assert counts == pytest.approx({"inwoners": 1000, "huishoudens": 400, "woningen": 500, "bijstand": 50,
                                    "laag_inkomen_hh": 40, "corporatie_won": 300, "niet_westers": 150})
    assert to_counts(frame.set_axis(["BU01"])).loc["BU01", "corporatie_won"] == pytest.approx(300)
    bare = to_counts(pd.DataFrame({"inwoners": [10.0]})).iloc[0]
    assert bare["inwoners"] == 10 and bare[["huishoudens", "laag_inkomen_hh", "corporatie_won"]].isna().all()


def test_exact_match_tolerates_one_percent_of_the_area():
    source = squares({"A": ((0, 0, 1, 1), {}), "B": ((0, 0, 1, 1), {}), "C": ((0, 0, 1, 1), {}),
                      "D": ((0, 0, 1, 1), {}), "X": ((5, 5, 6, 6), {})})
    target = squares({"A": ((0, 0, 1, 1), {}),
                      "B": ((0.005, 0, 1.005, 1), {}),   # shifted 5 m: symmetric difference 2 × 5 000 m² = 1 %
                      "C": ((0.006, 0, 1.006, 1), {}),   # 6 m: 1,2 %
                      "D": ((0, 0, 1.02, 1), {}),        # 2 % larger
                      "E": ((0, 0, 1, 1), {})})          # a new code
    assert sorted(exact_matches(source, target)) == ["A", "B"]
    # exactly at the limit, in whole metres: a 5 m shift (2 × 5 000 m²) and a buurt 1 % smaller than the
    # target (10 000 of 1 000 000 m²)
    source = gpd.GeoDataFrame({"code": ["B", "D"]}, geometry=[box(0, 0, 1000, 1000), box(0, 0, 1000, 990)], crs=CRS)
    target = gpd.GeoDataFrame({"code": ["B", "D"]}, geometry=[box(5, 0, 1005, 1000), box(0, 0, 1000, 1000)], crs=CRS)
    assert sorted(exact_matches(source, target)) == ["B", "D"]
    assert exact_matches(source, squares({"Q": ((0, 0, 1, 1), {})})).empty


def test_merged_buurten_add_up_and_suppression_is_not_zero():
    source = squares({"A": ((0, 0, 1, 1), {"inwoners": 1000.0, "bijstand": 40.0, "woningen": 500.0}),
                      "B": ((1, 0, 2, 1), {"inwoners": 500.0, "bijstand": 10.0, "woningen": np.nan}),
                      "C": ((2, 0, 3, 1), {"inwoners": 300.0, "bijstand": 5.0, "woningen": 100.0})})
    target = squares({"AB": ((0, 0, 2, 1), {}), "C": ((2, 0, 3, 1), {})})
    moved, exact = move_counts(source, target)
    assert exact == 1
    assert moved.loc["C"].to_dict() == {"inwoners": 300, "bijstand": 5, "woningen": 100}
    assert moved.loc["AB", "inwoners"] == pytest.approx(1500)
    assert moved.loc["AB", "bijstand"] == pytest.approx(50)
    assert np.isnan(moved.loc["AB", "woningen"])  # half of it would come from a suppressed buurt
    assert moved.index.name == "code"


def test_scores_join_by_code_then_name():
    target = squares({"BU01": ((0, 0, 1, 1), {}), "BU02": ((1, 0, 2, 1), {}), "BU03": ((2, 0, 3, 1), {}),
                      "BU04": ((3, 0, 4, 1), {})}).assign(naam=["Centrum", "Oud-West", "Dorp", "Veld"])
    scores = pd.DataFrame({"code": ["BU01", "OLD2", "OLD3", "OLD3b", "OLD4", "OLD9"],
                           "naam": ["Centrum", "oud west", "Dorp", "Dorp", "Veldje", "Elders"],
                           "jaar": [2020] * 6, "onv": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]})
    joined, how = match_scores(scores, None, target)
    assert how == {"code": 1, "positie": 0, "naam": 1, "niet": 2}  # "Dorp" twice in the scores: not joined
    assert joined.loc[("BU01", 2020), "onv"] == 0.1
    assert joined.loc[("BU02", 2020), "onv"] == 0.2  # "Oud-West" = "oud west"
    assert sorted(joined.index.get_level_values("code")) == ["BU01", "BU02"]


def test_same_names_need_one_of_each():
    # S1 has two years; "C" is twice in the scores; "D" is twice among the target buurten
    scores = pd.DataFrame({"code": ["S1", "S2", "S3", "S1", "S4"], "naam": ["A b.", "C", "C", "A b.", "D"],
                           "jaar": [2020, 2020, 2020, 2022, 2020]})
    rest = pd.DataFrame({"code": ["T1", "T2", "T3", "T4"], "naam": ["a-B", "C", "D", "D"]})
    assert _same_names(scores, rest) == {"S1": "T1"}


def test_scores_join_by_position_area_weighted():
    target = squares({"BU01": ((0, 0, 2, 1), {})}).assign(naam=["Nieuw"])
    geometry = squares({"OLD1": ((0, 0, 1, 1), {}), "OLD2": ((1, 0, 2, 1), {}), "OLD3": ((0, 0, 2, 1), {})})
    scores = pd.DataFrame({"code": ["OLD1", "OLD2", "OLD3"], "jaar": [2020, 2020, 2022],
                           "onv": [0.1, 0.3, 0.5], "lbm": [np.nan, 4.0, np.nan]})
    joined, how = match_scores(scores, geometry, target)
    assert how == {"code": 0, "positie": 1, "naam": 0, "niet": 0}
    assert joined.loc[("BU01", 2020), "onv"] == pytest.approx(0.2)  # half of each
    assert joined.loc[("BU01", 2022), "onv"] == pytest.approx(0.5)
    assert joined.loc[("BU01", 2020), "lbm"] == pytest.approx(4.0)  # from the one buurt that has it


def test_build_panel_joins_figures_own_index_and_scores():
    target = squares({"BU01": ((0, 0, 1, 1), {}), "BU02": ((1, 0, 2, 1), {})}).assign(
        naam=["Een", "Twee"], wk_code="WK01", gm_code="GM0001", gm_naam="Gem")
    year = target.assign(inwoners=[100.0, 200.0], laag_inkomen_pct=[10.0, 20.0], huishoudens=[50.0, 100.0])
    own = pd.DataFrame({"code": ["BU01", "BU02", "BU01"], "jaar": [2022, 2022, 2014], "kwetsbaar": [90.0, 110.0, 1.0]})
    scores = pd.DataFrame({"code": ["BU02"], "jaar": [2018], "onv": [0.3]})
    p = build_panel(target.iloc[::-1], {2022: year}, scores, None, pd.DataFrame(), own)
    assert p.buurten["code"].tolist() == ["BU01", "BU02"]  # sorted
    assert list(p.buurten.columns) == ["code", "naam", "wk_code", "wk_naam", "gm_code", "gm_naam", "geometry"]
    assert p.buurten["wk_naam"].isna().all()  # no wijk names given: unknown, not invented
    assert p.years == [2018, 2022]
    assert p.years_with("inwoners") == [2022] and p.years_with("onv") == [2018] and p.years_with("zzz") == []
    assert p.year(2022)["laag_inkomen_hh"].tolist() == pytest.approx([5, 20])  # 10 % of 50, 20 % of 100
    assert p.year(2022)["kwetsbaar_eigen"].tolist() == [90, 110]
    assert p.year(2018).loc["BU02", "onv"] == 0.3 and np.isnan(p.year(2018).loc["BU01", "onv"])
    assert p.year(2000).isna().all().all() and list(p.year(2000).index) == ["BU01", "BU02"]
    # both target buurten are in the 2022 buurtkaart by code: 2 exact, none interpolated, none without figures
    assert p.matching.loc[2022].to_dict() == {"exact": 2, "geinterpoleerd": 0, "ontbrekend": 0}
    # a third target buurt far from every 2022 buurt gets no inhabitants: it counts as 'ontbrekend' (277c889)
    far = squares({"BU03": ((5, 0, 6, 1), {})}).assign(naam="Drie", wk_code="WK01", gm_code="GM0001", gm_naam="Gem")
    wider = build_panel(pd.concat([target, far]), {2022: year}, None, None, pd.DataFrame())
    assert wider.matching.loc[2022].to_dict() == {"exact": 2, "geinterpoleerd": 0, "ontbrekend": 1}
    assert p.score_matching == {"code": 1, "positie": 0, "naam": 0, "niet": 1}
    assert build_panel(target, {2022: year}, None, None, pd.DataFrame()).score_matching == {}
    assert build_panel(target, {2022: year}, scores.iloc[0:0], None, pd.DataFrame()).score_matching == {}


def test_area_interpolation_of_counts_and_scores_by_hand():
    # source A (2 × 1 km) lies half in target T1 and half in T2; source B (1 × 1 km) a quarter in T2
    source = squares({"A": ((0, 0, 2, 1), {"n": 100.0, "s": 10.0}), "B": ((2, 0, 3, 1), {"n": 40.0, "s": 30.0})})
    target = squares({"T1": ((0, 0, 1, 1), {}), "T2": ((1, 0, 2.25, 1), {}), "T3": ((9, 9, 10, 10), {})})
    moved = area_interpolate(source, target, extensive=["n"], intensive=["s"])
    # counts: T1 gets 1/2 of A = 50; T2 gets 1/2 of A + 1/4 of B = 50 + 10 = 60; T3 overlaps nothing: 0
    assert moved["n"].tolist() == pytest.approx([50, 60, 0])
    # scores: T1 is all A (10); T2 is 1 km² of A and 0,25 km² of B: (1 × 10 + 0,25 × 30) / 1,25 = 14;
    # T3: no score buurt overlaps it, so no score (not 0)
    assert moved["s"].iloc[:2].tolist() == pytest.approx([10, 14])
    assert np.isnan(moved["s"].iloc[2])


def test_a_moved_count_needs_half_the_target_covered_and_at_most_five_percent_suppressed():
    source = squares({
        "S1": ((0, 0, 1, 1), {"inwoners": 1000.0, "bijstand": 20.0}),        # covers exactly half of T1
        "S2": ((10, 0, 10.99, 1), {"inwoners": 990.0, "bijstand": 20.0}),    # 49,5 % of T2
        "U1": ((20, 0, 20.95, 1), {"inwoners": 950.0, "bijstand": 10.0}),    # 95 % of U ...
        "U2": ((20.95, 0, 21, 1), {"inwoners": 50.0, "bijstand": np.nan}),   # ... and exactly 5 % suppressed
        "V1": ((30, 0, 30.94, 1), {"inwoners": 940.0, "bijstand": 10.0}),    # 94 % of V ...
        "V2": ((30.94, 0, 31, 1), {"inwoners": 60.0, "bijstand": np.nan}),   # ... and 6 % suppressed
    })
    target = squares({"T1": ((0, 0, 2, 1), {}), "T2": ((10, 0, 12, 1), {}), "U": ((20, 0, 21, 1), {}),
                      "V": ((30, 0, 31, 1), {})})
    moved, exact = move_counts(source, target)
    assert exact == 0
    assert moved.loc["T1", "inwoners"] == pytest.approx(1000)     # 50 % covered: enough
    assert moved.loc["T2"].isna().all()                           # 49,5 %: too little
    assert moved.loc["U", "inwoners"] == pytest.approx(1000)
    assert moved.loc["U", "bijstand"] == pytest.approx(10)        # 5 % suppressed: the rest, the gap not filled
    assert moved.loc["V", "inwoners"] == pytest.approx(1000)
    assert np.isnan(moved.loc["V", "bijstand"])                   # 6 %: missing


def test_a_source_buurt_gives_a_changed_target_the_share_of_its_own_area():
    # B is halved; its other half lies outside the target map: B1 gets half of B, not all of it
    source = squares({"A": ((0, 0, 1, 1), {"inwoners": 1000.0}), "B": ((1, 0, 3, 1), {"inwoners": 2000.0})})
    target = squares({"A": ((0, 0, 1, 1), {}), "B1": ((1, 0, 2, 1), {})})
    moved, exact = move_counts(source, target)
    assert exact == 1 and moved.loc["A", "inwoners"] == 1000
    assert moved.loc["B1", "inwoners"] == pytest.approx(1000)


def test_overlays_in_two_threads_keep_the_row_order():
    """Large arrays go to two threads; each result must stay with its own pair of polygons."""
    import shapely

    from veerkracht_lib.analysis.panel import in_threads

    n = 501  # above the threshold, odd: the halves differ in size
    left = shapely.box(np.arange(n), 0, np.arange(n) + 1, 1)
    right = shapely.box(np.arange(n) + 0.5, 0, np.arange(n) + 1.5, 1 + np.arange(n))  # overlap 0,5 × 1 each
    assert shapely.area(in_threads(shapely.intersection, left, right)).tolist() == [0.5] * n
    widths = shapely.bounds(in_threads(shapely.union, left, right))[:, 3]
    assert widths.tolist() == (1.0 + np.arange(n)).tolist()  # row i keeps its own height 1 + i
