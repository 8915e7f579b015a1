"""Robustness: which buurten change focus or veerkracht class under the other choices, counted by hand."""
from types import SimpleNamespace

import pytest

from unit_frames import config, grid, nederland, panel
from veerkracht_lib.analysis.indicators import indicator_frame
from veerkracht_lib.analysis.robustness import alternatives, robustness_table
from veerkracht_lib.analysis.run import classify_all

CODES = ["BU00010001", "BU00010002", "BU00010003"]
COLUMNS = ("inwoners", "bijstand", "huishoudens", "laag_inkomen_hh", "onv")
# national rates: bijstand 0,05, laag inkomen 0,10
FIGURES = {
    2022: {"BU00010001": (1000, 100, 500, 25, -0.05),   # ratios 2,0 and 0,5 → 125
           "BU00010002": (2000, 100, 1000, 100, 0.10),  # 1,0 and 1,0 → 100
           "BU00010003": (50, 5, 20, 2, -0.05)},        # 2,0 and 1,0 → 150, too small
    2014: {"BU00010001": (1000, 50, 500, 50, 0.0),      # 1,0 and 1,0 → 100
           "BU00010002": (2000, 100, 1000, 100, 0.0),   # 100
           "BU00010003": (50, 2.5, 20, 2, 0.0)},        # 100
}


def test_alternatives_change_one_choice_each():
    variants = alternatives(config())
    assert list(variants) == ["index alleen bijstand", "index alleen laag inkomen", "kwetsbaar 'veel' vanaf 110",
                              "kwetsbaar 'veel' vanaf 150", "halve klassenbreedte overlast", "halve drempels ontwikkeling",
                              "anderhalve klassenbreedte overlast", "anderhalve drempels ontwikkeling"]
    assert variants["index alleen laag inkomen"].vulnerability.components == {"laag_inkomen": 1.0}
    assert variants["kwetsbaar 'veel' vanaf 150"].thresholds.focus_kwetsbaar_veel == 150
    assert variants["kwetsbaar 'veel' vanaf 110"].thresholds.focus_kwetsbaar_veel == 110
    half = variants["halve klassenbreedte overlast"].thresholds
    assert half.overlast == pytest.approx((-0.06, -0.04, -0.02, 0.02, 0.04, 0.06))
    assert half.d_onv == pytest.approx((-0.06, -0.02, 0.02, 0.06))  # only the overlast edges change
    drempels = variants["anderhalve drempels ontwikkeling"].thresholds
    assert drempels.d_onv == pytest.approx((-0.09, -0.03, 0.03, 0.09))
    assert drempels.d_kwetsbaar == pytest.approx((-30, -7.5, 7.5, 30))
    assert drempels.overlast == pytest.approx((-0.12, -0.08, -0.04, 0.04, 0.08, 0.12))
    assert variants["halve drempels ontwikkeling"].thresholds.d_kwetsbaar == pytest.approx((-10, -2.5, 2.5, 10))
    assert all(v.slug == "test" for v in variants.values())


def test_one_component_has_no_index_alternatives():
    variants = alternatives(config(vulnerability={"components": {"bijstand": 1.0}}))
    assert not any(label.startswith("index") for label in variants) and len(variants) == 6


def test_robustness_counts_changed_buurten():
    values = {j: {c: dict(zip(COLUMNS, FIGURES[j][c])) for c in CODES} for j in FIGURES}
    p = panel(grid(CODES, ["GM0001"] * 3), values, nederland({2014: (1000, 50, 10.0), 2022: (1000, 50, 10.0)}))
    cfg = config()
    analysis = SimpleNamespace(config=cfg, panel=p, buurten=classify_all(indicator_frame(p, cfg), cfg))
    table = robustness_table(analysis).set_index("alternatief")
    # Buurt 1 is focus (onv −0,05, index 125) with weinig veerkracht, veel problemen (Δ index +25, Δ onv −0,05);
    # buurt 2 is "minder overlast, gemiddeld kwetsbaren" and "verbetering" under every alternative; buurt 3 is
    # too small and never counted. Buurt 1 changes:
    # - laag inkomen alone: index 50 (weinig) and Δ −50 (no toename → verslechtering): focus and veerkracht;
    # - 'veel' from 150: 125 is no longer veel: focus only;
    # - edges × 1,5: −0,05 is no longer below −0,06: focus, and no "problemen" (weinig veerkracht): both.
    expected = {  # alternative: (focus changed, veerkracht changed)
        "index alleen bijstand": (0, 0), "index alleen laag inkomen": (1, 1),
        "kwetsbaar 'veel' vanaf 110": (0, 0), "kwetsbaar 'veel' vanaf 150": (1, 0),
        "halve klassenbreedte overlast": (0, 0), "halve drempels ontwikkeling": (0, 0),
        "anderhalve klassenbreedte overlast": (1, 1), "anderhalve drempels ontwikkeling": (0, 0),
    }
    got = {label: (row["focus: andere klasse"], row["veerkracht: andere klasse"]) for label, row in table.iterrows()}
    assert got == expected
    # shares of the 2 usable buurten
    assert table["focus: aandeel"].to_dict() == pytest.approx({k: 100 * f / 2 for k, (f, _) in expected.items()})
    assert table["veerkracht: aandeel"].to_dict() == pytest.approx({k: 100 * v / 2 for k, (_, v) in expected.items()})
    assert list(table.columns) == ["focus: andere klasse", "focus: aandeel", "veerkracht: andere klasse",
                                   "veerkracht: aandeel"]
