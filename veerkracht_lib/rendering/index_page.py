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
        gebieden=not analysis.areas.empty,  # the gebieden CSVs exist (`exports.write_exports`)
        print_maps=[(f"export/{record.print_name}", f"kaart {record.number}") for record in printable_maps(analysis)
                    if print_maps],
        build_date=fmt_date(build_date),
    )
    path.write_text(page, encoding="utf-8")


def write_per_gemeente_index(path: Path, region: str, title: str, configs: list, failures: dict[str, str],
                             synthetic: bool) -> None:
    """The page linking one report per gemeente of ``region`` (``failures``: slug -> why it was not built)."""
    from veerkracht_lib.rendering.pages import SYNTHETIC_BANNER

    entries = []
    for config in configs:
        href = f"{config.slug}/index.html"
        failure = failures.get(config.slug)
        if failure is None and not (path.parent / href).is_file():
            failure = "niet gebouwd (de reeks stopte eerder; bouw opnieuw met --continue-on-error)"
        entries.append({"naam": config.title or config.gemeenten[0], "code": config.gemeenten[0], "href": href,
                        "fout": failure})
    page = environment(region).get_template("per_gemeente.html.j2").render(
        title=title, css=PAGE_CSS, banner=SYNTHETIC_BANNER if synthetic else "", entries=entries,
        built=sum(1 for e in entries if not e["fout"]), failed=sum(1 for e in entries if e["fout"]))
    path.write_text(page, encoding="utf-8")
