"""The population-weighted correlation and its Fisher-z interval, the corporatiebezit groups, Moran's I."""
import math

import numpy as np
import pandas as pd
import pytest

from unit_frames import grid
from veerkracht_lib.analysis.samenhang import (
    confidence_interval,
    corporatie_klasse,
    correlation_row,
    means_by_corporatie,
    morans_i,
    samenhang_table,
    weighted_correlation,
)
from veerkracht_lib.config import Thresholds

X, Y, W = pd.Series([0.0, 1, 2, 3]), pd.Series([0.0, 2, 1, 3]), pd.Series([1.0, 1, 1, 2])
# weighted means (0 + 1 + 2 + 2·3) / 5 = 1,8 for both; deviations x (−1,8 −0,8 0,2 1,2), y (−1,8 0,2 −0,8 1,2)
# cov (3,24 − 0,16 − 0,16 + 2·1,44) / 5 = 1,16; var (3,24 + 0,64 + 0,04 + 2·1,44) / 5 = 1,36 → r = 1,16 / 1,36
R_WEIGHTED = 1.16 / 1.36  # unweighted it would be 1 / 1,25 = 0,8
Z95 = 1.959964  # the 97,5 % point of the standard normal


def test_weighted_correlation_by_hand():
    r, n = weighted_correlation(X, Y, W)
    assert r == pytest.approx(R_WEIGHTED) and n == 4
    assert r != pytest.approx(0.8)


def test_weighted_correlation_leaves_out_unusable_buurten():
    x = pd.concat([X, pd.Series([np.nan, 5.0, 5.0, 9.0])], ignore_index=True)
    y = pd.concat([Y, pd.Series([1.0, np.nan, 7.0, -9.0])], ignore_index=True)
    w = pd.concat([W, pd.Series([1.0, 1.0, 0.0, np.nan])], ignore_index=True)
    r, n = weighted_correlation(x, y, w)
    assert r == pytest.approx(R_WEIGHTED) and n == 4


@pytest.mark.filterwarnings("error")  # no division by zero on the way to "no correlation"
def test_weighted_correlation_needs_three_buurten_and_spread():
    r, n = weighted_correlation(X[:2], Y[:2], W[:2])
    assert np.isnan(r) and n == 2
    r, n = weighted_correlation(X[:3], Y[:3], W[:3])
    assert n == 3 and r == pytest.approx(0.5)  # (0,1,2) against (0,2,1): cov 1/3 / var 2/3
    r, n = weighted_correlation(pd.Series([1.0, 1, 1]), Y[:3], W[:3])
    assert np.isnan(r) and n == 3
    r, _ = weighted_correlation(Y[:3], pd.Series([1.0, 1, 1]), W[:3])
    assert np.isnan(r)


def test_negative_correlation_keeps_its_sign():
    r, _ = weighted_correlation(X, -Y, W)
    assert r == pytest.approx(-R_WEIGHTED)


def test_fisher_interval_by_hand():
    lo, hi = confidence_interval(0.5, 28)
    # z = atanh(0,5); half width 1,96 / √(28 − 3) = 1,96 / 5
    assert lo == pytest.approx(math.tanh(math.atanh(0.5) - Z95 / 5), abs=1e-6)
    assert hi == pytest.approx(math.tanh(math.atanh(0.5) + Z95 / 5), abs=1e-6)
    assert (round(lo, 3), round(hi, 3)) == (0.156, 0.736)
    lo, hi = confidence_interval(-0.3, 103, level=0.90)
    assert lo == pytest.approx(math.tanh(math.atanh(-0.3) - 1.644854 / 10), abs=1e-6)
    assert hi == pytest.approx(math.tanh(math.atanh(-0.3) + 1.644854 / 10), abs=1e-6)


@pytest.mark.parametrize("r, n", [(0.5, 3), (np.nan, 50), (1.0, 50), (-1.0, 50)])
def test_no_interval_without_enough_buurten_or_a_proper_r(r, n):
    assert all(np.isnan(v) for v in confidence_interval(r, n))


def test_interval_with_four_buurten_exists():
    lo, hi = confidence_interval(0.5, 4)
    assert lo == pytest.approx(math.tanh(math.atanh(0.5) - Z95), abs=1e-6)
    assert hi == pytest.approx(math.tanh(math.atanh(0.5) + Z95), abs=1e-6)


