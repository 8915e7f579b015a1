"""Interactive class maps, tested through the rendered HTML fragment (geopandas' test_explore style).

``grid`` builds the synthetic region that the static-map and browser tests use as well.
"""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from veerkracht_lib.analysis.maps import classify, schemes
from veerkracht_lib.config import Thresholds
from veerkracht_lib.rendering import assets
from veerkracht_lib.rendering.assets import page_assets
from veerkracht_lib.rendering.interactive import (
    TILE_URL,
    MapLayer,
    class_map,
    display_geometry,
    label_zoom,
    wijk_labels,
)

THRESHOLDS = Thresholds()
OVERLAST = schemes(THRESHOLDS)["overlast"]
CELL_M = 200
# Planted pattern: onv by column (map-1 classes left to right), one buurt without data, one too small.
ONV_BY_COLUMN = [-0.14, -0.10, -0.06, 0.0, 0.06, 0.14]
NO_DATA, TOO_SMALL = (5, 3), (0, 5)
SCRIPT_NAME = "<script>alert(1)</script>"
BRACES_NAME = "{{ 7*7 }} {% raw %}"
MALICIOUS = {(2, 2): SCRIPT_NAME, (2, 3): BRACES_NAME}
FOOTER = "Bron: CBS, Kadaster; Leefbaarometer 3.0 (2022), CC BY 4.0"


def grid(rows: int = 6, columns: int = 6) -> gpd.GeoDataFrame:
    """A rows × columns grid of buurten around (150000, 450000) with the planted classes."""
    cells = [(r, c) for r in range(rows) for c in range(columns)]
    frame = gpd.GeoDataFrame(
        {
            "code": [f"BU9999{r:02d}{c:02d}" for r, c in cells],
            "naam": [MALICIOUS.get((r, c), f"Buurt {r}-{c}") for r, c in cells],
            "gm_naam": ["Oostdorp" if c < columns / 2 else "Westdorp" for r, c in cells],
            "inwoners": [40 if (r, c) == TOO_SMALL else 1000 + 10 * r for r, c in cells],
            "onv": [np.nan if (r, c) == NO_DATA else ONV_BY_COLUMN[c % 6] for r, c in cells],
        },
        geometry=[
            box(150000 + c * CELL_M, 450000 + r * CELL_M, 150000 + (c + 1) * CELL_M, 450000 + (r + 1) * CELL_M)
            for r, c in cells
        ],
        crs=28992,
    )
    too_small = frame["inwoners"] < 100
    frame["overlast"] = classify(frame, "overlast", THRESHOLDS, too_small)
    frame["onv_gm"] = -frame["onv"]  # a second, mirrored view
    frame["overlast_gm"] = classify(frame.assign(onv=frame["onv_gm"]), "overlast", THRESHOLDS, too_small)
    return frame


def grid_layers(frame: gpd.GeoDataFrame) -> list[MapLayer]:
    return [
        MapLayer("t.o.v. Nederland", frame, OVERLAST, "onv", "overlast",
                 "Overlast en onveiligheid 2022 t.o.v. Nederland"),
        MapLayer("t.o.v. gemeente", frame, OVERLAST, "onv_gm", "overlast_gm",
                 "Overlast en onveiligheid 2022 t.o.v. gemeente"),
    ]


