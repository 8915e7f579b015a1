"""The whole report as one PDF: each page printed by headless Chromium in its print version
(`pages.PAGE_CSS`: static maps, no controls), the parts merged by pypdf with a bookmark per page.

Chromium is found as ``$VEERKRACHT_CHROMIUM`` or, on the PATH, as one of `CHROMIUM_NAMES`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from veerkracht_lib.errors import BuildError
from veerkracht_lib.rendering.pages import METHOD_ELSEWHERE

CHROMIUM_ENV = "VEERKRACHT_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_ARGS = (
    "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: the pages need no network
    "--no-pdf-header-footer", "--print-to-pdf-no-header",  # no date, file path or page title in the margins
    "--virtual-time-budget=5000",  # let the pages' scripts finish before printing
)
PRINT_TIMEOUT = 180  # seconds per page


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable: ``$VEERKRACHT_CHROMIUM`` when set, else the first of `CHROMIUM_NAMES`."""
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    if configured:
        return shutil.which(configured)
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def missing_chromium_message() -> str:
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    where = (f"{CHROMIUM_ENV}={configured} is geen programma" if configured
             else f"niet gevonden als {', '.join(CHROMIUM_NAMES)}")
    return ("De PDF is niet gemaakt: daarvoor is Chromium of Google Chrome nodig (" + where + "). "
            "Installeer Chromium (Debian/Ubuntu: sudo apt install chromium; macOS: brew install --cask chromium) "
            f"of zet {CHROMIUM_ENV} op het pad van Chrome of Chromium.")


def print_page(browser: str, page: Path, pdf: Path, profile: Path, query: str = "") -> None:
    """Print ``page`` (its print version) to ``pdf`` with headless ``browser``, using the empty ``profile`` folder;
    ``query`` is added to the page's address (e.g. `pages.METHOD_ELSEWHERE`)."""
    sandbox = ("--no-sandbox",) if getattr(os, "geteuid", lambda: 1)() == 0 else ()  # Chromium refuses root without it
    try:
        result = subprocess.run(
            [browser, *CHROMIUM_ARGS, *sandbox, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.resolve().as_uri() + (f"?{query}" if query else "")],
            capture_output=True, text=True, timeout=PRINT_TIMEOUT, check=False,  # the PDF is checked below
        )
    except subprocess.TimeoutExpired:
        raise BuildError(f"Chromium ({browser}) maakte binnen {PRINT_TIMEOUT} s geen PDF van {page.name}") from None
    if result.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise BuildError(f"Chromium ({browser}) maakte geen PDF van {page.name}: {result.stderr.strip()[-600:]}")


def write_report_pdf(pages: list[tuple[Path, str]], target: Path, title: str) -> Path:
    """Print every (page, bookmark) in order and merge the parts into ``target``, written atomically.

    The Verantwoording, the same on every chapter page, is printed with the last page only.
    """
    from pypdf import PdfWriter

    browser = find_chromium()
    if browser is None:
        raise BuildError(missing_chromium_message())
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=target.parent) as work:
        parts = [Path(work) / f"{index}.pdf" for index in range(len(pages))]
        with ThreadPoolExecutor(max_workers=2) as pool:  # Chromium start-up is most of the time
            list(pool.map(lambda i: print_page(browser, pages[i][0], parts[i], Path(work) / f"profile-{i}",
                                               METHOD_ELSEWHERE if i < len(pages) - 1 else ""),
                          range(len(pages))))
        writer = PdfWriter()
        for part, (_, bookmark) in zip(parts, pages):
            writer.append(part, outline_item=bookmark)
        writer.add_metadata({"/Title": title, "/Creator": "veerkracht"})
        merged = Path(work) / "report.pdf"
        with open(merged, "wb") as fh:
            writer.write(fh)
        os.replace(merged, target)
    return target
