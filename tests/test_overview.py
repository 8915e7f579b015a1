"""The Netherlands-wide overview map (``veerkracht_lib.rendering.overview``) on a generated 2,000-buurt coverage.

Sizes are checked per buurt and projected to 14,000 buurten; there are no timing asserts (the
benchmark script prints times).
"""
from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from veerkracht_lib.analysis.maps import classify, schemes
from veerkracht_lib.config import Thresholds
from veerkracht_lib.demo import write_demo_data
from veerkracht_lib.rendering.assets import page_assets
from veerkracht_lib.rendering.interactive import ALPHABET, TILE_URL, MapLayer, class_map, display_geometry
from veerkracht_lib.rendering.overview import decode_geometry, overview_map
from veerkracht_lib.sources.cbs_buurten import read_buurten

N_BUURTEN = 2_000
NATIONAL = 14_000
BUDGET = 10_000_000  # bytes for ~14,000 buurten
SCHEME = schemes(Thresholds())["overlast"]
HOSTILE = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def frame(tmp_path_factory) -> gpd.GeoDataFrame:
    """The 2022 buurten of a generated 2,000-buurt demo, classified on Leefbaarometer overlast."""
    folder = tmp_path_factory.mktemp("demo2000")
    write_demo_data(folder, n_buurten=N_BUURTEN)
    buurten = read_buurten(folder / "wijkenbuurten_2022_v1.gpkg", 2022)
    scores = pd.read_csv(folder / "Leefbaarometer-scores buurten 2014-2022.csv")
    onv = scores[scores["jaar"] == 2022].set_index("bu_code")["onv"]
    buurten["onv"] = buurten["code"].map(onv)
    buurten.loc[buurten.index[:3], "onv"] = np.nan  # "geen gegevens"
    buurten.loc[buurten.index[5], "naam"] = HOSTILE
    buurten["klasse"] = classify(buurten, "overlast", Thresholds(), buurten["inwoners"] < 100)
    return buurten


@pytest.fixture(scope="module")
def page(frame, tmp_path_factory):
    path = tmp_path_factory.mktemp("overview") / "overzicht.html"
    overview_map(frame, SCHEME, path, "Overlast <Nederland>", "Bron: synthetische voorbeelddata", class_column="klasse")
    return path.read_text(encoding="utf-8")


def embedded(page: str) -> dict:
    return json.loads(re.search(r"^var data = (\{.*?\});$", page, re.M).group(1))


def test_page_is_written_and_self_contained(page):
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link\b", page) and "@import" not in page
    leaflet_urls = set(re.findall(r"https?://[^\s\"'<>)]+", page_assets()))
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) - leaflet_urls == {TILE_URL}  # tiles only
    assert page.count("<script>") == 2  # Leaflet once, the map once


def test_every_buurt_with_its_class(frame, page):
    data = embedded(page)
    assert len(data["buurten"]) == len(frame)
    assert [row[2] for row in data["buurten"]] == list(frame["code"])
    assert [data["labels"][row[4]] for row in data["buurten"]] == list(frame["klasse"].astype(str))
    assert data["colours"] == [SCHEME.colour(label) for label in SCHEME.categories]
    assert [data["gemeenten"][row[3]] for row in data["buurten"]] == list(frame["gm_naam"])
    assert all(len(row) == 5 for row in data["buurten"])  # geometry, name, code, gemeente, class: nothing else
    encoded = "".join(row[0] if isinstance(row[0], str) else "".join(r for p in row[0] for r in p)
                      for row in data["buurten"])
    assert set(encoded) <= set(ALPHABET)  # no braces, quotes, backslashes or "<"


def test_legend_counts(frame, page):
    counts = frame["klasse"].astype(str).value_counts()
    rows = re.findall(r"<tr><td><span class=\"vk-swatch\"[^>]*></span></td><td>([^<]*)</td><td>[^<]*</td>"
                      r"<td class=\"vk-count\">([^<]*)</td></tr>", page)
    assert {label: int(n.replace(".", "")) for label, n in rows if n != "0"} == counts.to_dict()
    assert "geen gegevens" in dict(rows)


def test_names_and_title_are_escaped(page):
    assert HOSTILE not in page and "alert(1)</script>" not in page
    assert "Overlast &lt;Nederland&gt;" in page
    assert "signalerend, niet causaal" in page


