"""The packaged catalogue: its entries, URLs, file discovery and the gemeente mergers."""

from __future__ import annotations

import pytest

from veerkracht_lib.errors import SourceError
from veerkracht_lib.sources import catalogue, download

SOURCES = ["cbs_buurten", "kwb", "leefbaarometer_buurten", "leefbaarometer_geometrie", "own_index"]
KWB_TABLES = {
    2013: "82339NED", 2014: "82931NED", 2015: "83220NED", 2016: "83487NED", 2017: "83765NED",
    2018: "84286NED", 2019: "84583NED", 2020: "84799NED", 2021: "85039NED", 2022: "85318NED",
    2023: "85618NED", 2024: "85984NED",
}


@pytest.fixture(autouse=True)
def no_mirror(monkeypatch):
    monkeypatch.delenv(download.BASE_URL_ENV, raising=False)


def test_every_source_has_licence_attribution_and_patterns():
    cat = catalogue.default_catalogue()
    assert sorted(cat.sources) == sorted(SOURCES)
    for source in SOURCES:
        assert catalogue.licence(source) and catalogue.attribution(source)
        assert cat.source(source)["patterns"]
        for year in cat.years(source):
            entry = cat.entry(source, year)
            assert entry["url"].startswith(("http://", "https://"))
            assert set(entry) <= {"year", "url", "member", "sha256", "table"}


def test_attribution_lines_for_map_footers():
    assert catalogue.attribution("cbs_buurten") == "Bron: CBS, Kadaster"
    assert catalogue.attribution("leefbaarometer_buurten") == "Leefbaarometer 3.0, ministerie van BZK"
    assert catalogue.licence("kwb") == "CC BY 4.0"


def test_kerncijfers_urls_are_the_odata_roots_of_the_statline_tables():
    for year, table in KWB_TABLES.items():
        assert catalogue.get_url("kwb", year) == f"https://opendata.cbs.nl/ODataApi/OData/{table}"


def test_buurt_map_urls_exist_for_every_kerncijfers_year():
    assert catalogue.default_catalogue().years("cbs_buurten") == list(KWB_TABLES)


def test_base_url_redirects_every_download(monkeypatch):
    official = catalogue.get_url("cbs_buurten", 2022)
    assert catalogue.get_url("cbs_buurten", 2022, base_url="http://mirror:8000/nl/") == (
        "http://mirror:8000/nl/service.pdok.nl/cbs/wijkenbuurten/2022/atom/downloads/wijkenbuurten_2022_v1.gpkg"
    )
    monkeypatch.setenv(download.BASE_URL_ENV, "http://127.0.0.1:1234")
    assert catalogue.get_url("cbs_buurten", 2022) == "http://127.0.0.1:1234/" + official.split("://", 1)[1]


def test_buurtkaart_addresses_that_public_code_shows():
    # SOURCES.md: the %20 forms of 2014 and 2016 are outdated; 2022's v2 zip holds shapefiles, so
    # the GeoPackage comes from PDOK (one file, nothing to unpack); 2023 has a v2
    cat = catalogue.default_catalogue()
    assert cat.get_url("cbs_buurten", 2014) == "https://www.cbs.nl/-/media/_pdf/2016/35/shape-2014-versie-30.zip"
    assert cat.get_url("cbs_buurten", 2016) == (
        "https://www.cbs.nl/-/media/cbs/dossiers/nederland-regionaal/wijk-en-buurtstatistieken/shape-2016-versie-30.zip"
    )
    assert cat.get_url("cbs_buurten", 2022).endswith("/wijkenbuurten_2022_v1.gpkg")
    assert "member" not in cat.entry("cbs_buurten", 2022)
    assert cat.get_url("cbs_buurten", 2023) == "https://geodata.cbs.nl/files/Wijkenbuurtkaart/WijkBuurtkaart_2023_v2.zip"
    assert cat.entry("cbs_buurten", 2023)["member"] == "*wijkenbuurten_2023_v2.gpkg"
    assert not any("%20" in cat.get_url("cbs_buurten", year) for year in cat.years("cbs_buurten"))


