"""Static PNG maps: size, stable bytes, and the text legend with class counts."""
from __future__ import annotations

import base64
import html
import re

import geopandas as gpd
import pytest
import shapely
from matplotlib.colors import to_hex
from PIL import Image
from shapely.geometry import box
from test_maps import FOOTER, grid, grid_areas, grid_layers

from veerkracht_lib.rendering.static_maps import static_map, static_map_figure, static_map_png_html

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def frame():
    return grid()


@pytest.fixture(scope="module")
def layer(frame):
    return grid_layers(frame)[0]


def test_a4_print_export_is_a4_landscape_at_300_dpi(tmp_path, layer, frame):
    path = static_map(layer, tmp_path / "kaart.png", title="Overlast", footer=FOOTER, areas=grid_areas(frame), a4=True)
    image = Image.open(path)
    width, height = image.size
    assert abs(width - 3508) <= 3 and abs(height - 2480) <= 3
    assert [round(d) for d in image.info["dpi"]] == [300, 300]  # a word processor places it at A4 size


def test_screen_png_size_follows_dpi(tmp_path, layer):
    path = static_map(layer, tmp_path / "kaart.png", title="Overlast", footer=FOOTER, dpi=100)
    assert Image.open(path).size == (1000, 650)


def test_same_input_gives_the_same_png_bytes(tmp_path, layer, frame):
    first = static_map(layer, tmp_path / "a.png", title="Overlast", footer=FOOTER, areas=grid_areas(frame))
    second = static_map(
        grid_layers(grid())[0], tmp_path / "b.png", title="Overlast", footer=FOOTER, areas=grid_areas(frame)
    )
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(PNG_SIGNATURE)


