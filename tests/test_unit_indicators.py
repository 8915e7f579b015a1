"""The vulnerability index, the national rates and the three reference levels, on hand-made figures.

Every expected value is worked out here by hand; none comes from the code under test.
"""
import numpy as np
import pandas as pd
import pytest

from unit_frames import config, grid, nederland, panel
from veerkracht_lib.analysis.indicators import (
    SourceYears,
    add_relative,
    indicator_frame,
    national_rates,
    reference_rates,
    source_years,
    vulnerability_index,
    with_reference,
    yearly_indicators,
)

HALF = {"bijstand": 0.5, "laag_inkomen": 0.5}
NATIONAL = pd.Series({"bijstand_rate": 0.05, "laag_inkomen_rate": 0.10})


def year(rows):
    """rows: code -> (inwoners, bijstand, huishoudens, laag_inkomen_hh)."""
    return pd.DataFrame(rows, index=["inwoners", "bijstand", "huishoudens", "laag_inkomen_hh"]).T.astype(float)


# ---------------------------------------------------------------------------------- the index


def test_index_with_all_components():
    # bijstand 100/1000 = 0,10 → 0,10/0,05 = 2,0; laag inkomen 25/500 = 0,05 → 0,05/0,10 = 0,5
    # 100 × (0,5 × 2,0 + 0,5 × 0,5) / (0,5 + 0,5) = 125
    index = vulnerability_index(year({"A": (1000, 100, 500, 25)}), NATIONAL, HALF)
    assert index["A"] == pytest.approx(125)
    assert index.name == "kwetsbaar"


def test_index_with_unequal_weights():
    # 100 × (0,25 × 2,0 + 0,75 × 0,5) / 1 = 87,5
    index = vulnerability_index(year({"A": (1000, 100, 500, 25)}), NATIONAL, {"bijstand": 0.25, "laag_inkomen": 0.75})
    assert index["A"] == pytest.approx(87.5)


def test_index_with_one_component_missing_renormalises_the_weights():
    # bijstand suppressed; laag inkomen 100/500 = 0,20 → 0,20/0,10 = 2,0
    # 100 × (0,5 × 2,0) / 0,5 = 200 (not 100: the weights are renormalised over what is known)
    index = vulnerability_index(year({"B": (1000, np.nan, 500, 100)}), NATIONAL, HALF)
    assert index["B"] == pytest.approx(200)


def test_index_with_the_other_component_missing_and_unequal_weights():
    # laag inkomen suppressed; bijstand 150/1000 = 0,15 → 3,0; 100 × (0,25 × 3,0) / 0,25 = 300
    index = vulnerability_index(year({"C": (1000, 150, 500, np.nan)}), NATIONAL, {"bijstand": 0.25, "laag_inkomen": 0.75})
    assert index["C"] == pytest.approx(300)


def test_index_without_any_component_is_missing_not_zero():
    index = vulnerability_index(year({"D": (1000, np.nan, 500, np.nan)}), NATIONAL, HALF)
    assert np.isnan(index["D"])


def test_index_of_a_buurt_without_inhabitants_drops_that_rate():
    # 5 bijstand on 0 inwoners is no rate; laag inkomen 50/500 = 0,10 → 1,0 → 100 × 0,5 × 1,0 / 0,5 = 100
    index = vulnerability_index(year({"E": (0, 5, 500, 50)}), NATIONAL, HALF)
    assert index["E"] == pytest.approx(100)


def test_index_of_a_single_inhabitant():
    # 1 bijstand on 1 inwoner: 1,0 → 20 × the national 0,05; laag inkomen 1 of 1 household: 10 × 0,10
    index = vulnerability_index(year({"F": (1, 1, 1, 1)}), NATIONAL, HALF)
    assert index["F"] == pytest.approx(100 * (0.5 * 20 + 0.5 * 10))


def test_index_without_a_national_rate_uses_the_other_component():
    # no national laag-inkomen rate: bijstand alone, 100/1000 = 0,10 → 2,0 → 100 × 0,5 × 2,0 / 0,5 = 200
    index = vulnerability_index(year({"A": (1000, 100, 500, 25)}), pd.Series({"bijstand_rate": 0.05}), HALF)
    assert index["A"] == pytest.approx(200)


