"""The region's index page: what veerkracht is, the computed summary, links to the chapters."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt

from veerkracht_lib.analysis.run import Analysis
from veerkracht_lib.numbers import fmt_date
from veerkracht_lib.rendering.narrative import environment, samenvatting
from veerkracht_lib.rendering.pages import OVERVIEW_MAP, OVERVIEW_PAGE, PAGE_CSS, banner, nav, printable_maps


def write_index(analysis: Analysis, path: Path, chapters: dict[str, str], build_date: date, print_maps: bool = True) -> None:
    """Write ``index.html`` (self-contained, no scripts)."""
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    env = environment(analysis.config.slug)
    page = env.get_template("index.html.j2").render(
        title=analysis.config.title,
        css=PAGE_CSS,
        nav=nav("index.html", analysis),
        banner=banner(analysis),
        intro=markdown.render(env.get_template("inleiding.md.j2").render()),
        summary=markdown.render(samenvatting(analysis)),
        chapters=[(f"{name}.html", title) for name, title in chapters.items()],
        overview=OVERVIEW_PAGE if analysis.available(OVERVIEW_MAP) else None,
        slug=analysis.config.slug,
        print_maps=[(f"export/{record.print_name}", f"kaart {record.number}") for record in printable_maps(analysis)
                    if print_maps],
        build_date=fmt_date(build_date),
    )
    path.write_text(page, encoding="utf-8")
