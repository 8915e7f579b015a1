"""Two map fragments on one offline page in chromium: drawn, legible, safe, switchable."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from browser import open_page, requires_chromium, screenshot_path
from test_maps import FOOTER, MALICIOUS, THRESHOLDS, grid, grid_areas, grid_layers

from veerkracht_lib.analysis.maps import classify, schemes
from veerkracht_lib.rendering.assets import page_assets
from veerkracht_lib.rendering.interactive import MapLayer, class_map

playwright = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")
expect = playwright.expect
pytestmark = [pytest.mark.browser, requires_chromium]

IMG_NAME = '<img src=x onerror="alert(1)">'  # would request x and alert if put into the page as HTML
KWETSBAAR_BY_ROW = [40, 70, 100, 150, 250, 90]
WIJK_NAMES = {"WK999901": "Wijk 01 Hoogveld", "WK999902": "Wijk 02 <i>Kerkbuurt</i>", "WK999900": "Wijk 00 Laagland",
              "WK999911": "Wijk 11 Molenhoek", "WK999912": "Broekzijde"}


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    """A page like a report chapter: the assets once, then an overlast map and a kwetsbaar map."""
    overlast = grid()
    overlast.loc[0, "naam"] = IMG_NAME
    # wijken of two rows per gemeente; the bottom-left wijk has no name
    row, west = overlast["code"].str[-4:-2].astype(int), overlast["code"].str[-2:].astype(int) < 3
    overlast["wk_code"] = [f"WK9999{int(w)}{r // 2}" for w, r in zip(west, row)]
    overlast["wk_naam"] = pd.Series([WIJK_NAMES.get(code) for code in overlast["wk_code"]], dtype="string")
    kwetsbaar = grid()
    kwetsbaar["kwetsbaar"] = [KWETSBAAR_BY_ROW[int(code[-4:-2])] for code in kwetsbaar["code"]]
    kwetsbaar["kwetsbaar_klasse"] = classify(kwetsbaar, "kwetsbaar", THRESHOLDS, kwetsbaar["inwoners"] < 100)
    kwetsbaar_layer = MapLayer(
        "t.o.v. Nederland", kwetsbaar, schemes(THRESHOLDS)["kwetsbaar"], "kwetsbaar", "kwetsbaar_klasse",
        "Kwetsbare bewoners 2022, index (Nederland = 100)",
    )
    fragments = [
        class_map(grid_layers(overlast), title="Overlast en onveiligheid 2022", footer=FOOTER,
                  areas=grid_areas(overlast)),
        class_map([kwetsbaar_layer], title="Kwetsbare bewoners 2022", footer=FOOTER, height=420),
    ]
    path = tmp_path_factory.mktemp("page") / "maps.html"
    path.write_text(
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>Kaarten</title></head><body>\n'
        + page_assets() + "".join(fragments) + "</body></html>\n",
        encoding="utf-8",
    )
    return path, [re.search(r'<div class="vk-map" id="([^"]+)"', f).group(1) for f in fragments]


def test_maps_draw_offline_with_legend_and_footer(page_file):
    path, (overlast, kwetsbaar) = page_file
    with open_page(path) as (page, console_errors):
        # buurten, plus the two area outlines of the overlast map (their white halo is not interactive)
        assert page.locator(f"#{overlast} path.leaflet-interactive").count() == 36 + 2
        assert page.locator(f"#{kwetsbaar} path.leaflet-interactive").count() == 36
        for root, title in [(overlast, "Overlast en onveiligheid 2022 t.o.v. Nederland"),
                            (kwetsbaar, "Kwetsbare bewoners 2022, index (Nederland = 100)")]:
            legend = page.locator(f"#{root} .vk-legend-layer:visible")
            assert legend.count() == 1 and legend.locator(".vk-legend-title").inner_text() == title
            assert page.locator(f"#{root} .vk-footer").inner_text().endswith("signalerend, niet causaal")
        assert page.locator(f"#{overlast} .vk-legend-areas").is_visible()
        assert page.locator(f"#{kwetsbaar} .leaflet-control-layers").count() == 0
        page.screenshot(path=screenshot_path("browser_maps.png"), full_page=True)
        assert console_errors == []


def test_gemeente_borders_names_and_area_numbers_for_orientation(page_file):
    path, (overlast, kwetsbaar) = page_file
    with open_page(path) as (page, console_errors):
        for root in (overlast, kwetsbaar):  # every map names its gemeenten (the grid has two)
            labels = page.locator(f"#{root} .vk-gm-label")
            assert sorted(labels.all_inner_texts()) == ["Oostdorp", "Westdorp"]
        numbers = page.locator(f"#{overlast} .vk-area-label")  # the areas carry the numbers of the tables
        assert sorted(numbers.all_inner_texts()) == ["F1", "F2"]
        assert page.locator(f"#{kwetsbaar} .vk-area-label").count() == 0
        page.locator(f"#{overlast}").get_by_label("gebieden").uncheck()  # hiding the areas hides their numbers too
        expect(numbers).to_have_count(0)
        assert console_errors == []


def zoom(page, root: str, button: str, times: int) -> None:
    """Click the map's zoom button ``times``, each time waiting until the scale bar has changed."""
    scale = f"#{root} .leaflet-control-scale-line"
    for _ in range(times):
        before = page.eval_on_selector(scale, "e => e.textContent + e.style.width")
        page.locator(f"#{root} .leaflet-control-zoom-{button}").click()
        page.wait_for_function("([s, b]) => { const e = document.querySelector(s); return e.textContent + e.style.width !== b; }",
                               arg=[scale, before])