def test_correlation_row():
    frame = pd.DataFrame({"kwetsbaar": [0.0, 1, 2, 3, np.nan], "onv": [0.0, 2, 1, 3, 1], "inwoners": [1.0, 1, 1, 2, 7]})
    row = correlation_row(frame, "kwetsbaar", "onv", "alle buurten")
    assert row["groep"] == "alle buurten" and row["n"] == 4
    assert row["inwoners"] == 5  # the 7 without a kwetsbaar value are not counted
    assert row["r"] == pytest.approx(R_WEIGHTED)
    # n = 4: half width 1,96 / √(4 − 3)
    assert row["ci_laag"] == pytest.approx(math.tanh(math.atanh(R_WEIGHTED) - Z95), abs=1e-6)
    assert row["ci_hoog"] == pytest.approx(math.tanh(math.atanh(R_WEIGHTED) + Z95), abs=1e-6)


T = Thresholds()


def test_corporatie_klasse_at_the_edges():
    values = pd.Series([0.0, 19.99, 20, 39.99, 40, 60, 79.99, 80, 100, np.nan])
    labels = corporatie_klasse(values, T)
    assert labels.tolist()[:9] == ["< 20%", "< 20%", "20–40%", "20–40%", "40–60%", "60–80%", "60–80%", "≥ 80%", "≥ 80%"]
    assert pd.isna(labels.iloc[9])


def test_samenhang_table_overall_and_per_corporatie_group():
    frame = pd.DataFrame({
        "kwetsbaar": [0.0, 1, 2, 3, 10, 20, 30, 99],
        "onv": [0.0, 2, 1, 3, 3, 2, 1, -99],
        "inwoners": [1.0, 1, 1, 2, 1, 1, 1, 1],
        "corporatie": [10.0, 10, 10, 10, 90, 90, 90, 10],
        "te_klein": [False] * 7 + [True],
    })
    table = samenhang_table(frame, T)
    assert table["groep"].tolist() == ["alle buurten", "corporatiebezit < 20%", "corporatiebezit 20–40%",
                                       "corporatiebezit 40–60%", "corporatiebezit 60–80%", "corporatiebezit ≥ 80%"]
    assert table["n"].tolist() == [7, 4, 0, 0, 0, 3]
    by = table.set_index("groep")
    assert by.loc["corporatiebezit < 20%", "r"] == pytest.approx(R_WEIGHTED)
    assert by.loc["corporatiebezit ≥ 80%", "r"] == pytest.approx(-1.0)  # 10, 20, 30 against 3, 2, 1
    assert np.isnan(by.loc["corporatiebezit 20–40%", "r"])
    swapped = samenhang_table(frame, T, x="onv", y="kwetsbaar").set_index("groep")
    assert swapped.loc["corporatiebezit < 20%", "r"] == pytest.approx(R_WEIGHTED)


def test_means_by_corporatie_are_weighted():
    frame = pd.DataFrame({
        "onv": [0.1, 0.4, np.nan, 0.2, 5.0], "inwoners": [300.0, 100, 50, 10, 1000],
        "corporatie": [10.0, 15, 15, 65, 65], "te_klein": [False, False, False, False, True],
    })
    table = means_by_corporatie(frame, ["onv"], T).set_index("corporatiebezit")
    # < 20 %: (300 · 0,1 + 100 · 0,4) / 400 = 0,175 (the buurt without a value does not count)
    assert table.loc["< 20%", "onv"] == pytest.approx(0.175)
    assert table.loc["< 20%", "buurten"] == 3 and table.loc["< 20%", "inwoners"] == 450
    assert table.loc["60–80%", "onv"] == pytest.approx(0.2) and table.loc["60–80%", "buurten"] == 1
    assert np.isnan(table.loc["20–40%", "onv"]) and table.loc["20–40%", "buurten"] == 0


def test_means_by_corporatie_leave_out_buurten_without_inhabitants():
    frame = pd.DataFrame({
        "onv": [0.3, np.nan, 0.5, 0.1], "inwoners": [0.0, 100, 1, 3],
        "corporatie": [30.0, 30, 50, 50], "te_klein": [False] * 4,
    })
    table = means_by_corporatie(frame, ["onv"], T).set_index("corporatiebezit")
    assert np.isnan(table.loc["20–40%", "onv"])  # the only value belongs to a buurt without inhabitants
    assert table.loc["40–60%", "onv"] == pytest.approx((1 * 0.5 + 3 * 0.1) / 4)


