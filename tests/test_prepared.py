"""Prepared copies: made once per source file, read back by gemeente or area, renewed when the file changes."""
import hashlib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from veerkracht_lib.sources import prepared

CRS = "EPSG:28992"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("VEERKRACHT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "prepared"


def three_buurten(path: Path, inwoners=(100, 200, 300)) -> Path:
    """Two buurten of GM0917 far west, one of GM0928 far east (2 km squares), as a file."""
    frame = gpd.GeoDataFrame(
        {"code": ["BU09170001", "BU09170002", "BU09280001"], "gm_code": ["GM0917", "GM0917", "GM0928"],
         "inwoners": list(inwoners)},
        geometry=[box(0, 0, 2000, 2000), box(2000, 0, 4000, 2000), box(100_000, 0, 102_000, 2000)], crs=CRS)
    frame.to_file(path, engine="pyogrio")
    return path


def reader(calls: list):
    def read(path: Path) -> gpd.GeoDataFrame:
        calls.append(path)
        return gpd.read_file(path, engine="pyogrio")
    return read


def test_the_file_is_read_whole_once_and_then_by_gemeente(tmp_path, cache):
    source, calls = three_buurten(tmp_path / "buurten.gpkg"), []
    whole = prepared.load("test", source, reader(calls))
    assert list(whole["code"]) == ["BU09170001", "BU09170002", "BU09280001"]
    east = prepared.load("test", source, reader(calls), gemeenten=["GM0928"])
    assert calls == [source]  # the second use read the prepared copy, not the file
    assert list(east["code"]) == ["BU09280001"] and list(east["inwoners"]) == [300]
    assert east.geometry.iloc[0].equals(box(100_000, 0, 102_000, 2000)) and east.crs == CRS
    assert len(list(cache.glob("*.parquet"))) == 1


def test_an_area_reads_only_the_buurten_within_its_bounds(tmp_path):
    source = three_buurten(tmp_path / "buurten.gpkg")
    west = prepared.load("test", source, reader([]), bounds=(0, 0, 4000, 2000))
    assert sorted(west["code"]) == ["BU09170001", "BU09170002"]


def test_only_the_columns_asked_for_and_no_geometry_when_not_asked(tmp_path):
    source = three_buurten(tmp_path / "buurten.gpkg")
    names = prepared.load("test", source, reader([]), columns=["gm_code"])
    assert list(names.columns) == ["gm_code"] and list(names["gm_code"]) == ["GM0917", "GM0917", "GM0928"]


def test_a_changed_file_gets_a_new_copy(tmp_path):
    source, calls = three_buurten(tmp_path / "buurten.gpkg"), []
    assert prepared.load("test", source, reader(calls), gemeenten=["GM0928"])["inwoners"].tolist() == [300]
    three_buurten(source, inwoners=(100, 200, 333))
    assert prepared.load("test", source, reader(calls), gemeenten=["GM0928"])["inwoners"].tolist() == [333]
    assert len(calls) == 2


def test_a_failed_read_leaves_no_copy_behind(tmp_path, cache):
    source = three_buurten(tmp_path / "buurten.gpkg")

    def broken(path):
        raise OSError("disk full")

    with pytest.raises(OSError):
        prepared.load("test", source, broken)
    assert not list(cache.glob("*.parquet")) and not list(cache.glob(".*"))


def test_tables_without_geometry_keep_their_nederland_row(tmp_path):
    source = tmp_path / "kwb.csv"
    pd.DataFrame({"code": ["NL00", "GM0917", "WK091700", "BU09170001", "BU09280001"],
                  "inwoners": [17_000_000, 87_000, 5_000, 1_000, 2_000]}).to_csv(source, index=False)
    rows = prepared.load("kwb", source, pd.read_csv, gemeenten=["GM0917", "NL00"])
    assert list(rows["code"]) == ["BU09170001", "GM0917", "NL00", "WK091700"]


def test_the_digest_is_the_files_sha256_and_follows_changes(tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("code\nBU09170001\n")
    assert prepared.digest(source) == hashlib.sha256(b"code\nBU09170001\n").hexdigest()
    source.write_text("code\nBU09170002\n")
    assert prepared.digest(source) == hashlib.sha256(b"code\nBU09170002\n").hexdigest()