def test_index_with_the_niet_westers_component():
    # niet-westers 300/1000 = 0,30 on a national 0,15 → 2,0; bijstand 2,0 → 100 × (0,5·2 + 0,5·2) = 200
    frame = year({"A": (1000, 100, 500, 25)}).assign(niet_westers=[300.0])
    national = pd.Series({"bijstand_rate": 0.05, "niet_westers_rate": 0.15})
    assert vulnerability_index(frame, national, {"bijstand": 0.5, "niet_westers": 0.5})["A"] == pytest.approx(200)


# ---------------------------------------------------------------------------------- national rates


def test_national_rates_from_the_nederland_row():
    nl = nederland({2022: (17_000_000, 425_000, 8.0)}).assign(niet_westers_pct=[14.0])
    rates = national_rates(nl)
    # 425.000 / 17.000.000 = 0,025; 8,0 % = 0,08; 14 % = 0,14
    assert rates.loc[2022, "bijstand_rate"] == pytest.approx(0.025)
    assert rates.loc[2022, "laag_inkomen_rate"] == pytest.approx(0.08)
    assert rates.loc[2022, "niet_westers_rate"] == pytest.approx(0.14)
    assert "niet_westers_rate" not in national_rates(nederland({2022: (1, 1, 1.0)}))


def test_reference_rates_take_the_nederland_row_first():
    p = panel(grid(["BU00010001"], ["GM0001"]), {2022: {"BU00010001": {"inwoners": 10}}},
              nederland({2022: (1000, 40, 12.5)}))
    rates = reference_rates(p, 2022, p.year(2022), ["bijstand", "laag_inkomen"])
    assert rates["bijstand_rate"] == pytest.approx(0.04)  # 40 / 1000
    assert rates["laag_inkomen_rate"] == pytest.approx(0.125)
    assert p.national_used[(2022, "bijstand")] == "de Nederland-rij van de CBS Kerncijfers 2022"
    assert p.regional_rates == set() and p.notes == []


def test_reference_rates_fall_back_to_the_shipped_figure_then_the_region():
    codes = ["BU00010001", "BU00010002", "BU00010003"]
    values = {2015: {
        "BU00010001": {"inwoners": 100, "bijstand": 10, "huishoudens": 50, "laag_inkomen_hh": 5},
        "BU00010002": {"inwoners": 300, "huishoudens": 100, "laag_inkomen_hh": np.nan},  # suppressed
        "BU00010003": {"inwoners": 100, "bijstand": 30, "huishoudens": 50, "laag_inkomen_hh": 15},
    }}
    p = panel(grid(codes, ["GM0001"] * 3), values, nederland({2022: (1000, 40, 12.5)}))
    rates = reference_rates(p, 2015, p.year(2015), ["bijstand", "laag_inkomen"])
    assert rates["bijstand_rate"] == pytest.approx(0.02617)  # sources/nederland.yaml, 2015
    assert "Wijk- en Buurtkaart 2015" in p.national_used[(2015, "bijstand")]
    # laag inkomen of the region, only buurten with both counts: (5 + 15) / (50 + 50) = 0,20
    assert rates["laag_inkomen_rate"] == pytest.approx(0.20)
    assert p.national_used[(2015, "laag_inkomen")] == "het gemiddelde van de regio (landelijk cijfer ontbreekt)"
    assert p.regional_rates == {2015}
    assert p.notes == ["Het landelijke cijfer voor laag_inkomen in 2015 ontbreekt; de index gebruikt daarvoor het "
                       "gemiddelde van de regio (100 = regiogemiddelde)."]


def test_reference_rates_mix_the_nederland_row_and_the_region():
    nl = nederland({2022: (1000, 40, np.nan)})  # the row lacks the laag-inkomen share
    values = {2022: {"BU00010001": {"inwoners": 1, "bijstand": 1, "huishoudens": 4, "laag_inkomen_hh": 1}}}
    p = panel(grid(["BU00010001"], ["GM0001"]), values, nl)
    rates = reference_rates(p, 2022, p.year(2022), ["bijstand", "laag_inkomen"])
    assert rates["bijstand_rate"] == pytest.approx(0.04)
    assert rates["laag_inkomen_rate"] == pytest.approx(0.25)  # 1 / 4, the region's own
    assert p.regional_rates == {2022}


def test_reference_rates_of_a_region_of_one_inhabitant():
    values = {2016: {"BU00010001": {"inwoners": 1, "bijstand": 1}}}
    p = panel(grid(["BU00010001"], ["GM0001"]), values, nederland({2022: (1000, 40, 12.5)}))
    assert reference_rates(p, 2016, p.year(2016), ["bijstand"])["bijstand_rate"] == pytest.approx(1.0)