def test_morans_i_by_hand_on_a_row_of_buurten():
    # eight squares in a row: each touches its left and right neighbour (rook = queen here)
    frame = grid([f"BU000100{i:02d}" for i in range(8)], ["GM0001"] * 8, columns=8)
    frame["v"] = [1.0, 1, 1, 1, 0, 0, 0, 0]
    frame["te_klein"], frame["inwoners"] = False, 1000.0
    result = morans_i(frame, "v", permutations=99)
    # z = ±0,5; row-standardised weights: ends 1 neighbour (w 1), others 2 (w ½)
    # Σ_i z_i Σ_j w_ij z_j: ends 0,25 each; the 4 inner like pairs 0,25 each; the 2 at the break 0
    # → (2 · 0,25 + 4 · 0,25 + 2 · 0) = 1,5; I = (n / S0) · 1,5 / Σ z² = (8 / 8) · 1,5 / 2 = 0,75
    assert result["I"] == pytest.approx(0.75)
    assert result["n"] == 8 and result["kolom"] == "v"
    assert 0 < result["p"] <= 0.05


def test_morans_i_needs_eight_usable_buurten():
    # ten buurten, three not usable: no value (9th), too few inhabitants (7th), an unknown count
    # (8th; since 88cc346 an unknown count is not te_klein, so morans_i checks it itself) → 10 - 3 = 7
    frame = grid([f"BU000100{i:02d}" for i in range(10)], ["GM0001"] * 10, columns=10)
    frame["v"] = [1.0, 1, 1, 1, 0, 0, 0, 0, 1, np.nan]
    frame["te_klein"] = [False] * 7 + [True, False, False]
    frame["inwoners"] = [1000.0] * 8 + [np.nan, 1000.0]
    result = morans_i(frame, "v")
    assert result["n"] == 7 and np.isnan(result["I"]) and np.isnan(result["p"]) and result["kolom"] == "v"


def test_morans_i_pseudo_p_is_seeded_and_uses_the_permutations():
    frame = grid([f"BU000100{i:02d}" for i in range(12)], ["GM0001"] * 12, columns=4)
    frame["v"] = [3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]  # no strong pattern: p well inside (0, 1)
    frame["te_klein"], frame["inwoners"] = False, 1000.0
    first, again = morans_i(frame, "v", permutations=99), morans_i(frame, "v", permutations=99)
    assert first["p"] == again["p"]  # the fixed seed
    assert round(first["p"] * 100, 9) == int(round(first["p"] * 100))  # a multiple of 1 / (99 + 1)
    assert 0.05 < first["p"] < 1


def test_morans_i_and_its_pseudo_p_are_esdas_on_an_irregular_coverage_with_an_island():
    """The reference implementation (esda's Moran with libpysal's queen graph) gives the same I and p_sim."""
    import geopandas as gpd
    from esda.moran import Moran
    from libpysal.graph import Graph
    from shapely.geometry import box

    rng = np.random.default_rng(3)
    points = gpd.GeoSeries(gpd.points_from_xy(*rng.uniform(0, 1000, (2, 40))), crs=28992)
    cells = points.voronoi_polygons().clip(box(0, 0, 1000, 1000)).explode().to_numpy()
    frame = gpd.GeoDataFrame({"geometry": [*cells, box(5000, 5000, 5100, 5100)]}, crs=28992)
    frame["x"] = rng.normal(size=len(frame)) + frame.geometry.centroid.x / 2000  # a weak west-east trend
    frame["te_klein"], frame["inwoners"] = False, 100.0
    ours = morans_i(frame, "x", permutations=199, seed=11)
    graph = Graph.build_contiguity(frame.geometry, rook=False).transform("r")
    np.random.seed(11)
    reference = Moran(frame["x"].to_numpy(), graph, permutations=199)
    assert ours["I"] == pytest.approx(reference.I, abs=1e-12)
    assert ours["p"] == reference.p_sim
    assert 0.005 < ours["p"] < 0.995  # not the extreme, where any implementation agrees


def test_morans_i_with_the_neighbours_of_the_whole_frame_is_the_same():
    """The analysis finds the neighbours once for both columns; the buurten a column cannot use drop out."""
    from veerkracht_lib.analysis.areas import queen_neighbours

    frame = grid([f"BU000100{i:02d}" for i in range(24)], ["GM0001"] * 24, columns=6)
    frame["v"] = np.random.default_rng(2).normal(size=24)
    frame.loc[[3, 10], "v"] = np.nan
    frame["te_klein"], frame["inwoners"] = False, 1000.0
    frame.loc[[5, 20], "te_klein"] = True
    pairs = queen_neighbours(frame.geometry.reset_index(drop=True))
    with_pairs, alone = morans_i(frame, "v", permutations=99, pairs=pairs), morans_i(frame, "v", permutations=99)
    assert with_pairs == alone and alone["n"] == 20