def test_wijk_names_show_when_zoomed_in_and_in_the_tooltip(page_file):
    path, (overlast, kwetsbaar) = page_file
    with open_page(path) as (page, console_errors):
        wijken = page.locator(f"#{overlast} .vk-wijk-label")
        # the 1.2 km grid opens at street level: the named wijken are labelled, without "Wijk NN", as text
        assert sorted(wijken.all_inner_texts()) == ["<i>Kerkbuurt</i>", "Broekzijde", "Hoogveld", "Laagland", "Molenhoek"]
        assert page.locator(f"#{kwetsbaar} .vk-wijk-label").count() == 0  # its buurten have no wijk names
        zoom(page, overlast, "out", 3)
        expect(wijken).to_have_count(0)  # zoomed out to gemeente level the names would clutter the map
        assert page.locator(f"#{overlast} .vk-gm-label").count() == 2
        zoom(page, overlast, "in", 3)
        expect(wijken).to_have_count(5)
        buurten = page.locator(f"#{overlast} path.leaflet-interactive")
        tooltip = page.locator(f"#{overlast} .leaflet-tooltip:not(.vk-label)")
        buurten.nth(7).hover()  # Buurt 1-1, in the unnamed wijk: no wijk in its tooltip
        expect(tooltip.filter(has_text="Buurt 1-1").last).to_be_visible()
        assert "wijk" not in tooltip.filter(has_text="Buurt 1-1").last.inner_text()
        buurten.nth(4 * 6 + 1).hover()
        expect(tooltip.filter(has_text="Buurt 4-1").last).to_contain_text("BU99990401 · wijk Broekzijde · Oostdorp")
        page.screenshot(path=screenshot_path("browser_maps_wijken.png"))
        assert console_errors == []


def test_hover_shows_tooltip_with_names_as_text(page_file):
    path, (overlast, _) = page_file
    with open_page(path) as (page, console_errors):
        buurten = page.locator(f"#{overlast} path.leaflet-interactive")
        tooltip = page.locator(f"#{overlast} .leaflet-tooltip:not(.vk-label)")
        for index, name in [(0, IMG_NAME), *((r * 6 + c, n) for (r, c), n in MALICIOUS.items()), (7, "Buurt 1-1")]:
            buurten.nth(index).hover()
            current = tooltip.filter(has_text=name).last  # the previous tooltip may still be fading out
            expect(current).to_be_visible()
            assert current.inner_text().startswith(name + "\n")
        assert "klasse: veel slechter" in current.inner_text()
        assert "Overlast en onveiligheid t.o.v. Nederland: −0,10" in current.inner_text()
        assert page.locator(f"#{overlast} .leaflet-tooltip img").count() == 0
        assert console_errors == []


def test_switching_layer_restyles_buurten_and_swaps_the_legend(page_file):
    path, (overlast, _) = page_file
    with open_page(path) as (page, console_errors):
        first_buurt = page.locator(f"#{overlast} path.leaflet-interactive").first
        assert first_buurt.get_attribute("fill") == "#b2182b"  # onv −0,14: zeer veel slechter
        page.locator(f"#{overlast}").get_by_label("t.o.v. gemeente").check()
        assert first_buurt.get_attribute("fill") == "#2166ac"  # mirrored +0,14: zeer veel beter
        legend = page.locator(f"#{overlast} .vk-legend-layer:visible")
        assert legend.count() == 1
        assert legend.locator(".vk-legend-title").inner_text() == "Overlast en onveiligheid 2022 t.o.v. gemeente"
        first_buurt.hover()
        tooltip = page.locator(f"#{overlast} .leaflet-tooltip:not(.vk-label)")
        expect(tooltip).to_have_count(1)
        tooltip = tooltip.inner_text()
        assert "t.o.v. gemeente: 0,14" in tooltip and "klasse: zeer veel beter" in tooltip
        page.screenshot(path=screenshot_path("browser_maps_gemeente.png"))
        assert console_errors == []