@pytest.mark.filterwarnings("error")
def test_reference_rates_without_any_figure_stay_missing():
    p = panel(grid(["BU00010001"], ["GM0001"]), {2016: {"BU00010001": {"inwoners": 100, "bijstand": np.nan}}},
              nederland({2022: (1000, 40, 12.5)}))
    rates = reference_rates(p, 2016, p.year(2016), ["bijstand"])
    assert np.isnan(rates.get("bijstand_rate", np.nan))
    assert p.regional_rates == set() and p.notes == [] and p.national_used == {}


def test_reference_rates_without_inhabitants_stay_missing():
    p = panel(grid(["BU00010001"], ["GM0001"]), {2016: {"BU00010001": {"inwoners": 0, "bijstand": 3}}},
              nederland({2022: (1000, 40, 12.5)}))
    rates = reference_rates(p, 2016, p.year(2016), ["bijstand"])
    assert np.isnan(rates.get("bijstand_rate", np.nan)) and p.national_used == {}


# ---------------------------------------------------------------------------------- the indicator frame

CODES = ["BU00010001", "BU00010002", "BU00020003", "BU00020004"]
GEMEENTEN = ["GM0001", "GM0001", "GM0002", "GM0002"]
#: (inwoners, bijstand, huishoudens, laag_inkomen_hh, woningen, corporatie_won, onv) per buurt and year
FIGURES = {
    2022: {"BU00010001": (1000, 50, 400, 40, 500, 300, 0.10),     # 1,0 and 1,0 → 100; 60 % corporatie
           "BU00010002": (3000, 300, 1000, 200, 1000, 200, -0.10),  # 2,0 and 2,0 → 200; 20 %
           "BU00020003": (50, 5, 20, 2, 25, 0, 0.0),              # 2,0 and 1,0 → 150; too small (< 100)
           "BU00020004": (2000, 200, 800, 40, 800, 400, -0.08)},  # 2,0 and 0,5 → 125; 50 %
    2014: {"BU00010001": (900, 45, 400, 20, 500, 250, 0.04),      # 1,0 and 0,5 → 75
           "BU00010002": (3000, 150, 1000, 100, 1000, 200, -0.02),  # 1,0 and 1,0 → 100
           "BU00020003": (60, 3, 20, 2, 25, 0, 0.01),             # 1,0 and 1,0 → 100
           "BU00020004": (2000, np.nan, 800, 80, 800, 400, -0.05)},  # laag inkomen alone: 1,0 → 100
}
COLUMNS = ("inwoners", "bijstand", "huishoudens", "laag_inkomen_hh", "woningen", "corporatie_won", "onv")


def four_buurten(years=(2014, 2022)):
    values = {j: {c: dict(zip(COLUMNS, FIGURES[j][c])) for c in CODES} for j in years}
    return panel(grid(CODES, GEMEENTEN), values, nederland({2014: (1000, 50, 10.0), 2022: (1000, 50, 10.0)}))


@pytest.fixture
def frame():
    return indicator_frame(four_buurten(), config()).set_index("code")


def test_indicators_of_the_situation_and_base_year(frame):
    assert frame["kwetsbaar"].to_dict() == pytest.approx(dict(zip(CODES, [100, 200, 150, 125])))
    assert frame["kwetsbaar_basis"].to_dict() == pytest.approx(dict(zip(CODES, [75, 100, 100, 100])))
    assert frame["corporatie"].to_dict() == pytest.approx(dict(zip(CODES, [60, 20, 0, 50])))
    assert frame["corporatie_basis"]["BU00010001"] == pytest.approx(50)  # 250 / 500
    assert frame["inwoners_basis"].to_dict() == pytest.approx(dict(zip(CODES, [900, 3000, 60, 2000])))
    assert frame["onv_basis"].to_dict() == pytest.approx(dict(zip(CODES, [0.04, -0.02, 0.01, -0.05])))
    # developments: situation − base
    assert frame["d_onv"].to_dict() == pytest.approx(dict(zip(CODES, [0.06, -0.08, -0.01, -0.03])))
    assert frame["d_kwetsbaar"].to_dict() == pytest.approx(dict(zip(CODES, [25, 100, 50, 25])))
    assert frame["te_klein"].to_dict() == dict(zip(CODES, [False, False, True, False]))
    assert list(frame["gm_naam"]) == ["Een", "Een", "Twee", "Twee"]
    assert frame["woningen"].tolist() == [500, 1000, 25, 800] and frame["inwoners"].tolist() == [1000, 3000, 50, 2000]
    assert frame.crs == "EPSG:28992"