def test_unknown_source_and_year_are_clear_errors():
    with pytest.raises(SourceError, match="onbekende bron 'buurten'; de catalogus kent: .*cbs_buurten"):
        catalogue.get_url("buurten", 2022)
    with pytest.raises(SourceError, match="Buurtkaart, buurten staat niet voor 2009 in de catalogus.*'buurt_2009\\*.shp'.*in de datamap \\(--data-dir\\)"):
        catalogue.get_url("cbs_buurten", 2009)
    with pytest.raises(SourceError, match="Eigen kwetsbaarheidsindex .* is nergens officieel te downloaden; zet .*kwetsbaar.* in de datamap"):
        catalogue.get_url("own_index")


def test_latest_edition_when_no_year_is_given():
    assert catalogue.get_url("leefbaarometer_buurten").endswith("meting-2024.zip")


def test_data_dir_discovery(tmp_path):
    (tmp_path / "kwb").mkdir()
    (tmp_path / "kwb" / "kwb_2022_85318NED.csv").write_text("x")
    (tmp_path / "kwb" / "Kerncijfers_wijken_en_buurten_2022.csv").write_text("x")
    (tmp_path / "WijkBuurtkaart_2022_v1").mkdir()
    (tmp_path / "WijkBuurtkaart_2022_v1" / "wijkenbuurten_2022_v1.gpkg").write_text("x")
    (tmp_path / "WijkBuurtkaart_2022_v2").mkdir()
    (tmp_path / "WijkBuurtkaart_2022_v2" / "WijkenBuurten_2022_V2.gpkg").write_text("x")
    (tmp_path / "eigen").mkdir()
    (tmp_path / "eigen" / "index.csv").write_text("\ufeffBU_CODE;jaar;kwetsbaar\nBU03630000;2022;110\n")
    cache = tmp_path / "cache"
    # the OData CSV comes first; the highest version of a map wins, whatever the case
    assert catalogue.get_path("kwb", 2022, tmp_path, cache_dir=cache).name == "kwb_2022_85318NED.csv"
    assert catalogue.get_path("cbs_buurten", 2022, tmp_path, cache_dir=cache).name == "WijkenBuurten_2022_V2.gpkg"
    # a CSV without a telling name is recognised by its header
    assert catalogue.get_path("own_index", None, tmp_path, cache_dir=cache).name == "index.csv"
    assert catalogue.get_path("kwb", 2021, tmp_path, cache_dir=cache) is None
    assert catalogue.get_path("leefbaarometer_buurten", None, tmp_path, cache_dir=cache) is None


def test_missing_data_dir_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="nowhere: datamap niet gevonden; controleer --data-dir"):
        catalogue.get_path("kwb", 2022, tmp_path / "nowhere")


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv(catalogue.CACHE_ENV, str(tmp_path))
    assert catalogue.default_cache_dir() == tmp_path
    monkeypatch.delenv(catalogue.CACHE_ENV)
    assert catalogue.default_cache_dir().parts[-2:] == ("data", "cache")


@pytest.mark.parametrize(
    ("codes", "year", "expected"),
    [
        (["GM1954"], 2018, ["GM0881", "GM0951", "GM0962"]),
        (["GM1954"], 2019, ["GM1954"]),
        (["gm1954 ", "GM0917"], 2015, ["GM0881", "GM0917", "GM0951", "GM0962"]),
        (["GM0014"], 2018, ["GM0009", "GM0014", "GM0017"]),  # Groningen absorbed Haren and Ten Boer
        (["GM0363"], 2022, ["GM0363", "GM0457"]),  # Weesp joined in March 2022
        (["GM1979"], 2021, ["GM0003", "GM0010", "GM0024"]),
        (["GM0917"], 2010, ["GM0917"]),
    ],
)
def test_gemeenten_in_year_undoes_mergers(codes, year, expected):
    assert catalogue.gemeenten_in_year(codes, year) == expected


def test_chained_mergers_are_undone_step_by_step():
    cat = catalogue.Catalogue(
        {
            "sources": {},
            "herindelingen": [
                {"code": "GM2000", "jaar": 2020, "voorgangers": ["GM1000", "GM0003"]},
                {"code": "GM1000", "jaar": 2015, "voorgangers": ["GM0001", "GM0002"]},
            ],
        }
    )
    assert cat.gemeenten_in_year(["GM2000"], 2014) == ["GM0001", "GM0002", "GM0003"]
    assert cat.gemeenten_in_year(["GM2000"], 2016) == ["GM0003", "GM1000"]
