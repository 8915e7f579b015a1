"""One PDF of the whole report (issue 12 item 3): ``veerkracht build --pdf`` and the pages' print version.

The demo is built once more with ``--pdf`` (module fixture); its PDF is read with pypdf. Each page is
also printed on its own, so that the merged PDF can be checked against its parts.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser import open_page, requires_chromium, screenshot_path
from conftest import demo_raw, run_cli, write_params

from veerkracht_lib.analysis.maps import MAPS
from veerkracht_lib.build import CHAPTERS, pdf_path
from veerkracht_lib.errors import BuildError
from veerkracht_lib.rendering import pdf
from veerkracht_lib.rendering.pages import METHOD_ELSEWHERE, nav

pypdf = pytest.importorskip("pypdf")

#: the PDF's parts in order: the overview page (summary), then the chapters
PARTS = {"index.html": "Overzicht", **{f"{name}.html": title for name, title in CHAPTERS.items()}}
MAP_PIXELS = (1100, 715)  # a static twin: 10 × 6.5 inch at 110 dpi (`static_maps.static_map_png_html`)
needs_chromium = pytest.mark.skipif(pdf.find_chromium() is None, reason=pdf.missing_chromium_message())


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory, demo_data) -> Path:
    """``veerkracht build <demo params> --pdf`` in a fresh reports folder: the report folder."""
    base = tmp_path_factory.mktemp("pdf-report")
    params = write_params(base / "params", demo_raw(demo_data))
    result = run_cli("build", params, "--reports-dir", base / "reports", "--pdf")
    assert result.returncode == 0, f"build --pdf failed:\n{result.stderr[-4000:]}"
    return base / "reports" / "voorbeeldregio"


@pytest.fixture(scope="module")
def report_pdf(pdf_build) -> pypdf.PdfReader:
    return pypdf.PdfReader(pdf_path(pdf_build))


@pytest.fixture(scope="module")
def part_pages(pdf_build, tmp_path_factory) -> dict[str, int]:
    """The page count of each page of the report printed on its own."""
    work = tmp_path_factory.mktemp("pdf-parts")
    counts = {}
    for index, name in enumerate(PARTS):
        part = work / f"{index}.pdf"
        query = METHOD_ELSEWHERE if index < len(PARTS) - 1 else ""  # as write_report_pdf prints them
        pdf.print_page(pdf.find_chromium(), pdf_build / name, part, work / f"profile-{index}", query)
        counts[name] = len(pypdf.PdfReader(part).pages)
    return counts


def page_text(page) -> str:
    return re.sub(r"\s+", " ", page.extract_text())


def map_images(page) -> int:
    return sum(1 for image in page.images if image.image.size == MAP_PIXELS)


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
class TestReportPdf:
    def test_the_pdf_sits_next_to_the_html_and_has_a_sane_number_of_pages(self, pdf_build, report_pdf):
        assert pdf_path(pdf_build) == pdf_build / "voorbeeldregio.pdf"
        assert (pdf_build / "index.html").is_file()
        # 8 maps of about half a page each and 4 pages of text: at least 12 (24 when this was written)
        assert 12 <= len(report_pdf.pages) <= 45

    def test_the_pdf_is_its_parts_in_order_each_bookmarked(self, report_pdf, part_pages):
        assert len(report_pdf.pages) == sum(part_pages.values())
        starts = [sum(list(part_pages.values())[:i]) for i in range(len(PARTS))]
        outline = [(item.title, report_pdf.get_destination_page_number(item)) for item in report_pdf.outline]
        assert outline == list(zip(PARTS.values(), starts))

    def test_each_part_opens_with_its_title(self, report_pdf, part_pages):
        start = 0
        for name, count in part_pages.items():
            first = page_text(report_pdf.pages[start])
            title = ": Veerkrachtkaarten" if name == "index.html" else f"— {PARTS[name]}"  # the page's h1
            assert title in first, f"{name}: {first[:200]!r}"
            start += count

    def test_every_map_of_a_chapter_is_printed_as_its_static_image(self, report_pdf, part_pages):
        start = 0
        for name, count in part_pages.items():
            chapter = name.removesuffix(".html")
            expected = sum(1 for record in MAPS.values() if record.chapter == chapter)  # the demo draws every map
            pages = report_pdf.pages[start:start + count]
            assert sum(map_images(page) for page in pages) == expected, name
            start += count

    def test_no_page_shows_zoom_buttons_or_the_leaflet_attribution(self, report_pdf):
        for number, page in enumerate(report_pdf.pages, start=1):
            text = page.extract_text()
            lines = {line.strip() for line in text.splitlines()}
            assert not lines & {"+", "−"}, f"page {number}: zoom buttons"
            assert "Leaflet" not in text and "Kaartgegevens" not in text, f"page {number}"
            assert "Statische kaart (PNG)" not in text, f"page {number}: the <details> summary"

    def test_what_only_works_on_screen_is_left_out(self, report_pdf):
        text = " ".join(page_text(page) for page in report_pdf.pages)
        for screen_only in ("knoppen rechtsboven", "Downloads", "op één scherm"):
            assert screen_only not in text

    def test_the_verantwoording_is_printed_once_and_the_other_chapters_say_where(self, report_pdf, part_pages):
        texts, start = {}, 0
        for name, count in part_pages.items():
            texts[name] = " ".join(page_text(page) for page in report_pdf.pages[start:start + count])
            start += count
        method = "Gegevens en jaren. Elke bron met haar eigen jaren"  # the Verantwoording's first words
        assert [name for name, text in texts.items() if method in text] == ["03_werken_aan_veerkracht.html"]
        assert texts["03_werken_aan_veerkracht.html"].count(method) == 1
        for name in ("01_situatie.html", "02_ontwikkeling.html"):
            assert "staat in de PDF één keer, aan het eind van hoofdstuk III" in texts[name]
        assert "staat in de PDF één keer" not in texts["03_werken_aan_veerkracht.html"]

    def test_the_pdf_says_what_it_is(self, report_pdf):
        assert report_pdf.metadata.title == "Voorbeeldregio (synthetische voorbeelddata)"


def test_a_build_without_pdf_makes_no_pdf(demo_report):
    assert list(demo_report.glob("*.pdf")) == []


@pytest.mark.browser
@requires_chromium
def test_on_paper_chapter_one_shows_static_maps_and_no_controls(demo_report):
    """The print stylesheet in Chromium's print emulation: each interactive map (with its zoom buttons
    and layer switch) hidden, its static twin shown in its place, the navigation gone."""
    pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install playwright)")
    with open_page(demo_report / "01_situatie.html", viewport=(800, 1100)) as (page, console_errors):
        page.emulate_media(media="print")
        twins = page.locator(".vk-static img")
        assert twins.count() == page.locator(".vk-map").count() == 4
        for i in range(twins.count()):
            assert twins.nth(i).is_visible()
            assert twins.nth(i).bounding_box()["width"] > 600  # the page's width, not a thumbnail
        for hidden in (".vk-map", ".leaflet-control-zoom", ".leaflet-control-layers", ".vk-nav", ".vk-static summary"):
            assert not any(element.is_visible() for element in page.locator(hidden).all()), hidden
        # printed on its own (not in the PDF) the chapter keeps its Verantwoording
        assert page.locator(".celltag_verantwoording").is_visible()
        assert not page.locator(".vk-method-elsewhere").is_visible()
        page.screenshot(path=screenshot_path("demo_01_situatie_print.png"), full_page=True)
        assert console_errors == []


def test_without_chromium_the_pdf_fails_in_dutch_naming_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    monkeypatch.delenv(pdf.CHROMIUM_ENV, raising=False)
    page = tmp_path / "index.html"
    page.write_text("<p>rapport</p>", encoding="utf-8")
    with pytest.raises(BuildError) as error:
        pdf.write_report_pdf([(page, "Overzicht")], tmp_path / "rapport.pdf", "Rapport")
    message = str(error.value)
    assert "De PDF is niet gemaakt" in message
    assert "apt install chromium" in message and pdf.CHROMIUM_ENV in message
    assert list(tmp_path.iterdir()) == [page]  # nothing half-written


def test_a_chromium_setting_that_names_no_program_is_said_so(monkeypatch):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, "/nergens/chromium")
    assert pdf.find_chromium() is None
    assert f"{pdf.CHROMIUM_ENV}=/nergens/chromium is geen programma" in pdf.missing_chromium_message()


def test_build_pdf_without_chromium_keeps_the_html_report_and_exits_with_the_message(demo_build, demo_report, tmp_path):
    """The command line on an up-to-date copy of the demo report with no Chromium to be found: exit 1,
    the Dutch message, the HTML report untouched and no PDF."""
    params = Path(demo_build.args[demo_build.args.index("build") + 1])
    reports = tmp_path / "reports"
    shutil.copytree(demo_report, reports / "voorbeeldregio")
    env = {**os.environ, pdf.CHROMIUM_ENV: str(tmp_path / "geen-chromium")}
    result = run_cli("build", params, "--reports-dir", reports, "--pdf", env=env)
    assert result.returncode == 1, result.stderr
    assert "al bij" in result.stderr and "De PDF is niet gemaakt" in result.stderr
    assert (reports / "voorbeeldregio" / "index.html").read_bytes() == (demo_report / "index.html").read_bytes()
    assert list((reports / "voorbeeldregio").glob("*.pdf")) == []


def test_the_printed_page_foot_names_report_and_page_and_a_title_cannot_break_out_of_it():
    analysis = SimpleNamespace(config=SimpleNamespace(title='Regio "A" </style><script>x()</script>'),
                               available=lambda key: True)
    page = nav("01_situatie.html", analysis)
    assert page.count("</style>") == 1 and "<script>" not in page
    foot = re.search(r"@bottom-left\{content:(\"[^\"]*\");", page).group(1)
    # the CSS escapes read back: \22 is ", \3c is <, \2f is /, \3e is >, each followed by one space
    unescaped = re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), foot[1:-1])
    assert unescaped == 'Regio "A" </style><script>x()</script> · I. Situatie'