def test_reference_gemeente_compares_with_the_weighted_mean_of_the_gemeente(frame):
    # onv, Een: (1000 × 0,10 + 3000 × −0,10) / 4000 = −0,05; Twee: only BU00020004 (BU00020003 is too small): −0,08
    assert frame["onv_gemeente"].to_dict() == pytest.approx(
        dict(zip(CODES, [0.10 + 0.05, -0.10 + 0.05, 0.0 + 0.08, -0.08 + 0.08])))
    # kwetsbaar is a ratio: Een (1000 × 100 + 3000 × 200) / 4000 = 175; Twee 125
    assert frame["kwetsbaar_gemeente"].to_dict() == pytest.approx(
        dict(zip(CODES, [100 * 100 / 175, 100 * 200 / 175, 100 * 150 / 125, 100 * 125 / 125])))
    # d_kwetsbaar is a difference: Een (1000 × 25 + 3000 × 100) / 4000 = 81,25; Twee 25
    assert frame["d_kwetsbaar_gemeente"].to_dict() == pytest.approx(
        dict(zip(CODES, [25 - 81.25, 100 - 81.25, 50 - 25, 25 - 25])))
    # d_onv: Een (1000 × 0,06 + 3000 × −0,08) / 4000 = −0,045; Twee −0,03
    assert frame["d_onv_gemeente"].to_dict() == pytest.approx(
        dict(zip(CODES, [0.06 + 0.045, -0.08 + 0.045, -0.01 + 0.03, -0.03 + 0.03])))


def test_reference_regio_compares_with_the_weighted_mean_of_the_region(frame):
    # onv: (1000 × 0,10 − 3000 × 0,10 − 2000 × 0,08) / 6000 = −0,06 (the small buurt left out)
    assert frame["onv_regio"].to_dict() == pytest.approx(dict(zip(CODES, [0.16, -0.04, 0.06, -0.02])))
    mean = (1000 * 100 + 3000 * 200 + 2000 * 125) / 6000
    assert frame["kwetsbaar_regio"].to_dict() == pytest.approx(
        dict(zip(CODES, [100 * v / mean for v in (100, 200, 150, 125)])))


def test_with_reference_swaps_in_the_chosen_level(frame):
    flat = frame.reset_index()
    assert with_reference(flat, "nederland")["onv"].tolist() == pytest.approx([0.10, -0.10, 0.0, -0.08])
    gemeente = with_reference(flat, "gemeente")
    assert gemeente["onv"].tolist() == pytest.approx([0.15, -0.05, 0.08, 0.0])
    assert gemeente["kwetsbaar"].tolist() == pytest.approx([100 * 100 / 175, 100 * 200 / 175, 120, 100])
    assert gemeente["d_onv"].tolist() == pytest.approx([0.105, -0.035, 0.02, 0.0])
    assert gemeente["d_kwetsbaar"].tolist() == pytest.approx([-56.25, 18.75, 25, 0])
    assert with_reference(flat, "regio")["onv"].tolist() == pytest.approx([0.16, -0.04, 0.06, -0.02])
    assert flat["onv"].tolist() == pytest.approx([0.10, -0.10, 0.0, -0.08])  # the input is left alone


def test_relative_skips_missing_values_and_empty_groups():
    frame = pd.DataFrame({"gm_code": ["A", "A", "B", "C"], "onv": [0.1, np.nan, 0.3, 0.5],
                          "inwoners": [100, 300, 0, 1], "te_klein": [False, False, False, False]})
    add_relative(frame, "onv")
    # A: only the first buurt has a value: mean 0,1; B: no inhabitants, so no mean
    assert frame["onv_gemeente"].iloc[0] == pytest.approx(0.0)
    assert np.isnan(frame["onv_gemeente"].iloc[1]) and np.isnan(frame["onv_gemeente"].iloc[2])
    assert frame["onv_regio"].iloc[2] == pytest.approx(0.3 - (100 * 0.1 + 1 * 0.5) / 101)
    assert frame["onv_gemeente"].iloc[3] == pytest.approx(0.0)  # one inhabitant is a weight


