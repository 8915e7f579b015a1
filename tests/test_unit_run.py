"""The whole analysis once, on four hand-made buurten whose every class is worked out here."""
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from test_unit_indicators import CODES, COLUMNS, FIGURES, GEMEENTEN
from unit_frames import config, grid, nederland
from veerkracht_lib.analysis import classes as C
from veerkracht_lib.analysis.indicators import SourceYears
from veerkracht_lib.analysis.run import Analysis, _missing_maps, analyse


def kerncijfers(jaar):
    """The year's figures as the loaders give them: counts and percentages beside the geometry."""
    frame = grid(CODES, GEMEENTEN)
    figures = pd.DataFrame([dict(zip(COLUMNS, FIGURES[jaar][c])) for c in CODES])
    for column in ("inwoners", "huishoudens", "woningen", "bijstand"):
        frame[column] = figures[column].to_numpy()
    frame["laag_inkomen_pct"] = (100 * figures["laag_inkomen_hh"] / figures["huishoudens"]).to_numpy()
    frame["corporatie_pct"] = (100 * figures["corporatie_won"] / figures["woningen"]).to_numpy()
    return frame


def inputs(**changes):
    scores = pd.DataFrame([{"code": c, "jaar": j, "onv": FIGURES[j][c][-1]} for j in FIGURES for c in CODES])
    return SimpleNamespace(**{
        "config": config(), "target": grid(CODES, GEMEENTEN),
        "buurten_by_year": {j: kerncijfers(j) for j in (2014, 2022)},
        "lbm_scores": scores, "lbm_geometry": None, "own_index": None,
        "nederland": nederland({2014: (1000, 50, 10.0), 2022: (1000, 50, 10.0)}),
        "notes": ["een noot"], "summary": pd.DataFrame({"bron": ["x"]}), "attribution": ["bron"], **changes})


@pytest.fixture
def analysis():
    return analyse(inputs())


def test_classes_of_every_map(analysis):
    b = analysis.buurten.set_index("code")
    # onv 0,10 / −0,10 / 0,0 / −0,08; index 100 / 200 / 150 / 125; corporatie 60 / 20 / 0 / 50 %
    # Δ onv 0,06 / −0,08 / −0,01 / −0,03; Δ index 25 / 100 / 50 / 25; buurt 3 has 50 inhabitants (too small)
    small = "te weinig inwoners"
    assert b["klasse_overlast_nederland"].tolist() == ["veel beter", "veel slechter", small, "slechter"]  # −0,08 is the lower edge of "slechter"
    assert b["klasse_kwetsbaar_nederland"].tolist() == ["rond gemiddelde", "zeer veel", small, "veel"]
    assert b["klasse_focus_nederland"].tolist() == ["minder overlast, gemiddeld aandeel kwetsbaren", C.FOCUS, small, C.FOCUS]
    assert b["klasse_corporatie"].tolist() == ["60–80%", "20–40%", small, "40–60%"]
    assert b["klasse_d_onv_nederland"].tolist() == ["sterk verbeterd", "sterk verslechterd", small, "verslechterd"]
    assert b["klasse_d_kwetsbaar_nederland"].tolist() == ["sterke toename", "sterke toename", small, "sterke toename"]
    assert b["klasse_veerkracht_nederland"].tolist() == [C.VEERKRACHT, C.WEINIG_VEERKRACHT_PROBLEMEN, small,
                                                         C.WEINIG_VEERKRACHT_PROBLEMEN]
    assert b["corporatiebuurt"].tolist() == [True, False, False, False]
    # t.o.v. the gemeente: onv 0,15 / −0,05 / – / 0,0
    assert b["klasse_overlast_gemeente"].tolist() == ["zeer veel beter", "slechter", small, "rond gemiddelde"]
    # t.o.v. the region: index × 100 / 158,3 (the weighted mean): 63,2 / 126,3 / – / 78,9
    assert b["klasse_kwetsbaar_regio"].tolist() == ["weinig", "veel", small, "weinig"]
    assert "klasse_corporatie_gemeente" not in b


