"""What a chapter notebook displays: page header, maps with their static twins, tables, charts.

Notebooks stay thin: each cell calls one of these with the build's `Analysis`. The pieces
themselves (layers, footers, navigation) come from `pages`, which has no IPython.
"""
from __future__ import annotations

import base64
import html

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display

from veerkracht_lib.analysis.indicators import REFERENCES
from veerkracht_lib.analysis.maps import MAPS
from veerkracht_lib.analysis.run import Analysis
from veerkracht_lib.numbers import fmt_number, fmt_pct
from veerkracht_lib.rendering import (
    statcharts,  # seaborn: imported with the report, while the kernel waits for the analysis
)
from veerkracht_lib.rendering.assets import page_assets
from veerkracht_lib.rendering.interactive import buurten_store_id, class_map
from veerkracht_lib.rendering.pages import (
    METHOD_ELSEWHERE_SCRIPT,
    PAGE_CSS,
    banner,
    footer_text,
    map_layers,
    map_title,
    nav,
)
from veerkracht_lib.rendering.static_maps import png_bytes, static_map_png_html

#: buurten stores (`maps.buurten_store`) already on the current page; `header` starts a page
_PAGE_STORES: set[str] = set()


def header(analysis: Analysis, page: str) -> None:
    """Leaflet assets (once per page), navigation and, for the demo, the synthetic-data banner."""
    _PAGE_STORES.clear()
    display(HTML(page_assets() + PAGE_CSS + METHOD_ELSEWHERE_SCRIPT + nav(page, analysis) + banner(analysis)))


def md(text: str | None) -> None:
    if text:
        display(Markdown(text))


def author(text: str | None) -> None:
    """The region author's own commentary, marked as such."""
    if text:
        from markdown_it import MarkdownIt

        body = MarkdownIt("commonmark", {"html": False}).render(text)
        display(HTML(f"<div class='vk-author'><p><strong>Toelichting van de auteur</strong></p>{body}</div>"))


def show_map(analysis: Analysis, key: str, references: tuple[str, ...] = REFERENCES) -> None:
    """Map ``key`` with switchable reference layers, then its static PNG twin (nothing when it cannot be drawn)."""
    if not analysis.available(key):
        return  # the narrative says which data are missing
    layers = map_layers(analysis, key, references)
    title, footer = map_title(analysis, key), footer_text(analysis, key)
    store = buurten_store_id(layers[0].gdf)
    # each layer carries the areas of its reference (`pages.map_layers`)
    display(HTML(class_map(layers, title=title, footer=footer, with_buurten=store not in _PAGE_STORES)))
    _PAGE_STORES.add(store)
    twin = static_map_png_html(layers[0], title=title.removeprefix("Kaart "), footer=footer, areas=layers[0].areas)
    number = MAPS[key].number
    display(HTML(f"<details class='vk-static'><summary>Statische kaart (PNG) van kaart {number}</summary>"
                 f"{twin}</details>"))


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

    head = "".join(f"<th class='num'>{html.escape(str(c))}</th>" if c in formats else f"<th>{html.escape(str(c))}</th>"
                   for c in frame.columns)
    body = "".join("<tr>" + "".join(cell(c, v) for c, v in zip(frame.columns, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    display(HTML(f"<table class='vk-table'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"))


def figure(fig, alt: str, tight: bool = True) -> None:
    """A matplotlib figure as an embedded PNG (deterministic bytes), cropped to its content when ``tight``
    (the `statcharts` figures have fixed margins: no crop, which saves drawing them twice)."""
    data = base64.b64encode(png_bytes(fig, 110, tight=tight)).decode()
    plt.close(fig)
    display(HTML(f"<img alt='{html.escape(alt)}' style='max-width:100%' src='data:image/png;base64,{data}'>"))


def samenhang_section(analysis: Analysis, development: bool = False) -> None:
    """Sentence, correlation table and scatter plot of vulnerability vs overlast (or their developments)."""
    from veerkracht_lib.analysis.samenhang import samenhang_table
    from veerkracht_lib.rendering.charts import samenhang_scatter
    from veerkracht_lib.rendering.narrative import missing_clause, samenhang_text

    key = "veerkracht" if development else "focus"
    if not analysis.available(key):
        md(f"De samenhang kan niet worden berekend, omdat {missing_clause(analysis, key)}.")
        return
    t = analysis.config.thresholds
    x, y = ("d_kwetsbaar", "d_onv") if development else ("kwetsbaar", "onv")
    md(samenhang_text(analysis, development))
    columns = ["groep", "richting", "n", "inwoners", "r", "ci_laag", "ci_hoog", "rho"]  # numbers last
    table(samenhang_table(analysis.buurten, t, x, y)[columns].rename(
        columns={"n": "buurten", "r": "correlatie r", "ci_laag": "95% laag", "ci_hoog": "95% hoog",
                 "rho": "rangcorrelatie", "richting": "richting"}),
        {"buurten": "int", "inwoners": "int", "correlatie r": "dec2", "95% laag": "dec2", "95% hoog": "dec2",
         "rangcorrelatie": "dec2"})
    labels = (("ontwikkeling kwetsbare bewoners (indexpunten)", "ontwikkeling overlast (onv, + = verbeterd)")
              if development else ("kwetsbare bewoners (index, 100 = NL)", "overlast en onveiligheid (onv, + = beter)"))
    figure(samenhang_scatter(analysis.buurten, x, y, *labels, t), f"Spreidingsdiagram: {labels[0]} tegen {labels[1]} per buurt")
    # per class for the situation only: the table gives the developments per class, and each panel costs build time
    by_class = None if development else statcharts.samenhang_by_class(analysis.buurten, x, y, *labels, t)
    if by_class is not None:
        md("Per klasse van corporatiebezit: de buurten met een rechte lijn (kleinste kwadraten, ongewogen) en het "
           "95%-interval van die lijn (bootstrap). Een brede band betekent: te weinig buurten om de richting te kennen.")
        figure(by_class, f"Samenhang per klasse van corporatiebezit: {labels[0]} tegen {labels[1]}", tight=False)


def transitions_section(analysis: Analysis, yearly: pd.DataFrame) -> None:
    """Heatmaps of the buurten per class in base and situation year, for the situation maps of an
    indicator with reference levels (maps 1 and 2); or why they cannot be drawn."""
    from veerkracht_lib.analysis.indicators import RELATIVE
    from veerkracht_lib.analysis.transitions import class_transitions

    base, situation = analysis.config.base_year, analysis.config.situation_year
    tables = {}
    for record in analysis.maps:
        scheme = analysis.schemes[record.key]
        if record.chapter != "01_situatie" or scheme.edges is None or scheme.column not in RELATIVE:
            continue
        table = class_transitions(yearly, scheme, base, situation)
        if table.to_numpy().sum() == 0:
            md(f"De overgangen van {scheme.title.lower()} zijn niet te bepalen: de gegevens van {base} of {situation} ontbreken.")
        else:
            tables[scheme.title] = table
    if tables:
        figure(statcharts.transition_heatmaps(tables),
               f"Buurten per klasse in {base} en {situation}: {', '.join(title.lower() for title in tables)}", tight=False)
