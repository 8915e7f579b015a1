"""The pieces of a report's pages that do not need a notebook: navigation, banner, footers,
the layers of each map, print maps and the one-screen overview page.

`report` displays these inside the chapter notebooks; `index_page`, `exports` and the build
use them directly. Nothing here imports IPython.
"""
from __future__ import annotations

import html
from pathlib import Path

import geopandas as gpd

from veerkracht_lib.analysis.maps import MAPS, MapRecord
from veerkracht_lib.analysis.run import REFERENCE_LABEL, Analysis
from veerkracht_lib.rendering.interactive import MapLayer
from veerkracht_lib.rendering.static_maps import static_map

OVERVIEW_PAGE = "overzicht.html"
#: the map of the one-screen overview page
OVERVIEW_MAP = "focus"
CHAPTER_LINKS = [("index.html", "Overzicht"), ("01_situatie.html", "I. Situatie"),
                 ("02_ontwikkeling.html", "II. Ontwikkeling"), ("03_werken_aan_veerkracht.html", "III. Werken aan veerkracht"),
                 (OVERVIEW_PAGE, "Focuskaart op één scherm")]
SYNTHETIC_BANNER = ("<div class='vk-synthetic' role='note'><strong>Synthetische voorbeelddata.</strong> "
                    "Deze pagina is gemaakt op een verzonnen regio met gegenereerde cijfers; "
                    "de uitkomsten zeggen niets over echte buurten.</div>")
#: the pages' styles; in print (and in the PDF, `rendering.pdf`) without navigation, each interactive map
#: replaced by its static twin (`report.show_map`: the closed <details> opened), headings kept with what follows,
#: and what only works on screen (``class='vk-screen'``: links to downloads and other pages) left out
PAGE_CSS = """<style>
.vk-nav{display:flex;gap:1.2em;flex-wrap:wrap;font:14px/1.4 system-ui,sans-serif;margin:0 0 1em;padding:.5em 0;border-bottom:1px solid #ccc}
.vk-nav a{color:#1f4e9c;text-decoration:none}.vk-nav a.vk-current{font-weight:bold;color:#222}
.vk-synthetic{background:#fff4ce;border:1px solid #e0b400;padding:.6em .9em;margin:.5em 0 1em;font:14px/1.4 system-ui,sans-serif}
.vk-table{border-collapse:collapse;font:13px/1.35 system-ui,sans-serif;margin:.5em 0 1em}
.vk-table th,.vk-table td,.jp-RenderedHTMLCommon .vk-table th,.jp-RenderedHTMLCommon .vk-table td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}
.vk-table .num,.jp-RenderedHTMLCommon .vk-table .num{text-align:right;font-variant-numeric:tabular-nums}
.vk-static{margin:.3em 0 1.5em}.vk-static summary{cursor:pointer;color:#1f4e9c;font:13px system-ui,sans-serif}
.vk-static img{max-width:100%;border:1px solid #ddd}
.vk-author{border-left:4px solid #1f4e9c;background:#f3f6fb;padding:.4em 1em;margin:1em 0}
@media print{
@page{size:A4;margin:14mm 13mm 16mm;@bottom-right{content:counter(page);font:9pt system-ui,sans-serif;color:#555}}
body{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.vk-nav,.vk-screen,.vk-static>summary,.jp-OutputArea-child:has(.vk-map){display:none}
.vk-static::details-content{content-visibility:visible;display:block}
.vk-static{break-inside:avoid;margin:0 0 1em}.vk-static img{width:100%;border:0}
h1,h2,h3,h4{break-after:avoid;break-inside:avoid}.jp-MarkdownCell{break-after:avoid}
.jp-OutputArea-child{break-inside:auto}table,tr,img,li,.vk-author,.vk-synthetic{break-inside:avoid}
.jp-OutputArea-output,.jp-RenderedHTMLCommon{overflow:visible!important}
.vk-table,.jp-RenderedHTMLCommon .vk-table{table-layout:auto;font-size:10px}
.vk-table th,.vk-table td,.jp-RenderedHTMLCommon .vk-table th,.jp-RenderedHTMLCommon .vk-table td{padding:2px 4px}
.vk-table:has(th:nth-child(10)){font-size:8.5px;table-layout:fixed;width:100%}
.vk-table:has(th:nth-child(10)) :is(th,td){padding:2px}.vk-table:has(th:nth-child(10)) th{overflow-wrap:anywhere}
a{color:inherit;text-decoration:none}
}
.vk-method-elsewhere{display:none}.vk-elsewhere .vk-method-elsewhere{display:block}
.vk-elsewhere .celltag_verantwoording{display:none}
</style>"""


#: the PDF prints the report's Verantwoording once (`rendering.pdf`): earlier chapters, opened with
#: `METHOD_ELSEWHERE`, show a line that says where it is instead
METHOD_ELSEWHERE = "verantwoording=elders"
METHOD_ELSEWHERE_SCRIPT = (f"<script>if (location.search.slice(1).split('&').indexOf('{METHOD_ELSEWHERE}') >= 0) "
                           "document.documentElement.classList.add('vk-elsewhere');</script>")


