"""A correlation's direction is stated only when its 95 % interval excludes 0 and the rank correlation
agrees; the few buurten that carry a conclusion are named (issue 11, defect 5)."""
import math

import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis.samenhang import (
    _most_influential,
    carried_by,
    correlation_row,
    direction,
    rank_correlation,
    rank_interval,
    usable_for,
)
from veerkracht_lib.rendering import narrative


def buurten(xs, ys, names=None):
    n = len(xs)
    return pd.DataFrame({"code": [f"BU0001{i:04d}" for i in range(n)],
                         "naam": names or [f"B{i}" for i in range(n)], "gm_naam": "Een",
                         "inwoners": 1000.0, "te_klein": False, "corporatie": 10.0,
                         "d_kwetsbaar": np.asarray(xs, float), "d_onv": np.asarray(ys, float)})


# ten buurten in an exact falling line (x = 1…10, y = 11 − x) but one step out of order, so r > −1,
# plus two far outliers that lie on a rising line: "Noord" (−40, −50) and "Zuid" (50, 60)
LINE_X = list(range(1, 11))
LINE_Y = [10, 9, 8, 7, 5, 6, 4, 3, 2, 1]
OUTLIERS = buurten([-40, *LINE_X, 50], [-50, *LINE_Y, 60], ["Noord", *[f"B{i}" for i in LINE_X], "Zuid"])


# The rank correlation's interval by hand: z = atanh(rho), half width 1,96 · sqrt(1,06 / (n − 3)).
# rho = 0,20: z = 0,2027. n = 200: half = 1,96 · 0,07335 = 0,1438, z from 0,059 to 0,347: excludes 0.
#             n = 50: half = 1,96 · 0,15018 = 0,2943, z from −0,092 to 0,497: holds 0.
# rho = 0,02, n = 225 (the demo's developments beside r = 0,47): half = 1,96 · 0,06910 = 0,1354: holds 0.
@pytest.mark.parametrize(("lo", "hi", "rho", "n", "expected"), [
    (0.10, 0.40, 0.20, 200, "positief"), (-0.40, -0.10, -0.20, 200, "negatief"),
    (-0.05, 0.40, 0.20, 200, "geen"),    # the interval of r holds 0
    (0.10, 0.40, 0.20, 50, "geen"),      # the rank correlation agrees in sign, but its interval holds 0
    (0.36, 0.57, 0.02, 225, "geen"),     # r = 0,47 carried by a few buurten; rank correlation 0,02
    (0.45, 0.64, -0.02, 200, "geen"),    # the case: r = 0,55, rank correlation −0,02
    (0.10, 0.40, -0.20, 200, "geen"),    # r and the rank correlation disagree
    (-0.40, -0.10, 0.0, 200, "geen"),    # a rank correlation of exactly 0 does not agree
])
def test_direction_needs_the_interval_and_the_rank_correlation(lo, hi, rho, n, expected):
    assert direction(lo, hi, rho, n) == expected


def test_rank_interval_by_hand():
    lo, hi = rank_interval(0.2, 200)
    assert (lo, hi) == pytest.approx((math.tanh(0.2027 - 0.1438), math.tanh(0.2027 + 0.1438)), abs=2e-4)
    assert all(np.isnan(rank_interval(0.2, 3))) and all(np.isnan(rank_interval(1.0, 50)))


def test_rank_correlation_by_hand():
    # ranks: Noord 1 and Zuid 12 in both x and y; the line's x ranks 2…11 and its y ranks run the other
    # way: y = 10, 9, 8, 7, 5, 6, 4, 3, 2, 1 has ranks 11, 10, 9, 8, 6, 7, 5, 4, 3, 2.
    # d = x rank − y rank = −9, −7, −5, −3, 0, 0, 3, 5, 7, 9 → Σd² = 2·(81 + 49 + 25 + 9) = 328
    # ρ = 1 − 6·328 / (12·(144 − 1))
    row = correlation_row(OUTLIERS, "d_kwetsbaar", "d_onv", "alle buurten")
    assert row["rho"] == pytest.approx(1 - 6 * 328 / (12 * 143))  # −0,147
    assert row["r"] > 0.9 and row["ci_laag"] > 0  # the two outliers make Pearson's r strongly positive
    assert row["richting"] == "geen"


