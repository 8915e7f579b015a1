"""The demo report end to end (issue 2, "Done when"): pages, maps, legends, exports, planted structure.

Everything here reads the one demo report the session builds (``demo_report`` in conftest.py), except
the threshold test (the analysis in-process with a changed params value) and the build-machinery tests
at the end (a failing chapter, a kept kernel).
"""
from __future__ import annotations

import html
import math
import os
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis.classes import FOCUS, GREY, VEERKRACHT
from veerkracht_lib.analysis.maps import by_number, schemes
from veerkracht_lib.analysis.samenhang import samenhang_table
from veerkracht_lib.build import CHAPTERS
from veerkracht_lib.numbers import fmt_number

CHAPTER_MAPS = {"01_situatie.html": [1, 2, 3, 4], "02_ontwikkeling.html": [5, 6, 7], "03_werken_aan_veerkracht.html": [8]}
PDOK_TILES = "https://service.pdok.nl/brt/achtergrondkaart/"


# ------------------------------------------------------------------------------------------ helpers


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment (tags dropped, entities decoded, whitespace collapsed)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def map_blocks(page: str) -> list[str]:
    """The page cut into one piece per interactive map, from its ``vk-map`` div to the next map."""
    starts = [m.start() for m in re.finditer(r'<div class="vk-map" id="', page)]
    return [page[a:b] for a, b in zip(starts, [*starts[1:], len(page)])]


def first_legend(block: str) -> tuple[str, list[tuple[str, int]]]:
    """Title and (label, count) rows of the map's visible (first) legend layer."""
    layer = re.search(r'<div class="vk-legend-layer">(.*?)</table>', block, re.S)
    assert layer, "map without a visible text legend"
    title = text_of(re.search(r'<div class="vk-legend-title">(.*?)</div>', layer.group(1), re.S).group(1))
    # label, value range (not on combined maps: they have none), count
    rows = re.findall(r'<tr><td><span[^>]*></span></td><td>([^<]*)</td>(?:<td>[^<]*</td>)?<td class="vk-count">([^<]*)</td></tr>',
                      layer.group(1))
    return title, [(text_of(label), int(text_of(count).replace(".", ""))) for label, count in rows]


