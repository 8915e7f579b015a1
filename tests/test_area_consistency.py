"""An area is the same on every map (issue 11, defect 7): map 8 names a veerkracht area by its map-7
class, the outlines follow the reference switch, and a buurt's tooltip names its area."""
from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from veerkracht_lib.analysis.areas import find_areas
from veerkracht_lib.analysis.classes import FOCUS, STABIEL, VEERKRACHT
from veerkracht_lib.analysis.matrix import area_rows, buurt_area_types
from veerkracht_lib.analysis.maps import schemes
from veerkracht_lib.config import Thresholds
from veerkracht_lib.rendering.interactive import MapLayer, class_map

T = Thresholds()


def strip(classes_nl, classes_gm):
    """Six adjacent 100 m buurten in a row with a veerkracht class per reference."""
    n = len(classes_nl)
    return gpd.GeoDataFrame({
        "code": [f"BU0001{i:04d}" for i in range(n)], "naam": [f"B{i}" for i in range(n)], "gm_naam": "Een",
        "inwoners": 1000.0, "woningen": 100.0, "corporatie": 50.0, "te_klein": False,
        "focus": "minder overlast, weinig kwetsbaren",
        "klasse_nl": pd.Categorical(classes_nl, categories=schemes(T)["veerkracht"].categories),
        "klasse_gm": pd.Categorical(classes_gm, categories=schemes(T)["veerkracht"].categories),
    }, geometry=[box(100 * i, 0, 100 * (i + 1), 100) for i in range(n)], crs=28992)


def test_a_veerkracht_area_has_the_type_veerkracht_on_map_8():
    frame = strip([VEERKRACHT] * 3 + [STABIEL] * 3, [STABIEL] * 6)
    areas = find_areas(frame, "klasse_nl", [VEERKRACHT], "veerkracht", T.corporatiebuurt)
    rows = area_rows(frame, areas, "focus", "klasse_nl", T.corporatiebuurt, focus_kind="focus")
    assert rows["type"].tolist() == ["veerkracht"]  # as on map 7, not "kwetsbaren nemen toe, overlast nog laag"
    assert buurt_area_types(frame, rows).tolist() == ["veerkracht"] * 3 + ["geen gebied"] * 3


def layers_with_areas(frame):
    """Two layers (t.o.v. Nederland, t.o.v. gemeente), each with the areas of its own classes."""
    scheme = schemes(T)["veerkracht"]
    out = []
    for name, column in (("t.o.v. Nederland", "klasse_nl"), ("t.o.v. gemeente", "klasse_gm")):
        areas = find_areas(frame, column, [VEERKRACHT], "veerkracht", T.corporatiebuurt)
        out.append(MapLayer(name, frame, scheme, None, column, f"Veerkrachtkaart {name}", areas=areas))
    return out


@pytest.fixture(scope="module")
def fragment():
    # t.o.v. Nederland: buurten 0–2 form area "V1 · B0 / B1 (Een)"; t.o.v. gemeente: buurten 4–5, "V1 · B4 / B5 (Een)"
    frame = strip([VEERKRACHT] * 3 + [STABIEL] * 3, [STABIEL] * 4 + [VEERKRACHT] * 2)
    return class_map(layers_with_areas(frame), title="Kaart 7", footer="Bron: test")


def test_outline_legend_follows_the_layer(fragment):
    blocks = re.findall(r'<div class="vk-legend-areas"( hidden)?>(.*?)</table></div>', fragment)
    assert [(hidden, "B0 / B1 (Een)" in body, "B4 / B5 (Een)" in body) for hidden, body in blocks] == [
        ("", True, False), (" hidden", False, True)]


def test_each_layer_has_its_own_outlines(fragment):
    outlines = re.search(r"var vkAreaOutlines = (\[.*?\]);\n", fragment).group(1)
    # per layer the halo and the outline (Leaflet layers), switched with the layer
    assert len(re.findall(r"\[geo_json_\w+, geo_json_\w+\]", outlines)) == 2


def test_tooltip_names_the_area_of_the_buurt_per_layer(fragment):
    names = json.loads(re.search(r"var vkAreaNames = (\[.*?\]);\n", fragment).group(1))
    assert names == [{"0": "V1 · B0 / B1 (Een)", "1": "V1 · B0 / B1 (Een)", "2": "V1 · B0 / B1 (Een)"},
                     {"4": "V1 · B4 / B5 (Een)", "5": "V1 · B4 / B5 (Een)"}]


@pytest.mark.browser
def test_switching_the_reference_switches_outlines_legend_and_tooltip(tmp_path, fragment):
    pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
    from browser import open_page, requires_chromium

    if requires_chromium.args[0]:
        pytest.skip(requires_chromium.kwargs["reason"])
    from veerkracht_lib.rendering.assets import page_assets

    path = tmp_path / "kaart7.html"
    path.write_text('<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>t</title></head><body>\n'
                    + page_assets() + fragment + "</body></html>\n", encoding="utf-8")
    root = "#" + re.search(r'<div class="vk-map" id="([^"]+)"', fragment).group(1)
    from playwright.sync_api import expect

    def tooltip_of(index):
        shapes.nth(index).hover()
        current = page.locator(f"{root} .leaflet-tooltip").filter(has_text=f"BU0001{index:04d}").last
        expect(current).to_be_visible()  # the previous tooltip may still be fading out
        return current.inner_text()

    with open_page(path) as (page, console_errors):
        shapes = page.locator(f"{root} path.leaflet-interactive")
        assert shapes.count() == 6 + 1  # six buurten and the outline of the Nederland layer's one area
        assert "gebied: V1 · B0 / B1 (Een)" in tooltip_of(0)
        assert page.locator(f"{root} .vk-legend-areas:visible").inner_text().count("B0 / B1 (Een)") == 1
        page.locator(root).get_by_label("t.o.v. gemeente").check()
        assert shapes.count() == 6 + 1  # the gemeente layer's one area instead
        legend = page.locator(f"{root} .vk-legend-areas:visible")
        assert legend.count() == 1 and "B4 / B5 (Een)" in legend.inner_text() and "B0" not in legend.inner_text()
        assert "gebied: V1 · B4 / B5 (Een)" in tooltip_of(5)
        assert "gebied:" not in tooltip_of(0)
        assert console_errors == []
