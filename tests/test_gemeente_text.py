"""The demo's chapter pages say, under every map of chapters I and II, something about each gemeente, with
figures this test recomputes from the build's own exports (the buurten CSV, the areas of the GeoPackage),
not from the code that wrote the pages (issue 12 item 4)."""
from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest
from bs4 import BeautifulSoup

# the problem side of each map, written out from methodology §4 (the demo uses the national reference)
PROBLEMS = {
    1: ("klasse_overlast_nederland", ["zeer veel slechter", "veel slechter", "slechter"]),
    2: ("klasse_kwetsbaar_nederland", ["veel", "zeer veel"]),
    3: ("klasse_focus_nederland", ["focusgebied: meer overlast, veel kwetsbaren"]),
    4: ("klasse_corporatie", ["60–80%", "80% of meer"]),
    5: ("klasse_d_onv_nederland", ["sterk verslechterd", "verslechterd"]),
    6: ("klasse_d_kwetsbaar_nederland", ["toename", "sterke toename"]),
    7: ("klasse_veerkracht_nederland", ["weinig veerkracht, veel problemen", "weinig veerkracht"]),
}
PAGES = {"01_situatie.html": [1, 2, 3, 4], "02_ontwikkeling.html": [5, 6, 7]}
#: the maps whose areas are outlined, and the kind of area (the GeoPackage's column ``kaart``)
OUTLINED = {3: "focus", 7: "veerkracht"}


@pytest.fixture(scope="module")
def buurten(demo_report) -> pd.DataFrame:
    return pd.read_csv(demo_report / "export" / "voorbeeldregio_buurten.csv")


def pct(x: float) -> str:
    """Percentages as the report writes them (whole numbers; a share that is not zero never reads 0%)."""
    return "minder dan 1%" if 0 < x < 0.5 else f"{x:.0f}%"


def figures(buurten: pd.DataFrame, number: int) -> tuple[pd.DataFrame, float]:
    """Per gemeente: buurten that count, those in the problem classes, buurten without data, share of
    inhabitants (%); and the region's share."""
    column, problems = PROBLEMS[number]
    counted = ~buurten[column].isin(["geen gegevens", "te weinig inwoners"])
    problem = buurten[column].isin(problems)
    frame = pd.DataFrame({
        "gemeente": buurten["gm_naam"], "n": counted, "k": problem, "zonder": buurten[column] == "geen gegevens",
        "inw": buurten["inwoners"].where(counted, 0), "inw_k": buurten["inwoners"].where(problem, 0)})
    table = frame.groupby("gemeente").sum(numeric_only=True)
    table["aandeel"] = 100 * table["inw_k"] / table["inw"]
    return table, 100 * table["inw_k"].sum() / table["inw"].sum()


def paragraphs(page: str) -> dict[int, dict[str, str]]:
    """Per map number, the text of each gemeente's item in its "Per gemeente" list, by gemeente."""
    soup = BeautifulSoup(page, "html.parser")
    out = {}
    for label in soup.find_all("strong", string="Per gemeente"):
        heading = label.find_previous("h2").get_text()
        number = int(re.search(r"Kaart (\d)", heading).group(1))
        items = {}
        for item in label.find_parent("p").find_next_sibling("ul").find_all("li", recursive=False):
            names = item.find("strong").get_text().rstrip(":")
            for name in re.split(r", | en ", names):
                items[name] = " ".join(item.get_text().split())
        out[number] = items
    return out


@pytest.mark.parametrize("page", list(PAGES))
def test_every_map_names_each_gemeente_with_its_recomputed_share(demo_pages, buurten, page):
    found = paragraphs(demo_pages[page])
    assert sorted(found) == PAGES[page]
    gemeenten = sorted(buurten["gm_naam"].unique())
    for number in PAGES[page]:
        table, region = figures(buurten, number)
        assert sorted(found[number]) == gemeenten, f"kaart {number}"
        for gemeente, row in table.to_dict("index").items():
            text = found[number][gemeente]
            if row["k"] == 0:
                assert f"geen van de {row['n']} buurten" in text, (number, text)
                assert f"in de regio woont {pct(region)} van de inwoners" in text, (number, text)
            else:
                assert f"{pct(row['aandeel'])} van de inwoners (regio {pct(region)})" in text, (number, text)
                assert f"{row['k']} van de {row['n']} buurten" in text, (number, text)
            if row["zonder"]:
                noun = "buurt zonder gegevens telt" if row["zonder"] == 1 else "buurten zonder gegevens tellen"
                assert f"{row['zonder']} {noun} niet mee" in text, (number, text)


def test_maps_with_outlined_areas_name_the_areas_of_each_gemeente(demo_report, demo_pages):
    areas = gpd.read_file(demo_report / "export" / "voorbeeldregio.gpkg", layer="gebieden")
    found = {**paragraphs(demo_pages["01_situatie.html"]), **paragraphs(demo_pages["02_ontwikkeling.html"])}
    assert len(areas) > 0
    for number, kind in OUTLINED.items():
        for gemeente, text in found[number].items():
            expected = sorted(area for area, members in zip(areas["gebied"], areas["gemeenten"])
                              if gemeente in members.split(", ") and area.startswith(kind[0].upper()))
            named = sorted(re.findall(rf"\b({kind[0].upper()}\d+) \(", text))
            assert named == expected, (number, gemeente, text)


def test_summary_names_each_gemeente_with_the_map_where_it_differs_most(demo_pages, buurten):
    soup = BeautifulSoup(demo_pages["index.html"], "html.parser")
    label = soup.find("strong", string="Per gemeente")
    items = label.find_parent("li").find("ul").find_all("li", recursive=False)
    lines = {}
    for item in items:
        for name in re.split(r", | en ", item.find("strong").get_text().rstrip(":")):
            lines[name] = " ".join(item.get_text().split())
    assert sorted(lines) == sorted(buurten["gm_naam"].unique())
    differences = pd.DataFrame({number: figures(buurten, number)[0]["aandeel"] - figures(buurten, number)[1]
                                for number in PROBLEMS})
    for gemeente, row in differences.abs().iterrows():
        largest = [number for number, value in row.items() if round(value) == round(row.max())]
        mentioned = [int(n) for n in re.findall(r"\(kaart (\d),", lines[gemeente])]
        assert mentioned == largest, (gemeente, lines[gemeente])