def test_areas_and_map_8(analysis):
    a = analysis.areas
    # the buurten lie in one row; 2 and 4 are focus but not neighbours (3, too small, lies between)
    assert a[["gebied", "kaart", "buurten"]].values.tolist() == [
        ["F1", "focus", "BU00010002"], ["F2", "focus", "BU00020004"],
        ["V1", "veerkracht", "BU00010002"], ["V2", "veerkracht", "BU00020004"], ["V3", "veerkracht", "BU00010001"]]
    rows = analysis.area_table().set_index("gebied")
    assert list(rows.index) == ["F1", "F2", "V3"]  # V1 and V2 lie inside focus areas
    # V3 is a map-7 'veerkracht' area and map 8 names it so since b639fe2
    assert rows["type"].tolist() == ["focus, vooral particulier bezit", "focus", "veerkracht"]
    assert analysis.buurten["klasse_gebiedstype"].tolist() == [
        "veerkracht", "focus, vooral particulier bezit", "te weinig inwoners", "focus"]
    assert analysis.available("gebiedstype") and analysis.available("focus")


def test_analysis_facts(analysis):
    assert analysis.missing == {}
    # every source has both years; the buurtkaart is that of the situation year's CBS figures, 2022
    assert analysis.source_years == SourceYears(2022, 2014, 2022, 2014, indeling=2022)
    assert analysis.notes == ["een noot"] and analysis.attribution == ["bron"]
    assert [c["kolom"] for c in analysis.clustering] == ["onv", "kwetsbaar"]
    assert all(np.isnan(c["I"]) for c in analysis.clustering)  # three usable buurten: too few
    assert analysis.class_column("focus") == "klasse_focus_nederland"
    assert analysis.class_column("focus", "regio") == "klasse_focus_regio"
    assert analysis.value_column("overlast", "gemeente") == "onv_gemeente"
    assert analysis.value_column("overlast") == "onv"
    assert analysis.years("veerkracht") == "2014–2022"
    assert [m.number for m in analysis.maps] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert analysis.schemes["kwetsbaar"].edges == (50, 80, 125, 200)


def test_analysis_keeps_its_inputs(analysis):
    assert analysis.config == config()
    assert analysis.panel.years == [2014, 2022] and analysis.panel.score_matching["code"] == 4
    assert analysis.inputs_summary["bron"].tolist() == ["x"]
    assert analysis.areas.index.tolist() == [0, 1, 2, 3, 4]


def test_without_scores_no_focus_and_no_clustering():
    result = analyse(inputs(lbm_scores=None))
    assert result.missing == {"overlast": "onv", "focus": "onv", "d_onv": "d_onv", "veerkracht": "d_onv",
                              "gebiedstype": "onv"}
    assert result.clustering == []
    assert not result.available("focus") and not result.available("gebiedstype") and result.available("kwetsbaar")


def test_own_index_and_score_geometry_reach_the_analysis():
    old = [f"OLD{i}" for i in range(4)]
    scores = pd.DataFrame([{"code": o, "jaar": j, "onv": FIGURES[j][c][-1]} for j in FIGURES for o, c in zip(old, CODES)])
    own = pd.DataFrame({"code": CODES * 2, "jaar": [2022] * 4 + [2014] * 4,
                        "kwetsbaar": [111.0, 222, 333, 444, 100, 100, 100, 100]})
    result = analyse(inputs(lbm_scores=scores, lbm_geometry=grid(CODES, GEMEENTEN).assign(code=old), own_index=own))
    assert result.panel.score_matching == {"code": 0, "positie": 4, "naam": 0, "niet": 0}
    assert result.buurten["onv"].tolist() == pytest.approx([0.10, -0.10, 0.0, -0.08])  # same squares
    assert result.buurten["kwetsbaar"].tolist() == [111, 222, 333, 444]
    assert result.buurten["d_kwetsbaar"].tolist() == [11, 122, 233, 344]


def test_save_and_load(analysis, tmp_path):
    path = tmp_path / "analysis.pickle"
    analysis.save(path)
    assert not path.with_suffix(".partial").exists()
    loaded = Analysis.load(path)
    assert loaded.buurten["klasse_focus_nederland"].tolist() == analysis.buurten["klasse_focus_nederland"].tolist()


