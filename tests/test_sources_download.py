"""Downloads into the cache, offline: a real HTTP server on 127.0.0.1 plays the official hosts."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import requests
from shapely.geometry import box

from veerkracht_lib.errors import SourceError
from veerkracht_lib.sources import catalogue as catalogue_module
from veerkracht_lib.sources import cbs_buurten, download, kwb
from veerkracht_lib.sources.catalogue import Catalogue

MAP_URL = "https://download.example.nl/regionale-kaarten/wijkbuurtkaart_2015_v3.zip"
MAP_PATH = "/download.example.nl/regionale-kaarten/wijkbuurtkaart_2015_v3.zip"
CSV_URL = "https://www.example.nl/resources/leefbaarometer%20buurten.csv"
CSV_PATH = "/www.example.nl/resources/leefbaarometer%20buurten.csv"
ODATA_PREFIX = "/opendata.cbs.nl/ODataApi/OData/99999NED/"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_catalogue(map_sha256=None, csv_sha256=None) -> Catalogue:
    source = {"title": "test", "licence": "CC BY 4.0", "attribution": "Bron: test", "page": "https://example.nl"}
    return Catalogue(
        {
            "sources": {
                "cbs_buurten": {
                    **source, "patterns": ["buurt_{year}*.shp"],
                    "years": {2015: {"url": MAP_URL, "member": "*buurt_2015*.shp", "sha256": map_sha256}},
                },
                "leefbaarometer_buurten": {
                    **source, "patterns": ["*eefbaarometer*buurten*.csv"],
                    "years": {2024: {"url": CSV_URL, "sha256": csv_sha256}},
                },
                "kwb": {
                    **source, "patterns": ["kwb_{year}_{table}.csv"],
                    "years": {
                        2015: {"table": "99999NED", "url": "https://opendata.cbs.nl/ODataApi/OData/99999NED"},
                        2022: {"table": "99999NED", "url": "https://opendata.cbs.nl/ODataApi/OData/99999NED"},
                    },
                },
            },
            "herindelingen": [
                {"code": "GM1954", "naam": "Beekdaelen", "jaar": 2019, "voorgangers": ["GM0951", "GM0881"]}
            ],
        }
    )


@pytest.fixture(scope="module")
def map_zip(tmp_path_factory) -> bytes:
    """A zipped shapefile in the older CBS style, with a readme beside it."""
    folder = tmp_path_factory.mktemp("map")
    buurten = gpd.GeoDataFrame(
        {
            "BU_CODE": ["BU09170000", "BU09170001"],
            "BU_NAAM": ["Centrum", "Noord"],
            "WK_CODE": ["WK091700", "WK091700"],
            "GM_CODE": ["GM0917", "GM0917"],
            "GM_NAAM": ["Heerlen", "Heerlen"],
            "AANT_INW": [1200, 800],
        },
        geometry=[box(190000, 320000, 191000, 321000), box(190000, 321000, 191000, 322000)],
        crs="EPSG:28992",
    )
    buurten.to_file(folder / "buurt_2015_v3.shp")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as bundle:
        bundle.writestr("WijkBuurtkaart_2015_v3/lees mij.txt", "readme")
        for part in sorted(folder.iterdir()):
            bundle.write(part, f"WijkBuurtkaart_2015_v3/{part.name}")
    return data.getvalue()


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


# -- archives ------------------------------------------------------------------------------------


def test_good_download_is_hash_checked_unpacked_and_cached(http_server, map_zip, tmp_path):
    http_server.serve(MAP_PATH, map_zip)
    cat = make_catalogue(map_sha256=sha256(map_zip))
    path = cat.fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=False)
    assert path == tmp_path / "cbs_buurten" / "2015" / "WijkBuurtkaart_2015_v3" / "buurt_2015_v3.shp"
    assert {p.suffix for p in path.parent.iterdir()} >= {".shp", ".dbf", ".shx", ".prj"}
    assert not (path.parent / "lees mij.txt").exists()  # only the member and its sidecars
    assert http_server.requests == [MAP_PATH]  # the official URL, mirrored under the base
    buurten = cbs_buurten.read_buurten(path, 2015)
    assert list(buurten["code"]) == ["BU09170000", "BU09170001"]

    assert cat.fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=False) == path
    assert cat.get_path("cbs_buurten", 2015, cache_dir=tmp_path) == path
    assert http_server.requests == [MAP_PATH]  # the second fetch used the cache


def test_progress_bar_download(http_server, map_zip, tmp_path):
    http_server.serve(MAP_PATH, map_zip)
    path = make_catalogue().fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=True)
    assert path.is_file()


def test_interrupted_download_leaves_nothing_behind(http_server, map_zip, tmp_path):
    http_server.serve(MAP_PATH, map_zip, truncate_to=len(map_zip) // 2)
    cat = make_catalogue()  # no hash known: only the announced length can reveal the break
    with pytest.raises(SourceError, match="brak voortijdig af") as raised:
        cat.fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=False)
    assert "wijkbuurtkaart_2015_v3.zip" in str(raised.value) and MAP_PATH in str(raised.value)
    assert files_in(tmp_path) == []
    assert cat.get_path("cbs_buurten", 2015, cache_dir=tmp_path) is None


def test_corrupt_download_fails_the_hash_check(http_server, map_zip, tmp_path):
    http_server.serve(MAP_PATH, map_zip[:-10] + b"0123456789")
    cat = make_catalogue(map_sha256=sha256(map_zip))
    with pytest.raises(SourceError, match="klopt niet met de sha256 in de catalogus") as raised:
        cat.fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=False)
    assert "wijkbuurtkaart_2015_v3.zip" in str(raised.value)
    assert files_in(tmp_path) == []


def test_cached_download_with_a_wrong_hash_is_downloaded_again(http_server, map_zip, tmp_path):
    http_server.serve(MAP_PATH, map_zip)
    folder = tmp_path / "cbs_buurten" / "2015"
    folder.mkdir(parents=True)
    (folder / "wijkbuurtkaart_2015_v3.zip").write_bytes(b"stale")
    cat = make_catalogue(map_sha256=sha256(map_zip))
    path = cat.fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=False)
    assert path.name == "buurt_2015_v3.shp"
    assert (folder / "wijkbuurtkaart_2015_v3.zip").read_bytes() == map_zip


def test_broken_archive_names_the_file_and_the_fix(http_server, tmp_path):
    http_server.serve(MAP_PATH, b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(SourceError, match="geen volledig zip-archief.*verwijder het en download opnieuw") as raised:
        make_catalogue().fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=False)
    assert str(tmp_path / "cbs_buurten" / "2015" / "wijkbuurtkaart_2015_v3.zip") in str(raised.value)


def test_archive_without_the_member(http_server, tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as bundle:
        bundle.writestr("gemeente_2015.shp", b"x")
    http_server.serve(MAP_PATH, data.getvalue())
    with pytest.raises(SourceError, match=r"geen bestand dat lijkt op '\*buurt_2015\*.shp'"):
        make_catalogue().fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=False)


def test_missing_file_on_the_server(http_server, tmp_path):
    with pytest.raises(SourceError, match="downloaden mislukt met HTTP 404.*nog niet gecontroleerd"):
        make_catalogue().fetch("cbs_buurten", 2015, base_url=http_server.url, cache_dir=tmp_path, progress=False)


def test_unreachable_host(tmp_path):
    with pytest.raises(SourceError, match="downloaden lukte niet.*geen internet\\?.*datamap \\(--data-dir\\)"):
        make_catalogue().fetch("cbs_buurten", 2015, base_url="http://127.0.0.1:9", cache_dir=tmp_path, progress=False)


# -- plain files, environment variables, require -------------------------------------------------


def test_plain_file_with_base_url_and_cache_from_the_environment(http_server, tmp_path, monkeypatch):
    body = b"bu_code,jaar,lbm,afw,fys,onv,soc,vrz,won\n"
    http_server.serve(CSV_PATH, body)
    monkeypatch.setenv(download.BASE_URL_ENV, http_server.url)
    monkeypatch.setenv(catalogue_module.CACHE_ENV, str(tmp_path / "cache"))
    cat = make_catalogue(csv_sha256=sha256(body))
    assert cat.get_url("leefbaarometer_buurten") == f"{http_server.url}{CSV_PATH}"
    path = cat.fetch("leefbaarometer_buurten", progress=False)
    assert path == tmp_path / "cache" / "leefbaarometer_buurten" / "2024" / "leefbaarometer buurten.csv"
    assert path.read_bytes() == body


def test_require_prefers_the_data_dir_then_downloads(http_server, map_zip, tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "kaarten").mkdir(parents=True)
    (data_dir / "kaarten" / "BUURT_2015_V2.shp").write_bytes(b"")
    (data_dir / "kaarten" / "buurt_2015_v3.shp").write_bytes(b"")
    cat = make_catalogue()
    # case-insensitive, any depth, the highest version wins; no request is made
    found = cat.require("cbs_buurten", 2015, data_dir, base_url=http_server.url, cache_dir=tmp_path / "cache")
    assert found == data_dir / "kaarten" / "buurt_2015_v3.shp" and http_server.requests == []

    http_server.serve(MAP_PATH, map_zip)
    (tmp_path / "empty").mkdir()
    fetched = cat.require("cbs_buurten", 2015, tmp_path / "empty", base_url=http_server.url,
                          cache_dir=tmp_path / "cache", progress=False)
    assert fetched.name == "buurt_2015_v3.shp" and http_server.requests == [MAP_PATH]


def test_require_without_download_says_what_to_do(tmp_path):
    with pytest.raises(SourceError) as raised:
        make_catalogue().require("cbs_buurten", 2015, tmp_path, download=False, cache_dir=tmp_path / "cache")
    message = str(raised.value)
    assert "\n" not in message
    assert "'buurt_2015*.shp'" in message and str(tmp_path) in message and "https://example.nl" in message


# -- CBS OData -----------------------------------------------------------------------------------

REGIONS = [  # key, title, gemeentenaam, soort, inwoners, corporatie %, bijstand
    ("NL00", "Nederland", "Nederland", "Land", 17_590_672, 29, 412_000),
    ("GM0917", "Heerlen", "Heerlen", "Gemeente", 86_762, 37, 4_640),
    ("WK091710", "Wijk 10 Maria Gewanden en Terschuren", "Heerlen", "Wijk", 3_915, 36, 280),
    ("BU09171000", "Maria Gewanden", "Heerlen", "Buurt", 3_455, None, 230),
    ("GM0951", "Nuth", "Nuth", "Gemeente", 15_000, 20, 200),
    ("BU09510000", "Nuth-Centrum", "Nuth", "Buurt", 3_000, 25, None),
    ("GM0363", "Amsterdam", "Amsterdam", "Gemeente", 862_965, 40, 30_000),
    ("BU03630917", "Buurt met 0917 in de code", "Amsterdam", "Buurt", 500, 50, 10),
]


def fake_cbs_odata(page_size: int):
    """Answers like the CBS OData v3 API: DataProperties, TypedDataSet (paged), the dimension."""

    def padded(text, width=10):
        return text.ljust(width)

    def answer(path, query):
        resource = path[len(ODATA_PREFIX):]
        filters = query.get("$filter", [""])[0]
        wanted = re.findall(r"substringof\('(\w+)',\w+\)", filters)
        regions = [r for r in REGIONS if not wanted or any(part in r[0] for part in wanted)]
        if resource == "DataProperties":
            keys = ["WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "AantalInwoners_5",
                    "Mannen_6", "InBezitWoningcorporatie_40", "PersonenPerSoortUitkeringBijstand_74"]
            value = [{"ID": n, "Key": key, "Type": "Topic"} for n, key in enumerate(keys)]
            value.append({"ID": 99, "Key": "Bevolking", "Type": "TopicGroup"})
        elif resource == "WijkenEnBuurten":
            value = [{"Key": padded(r[0]), "Title": r[1]} for r in regions]
        elif resource == "TypedDataSet":
            rows = [
                {"WijkenEnBuurten": padded(r[0]), "Gemeentenaam_1": padded(r[2], 30), "SoortRegio_2": padded(r[3]),
                 "Codering_3": padded(r[0]), "AantalInwoners_5": r[4], "InBezitWoningcorporatie_40": r[5],
                 "PersonenPerSoortUitkeringBijstand_74": r[6]}
                for r in regions
            ]
            skip = int(query.get("$skip", ["0"])[0])
            value = rows[skip: skip + page_size]
            if skip + page_size < len(rows):
                official = "https://opendata.cbs.nl/ODataApi/OData/99999NED/TypedDataSet?$format=json"
                link = official + (f"&$filter={filters}" if filters else "") + f"&$skip={skip + page_size}"
                return 200, json.dumps({"value": value, "odata.nextLink": link}).encode(), "application/json"
        else:
            return 404, b"{}", "application/json"
        return 200, json.dumps({"odata.metadata": "x", "value": value}).encode(), "application/json"

    return answer


def test_odata_download_writes_the_csv_that_read_odata_csv_reads(http_server, tmp_path):
    http_server.handle(ODATA_PREFIX, fake_cbs_odata(page_size=2))
    cat = make_catalogue()
    path = cat.fetch("kwb", 2022, gemeenten=["GM0917", "GM0951"], base_url=http_server.url,
                     cache_dir=tmp_path, progress=False)
    assert path.parent == tmp_path / "kwb" / "2022" and path.name.startswith("kwb_2022_99999NED_region-")
    frame = kwb.read_odata_csv(path, 2022)
    assert list(frame["code"]) == ["NL00", "GM0917", "WK091710", "BU09171000", "GM0951", "BU09510000"]
    assert list(frame["soort"]) == ["land", "gemeente", "wijk", "buurt", "gemeente", "buurt"]
    assert frame.set_index("code").loc["WK091710", "naam"] == "Wijk 10 Maria Gewanden en Terschuren"
    heerlen = frame.set_index("code").loc["GM0917"]
    assert heerlen[["inwoners", "corporatie_pct", "bijstand"]].tolist() == [86762, 37, 4640]
    assert frame["corporatie_pct"].isna().sum() == 1 and frame["bijstand"].isna().sum() == 1
    assert "Mannen_6" not in path.read_text()  # only the mapped columns were requested

    typed = [r for r in http_server.requests if "/TypedDataSet" in r]
    assert any("$skip=2" in r for r in typed)  # the official nextLink was followed via the mirror
    assert all("%24filter" not in r for r in typed) and all("substringof" in r for r in typed)

    count = len(http_server.requests)
    again = cat.fetch("kwb", 2022, gemeenten=["GM0951", "GM0917"], base_url=http_server.url,
                      cache_dir=tmp_path, progress=False)
    assert again == path and len(http_server.requests) == count
    assert cat.get_path("kwb", 2022, gemeenten=["GM0917", "GM0951"], cache_dir=tmp_path) == path


def test_odata_download_asks_for_the_gemeenten_of_that_year(http_server, tmp_path):
    http_server.handle(ODATA_PREFIX, fake_cbs_odata(page_size=100))
    make_catalogue().fetch("kwb", 2015, gemeenten=["GM1954"], base_url=http_server.url,
                           cache_dir=tmp_path, progress=False)
    asked = {m for r in http_server.requests for m in re.findall(r"substringof\(%27(\w+)%27", r)}
    assert asked == {"NL00", "0951", "0881"}


def test_odata_whole_table_and_offline_error(http_server, tmp_path):
    http_server.handle(ODATA_PREFIX, fake_cbs_odata(page_size=3))
    path = make_catalogue().fetch("kwb", 2022, base_url=http_server.url, cache_dir=tmp_path, progress=True)
    assert path.name == "kwb_2022_99999NED.csv"
    assert len(kwb.read_odata_csv(path, 2022)) == len(REGIONS)
    with pytest.raises(SourceError, match="CBS OData was niet bereikbaar"):
        make_catalogue().fetch("kwb", 2022, base_url="http://127.0.0.1:9", cache_dir=tmp_path / "x", progress=False)


def test_odata_error_page(http_server, tmp_path):
    http_server.handle(ODATA_PREFIX, lambda path, query: (200, b"<html>maintenance</html>", "text/html"))
    with pytest.raises(SourceError, match="stuurde geen JSON.*kwb_<jaar>_99999NED.csv in de datamap"):
        make_catalogue().fetch("kwb", 2022, base_url=http_server.url, cache_dir=tmp_path, progress=False)
    assert files_in(tmp_path) == []


# -- the real sources (run with: pytest -m network) ----------------------------------------------


@pytest.mark.network
def test_real_cbs_odata_table_of_2022(tmp_path):
    path = catalogue_module.fetch("kwb", 2022, gemeenten=["GM0965"], cache_dir=tmp_path, progress=False)
    frame = kwb.read_odata_csv(path, 2022)
    assert {"NL00", "GM0965"} <= set(frame["code"])
    assert {"inwoners", "corporatie_pct", "bijstand"} <= set(frame.columns)


@pytest.mark.network
@pytest.mark.parametrize("source", ["cbs_buurten", "leefbaarometer_buurten", "leefbaarometer_geometrie"])
def test_real_download_urls_exist(source):
    cat = catalogue_module.default_catalogue()
    for year in cat.years(source):
        response = requests.head(cat.get_url(source, year), allow_redirects=True, timeout=60)
        assert response.status_code == 200, f"{source} {year}: {cat.get_url(source, year)}"


# -- a whole table larger than one CBS answer, and the key lists of other years ------------------

CBS_ROW_CAP = 10_000  # what the CBS OData v3 API answers at most per request


def fake_capped_odata(keys: list[str], regions: list[tuple[str, str, dict]], *, next_links: bool):
    """A CBS-like table that answers at most CBS_ROW_CAP rows per request on every resource.

    ``regions``: (code, title, values by key). Honours ``$skip`` and ``$top``; with
    ``next_links`` a full page carries an ``odata.nextLink`` (as the bulk feed does), without
    it the client must ask for the next page itself (as ODataApi does).
    """
    dimension = next(key for key in keys if key in ("WijkenEnBuurten", "RegioS"))

    def answer(path, query):
        resource = path[len(ODATA_PREFIX):]
        if resource == "DataProperties":
            rows = [{"ID": n, "Key": key, "Type": "Topic"} for n, key in enumerate(keys)]
        elif resource == dimension:
            rows = [{"Key": code.ljust(10), "Title": title} for code, title, _ in regions]
        elif resource == "TypedDataSet":
            rows = [{dimension: code.ljust(10), "Codering_3": code.ljust(10), **values} for code, _, values in regions]
        else:
            return 404, b"{}", "application/json"
        skip = int(query.get("$skip", ["0"])[0])
        top = min(int(query.get("$top", [str(CBS_ROW_CAP)])[0]), CBS_ROW_CAP)
        page = {"value": rows[skip: skip + top]}
        if next_links and skip + top < len(rows):
            official_path = path.removeprefix("/opendata.cbs.nl")  # the request came through the mirror
            page["odata.nextLink"] = f"https://opendata.cbs.nl{official_path}?$format=json&$skip={skip + top}"
        return 200, json.dumps(page).encode(), "application/json"

    return answer


@pytest.mark.parametrize("next_links", [False, True], ids=["skip-top", "nextLink"])
def test_a_table_of_17000_rows_is_downloaded_whole(http_server, tmp_path, next_links):
    keys = ["WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "AantalInwoners_5"]
    # Nederland, 100 gemeenten and 16,899 buurten: 17,000 rows, numbered so that each is known
    regions = [("NL00", "Nederland", {"AantalInwoners_5": 0})]
    regions += [(f"GM{g:04d}", f"Gemeente {g}", {"AantalInwoners_5": g}) for g in range(1, 101)]
    regions += [(f"BU{n:08d}", f"Buurt {n}", {"AantalInwoners_5": n}) for n in range(1, 16_900)]
    assert len(regions) == 17_000
    http_server.handle(ODATA_PREFIX, fake_capped_odata(keys, regions, next_links=next_links))
    path = make_catalogue().fetch("kwb", 2022, base_url=http_server.url, cache_dir=tmp_path, progress=False)
    frame = kwb.read_odata_csv(path, 2022)
    assert len(frame) == 17_000 and frame["code"].is_unique
    assert frame["code"].iloc[-1] == "BU00016899" and frame["naam"].iloc[-1] == "Buurt 16899"
    assert frame["inwoners"].sum() == sum(range(1, 101)) + sum(range(1, 16_900))
    assert (frame["soort"] == "buurt").sum() == 16_899
    typed = [r for r in http_server.requests if "/TypedDataSet" in r]
    assert len(typed) == 2  # 10,000 + 7,000 rows: the short second page is the last


DATAPROPERTIES = json.loads((Path(__file__).parent / "fixtures" / "kwb_dataproperties.json").read_text())


@pytest.mark.parametrize(("table", "year"), [("82339NED", 2013), ("85984NED", 2024)])
def test_download_with_the_keys_of_2013_and_2024(http_server, tmp_path, table, year):
    keys = [item["Key"] for item in DATAPROPERTIES[table]["value"]]
    values = {key: n for n, key in enumerate(keys) if n > 3}  # every variable holds its own position
    values.update({"Gemeentenaam_1": "Heerlen", "SoortRegio_2": "Gemeente"})
    http_server.handle(ODATA_PREFIX, fake_capped_odata(keys, [("GM0917", "Heerlen", values)], next_links=False))
    path = make_catalogue().fetch("kwb", 2022, gemeenten=["GM0917"], base_url=http_server.url,
                                  cache_dir=tmp_path, progress=False)
    frame = kwb.read_odata_csv(path, year)
    heerlen = frame.set_index("code").loc["GM0917"]
    assert heerlen["naam"] == "Heerlen"
    if year == 2013:  # positions in the fixture: AantalInwoners_4 4, InBezitWoningcorporatie_41 6, ...
        assert heerlen[["inwoners", "corporatie_pct", "laag_inkomen_pct", "bijstand"]].tolist() == [4, 6, 7, 8]
    else:  # positions: AantalInwoners_5 4, corporatie_49 5, bijstand_87 7; PersonenInArmoede_81 not used
        assert heerlen[["inwoners", "corporatie_pct", "bijstand"]].tolist() == [4, 5, 7]
        assert "laag_inkomen_pct" not in frame.columns and "PersonenInArmoede_81" in frame.attrs["notes"][0]
    assert "Mannen_5" not in path.read_text()


def test_leefbaarometer_archives_unpack_the_2024_member_names(http_server, tmp_path):
    scores, geometry = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(scores, "w") as bundle:
        bundle.writestr("Leefbaarometer-scores buurten 2002-2024.csv", "bu_code,jaar\n")
        bundle.writestr("Leefbaarometer-scores wijken 2002-2024.csv", "wk_code,jaar\n")
    with zipfile.ZipFile(geometry, "w") as bundle:
        bundle.writestr("geometrie-lbm3-2024/buurt 2024.gpkg", b"gpkg")
        bundle.writestr("geometrie-lbm3-2024/wijk 2024.gpkg", b"gpkg")
    http_server.serve("/www.leefbaarometer.nl/resources/open-data-leefbaarometer-meting-2024.zip", scores.getvalue())
    http_server.serve("/www.leefbaarometer.nl/resources/geometrie-lbm3-2024.zip", geometry.getvalue())
    cat = catalogue_module.default_catalogue()
    path = cat.fetch("leefbaarometer_buurten", base_url=http_server.url, cache_dir=tmp_path, progress=False)
    assert path.name == "Leefbaarometer-scores buurten 2002-2024.csv"
    path = cat.fetch("leefbaarometer_geometrie", base_url=http_server.url, cache_dir=tmp_path, progress=False)
    assert path.relative_to(tmp_path).as_posix() == "leefbaarometer_geometrie/2024/geometrie-lbm3-2024/buurt 2024.gpkg"