def test_legend_has_every_class_with_range_and_count(layer, frame):
    fig = static_map_figure(layer, title="Overlast", footer=FOOTER, areas=grid_areas(frame))
    (legend,) = [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    texts = [text.get_text().replace("\n", " ") for text in legend.get_texts()]
    assert texts == [
        "zeer veel slechter (< −0,12): 6",
        "veel slechter (−0,12 tot −0,08): 6",
        "slechter (−0,08 tot −0,04): 6",
        "rond gemiddelde (−0,04 tot 0,04): 5",
        "beter (0,04 tot 0,08): 6",
        "veel beter (0,08 tot 0,12): 0",
        "zeer veel beter (≥ 0,12): 5",
        "geen gegevens: 1",
        "te weinig inwoners: 1",
        "gebied, corporatiebuurt: 1",
        "gebied, overwegend particulier: 1",
    ]
    patches = legend.get_patches()
    assert [to_hex(p.get_facecolor()) for p in patches] == [layer.scheme.colour(c) for c in layer.scheme.categories]
    assert legend.get_title().get_text().startswith("Overlast en onveiligheid 2022")
    figure_texts = [text.get_text() for text in fig.texts]
    assert "Overlast" in figure_texts
    assert f"{FOOTER} · signalerend, niet causaal" in figure_texts


def test_map_polygons_carry_the_class_colours(layer):
    fig = static_map_figure(layer, title="Overlast", footer=FOOTER)
    polygons = fig.axes[0].collections[0]
    facecolours = [to_hex(colour) for colour in polygons.get_facecolors()]
    assert facecolours == [layer.scheme.colour(label) for label in layer.gdf["overlast"]]


def test_unvalued_buurten_are_hatched_on_the_map_and_in_the_legend(layer):
    fig = static_map_figure(layer, title="Overlast", footer=FOOTER)
    labels = list(layer.gdf["overlast"].astype(object))
    hatched = {collection.get_hatch(): len(collection.get_paths()) for collection in fig.axes[0].collections[1:]
               if collection.get_hatch()}  # (the gemeente borders are a collection without a hatch)
    # one collection per hatch, holding exactly the buurten of its class
    assert hatched == {"////": labels.count("geen gegevens"), "\\\\\\\\": labels.count("te weinig inwoners")}
    (legend,) = [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    by_label = {text.get_text().split(":")[0]: patch.get_hatch()
                for text, patch in zip(legend.get_texts(), legend.get_patches())}
    assert by_label["geen gegevens"] == "////" and by_label["te weinig inwoners"] == "\\\\\\\\"
    assert by_label["rond gemiddelde (−0,04 tot 0,04)"] is None


def test_png_html_is_an_inline_image_with_the_legend_as_alt_text(layer):
    tag = static_map_png_html(layer, title="Overlast <2022>", footer=FOOTER)
    img = re.fullmatch(r'<img class="vk-static-map" src="data:image/png;base64,([^"]+)" alt="([^"]+)">', tag)
    src, alt = img.groups()
    png = base64.b64decode(src)
    assert png.startswith(PNG_SIGNATURE) and len(png) < 150_000
    assert "<2022>" not in tag
    assert html.unescape(alt).startswith("Kaart Overlast <2022>. Overlast en onveiligheid 2022 t.o.v. Nederland: ")
    assert "zeer veel slechter: 6 buurten" in html.unescape(alt)
    assert static_map_png_html(layer, title="Overlast <2022>", footer=FOOTER) == tag


def test_print_map_paper_is_white_and_class_colours_exact(tmp_path, layer, frame):
    """The palette PNG keeps white paper white and each class fill its legend colour."""
    path = static_map(layer, tmp_path / "kaart.png", title="Overlast", footer=FOOTER, a4=True)
    image = Image.open(path).convert("RGB")
    assert image.getpixel((5, 5)) == (255, 255, 255)
    present = {colour for _, colour in sorted(image.getcolors(1 << 16), reverse=True)[:12]}
    fills = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in layer.colours()}
    assert len(fills & present) >= len(fills) - 1  # every fill big enough to be among the commonest pixels


def test_print_maps_carry_gemeente_names_area_numbers_scale_and_north(layer, frame):
    fig = static_map_figure(layer, title="Regio – kaart 1: Overlast", footer=FOOTER, areas=grid_areas(frame), a4=True)
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert {"Oostdorp", "Westdorp"} <= set(texts)  # the grid's two gemeenten, named
    assert {"F1", "F2"} <= set(texts)  # the areas' numbers, as in the tables
    # a round bar of at most a fifth of the map's width (the limits include matplotlib's margins)
    x0, x1 = fig.axes[0].get_xlim()
    bars = [t for t in texts if t.endswith(" km") or t.endswith(" m")]
    assert len(bars) == 1
    metres = float(bars[0].split()[0]) * (1000 if bars[0].endswith("km") else 1)
    assert metres in (100, 200, 500, 1_000, 2_000, 5_000) and metres <= (x1 - x0) / 5
    assert "N" in texts  # the north arrow


def test_shapes_are_drawn_to_half_a_pixel():
    from veerkracht_lib.rendering.static_maps import SCREEN_INCH, drawn, metres_per_pixel

    frame = gpd.GeoDataFrame(geometry=[box(0, 0, 10_000, 5_000)], crs=28992)
    # the map axes are 62 % × 84 % of a 10 × 6,5 inch figure: 682 × 600,6 pixels at 110 dpi;
    # 10 km over 682 pixels is the larger of the two scales
    assert metres_per_pixel(frame, SCREEN_INCH, 110) == pytest.approx(10_000 / (10 * 0.62 * 110))
    pixel = 20.0
    # a bump of 0,4 pixel on the bottom edge goes, one of 1 pixel stays
    small = shapely.Polygon([(0, 0), (500, -8), (1000, 0), (1000, 1000), (0, 1000)])
    large = shapely.Polygon([(0, 0), (500, -20), (1000, 0), (1000, 1000), (0, 1000)])
    shapes = drawn(gpd.GeoSeries([small, large], crs=28992), pixel)
    assert shapely.get_num_coordinates(shapes.to_numpy()).tolist() == [5, 6]


@pytest.mark.parametrize(("cells", "named"), [(6, True), (20, False)])
def test_gemeente_names_only_where_they_can_be_read(cells, named):
    """Every cell its own gemeente: 6 × 6 gives each about 1 inch of the 6,8-inch map and its name;
    20 × 20 (as 350 gemeenten on a map of Nederland) gives each 0,34 inch: borders, no names."""
    frame = grid(cells, cells)
    frame["gm_naam"] = [f"Gemeente {code[-4:]}" for code in frame["code"]]
    fig = static_map_figure(grid_layers(frame)[0], title="Overlast", footer=FOOTER)
    names = [text.get_text() for text in fig.axes[0].texts if text.get_text().startswith("Gemeente")]
    assert len(names) == (cells * cells if named else 0)
