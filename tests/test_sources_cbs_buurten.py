"""read_buurten and select_region on small maps written in the official styles."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from veerkracht_lib.errors import SourceError
from veerkracht_lib.schema import BUURT_COLUMNS, CRS
from veerkracht_lib.sources import cbs_buurten


def newer_style_buurten() -> gpd.GeoDataFrame:
    """Three buurten in the lower-case style of the 2022+ GeoPackage, in WGS84."""
    return gpd.GeoDataFrame(
        {
            "buurtcode": ["BU19540001", "BU19540000", "BU19549999"],
            "buurtnaam": ["Vaesrade", "Nuth-Centrum", "Water"],
            "wijkcode": ["WK195400", "WK195400", "WK195499"],
            "gemeentecode": ["GM1954", "GM1954", "GM1954"],
            "gemeentenaam": ["Beekdaelen", "Beekdaelen", "Beekdaelen"],
            "water": ["NEE", "NEE", "JA"],
            "aantal_inwoners": [1200, 3400, 0],
            "woningvoorraad": [560, 1500, 0],
            "percentage_huurwoningen_in_bezit_woningcorporaties": [12, -99997, -99997],
            "aantal_personen_met_een_alg_bijstandsuitkering_tot": [20, -99999999, -99999999],
        },
        geometry=[box(5.88, 50.91, 5.89, 50.92), box(5.89, 50.91, 5.90, 50.92), box(5.90, 50.91, 5.91, 50.92)],
        crs="EPSG:4326",
    )


def test_geopackage_layer_buurten_in_the_newer_style(tmp_path):
    path = tmp_path / "wijkenbuurten_2022_v2.gpkg"
    buurten = newer_style_buurten()
    buurten.to_file(path, layer="buurten")
    buurten.dissolve("gemeentecode").reset_index()[["gemeentecode", "geometry"]].to_file(path, layer="gemeenten")
    frame = cbs_buurten.read_buurten(path, 2022)
    assert frame.crs == CRS
    assert list(frame.columns) == BUURT_COLUMNS + ["inwoners", "woningen", "corporatie_pct", "bijstand"]
    assert list(frame["code"]) == ["BU19540000", "BU19540001"]  # sorted, water buurt dropped
    assert frame.loc[0, "corporatie_pct"] != frame.loc[0, "corporatie_pct"]  # -99997 is NaN
    assert np.isnan(frame.loc[0, "bijstand"]) and frame.loc[1, "bijstand"] == 20
    assert (frame["jaar"] == 2022).all() and (frame["gm_naam"] == "Beekdaelen").all()
    x, y = frame.geometry.iloc[0].centroid.coords[0]
    assert 185_000 < x < 195_000 and 320_000 < y < 335_000


def test_shapefile_in_the_older_style_with_dots_and_derived_codes(tmp_path):
    older = gpd.GeoDataFrame(
        {
            "BU_CODE": ["BU09170000", "BU09170001"],
            "BU_NAAM": ["Centrum", "Noord"],
            "WATER": ["NEE", "NEE"],
            "AANT_INW": ["1200", "."],
            "P_HUURCORP": ["45", "-99997"],
            "WWB_UITTOT": ["60", "-"],
        },
        geometry=[box(190000, 320000, 191000, 321000), box(190000, 321000, 191000, 322000)],
        crs=CRS,
    )
    older.to_file(tmp_path / "buurt_2014.shp")
    frame = cbs_buurten.read_buurten(tmp_path / "buurt_2014.shp", 2014)
    assert list(frame["wk_code"]) == ["WK091700", "WK091700"]
    assert list(frame["gm_code"]) == ["GM0917", "GM0917"]
    assert frame["gm_naam"].isna().all()
    assert frame["inwoners"].tolist()[0] == 1200 and np.isnan(frame["inwoners"].tolist()[1])
    assert frame["bijstand"].tolist() == [60, 0]  # StatLine "-" means nihil
    assert np.isnan(frame.loc[1, "corporatie_pct"])


def test_text_in_a_numeric_column_is_an_error(tmp_path):
    buurten = newer_style_buurten().astype({"aantal_inwoners": str})
    buurten.loc[1, "aantal_inwoners"] = "3.400 (geschat)"
    buurten.to_file(tmp_path / "buurt_2022.geojson")
    with pytest.raises(SourceError, match="buurt_2022.geojson: kolom 'aantal_inwoners' bevat tekst waar getallen horen \\('3.400 \\(geschat\\)' in gegevensrij 2"):
        cbs_buurten.read_buurten(tmp_path / "buurt_2022.geojson", 2022)


def test_missing_code_column_is_an_error(tmp_path):
    newer_style_buurten().drop(columns="buurtcode").to_file(tmp_path / "buurt_2022.geojson")
    with pytest.raises(SourceError, match="buurt_2022.geojson: geen kolom BU_CODE \\(ook niet in kleine letters: buurtcode"):
        cbs_buurten.read_buurten(tmp_path / "buurt_2022.geojson", 2022)


def test_truncated_geopackage_is_an_error(tmp_path):
    path = tmp_path / "buurt_2022.gpkg"
    newer_style_buurten().to_file(path, layer="buurten")
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(SourceError, match="buurt_2022.gpkg: onleesbaar als kaartlaag.*onvolledig of beschadigd - download het opnieuw"):
        cbs_buurten.read_buurten(path, 2022)


def test_shapefile_without_prj_is_an_error(tmp_path):
    older = gpd.GeoDataFrame(
        {"BU_CODE": ["BU09170000"], "BU_NAAM": ["Centrum"]}, geometry=[box(0, 0, 1, 1)], crs=CRS
    )
    older.to_file(tmp_path / "buurt_2022.shp")
    (tmp_path / "buurt_2022.prj").unlink()
    with pytest.raises(SourceError, match="het coördinatenstelsel ontbreekt.*\\.prj-bestand.*kopieer de volledige download"):
        cbs_buurten.read_buurten(tmp_path / "buurt_2022.shp", 2022)


def test_ambiguous_layers_are_an_error(tmp_path):
    path = tmp_path / "kaart.gpkg"
    newer_style_buurten().to_file(path, layer="buurt_a")
    newer_style_buurten().to_file(path, layer="buurt_b")
    with pytest.raises(SourceError, match="lagen buurt_a, buurt_b en geen daarvan.*noem hem 'buurten'"):
        cbs_buurten.read_buurten(path, 2022)


def test_duplicate_codes_are_an_error(tmp_path):
    buurten = newer_style_buurten()
    buurten.loc[1, "buurtcode"] = "BU19540001"
    buurten.to_file(tmp_path / "buurt_2022.geojson")
    with pytest.raises(SourceError, match="buurtcode BU19540001 komt twee keer voor; .*download het opnieuw"):
        cbs_buurten.read_buurten(tmp_path / "buurt_2022.geojson", 2022)


def test_select_region_reports_gemeenten_it_cannot_find(tmp_path):
    newer_style_buurten().to_file(tmp_path / "buurt_2022.geojson")
    buurten = cbs_buurten.read_buurten(tmp_path / "buurt_2022.geojson", 2022)
    assert cbs_buurten.select_region(buurten, ["GM1954"]).method == "herindelingen"
    with pytest.raises(SourceError, match="gemeente GM0917 \\(uit GM1954, GM0917\\) ontbreekt.*geef de omtrek van de regio"):
        cbs_buurten.select_region(buurten, ["GM1954", "GM0917"])


def test_select_region_by_outline_follows_the_area_not_the_code(tmp_path):
    newer_style_buurten().to_file(tmp_path / "buurt_2022.geojson")
    buurten = cbs_buurten.read_buurten(tmp_path / "buurt_2022.geojson", 2022)
    outline = buurten[buurten["code"] == "BU19540000"].geometry.iloc[0].buffer(-10)
    chosen = cbs_buurten.select_region(buurten, ["GM1954"], outline=outline)
    assert chosen.method == "outline" and list(chosen.buurten["code"]) == ["BU19540000"]


def test_wijk_names_from_the_wijken_layer_of_the_geopackage(tmp_path):
    path = tmp_path / "wijkenbuurten_2022_v1.gpkg"
    buurten = newer_style_buurten()
    buurten.to_file(path, layer="buurten")
    wijken = buurten.dissolve("wijkcode").reset_index()[["wijkcode", "geometry"]]
    wijken["wijknaam"] = ["Wijk 00 Nuth", " "]  # a blank name is no name
    wijken.to_file(path, layer="wijken")
    assert cbs_buurten.read_wijk_names(path).to_dict() == {"WK195400": "Wijk 00 Nuth"}


def test_wijk_names_from_a_wijk_file_beside_the_buurt_file(tmp_path):
    """The older CBS downloads (and the shared 2015 extract) are one file per level in one folder."""
    buurten = gpd.GeoDataFrame(
        {"BU_CODE": ["BU09170000", "BU09170100"], "BU_NAAM": ["Heerlen-Centrum", "Zeswegen"],
         "WK_CODE": ["WK091700", "WK091701"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=CRS)
    buurten.to_file(tmp_path / "buurt_2015.shp")
    buurten.rename(columns={"BU_CODE": "X"}).to_file(tmp_path / "gem_2015.shp")  # not a wijk file: ignored
    wijken = gpd.GeoDataFrame({"WK_CODE": ["WK091700", "WK091701", "not-a-code"],
                               "WK_NAAM": ["Wijk 00 Heerlen-Centrum", "Wijk 01 Zeswegen", "Onzin"]},
                              geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)], crs=CRS)
    wijken.to_file(tmp_path / "wijk_2015.shp")
    assert cbs_buurten.read_wijk_names(tmp_path / "buurt_2015.shp").to_dict() == {
        "WK091700": "Wijk 00 Heerlen-Centrum", "WK091701": "Wijk 01 Zeswegen"}


def test_no_wijk_layer_gives_no_names_rather_than_an_error(tmp_path):
    path = tmp_path / "buurten.gpkg"
    newer_style_buurten().to_file(path, layer="buurten")
    (tmp_path / "wijk_kapot.geojson").write_text("{ truncated", encoding="utf-8")  # unreadable: skipped
    assert cbs_buurten.read_wijk_names(path).empty
