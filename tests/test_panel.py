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
    assert panel.matching.loc[2014].to_dict() == {"exact": 1, "geinterpoleerd": 3}
    assert panel.matching.loc[2022].to_dict() == {"exact": 4, "geinterpoleerd": 0}
    assert panel.year(2014).loc["BU00010005", "inwoners"] == pytest.approx(1000)
    assert panel.years == [2014, 2022]
