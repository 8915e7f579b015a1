"""Static PNG twins of the class maps (matplotlib, Agg): for print, offline meetings and the notebook.

Same classes, colours and legend rows as the interactive map (`veerkracht_lib.rendering.interactive`); PNG bytes are
stable for the same input.
"""
from __future__ import annotations

import base64
import html
import io
import textwrap
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from veerkracht_lib.analysis.classes import Hatch
from veerkracht_lib.numbers import fmt_count, fmt_number
from veerkracht_lib.rendering.interactive import (
    AREA_HALO_STYLE,
    AREA_KINDS,
    BUURT_STYLE,
    SHARED_CACHES,
    BoundedCache,
    MapLayer,
    footer_text,
    gemeente_shapes,
    geometry_digest,
)

A4_LANDSCAPE_INCH = (297 / 25.4, 210 / 25.4)
A4_DPI = 300
SCREEN_INCH = (10.0, 6.5)
TWIN_DPI = 110  # the chapters' static twins of the maps
MAP_AXES = (0.01, 0.07, 0.62, 0.84)  # left, bottom, width, height as parts of the figure
GEMEENTE_NAME_INCH = 0.5
AREA_LINEWIDTH = 1.8
RC = {"font.family": "DejaVu Sans", "font.size": 9, "legend.fontsize": 8.5, "legend.title_fontsize": 9}


def static_map_figure(
    layer: MapLayer, *, title: str, footer: str, areas: gpd.GeoDataFrame | None = None, a4: bool = False,
    dpi: float = 110,
) -> Figure:
    """The map on the left, the text legend (labels, ranges, counts) on the right, footer below; the
    shapes simplified to what ``dpi`` can show (`drawn`)."""
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=A4_LANDSCAPE_INCH if a4 else SCREEN_INCH)
        FigureCanvasAgg(fig)
        map_ax = fig.add_axes(MAP_AXES)
        map_ax.set_axis_off()
        pixel = metres_per_pixel(layer.gdf, fig.get_size_inches(), dpi)
        _draw_buurten(map_ax, drawn(layer.gdf.geometry, pixel), layer.colours(), layer.hatches())
        handles = [
            Patch(facecolor=row.colour, edgecolor=BUURT_STYLE["color"], linewidth=0.5,
                  **_hatch_style(layer.scheme.hatch(row.label)),
                  label=_wrap(f"{row.label} ({row.range}): {fmt_number(row.count)}" if row.range
                              else f"{row.label}: {fmt_number(row.count)}"))
            for row in layer.legend_rows()
        ]
        _gemeenten(map_ax, layer.gdf, pixel, dpi)
        if areas is not None:
            handles += _area_outlines(map_ax, areas.to_crs(layer.gdf.crs))
        _scale_bar_and_north(map_ax)
        legend_ax = fig.add_axes((0.65, 0.07, 0.34, 0.84))
        legend_ax.set_axis_off()
        legend_ax.legend(
            handles=handles, title=_wrap(layer.legend_title) + "\n(aantal buurten per klasse)",
            loc="upper left", frameon=False, alignment="left", handlelength=2.2, labelspacing=0.7,
        )
        fig.text(0.01, 0.975, "\n".join(textwrap.wrap(title, 105 if a4 else 80)), fontsize=12.5, fontweight="bold",
                 va="top")
        # wrapped: a long source line would run off the page (it grows upwards, into the margin under the map)
        fig.text(0.01, 0.02, "\n".join(textwrap.wrap(footer_text(footer), 200 if a4 else 160)), fontsize=7.5,
                 color="#555555", va="bottom")
    return fig


def static_map(
    layer: MapLayer, path: str | Path, *, title: str, footer: str, areas: gpd.GeoDataFrame | None = None,
    dpi: int = 150, a4: bool = False,
) -> Path:
    """Write the map as PNG; ``a4=True`` gives A4 landscape at 300 dpi for print."""
    dpi = A4_DPI if a4 else dpi
    fig = static_map_figure(layer, title=title, footer=footer, areas=areas, a4=a4, dpi=dpi)
    path = Path(path)
    path.write_bytes(png_bytes(fig, dpi))
    return path


