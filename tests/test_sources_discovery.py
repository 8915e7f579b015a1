"""Files in a data folder are recognised by what they hold, whatever their names; several files
of one source and year are combined, and the files that are not used are listed with the reason."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from veerkracht_lib.config import parse_config
from veerkracht_lib.errors import SourceError
from veerkracht_lib.sources import catalogue
from veerkracht_lib.sources.discovery import Skip
from veerkracht_lib.sources.inputs import load_inputs, locate_inputs

LBM_HEADER = "bu_code,jaar,lbm,afw,fys,onv,soc,vrz,won\n"


def buurten(codes: list[str], *, x0: float = 190_000, inwoners: int = 1000, **extra) -> gpd.GeoDataFrame:
    """Buurten in the older CBS style, one 1 km square each, side by side from ``x0``."""
    return gpd.GeoDataFrame(
        {"BU_CODE": codes, "BU_NAAM": [f"Buurt {code[-2:]}" for code in codes],
         "GM_CODE": ["GM" + code[2:6] for code in codes], "GM_NAAM": ["Gemeente" for _ in codes],
         "AANT_INW": [inwoners for _ in codes], **extra},
        geometry=[box(x0 + 1000 * n, 320_000, x0 + 1000 * (n + 1), 321_000) for n in range(len(codes))],
        crs="EPSG:28992",
    )


def write(path, frame=None, text=None, **options):
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        path.write_text(text)
    else:
        frame.to_file(path, **options)
    return path


def found(folder, source, year=None):
    return [path.relative_to(folder).as_posix() for path in catalogue.get_paths(source, year, folder)]


def ignored(folder):
    return {item.path.relative_to(folder).as_posix(): item.reason for item in catalogue.scan(folder).ignored}


def skipped(folder):
    return {item.path.relative_to(folder).as_posix(): item.skip for item in catalogue.scan(folder).ignored}


def test_maps_are_found_by_their_columns_in_any_folder(tmp_path):
    write(tmp_path / "kaarten" / "limburg 2017" / "buurt.geojson", buurten(["BU09170000"]))  # year of the folder
    write(tmp_path / "x" / "map.gpkg", buurten(["BU09170000"], JRSTATCODE=["2019BU09170000"]), layer="buurten")
    write(tmp_path / "zonder jaar" / "buurten.gpkg", buurten(["BU09170000"]), layer="buurten")
    geometrie = gpd.GeoDataFrame({"bu_code": ["BU09170000"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:28992")
    write(tmp_path / "lbm" / "buurt 2024.gpkg", geometrie)
    assert found(tmp_path, "cbs_buurten", 2017) == ["kaarten/limburg 2017/buurt.geojson"]
    assert found(tmp_path, "cbs_buurten", 2019) == ["x/map.gpkg"]  # JRSTATCODE 2019BU...
    assert found(tmp_path, "leefbaarometer_geometrie") == ["lbm/buurt 2024.gpkg"]
    assert ignored(tmp_path) == {
        "zonder jaar/buurten.gpkg": "buurtkaart zonder jaar: zet het jaar in de bestands- of mapnaam (bijv. buurt_2015.shp)"
    }
    assert skipped(tmp_path) == {"zonder jaar/buurten.gpkg": Skip.NO_YEAR}


def test_csv_files_are_found_by_their_header_only(tmp_path):
    # the rows after the header are never read to recognise a file: a damaged body is the reader's affair
    write(tmp_path / "a" / "scores.csv", text=LBM_HEADER + "BU09170000,2022,4.1,0,0,0,0,0,0\n\x00\x00 broken")
    write(tmp_path / "b" / "wijken.csv", text=LBM_HEADER.replace("bu_code", "wk_code"))
    write(tmp_path / "c" / "index.csv", text="bu_code;jaar;kwetsbaar\n")
    write(tmp_path / "d" / "tabel 85318NED.csv", text="ID,WijkenEnBuurten,Codering_3,AantalInwoners_5\n")
    write(tmp_path / "e" / "notes.csv", text="wat,waarom\n")
    assert found(tmp_path, "leefbaarometer_buurten") == ["a/scores.csv"]
    assert found(tmp_path, "own_index") == ["c/index.csv"]
    assert found(tmp_path, "kwb", 2022) == ["d/tabel 85318NED.csv"]  # the year of its StatLine table id
    reasons = ignored(tmp_path)
    assert reasons["b/wijken.csv"] == "Leefbaarometer-scores per wijk: de kaarten vragen scores per buurt (bu_code)"
    assert reasons["e/notes.csv"].startswith("geen bekende bron")
    assert skipped(tmp_path) == {"b/wijken.csv": Skip.WIJK_SCORES, "e/notes.csv": Skip.UNRECOGNISED}


def test_every_score_file_is_used_and_a_wijk_file_never(tmp_path):
    write(tmp_path / "Leefbaarometer-scores wijken 2002-2024.csv", text=LBM_HEADER.replace("bu_code", "wk_code"))
    write(tmp_path / "noord.csv", text=LBM_HEADER)
    write(tmp_path / "zuid.csv", text=LBM_HEADER)
    assert found(tmp_path, "leefbaarometer_buurten") == ["noord.csv", "zuid.csv"]


def test_only_the_highest_version_of_a_map_counts(tmp_path):
    write(tmp_path / "v1" / "wijkenbuurten_2022_v1.gpkg", buurten(["BU09170000"]), layer="buurten")
    write(tmp_path / "v3" / "WijkenBuurten_2022_V3.gpkg", buurten(["BU09170000"]), layer="buurten")
    assert found(tmp_path, "cbs_buurten", 2022) == ["v3/WijkenBuurten_2022_V3.gpkg"]
    assert ignored(tmp_path) == {"v1/wijkenbuurten_2022_v1.gpkg": "oudere versie van WijkenBuurten_2022_V3.gpkg"}
    assert skipped(tmp_path) == {"v1/wijkenbuurten_2022_v1.gpkg": Skip.OLDER_VERSION}


# -- several regional maps of one year are combined ----------------------------------------------


def region(folder):
    return parse_config(
        {"title": "Test", "gemeenten": ["GM0917", "GM0928"], "situation_year": 2015, "base_year": 2014,
         "data": {"source": "files", "dir": str(folder)}},
        slug="test",
    )


def test_two_regional_maps_of_a_year_are_one_map(tmp_path):
    # Heerlen's extract and Kerkrade's both hold the border buurt BU09280000, identically
    write(tmp_path / "heerlen" / "buurt_2015.geojson", buurten(["BU09170000", "BU09170001", "BU09280000"]))
    kerkrade = buurten(["BU09280000", "BU09280001"], x0=192_000)
    write(tmp_path / "kerkrade" / "buurt_2015.geojson", kerkrade)
    located = locate_inputs(region(tmp_path), tmp_path, fetch=False)
    assert [path.parent.name for path in located.paths("cbs_buurten", 2015)] == ["heerlen", "kerkrade"]
    inputs = load_inputs(region(tmp_path), tmp_path, allow_missing=True)
    assert inputs.target["code"].tolist() == ["BU09170000", "BU09170001", "BU09280000", "BU09280001"]
    assert not any("meer dan één bestand" in note for note in inputs.notes)


def test_a_buurt_that_differs_between_two_maps_is_kept_once_with_a_note(tmp_path):
    write(tmp_path / "a" / "buurt_2015.geojson", buurten(["BU09170000", "BU09280000"], inwoners=1000))
    write(tmp_path / "b" / "buurt_2015.geojson", buurten(["BU09280000"], x0=191_000, inwoners=1200))
    inputs = load_inputs(region(tmp_path), tmp_path, allow_missing=True)
    assert inputs.target["code"].tolist() == ["BU09170000", "BU09280000"]
    assert inputs.target.set_index("code").loc["BU09280000", "inwoners"] == 1000  # the first file's
    note = next(note for note in inputs.notes if "meer dan één bestand" in note)
    assert "Buurtkaart 2015" in note and "BU09280000" in note and "buurt_2015.geojson" in note


def test_conflicting_score_files_stop_the_build_with_both_names(tmp_path):
    write(tmp_path / "kaart" / "buurt_2015.geojson", buurten(["BU09170000", "BU09280000"]))
    write(tmp_path / "noord.csv", text=LBM_HEADER + "BU09170000,2015,4.1,0,0,0,0,0,0\n")
    write(tmp_path / "zuid.csv", text=LBM_HEADER + "BU09170000,2015,4.2,0.1,0,0.1,0,0,0\n")
    with pytest.raises(SourceError, match=r"noord.csv en .*zuid.csv: BU09170000 2015 heeft lbm 4.1 in het eerste en 4.2 in het tweede; laat maar één"):
        load_inputs(region(tmp_path), tmp_path, allow_missing=True)


def test_status_lists_files_of_unused_years(tmp_path):
    write(tmp_path / "buurt_2015.geojson", buurten(["BU09170000"]))
    write(tmp_path / "buurt_2012.geojson", buurten(["BU09170000"]))
    located = locate_inputs(region(tmp_path), tmp_path, fetch=False)
    assert located.ignored == [{"pad": str(tmp_path / "buurt_2012.geojson"), "soort": Skip.OTHER_YEAR,
                                "reden": "buurtkaart 2012: geen van de jaren van deze regio (2014–2015)"}]


def test_a_wijk_level_score_file_is_named_in_a_note_of_the_report(tmp_path):
    write(tmp_path / "kaart" / "buurt_2015.geojson", buurten(["BU09170000", "BU09280000"]))
    write(tmp_path / "lbm" / "scores wijken.csv", text=LBM_HEADER.replace("bu_code", "wk_code") + "WK091700,2015,4.1,0,0,0,0,0,0\n")
    write(tmp_path / "lbm" / "wat anders.csv", text="wat,waarom\n")  # ignored too, but for another reason: no note
    inputs = load_inputs(region(tmp_path), tmp_path, allow_missing=True)
    notes = [note for note in inputs.notes if "Leefbaarometer-bestand" in note]
    assert notes == [("Het Leefbaarometer-bestand scores wijken.csv heeft geen scores per buurt (wel per wijk) en is niet "
                      "gebruikt; de buurtkaarten van overlast en onveiligheid vragen buurtscores.")]
