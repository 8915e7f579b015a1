"""Harmonisation across years: unchanged buurten exact, changed ones by areal interpolation of counts."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from veerkracht_lib.analysis.panel import build_panel, move_counts


def squares(specs):
    """specs: code -> (x0, y0, x1, y1) in km; plus counts."""
    rows = [{"code": c, "geometry": box(x0 * 1000, y0 * 1000, x1 * 1000, y1 * 1000), **vals}
            for c, ((x0, y0, x1, y1), vals) in specs.items()]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")


OLD = squares({
    "BU00010001": ((0, 0, 1, 1), {"inwoners": 1000, "bijstand": 50.0}),
    "BU00010002": ((1, 0, 3, 1), {"inwoners": 2000, "bijstand": 100.0}),   # split later
    "BU00010003": ((0, 1, 1, 2), {"inwoners": 400, "bijstand": np.nan}),   # merged later, suppressed
    "BU00010004": ((1, 1, 2, 2), {"inwoners": 600, "bijstand": 30.0}),     # merged later
})
NEW = squares({
    "BU00010001": ((0, 0, 1, 1), {}),
    "BU00010005": ((1, 0, 2, 1), {}),
    "BU00010006": ((2, 0, 3, 1), {}),
    "BU00010007": ((0, 1, 2, 2), {}),
})


def test_unchanged_buurt_is_exact_and_split_counts_are_shared_by_area():
    moved, exact = move_counts(OLD, NEW)
    assert exact == 1
    assert moved.loc["BU00010001", "inwoners"] == 1000
    assert moved.loc["BU00010005", "inwoners"] == pytest.approx(1000)
    assert moved.loc["BU00010006", "bijstand"] == pytest.approx(50)


def test_suppressed_source_makes_the_moved_count_missing_not_zero():
    moved, _ = move_counts(OLD, NEW)
    assert moved.loc["BU00010007", "inwoners"] == pytest.approx(1000)
    assert np.isnan(moved.loc["BU00010007", "bijstand"])


def test_panel_reports_exact_and_interpolated_per_year():
    target = NEW.assign(naam="x", wk_code="WK000100", gm_code="GM0001", gm_naam="Een")
    panel = build_panel(target, {2014: OLD, 2022: NEW.assign(inwoners=[1, 2, 3, 4])}, None, None, pd.DataFrame())
    assert panel.matching.loc[2014].to_dict() == {"exact": 1, "geinterpoleerd": 3, "ontbrekend": 0}
    assert panel.matching.loc[2022].to_dict() == {"exact": 4, "geinterpoleerd": 0, "ontbrekend": 0}
    assert panel.year(2014).loc["BU00010005", "inwoners"] == pytest.approx(1000)
    assert panel.years == [2014, 2022]


# -- boundary moves: uneven and three-way splits, merges (issue 11, defect 1) --------------------------
#
# Every source buurt below is a rectangle of known area (km²); a moved count is the source count times
# the share of the source's area that lies in the target, summed over the sources.

def target_of(specs):
    return squares({code: (rect, {}) for code, rect in specs.items()})


def test_uneven_split_keeps_both_parts():
    # one buurt of 1 km² (1000 inhabitants, 100 bijstand) split at x = 0,49 km
    old = squares({"BU00010001": ((0, 0, 1, 1), {"inwoners": 1000.0, "bijstand": 100.0})})
    new = target_of({"BU00010002": (0, 0, 0.49, 1), "BU00010003": (0.49, 0, 1, 1)})
    moved, exact = move_counts(old, new)
    assert exact == 0
    assert moved.loc["BU00010002", "inwoners"] == pytest.approx(1000 * 0.49)   # 490
    assert moved.loc["BU00010003", "inwoners"] == pytest.approx(1000 * 0.51)   # 510
    assert moved.loc["BU00010002", "bijstand"] == pytest.approx(100 * 0.49)    # 49
    assert moved.loc["BU00010003", "bijstand"] == pytest.approx(100 * 0.51)    # 51


def test_three_way_split_keeps_every_part():
    # a 3 × 1 km buurt of 600 inhabitants and 60 bijstand, split into widths 0,5, 1 and 1,5 km
    old = squares({"BU00010001": ((0, 0, 3, 1), {"inwoners": 600.0, "bijstand": 60.0})})
    new = target_of({"BU00010002": (0, 0, 0.5, 1), "BU00010003": (0.5, 0, 1.5, 1), "BU00010004": (1.5, 0, 3, 1)})
    moved, _ = move_counts(old, new)
    assert moved["inwoners"].to_dict() == pytest.approx(
        {"BU00010002": 600 * 0.5 / 3, "BU00010003": 600 * 1 / 3, "BU00010004": 600 * 1.5 / 3})  # 100, 200, 300
    assert moved["bijstand"].to_dict() == pytest.approx(
        {"BU00010002": 60 * 0.5 / 3, "BU00010003": 60 * 1 / 3, "BU00010004": 60 * 1.5 / 3})    # 10, 20, 30


def test_merge_adds_the_counts_of_its_parts():
    # three buurten of 1, 1 and 2 km² merged into one
    old = squares({
        "BU00010001": ((0, 0, 1, 1), {"inwoners": 400.0, "bijstand": 20.0}),
        "BU00010002": ((1, 0, 2, 1), {"inwoners": 600.0, "bijstand": 30.0}),
        "BU00010003": ((2, 0, 4, 1), {"inwoners": 250.0, "bijstand": 5.0}),
    })
    new = target_of({"BU00010009": (0, 0, 4, 1)})
    moved, _ = move_counts(old, new)
    assert moved.loc["BU00010009", "inwoners"] == pytest.approx(400 + 600 + 250)  # 1250
    assert moved.loc["BU00010009", "bijstand"] == pytest.approx(20 + 30 + 5)      # 55


def test_split_and_merge_at_once():
    # two buurten of 2 km² each (800 and 400 inhabitants) redrawn as three: the middle one takes
    # the right half of the first and the left quarter of the second
    old = squares({
        "BU00010001": ((0, 0, 2, 1), {"inwoners": 800.0}),
        "BU00010002": ((2, 0, 4, 1), {"inwoners": 400.0}),
    })
    new = target_of({"BU00010005": (0, 0, 1, 1), "BU00010006": (1, 0, 2.5, 1), "BU00010007": (2.5, 0, 4, 1)})
    moved, _ = move_counts(old, new)
    assert moved["inwoners"].to_dict() == pytest.approx({
        "BU00010005": 800 * 1 / 2,                    # 400
        "BU00010006": 800 * 1 / 2 + 400 * 0.5 / 2,    # 400 + 100 = 500
        "BU00010007": 400 * 1.5 / 2,                  # 300
    })


def test_unchanged_neighbour_gives_only_its_overlap_to_a_changed_buurt():
    # BU1 keeps its code and (within 1 %) its shape; the new BU3 replaces BU2 and takes a 0,005 km²
    # sliver of BU1: BU3 = 500 + 1000 × 0,005 inhabitants, not all of BU1's 1000
    old = squares({
        "BU00010001": ((0, 0, 1, 1), {"inwoners": 1000.0}),
        "BU00010002": ((1, 0, 2, 1), {"inwoners": 500.0}),
    })
    new = target_of({"BU00010001": (0, 0, 0.995, 1), "BU00010003": (0.995, 0, 2, 1)})
    moved, exact = move_counts(old, new)
    assert exact == 1
    assert moved.loc["BU00010001", "inwoners"] == 1000
    assert moved.loc["BU00010003", "inwoners"] == pytest.approx(500 + 1000 * 0.005)  # 505


def test_target_mostly_outside_the_source_data_gets_no_counts():
    # only 0,4 of the new buurt's 1 km² lies in the old map: too little to estimate it
    old = squares({"BU00010001": ((0, 0, 1, 1), {"inwoners": 1000.0})})
    new = target_of({"BU00010002": (0.6, 0, 1.6, 1), "BU00010003": (0, 0, 0.6, 1)})
    moved, _ = move_counts(old, new)
    assert np.isnan(moved.loc["BU00010002", "inwoners"])
    assert moved.loc["BU00010003", "inwoners"] == pytest.approx(1000 * 0.6)


def test_matching_counts_only_interpolated_buurten_that_got_figures():
    # of the three new buurten one lies outside the old map: 1 interpolated, 1 without figures
    old = squares({"BU00010001": ((0, 0, 1, 1), {"inwoners": 1000.0}),
                   "BU00010002": ((1, 0, 2, 1), {"inwoners": 500.0})})
    new = target_of({"BU00010001": (0, 0, 1, 1), "BU00010004": (1, 0, 2, 1.2), "BU00010005": (5, 0, 6, 1)})
    target = new.assign(naam="x", wk_code="WK000100", gm_code="GM0001", gm_naam="Een")
    panel = build_panel(target, {2014: old}, None, None, pd.DataFrame())
    assert panel.matching.loc[2014].to_dict() == {"exact": 1, "geinterpoleerd": 1, "ontbrekend": 1}
    # 1,2 km²: 1 km² of BU2 (500) → 500, and coverage 1/1,2 ≥ 0,5
    assert panel.year(2014).loc["BU00010004", "inwoners"] == pytest.approx(500)