def test_neighbours_keep_shared_edges_after_simplification(frame, page):
    shown = gpd.GeoSeries([decode_geometry(row[0]) for row in embedded(page)["buurten"]], crs=4326).to_crs(28992)
    original = frame.geometry.to_numpy()
    left, right = shapely.STRtree(original).query(original, predicate="intersects")
    pairs = [(i, j) for i, j in zip(left, right) if i < j]
    shared = shapely.length(shapely.intersection(original[left], original[right]))
    rook = [(i, j) for (i, j), length in zip(zip(left, right), shared) if i < j and length > 1.0]
    assert len(rook) > 2 * len(frame)
    displayed = shown.to_numpy()
    a, b = np.array(rook).T
    still = shapely.length(shapely.intersection(displayed[a], displayed[b]))
    assert (still > 1.0).all()  # every edge shared before is still shared: no gaps opened
    overlap = shapely.area(shapely.intersection(displayed[a], displayed[b])).sum()
    assert overlap < 1e-6 * shapely.area(displayed).sum()  # and no overlaps
    assert len(pairs) >= len(rook)
    assert shapely.is_valid(displayed).mean() > 0.99
    # simplified for display, rounded to 1e-5 degrees
    assert shapely.get_num_coordinates(displayed).sum() < 0.8 * shapely.get_num_coordinates(original).sum()
    lonlat = shapely.get_coordinates(gpd.GeoSeries(displayed, crs=28992).to_crs(4326).to_numpy())
    assert np.allclose(lonlat, np.round(lonlat, 5), atol=2e-6)


def test_size_per_buurt_keeps_14000_under_10_mb(frame, page):
    size = len(page.encode("utf-8"))
    data = len(re.search(r"^var data = (\{.*?\});$", page, re.M).group(1).encode("utf-8"))
    per_buurt = data / len(frame)
    projected = (size - data) + NATIONAL * per_buurt
    print(f"overview: {size:,} bytes for {len(frame)} buurten, {per_buurt:.0f} bytes per buurt, "
          f"projected {projected / 1e6:.1f} MB for {NATIONAL:,}")
    assert projected < BUDGET


def test_same_input_same_page(frame, page, tmp_path):
    again = overview_map(frame, SCHEME, tmp_path / "again.html", "Overlast <Nederland>",
                         "Bron: synthetische voorbeelddata", class_column="klasse")
    assert again.read_text(encoding="utf-8") == page


def test_unknown_labels_and_missing_columns_are_refused(frame, tmp_path):
    with pytest.raises(ValueError, match="does not know"):
        overview_map(frame.assign(klasse="onbekend"), SCHEME, tmp_path / "x.html", "t", "f", class_column="klasse")
    with pytest.raises(ValueError, match="no class column"):
        overview_map(frame.drop(columns="klasse"), SCHEME, tmp_path / "x.html", "t", "f")


@pytest.mark.browser
def test_page_draws_in_the_browser(frame, page, tmp_path):
    browser = pytest.importorskip("browser")
    if not browser.CHROMIUM.exists():
        pytest.skip(f"needs Debian chromium at {browser.CHROMIUM}")
    path = tmp_path / "overzicht.html"
    path.write_text(page, encoding="utf-8")
    with browser.open_page(path) as (tab, console_errors):
        tab.wait_for_function("window.vkOverview !== undefined")
        assert tab.evaluate("window.vkOverview.buurten") == len(frame)
        assert tab.locator("#vk-overview-map canvas").count() == 1
        tab.mouse.move(600, 300)
        tab.wait_for_timeout(200)
        assert console_errors == []


def test_class_map_fragment_embeds_the_same_encoded_geometry(frame):
    """The regional maps use the same encoding; decoded, it is the display geometry rounded to 1e-5°."""
    part = frame.iloc[:300].reset_index(drop=True)
    layer = MapLayer("t.o.v. Nederland", part, SCHEME, "onv", "klasse", "Overlast")
    fragment = class_map([layer], title="Overlast", footer="Bron: synthetisch")
    rows = json.loads(re.search(r"vkBuurten\[\"\w+\"\] \|\| (\{.*?\});\n", fragment).group(1))["rows"]
    features = [{"geometry": row[0]} for row in rows]
    shown = display_geometry(part[["geometry"]]).geometry
    for feature, expected in zip(features, shown):
        decoded = decode_geometry(feature["geometry"])
        rounded = shapely.transform(expected, lambda xy: np.round(xy, 5))
        assert shapely.equals_exact(shapely.normalize(decoded), shapely.normalize(shapely.remove_repeated_points(rounded)), 1e-9)
