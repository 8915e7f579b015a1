"""The demo report, page by page, against its recorded text (``tests/snapshots/voorbeeldregio.txt``).

The snapshot holds what a reader sees: the visible text of every page (legend counts, tables,
narrative, footers) and a digest of each CSV export. It was first recorded from the build of
the previous package layout (issue 9), so a refactor that changes the report fails here. When a
change to the report is intended, re-record with ``VEERKRACHT_UPDATE_SNAPSHOT=1 pytest
tests/test_demo_snapshot.py`` and review the snapshot's diff like any other change.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from bs4 import BeautifulSoup

SNAPSHOT = Path(__file__).parent / "snapshots" / "voorbeeldregio.txt"
PAGES = ["index.html", "01_situatie.html", "02_ontwikkeling.html", "03_werken_aan_veerkracht.html", "overzicht.html"]
EXPORTS = ["voorbeeldregio_buurten.csv", "voorbeeldregio_jaren.csv"]


def visible_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    for img in soup("img"):
        img.replace_with(f"[afbeelding: {img.get('alt', '')}]")
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    text = "\n".join(line for line in lines if line)
    return re.sub(r"Gemaakt op \d{1,2} [a-z]+ \d{4}", "Gemaakt op <datum>", text)


def report_snapshot(report: Path) -> str:
    parts = [f"=== {name}\n{visible_text(report / name)}" for name in PAGES]
    for name in EXPORTS:
        data = (report / "export" / name).read_bytes()
        header = data.split(b"\n", 1)[0].decode()
        parts.append(f"=== export/{name}\n{header}\nsha256 {hashlib.sha256(data).hexdigest()}")
    return "\n".join(parts) + "\n"


def test_demo_report_reads_as_recorded(demo_report):
    current = report_snapshot(demo_report)
    if os.environ.get("VEERKRACHT_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(current, encoding="utf-8")
    recorded = SNAPSHOT.read_text(encoding="utf-8")
    if current != recorded:
        import difflib

        diff = "".join(list(difflib.unified_diff(recorded.splitlines(True), current.splitlines(True), "recorded",
                                                 "this build", n=1))[:80])
        raise AssertionError(f"the demo report differs from {SNAPSHOT.name}:\n{diff}")