def static_map_png_html(
    layer: MapLayer, *, title: str, footer: str, areas: gpd.GeoDataFrame | None = None, dpi: int = TWIN_DPI
) -> str:
    """A PNG of the map as an ``<img>`` with the legend as alt text, for notebook output (110 dpi: sharp
    enough on paper, where it replaces the interactive map at about 7 inches wide)."""
    fig = static_map_figure(layer, title=title, footer=footer, areas=areas, dpi=dpi)
    classes = "; ".join(f"{row.label}: {fmt_count(row.count, 'buurt', 'buurten')}" for row in layer.legend_rows())
    alt = f"Kaart {title}. {layer.legend_title}: {classes}."
    data = base64.b64encode(png_bytes(fig, dpi)).decode("ascii")
    return f'<img class="vk-static-map" src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def png_bytes(fig: Figure, dpi: float, tight: bool = False) -> bytes:
    """The figure as a PNG of at most 256 colours (no dithering); ``tight`` crops it to its content.

    Maps and charts are flat colours with anti-aliased edges: a palette PNG looks the same as
    matplotlib's RGBA PNG at a quarter of the size, and is written faster. No metadata, so the
    bytes depend on the figure only.
    """
    from PIL import Image

    if tight:  # matplotlib crops while saving: take its (uncompressed) PNG
        rendered = io.BytesIO()
        fig.savefig(rendered, format="png", dpi=dpi, bbox_inches="tight", pil_kwargs={"compress_level": 0})
        rendered.seek(0)
        with Image.open(rendered) as image:
            rgb = image.convert("RGB")
    else:  # straight from the Agg canvas: no PNG round trip for the 8.7-megapixel print maps
        fig.set_dpi(dpi)
        rgba, size = FigureCanvasAgg(fig).print_to_buffer()
        rgb = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1).convert("RGB")
    # max-coverage keeps the big flat areas (white paper, class fills) exact; fast-octree greys the white
    palette = rgb.quantize(256, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", compress_level=6, dpi=(dpi, dpi))  # dpi: prints at its intended size
    return out.getvalue()


def _hatch_style(hatch: Hatch | None) -> dict:
    """matplotlib's hatch arguments for ``hatch`` (none for a plain fill)."""
    return {} if hatch is None else {"hatch": hatch.direction * 4, "hatchcolor": hatch.lines}


def metres_per_pixel(gdf: gpd.GeoDataFrame, figure_inch, dpi: float) -> float:
    """The ground size of one pixel of the map axes when ``gdf`` fills them (equal aspect)."""
    west, south, east, north = gdf.total_bounds
    width, height = figure_inch[0] * MAP_AXES[2] * dpi, figure_inch[1] * MAP_AXES[3] * dpi
    return max((east - west) / width, (north - south) / height)


def drawn(geometry: gpd.GeoSeries, metres_per_pixel: float) -> gpd.GeoSeries:
    """The shapes simplified to half a pixel: what the eye cannot see is not drawn.

    A national map at 110 dpi has pixels of about 300 m and buurten of ~200 vertices each: drawing
    them all took most of the time of a static map. Made once per process and pixel size.
    """
    tolerance = metres_per_pixel / 2
    geoms = np.asarray(geometry.array, dtype=object)
    key = (geometry_digest(geoms), round(tolerance, 6))
    if key not in _DRAWN_CACHE:
        _DRAWN_CACHE[key] = shapely.simplify(geoms, tolerance, preserve_topology=True)
    return gpd.GeoSeries(_DRAWN_CACHE[key], index=geometry.index, crs=geometry.crs)


_DRAWN_CACHE = SHARED_CACHES["drawn"] = BoundedCache(6)


def prepare_drawn(buurten: gpd.GeoDataFrame) -> None:
    """Simplify ``buurten`` and their gemeenten now for the sizes every build draws: the chapters' static
    twins and the A4 print maps (at national size ~3 s per size and process; a build does it once, beside
    its analysis)."""
    outlines = gemeente_shapes(buurten)
    for inches, dpi in ((SCREEN_INCH, TWIN_DPI), (A4_LANDSCAPE_INCH, A4_DPI)):
        pixel = metres_per_pixel(buurten, inches, dpi)
        drawn(buurten.geometry, pixel)
        drawn(outlines.geometry, pixel)


def _draw_buurten(ax, geometry: gpd.GeoSeries, colours: list[str], hatches: list[Hatch | None]) -> None:
    """Fill each buurt with its colour: one path per buurt in one collection; hatched buurten on top.

    What ``GeoDataFrame.plot`` draws, without a matplotlib patch per polygon (which took 4 s of
    the 5 s of a 14,000-buurt map).
    """
    geoms = np.asarray(geometry.array, dtype=object)
    polygons, owner = shapely.get_parts(geoms, return_index=True)
    rings, polygon_of = shapely.get_rings(polygons, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    starts = np.r_[0, np.flatnonzero(np.diff(ring_of)) + 1]
    codes[starts] = MplPath.MOVETO
    codes[np.r_[starts[1:] - 1, len(coords) - 1]] = MplPath.CLOSEPOLY
    buurt_of_point = owner[polygon_of[ring_of]]
    bounds = np.searchsorted(buurt_of_point, np.arange(len(geoms) + 1))
    paths = [MplPath(coords[a:b], codes[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    ax.add_collection(PathCollection(paths, facecolors=colours, edgecolors=BUURT_STYLE["color"], linewidths=0.3))
    for hatch in dict.fromkeys(h for h in hatches if h is not None):  # a collection has one hatch: one per kind
        mine = [path for path, h in zip(paths, hatches) if h == hatch]
        ax.add_collection(PathCollection(mine, facecolors=hatch.background, edgecolors=BUURT_STYLE["color"],
                                         linewidths=0.3, **_hatch_style(hatch)))
    ax.autoscale_view()
    ax.set_aspect("equal")


def _area_outlines(ax, areas: gpd.GeoDataFrame) -> list[Line2D]:
    """Draw the area outlines; return their legend handles."""
    handles = []
    for bezit, kind in AREA_KINDS.items():
        selected = areas[areas["bezit"] == bezit]
        if selected.empty:
            continue
        linestyle = "--" if kind.dashed else "-"
        halo = [patheffects.withStroke(linewidth=AREA_LINEWIDTH + 2, foreground=AREA_HALO_STYLE["color"])]
        _draw_boundaries(ax, selected.geometry, colors=kind.colour, linewidths=AREA_LINEWIDTH, linestyles=linestyle,
                         path_effects=halo)
        if "gebied" in selected:
            for gebied, point in zip(selected["gebied"], selected.geometry.representative_point()):
                ax.text(point.x, point.y, gebied, ha="center", va="center", fontsize=7, fontweight="bold", zorder=7,
                        bbox={"boxstyle": "circle,pad=0.25", "facecolor": "white", "edgecolor": "#222222",
                              "linewidth": 1})
        handles.append(Line2D([], [], color=kind.colour, linewidth=AREA_LINEWIDTH, linestyle=linestyle,
                              label=f"gebied, {kind.label}: {fmt_number(len(selected))}"))
    return handles


def _draw_boundaries(ax, polygons: gpd.GeoSeries, **style) -> None:
    """The polygons' outlines as one line collection (GeoSeries.plot also redraws the whole figure:
    a second full draw per call, 1 s at national size)."""
    lines = shapely.get_parts(shapely.boundary(np.asarray(polygons.array, dtype=object)))
    ax.add_collection(LineCollection([shapely.get_coordinates(line) for line in lines], **style), autolim=False)


def _gemeenten(ax, buurten: gpd.GeoDataFrame, metres_per_pixel: float, dpi: float) -> None:
    """Gemeente borders, and their names when the map shows more than one gemeente and a typical one
    (the square of the median area) is at least `GEMEENTE_NAME_INCH` wide: 350 names on a map of
    Nederland would only cover each other."""
    if "gm_naam" not in buurten:
        return
    outlines = gemeente_shapes(buurten).set_index("gm_naam")
    _draw_boundaries(ax, drawn(outlines.geometry, metres_per_pixel), colors="#1a1a1a", linewidths=1.3)
    typical_inch = float(np.sqrt(outlines.geometry.area.median())) / metres_per_pixel / dpi
    if len(outlines) > 1 and typical_inch >= GEMEENTE_NAME_INCH:
        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        for name, point in zip(outlines.index, outlines.geometry.representative_point()):
            ax.text(point.x, point.y, name, ha="center", va="center", fontsize=7.5, fontweight="bold",
                    path_effects=halo, zorder=5)


def _scale_bar_and_north(ax) -> None:
    """A scale bar of a round length (about a fifth of the map's width; RD New metres) and a north arrow."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    target = (x1 - x0) / 5
    length = max(step for step in (100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000) if step <= target
                 or step == 100)
    x, y = x0 + 0.03 * (x1 - x0), y0 + 0.03 * (y1 - y0)
    ax.plot([x, x + length], [y, y], color="#222222", linewidth=3, solid_capstyle="butt", zorder=6)
    label = f"{length // 1000:g} km" if length >= 1000 else f"{length} m"
    ax.text(x + length / 2, y + 0.015 * (y1 - y0), label, ha="center", va="bottom", fontsize=7.5, zorder=6)
    nx, ny = x1 - 0.04 * (x1 - x0), y1 - 0.10 * (y1 - y0)
    ax.annotate("N", xy=(nx, ny + 0.07 * (y1 - y0)), xytext=(nx, ny), ha="center", va="top", fontsize=9,
                fontweight="bold", arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 1.5}, zorder=6)


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 42))
