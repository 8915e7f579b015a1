"""Interactive class maps: one folium/Leaflet map per HTML fragment, with a text legend and footer.

A fragment is a ``<div>`` plus a ``<script>`` that uses the global ``L`` of
`veerkracht_lib.rendering.assets.page_assets` (shown once per page); it loads nothing from the network except
the PDOK background tiles, and stays legible without them. Several `MapLayer` s of one map share the
geometry (embedded once) and are switched with radio buttons; the legend follows the active layer.

Geometry is embedded compactly: each ring as an encoded string (coordinates rounded to 1e-5°,
about 1 m, stored as differences; see `encode_geometry`), which the fragment's ``filter`` turns
back into GeoJSON in the browser. That keeps a chapter page of a 500-buurt region small.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import NamedTuple, Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element
from folium.utilities import JsCode

from veerkracht_lib.analysis.classes import ClassScheme, Hatch
from veerkracht_lib.numbers import fmt_number

TILE_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = "Kaartgegevens © Kadaster"
NOT_CAUSAL = "signalerend, niet causaal"
DISPLAY_DECIMALS = 6  # degrees; 1e-6° is about 0.1 m in the Netherlands
ENCODED_DECIMALS = 5  # degrees in the embedded (encoded) geometry; 1e-5° is about 1 m

BUURT_STYLE = {"fillOpacity": 0.85, "color": "#333333", "weight": 1, "opacity": 0.9}
#: above `CANVAS_ABOVE` buurten: thin borders, which at national zoom would otherwise grey out the fills
LARGE_BUURT_STYLE = {**BUURT_STYLE, "weight": 0.3, "opacity": 0.6}
BUURT_HOVER_WEIGHT = 2.5
#: names appear from the zoom level on at which a typical wijk or gemeente (the median area's square) is
#: this wide (`label_zoom`): a national map opens without 350 overlapping gemeente names
WIJK_LABEL_PIXELS = 150
GEMEENTE_LABEL_PIXELS = 80
WIJK_NUMBER = re.compile(r"^wijk\s*\d+\s+(?=\S)", re.IGNORECASE)  # "Wijk 01 Noordwest", "Wijk02 Kunrade"


class AreaKind(NamedTuple):
    label: str
    colour: str
    dashed: bool


#: outline per ownership of an area (`areas.ownership`, the ``bezit`` column)
AREA_KINDS = {
    "corporatiebuurt": AreaKind("corporatiebuurt", "#1f4e9c", dashed=False),
    "gemengd bezit": AreaKind("gemengd bezit", "#6a3d9a", dashed=True),
    "overwegend particulier": AreaKind("overwegend particulier", "#c2185b", dashed=True),
    "bezit onbekend": AreaKind("bezit onbekend", "#616161", dashed=True),
}
AREA_WEIGHT = 3
# a white line under each outline keeps it visible on dark fills
AREA_HALO_STYLE = {"color": "#ffffff", "weight": AREA_WEIGHT + 3, "opacity": 0.85, "fill": False}


class LegendRow(NamedTuple):
    label: str
    range: str
    colour: str
    count: int


@dataclass(frozen=True, eq=False)
class MapLayer:
    """One switchable view of a map: the buurten of ``gdf`` coloured by ``class_column``.

    ``value_column`` is shown in the tooltip (None for derived schemes without one value).
    """

    name: str
    gdf: gpd.GeoDataFrame
    scheme: ClassScheme
    value_column: str | None
    class_column: str
    legend_title: str
    #: the areas outlined while this layer is shown (``naam``, ``bezit``, optionally ``buurten``: codes)
    areas: gpd.GeoDataFrame | None = None

    def __post_init__(self):
        needed = ["code", "naam", "gm_naam", "inwoners", self.class_column]
        needed += [self.value_column] if self.value_column else []
        missing = [c for c in needed if c not in self.gdf.columns]
        if missing:
            raise ValueError(f"map layer {self.name!r}: the GeoDataFrame lacks the column(s) {missing}")
        unknown = set(self.gdf[self.class_column].astype(object).fillna("<leeg>")) - set(self.scheme.categories)
        if unknown:
            raise ValueError(
                f"map layer {self.name!r}: column {self.class_column!r} holds labels that scheme "
                f"{self.scheme.key!r} does not know: {sorted(map(str, unknown))}; use classes.classify"
            )

    def legend_rows(self) -> list[LegendRow]:
        """Every class of the scheme with its buurt count; grey classes only when present."""
        counts = self.gdf[self.class_column].astype(object).value_counts()
        return [
            LegendRow(label, rng, colour, int(counts.get(label, 0)))
            for label, rng, colour in self.scheme.legend(set(counts.index))
        ]

    def colours(self) -> list[str]:
        """Fill colour per row of ``gdf`` (of a hatched class: its background)."""
        return [self.scheme.colour(label) for label in self.gdf[self.class_column].astype(object)]

    def hatches(self) -> list[Hatch | None]:
        """The hatch over each row's fill (None for the valued classes)."""
        return [self.scheme.hatch(label) for label in self.gdf[self.class_column].astype(object)]

    def class_indices(self) -> list[int]:
        """Position of each row's label in ``scheme.categories``."""
        position = {label: i for i, label in enumerate(self.scheme.categories)}
        return [position[label] for label in self.gdf[self.class_column].astype(object)]

    def area_names(self) -> dict[str, str]:
        """Per row (its position, as text) the names of the areas it lies in, for the tooltip."""
        if self.areas is None or "buurten" not in self.areas:
            return {}
        row = {code: j for j, code in enumerate(self.gdf["code"])}
        names: dict[int, list[str]] = {}
        numbers = self.areas["gebied"].astype(str) + " · " if "gebied" in self.areas else ""
        for naam, codes in zip(numbers + self.areas["naam"].astype(str), self.areas["buurten"]):
            for code in str(codes).split(", "):
                if code in row and naam not in names.setdefault(row[code], []):
                    names[row[code]].append(naam)
        return {str(j): _text("; ".join(found)) for j, found in sorted(names.items())}

    def value_texts(self) -> list[str] | None:
        """Each row's value in Dutch number format with the scheme's decimals and unit; None without a value column."""
        if self.value_column is None:
            return None
        values = pd.to_numeric(self.gdf[self.value_column], errors="coerce").astype(float)
        texts = [fmt_number(value, self.scheme.decimals) for value in values]
        return [text if text == "–" else text + self.scheme.suffix for text in texts]