def test_without_national_figures_the_region_is_100():
    p = four_buurten()
    p.nederland = nederland({2014: (1000, 50, 10.0)})  # no Nederland row for 2022
    frame = indicator_frame(p, config()).set_index("code")
    bijstand = (50 + 300 + 5 + 200) / (1000 + 3000 + 50 + 2000)  # the region's rates of 2022
    laag = (40 + 200 + 2 + 40) / (400 + 1000 + 20 + 800)
    assert frame.loc["BU00010001", "kwetsbaar"] == pytest.approx(100 * (0.5 * 0.05 / bijstand + 0.5 * 0.10 / laag))
    assert frame.loc["BU00010001", "kwetsbaar_basis"] == pytest.approx(75)  # 2014 keeps its Nederland row


def test_corporatie_needs_dwellings():
    p = four_buurten()
    p.values.loc[("BU00010001", 2022), ["woningen", "corporatie_won"]] = [0, 3]
    p.values.loc[("BU00010002", 2022), ["woningen", "corporatie_won"]] = [1, 1]
    frame = indicator_frame(p, config()).set_index("code")
    assert np.isnan(frame.loc["BU00010001", "corporatie"]) and frame.loc["BU00010002", "corporatie"] == 100


def test_without_scores_or_cbs_figures_the_indicators_are_missing():
    p = four_buurten()
    p.values = p.values.drop(columns="onv")
    p.values["inwoners"] = np.nan
    frame = indicator_frame(p, config()).set_index("code")
    assert frame["onv"].isna().all() and frame["kwetsbaar"].isna().all() and frame["d_kwetsbaar"].isna().all()
    # an unknown count is 'geen gegevens', not 'too few' (issue 11, defect 6): NaN < 1000 is False
    assert frame["inwoners_onbekend"].all() and not frame["te_klein"].any()


def test_own_index_replaces_the_computed_index():
    p = four_buurten()
    p.values["kwetsbaar_eigen"] = np.nan
    p.values.loc[("BU00010001", 2022), "kwetsbaar_eigen"] = 333.0
    frame = indicator_frame(p, config()).set_index("code")
    assert frame.loc["BU00010001", "kwetsbaar"] == 333.0
    assert np.isnan(frame.loc["BU00010002", "kwetsbaar"])
    assert frame.loc["BU00010002", "kwetsbaar_basis"] == pytest.approx(100)  # 2014 has no own index


def test_without_base_year_the_developments_are_missing():
    frame = indicator_frame(four_buurten(years=(2022,)), config()).set_index("code")
    assert frame["d_onv"].isna().all() and frame["d_kwetsbaar"].isna().all() and frame["onv_basis"].isna().all()
    assert frame["kwetsbaar"].to_dict() == pytest.approx(dict(zip(CODES, [100, 200, 150, 125])))


def test_min_inwoners_is_inclusive():
    frame = indicator_frame(four_buurten(), config(min_inwoners=1000)).set_index("code")
    assert frame["te_klein"].to_dict() == dict(zip(CODES, [False, False, True, False]))
    frame = indicator_frame(four_buurten(), config(min_inwoners=1001)).set_index("code")
    assert frame["te_klein"].to_dict() == dict(zip(CODES, [True, False, True, False]))


# ---------------------------------------------------------------------------------- years per source


def test_source_years_each_source_its_own():
    p = four_buurten()
    # the buurtkaart (indeling) is that of the CBS year nearest the situation year 2022: 2022 itself
    assert source_years(p, config()) == SourceYears(onv=2022, onv_basis=2014, cbs=2022, cbs_basis=2014,
                                                    indeling=2022)
    assert not source_years(p, config()).mixed()


def test_source_years_fall_back_to_a_cbs_year_within_the_tolerance():
    p = four_buurten()
    p.values.loc[(slice(None), 2022), "inwoners"] = np.nan  # no CBS figures of 2022, only of 2014
    # strict by default (cbs_year_tolerance 0): no CBS year for 2022, so none for the base year either;
    # the buurtkaart is still that of the nearest CBS year, 2014
    strict = source_years(p, config())
    assert strict == SourceYears(onv=2022, onv_basis=2014, cbs=None, cbs_basis=None, indeling=2014)
    assert not strict.mixed()
    # 2022 - 2014 = 8 years: a tolerance of 7 is too little, 8 takes 2014 for the situation;
    # the base year must lie before 2014 and there is none
    assert source_years(p, config(cbs_year_tolerance=7)).cbs is None
    used = source_years(p, config(cbs_year_tolerance=8))
    assert used == SourceYears(onv=2022, onv_basis=2014, cbs=2014, cbs_basis=None, indeling=2014)
    assert used.mixed()
    assert source_years(p, config(situation_year=2023)).onv is None