def test_the_buurten_that_carry_the_conclusion_are_named():
    # without Noord and Zuid the line alone falls: r < 0 with an interval below 0, ρ < 0
    without = carried_by(OUTLIERS, "d_kwetsbaar", "d_onv")
    assert sorted(without["namen"]) == ["Noord (Een)", "Zuid (Een)"]
    assert without["richting"] == "negatief" and without["n"] == 10


def test_a_conclusion_that_holds_without_any_few_buurten_names_none():
    assert carried_by(buurten(LINE_X, LINE_Y), "d_kwetsbaar", "d_onv") is None


def test_sentence_states_no_direction_and_names_the_buurten(monkeypatch):
    rows = [correlation_row(OUTLIERS, "d_kwetsbaar", "d_onv", "alle buurten")]
    env = narrative.environment("voorbeeldregio")
    text = env.get_template("samenhang.md.j2").render(
        rows=rows, ontwikkeling=True, zonder=carried_by(OUTLIERS, "d_kwetsbaar", "d_onv"))
    assert "juist verbeterd" not in text          # the old text stated the direction of r alone
    assert "Een richting is niet vast te stellen" in text
    assert "Noord (Een) en Zuid (Een)" in text or "Zuid (Een) en Noord (Een)" in text
    assert "sterker toegenomen" in text           # the direction without them


def r_by_hand(points):
    """Weighted Pearson r from its definition, in plain Python: points are (x, y, w)."""
    sw = sum(w for _, _, w in points)
    mx, my = sum(x * w for x, _, w in points) / sw, sum(y * w for _, y, w in points) / sw
    cov = sum(w * (x - mx) * (y - my) for x, y, w in points)
    return cov / math.sqrt(sum(w * (x - mx) ** 2 for x, _, w in points) * sum(w * (y - my) ** 2 for _, y, w in points))


@pytest.mark.parametrize("seed", range(12))
def test_the_most_influential_buurt_is_the_one_whose_removal_moves_r_most(seed):
    # leave-one-out by the definition against the closed form, on uneven weights and off-centre values
    rng = np.random.default_rng(seed)
    n = 8
    x = rng.normal(50, 10, n)
    y = 0.3 * x + rng.normal(20, 5, n)
    w = rng.integers(100, 5000, n).astype(float)
    data = pd.DataFrame({"d_kwetsbaar": x, "d_onv": y, "inwoners": w}, index=[f"b{i}" for i in range(n)])
    points = list(zip(x, y, w))
    for sign in (1.0, -1.0):
        without = [sign * r_by_hand(points[:i] + points[i + 1:]) for i in range(n)]
        expected = data.index[int(np.argmin(without))]
        assert _most_influential(data, "d_kwetsbaar", "d_onv", sign) == expected


def test_the_carrying_buurten_are_named_by_code_and_a_frame_without_names_gives_empty_lists():
    without = carried_by(OUTLIERS, "d_kwetsbaar", "d_onv")
    assert sorted(without["codes"]) == ["BU00010000", "BU00010011"]  # Noord and Zuid
    bare = carried_by(OUTLIERS.drop(columns=["code", "naam"]), "d_kwetsbaar", "d_onv")
    assert bare["codes"] == [] and bare["namen"] == [] and bare["richting"] == "negatief"


def test_buurten_without_inhabitants_neither_carry_nor_count():
    # a buurt of 0 inhabitants far on the rising line changes nothing; one of 1 inhabitant is a buurt
    empty = pd.concat([OUTLIERS, buurten([90], [100], ["Leeg"]).assign(inwoners=0.0, code="BU0001LEEG")],
                      ignore_index=True)
    without = carried_by(empty, "d_kwetsbaar", "d_onv")
    assert sorted(without["namen"]) == ["Noord (Een)", "Zuid (Een)"] and without["n"] == 10
    row = correlation_row(empty, "d_kwetsbaar", "d_onv", "alle buurten")
    assert row["rho"] == pytest.approx(1 - 6 * 328 / (12 * 143))  # as without it
    one = empty.assign(inwoners=empty["inwoners"].replace(0.0, 1.0))
    # with it: x ranks and y ranks gain a 13th place in both, Σd² stays 328 → ρ = 1 − 6·328 / (13·168)
    assert correlation_row(one, "d_kwetsbaar", "d_onv", "")["rho"] == pytest.approx(1 - 6 * 328 / (13 * 168))