def footer_text(footer: str) -> str:
    """The footer line, always ending in "signalerend, niet causaal"."""
    return footer if NOT_CAUSAL in footer.lower() else f"{footer} · {NOT_CAUSAL}"


#: above this many buurten a map draws on a canvas: thousands of SVG paths make a browser sluggish
CANVAS_ABOVE = 2_000


def display_tolerance(n_buurten: int) -> float:
    """Display simplification (m): fine for a region, national-overview strength for thousands of buurten."""
    return 5.0 if n_buurten <= 2_000 else 30.0


def display_geometry(gdf: gpd.GeoDataFrame, tolerance_m: float = 5.0, keep: Sequence[str] = ()) -> gpd.GeoDataFrame:
    """Geometry for display only, in EPSG:4326: simplified so neighbours keep shared edges.

    Simplifies the polygons as one coverage (``shapely.coverage_simplify``: removes corners whose
    triangle is smaller than ``tolerance_m`` squared); only if they do not form a valid coverage,
    each polygon on its own (Douglas–Peucker, ``tolerance_m`` as distance). Coordinates are rounded
    to `DISPLAY_DECIMALS`; of the other columns only ``keep`` is kept.
    """
    if gdf.crs is None or not gdf.crs.is_projected:
        raise ValueError(f"display_geometry needs a projected CRS in metres (EPSG:28992), got {gdf.crs}")
    geoms = np.asarray(gdf.geometry.array, dtype=object)
    missing = pd.isna(geoms) | shapely.is_empty(geoms)
    if missing.any():
        raise ValueError(f"display_geometry: {int(missing.sum())} rows lack a geometry")
    # The maps of one chapter show the same buurten: simplify and project them once per process.
    key = (geometry_digest(geoms), str(gdf.crs), float(tolerance_m))
    rounded = _DISPLAY_CACHE.get(key)
    if rounded is None:
        if shapely.coverage_is_valid(geoms):
            simplified = shapely.coverage_simplify(geoms, tolerance_m)
        else:
            simplified = shapely.simplify(geoms, tolerance_m, preserve_topology=True)
        lonlat = gpd.GeoSeries(simplified, crs=gdf.crs).to_crs(4326)
        rounded = shapely.transform(np.asarray(lonlat.array, dtype=object), lambda xy: np.round(xy, DISPLAY_DECIMALS))
        _DISPLAY_CACHE[key] = rounded
    return gpd.GeoDataFrame(gdf[list(keep)].copy(), geometry=rounded.copy(), crs=4326)