def test_source_years_take_the_situation_year_when_present():
    p = four_buurten()
    later = pd.DataFrame({"code": CODES, "jaar": 2023, "inwoners": [1.0] * 4}).set_index(["code", "jaar"])
    p.values = pd.concat([p.values, later]).sort_index()
    assert source_years(p, config()).cbs == 2022


def test_source_years_without_anything():
    p = four_buurten()
    p.values["inwoners"] = np.nan
    p.values["onv"] = np.nan
    assert source_years(p, config()) == SourceYears(None, None, None, None)
    assert not SourceYears(None, None, 2022, None).mixed()
    assert not SourceYears(2022, None, None, None).mixed()


def test_yearly_indicators_weigh_a_scores_only_year_with_the_situation():
    p = four_buurten()
    extra = pd.DataFrame({"code": CODES, "jaar": 2018, "onv": [0.2, 0.1, 0.0, -0.1]}).set_index(["code", "jaar"])
    p.values = pd.concat([p.values, extra]).sort_index()
    p.nederland = nederland({2014: (1000, 50, 10.0), 2018: (1000, 50, 10.0), 2022: (1000, 50, 10.0)})
    long = yearly_indicators(p, config()).set_index(["jaar", "code"])
    assert not any(jaar == 2018 for jaar, _ in p.national_used)  # 2018 has no CBS figures: no index
    assert sorted(long.index.get_level_values("jaar").unique()) == [2014, 2018, 2022]
    assert long.loc[2018, "onv"].tolist() == pytest.approx([0.2, 0.1, 0.0, -0.1])
    assert long.loc[2018, "inwoners"].tolist() == [1000, 3000, 50, 2000]  # the inhabitants of 2022
    assert long.loc[2018, "kwetsbaar"].isna().all()
    assert long.loc[2014, "inwoners"].tolist() == [900, 3000, 60, 2000]
    assert long.loc[2014, "kwetsbaar"].tolist() == pytest.approx([75, 100, 100, 100])
    assert long.loc[2014, "te_klein"].tolist() == [False, False, True, False]
    assert long.loc[2022, "gm_naam"].tolist() == ["Een", "Een", "Twee", "Twee"]
    strict = yearly_indicators(p, config(min_inwoners=900)).set_index(["jaar", "code"])
    assert strict.loc[2014, "te_klein"].tolist() == [False, False, True, False]  # 900 inhabitants are enough


def test_yearly_indicators_use_the_cbs_figures_of_the_years_between_base_and_situation_only():
    p = four_buurten()
    extra = pd.DataFrame({"code": CODES * 2, "jaar": [2012] * 4 + [2018] * 4,
                          "inwoners": [1.0] * 4 + [5.0] * 4}).set_index(["code", "jaar"])
    p.values = pd.concat([p.values, extra]).sort_index()
    p.nederland = nederland({j: (1000, 50, 10.0) for j in (2012, 2014, 2018, 2022)})
    long = yearly_indicators(p, config()).set_index(["jaar", "code"])
    assert long.loc[2018, "inwoners"].tolist() == [5, 5, 5, 5]                # between 2014 and 2022: its own
    assert long.loc[2012, "inwoners"].tolist() == [1000, 3000, 50, 2000]      # before the base year: 2022's


def test_yearly_indicators_without_cbs_figures_of_the_situation_weigh_with_those_of_the_buurtkaart_year():
    p = four_buurten()
    p.values.loc[(slice(None), 2022), "inwoners"] = np.nan  # strict: no CBS year for 2022 (the buurtkaart is 2014's)
    long = yearly_indicators(p, config()).set_index(["jaar", "code"])
    assert long.loc[2022, "inwoners"].tolist() == [900, 3000, 60, 2000]       # the inhabitants of 2014
    assert long.loc[2022, "kwetsbaar"].isna().all()
    # 2014 lies between base and situation year: its own figures and index, as in the test above
    assert long.loc[2014, "kwetsbaar"].tolist() == pytest.approx([75, 100, 100, 100])
