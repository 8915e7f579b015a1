"""Which buurten get a class: the minimum of inhabitants in the situation *and* the base year, and
unknown inhabitant counts as "geen gegevens" (issue 11, defect 6). A four-buurt panel built by hand."""
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from veerkracht_lib.analysis.classes import GEEN_GEGEVENS, TE_WEINIG_INWONERS
from veerkracht_lib.analysis.indicators import indicator_frame
from veerkracht_lib.analysis.panel import Panel
from veerkracht_lib.analysis.run import classify_all
from veerkracht_lib.config import parse_config

CONFIG = parse_config({"title": "Proef", "gemeenten": ["GM0001"]}, slug="proef")  # 2014 → 2022, minimum 100
CODES = ["BU00010001", "BU00010002", "BU00010003", "BU00010004"]
# Nederland both years: bijstand 20.000 of 1.000.000 inhabitants (2 %), 8 % low-income households
NEDERLAND = pd.DataFrame({"inwoners": [1e6, 1e6], "bijstand": [2e4, 2e4], "laag_inkomen_pct": [8.0, 8.0]},
                         index=pd.Index([2014, 2022], name="jaar"))


def year(inwoners, bijstand, laag, onv):
    """Four buurten of one year; 400 households and 300 dwellings each (60 corporation dwellings)."""
    return pd.DataFrame({"inwoners": inwoners, "huishoudens": 400.0, "woningen": 300.0, "bijstand": bijstand,
                         "laag_inkomen_hh": laag, "corporatie_won": 60.0, "niet_westers": np.nan, "onv": onv},
                        index=pd.Index(CODES, name="code"))


def classes_of(b_base=60.0):
    # A: 1000 inhabitants both years. B: only ``b_base`` (60) in 2014. C: inhabitants unknown in 2022.
    # D: inhabitants unknown in 2014 (the 2014 Leefbaarometer score is known).
    base = year([1000, b_base, 1000, np.nan], [20, 1.2, 20, np.nan], [32, 32, 32, np.nan], [0.0, 0.0, 0.0, 0.0])
    now = year([1000, 500, np.nan, 800], [30, 15, np.nan, 24], [40, 40, np.nan, 40], [-0.05, -0.05, 0.0, -0.05])
    values = pd.concat([base.assign(jaar=2014), now.assign(jaar=2022)]).reset_index().set_index(["code", "jaar"])
    buurten = gpd.GeoDataFrame({"code": CODES, "naam": list("ABCD"), "wk_code": "WK000100", "gm_code": "GM0001",
                                "gm_naam": "Een"}, geometry=[box(i, 0, i + 1, 1) for i in range(4)], crs=28992)
    panel = Panel(buurten=buurten, values=values, nederland=NEDERLAND, matching=pd.DataFrame())
    return classify_all(indicator_frame(panel, CONFIG), CONFIG).set_index("code")


@pytest.fixture
def classes():
    return classes_of()


def test_a_buurt_large_enough_in_both_years_gets_its_development(classes):
    a = classes.loc["BU00010001"]
    # 2022: bijstand 30/1000 = 3 % → 1,5 × NL; low income 40/400 = 10 % → 1,25 × NL; index 100 × (0,75 + 0,625)
    assert a["kwetsbaar"] == pytest.approx(137.5)
    assert a["kwetsbaar_basis"] == pytest.approx(100.0)  # 2 % and 8 %: exactly NL
    assert a["klasse_d_kwetsbaar_nederland"] == "sterke toename"  # +37,5 > 20
    assert a["klasse_d_onv_nederland"] == "verslechterd"           # −0,05 in [−0,06, −0,02)
    assert a["klasse_veerkracht_nederland"] == "weinig veerkracht, veel problemen"  # and onv −0,05 < −0,04


def test_a_buurt_below_the_minimum_in_the_base_year_gets_no_development(classes):
    b = classes.loc["BU00010002"]
    assert b["klasse_kwetsbaar_nederland"] == "veel"  # 500 inhabitants in 2022: the situation is shown
    for key in ("d_onv", "d_kwetsbaar", "veerkracht"):
        assert b[f"klasse_{key}_nederland"] == TE_WEINIG_INWONERS


def test_unknown_inhabitants_are_no_data_not_too_few(classes):
    c, d = classes.loc["BU00010003"], classes.loc["BU00010004"]
    for key in ("overlast", "kwetsbaar", "focus", "d_onv", "veerkracht"):  # onv of C is known, its size is not
        assert c[f"klasse_{key}_nederland"] == GEEN_GEGEVENS
    assert not c["te_klein"]
    assert d["klasse_overlast_nederland"] == "slechter"  # 2022 is known
    for key in ("d_onv", "d_kwetsbaar", "veerkracht"):
        assert d[f"klasse_{key}_nederland"] == GEEN_GEGEVENS


def test_shares_of_a_development_map_leave_out_buurten_too_small_in_the_base_year(classes):
    from veerkracht_lib.analysis.tweedeling import share_in

    # verslechterd: A (1000 inhabitants); B (500) is too small in 2014 and does not count; C has no
    # count; D (800) is "geen gegevens" and stays in the denominator: 1000 / (1000 + 800)
    share = share_in(classes.reset_index(), "klasse_d_onv_nederland", ["verslechterd"], by=None).iloc[0]
    assert share == pytest.approx(100 * 1000 / 1800)


def test_the_minimum_itself_is_enough_in_the_base_year():
    b = classes_of(b_base=100.0).loc["BU00010002"]  # the minimum is 100
    assert not b["te_klein_basis"]
    assert b["klasse_d_onv_nederland"] == "verslechterd"  # −0,05, as A