class BoundedCache(OrderedDict):
    """A per-process cache of at most ``limit`` entries: adding one (also by ``update``) drops the oldest."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        while len(self) > self.limit:
            self.popitem(last=False)


def geometry_digest(geoms: np.ndarray) -> str:
    """The sha256 of the shapes' WKB, the key of the per-process caches below.

    Remembered per array while it holds the same shape objects: the maps of a chapter ask about 30
    times for the same buurten (0,15 s each at national size). Shapes are immutable, so the same
    objects are the same shapes; the remembered copy keeps them alive, so an id cannot be reused.
    """
    known = _DIGESTS.get(id(geoms))
    if known is not None and len(known[0]) == len(geoms) and all(a is b for a, b in zip(known[0], geoms)):
        return known[1]
    digest = hashlib.sha256(b"".join(shapely.to_wkb(geoms))).hexdigest()
    _DIGESTS[id(geoms)] = (geoms.copy(), digest)
    return digest


#: the per-process caches a build fills once, beside its analysis, and hands to its chapters
#: (`display_caches`, `seed_display_caches`); other modules add theirs
SHARED_CACHES: dict[str, BoundedCache] = {}
_DISPLAY_CACHE = SHARED_CACHES["display"] = BoundedCache(8)
_DIGESTS = BoundedCache(8)  # id of an array of shapes -> (a copy of it, its geometry_digest)


def encode_geometry(geometries) -> list:
    """Polygons as compact encoded rings: per geometry a string (one ring) or [[rings] per polygon].

    A ring is its lon/lat in units of 1e-5°, the first point in full and then differences,
    without the closing point (repeated points after rounding are dropped), each number written
    as in Google's polyline algorithm (zigzag, 5-bit groups with a continuation bit: 1-3
    characters for buurt-sized steps) but with the URL-safe base64 alphabet: no braces (folium
    passes the rendered script through Jinja once more), quotes, backslashes or ``<``, so the
    strings are safe in JSON, in a ``<script>`` and in Jinja. `DECODE_JS` reverses it.
    """
    geoms = np.asarray(list(geometries), dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    polygons, inner = shapely.get_parts(parts, return_index=True)  # twice: collections of multipolygons too
    owner = owner[inner]
    usable = (shapely.get_type_id(polygons) == 3) & ~shapely.is_empty(polygons)
    polygons, owner = polygons[usable], owner[usable]
    if len(set(owner.tolist())) < len(geoms):
        raise ValueError("encode_geometry: every geometry must hold a polygon")
    rings, polygon_of = shapely.get_rings(polygons, return_index=True)  # exterior first, then holes
    out: list = [[] for _ in range(len(geoms))]
    for text, polygon in zip(_encode_rings(rings), polygon_of.tolist()):
        mine = out[owner[polygon]]
        if not mine or mine[-1][0] != polygon:
            mine.append((polygon, []))
        mine[-1][1].append(text)
    return [rings_of[0][1][0] if len(rings_of) == 1 and len(rings_of[0][1]) == 1
            else [texts for _, texts in rings_of] for rings_of in out]


def _encode_rings(rings) -> list[str]:
    """The encoded string of every ring (all rings at once, with numpy)."""
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    xy = np.round(coords * 10**ENCODED_DECIMALS).astype(np.int64)
    start = np.r_[True, ring[1:] != ring[:-1]]
    end = np.r_[ring[1:] != ring[:-1], True]
    first = xy[np.maximum.accumulate(np.where(start, np.arange(len(xy)), 0))]
    closing = end & ~start & (xy == first).all(axis=1)
    repeated = ~start & np.r_[False, (xy[1:] == xy[:-1]).all(axis=1)]
    keep = ~closing & ~repeated
    xy, ring, start = xy[keep], ring[keep], start[keep]
    delta = np.where(start[:, None], xy, xy - np.roll(xy, 1, axis=0)).ravel()
    zigzag = (delta << 1) ^ (delta >> 63)  # non-negative: 2v, or -2v-1 for negative v
    count = np.maximum(1, (np.floor(np.log2(np.maximum(zigzag, 1))).astype(np.int64) // 5) + 1)
    position = np.arange(7)[None, :]
    sixbits = ((zigzag[:, None] >> (5 * position)) & 31) + np.where(position < count[:, None] - 1, 32, 0)
    text = _ALPHABET[sixbits[position < count[:, None]]].tobytes().decode("ascii")
    per_ring = np.bincount(np.repeat(ring, 2), weights=count, minlength=len(rings)).astype(np.int64)
    bounds = np.r_[0, np.cumsum(per_ring)]
    return [text[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"  # 6-bit groups
_ALPHABET = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)

#: JavaScript: decode what `encode_geometry` wrote into a GeoJSON geometry (``vkGeometry``)
DECODE_JS = """var vkSixbit = {};
"ALPHABET".split("").forEach(function (c, i) { vkSixbit[c] = i; });
function vkRing(s) {
    var points = [], i = 0, x = 0, y = 0;
    while (i < s.length) {
        var d = [0, 0];
        for (var k = 0; k < 2; k++) {
            var shift = 0, v = 0, b;
            do { b = vkSixbit[s[i++]]; v += (b & 31) * Math.pow(2, shift); shift += 5; } while (b >= 32);
            d[k] = v % 2 ? -(v + 1) / 2 : v / 2;
        }
        x += d[0]; y += d[1];
        points.push([x / 1e5, y / 1e5]);
    }
    points.push(points[0]);
    return points;
}
function vkGeometry(g) {
    var polygons = (typeof g === "string" ? [[g]] : g).map(function (rings) { return rings.map(vkRing); });
    return polygons.length === 1 ? {type: "Polygon", coordinates: polygons[0]}
        : {type: "MultiPolygon", coordinates: polygons};
}
function vkFill(colour, hatch, canvas) {
    // hatch: [background, lines, "/" or "\\", SVG pattern id] of the unvalued classes (see hatch_json)
    if (!hatch) { return colour; }
    if (!canvas) { return "url(#" + hatch[3] + ")"; }  // the page's <pattern>s (assets.page_assets)
    vkFill.patterns = vkFill.patterns || {};
    if (!vkFill.patterns[hatch[3]]) {
        var tile = document.createElement("canvas"), c = tile.getContext("2d");
        tile.width = tile.height = 6;
        c.fillStyle = hatch[0]; c.fillRect(0, 0, 6, 6);
        c.strokeStyle = hatch[1]; c.lineWidth = 1.5; c.beginPath();
        [-6, 0, 6].forEach(function (x) {
            if (hatch[2] === "/") { c.moveTo(x, 6); c.lineTo(x + 6, 0); } else { c.moveTo(x, 0); c.lineTo(x + 6, 6); }
        });
        c.stroke();
        vkFill.patterns[hatch[3]] = c.createPattern(tile, "repeat");
    }
    return vkFill.patterns[hatch[3]];
}
function vkDecodeFilter(feature) {
    if (typeof feature.geometry === "string" || Array.isArray(feature.geometry)) {
        feature.geometry = vkGeometry(feature.geometry);
    }
    return true;
}""".replace("ALPHABET", ALPHABET)


def class_map(
    layers: Sequence[MapLayer],
    *,
    title: str,
    footer: str,
    areas: gpd.GeoDataFrame | None = None,
    height: int = 560,
    with_buurten: bool = True,
) -> str:
    """HTML fragment of one interactive map; ``layers`` are switchable views of the same buurten.

    ``areas`` (polygons with ``naam`` and ``bezit``) are drawn as outlines on top, for every layer
    that has no areas of its own (`MapLayer.areas`); layers with their own areas switch the outlines,
    their legend and the area named in a buurt's tooltip with the layer. The
    buurten (geometry, names, inhabitants) are kept in a page-wide store (`buurten_store`) that
    every map of the same buurten reads; ``with_buurten=False`` leaves the store out of this
    fragment because an earlier map on the page holds it.
    """
    layers = [layer if layer.areas is not None or areas is None else replace(layer, areas=areas)
              for layer in _align(list(layers))]
    seed = _seed(title, footer, layers)
    root_id = f"vk-{seed}"
    geometry = display_geometry(layers[0].gdf[["geometry"]], display_tolerance(len(layers[0].gdf)))
    store = buurten_store_id(layers[0].gdf)
    fmap, map_script = _leaflet_map(layers, geometry, store, seed, root_id)
    return (
        (buurten_store(layers[0].gdf) if with_buurten else "")
        + f'<div class="vk-map" id="{root_id}">\n'
        f'<div class="vk-map-title">{_text(title)}</div>\n'
        '<div class="vk-map-row">'
        f'<div class="vk-map-canvas" style="height:{int(height)}px" role="region" aria-label="{_text(title)}">'
        f'<div class="folium-map" id="{fmap.get_name()}"></div></div>\n'
        f"{_legend_html(layers)}</div>\n"
        f'<p class="vk-footer">{_text(footer_text(footer))}</p>\n'
        "</div>\n"
        f"<script>\n(function () {{\n{map_script}\n}})();\n</script>\n"
    )


def _outline_sets(layers: list[MapLayer]) -> list[gpd.GeoDataFrame | None]:
    """The distinct area sets of the layers: one when all layers share theirs, else one per layer."""
    first = layers[0].areas
    if all(layer.areas is first for layer in layers):
        return [first]
    return [layer.areas for layer in layers]


def _leaflet_map(layers: list[MapLayer], geometry: gpd.GeoDataFrame, store: str, seed: str, root_id: str):
    """The folium map and the JavaScript that draws it (without folium's CDN header)."""
    west, south, east, north = geometry.total_bounds
    large = len(geometry) > CANVAS_ABOVE
    style = LARGE_BUURT_STYLE if large else BUURT_STYLE
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=12, tiles=None, zoom_snap=0.25,
                      prefer_canvas=large)
    folium.TileLayer(
        TILE_URL, attr=TILE_ATTRIBUTION, name="achtergrondkaart", overlay=True, control=False, max_zoom=19
    ).add_to(fmap)
    # Empty base layers give the radio buttons; switching restyles the one shared GeoJson.
    switches = [
        folium.FeatureGroup(name=_text(layer.name), overlay=False, show=i == 0).add_to(fmap)
        for i, layer in enumerate(layers)
    ] if len(layers) > 1 else []
    decode = JsCode("vkDecodeFilter")  # the geometry is embedded encoded (see encode_geometry)
    buurten = folium.GeoJson(  # filled from the page's buurten store below
        {"type": "FeatureCollection", "features": []},
        name="buurten",
        control=False,
        style=JsCode(_BUURT_STYLE_JS % (json.dumps(large), json.dumps(style))),
        on_each_feature=JsCode(_BUURT_EACH_FEATURE_JS.replace("REST_WEIGHT", str(style["weight"]))),
    ).add_to(fmap)
    sets = _outline_sets(layers)
    outlined = any(areas is not None for areas in sets)
    area_layers: list[list] = []  # per set: its halo and outline GeoJson
    if outlined:
        group = folium.FeatureGroup(name="gebieden").add_to(fmap)
        halo = json.dumps(AREA_HALO_STYLE)
        for areas in sets:
            outlines = _area_features(areas if areas is not None else gpd.GeoDataFrame(
                {"gebied": [], "naam": [], "bezit": []}, geometry=[], crs=28992))
            area_layers.append([
                folium.GeoJson(outlines, interactive=False, style=JsCode(f"function () {{ return {halo}; }}"),
                               filter=decode).add_to(group),
                folium.GeoJson(
                    outlines,
                    style=JsCode(f"function (feature) {{ return {json.dumps(_area_styles())}[feature.properties.s]; }}"),
                    on_each_feature=JsCode(_AREA_EACH_FEATURE_JS),
                    filter=decode,
                ).add_to(group),
            ])
    if switches or outlined:
        folium.LayerControl(collapsed=False).add_to(fmap)

    _set_deterministic_ids(fmap, seed)
    fmap.render()
    outline_sets = "[" + ", ".join("[" + ", ".join(layer.get_name() for layer in pair) + "]" for pair in area_layers) + "]"
    script = [
        DECODE_JS,
        _STORE_JS.format(store=json.dumps(store), root=root_id),
        "var vkActive = 0;",
        f"var vkLayers = {_script_json(_layer_views(layers))};",
        f"var vkClasses = {_script_json([layer.class_indices() for layer in layers])};",
        f"var vkValues = {_script_json([_escaped(layer.value_texts()) for layer in layers])};",
        f"var vkAreaNames = {_script_json([layer.area_names() for layer in layers])};",
        fmap.get_root().script.render(),
        # at once, not animated from zoom_start: the map opens at its final view (and zoom-dependent labels know it)
        f"{fmap.get_name()}.fitBounds({json.dumps([[south, west], [north, east]])}, {{animate: false}});",
        f"{buurten.get_name()}.addData(vkFeatures);",
        _GEMEENTEN_JS.format(map=fmap.get_name()),
        f"var vkAreaOutlines = {outline_sets};",
        f"var vkAreaGroup = {group.get_name() if outlined else 'null'};",
        # the buurten came after the area outlines: put the active layer's outlines back on top, and
        # take the other layers' outlines off until their layer is chosen (see _SWITCH_JS)
        "vkAreaOutlines.forEach(function (pair, i) { pair.forEach(function (l) {"
        " if (i === 0) { l.bringToFront(); } else { vkAreaGroup.removeLayer(l); } }); });",
        f"L.control.scale({{imperial: false}}).addTo({fmap.get_name()});",
    ]
    if switches:
        script.append(_SWITCH_JS.format(
            map=fmap.get_name(), geojson=buurten.get_name(), root=root_id,
            switches=", ".join(s.get_name() for s in switches),
        ))
    return fmap, "\n".join(script)


