"""The loaders on the real official files in ../shared/data (read in place, never copied)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from veerkracht_lib.schema import BUURT_COLUMNS, CRS, KWB_KEYS, LBM_SCORES
from veerkracht_lib.sources import catalogue, cbs_buurten, kwb, leefbaarometer
from veerkracht_lib.sources.discovery import Skip

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
pytestmark = [pytest.mark.real_data, pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"real data folder {SHARED} is absent (see shared/data/SOURCES.md)"
)]

PARKSTAD = ["GM1954", "GM0899", "GM0917", "GM0928", "GM0882", "GM0965", "GM0986"]
BEEKDAELEN_2015 = ["GM0951", "GM0881", "GM0962"]  # Nuth, Onderbanken, Schinnen
HEERLEN_YEARS = [2016, 2017, 2018, 2019, 2020]


@pytest.fixture(scope="module")
def buurten_2015(shared_data):
    return cbs_buurten.read_buurten(
        shared_data / "cbs_wijkbuurtkaart_2015_zuid-limburg" / "buurt.geojson", 2015
    )


def statline_path(shared_data, year):
    return shared_data / "cbs_kwb_statline_heerlen" / f"Kerncijfers_wijken_en_buurten_{year}_pp.csv"


# -- Wijk- en Buurtkaart 2015 --------------------------------------------------------------------


def test_buurten_2015_has_all_408_buurten_in_rd(buurten_2015):
    # 408 and not more: the third party that converted the map already removed the water buurten
    assert len(buurten_2015) == 408
    assert buurten_2015.crs == CRS
    assert list(buurten_2015.columns[: len(BUURT_COLUMNS)]) == BUURT_COLUMNS
    assert buurten_2015["code"].is_unique
    assert (buurten_2015["jaar"] == 2015).all()
    # RD New: Zuid-Limburg lies around x 175-215 km, y 305-345 km
    minx, miny, maxx, maxy = buurten_2015.total_bounds
    assert 160_000 < minx < maxx < 220_000 and 300_000 < miny < maxy < 350_000


def test_bijstand_sentinels_become_missing(buurten_2015):
    bijstand = buurten_2015["bijstand"]
    assert bijstand.dtype == np.float64
    assert bijstand.min() >= 0
    # the file writes 30 suppressed counts as -99999999: 23 among the 401 inhabited buurten
    # (docs/methodology.md section 9) and 7 in buurten without inhabitants
    inhabited = buurten_2015["inwoners"] > 0
    assert inhabited.sum() == 401
    assert bijstand[inhabited].isna().sum() == 23
    assert bijstand.isna().sum() == 30


def test_buurten_2015_carries_the_key_figures_of_the_map(buurten_2015):
    assert {"inwoners", "huishoudens", "bijstand", "niet_westers_pct"} <= set(buurten_2015.columns)
    assert "corporatie_pct" not in buurten_2015.columns  # not in this map (SOURCES.md)
    heerlen = buurten_2015[buurten_2015["gm_code"] == "GM0917"]
    assert len(heerlen) == 57 and set(heerlen["gm_naam"]) == {"Heerlen"}


def test_parkstad_2015_resolves_beekdaelen_through_the_merger_list(buurten_2015):
    selection = cbs_buurten.select_region(buurten_2015, PARKSTAD)
    assert selection.method == "herindelingen"
    chosen = selection.buurten
    assert (chosen["gm_code"].isin(BEEKDAELEN_2015)).sum() == 29
    for code in PARKSTAD[1:]:
        assert set(chosen.loc[chosen["gm_code"] == code, "code"]) == set(
            buurten_2015.loc[buurten_2015["gm_code"] == code, "code"]
        )
    assert len(chosen) == 29 + 170


def test_parkstad_2015_by_outline_equals_the_merger_list(buurten_2015):
    parkstad = buurten_2015[buurten_2015["gm_code"].isin(BEEKDAELEN_2015 + PARKSTAD[1:])]
    by_outline = cbs_buurten.select_region(buurten_2015, PARKSTAD, outline=parkstad)
    assert by_outline.method == "outline"
    by_list = cbs_buurten.select_region(buurten_2015, PARKSTAD)
    assert sorted(by_outline.buurten["code"]) == sorted(by_list.buurten["code"])


def test_outline_from_the_gemeente_map_in_wgs84(buurten_2015, shared_data):
    gemeenten = cbs_buurten.read_layer(shared_data / "cbs_wijkbuurtkaart_2015_zuid-limburg" / "gemeente.geojson")
    heerlen = gemeenten[gemeenten["GM_CODE"] == "GM0917"]  # EPSG:4326, reprojected by select_region
    chosen = cbs_buurten.select_region(buurten_2015, ["GM0917"], outline=heerlen).buurten
    assert set(chosen["gm_code"]) == {"GM0917"} and len(chosen) == 57


# -- Kerncijfers StatLine exports, Heerlen 2016-2020 -------------------------------------------


@pytest.mark.parametrize("year", HEERLEN_YEARS)
def test_heerlen_statline_exports_load(shared_data, buurten_2015, year):
    frame, unmatched = kwb.read_statline_export(statline_path(shared_data, year), year, buurten_2015)
    assert list(frame.columns[:4]) == KWB_KEYS
    assert {"corporatie_pct", "bijstand", "inwoners"} <= set(frame.columns)
    assert frame["soort"].value_counts().to_dict() == {"buurt": 57, "wijk": 23, "gemeente": 1}
    assert (frame["jaar"] == year).all()
    assert frame["bijstand"].notna().sum() > 70 and frame["bijstand"].min() >= 0
    corporatie = frame["corporatie_pct"]
    if year == 2020:  # StatLine left corporatiebezit empty in the 2020 export
        assert corporatie.isna().all()
    else:
        assert corporatie.between(0, 100).sum() > 70
    # names that persisted since 2015 all match the 2015 buurt table
    assert frame["code"].notna().all() and unmatched.empty


def test_heerlen_2018_matches_the_published_totals(shared_data, buurten_2015):
    frame, _ = kwb.read_statline_export(statline_path(shared_data, 2018), 2018, buurten_2015)
    heerlen = frame.set_index("code").loc["GM0917"]
    assert heerlen["naam"] == "Heerlen" and heerlen["soort"] == "gemeente"
    assert (heerlen["inwoners"], heerlen["corporatie_pct"], heerlen["bijstand"]) == (86762, 37, 4640)
    assert heerlen["laag_inkomen_pct"] == pytest.approx(12.5)
    buurten = frame[frame["soort"] == "buurt"]
    assert buurten["corporatie_pct"].max() == pytest.approx(88)


def test_wijk_codes_come_from_their_buurten_not_from_a_misnumbered_name(shared_data, buurten_2015):
    # StatLine 2016 calls wijk 42 "Wijk 41 De Beitel", next to the real "Wijk 41 Heerlerbaan-Schil"
    frame, _ = kwb.read_statline_export(statline_path(shared_data, 2016), 2016, buurten_2015)
    codes = frame.set_index("naam")["code"]
    assert codes["Wijk 41 De Beitel"] == "WK091742"
    assert codes["Wijk 41 Heerlerbaan-Schil"] == "WK091741"
    assert codes["Beitel"] == "BU09174200"


def test_names_not_in_the_buurt_table_are_reported(shared_data, buurten_2015):
    # pretend two buurten and a whole wijk did not exist in the table: they must be listed,
    # the rest still matched
    gone = {"BU09173602", "BU09174000"}  # Ziekenhuis; Heerlerbaan-Oost, the only buurt of wijk 40
    table = buurten_2015[~buurten_2015["code"].isin(gone)]
    frame, unmatched = kwb.read_statline_export(statline_path(shared_data, 2019), 2019, table)
    assert set(unmatched["naam"]) == {"Ziekenhuis", "Heerlerbaan-Oost", "Wijk 40 Heerlerbaan-Centrum"}
    assert set(unmatched["gm_code"]) == {"GM0917"}
    assert unmatched["reden"].str.contains("Heerlen").all()
    assert frame["code"].isna().sum() == 3
    assert frame.loc[frame["naam"] == "Welten-Dorp", "code"].item() == "BU09173601"


def test_without_a_buurt_table_rows_stay_keyed_by_name(shared_data):
    frame, unmatched = kwb.read_statline_export(statline_path(shared_data, 2017), 2017)
    assert frame["code"].isna().all()
    assert len(unmatched) == len(frame) == 81
    assert unmatched["reden"].str.contains("geen buurtkaart van 2017").all()
    assert frame.loc[0, "soort"] == "gemeente" and frame.loc[0, "naam"] == "Heerlen"


# -- Leefbaarometer, Amstelveen wijken -----------------------------------------------------------


def test_amstelveen_leefbaarometer_scores(shared_data):
    scores = leefbaarometer.read_scores(
        shared_data / "leefbaarometer3_amstelveen_wijken" / "AmstelveenDataWithDimensions.csv"
    )
    assert list(scores.columns) == ["code", "jaar", *LBM_SCORES, "naam"]  # the leading row index is gone
    assert len(scores) == 56 and scores["code"].nunique() == 14
    assert sorted(scores["jaar"].unique()) == [2014, 2018, 2020, 2022]
    assert scores["code"].str.startswith("WK0362").all()
    dimensions = scores[["fys", "onv", "soc", "vrz", "won"]].sum(axis=1)
    assert np.allclose(scores["afw"], dimensions, atol=1e-9)
    assert scores["onv"].between(-0.2, 0.2).all()


# -- Leefbaarometer, Parkstad buurten (the real national layout) -------------------------------


def parkstad_scores_files(shared_data):
    folder = shared_data / "leefbaarometer3_parkstad_buurten"
    return [folder / "lbm3_scores_buurten_parkstad_2014_2022.csv",
            folder / "lbm3_scores_buurten_10_buurten_alle_jaren.csv"]


def test_passart_onv_as_published(shared_data):
    scores = leefbaarometer.read_scores(parkstad_scores_files(shared_data)[0]).set_index(["code", "jaar"])
    # read by hand from the CSV: "BU09172100","Passart",2014,...,-0.188215505632335,... and 2022
    assert scores.loc[("BU09172100", 2014), "onv"] == pytest.approx(-0.188215505632335, abs=1e-15)
    assert scores.loc[("BU09172100", 2022), "onv"] == pytest.approx(-0.225125783010685, abs=1e-15)
    assert len(scores) == 194 * 2


def test_the_two_parkstad_files_merge(shared_data):
    merged = leefbaarometer.read_scores_files(parkstad_scores_files(shared_data))
    # 194 buurten x 2014, 2022 from the big file; the 10-buurten file adds its 7 other years
    # (2002 2008 2012 2016 2018 2020 2024) for each of its 10 buurten
    assert len(merged) == 194 * 2 + 10 * 7
    assert merged["code"].nunique() == 194
    brunssumerheide = merged[merged["code"] == "BU08820220"].set_index("jaar")
    assert brunssumerheide.index.tolist() == [2002, 2008, 2012, 2014, 2016, 2018, 2020, 2022, 2024]
    # 2002: "BU08820220","Brunssumerheide (1)",2002,3.61932169436915,-0.48294315677453,NA,NA,NA,NA,NA
    assert brunssumerheide.loc[2002, "lbm"] == pytest.approx(3.61932169436915, abs=1e-14)
    assert brunssumerheide.loc[2002, ["fys", "onv", "soc", "vrz", "won"]].isna().all()
    assert brunssumerheide.loc[[2014, 2018, 2020, 2022, 2024], "onv"].notna().all()
    assert brunssumerheide.loc[[2008, 2012, 2016], "onv"].isna().all()


# -- discovery in a data folder ------------------------------------------------------------------


def test_the_shared_folder_is_a_valid_data_dir(shared_data):
    found = catalogue.get_path("cbs_buurten", 2015, shared_data)
    assert found == shared_data / "cbs_wijkbuurtkaart_2015_zuid-limburg" / "buurt.geojson"  # year from the folder
    assert catalogue.get_path("kwb", 2018, shared_data).name == "Kerncijfers_wijken_en_buurten_2018_pp.csv"
    # both real Parkstad buurt files are the scores; the Amstelveen file is wijk-level and is not
    scores = catalogue.get_paths("leefbaarometer_buurten", None, shared_data)
    assert sorted(path.name for path in scores) == [
        "lbm3_scores_buurten_10_buurten_alle_jaren.csv", "lbm3_scores_buurten_parkstad_2014_2022.csv"
    ]
    assert catalogue.get_path("cbs_buurten", 2016, shared_data, cache_dir=shared_data / "no-cache") is None
    frame, unmatched = kwb.read(catalogue.get_path("kwb", 2018, shared_data), 2018)
    assert len(frame) == len(unmatched) == 81


def test_the_shared_folder_says_which_files_it_ignores_and_why(shared_data):
    ignored = {item.path.relative_to(shared_data).as_posix(): item.reason
               for item in catalogue.scan(shared_data).ignored}
    assert ignored == {
        "cbs_wijkbuurtkaart_2015_zuid-limburg/gemeente.geojson": "gemeentelaag: de kaarten vragen de buurtlaag",
        "cbs_wijkbuurtkaart_2015_zuid-limburg/wijk.geojson":
            "wijklaag: alleen de wijknamen worden gebruikt (uit dezelfde map als de buurtkaart)",
        "leefbaarometer3_amstelveen_wijken/AmstelveenDataWithDimensions.csv":
            "Leefbaarometer-scores per wijk: de kaarten vragen scores per buurt (bu_code)",
    }
    assert {item.path.name: item.skip for item in catalogue.scan(shared_data).ignored} == {
        "gemeente.geojson": Skip.GEMEENTE_LAYER, "wijk.geojson": Skip.WIJK_LAYER,
        "AmstelveenDataWithDimensions.csv": Skip.WIJK_SCORES}


def test_data_status_on_the_shared_folder(shared_data):
    from conftest import run_cli

    result = run_cli("data", "status", "parkstad-limburg", "--data-dir", shared_data,
                     env={**os.environ, "COLUMNS": "300"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    found = [line for line in lines if "gevonden" in line]
    assert any("cbs_buurten" in line and "2015" in line and "zuid-limburg/buurt.geojson" in line for line in found)
    assert sum("leefbaarometer_buurten" in line for line in found) == 2
    assert sum("Kerncijfers_wijken_en_buurten_20" in line for line in found) == 5
    amstelveen = next(line for line in lines if "AmstelveenDataWithDimensions.csv" in line)
    assert "Leefbaarometer-scores per wijk: de kaarten vragen scores per buurt" in amstelveen
    assert "gevonden" not in amstelveen
