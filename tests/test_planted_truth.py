"""Every planted buurt of the demo region, checked exactly (not "at least 80 %"), against figures
read from the generated files themselves (not from the analysis under test)."""
from __future__ import annotations

import numpy as np
import pytest
from test_demo import read_buurten, read_kwb

from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.maps import MAPS


@pytest.fixture(scope="module")
def analysis(demo_config):
    from veerkracht_lib.analysis.run import analyse
    from veerkracht_lib.sources.inputs import load_inputs

    return analyse(load_inputs(demo_config))


@pytest.fixture(scope="module")
def buurten(analysis):
    return analysis.buurten.set_index("code")


def area_of(analysis, kaart, codes):
    """The one area of ``kaart`` holding any of ``codes``."""
    areas = analysis.areas[analysis.areas["kaart"] == kaart]
    holding = areas[[bool(set(b.split(", ")) & set(codes)) for b in areas["buurten"]]]
    assert len(holding) == 1, holding[["gebied", "naam", "buurten"]]
    return holding.iloc[0]


def test_every_planted_focus_buurt_is_focus_with_little_resilience_and_they_are_one_area(analysis, buurten, planted):
    focus = planted["focus"]
    assert (buurten.loc[focus, "klasse_focus_nederland"] == C.FOCUS).all()
    assert (buurten.loc[focus, "klasse_veerkracht_nederland"] == C.WEINIG_VEERKRACHT_PROBLEMEN).all()
    area = area_of(analysis, "focus", focus)
    assert sorted(area["buurten"].split(", ")) == sorted(focus)
    assert area["bezit"] == "corporatiebuurt"


def test_every_planted_resilient_buurt_is_veerkracht_and_they_are_one_area(analysis, buurten, planted):
    resilient = planted["resilient"]
    assert (buurten.loc[resilient, "klasse_veerkracht_nederland"] == C.VEERKRACHT).all()
    assert sorted(area_of(analysis, "veerkracht", resilient)["buurten"].split(", ")) == sorted(resilient)


def test_every_planted_worsening_buurt_worsened_without_more_vulnerable_residents(analysis, buurten, planted):
    worsening = planted["worsening"]
    assert (buurten.loc[worsening, "klasse_veerkracht_nederland"] == C.VERSLECHTERING).all()
    assert sorted(area_of(analysis, "veerkracht", worsening)["buurten"].split(", ")) == sorted(worsening)


def test_no_buurt_outside_the_planted_areas_is_focus_or_resilient(buurten, planted):
    focus = buurten.index[buurten["klasse_focus_nederland"] == C.FOCUS]
    resilient = buurten.index[buurten["klasse_veerkracht_nederland"] == C.VEERKRACHT]
    # one resilient buurt is also focus (overlast just on the 'slechter' side): it is a planted one
    assert set(focus) <= set(planted["focus"]) | set(planted["resilient"])
    assert set(resilient) == set(planted["resilient"])


def test_the_split_buurt_gives_both_parts_their_base_year_figures_by_area(demo_data, buurten, planted):
    split = planted["split"]
    assert split["year"] > 2014  # the base year lies before the split
    old = read_kwb(demo_data, 2014).loc[split["old"], "inwoners"]
    old_shape = read_buurten(demo_data, 2014).set_index("code").geometry[split["old"]]
    parts = read_buurten(demo_data, 2022).set_index("code").geometry[split["new"]]
    for code in split["new"]:
        share = parts[code].intersection(old_shape).area / old_shape.area
        assert buurten.loc[code, "inwoners_basis"] == pytest.approx(old * share, rel=1e-6)
        assert not np.isnan(buurten.loc[code, "kwetsbaar_basis"])
    assert buurten.loc[split["new"], "inwoners_basis"].sum() == pytest.approx(old, rel=1e-6)


def test_the_merged_buurt_has_the_sum_of_its_parts_in_the_base_year(demo_data, buurten, planted):
    merged = planted["merged"]
    kwb = read_kwb(demo_data, 2014)
    assert buurten.loc[merged["new"], "inwoners_basis"] == pytest.approx(kwb.loc[merged["old"], "inwoners"].sum())


def test_the_tiny_buurt_is_too_small_on_every_map_classed_from_buurten(analysis, buurten, planted):
    tiny = buurten.loc[planted["tiny"]]
    assert tiny["te_klein"]
    for record in MAPS.values():
        if not record.area_classifier:
            assert tiny[analysis.class_column(record.key)] == C.TE_WEINIG_INWONERS, record.key


def test_the_buurt_without_corporatiebezit_has_no_data_on_map_4(buurten, planted):
    assert buurten.loc[planted["corporatie_missing"], "klasse_corporatie"] == C.GEEN_GEGEVENS


def test_a_suppressed_component_leaves_the_index_of_the_other(demo_data, buurten, planted):
    kwb = read_kwb(demo_data, 2022)
    nl = kwb.loc["NL00"]
    for code in planted["suppressed_by_year"]["2022"]:
        row = kwb.loc[code]
        if np.isnan(row["bijstand"]) and not np.isnan(row["laag_inkomen_pct"]):
            # only the low-income component: weight 0,5 renormalised to 1
            expected = 100 * (row["laag_inkomen_pct"] / 100) / (nl["laag_inkomen_pct"] / 100)
        elif np.isnan(row["laag_inkomen_pct"]) and not np.isnan(row["bijstand"]):
            expected = 100 * (row["bijstand"] / row["inwoners"]) / (nl["bijstand"] / nl["inwoners"])
        else:
            expected = np.nan
        assert buurten.loc[code, "kwetsbaar"] == pytest.approx(expected, nan_ok=True), code


# map 1 (default edges −0,12 −0,08 −0,04 0,04 0,08 0,12): a class covers edge[i−1] <= onv < edge[i],
# so a buurt exactly on an edge is in the class above it, one 0,001 below in the class below
ON_AND_NEAR_EDGES = {
    -0.121: "zeer veel slechter", -0.12: "veel slechter",
    -0.081: "veel slechter", -0.08: "slechter",
    -0.041: "slechter", -0.04: "rond gemiddelde",
    0.039: "rond gemiddelde", 0.04: "beter",
    0.079: "beter", 0.08: "veel beter",
    0.119: "veel beter", 0.12: "zeer veel beter",
}


def test_every_buurt_on_or_near_a_class_edge_is_in_its_class(buurten, planted):
    edges = planted["onv_edges"]
    assert sorted(edges.values()) == sorted(ON_AND_NEAR_EDGES)
    for code, onv in edges.items():
        row = buurten.loc[code]
        assert row["onv"] == onv and row["d_onv"] == 0.0, code  # the same score in every year
        assert row["klasse_overlast_nederland"] == ON_AND_NEAR_EDGES[onv], (code, onv)
        assert row["klasse_d_onv_nederland"] == "stabiel", code
        # low vulnerability (rural): never focus, whatever the overlast
        assert row["klasse_focus_nederland"] != C.FOCUS, code