_BUURT_EACH_FEATURE_JS = f"""function (feature, layer) {{
    var p = feature.properties;
    layer.bindTooltip(function () {{
        var view = vkLayers[vkActive], values = vkValues[vkActive], value = values === null ? null : values[p.j];
        var label = view.labels[vkClasses[vkActive][p.j]];
        var area = vkAreaNames[vkActive][p.j];
        var wijk = p.w >= 0 ? "wijk " + vkStore.wijken[p.w][0] + " \\u00b7 " : "";
        return "<b>" + p.n + "</b><br>" + p.b + " \\u00b7 " + wijk + p.g + "<br>inwoners: " + p.i + "<br>" + view.name
            + (value === null ? "" : ": " + value + "<br>klasse") + ": <b>" + label + "</b>"
            + (area ? "<br>gebied: " + area : "");
    }}, {{sticky: true}});
    layer.on("mouseover", function () {{ layer.setStyle({{weight: {BUURT_HOVER_WEIGHT}}}); }});
    layer.on("mouseout", function () {{ layer.setStyle({{weight: REST_WEIGHT}}); }});
}}"""

_BUURT_STYLE_JS = (  # %s: whether the map draws on a canvas, the buurt style
    "function (feature) { var k = vkClasses[vkActive][feature.properties.j], view = vkLayers[vkActive]; "
    "return Object.assign({fillColor: vkFill(view.colours[k], view.hatches[k], %s)}, %s); }"
)