def test_missing_maps_name_the_lacking_indicators():
    frame = pd.DataFrame({"onv": [0.1], "kwetsbaar": [np.nan], "corporatie": [1.0], "d_onv": [np.nan],
                          "d_kwetsbaar": [np.nan]})
    assert _missing_maps(frame) == {"kwetsbaar": "kwetsbaar", "focus": "kwetsbaar", "d_onv": "d_onv",
                                    "d_kwetsbaar": "d_kwetsbaar", "veerkracht": "d_onv, d_kwetsbaar",
                                    "gebiedstype": "kwetsbaar"}
    frame["kwetsbaar"] = 1.0
    frame["d_onv"] = 1.0
    assert _missing_maps(frame) == {"d_kwetsbaar": "d_kwetsbaar", "veerkracht": "d_kwetsbaar"}


def area_rows(areas):
    return areas[["gebied", "kaart", "buurten"]].values.tolist()


# the areas of each reference follow its classes (`test_classes_of_every_map`): relative to the region
# only buurt 2 is focus, with buurt 2 'weinig veerkracht, veel problemen' and buurt 1 'verbetering' on
# map 7; relative to the gemeente nothing is focus
AREAS = {
    "regio": [["F1", "focus", "BU00010002"], ["V1", "veerkracht", "BU00010002"], ["V2", "veerkracht", "BU00010001"]],
    "gemeente": [["V1", "veerkracht", "BU00010002"], ["V2", "veerkracht", "BU00010001"]],
}


@pytest.mark.parametrize("reference", ["regio", "gemeente"])
def test_the_areas_of_the_other_references_are_found_with_the_analysis(analysis, reference):
    assert area_rows(analysis.areas_by_reference[reference]) == AREAS[reference]
    assert analysis.areas_for(reference) is analysis.areas_by_reference[reference]


@pytest.mark.parametrize("reference", ["regio", "gemeente"])
def test_areas_for_another_reference_are_found_once_and_kept(analysis, reference):
    assert analysis.areas_for() is analysis.areas
    assert analysis.areas_for(analysis.config.reference) is analysis.areas
    del analysis.areas_by_reference[reference]  # not found with the analysis: found now
    areas = analysis.areas_for(reference)
    assert area_rows(areas) == AREAS[reference]
    assert analysis.areas_by_reference[reference] is areas and analysis.areas_for(reference) is areas


def test_without_cbs_figures_near_the_situation_year_the_buurtkaart_year_decides_the_size_and_says_so():
    # only the 2014 figures, and the default tolerance of 0 years: no CBS figures for the maps of 2022,
    # but the inhabitants of 2014 (900, 3000, 60, 2000) decide which buurten are too small
    analysis = analyse(inputs(buurten_by_year={2014: kerncijfers(2014)}))
    frame = analysis.buurten.set_index("code")
    assert frame["inwoners"].tolist() == [900, 3000, 60, 2000]
    assert frame["te_klein"].tolist() == [False, False, True, False]
    assert frame["kwetsbaar"].isna().all()
    assert any(note.startswith("De CBS-cijfers van 2014 liggen meer dan 0 jaar van 2022") for note in analysis.notes)


def test_the_params_particulier_edge_reaches_the_areas_and_their_type():
    # F1 (buurt 2) has 20 % corporatiebezit: "overwegend particulier" below the default edge of 40 %,
    # "gemengd bezit" with an edge of 15 %, so no longer "focus, vooral particulier bezit" on map 8
    analysis = analyse(inputs(config=config(thresholds={"particulier": 15})))
    areas = analysis.areas.set_index("gebied")
    assert areas.loc["F1", "corporatie"] == pytest.approx(20) and areas.loc["F1", "bezit"] == "gemengd bezit"
    assert analysis.area_table().set_index("gebied").loc["F1", "type"] == "focus"
    assert analysis.areas_by_reference["regio"].set_index("gebied").loc["F1", "bezit"] == "gemengd bezit"
