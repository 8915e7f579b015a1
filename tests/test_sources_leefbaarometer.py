"""Leefbaarometer readers on small files in the open-data layout."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from veerkracht_lib.errors import SourceError
from veerkracht_lib.schema import CRS, LBM_SCORES
from veerkracht_lib.sources import leefbaarometer

HEADER = ",bu_code,bu_naam,jaar,lbm,afw,fys,onv,soc,vrz,won,klbm,konv\n"


def test_buurt_scores_with_classes_and_a_row_index(tmp_path):
    path = tmp_path / "Leefbaarometer-scores buurten 2002-2024.csv"
    path.write_text(
        HEADER
        + "1,BU03630000,Burgwallen-Oude Zijde,2022,4.1,0.06,0.01,-0.08,0.02,0.15,-0.04,6,2\n"
        + "2,BU03630000,Burgwallen-Oude Zijde,2020,4.0,0.05,0.01,-0.09,0.02,0.14,-0.03,6,\n"
    )
    scores = leefbaarometer.read_scores(path)
    assert list(scores.columns) == ["code", "jaar", *LBM_SCORES, "klbm", "konv", "naam"]
    assert scores["jaar"].tolist() == [2020, 2022]  # sorted
    assert scores["konv"].dtype == "Int64" and scores["konv"].isna().tolist() == [True, False]
    assert scores.loc[1, "onv"] == pytest.approx(-0.08)


def test_scores_errors(tmp_path):
    path = tmp_path / "lbm.csv"
    path.write_text("bu_code,jaar,lbm\nBU03630000,2022,4.1\n")
    with pytest.raises(SourceError, match="lbm.csv: kolom afw, fys, onv, soc, vrz, won ontbreekt"):
        leefbaarometer.read_scores(path)
    path.write_text(HEADER + "1,GM0363,Amsterdam,2022,4.1,0.06,0.01,-0.08,0.02,0.15,-0.04,6,2\n")
    with pytest.raises(SourceError, match="kolom 'bu_code' bevat 'GM0363', geen buurtcode"):
        leefbaarometer.read_scores(path)
    path.write_text(HEADER + "1,BU03630000,A,2022,4.1,0.06,0.01,n.v.t.,0.02,0.15,-0.04,6,2\n")
    with pytest.raises(SourceError, match="kolom 'onv' bevat tekst.*'n.v.t.'"):
        leefbaarometer.read_scores(path)
    path.write_text(HEADER + "1,BU03630000,A,2022,4.1,0.06,0.01,0,0,0,0,6,2\n" * 2)
    with pytest.raises(SourceError, match="BU03630000 staat voor 2022 twee keer in het bestand"):
        leefbaarometer.read_scores(path)


def test_geometry(tmp_path):
    path = tmp_path / "buurt 2024.gpkg"
    gpd.GeoDataFrame(
        {"bu_code": ["bu03630001", "BU03630000"], "bu_naam": ["B", "A"]},
        geometry=[box(4.89, 52.37, 4.90, 52.38), box(4.90, 52.37, 4.91, 52.38)],
        crs="EPSG:4326",
    ).to_file(path)
    geometry = leefbaarometer.read_geometry(path)
    assert geometry.crs == CRS and list(geometry.columns) == ["code", "geometry"]
    assert geometry["code"].tolist() == ["BU03630000", "BU03630001"]
    gpd.GeoDataFrame({"naam": ["A"]}, geometry=[box(0, 0, 1, 1)], crs=CRS).to_file(tmp_path / "x.gpkg")
    with pytest.raises(SourceError, match="x.gpkg: geen kolom bu_code of wk_code"):
        leefbaarometer.read_geometry(tmp_path / "x.gpkg")


# -- the real national layout: NA, years without dimensions, several files -----------------------

OFFICIAL_HEADER = '"bu_code","bu_naam","jaar","lbm","afw","fys","onv","soc","vrz","won"\n'


def test_na_is_missing_and_years_without_dimensions_are_kept(tmp_path):
    path = tmp_path / "Leefbaarometer-scores buurten 2002-2024.csv"
    path.write_text(
        OFFICIAL_HEADER
        + '"BU09172100","Passart",2012,3.7,-0.4,NA,NA,NA,NA,NA\n'
        + '"BU09172100","Passart",2014,3.8,-0.3,-0.02,-0.19,-0.03,-0.05,-0.01\n'
    )
    scores = leefbaarometer.read_scores(path)
    assert scores["jaar"].tolist() == [2012, 2014]
    assert scores.loc[0, ["lbm", "afw"]].tolist() == [3.7, -0.4]
    assert scores.loc[0, ["fys", "onv", "soc", "vrz", "won"]].isna().all()  # missing, not 0
    assert scores.loc[1, "onv"] == -0.19


def test_several_files_are_merged_and_identical_rows_kept_once(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(OFFICIAL_HEADER + '"BU00010000","A",2014,4,0,0,0,0,0,0\n"BU00010001","B",2014,4.1,0.1,0,0.1,0,0,0\n')
    second.write_text(OFFICIAL_HEADER + '"BU00010001","B",2014,4.1,0.1,0,0.1,0,0,0\n"BU00010001","B",2012,4.2,0.2,NA,NA,NA,NA,NA\n')
    merged = leefbaarometer.read_scores_files([first, second])
    assert list(zip(merged["code"], merged["jaar"])) == [
        ("BU00010000", 2014), ("BU00010001", 2012), ("BU00010001", 2014)
    ]


def test_conflicting_files_name_buurt_year_column_and_both_files(tmp_path):
    first, second = tmp_path / "regio.csv", tmp_path / "landelijk.csv"
    first.write_text(OFFICIAL_HEADER + '"BU00010001","B",2022,4.1,0.1,0,0.1,0,0,0\n')
    second.write_text(OFFICIAL_HEADER + '"BU00010001","B",2022,4.1,0.1,0,0.05,0.05,0,0\n')
    with pytest.raises(SourceError) as raised:
        leefbaarometer.read_scores_files([first, second])
    message = str(raised.value)
    assert "BU00010001 2022 heeft onv 0.1 in het eerste en 0.05 in het tweede" in message
    assert str(first) in message and str(second) in message and "\n" not in message
