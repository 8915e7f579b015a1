"""What a chapter notebook displays: page header, maps with their static twins, tables, charts.

Notebooks stay thin: each cell calls one of these with the build's `Analysis`.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from IPython.display import HTML, Markdown, display  # noqa: E402

from veerkracht_lib.analysis.indicators import REFERENCES  # noqa: E402
from veerkracht_lib.analysis.run import MAPS, REFERENCE_LABEL, Analysis  # noqa: E402
from veerkracht_lib.numbers import fmt_number, fmt_pct  # noqa: E402
from veerkracht_lib.rendering.assets import page_assets  # noqa: E402
from veerkracht_lib.rendering.interactive import MapLayer, buurten_store_id, class_map  # noqa: E402
from veerkracht_lib.rendering.static_maps import png_bytes, static_map, static_map_png_html  # noqa: E402

OVERVIEW_PAGE = "overzicht.html"
CHAPTER_LINKS = [("index.html", "Overzicht"), ("01_situatie.html", "I. Situatie"),
                 ("02_ontwikkeling.html", "II. Ontwikkeling"), ("03_werken_aan_veerkracht.html", "III. Werken aan veerkracht"),
                 (OVERVIEW_PAGE, "Focuskaart op één scherm")]
SYNTHETIC_BANNER = ("<div class='vk-synthetic' role='note'><strong>Synthetische voorbeelddata.</strong> "
                    "Deze pagina is gemaakt op een verzonnen regio met gegenereerde cijfers; "
                    "de uitkomsten zeggen niets over echte buurten.</div>")
PAGE_CSS = """<style>
.vk-nav{display:flex;gap:1.2em;flex-wrap:wrap;font:14px/1.4 system-ui,sans-serif;margin:0 0 1em;padding:.5em 0;border-bottom:1px solid #ccc}
.vk-nav a{color:#1f4e9c;text-decoration:none}.vk-nav a.vk-current{font-weight:bold;color:#222}
.vk-synthetic{background:#fff4ce;border:1px solid #e0b400;padding:.6em .9em;margin:.5em 0 1em;font:14px/1.4 system-ui,sans-serif}
.vk-table{border-collapse:collapse;font:13px/1.35 system-ui,sans-serif;margin:.5em 0 1em}
.vk-table th,.vk-table td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}
.vk-table td.num{text-align:right;font-variant-numeric:tabular-nums}
.vk-static{margin:.3em 0 1.5em}.vk-static summary{cursor:pointer;color:#1f4e9c;font:13px system-ui,sans-serif}
.vk-static img{max-width:100%;border:1px solid #ddd}
.vk-author{border-left:4px solid #1f4e9c;background:#f3f6fb;padding:.4em 1em;margin:1em 0}
</style>"""


def nav(current: str, analysis: Analysis) -> str:
    """Links to the report's pages; the one-screen focuskaart only when it could be made."""
    links = " ".join(
        f"<a href='{href}' class='{'vk-current' if href == current else ''}'>{html.escape(label)}</a>"
        for href, label in CHAPTER_LINKS
        if href != OVERVIEW_PAGE or analysis.available("focus")
    )
    return f"<nav class='vk-nav'>{links}</nav>"


#: buurten stores (`maps.buurten_store`) already on the current page; `header` starts a page
_PAGE_STORES: set[str] = set()


def header(analysis: Analysis, page: str) -> None:
    """Leaflet assets (once per page), navigation and, for the demo, the synthetic-data banner."""
    _PAGE_STORES.clear()
    banner = SYNTHETIC_BANNER if analysis.config.synthetic else ""
    display(HTML(page_assets() + PAGE_CSS + nav(page, analysis) + banner))


def md(text: str | None) -> None:
    if text:
        display(Markdown(text))


def author(text: str | None) -> None:
    """The region author's own commentary, marked as such."""
    if text:
        from markdown_it import MarkdownIt

        body = MarkdownIt("commonmark", {"html": False}).render(text)
        display(HTML(f"<div class='vk-author'><p><strong>Toelichting van de auteur</strong></p>{body}</div>"))


def footer_text(analysis: Analysis, year: str) -> str:
    sources = "; ".join(analysis.attribution) or "eigen berekening"
    return f"Bron: {sources}. Jaar: {year}. Licentie: CC BY 4.0."


def map_year(analysis: Analysis, key: str) -> str:
    c = analysis.config
    return f"{c.base_year}–{c.situation_year}" if key in ("d_onv", "d_kwetsbaar", "veerkracht") else str(c.situation_year)


def reference_label(analysis: Analysis, key: str, reference: str) -> str:
    """The legend's reference; says so when the index is relative to the region for lack of NL figures."""
    if reference == "nederland" and key in ("kwetsbaar", "focus", "d_kwetsbaar", "veerkracht") and analysis.panel.regional_rates:
        return "index t.o.v. de regio: landelijk cijfer ontbreekt"
    return REFERENCE_LABEL[reference]


def _layers(analysis: Analysis, key: str, references: tuple[str, ...]) -> list[MapLayer]:
    scheme = analysis.schemes[key]
    main = analysis.config.reference
    ordered = [main, *[r for r in references if r != main]] if key != "corporatie" else ["nederland"]
    return [
        MapLayer(
            name=REFERENCE_LABEL[ref] if key != "corporatie" else scheme.title,
            gdf=analysis.buurten, scheme=scheme,
            value_column=analysis.value_column(key, ref), class_column=analysis.class_column(key, ref),
            legend_title=f"{scheme.title} ({reference_label(analysis, key, ref)}), {map_year(analysis, key)}"
            if key != "corporatie" else f"{scheme.title}, {map_year(analysis, key)}",
        )
        for ref in ordered
    ]


def overview_page(analysis: Analysis, folder: Path) -> Path | None:
    """`OVERVIEW_PAGE`: the focuskaart of every buurt on one screen (canvas; also for all of Nederland)."""
    from veerkracht_lib.rendering.overview import overview_map

    if not analysis.available("focus"):
        return None
    scheme = analysis.schemes["focus"]
    title = f"{analysis.config.title}: {scheme.title} ({reference_label(analysis, 'focus', analysis.config.reference)}), {map_year(analysis, 'focus')}"
    banner = SYNTHETIC_BANNER if analysis.config.synthetic else ""
    return overview_map(analysis.buurten, scheme, folder / OVERVIEW_PAGE, title,
                        footer_text(analysis, map_year(analysis, "focus")), class_column=analysis.class_column("focus"),
                        header_html=PAGE_CSS + nav(OVERVIEW_PAGE, analysis) + banner)


def map_areas(analysis: Analysis, key: str):
    kaart = {"focus": "focus", "veerkracht": "veerkracht"}.get(key)
    return analysis.areas[analysis.areas["kaart"] == kaart] if kaart else None


def show_map(analysis: Analysis, key: str, references: tuple[str, ...] = REFERENCES) -> None:
    """Map ``key`` with switchable reference layers, then its static PNG twin."""
    number = next(n for n, k in MAPS.items() if k == key)
    if not analysis.available(key):
        return  # the narrative says which data are missing
    _show(_layers(analysis, key, references), number, analysis.schemes[key].title,
          footer_text(analysis, map_year(analysis, key)), map_areas(analysis, key))


#: map 8 of chapter III, beside the seven of `analysis.MAPS`
AREA_TYPE_MAP = (8, "gebiedstype")


def area_type_map(analysis: Analysis) -> tuple[MapLayer, gpd.GeoDataFrame]:
    """Map 8: every buurt by the type of its area (``matrix.area_rows``), and those areas (needs areas)."""
    from veerkracht_lib.analysis.matrix import area_rows, area_type_scheme, buurt_area_types

    rows = area_rows(analysis.buurten, analysis.areas, analysis.config.reference, analysis.config.thresholds.corporatiebuurt)
    scheme = area_type_scheme()
    layer = MapLayer(name=scheme.title, gdf=analysis.buurten.assign(gebiedstype=buurt_area_types(analysis.buurten, rows)),
                     scheme=scheme, value_column=None, class_column="gebiedstype",
                     legend_title=f"{scheme.title}, {map_year(analysis, 'veerkracht')}")
    return layer, analysis.areas[analysis.areas["gebied"].isin(rows["gebied"])]


def show_area_type_map(analysis: Analysis) -> None:
    """Map 8 with its static twin, or a sentence when the region has no areas."""
    if analysis.areas.empty:
        md("Geen kaart 8: in deze regio zijn geen gebieden gevonden.")
        return
    layer, areas = area_type_map(analysis)
    _show([layer], AREA_TYPE_MAP[0], layer.scheme.title, footer_text(analysis, map_year(analysis, "veerkracht")), areas)


def printable_maps(analysis: Analysis) -> dict[int, str]:
    """Number -> key of every map this analysis can print (maps 1–7 when available, map 8 with areas)."""
    maps = {number: key for number, key in MAPS.items() if analysis.available(key)}
    if not analysis.areas.empty:  # every area gives a row of matrix.area_rows, so map 8 has something to show
        maps[AREA_TYPE_MAP[0]] = AREA_TYPE_MAP[1]
    return maps


def _show(layers: list[MapLayer], number: int, title: str, footer: str, areas) -> None:
    """The interactive map (the page's buurten store with the first map) and its static twin."""
    store = buurten_store_id(layers[0].gdf)
    display(HTML(class_map(layers, title=f"Kaart {number}. {title}", footer=footer, areas=areas,
                           with_buurten=store not in _PAGE_STORES)))
    _PAGE_STORES.add(store)
    twin = static_map_png_html(layers[0], title=f"{number}. {title}", footer=footer, areas=areas)
    display(HTML(f"<details class='vk-static'><summary>Statische kaart (PNG) van kaart {number}</summary>"
                 f"{twin}</details>"))


def print_map(analysis: Analysis, key: str, path: Path) -> Path:
    """A4 landscape, 300 dpi PNG for print (``key`` from `printable_maps`)."""
    if key == AREA_TYPE_MAP[1]:
        layer, areas = area_type_map(analysis)
        year = map_year(analysis, "veerkracht")
    else:
        layer, areas, year = _layers(analysis, key, (analysis.config.reference,))[0], map_areas(analysis, key), map_year(analysis, key)
    static_map(layer, path, title=layer.legend_title, footer=footer_text(analysis, year), areas=areas, a4=True)
    return path


def table(frame: pd.DataFrame, formats: dict[str, str] | None = None, caption: str | None = None) -> None:
    """An HTML table with Dutch number formats; ``formats`` maps column -> 'int'|'pct'|'dec1'|'dec2'."""
    formats = formats or {}

    def cell(column, value):
        kind = formats.get(column)
        if kind and value is not None and not isinstance(value, str):
            text = {"int": lambda v: fmt_number(v, 0), "pct": lambda v: fmt_pct(v, 0),
                    "dec1": lambda v: fmt_number(v, 1), "dec2": lambda v: fmt_number(v, 2)}[kind](value)
            return f"<td class='num'>{text}</td>"
        if isinstance(value, bool):
            return f"<td>{'ja' if value else 'nee'}</td>"
        return f"<td>{html.escape('' if value is None or (isinstance(value, float) and value != value) else str(value))}</td>"

    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(cell(c, v) for c, v in zip(frame.columns, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    display(HTML(f"<table class='vk-table'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"))


def figure(fig, alt: str) -> None:
    """A matplotlib figure as an embedded PNG (deterministic bytes)."""
    data = base64.b64encode(png_bytes(fig, 110, tight=True)).decode()
    plt.close(fig)
    display(HTML(f"<img alt='{html.escape(alt)}' style='max-width:100%' src='data:image/png;base64,{data}'>"))


def samenhang_section(analysis: Analysis, development: bool = False) -> None:
    """Sentence, correlation table and scatter plot of vulnerability vs overlast (or their developments)."""
    from veerkracht_lib.analysis.samenhang import samenhang_table
    from veerkracht_lib.rendering.charts import samenhang_scatter
    from veerkracht_lib.rendering.narrative import missing_data, samenhang_text

    key = "veerkracht" if development else "focus"
    if not analysis.available(key):
        md(f"De samenhang kan niet worden berekend, omdat {missing_data(analysis, key)} ontbreken.")
        return
    x, y = ("d_kwetsbaar", "d_onv") if development else ("kwetsbaar", "onv")
    md(samenhang_text(analysis, development))
    table(samenhang_table(analysis.buurten, x, y).rename(
        columns={"n": "buurten", "r": "correlatie r", "ci_laag": "95% laag", "ci_hoog": "95% hoog"}),
        {"buurten": "int", "inwoners": "int", "correlatie r": "dec2", "95% laag": "dec2", "95% hoog": "dec2"})
    labels = (("ontwikkeling kwetsbare bewoners (indexpunten)", "ontwikkeling overlast (onv, + = verbeterd)")
              if development else ("kwetsbare bewoners (index, 100 = NL)", "overlast en onveiligheid (onv, + = beter)"))
    figure(samenhang_scatter(analysis.buurten, x, y, *labels), f"Spreidingsdiagram: {labels[0]} tegen {labels[1]} per buurt")
