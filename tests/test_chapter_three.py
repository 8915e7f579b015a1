"""Chapter III of the demo to act on (issue 12 item 5): every area with a reason, the rules numbered,
and no command line on any report page; the concentration figures beside map 4 (item 9)."""
from __future__ import annotations

import re

import pandas as pd
import typer
from bs4 import BeautifulSoup

from test_demo_snapshot import visible_text
from veerkracht_lib.cli import app

SLUG = "voorbeeldregio"
CHAPTER = "03_werken_aan_veerkracht.html"


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_every_exported_area_is_listed_with_a_reason(demo_report):
    areas = pd.read_csv(demo_report / "export" / f"{SLUG}_gebieden.csv")
    text = one_line(visible_text(demo_report / CHAPTER))
    assert len(areas) >= 5 and set(areas["status"]) == {"kandidaat", "geen kandidaat", "in focusgebied"}
    for area in areas.itertuples():
        match = re.search(rf"{area.gebied} · {re.escape(area.naam)} — ([^.]*)\.", text)
        assert match, f"{area.gebied} is not listed in chapter III"
        reason = match.group(1)
        if area.status == "kandidaat":
            assert reason.startswith(f"kandidaat {area.rang:.0f} voor een gebiedsatelier"), reason
        else:
            assert re.match(r"geen (aparte )?kandidaat \(regel [34]\)", reason), reason


def test_a_large_area_left_out_names_its_rule(demo_report):
    areas = pd.read_csv(demo_report / "export" / f"{SLUG}_gebieden.csv")
    text = one_line(visible_text(demo_report / CHAPTER))
    # the largest area that is not a candidate names the rule that leaves it out
    largest = areas[areas["status"] != "kandidaat"].sort_values(["inwoners", "gebied"]).iloc[-1]
    assert f"{largest['gebied']} · {largest['naam']} — geen kandidaat (regel 4)" in text \
        or f"{largest['gebied']} · {largest['naam']} — geen aparte kandidaat (regel 3)" in text
    # an area inside a focus area says which one and how many of its buurten lie there
    for area in areas[areas["status"] == "in focusgebied"].itertuples():
        n = len(area.buurten.split(", "))
        assert (f"{area.gebied} · {area.naam} — geen aparte kandidaat (regel 3): {area.n_in_focus} van de {n} buurten "
                f"liggen in focusgebied {area.in_focus}") in text
    # the rules are a numbered list: rule 3 is the one about areas inside a focus area, rule 4 the others
    rules = BeautifulSoup((demo_report / CHAPTER).read_text("utf-8"), "html.parser").find("ol").find_all("li")
    assert len(rules) == 4
    assert "in een focusgebied ligt" in one_line(rules[2].get_text())
    assert one_line(rules[3].get_text()).startswith("Andere gebieden")
    # with the params' thresholds printed
    assert "een score op kaart 1 onder −0,04" in one_line(rules[0].get_text())
    assert "een index van 125 of meer" in one_line(rules[0].get_text())


def test_each_area_explains_its_cells_and_robustness(demo_report):
    areas = pd.read_csv(demo_report / "export" / f"{SLUG}_gebieden.csv")
    text = one_line(visible_text(demo_report / CHAPTER))
    assert ("Nadruk in de matrix: woningprogramma (doorbreken × woning), woninggebruik (doorbreken × bewoner) en "
            "sociale aanpak (verbeteren × bewoner). Waarom deze cellen: een focusgebied met weinig veerkracht en 60% "
            "of meer corporatiebezit") in text
    assert text.count("Hoe stevig:") == len(areas)
    # F2, one buurt just past the overlast edge, is no focus area compared with its own gemeente
    assert "referentie eigen gemeente (0%)" in text


def test_no_report_page_contains_a_command_line(demo_report):
    commands = sorted(typer.main.get_command(app).commands)
    command_line = re.compile(rf"\bveerkracht (?:{'|'.join(commands)})\b|(?<![\w-])--[a-z]")
    assert command_line.search("Herhaal de analyse met nieuwe cijfers (veerkracht build)")  # what it must catch
    for page in sorted(demo_report.glob("*.html")):
        found = command_line.findall(visible_text(page))
        assert not found, f"{page.name}: {found}"


def test_map_4_has_the_concentration_beside_the_national_figures(demo_report):
    text = one_line(visible_text(demo_report / "01_situatie.html"))
    map4 = text[text.index("Kaart 4 — Aandeel corporatiebezit"):text.index("Samenhang van kwetsbaarheid en overlast")]
    assert "Concentratie van corporatiewoningen (2022)." in map4
    assert re.search(r"staat \d+% van de [\d.]+ corporatiewoningen in buurten met 60% of meer corporatiebezit", map4)
    assert "34% en 12% (2020" in map4
    assert "Nederland (Aedes-onderzoek) 2020 – 34% 12%" in map4  # the table's first row