def test_rank_correlation_of_three_buurten_and_of_two_distinct_values():
    # three buurten: ranks (1,2,3) and (1,3,2): Σd² = 2 → ρ = 1 − 6·2 / (3·8) = 0,5
    assert rank_correlation(pd.Series([1.0, 2, 3]), pd.Series([1.0, 3, 2])) == pytest.approx(0.5)
    # two distinct x values are enough: ranks x (1,1,2.5,2.5 → averaged 1.5,1.5,3.5,3.5) against y (1,2,3,4)
    # Pearson of the ranks: x dev (−1,−1,1,1), y dev (−1.5,−0.5,0.5,1.5): Σ = 4, √(4·5) → 4/√20
    assert rank_correlation(pd.Series([0.0, 0, 1, 1]), pd.Series([1.0, 2, 3, 4])) == pytest.approx(4 / math.sqrt(20))
    assert rank_correlation(pd.Series([1.0, 2, 3, 4]), pd.Series([0.0, 0, 1, 1])) == pytest.approx(4 / math.sqrt(20))
    # a buurt without y does not count: three left
    assert rank_correlation(pd.Series([1.0, 2, 3, 9]), pd.Series([1.0, 3, 2, np.nan])) == pytest.approx(0.5)
    assert np.isnan(rank_correlation(pd.Series([1.0, 1, 1]), pd.Series([1.0, 3, 2])))
    assert np.isnan(rank_correlation(pd.Series([1.0, 2]), pd.Series([1.0, 3])))


def test_a_development_counts_only_buurten_large_enough_in_the_base_year_too():
    frame = pd.DataFrame({"te_klein": [False, False, False, True], "te_klein_basis": [False, True, np.nan, False]})
    assert list(usable_for(frame, "d_onv").index) == [0, 2]      # unknown base size: kept
    assert list(usable_for(frame, "onv").index) == [0, 1, 2]      # the situation needs the situation only
    assert list(usable_for(frame.drop(columns="te_klein_basis"), "d_onv").index) == [0, 1, 2]


def line_with_four_outliers(n_line):
    """``n_line`` buurten on a falling line between 0 and 1 (one pair out of order) and four far
    outliers on a rising line: r > 0 from the outliers, ρ < 0 from the line ("geen" direction);
    only without all four outliers is the direction "negatief"."""
    xs = [i / n_line for i in range(n_line)]
    ys = [1 - x for x in xs]
    ys[1], ys[2] = ys[2], ys[1]
    names = [f"L{i}" for i in range(n_line)] + ["U1", "U2", "U3", "U4"]
    return buurten(xs + [-60, -50, 50, 60], ys + [-70, -60, 60, 70], names)


def test_at_most_three_buurten_are_left_out_of_up_to_sixty():
    # 30 + 4 buurten: 5 % is 1,7, so at most 3 are left out, and the four outliers cannot all go
    assert carried_by(line_with_four_outliers(30), "d_kwetsbaar", "d_onv") is None


def test_five_percent_of_the_buurten_are_left_out_when_that_is_more_than_three():
    # 76 + 4 = 80 buurten: 5 % is 4, so the four outliers can all be left out
    without = carried_by(line_with_four_outliers(76), "d_kwetsbaar", "d_onv")
    assert sorted(without["namen"]) == ["U1 (Een)", "U2 (Een)", "U3 (Een)", "U4 (Een)"]
    assert without["richting"] == "negatief" and without["n"] == 76


def test_buurten_lacking_a_value_or_inhabitants_are_not_considered():
    lacking = buurten([1, 2, 3], [1, 2, 3], ["X leeg", "Y leeg", "W leeg"])
    lacking.loc[0, "d_kwetsbaar"] = np.nan
    lacking.loc[1, "d_onv"] = np.nan
    lacking.loc[2, "inwoners"] = np.nan
    frame = pd.concat([OUTLIERS, lacking], ignore_index=True)
    without = carried_by(frame, "d_kwetsbaar", "d_onv")
    assert sorted(without["namen"]) == ["Noord (Een)", "Zuid (Een)"] and without["n"] == 10