def grid_areas(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Two areas: the two left columns (corporatiebuurt) and the right column (mostly private)."""
    column = frame["code"].str[-2:].astype(int)
    left = frame[column < 2].union_all()
    right = frame[column == 5].union_all()
    return gpd.GeoDataFrame(
        {"gebied": ["F1", "F2"], "naam": ["Links <b>&", "Rechts"], "corporatiebuurt": [True, False],
         "bezit": ["corporatiebuurt", "overwegend particulier"]}, geometry=[left, right], crs=28992
    )


@pytest.fixture(scope="module")
def frame():
    return grid()


@pytest.fixture(scope="module")
def fragment(frame):
    return class_map(grid_layers(frame), title="Overlast <2022>", footer=FOOTER, areas=grid_areas(frame))


class LegendParser(HTMLParser):
    """Legend blocks of a fragment: ``[(title, hidden, [[cell texts] per row])]``."""

    def __init__(self):
        super().__init__()
        self.blocks, self._field, self._row = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "vk-legend-layer" in classes or "vk-legend-areas" in classes:
            self.blocks.append(["", "hidden" in attrs, []])
        elif "vk-legend-title" in classes:
            self._field = "title"
        elif tag == "tr" and self.blocks:
            self._row = []
            self.blocks[-1][2].append(self._row)
        elif tag == "td" and self._row is not None:
            self._row.append("")
            self._field = "td"

    def handle_endtag(self, tag):
        if tag in ("div", "td"):
            self._field = None
        if tag == "table":
            self._row = None

    def handle_data(self, data):
        if self._field == "title":
            self.blocks[-1][0] += data
        elif self._field == "td":
            self._row[-1] += data


def legend_blocks(fragment: str) -> list[tuple[str, bool, list[list[str]]]]:
    parser = LegendParser()
    parser.feed(fragment)
    return [(title, hidden, [row for row in rows if row]) for title, hidden, rows in parser.blocks]


def embedded_buurten(fragment: str, store: str | None = None) -> tuple[list[dict], list[dict]]:
    """Per buurt its properties as the map shows them (name ``n``, code ``b``, gemeente ``g``,
    inhabitants ``i``, per layer class index ``k`` and value text ``w``), and the per-layer views.

    The buurten come from the page's store (in ``fragment``, or the page of ``store``), the
    classes and values from the map's own arrays.
    """
    rows = json.loads(re.search(r"vkBuurten\[\"\w+\"\] \|\| (\{.*?\});\n", store or fragment).group(1))["rows"]
    array = lambda name: json.loads(re.search(rf"var {name} = (\[.*?\]);\n", fragment).group(1))  # noqa: E731
    views, classes, values = array("vkLayers"), array("vkClasses"), array("vkValues")
    features = [
        {"geometry": row[0], "properties": {
            "n": row[1], "b": row[2], "g": row[3], "i": row[4],
            "k": [layer[j] for layer in classes], "w": [None if layer is None else layer[j] for layer in values]}}
        for j, row in enumerate(rows)
    ]
    return features, views


def test_buurten_are_filled_with_their_class_colour_per_layer(frame, fragment):
    features, views = embedded_buurten(fragment)
    assert len(features) == len(frame)
    for i, (layer, view) in enumerate(zip(grid_layers(frame), views)):
        indices = [feature["properties"]["k"][i] for feature in features]
        assert [view["labels"][k] for k in indices] == list(frame[layer.class_column])
        assert [view["colours"][k] for k in indices] == [OVERLAST.colour(label) for label in frame[layer.class_column]]
    nl_colours = {views[0]["colours"][f["properties"]["k"][0]] for f in features}
    # the two unvalued classes: their hatch's background ("geen gegevens" dark grey, "te weinig inwoners" white)
    assert {"#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#2166ac", "#8c8c8c", "#ffffff"} == nl_colours


def test_only_the_unvalued_classes_are_hatched_and_the_page_holds_their_patterns(fragment):
    _, views = embedded_buurten(fragment)
    hatched = {label: hatch for label, hatch in zip(views[0]["labels"], views[0]["hatches"]) if hatch}
    assert hatched == {"geen gegevens": ["#8c8c8c", "#ffffff", "/", "vk-hatch-rise-8c8c8c"],
                       "te weinig inwoners": ["#ffffff", "#777777", "\\", "vk-hatch-fall-ffffff"]}
    assert "vkFill(view.colours[k], view.hatches[k], false)" in fragment  # SVG: fill="url(#pattern)"
    for pattern in ("vk-hatch-rise-8c8c8c", "vk-hatch-fall-ffffff"):
        assert f'<pattern id="{pattern}"' in page_assets()


def test_legend_swatches_of_the_unvalued_classes_are_hatched_like_the_map(fragment):
    swatches = dict(re.findall(r'<span class="vk-swatch" style="([^"]*)"></span></td><td>([^<]*)</td>', fragment))
    by_label = {label: style for style, label in swatches.items()}
    assert by_label["geen gegevens"].startswith("background:repeating-linear-gradient(135deg,#ffffff")
    assert by_label["te weinig inwoners"].startswith("background:repeating-linear-gradient(45deg,#777777")
    assert by_label["rond gemiddelde"] == "background:#f7f7f7"


def test_legend_lists_every_class_with_range_and_count(fragment):
    nederland, gemeente, areas = legend_blocks(fragment)
    assert nederland[:2] == ("Overlast en onveiligheid 2022 t.o.v. Nederland", False)
    assert [row[1:] for row in nederland[2]] == [
        ["zeer veel slechter", "< −0,12", "6"],
        ["veel slechter", "−0,12 tot −0,08", "6"],
        ["slechter", "−0,08 tot −0,04", "6"],
        ["rond gemiddelde", "−0,04 tot 0,04", "5"],
        ["beter", "0,04 tot 0,08", "6"],
        ["veel beter", "0,08 tot 0,12", "0"],
        ["zeer veel beter", "≥ 0,12", "5"],
        ["geen gegevens", "", "1"],
        ["te weinig inwoners", "", "1"],
    ]
    assert gemeente[:2] == ("Overlast en onveiligheid 2022 t.o.v. gemeente", True)
    assert [row[1] for row in gemeente[2]][0] == "zeer veel slechter"
    assert [row[3] for row in gemeente[2]][:2] == ["5", "0"]
    assert areas[0] == "Gebieden"
    assert [row[1:] for row in areas[2]] == [
        ["corporatiebuurt", "Links <b>&", "1"], ["overwegend particulier", "Rechts", "1"]
    ]


def test_grey_classes_only_in_the_legend_when_present(frame):
    complete = frame[frame["overlast"].isin(OVERLAST.labels)]
    (title, _, rows), = legend_blocks(class_map(grid_layers(complete)[:1], title="t", footer=FOOTER))
    assert [row[1] for row in rows] == list(OVERLAST.labels)


def test_footer_attribution_and_not_causal(fragment):
    footer = re.search(r'<p class="vk-footer">(.*?)</p>', fragment).group(1)
    assert html.unescape(footer) == f"{FOOTER} · signalerend, niet causaal"
    assert json.dumps("Kaartgegevens © Kadaster") in fragment  # tile attribution in Leaflet's control


def test_no_network_resources_besides_the_tiles(fragment):
    assert re.findall(r"https?://[^\s\"'<>)]+", fragment) == [TILE_URL]
    for text in (fragment, page_assets()):
        assert not re.search(r"<script[^>]*\bsrc=", text)
        assert not re.search(r"<link\b", text)
        assert "@import" not in text
    assert re.findall(r"url\((?!data:image/png;base64,|#default#VML)", page_assets()) == []
    assert "sourceMappingURL" not in page_assets()


def test_page_assets_inline_leaflet_once():
    text = page_assets()
    assert text.count("<script>") == 1 and text.count("<style") == 1
    assert "Leaflet 1.9.4" in text and ".vk-legend" in text and ".leaflet-container" in text


def test_page_assets_missing_package_names_the_install_command(monkeypatch):
    monkeypatch.setattr(assets, "LEAFLET_PACKAGE", "no_such_leaflet_package")
    assets.page_assets.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"pip install django-js-lib-leaflet==1\.9\.4\.1"):
            page_assets()
    finally:
        assets.page_assets.cache_clear()


def test_data_text_is_escaped(frame, fragment):
    assert SCRIPT_NAME not in fragment and "alert(1)</script>" not in fragment
    assert "Links <b>" not in fragment and "Overlast <2022>" not in fragment
    features, _ = embedded_buurten(fragment)
    names = [html.unescape(f["properties"]["n"]) for f in features]
    assert names == list(frame["naam"])  # braces survive folium's Jinja pass as text
    assert "&lt;script&gt;" in features[2 * 6 + 2]["properties"]["n"]


def test_same_input_gives_the_same_fragment(frame, fragment):
    again = class_map(grid_layers(grid()), title="Overlast <2022>", footer=FOOTER, areas=grid_areas(frame))
    assert again == fragment
    other = class_map(grid_layers(frame), title="Another map", footer=FOOTER)
    ids = lambda text: set(re.findall(r'id="([^"]+)"', text))  # noqa: E731
    assert not ids(other) & ids(fragment)  # two maps on one page do not clash


def test_switchable_layers_and_their_legend_titles(frame, fragment):
    assert re.search(r'"t\.o\.v\. Nederland" : feature_group_\w+,\s*"t\.o\.v\. gemeente" : feature_group_\w+', fragment)
    assert '"gebieden" : feature_group_' in fragment  # the areas can be switched off
    assert "baselayerchange" in fragment
    single = class_map(grid_layers(frame)[:1], title="t", footer=FOOTER)
    assert "L.control.layers" not in single and "baselayerchange" not in single
    assert [hidden for _, hidden, _ in legend_blocks(single)] == [False]


def test_layers_must_cover_the_same_buurten(frame):
    nederland, gemeente = grid_layers(frame)
    fewer = MapLayer(gemeente.name, frame.iloc[1:], OVERLAST, "onv_gm", "overlast_gm", gemeente.legend_title)
    with pytest.raises(ValueError, match="same buurten"):
        class_map([nederland, fewer], title="t", footer=FOOTER)


def test_layers_in_another_row_order_are_aligned_by_code(frame, fragment):
    nederland, gemeente = grid_layers(frame)
    shuffled = MapLayer(gemeente.name, frame.iloc[::-1], OVERLAST, "onv_gm", "overlast_gm", gemeente.legend_title)
    features, views = embedded_buurten(class_map([nederland, shuffled], title="t", footer=FOOTER))
    assert [views[1]["labels"][f["properties"]["k"][1]] for f in features] == list(frame["overlast_gm"])


def test_unknown_class_labels_are_refused(frame):
    with pytest.raises(ValueError, match="does not know"):
        MapLayer("x", frame.assign(overlast="onbekend"), OVERLAST, "onv", "overlast", "x")


def test_500_buurten_fragment_is_small():
    big = grid(20, 25)
    text = class_map(grid_layers(big), title="500 buurten", footer=FOOTER, areas=grid_areas(big))
    assert len(text.encode()) < 250_000


def test_maps_of_one_page_share_the_buurten():
    """The second map of the same buurten leaves them out and reads the first map's store."""
    first = class_map(grid_layers(grid(20, 25)), title="kaart 1", footer=FOOTER)
    layers = grid_layers(grid(20, 25))
    second = class_map(layers[1:], title="kaart 2", footer=FOOTER, with_buurten=False)
    assert "rows:" not in second
    assert len(second.encode()) < len(first.encode()) / 3
    features, views = embedded_buurten(second, store=first)
    assert len(features) == 500
    assert [views[0]["labels"][f["properties"]["k"][0]] for f in features] == list(layers[1].gdf[layers[1].class_column])


def jagged_neighbours() -> gpd.GeoDataFrame:
    """Two polygons sharing a long, jagged edge (a random walk), their rings starting at different points.

    Simplifying each polygon on its own opens gaps and overlaps along that edge.
    """
    steps = np.random.default_rng(0).normal(0, 2, 201)
    edge = [(150500 + x, 450000 + y) for x, y in zip(np.cumsum(steps), np.arange(0, 1001, 5.0))]
    west = Polygon(edge[100:] + [(150000, 451000), (150000, 450000)] + edge[:100])
    east = Polygon(edge + [(151000, 451000), (151000, 450000)])
    return gpd.GeoDataFrame({"code": ["BU1", "BU2"]}, geometry=[west, east], crs=28992)


def test_display_geometry_keeps_shared_edges():
    original = jagged_neighbours()
    shown = display_geometry(original, tolerance_m=5, keep=["code"])
    assert shown.crs.to_epsg() == 4326 and list(shown.columns) == ["code", "geometry"]
    vertices = shapely.get_num_coordinates(shown.geometry.array)
    assert (vertices < shapely.get_num_coordinates(original.geometry.array) / 2).all()
    west, east = shown.to_crs(28992).geometry
    assert west.intersection(east).length > 1000  # one shared edge ...
    assert west.union(east).area == pytest.approx(west.area + east.area, rel=1e-7)  # ... without overlap
    union = west.union(east)
    assert union.geom_type == "Polygon" and not union.interiors  # ... or gap
    assert union.area == pytest.approx(1_000_000, abs=50)  # (rounding to 1e-6° moves the outline a little)
    coordinates = shapely.get_coordinates(shown.geometry.array)
    assert np.array_equal(coordinates, np.round(coordinates, 6))


def test_display_geometry_falls_back_for_overlapping_polygons():
    overlapping = gpd.GeoDataFrame(
        geometry=[box(150000, 450000, 150100, 450100), box(150050, 450000, 150150, 450100)], crs=28992
    )
    shown = display_geometry(overlapping)
    assert len(shown) == 2 and shown.geometry.is_valid.all()


def test_display_geometry_needs_metres():
    with pytest.raises(ValueError, match="projected CRS"):
        display_geometry(grid().to_crs(4326))


def test_a_combined_map_legend_has_no_empty_value_column():
    frame = grid(2, 2).assign(kwetsbaar=[60.0, 100.0, 150.0, 200.0])  # onv and kwetsbaar give the focus classes
    frame["focus"] = classify(frame, "focus", THRESHOLDS, frame["inwoners"] < 100)
    focus = schemes(THRESHOLDS)["focus"]
    legend = class_map([MapLayer("t.o.v. Nederland", frame, focus, None, "focus", "Focuskaart")], title="Kaart 3",
                       footer=FOOTER)
    assert "<th>klasse</th><th class=\"vk-count\">buurten</th>" in legend and "<th>waarde</th>" not in legend


def wijk_frame() -> gpd.GeoDataFrame:
    """Wijk A: two squares side by side; wijk B: an L of two strips (its centre lies outside it);
    wijk C has no name. B is spelled as some CBS years do ("Wijk02 Kunrade")."""
    return gpd.GeoDataFrame(
        {"wk_code": ["WK999901", "WK999901", "WK999902", "WK999902", "WK999903"],
         "wk_naam": ["Wijk 01 Hoogveld", "Wijk 01 Hoogveld", "Wijk02 <Hoek>", "Wijk02 <Hoek>", None]},
        geometry=[box(150000, 450000, 151000, 451000), box(151000, 450000, 152000, 451000),
                  box(160000, 450000, 161000, 450100), box(160000, 450100, 160100, 451000),
                  box(170000, 450000, 171000, 451000)],
        crs=28992,
    ).astype({"wk_naam": "string"})


def lat_lon(x: float, y: float) -> list[float]:
    point = gpd.GeoSeries([shapely.Point(x, y)], crs=28992).to_crs(4326).iloc[0]
    return [round(point.y, 5), round(point.x, 5)]


def test_wijk_labels_name_each_named_wijk_inside_it():
    labels, wijk_of = wijk_labels(wijk_frame())
    # A: the centre of its two squares; B: the centre (287, 287 m from its corner) is outside the L,
    # so the label goes into its larger strip (centre 500 × 50 m); C has no name and no label
    assert labels == [["Hoogveld", lat_lon(151000, 450500)], ["&lt;Hoek&gt;", lat_lon(160500, 450050)]]
    assert wijk_of == [0, 0, 1, 1, -1]


def test_wijk_labels_without_wijk_names_are_empty():
    frame = wijk_frame().drop(columns="wk_naam")
    assert wijk_labels(frame) == ([], [-1] * 5)


def test_wijk_names_appear_once_a_typical_wijk_is_150_pixels_wide():
    frame = wijk_frame()
    # wijk areas 2 km², 0.19 km², 1 km²: the median 1 km² is 1000 m wide; at the region's latitude a
    # pixel is 156543 · cos(lat) / 2^z m, so 150 pixels hold 1000 m from z = log2(156543 · cos(lat) · 0.15)
    west, south, east, north = frame.total_bounds
    latitude = lat_lon((west + east) / 2, (south + north) / 2)[0]
    expected = np.log2(156543.034 * np.cos(np.radians(latitude)) * 150 / 1000)
    assert label_zoom(frame, "wk_code", 150) == pytest.approx(expected, abs=0.01)
    assert 13 < label_zoom(frame, "wk_code", 150) < 14  # one web-map zoom level doubles the pixels
    # half the pixels one zoom level earlier; no such column, no names
    assert label_zoom(frame, "wk_code", 75) == pytest.approx(expected - 1, abs=0.01)
    assert label_zoom(frame.drop(columns="wk_code"), "wk_code", 150) == 99


def test_a_bounded_cache_keeps_its_newest_entries_also_when_seeded():
    from veerkracht_lib.rendering.interactive import BoundedCache

    cache = BoundedCache(2)
    cache["a"] = 1
    cache.update({"b": 2, "c": 3})  # a kernel seeded by its build, region after region
    assert list(cache.items()) == [("b", 2), ("c", 3)]