#: the page's buurten store as GeoJSON features (decoded once per page; ``j`` indexes the per-map arrays)
_STORE_JS = """var vkStore = (window.vkBuurten || {{}})[{store}];
if (!vkStore) {{
    document.querySelector("#{root} .vk-map-canvas").textContent =
        "Deze kaart gebruikt de buurten van de eerste kaart van deze pagina: voer die eerst uit.";
    return;
}}
if (!vkStore.features) {{
    vkStore.features = vkStore.rows.map(function (r, j) {{
        return {{type: "Feature", geometry: vkGeometry(r[0]), properties: {{n: r[1], b: r[2], g: r[3], i: r[4], w: r[5], j: j}}}};
    }});
}}
var vkFeatures = vkStore.features;"""

#: gemeente borders over the buurten; the gemeente names (when the map shows more than one gemeente) and
#: the wijk names once zoomed in far enough to read them (`label_zoom`)
_GEMEENTEN_JS = """(vkStore.gemeenten || []).forEach(function (g) {{
    L.geoJSON(vkGeometry(g[0]), {{interactive: false, style: {{color: "#1a1a1a", weight: 2.4, opacity: 0.85, fill: false}}}})
        .addTo({map});
}});
function vkLabels(names, className) {{
    return L.layerGroup(names.map(function (n) {{
        return L.tooltip({{permanent: true, direction: "center", className: "vk-label " + className, interactive: false}})
            .setLatLng(n[1]).setContent(n[0]);
    }}));
}}
var vkGemeenteLabels = vkLabels((vkStore.gemeenten || []).length > 1 ? vkStore.gemeenten.map(function (g) {{ return [g[1], g[2]]; }}) : [], "vk-gm-label");
var vkWijkLabels = vkLabels(vkStore.wijken || [], "vk-wijk-label");
function vkShowLabels() {{  // names only when zoomed in far enough to read them
    [[vkGemeenteLabels, vkStore.gemeenteZoom], [vkWijkLabels, vkStore.wijkZoom]].forEach(function (pair) {{
        if ({map}.getZoom() >= pair[1]) {{ pair[0].addTo({map}); }} else {{ pair[0].remove(); }}
    }});
}}
{map}.on("zoomend", vkShowLabels);
vkShowLabels();"""

_AREA_EACH_FEATURE_JS = """function (feature, layer) {
    layer.bindTooltip(feature.properties.t, {sticky: true});
    var label = L.tooltip({permanent: true, direction: "center", className: "vk-label vk-area-label", interactive: false})
        .setLatLng(feature.properties.at).setContent(feature.properties.id);
    layer.on("add", function () { label.addTo(layer._map); });
    layer.on("remove", function () { label.remove(); });
}"""

