"""Queen contiguity, the areas built on it, and Moran's I (methodology §5 and the samenhang section)."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from veerkracht_lib.analysis.areas import find_areas, queen_neighbours
from veerkracht_lib.analysis.samenhang import morans_i


def grid(n: int = 4, island: bool = True) -> gpd.GeoDataFrame:
    """n × n squares of 100 m (row-major, codes BU00rrcc), plus one island far away."""
    cells = [(r, c) for r in range(n) for c in range(n)]
    frame = gpd.GeoDataFrame(
        {"code": [f"BU00{r:02d}{c:02d}" for r, c in cells], "naam": [f"Buurt {r}-{c}" for r, c in cells]},
        geometry=[box(150000 + 100 * c, 450000 + 100 * r, 150100 + 100 * c, 450100 + 100 * r) for r, c in cells],
        crs=28992,
    )
    if island:
        frame.loc[len(frame)] = ["BU009999", "Eiland", box(160000, 460000, 160100, 460100)]
    frame["gm_naam"] = "Gemeente"
    frame["inwoners"] = 1000
    frame["woningen"] = 400
    frame["corporatie"] = 30.0
    frame["te_klein"] = False
    return frame


def test_queen_neighbours_include_corners_and_leave_the_island_alone():
    frame = grid(3)
    rows, neighbours = queen_neighbours(frame.geometry)
    pairs = set(zip(rows.tolist(), neighbours.tolist()))
    assert (0, 4) in pairs and (4, 0) in pairs  # corner to corner: queen, not rook
    assert sum(1 for r, _ in pairs if r == 4) == 8  # the centre touches all eight others
    assert not any(9 in pair for pair in pairs)  # the island
    assert len(pairs) == 2 * (6 + 6 + 8)  # 3 × 3 grid: 12 edge neighbours and 8 corner neighbours


def test_queen_neighbours_match_libpysal_on_an_irregular_coverage():
    from libpysal.graph import Graph

    points = gpd.GeoSeries(gpd.points_from_xy(*np.random.default_rng(1).uniform(0, 1000, (2, 60))), crs=28992)
    cells = gpd.GeoSeries(points.voronoi_polygons().clip(box(0, 0, 1000, 1000)).explode().to_numpy(), crs=28992)
    rows, neighbours = queen_neighbours(cells)
    adjacency = Graph.build_contiguity(cells, rook=False).adjacency
    expected = {(i, j) for (i, j), w in adjacency.items() if w > 0}
    assert set(zip(rows.tolist(), neighbours.tolist())) == expected


def test_areas_are_contiguous_groups_of_one_class():
    frame = grid(4)
    column = np.where(frame["code"].isin(["BU000000", "BU000001", "BU000102", "BU000303", "BU009999"]), "focus", "-")
    areas = find_areas(frame.assign(klasse=column), "klasse", ["focus"], "focus", corporatiebuurt=60)
    groups = sorted(areas["buurten"])
    # 0-0, 0-1 and (diagonally) 1-2 form one area; 3-3 and the island stand alone
    assert groups == ["BU000000, BU000001, BU000102", "BU000303", "BU009999"]
    assert areas["n_buurten"].sum() == 5
    assert not areas["corporatiebuurt"].any()  # 30 % corporatiebezit


def test_morans_i_sees_clusters_and_checkerboards_and_counts_the_island():
    frame = grid(8)
    rows = frame["code"].str[4:6].astype(int)
    cols = frame["code"].str[6:8].astype(int)
    clustered = morans_i(frame.assign(x=np.where(cols < 4, 1.0, 0.0)), "x")
    checker = morans_i(frame.assign(x=((rows + cols) % 2).astype(float)), "x")
    assert clustered["n"] == checker["n"] == 65  # the island counts, without neighbours
    assert clustered["I"] > 0.5 and clustered["p"] < 0.05
    assert checker["I"] < 0  # queen neighbours of a checkerboard: 4 alike corners, 4 unlike edges
    assert morans_i(frame.assign(x=np.nan), "x")["n"] == 0


@pytest.mark.parametrize("seed", [12345, 7])
def test_morans_i_is_deterministic(seed):
    frame = grid(6).assign(x=np.random.default_rng(0).normal(size=37))
    assert morans_i(frame, "x", seed=seed) == morans_i(frame, "x", seed=seed)
