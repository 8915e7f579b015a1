"""Areas: contiguous buurten of one class, their names, inhabitants and dwelling-weighted corporatiebezit."""
import numpy as np
import pytest

from unit_frames import grid
from veerkracht_lib.analysis.areas import AREA_COLUMNS, find_areas, ownership

CODES = [f"BU0001000{i}" for i in range(1, 7)]


@pytest.fixture
def frame():
    # 3 × 2 squares:  row 0: 01 02 03 / row 1: 04 05 06;  02 and 06 touch at one corner (queen)
    frame = grid(CODES, ["GM0001"] * 5 + ["GM0002"], columns=3)
    frame["klasse"] = ["X", "X", "Y", "Y", "Z", "X"]
    frame["inwoners"] = [100, 300, 200, np.nan, 10, 50]
    frame["woningen"] = [100, 200, 0, 10, 5, 1000]
    frame["corporatie"] = [80, 50, 30, 59.99, 0, np.nan]
    return frame


@pytest.mark.filterwarnings("error")  # an area without dwellings has no corporatiebezit: no division by zero
def test_areas_by_hand(frame):
    areas = find_areas(frame, "klasse", ["X", "Y"], "focus", corporatiebuurt=60)
    assert list(areas.columns) == AREA_COLUMNS
    # X: 01, 02, 06 (corner): 450 inhabitants; Y: 03 and 04 do not touch, two areas (200 and 0)
    assert areas["gebied"].tolist() == ["F1", "F2", "F3"]
    assert areas["buurten"].tolist() == [f"{CODES[0]}, {CODES[1]}, {CODES[5]}", CODES[2], CODES[3]]
    assert areas["inwoners"].tolist() == [450, 200, 0]
    assert areas["n_buurten"].tolist() == [3, 1, 1]
    assert areas["klasse"].tolist() == ["X", "Y", "Y"] and set(areas["kaart"]) == {"focus"}
    # named after its two largest buurten and the gemeente with most inhabitants (Een 400 against Twee 50)
    assert areas["naam"].tolist() == ["Buurt 02 / Buurt 01 (Een)", "Buurt 03 (Een)", "Buurt 04 (Een)"]
    assert areas["gm_naam"].tolist() == ["Een", "Een", "Een"]
    assert areas["gemeenten"].tolist() == ["Een, Twee", "Een", "Een"]
    # corporatiebezit weighted by dwellings with a value: (80·100 + 50·200) / 300 = 60 → a corporatiebuurt
    assert areas["corporatie"].iloc[0] == pytest.approx(60)
    assert np.isnan(areas["corporatie"].iloc[1])  # no dwellings
    assert areas["corporatie"].iloc[2] == pytest.approx(59.99)
    assert areas["corporatiebuurt"].tolist() == [True, False, False]
    assert areas.geometry.area.tolist() == pytest.approx([3e6, 1e6, 1e6])
    assert areas.crs == frame.crs
    one = find_areas(frame.assign(woningen=[100, 200, 0, 10, 1, 1000]), "klasse", ["Z"], "focus", corporatiebuurt=60)
    assert one["corporatie"].tolist() == [0.0]  # one dwelling is enough for a share


def test_area_of_several_gemeenten_is_named_after_the_largest(frame):
    frame["inwoners"] = [10, 20, 200, 0, 10, 500]
    areas = find_areas(frame, "klasse", ["X"], "veerkracht", corporatiebuurt=60)
    assert areas["naam"].tolist() == ["Buurt 06 / Buurt 02 (Twee)"]
    assert areas["gebied"].tolist() == ["V1"]


def test_equal_inhabitants_sort_by_name_and_names_are_not_repeated(frame):
    frame["naam"] = ["Oost", "Oost", "Zuid", "Noord", "x", "Aa"]
    frame["inwoners"] = [100, 100, 100, 100, 1, 100]
    areas = find_areas(frame, "klasse", ["X"], "focus", corporatiebuurt=60)
    assert areas["naam"].tolist() == ["Aa / Oost (Een)"]
    areas = find_areas(frame, "klasse", ["Y"], "focus", corporatiebuurt=60)
    assert areas["naam"].tolist() == ["Noord (Een)", "Zuid (Een)"]  # equal inhabitants: by name


def test_every_class_and_every_large_enough_group_is_looked_at(frame):
    frame["klasse"] = ["W", "Z", "W", "Z", "Z", "W"]  # W: 01 alone, 03 and 06 together
    areas = find_areas(frame, "klasse", ["Q", "W"], "focus", corporatiebuurt=60, min_buurten=2)
    assert areas["buurten"].tolist() == [f"{CODES[2]}, {CODES[5]}"]


def test_queen_neighbours_need_the_shapes_to_touch_not_their_boxes():
    import geopandas as gpd
    from shapely.geometry import Polygon

    from veerkracht_lib.analysis.areas import queen_neighbours

    # two triangles whose bounding boxes overlap while the triangles do not touch
    shapes = gpd.GeoSeries([Polygon([(0, 0), (10, 0), (0, 10)]), Polygon([(10, 10), (10, 4), (4, 10)])])
    rows, neighbours = queen_neighbours(shapes)
    assert len(rows) == 0 and len(neighbours) == 0


def test_min_buurten_and_no_areas(frame):
    areas = find_areas(frame, "klasse", ["X", "Y"], "focus", corporatiebuurt=60, min_buurten=2)
    assert areas["buurten"].tolist() == [f"{CODES[0]}, {CODES[1]}, {CODES[5]}"]
    none = find_areas(frame, "klasse", ["Q"], "focus", corporatiebuurt=60)
    assert none.empty and list(none.columns) == AREA_COLUMNS and none.crs == frame.crs


@pytest.mark.parametrize("corporatie, corporatiebuurt, particulier, expected", [
    # corporatiebuurt from the threshold on (≥), overwegend particulier strictly below particulier (33a0f81)
    (60.0, 60, 40, "corporatiebuurt"), (59.99, 60, 40, "gemengd bezit"), (55.0, 60, 40, "gemengd bezit"),
    (40.0, 60, 40, "gemengd bezit"), (39.99, 60, 40, "overwegend particulier"), (0.0, 60, 40, "overwegend particulier"),
    (46.0, 50, 45, "gemengd bezit"), (44.0, 50, 45, "overwegend particulier"), (50.0, 50, 45, "corporatiebuurt"),
    (float("nan"), 60, 40, "bezit onbekend"),
])
def test_ownership_in_words(corporatie, corporatiebuurt, particulier, expected):
    assert ownership(corporatie, corporatiebuurt, particulier) == expected