_SWITCH_JS = """var vkSwitches = [{switches}];
var vkLegends = document.querySelectorAll("#{root} .vk-legend-layer");
var vkAreaLegends = document.querySelectorAll("#{root} .vk-legend-areas");
{map}.on("baselayerchange", function (e) {{
    var index = vkSwitches.indexOf(e.layer);
    if (index < 0) {{ return; }}
    vkActive = index;
    {geojson}.setStyle({geojson}.options.style);
    vkLegends.forEach(function (legend, i) {{ legend.hidden = i !== index; }});
    if (vkAreaOutlines.length > 1) {{  // each layer its own areas: outlines and their legend follow
        vkAreaGroup.clearLayers();
        vkAreaOutlines[index].forEach(function (l) {{ vkAreaGroup.addLayer(l); }});
        vkAreaLegends.forEach(function (legend, i) {{ legend.hidden = i !== index; }});
    }}
}});"""


def _text(value) -> str:
    """Data text made safe for HTML, and for folium's Jinja pass over rendered parts (braces)."""
    return html.escape(str(value)).replace("{", "&#123;").replace("}", "&#125;")


def _align(layers: list[MapLayer]) -> list[MapLayer]:
    """The layers with their rows in the order of the first layer's buurt codes."""
    if not layers:
        raise ValueError("class_map needs at least one MapLayer")
    codes = layers[0].gdf["code"]
    if codes.duplicated().any():
        raise ValueError(f"map layer {layers[0].name!r}: buurt codes are not unique")
    aligned = [layers[0]]
    for layer in layers[1:]:
        if set(layer.gdf["code"]) != set(codes) or len(layer.gdf) != len(codes):
            raise ValueError(
                f"map layers {layers[0].name!r} and {layer.name!r} must hold the same buurten (codes)"
            )
        gdf = layer.gdf.set_index("code", drop=False).loc[codes.to_numpy()].reset_index(drop=True)
        aligned.append(replace(layer, gdf=gdf))
    return aligned


def _seed(title: str, footer: str, layers: list[MapLayer]) -> str:
    """A short hash of the map's content, the base of all element ids of its fragment."""
    content = [title, footer, layers[0].gdf["code"].astype(str).tolist()]
    content += [
        [layer.name, layer.legend_title, layer.gdf[layer.class_column].astype(str).tolist()] for layer in layers
    ]
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()[:12]


def _set_deterministic_ids(fmap: folium.Map, seed: str) -> None:
    """Replace branca's random element ids by ``<seed>_<n>`` in tree order."""
    def walk(element: Element):
        yield element
        for child in element._children.values():
            yield from walk(child)

    for n, element in enumerate(walk(fmap)):
        element._id = f"{seed}_{n}"


def buurten_store_id(gdf: gpd.GeoDataFrame) -> str:
    """The key of the buurten store of ``gdf``: a hash of its codes, names, inhabitants and geometry."""
    digest = hashlib.sha256()
    for column in ("code", "naam", "gm_naam", "inwoners"):
        digest.update(json.dumps(gdf[column].astype(str).tolist()).encode())
    digest.update(geometry_digest(np.asarray(gdf.geometry.array, dtype=object)).encode())
    return f"b{digest.hexdigest()[:12]}"


def buurten_store(gdf: gpd.GeoDataFrame) -> str:
    """A ``<script>`` that puts the buurten of ``gdf`` in the page's store (``window.vkBuurten``).

    Per buurt its encoded display geometry, name, code, gemeente and inhabitants, in the row order
    of ``gdf``; each map then adds only its classes and values. Once per page is enough.
    """
    geometry = display_geometry(gdf[["geometry"]], display_tolerance(len(gdf)))
    inwoners = pd.to_numeric(gdf["inwoners"], errors="coerce").astype(float)
    wijken, wijk_of = wijk_labels(gdf)
    rows = [
        [geom, _text(naam), _text(code), _text(gm), fmt_number(n), w]
        for naam, code, gm, n, geom, w in zip(gdf["naam"], gdf["code"], gdf["gm_naam"], inwoners,
                                              encode_geometry(geometry.geometry), wijk_of)
    ]
    store = json.dumps(buurten_store_id(gdf))
    content = {"rows": rows, "gemeenten": gemeente_outlines(gdf), "wijken": wijken,
               "wijkZoom": label_zoom(gdf, "wk_code", WIJK_LABEL_PIXELS),
               "gemeenteZoom": label_zoom(gdf, "gm_naam", GEMEENTE_LABEL_PIXELS)}
    return (f"<script>\nwindow.vkBuurten = window.vkBuurten || {{}};\n"
            f"vkBuurten[{store}] = vkBuurten[{store}] || {_script_json(content)};\n</script>\n")


