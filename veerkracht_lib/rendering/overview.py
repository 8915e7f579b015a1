"""The Netherlands-wide overview map: ~14,000 buurten coloured by one class scheme, one HTML page.

A lean relative of `veerkracht_lib.rendering.interactive.class_map` for national scale: one layer, Leaflet's
canvas renderer (14,000 SVG paths make a browser sluggish), the geometry simplified *as a
coverage* (``shapely.coverage_simplify``, so neighbouring buurten keep identical shared edges)
with a stronger tolerance than the regional maps, rounded to 1e-5° (about 1 m) and embedded as
encoded rings (`maps.encode_geometry`); per buurt only its name, code, gemeente and class.
The page is self-contained (Leaflet and CSS inlined by `assets.page_assets`); only the optional
background tiles need a network. The analysis keeps the full geometry: this module only draws.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from veerkracht_lib.analysis.classes import ClassScheme
from veerkracht_lib.numbers import fmt_number
from veerkracht_lib.rendering.assets import page_assets
from veerkracht_lib.rendering.interactive import (
    ALPHABET,
    DECODE_JS,
    ENCODED_DECIMALS,
    LARGE_BUURT_STYLE,
    TILE_ATTRIBUTION,
    TILE_URL,
    display_geometry,
    encode_geometry,
    footer_text,
    hatch_json,
    swatch_style,
)

#: display tolerance at national scale (m); the regional maps use 5 m
NATIONAL_TOLERANCE_M = 30.0

PAGE_CSS = """
html, body { margin: 0; padding: 0; }
body { padding: 0.8rem 1rem; }
.vk-overview.vk-map { max-width: none; margin: 0; }
.vk-overview .vk-map-canvas { height: calc(100vh - 11rem); min-height: 420px; }
@media (max-width: 62rem) { .vk-overview .vk-map-canvas { height: 70vh; } }
"""


def overview_map(frame: gpd.GeoDataFrame, scheme: ClassScheme, path: str | Path, title: str, footer: str, *,
                 class_column: str | None = None, tolerance_m: float = NATIONAL_TOLERANCE_M,
                 header_html: str = "") -> Path:
    """Write one self-contained HTML page with the buurten of ``frame`` coloured by ``scheme``.

    ``frame`` needs ``code``, ``naam`` and a class column (``class_column``, else the first of
    ``klasse_<key>_nederland``, ``klasse_<key>``, ``<key>`` that exists) with labels of
    ``scheme``; ``gm_naam`` is shown when present. ``header_html`` (trusted markup: navigation,
    the synthetic-data banner) goes above the map. Returns ``path``.
    """
    column = _class_column(frame, scheme, class_column)
    if frame.empty:
        raise ValueError("overview_map: the frame holds no buurten")
    shown = display_geometry(frame[["geometry"]], tolerance_m=tolerance_m)
    labels = frame[column].astype(object).fillna("<leeg>")
    unknown = set(labels) - set(scheme.categories)
    if unknown:
        raise ValueError(f"overview_map: column {column!r} holds labels that scheme {scheme.key!r} does not know: "
                         f"{sorted(map(str, unknown))}; use classes.classify")
    gemeenten = frame["gm_naam"].astype(object).fillna("").astype(str) if "gm_naam" in frame else \
        pd.Series("", index=frame.index)
    gm_names = sorted(set(gemeenten))
    gm_index = {name: i for i, name in enumerate(gm_names)}
    position = {label: i for i, label in enumerate(scheme.categories)}
    data = {
        "labels": list(scheme.categories),
        "colours": [scheme.colour(label) for label in scheme.categories],
        "hatches": [hatch_json(scheme.hatch(label)) for label in scheme.categories],
        "gemeenten": gm_names,
        # one row per buurt: encoded geometry, name, code, gemeente (index), class (index)
        "buurten": [
            [geom, str(naam), str(code), gm_index[gm], position[label]]
            for geom, naam, code, gm, label in zip(encode_geometry(shown.geometry), frame["naam"], frame["code"],
                                                   gemeenten, labels)
        ],
    }
    west, south, east, north = shown.total_bounds
    page = _page(title, footer, _legend(scheme, labels), data, (south, west, north, east), header_html)
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


def _class_column(frame: pd.DataFrame, scheme: ClassScheme, class_column: str | None) -> str:
    candidates = [class_column] if class_column else [f"klasse_{scheme.key}_nederland", f"klasse_{scheme.key}", scheme.key]
    for column in candidates:
        if column in frame.columns:
            missing = [c for c in ("code", "naam") if c not in frame.columns]
            if missing:
                raise ValueError(f"overview_map: the frame lacks the column(s) {missing}")
            return column
    raise ValueError(f"overview_map: the frame has no class column {' or '.join(map(repr, candidates))}")


def _legend(scheme: ClassScheme, labels: pd.Series) -> str:
    counts = labels.value_counts()
    legend = scheme.legend(set(counts.index))
    ranges = any(rng for _, rng, _ in legend)  # a combined map's classes have no value range: no column
    rows = "".join(
        f'<tr><td><span class="vk-swatch" style="{html.escape(swatch_style(colour, scheme.hatch(label)))}"></span></td>'
        f"<td>{html.escape(label)}</td>{f'<td>{html.escape(rng)}</td>' if ranges else ''}"
        f'<td class="vk-count">{fmt_number(int(counts.get(label, 0)))}</td></tr>'
        for label, rng, colour in legend
    )
    return (
        '<div class="vk-legend"><div class="vk-legend-layer">'
        f'<div class="vk-legend-title">{html.escape(scheme.title)}</div>'
        f'<table><tr><th></th><th>klasse</th>{"<th>waarde</th>" if ranges else ""}<th class="vk-count">buurten</th></tr>'
        f"{rows}</table></div></div>"
    )


def _script_json(value) -> str:
    """Compact JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_SCRIPT = """(function () {
%(decode)s
var data = %(data)s;
var style = %(style)s;
var map = L.map("vk-overview-map", {preferCanvas: true, zoomSnap: 0.25});
L.tileLayer(%(tiles)s, {attribution: %(attribution)s, maxZoom: 19}).addTo(map);
var features = data.buurten.map(function (row) {
    return {type: "Feature", geometry: vkGeometry(row[0]), properties: {n: row[1], b: row[2], g: row[3], k: row[4]}};
});
var buurten = L.geoJSON({type: "FeatureCollection", features: features}, {
    renderer: L.canvas({padding: 0.3}),
    smoothFactor: 0,  // Leaflet's own on-screen simplification is per polygon: it opens cracks between buurten
    style: function (feature) {
        var k = feature.properties.k;
        return Object.assign({fillColor: vkFill(data.colours[k], data.hatches[k], true)}, style);
    }
}).addTo(map);
function text(value) {
    return String(value).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
}
buurten.bindTooltip(function (layer) {
    var p = layer.feature.properties;
    return "<b>" + text(p.n) + "</b><br>" + text(p.b) + (data.gemeenten[p.g] ? " \\u00b7 " + text(data.gemeenten[p.g]) : "")
        + "<br>klasse: <b>" + text(data.labels[p.k]) + "</b>";
}, {sticky: true});
map.fitBounds(%(bounds)s);
L.control.scale({imperial: false}).addTo(map);
window.vkOverview = {map: map, layer: buurten, buurten: features.length};
})();"""


