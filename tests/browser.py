"""Open a report page in Debian's chromium with the network cut off, for browser tests.

    with open_page(path) as (page, console_errors):
        ...

Every http(s) request is aborted (tiles included); ``console_errors`` collects console errors,
uncaught exceptions and dialogs (``alert``), except the failed loads of the requests this helper blocked.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None,
    reason=f"browser tests need Debian chromium at {CHROMIUM} (apt-get install chromium)",
)


@contextmanager
def open_page(path: Path, viewport: tuple[int, int] = (1200, 900)):
    """Load ``path`` offline in chromium; yield ``(page, console_errors)``."""
    from playwright.sync_api import sync_playwright

    console_errors: list[str] = []
    blocked: set[str] = set()

    def block_network(route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            blocked.add(url)
            route.abort()

    def on_console(message):
        if message.type == "error" and message.location.get("url") not in blocked:
            console_errors.append(f"{message.text} ({message.location.get('url')})")

    def on_dialog(dialog):
        console_errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.route("**/*", block_network)
            page.on("console", on_console)
            page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
            page.on("dialog", on_dialog)
            page.goto(Path(path).resolve().as_uri(), wait_until="load")
            yield page, console_errors
        finally:
            browser.close()


def screenshot_path(name: str) -> Path:
    """Where a test saves a screenshot for a person to look at (``test-artifacts/``, git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