def gemeente_shapes(buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The gemeenten as the union of their buurten (``gm_naam``, geometry; CRS of ``buurten``).

    Every map draws them; the union takes ~5 s for the 350 gemeenten of Nederland, so it is made
    once per process and set of buurten (as `display_geometry` is).
    """
    geoms = np.asarray(buurten.geometry.array, dtype=object)
    names = buurten["gm_naam"].fillna("").astype(str)
    key = hashlib.sha256((geometry_digest(geoms) + "\0" + "\0".join(names)).encode()).hexdigest()
    if key not in _GEMEENTE_CACHE:
        labels = names.to_numpy()
        order = np.argsort(labels, kind="stable")
        groups = np.split(order, np.flatnonzero(labels[order][1:] != labels[order][:-1]) + 1)
        with ThreadPoolExecutor(min(2, os.cpu_count() or 1)) as pool:  # GEOS releases the GIL: a union per core
            unions = list(pool.map(lambda rows: shapely.buffer(shapely.union_all(geoms[rows]), 0), groups))
        _GEMEENTE_CACHE[key] = gpd.GeoDataFrame({"gm_naam": [labels[rows[0]] for rows in groups]}, geometry=unions,
                                                crs=buurten.crs)
    return _GEMEENTE_CACHE[key].copy()


_GEMEENTE_CACHE = SHARED_CACHES["gemeenten"] = BoundedCache(4)


def gemeente_outlines(gdf: gpd.GeoDataFrame) -> list:
    """Per gemeente its encoded outline, name and label position ([lat, lon]), for orientation on every map."""
    outlines = gemeente_shapes(gdf)
    shown = display_geometry(outlines, display_tolerance(len(gdf)) * 4, keep=["gm_naam"])
    labels = outlines.geometry.representative_point().to_crs(4326)
    return [[geom, _text(name), [round(point.y, 5), round(point.x, 5)]]
            for name, geom, point in zip(shown["gm_naam"], encode_geometry(shown.geometry), labels)]


def wijk_labels(gdf: gpd.GeoDataFrame) -> tuple[list, list[int]]:
    """Per named wijk its name (without "Wijk NN") and label position ([lat, lon]); per buurt the
    index of its wijk in that list, -1 when the wijk has no name (``wk_naam`` absent or NA).

    The label sits at the area-weighted centre of the wijk's buurten, or inside its largest buurt
    when that centre falls outside the wijk (a crescent-shaped wijk).
    """
    if "wk_naam" not in gdf or "wk_code" not in gdf:
        return [], [-1] * len(gdf)
    named = gdf[gdf["wk_naam"].notna() & gdf["wk_code"].notna()]
    if named.empty:
        return [], [-1] * len(gdf)
    geoms = np.asarray(named.geometry.array, dtype=object)
    area = shapely.area(geoms)
    centre = shapely.centroid(geoms)
    parts = pd.DataFrame({"wk": named["wk_code"].astype(str).to_numpy(), "naam": named["wk_naam"].astype(str).to_numpy(),
                          "a": area, "x": shapely.get_x(centre) * area, "y": shapely.get_y(centre) * area})
    wijken = parts.groupby("wk", sort=True).agg(naam=("naam", "first"), a=("a", "sum"), x=("x", "sum"), y=("y", "sum"))
    wijken = wijken[wijken["a"] > 0]
    points = shapely.points(wijken["x"] / wijken["a"], wijken["y"] / wijken["a"])
    at = pd.Series(points, index=wijken.index)
    inside = pd.Series(shapely.intersects(geoms, at.reindex(parts["wk"]).to_numpy()), index=parts.index) \
        .groupby(parts["wk"]).any()
    largest = parts.assign(p=shapely.point_on_surface(geoms)).sort_values("a", ascending=False).groupby("wk")["p"].first()
    at = at.where(inside.reindex(at.index, fill_value=False), largest.reindex(at.index))
    positions = gpd.GeoSeries(at.to_numpy(), crs=gdf.crs).to_crs(4326)
    labels = [[_text(WIJK_NUMBER.sub("", naam)), [round(p.y, 5), round(p.x, 5)]]
              for naam, p in zip(wijken["naam"], positions)]
    index = {wk: i for i, wk in enumerate(wijken.index)}
    wijk_of = [index.get(str(wk), -1) if pd.notna(naam) else -1 for wk, naam in zip(gdf["wk_code"], gdf["wk_naam"])]
    return labels, wijk_of


def label_zoom(gdf: gpd.GeoDataFrame, column: str, pixels: float) -> float:
    """The web-map zoom from which the names of the areas ``column`` groups are legible: a typical
    area (the square of the median area) is ``pixels`` wide. 99 when ``gdf`` has no such column."""
    if column not in gdf or gdf.empty:
        return 99.0
    areas = gdf.geometry.area.groupby(gdf[column].astype(str).to_numpy()).sum()
    width_m = float(np.sqrt(areas.median()))
    west, south, east, north = gdf.total_bounds
    latitude = gpd.GeoSeries([shapely.Point((west + east) / 2, (south + north) / 2)], crs=gdf.crs).to_crs(4326).y.iloc[0]
    metres_per_pixel_at_zoom_0 = 156543.034 * np.cos(np.radians(latitude))  # Web Mercator, 256-pixel tiles
    return round(float(np.log2(metres_per_pixel_at_zoom_0 * pixels / max(width_m, 1.0))), 2)


def prepare_display(buurten: gpd.GeoDataFrame) -> None:
    """Make the display geometry and the gemeente outlines of ``buurten`` now, for every map after it.

    A build does this once, beside its analysis, and hands the result to its chapters (`display_caches`,
    `seed_display_caches`): at national size it is ~10 s of work per process.
    """
    display_geometry(buurten[["geometry"]], display_tolerance(len(buurten)))
    gemeente_outlines(buurten)


def display_caches() -> dict:
    """This process's `SHARED_CACHES` (display geometry, gemeente outlines, …), to seed another process with."""
    return {name: dict(cache) for name, cache in SHARED_CACHES.items()}


def seed_display_caches(caches: dict) -> None:
    """Take over the caches another process made (`display_caches`)."""
    for name, entries in caches.items():
        if name in SHARED_CACHES:  # a cache of a module this process does not use is left out
            SHARED_CACHES[name].update(entries)


def _escaped(texts: list[str] | None) -> list[str] | None:
    return None if texts is None else [_text(text) for text in texts]


def _layer_views(layers: list[MapLayer]) -> list[dict]:
    """Per layer its tooltip name and the labels and colours the class indices point to."""
    return [
        {
            "name": _text(f"{layer.scheme.title} {layer.name}" if len(layers) > 1 else layer.scheme.title),
            "labels": [_text(label) for label in layer.scheme.categories],
            "colours": [layer.scheme.colour(label) for label in layer.scheme.categories],
            "hatches": [hatch_json(layer.scheme.hatch(label)) for label in layer.scheme.categories],
        }
        for layer in layers
    ]


def hatch_json(hatch: Hatch | None) -> list[str] | None:
    """A hatch as `vkFill` reads it: background, line colour, direction and SVG pattern id."""
    return None if hatch is None else [hatch.background, hatch.lines, hatch.direction, hatch.name]


def hatch_svg(hatches) -> str:
    """A hidden ``<svg>`` with one ``<pattern>`` per hatch, which the SVG maps of the page fill with."""
    patterns = "".join(
        f'<pattern id="{h.name}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate({45 if h.direction == "/" else -45})">'
        f'<rect width="6" height="6" fill="{h.background}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{h.lines}" stroke-width="2"/></pattern>'
        for h in hatches
    )
    return (f'<svg class="vk-hatches" width="0" height="0" aria-hidden="true" '
            f'style="position:absolute;width:0;height:0"><defs>{patterns}</defs></svg>')


def swatch_style(colour: str, hatch: Hatch | None) -> str:
    """CSS of a legend swatch: the class colour, hatched as on the map for the unvalued classes."""
    if hatch is None:
        return f"background:{colour}"
    angle = 135 if hatch.direction == "/" else 45  # the stripes run across the gradient's direction
    return f"background:repeating-linear-gradient({angle}deg,{hatch.lines} 0 1.5px,{hatch.background} 1.5px 5px)"


def _script_json(value) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _area_features(areas: gpd.GeoDataFrame) -> dict:
    """GeoJSON of the areas with a tooltip ``t`` and ``s``, the position of their kind in `AREA_KINDS`."""
    shapes = display_geometry(areas, keep=["gebied", "naam", "bezit"])
    labels = areas.geometry.representative_point().to_crs(4326)
    kinds = list(AREA_KINDS)
    features = [
        {
            "type": "Feature",
            "geometry": geom,
            "properties": {
                "t": f"<b>{_text(gebied)} · {_text(naam)}</b><br>gebied, {AREA_KINDS[bezit].label}",
                "s": kinds.index(bezit),
                "id": _text(gebied),
                "at": [round(point.y, 5), round(point.x, 5)],
            },
        }
        for gebied, naam, bezit, geom, point in zip(shapes["gebied"], shapes["naam"], shapes["bezit"],
                                                    encode_geometry(shapes.geometry), labels)
    ]
    return {"type": "FeatureCollection", "features": features}


def _area_styles() -> list[dict]:
    """Leaflet path style per area kind, in the order of `AREA_KINDS`."""
    return [
        {"color": kind.colour, "weight": AREA_WEIGHT, "opacity": 1, "fill": False}
        | ({"dashArray": "8 5"} if kind.dashed else {})
        for kind in AREA_KINDS.values()
    ]


def _legend_html(layers: list[MapLayer]) -> str:
    """The text legend: one block per layer (only the active one shown) and the areas (per layer
    when the layers have areas of their own)."""
    blocks = []
    for i, layer in enumerate(layers):
        legend = layer.legend_rows()
        ranges = any(row.range for row in legend)  # a combined map's classes have no value range: no column
        header = f'<tr><th></th><th>klasse</th>{"<th>waarde</th>" if ranges else ""}<th class="vk-count">buurten</th></tr>'
        rows = "".join(
            f'<tr><td><span class="vk-swatch" style="{_text(swatch_style(row.colour, layer.scheme.hatch(row.label)))}">'
            f"</span></td><td>{_text(row.label)}</td>{f'<td>{_text(row.range)}</td>' if ranges else ''}"
            f'<td class="vk-count">{fmt_number(row.count)}</td></tr>'
            for row in legend
        )
        hidden = " hidden" if i else ""
        blocks.append(
            f'<div class="vk-legend-layer"{hidden}>'
            f'<div class="vk-legend-title">{_text(layer.legend_title)}</div>'
            f"<table>{header}{rows}</table></div>"
        )
    sets = _outline_sets(layers)
    if any(areas is not None for areas in sets):
        for i, areas in enumerate(sets):
            rows = ""
            for bezit, kind in AREA_KINDS.items():
                names = [] if areas is None else sorted(areas.loc[areas["bezit"] == bezit, "naam"].astype(str))
                if names:
                    dashed = " vk-dashed" if kind.dashed else ""
                    rows += (
                        f'<tr><td><span class="vk-outline{dashed}" style="border-color:{kind.colour}"></span></td>'
                        f"<td>{kind.label}</td><td>{_text(', '.join(names))}</td>"
                        f'<td class="vk-count">{fmt_number(len(names))}</td></tr>'
                    )
            hidden = " hidden" if i else ""
            blocks.append(
                f'<div class="vk-legend-areas"{hidden}><div class="vk-legend-title">Gebieden</div>'
                f'<table><tr><th></th><th>soort</th><th>naam</th><th class="vk-count">aantal</th></tr>{rows}</table></div>'
            )
    return f'<div class="vk-legend">{"".join(blocks)}</div>'