def nav(current: str, analysis: Analysis) -> str:
    """Links to the report's pages; the one-screen focuskaart only when it could be made. On paper the
    links are hidden and the report's title and this page's name stand at the foot of every page."""
    links = " ".join(
        f"<a href='{href}' class='{'vk-current' if href == current else ''}'>{html.escape(label)}</a>"
        for href, label in CHAPTER_LINKS
        if href != OVERVIEW_PAGE or analysis.available(OVERVIEW_MAP)
    )
    foot = _css_string(f"{analysis.config.title} · {dict(CHAPTER_LINKS)[current]}")
    return (f"<nav class='vk-nav'>{links}</nav>"
            f"<style>@media print{{@page{{@bottom-left{{content:{foot};font:9pt system-ui,sans-serif;color:#555}}}}}}</style>")


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string or the ``<style>`` element."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;·–—()'-" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def banner(analysis: Analysis) -> str:
    """The synthetic-data banner of the demo region; empty for real data."""
    return SYNTHETIC_BANNER if analysis.config.synthetic else ""


def footer_text(analysis: Analysis, key: str) -> str:
    """Sources with their licences (from the catalogue) and the years of map ``key``."""
    sources = "; ".join(analysis.attribution) or "eigen berekening"
    return f"Bron: {sources}. Jaar: {analysis.years(key)}."


def reference_label(analysis: Analysis, record: MapRecord, reference: str) -> str:
    """The legend's reference; says so when the index is relative to the region for lack of NL figures."""
    if reference == "nederland" and record.uses_index() and analysis.panel.regional_rates:
        return "index t.o.v. de regio: landelijk cijfer ontbreekt"
    return REFERENCE_LABEL[reference]


def legend_title(analysis: Analysis, record: MapRecord, reference: str) -> str:
    t = analysis.config.thresholds
    title = record.scheme(t).title
    note = f" ({record.note(t)})" if record.legend_note else ""
    if not record.per_reference:
        return f"{title}, {analysis.years(record.key)}{note}"
    return f"{title} ({reference_label(analysis, record, reference)}), {analysis.years(record.key)}{note}"


def map_layers(analysis: Analysis, key: str, references: tuple[str, ...]) -> list[MapLayer]:
    """The switchable layers of map ``key``: the report's reference first (one layer without references)."""
    record = MAPS[key]
    scheme = record.scheme(analysis.config.thresholds)
    main = analysis.config.reference
    ordered = [main, *[r for r in references if r != main]] if record.per_reference else [main]
    return [
        MapLayer(
            name=REFERENCE_LABEL[ref] if record.per_reference else scheme.title,
            gdf=analysis.buurten, scheme=scheme,
            value_column=analysis.value_column(key, ref), class_column=analysis.class_column(key, ref),
            legend_title=legend_title(analysis, record, ref), areas=map_areas(analysis, key, ref),
        )
        for ref in ordered
    ]


def map_areas(analysis: Analysis, key: str, reference: str | None = None) -> gpd.GeoDataFrame | None:
    """The areas outlined on map ``key`` under ``reference`` (default: the report's): its own kind,
    all of them (map 8, the areas of its types), or none."""
    outlines = MAPS[key].outlines
    if outlines is None:
        return None
    if outlines == "*":
        return analysis.areas[analysis.areas["gebied"].isin(analysis.area_table()["gebied"])]
    areas = analysis.areas_for(reference if MAPS[key].per_reference else None)
    return areas[areas["kaart"] == outlines]


def map_title(analysis: Analysis, key: str) -> str:
    return f"Kaart {MAPS[key].number}. {analysis.schemes[key].title}"


def printable_maps(analysis: Analysis) -> list[MapRecord]:
    """Every map this analysis can draw, in report order."""
    return [record for record in MAPS.values() if analysis.available(record.key)]


def print_map(analysis: Analysis, key: str, path: Path) -> Path:
    """Map ``key`` as an A4 landscape, 300 dpi PNG for print (``key`` from `printable_maps`)."""
    layer = map_layers(analysis, key, (analysis.config.reference,))[0]
    title = f"{analysis.config.title} – kaart {MAPS[key].number}: {layer.legend_title}"
    static_map(layer, path, title=title, footer=footer_text(analysis, key), areas=map_areas(analysis, key), a4=True)
    return path


def overview_page(analysis: Analysis, folder: Path) -> Path | None:
    """`OVERVIEW_PAGE`: the focuskaart of every buurt on one screen (canvas; also for all of Nederland)."""
    from veerkracht_lib.rendering.overview import overview_map

    if not analysis.available(OVERVIEW_MAP):
        return None
    layer = map_layers(analysis, OVERVIEW_MAP, (analysis.config.reference,))[0]
    title = f"{analysis.config.title}: {layer.legend_title}"
    return overview_map(analysis.buurten, layer.scheme, folder / OVERVIEW_PAGE, title, footer_text(analysis, OVERVIEW_MAP),
                        class_column=layer.class_column,
                        header_html=PAGE_CSS + nav(OVERVIEW_PAGE, analysis) + banner(analysis))