def _page(title: str, footer: str, legend: str, data: dict, bounds: tuple, header_html: str) -> str:
    south, west, north, east = (round(float(v), ENCODED_DECIMALS) for v in bounds)
    script = _SCRIPT % {
        "decode": DECODE_JS,
        "data": _script_json(data),
        "style": json.dumps(LARGE_BUURT_STYLE),
        "tiles": json.dumps(TILE_URL),
        "attribution": json.dumps(TILE_ATTRIBUTION),
        "bounds": json.dumps([[south, west], [north, east]]),
    }
    name = html.escape(title)
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{name}</title>\n{page_assets()}<style>{PAGE_CSS}</style>\n</head>\n<body>\n{header_html}"
        '<div class="vk-map vk-overview" id="vk-overview">\n'
        f'<div class="vk-map-title">{name}</div>\n'
        '<div class="vk-map-row">'
        f'<div class="vk-map-canvas" role="region" aria-label="{name}">'
        '<div class="folium-map" id="vk-overview-map"></div></div>\n'
        f"{legend}</div>\n"
        f'<p class="vk-footer">{html.escape(footer_text(footer))}</p>\n'
        "</div>\n"
        f"<script>\n{script}\n</script>\n</body>\n</html>\n"
    )


def decode_ring(text: str) -> np.ndarray:
    """The lon/lat points of one ring written by `maps.encode_geometry` (closing point not repeated)."""
    values, shift, value = [], 0, 0
    for char in text:
        chunk = ALPHABET.index(char)
        value += (chunk & 31) << shift
        shift += 5
        if chunk < 32:
            values.append(-(value + 1) // 2 if value % 2 else value // 2)
            shift, value = 0, 0
    return np.cumsum(np.asarray(values, dtype=np.int64).reshape(-1, 2), axis=0) / 10**ENCODED_DECIMALS


def decode_geometry(encoded):
    """The shapely (Multi)Polygon of one geometry written by `maps.encode_geometry`."""
    from shapely.geometry import MultiPolygon, Polygon

    polygons = [[encoded]] if isinstance(encoded, str) else encoded
    shapes = [Polygon(decode_ring(rings[0]), [decode_ring(ring) for ring in rings[1:]]) for rings in polygons]
    return shapes[0] if len(shapes) == 1 else MultiPolygon(shapes)
