"""The built demo report in headless Chromium without network (issue 2 and 5 "browser test").

Each page of the session's demo report loads without console errors; every map draws a polygon per
buurt, shows one visible text legend and a tooltip on hover. A full-page screenshot per page is kept
in test-artifacts/ for a person to look at.
"""
from __future__ import annotations

import re

import pytest
from browser import open_page, requires_chromium, screenshot_path
from conftest import SCRIPT_NAME

from veerkracht_lib.build import CHAPTERS

playwright = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")
expect = playwright.expect
pytestmark = [pytest.mark.browser, requires_chromium]

#: a point (viewport pixels) where a buurt polygon of the map is the topmost element
VISIBLE_BUURT = """root => {
  for (const path of root.querySelectorAll("path.leaflet-interactive")) {
    const box = path.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (box.width > 4 && document.elementFromPoint(x, y) === path) return [x, y];
  }
  return null;
}"""
MAPS_PER_PAGE = {"01_situatie.html": 4, "02_ontwikkeling.html": 3, "03_werken_aan_veerkracht.html": 1}


@pytest.mark.parametrize("page_name", ["index.html", *(f"{name}.html" for name in CHAPTERS)])
def test_report_page_renders_offline(page_name, demo_report, planted):
    n_buurten = planted["n_buurten"]["2022"]
    with open_page(demo_report / page_name) as (page, console_errors):
        maps = page.locator(".vk-map")
        assert maps.count() == MAPS_PER_PAGE.get(page_name, 0)
        for i in range(maps.count()):
            root = maps.nth(i)
            title = root.locator(".vk-map-title").inner_text()
            drawn = root.locator("path.leaflet-interactive")
            assert drawn.count() >= n_buurten, f"{title}: {drawn.count()} polygons for {n_buurten} buurten"
            legend = root.locator(".vk-legend-layer:visible")
            assert legend.count() == 1, f"{title}: {legend.count()} visible legends"
            assert legend.locator("tr").count() >= 3
            root.locator(".vk-map-canvas").scroll_into_view_if_needed()
            point = root.evaluate(VISIBLE_BUURT)
            assert point, f"{title}: no buurt polygon can be pointed at"
            page.mouse.move(*point)
            tooltip = root.locator(".leaflet-tooltip:not(.vk-label)").last
            expect(tooltip).to_be_visible()
            assert re.search(r"\nBU\d{8} · ", tooltip.inner_text()), f"{title}: tooltip {tooltip.inner_text()!r}"
        page.mouse.move(0, 0)
        page.screenshot(path=screenshot_path(f"demo_{page_name.removesuffix('.html')}.png"), full_page=True)
        assert console_errors == []


def test_one_screen_focuskaart_draws_every_buurt_offline(demo_report, planted):
    with open_page(demo_report / "overzicht.html") as (page, console_errors):
        page.wait_for_function("window.vkOverview !== undefined")
        assert page.evaluate("window.vkOverview.buurten") == planted["n_buurten"]["2022"]
        expect(page.locator(".vk-legend")).to_be_visible()
        expect(page.locator(".vk-synthetic")).to_be_visible()
        expect(page.locator(".vk-nav a.vk-current")).to_have_text("Focuskaart op één scherm")
        page.screenshot(path=screenshot_path("demo_overzicht.png"))
        assert console_errors == []


def test_script_name_from_the_data_stays_text_in_the_browser(batch_run):
    """The odd-names region's chapter II: no alert fires and the area legend shows the name literally."""
    with open_page(batch_run.reports / "vreemde-namen" / "02_ontwikkeling.html") as (page, console_errors):
        areas = page.locator(".vk-legend-areas").last
        expect(areas).to_contain_text(SCRIPT_NAME)
        assert page.locator("script:has-text('alert(1)')").count() == 0
        assert console_errors == []  # an alert() would be recorded here as a dialog


def test_legend_beside_the_map_on_a_wide_screen_and_below_it_on_a_narrow_one(demo_report):
    for width, beside in ((1300, True), (700, False)):
        with open_page(demo_report / "01_situatie.html", viewport=(width, 900)) as (page, console_errors):
            root = page.locator(".vk-map").first
            canvas = root.locator(".vk-map-canvas").bounding_box()
            legend = root.locator(".vk-legend").bounding_box()
            if beside:
                assert legend["x"] >= canvas["x"] + canvas["width"], (width, canvas, legend)
                assert legend["y"] < canvas["y"] + canvas["height"] / 2  # level with the map, not under it
                assert legend["y"] + legend["height"] <= canvas["y"] + canvas["height"] + 1  # fits beside it
            else:
                assert legend["y"] >= canvas["y"] + canvas["height"], (width, canvas, legend)
            assert console_errors == []


def test_unvalued_buurten_are_hatched_and_table_text_is_left_aligned(demo_report):
    with open_page(demo_report / "01_situatie.html", viewport=(1300, 900)) as (page, console_errors):
        fills = page.evaluate("""() => Array.from(document.querySelectorAll(".vk-map path.leaflet-interactive"),
                                                  p => p.getAttribute("fill"))""")
        # the demo has buurten without data and with too few inhabitants (planted): each drawn hatched
        assert "url(#vk-hatch-rise-8c8c8c)" in fills and "url(#vk-hatch-fall-ffffff)" in fills
        align = page.evaluate("""() => {
            const style = el => getComputedStyle(el).textAlign;
            const legend = document.querySelector(".vk-map .vk-legend-layer tr:nth-child(2)").cells;
            const table = document.querySelector("table.vk-table tbody tr").cells;
            return {legend_label: style(legend[1]), legend_count: style(legend[3]),
                    table_text: style(table[0]), table_number: style(table[table.length - 1])};
        }""")
        assert align == {"legend_label": "left", "legend_count": "right", "table_text": "left", "table_number": "right"}
        assert console_errors == []
