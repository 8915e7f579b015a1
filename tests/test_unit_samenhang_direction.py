"""A correlation's direction is stated only when its 95 % interval excludes 0 and the rank correlation
agrees; the few buurten that carry a conclusion are named (issue 11, defect 5)."""
import math

import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis.samenhang import carried_by, correlation_row, direction
from veerkracht_lib.config import Thresholds
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


@pytest.mark.parametrize(("lo", "hi", "rho", "expected"), [
    (0.10, 0.40, 0.20, "positief"), (-0.40, -0.10, -0.20, "negatief"),
    (-0.05, 0.40, 0.20, "geen"),     # the interval holds 0
    (0.45, 0.64, -0.02, "geen"),     # the case: r = 0,55, rank correlation −0,02
    (-0.40, -0.10, 0.0, "geen"),     # a rank correlation of exactly 0 does not agree
])
def test_direction_needs_the_interval_and_the_rank_correlation(lo, hi, rho, expected):
    assert direction(lo, hi, rho) == expected


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
