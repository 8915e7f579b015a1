"""Leaflet and the map CSS, inlined once per HTML page so reports open from disk without network.

A report page shows ``page_assets()`` once (first output of each notebook); every map fragment
of `veerkracht_lib.rendering.interactive` after it uses the global ``L`` it defines.
"""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from importlib import resources

from veerkracht_lib.analysis.classes import HATCHES
from veerkracht_lib.rendering.interactive import hatch_svg

LEAFLET_PACKAGE = "js_lib_leaflet"
LEAFLET_DIST = "static/js_lib_leaflet"
LEAFLET_PIP = "django-js-lib-leaflet==1.9.4.1"

MAP_CSS = """
.vk-map { margin: 0.5em 0 1.5em; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #222; max-width: 88rem; }
.vk-map-title { font-weight: 600; font-size: 1.05rem; margin-bottom: 0.35em; }
/* map and legend side by side on a wide screen, the legend under the map on a narrow one */
.vk-map-row { display: flex; gap: 1.2rem; align-items: flex-start; }
.vk-map-row > .vk-map-canvas { flex: 1 1 36rem; min-width: 0; }
.vk-map-row > .vk-legend { flex: 0 1 25rem; flex-direction: column; flex-wrap: nowrap; gap: 1em; margin-top: 0; }
@media (max-width: 62rem) {
  .vk-map-row { display: block; }
  .vk-map-row > .vk-legend { margin-top: 0.6em; }
}
.vk-map-canvas { width: 100%; border: 1px solid #bbb; }
.vk-map-canvas .folium-map { position: relative; width: 100%; height: 100%; }
.vk-map-canvas .leaflet-container { background: #f3f3ef; font-size: 0.85rem; }
.vk-map .leaflet-tooltip { font-size: 0.85rem; line-height: 1.35; }
.vk-map .leaflet-tooltip.vk-gm-label { background: transparent; border: 0; box-shadow: none; padding: 0;
  font-weight: 700; font-size: 0.8rem; color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }
.vk-map .leaflet-tooltip.vk-wijk-label { background: transparent; border: 0; box-shadow: none; padding: 0;
  font-style: italic; font-size: 0.75rem; color: #333; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }
.vk-map .leaflet-tooltip.vk-gm-label::before, .vk-map .leaflet-tooltip.vk-wijk-label::before,
.vk-map .leaflet-tooltip.vk-area-label::before { display: none; }
.vk-map .leaflet-tooltip.vk-area-label { background: #fff; border: 2px solid #222; border-radius: 1em; padding: 0 .35em;
  font-weight: 700; font-size: 0.75rem; color: #111; box-shadow: none; }
.vk-legend { display: flex; flex-wrap: wrap; gap: 0.5em 2.5em; margin-top: 0.6em; font-size: 0.85rem; }
.vk-legend-title { font-weight: 600; margin-bottom: 0.25em; }
.vk-legend table { border-collapse: collapse; }
/* ".vk-map" raises these above the notebook page's right-aligned table cells */
.vk-map .vk-legend td { padding: 0.1em 0.6em 0.1em 0; vertical-align: middle; border: none; text-align: left; }
.vk-map .vk-legend td.vk-count, .vk-map .vk-legend th.vk-count { text-align: right; font-variant-numeric: tabular-nums; }
.vk-map .vk-legend th { font-weight: normal; color: #555; text-align: left; padding: 0 0.6em 0.15em 0; border: none; }
.vk-swatch { display: inline-block; width: 1.6em; height: 1em; border: 1px solid #333; vertical-align: middle;
  opacity: 0.85; }
.vk-outline { display: inline-block; width: 1.6em; height: 0.8em; border: 2.5px solid; vertical-align: middle; }
.vk-outline.vk-dashed { border-style: dashed; }
.vk-footer { margin: 0.5em 0 0; font-size: 0.8rem; color: #555; }
/* on paper the static twin under each map stands in for it (pages.PAGE_CSS): no zoom buttons or layer switches */
@media print { .vk-map { display: none; } }
"""


@lru_cache(maxsize=1)
def page_assets() -> str:
    """One ``<style>`` + ``<script>`` block: Leaflet 1.9.4 and the map CSS, with no network URLs;
    and the hatch patterns of the unvalued classes (``<svg>``)."""
    dist = _leaflet_dist()
    css = _inline_images(dist.joinpath("leaflet.css").read_text("utf-8"), dist)
    js = _strip_source_map(dist.joinpath("leaflet.js").read_text("utf-8"))
    # Shadow AMD/CommonJS loaders: nbconvert pages load require.js, and Leaflet would then
    # register itself as an AMD module instead of defining the global ``L`` the maps use.
    return (
        f'<style id="vk-page-assets">\n{css}\n{MAP_CSS}</style>\n'
        f"<script>\n(function (define, module, exports) {{\n{js}\n}})();\n</script>\n"
        f"{hatch_svg(HATCHES.values())}\n"
    )


def _leaflet_dist():
    try:
        return resources.files(LEAFLET_PACKAGE).joinpath(LEAFLET_DIST)
    except ModuleNotFoundError as err:
        raise ImportError(
            f"De kaarten hebben Leaflet nodig uit het Python-pakket {LEAFLET_PIP!r}, dat niet is geïnstalleerd. "
            f"Installeer het met:  pip install {LEAFLET_PIP}"
        ) from err


def _inline_images(css: str, dist) -> str:
    """Replace ``url(images/x.png)`` by data URIs so the CSS needs no files next to the page."""
    def data_uri(match: re.Match) -> str:
        png = dist.joinpath(match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(png).decode('ascii')})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def _strip_source_map(js: str) -> str:
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
