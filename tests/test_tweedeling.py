"""Tweedeling: the gap between gemeente means beside the share of variance between gemeenten, and a
conclusion drawn from both (issue 11, defect 2). Two gemeenten of two buurten, equal weights."""
import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis.tweedeling import divergence
from veerkracht_lib.rendering import narrative


def frame(base, now):
    """Four buurten of 100 inhabitants: gemeente G1 (first two) and G2; kwetsbaar = onv (same numbers)."""
    return pd.DataFrame({"gm_naam": ["G1", "G1", "G2", "G2"], "inwoners": 100.0, "te_klein": False,
                         "te_klein_basis": False, "onv_basis": base, "onv": now, "kwetsbaar_basis": base,
                         "kwetsbaar": now})


def row(table):
    return table.set_index("indicator").loc["kwetsbare bewoners"]


def test_share_and_gap_by_hand():
    # base: G1 = 0, 2 (mean 1); G2 = 4, 6 (mean 5); region mean 3.
    # between variance ((1−3)² + (1−3)² + (5−3)² + (5−3)²) / 4 = 4; total (9 + 1 + 1 + 9) / 4 = 5: share 0,8;
    # gap = weighted standard deviation of the gemeente means = √4 = 2.
    # now: G2 = 6, 8 (mean 7); region 4: between 9, total (16 + 4 + 4 + 16) / 4 = 10: share 0,9; gap 3 (+50 %)
    r = row(divergence(frame([0, 2, 4, 6], [0, 2, 6, 8])))
    assert (r["basisjaar"], r["situatiejaar"]) == pytest.approx((0.8, 0.9))
    assert (r["spreiding_basis"], r["spreiding_situatie"]) == pytest.approx((2.0, 3.0))
    assert r["spreiding_verandering"] == pytest.approx(0.5)
    assert r["conclusie"] == "uit elkaar"


def test_a_growing_gap_is_not_hidden_by_an_unchanged_share():
    # every value × 1,15: the gap grows 15 % (2 → 2,3), the share stays 0,8 (within grows as much)
    r = row(divergence(frame([0, 2, 4, 6], [0, 2.3, 4.6, 6.9])))
    assert r["situatiejaar"] == pytest.approx(0.8) and r["spreiding_situatie"] == pytest.approx(2.3)
    assert r["conclusie"] == "gat groter, aandeel gelijk"


def test_unchanged_only_when_gap_and_share_both_stay():
    r = row(divergence(frame([0, 2, 4, 6], [0.1, 2.1, 4.1, 6.1])))  # a shift: gap 2, share 0,8
    assert r["conclusie"] == "gelijk"


def test_closer_when_the_gap_shrinks_and_the_share_does_not_grow():
    # now: G1 = 1, 3 (mean 2); G2 = 3, 5 (mean 4); region 3: between 1, total (4 + 0 + 0 + 4) / 4 = 2:
    # share 0,5, gap 1 (−50 %)
    r = row(divergence(frame([0, 2, 4, 6], [1, 3, 3, 5])))
    assert (r["situatiejaar"], r["spreiding_situatie"]) == pytest.approx((0.5, 1.0))
    assert r["conclusie"] == "naar elkaar toe"


def test_buurten_too_small_in_the_base_year_count_in_neither_year():
    # the fourth buurt (G2, 6 → 8) is left out in both years: base G1 = 0, 2 (1), G2 = 4; region 2;
    # between (1 + 1 + 4) / 3 = 2; total (4 + 0 + 4) / 3 = 8/3: share 0,75
    data = frame([0, 2, 4, 6], [0, 2, 6, 8])
    data.loc[3, "te_klein_basis"] = True
    assert row(divergence(data))["basisjaar"] == pytest.approx(0.75)


def test_sentence_reports_the_gap_beside_the_share():
    table = divergence(frame([0, 2, 4, 6], [0, 2.3, 4.6, 6.9]))
    env = narrative.environment("voorbeeldregio")
    text = env.get_template("tweedeling.md.j2").render(rows=table.to_dict("records"), basisjaar=2014, jaar=2022)
    kwetsbaar = [line for line in text.splitlines() if "Kwetsbare bewoners" in line][0]
    assert "vrijwel gelijk gebleven" not in kwetsbaar
    assert "van 2,0 naar 2,3 indexpunten (+15%)" in kwetsbaar
    assert "groter geworden" in kwetsbaar
    assert "80%" in kwetsbaar


def test_conclusion_edges():
    from veerkracht_lib.analysis.tweedeling import conclusion

    # share edge 0,02 (points of the 0–1 share), gap edge 5 % (relative)
    assert conclusion(0.0, 0.06) == "gat groter, aandeel gelijk"
    assert conclusion(0.0, 0.04) == "gelijk"
    assert conclusion(0.03, 0.06) == "uit elkaar"
    assert conclusion(-0.03, 0.06) == "gat groter, aandeel kleiner"
    assert conclusion(-0.03, -0.06) == "naar elkaar toe"
    assert conclusion(0.03, -0.06) == "gat kleiner, aandeel groter"
    assert conclusion(0.03, 0.0) == "gat gelijk, aandeel groter"
    assert conclusion(float("nan"), 0.1) == "onbekend"