def html_tables(page: str) -> list[list[list[str]]]:
    """Every ``vk-table`` as rows of cell texts (header row first)."""
    tables = []
    for body in re.findall(r"<table class=[\"']vk-table[\"'][^>]*>(.*?)</table>", page, re.S):
        rows = [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
        tables.append([r for r in rows if r])
    return tables


@pytest.fixture(scope="module")
def buurten_csv(demo_report) -> pd.DataFrame:
    return pd.read_csv(demo_report / "export" / "voorbeeldregio_buurten.csv", dtype={"code": str})


@pytest.fixture(scope="module")
def gebieden(demo_report) -> gpd.GeoDataFrame:
    return gpd.read_file(demo_report / "export" / "voorbeeldregio.gpkg", layer="gebieden")


def area_holding(gebieden: gpd.GeoDataFrame, kaart: str, codes: list[str]) -> pd.DataFrame:
    """Areas of map ``kaart`` that hold every one of ``codes``."""
    of_map = gebieden[gebieden["kaart"] == kaart]
    return of_map[[set(codes) <= set(b.split(", ")) for b in of_map["buurten"]]]


# ------------------------------------------------------------------------------------------ pages


def test_index_links_the_three_chapter_pages_and_the_one_screen_focuskaart(demo_report, demo_pages):
    links = re.findall(r'<a href="([^"#]+)"', demo_pages["index.html"])
    for page in [*(f"{chapter}.html" for chapter in CHAPTERS), "overzicht.html"]:
        assert page in links
        assert (demo_report / page).is_file()


@pytest.mark.parametrize("page", ["index.html", *CHAPTER_MAPS, "overzicht.html"])
def test_local_links_resolve(page, demo_report, demo_pages):
    links = re.findall(r'\b(?:href|src)\s*=\s*["\']([^"\'#]+)', demo_pages[page])
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    if page == "index.html":
        assert len(local) >= 3 + 3  # the chapters and the exports at least
    missing = [link for link in local if not (demo_report / link).is_file()]
    assert not missing, f"{page} links to missing files: {missing}"


@pytest.mark.parametrize("page", CHAPTER_MAPS)
def test_chapter_maps_have_text_legend_and_static_png_twin(page, demo_pages, demo_config, planted):
    schemes_ = schemes(demo_config.thresholds)
    n_buurten = planted["n_buurten"][str(demo_config.situation_year)]
    blocks = map_blocks(demo_pages[page])
    titles = [text_of(re.search(r'<div class="vk-map-title">(.*?)</div>', b, re.S).group(1)) for b in blocks]
    assert [int(re.match(r"Kaart (\d)\. ", t).group(1)) for t in titles] == CHAPTER_MAPS[page], titles
    for number, block in zip(CHAPTER_MAPS[page], blocks):
        scheme = schemes_[by_number(number).key]
        title, rows = first_legend(block)
        labels = [label for label, _ in rows]
        assert set(scheme.labels) <= set(labels), f"kaart {number}: legend {labels} lacks classes of {scheme.labels}"
        assert set(labels) <= set(scheme.labels) | set(GREY), f"kaart {number}: unknown legend rows {labels}"
        assert sum(count for _, count in rows) == n_buurten, f"kaart {number}: legend counts {rows}"
        assert scheme.title.split(":")[0] in title
        twin = re.search(r"<details[^>]*vk-static[^>]*>\s*<summary>([^<]*)</summary>\s*<img[^>]*>", block)
        assert twin and f"kaart {number}" in twin.group(1), f"kaart {number} has no static twin"
        assert re.search(r'src="data:image/png;base64,[A-Za-z0-9+/]{1000}', twin.group(0))


@pytest.mark.parametrize("page", ["index.html", *CHAPTER_MAPS, "overzicht.html"])
def test_every_page_says_synthetic_data(page, demo_pages):
    assert "synthetische voorbeelddata" in text_of(demo_pages[page]).lower()


def test_map_sentences_read_correctly(demo_pages):
    """The per-map sentence is "... woont X% van de inwoners in een buurt <phrase>": no phrase repeats it."""
    text = " ".join(text_of(page) for page in demo_pages.values())
    assert "in een buurt in een" not in text
    assert re.search(r"woont \d+% van de inwoners in een buurt met weinig veerkracht", text)


@pytest.mark.parametrize("page", ["index.html", *CHAPTER_MAPS])
def test_pages_are_self_contained(page, demo_pages):
    text = demo_pages[page]
    for pattern in (r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//", r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(https?:)?//",
                    r"<img\b[^>]*\bsrc\s*=\s*[\"']?\s*(https?:)?//", r"@import\s+(url\()?[\"']?(https?:)?//",
                    r"<iframe\b"):
        found = re.search(pattern, text, re.I)
        assert not found, f"{page} loads {text[found.start():found.start() + 120]!r} from the network"
    tiles = set(re.findall(r"https?://[^\"'\s]*\{z\}[^\"'\s]*", text))
    assert all(url.startswith(PDOK_TILES) for url in tiles), tiles
    if CHAPTER_MAPS.get(page):
        assert tiles, "maps without the PDOK base layer"
        assert "L.map(" in text or "L.map (" in text, "Leaflet is not inlined"


# ------------------------------------------------------------------------------------------ planted structure


def test_map_8_shows_the_planted_focus_area_as_focus_with_little_resilience_in_a_corporatiebuurt(demo_pages, planted):
    from test_maps import embedded_buurten

    features, views = embedded_buurten(demo_pages["03_werken_aan_veerkracht.html"])
    types = {f["properties"]["b"]: views[0]["labels"][f["properties"]["k"][0]] for f in features}
    assert {types[code] for code in planted["focus"]} == {"focus, weinig veerkracht, corporatiebuurt"}
    assert sum(t == "geen gebied" for t in types.values()) > len(types) / 2  # most buurten lie in no area


def test_planted_focus_buurten_are_focus_and_form_one_area(buurten_csv, gebieden, planted):
    classes = buurten_csv.set_index("code")["klasse_focus_nederland"]
    assert (classes.reindex(planted["focus"]) == FOCUS).all(), classes.reindex(planted["focus"]).value_counts()
    holding = area_holding(gebieden, "focus", planted["focus"])
    assert len(holding) == 1, "the planted focus buurten are not one contiguous focus area"
    area = holding.iloc[0]
    assert area["gm_naam"] == planted["gemeenten"][planted["focus_gemeente"]]
    assert bool(area["corporatiebuurt"]) and area["corporatie"] >= 60


def test_planted_resilient_area_is_classed_veerkracht(buurten_csv, gebieden, planted):
    resilient = planted["resilient"]
    classes = buurten_csv.set_index("code")["klasse_veerkracht_nederland"].reindex(resilient)
    assert (classes == VEERKRACHT).mean() >= 0.8, classes.value_counts()
    of_map = gebieden[(gebieden["kaart"] == "veerkracht") & (gebieden["klasse"] == VEERKRACHT)]
    best = max(len(set(resilient) & set(b.split(", "))) for b in of_map["buurten"])
    assert best >= 0.8 * len(resilient), "the planted resilient buurten do not form one veerkracht area"


def test_narrative_names_the_planted_focus_area_and_its_gemeente(demo_pages, gebieden, planted):
    area = area_holding(gebieden, "focus", planted["focus"]).iloc[0]
    summary = text_of(re.search(r'<section class="vk-summary">(.*?)</section>', demo_pages["index.html"], re.S).group(1))
    assert area["naam"] in summary
    assert planted["gemeenten"][planted["focus_gemeente"]] in summary


def test_raising_a_focus_threshold_moves_the_planted_buurten_out_of_focus(demo_data, planted, buurten_csv):
    from conftest import demo_raw

    from veerkracht_lib.analysis.run import analyse
    from veerkracht_lib.config import parse_config
    from veerkracht_lib.sources.inputs import load_inputs

    before = buurten_csv.set_index("code")
    highest = before.loc[planted["focus"], "kwetsbaar"].max()
    raw = demo_raw(demo_data)
    raw["thresholds"] = {**raw["thresholds"], "focus_kwetsbaar_veel": math.ceil(highest) + 1}
    after = analyse(load_inputs(parse_config(raw, slug="voorbeeldregio"))).buurten.set_index("code")
    assert (after.loc[planted["focus"], "klasse_focus_nederland"] != FOCUS).all()
    focus_areas = after[after["klasse_focus_nederland"] == FOCUS]
    assert not set(planted["focus"]) & set(focus_areas.index)
    # the other maps do not use this threshold
    for column in ("klasse_overlast_nederland", "klasse_kwetsbaar_nederland", "klasse_veerkracht_nederland"):
        assert (after[column].astype(str).reindex(before.index) == before[column].astype(str)).all(), column


# ------------------------------------------------------------------------------------------ exports


def test_geopackage_has_one_row_per_buurt_and_every_class_column(demo_report, buurten_csv, planted, demo_config):
    layer = gpd.read_file(demo_report / "export" / "voorbeeldregio.gpkg", layer="buurten")
    assert len(layer) == layer["code"].nunique() == len(buurten_csv) == planted["n_buurten"]["2022"]
    assert set(layer["code"]) == set(buurten_csv["code"])
    expected = {"klasse_corporatie", "klasse_gebiedstype"} | {
        f"klasse_{key}_{ref}" for key in ("overlast", "kwetsbaar", "focus", "d_onv", "d_kwetsbaar", "veerkracht")
        for ref in ("nederland", "gemeente", "regio")}
    assert expected <= set(layer.columns), expected - set(layer.columns)
    assert expected <= set(buurten_csv.columns)
    assert layer.crs.to_epsg() == 28992 and layer.geometry.is_valid.all() and not layer.geometry.is_empty.any()


def test_samenhang_in_chapter_1_equals_the_figures_recomputed_from_the_csv(demo_pages, buurten_csv, demo_config):
    expected = samenhang_table(buurten_csv.assign(te_klein=buurten_csv["te_klein"].astype(bool)), demo_config.thresholds)
    table = next(t for t in html_tables(demo_pages["01_situatie.html"]) if "correlatie r" in t[0])
    header, rows = table[0], {r[0]: dict(zip(table[0], r)) for r in table[1:]}
    assert "groep" in header
    for row in expected.itertuples():
        shown = rows[row.groep]
        assert shown["buurten"] == fmt_number(row.n, 0)
        assert shown["correlatie r"] == ("" if pd.isna(row.r) else fmt_number(row.r, 2)), row.groep
    overall = expected.iloc[0]
    assert fmt_number(overall.r, 2).startswith("−")  # Dutch format with a real minus sign, e.g. −0,90
    summary = text_of(demo_pages["index.html"])
    assert f"{fmt_number(overall.r, 2)} (n = {overall.n} buurten" in summary


def test_relative_map_1_differs_where_the_gemeente_is_far_from_the_dutch_mean(buurten_csv, planted, demo_pages):
    usable = buurten_csv[~buurten_csv["te_klein"].astype(bool) & buurten_csv["onv"].notna()]
    means = usable.groupby("gm_code").apply(lambda g: np.average(g["onv"], weights=g["inwoners"]), include_groups=False)
    changed = (usable["klasse_overlast_gemeente"] != usable["klasse_overlast_nederland"]).groupby(usable["gm_code"]).mean()
    # the rural gemeenten, planted far better than average (their buurten on and beside class edges pull
    # the mean down to about 0,03)
    far = planted["rural_gemeenten"]
    near = means[means.abs() < 0.02].index
    assert (means[far] > 0.03).all(), means
    assert (changed[far] > 0.5).all(), changed
    assert (changed[near] < changed[far].min()).all(), changed
    # one map, three switchable layers, each legend naming its reference
    block = map_blocks(demo_pages["01_situatie.html"])[0]
    for label in ("t.o.v. Nederland", "t.o.v. eigen gemeente", "t.o.v. de regio"):
        assert f"Overlast en onveiligheid ({label})" in block


# ------------------------------------------------------------------------------------------ a failing chapter


def test_a_failing_chapter_is_named_stops_the_others_and_leaves_no_report(demo_config, tmp_path, monkeypatch):
    """Chapter II raises while chapter I would never end: the build stops at once with chapter II's
    error, stops chapter I's process and writes nothing."""
    import shutil

    from test_bad_input import chapter_processes

    from veerkracht_lib import build
    from veerkracht_lib.errors import BuildError

    notebooks = tmp_path / "notebooks"
    shutil.copytree(build.NOTEBOOKS, notebooks)
    for name, old, new in [("02_ontwikkeling", 'report.show_map(a, "d_onv")', 'raise RuntimeError("kapotte kaart")'),
                           ("01_situatie", 'report.show_map(a, "overlast")', '__import__("threading").Event().wait()')]:
        chapter = notebooks / f"{name}.py"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    monkeypatch.setattr(build, "NOTEBOOKS", notebooks)
    reports = tmp_path / "reports"
    with pytest.raises(BuildError, match="hoofdstuk 02_ontwikkeling mislukt: RuntimeError: kapotte kaart"):
        build.build_region(demo_config, reports_dir=reports, print_maps=False)
    assert os.listdir(reports) == [], "a temporary or half-written report was left"
    assert not chapter_processes(os.getpid()), "a chapter's process outlived the failed build"


def test_the_pages_are_the_same_however_the_chapters_run(demo_data, tmp_path, monkeypatch):
    """A batch worker builds gemeente after gemeente with one fork server of chapters: nothing of the
    first region leaks into the second's pages. Windows has no fork server: there each chapter is a
    fresh interpreter (spawned), with the same pages."""
    import multiprocessing

    from conftest import demo_raw, run_cli, write_params

    from veerkracht_lib import build, chapters
    from veerkracht_lib.config import parse_config

    first = parse_config(demo_raw(demo_data, gemeenten=["GM9901"], title="Eerste"), slug="eerste")
    second_raw = demo_raw(demo_data, gemeenten=["GM9903"], title="Tweede")
    second = parse_config(second_raw, slug="tweede")
    warm, cold, spawned = tmp_path / "warm", tmp_path / "cold", tmp_path / "spawned"
    build.build_region(first, reports_dir=warm, print_maps=False)
    build.build_region(second, reports_dir=warm, print_maps=False)
    params = write_params(tmp_path / "params", second_raw, name="tweede")
    result = run_cli("build", params, "--no-print-maps", "--reports-dir", cold)
    assert result.returncode == 0, result.stderr[-3000:]
    monkeypatch.setattr(chapters, "_context", lambda: multiprocessing.get_context("spawn"))
    build.build_region(second, reports_dir=spawned, print_maps=False)
    for name in CHAPTERS:
        assert (spawned / "tweede" / f"{name}.html").read_bytes() == (cold / "tweede" / f"{name}.html").read_bytes(), name
        assert (warm / "tweede" / f"{name}.html").read_bytes() == (cold / "tweede" / f"{name}.html").read_bytes(), name
