"""The demo's exports as a Dutch user opens them: the Excel CSVs and the data dictionary (issue 12 item 7)."""
from __future__ import annotations

import csv
import io
import math

import geopandas as gpd
import pandas as pd
import pytest

SLUG = "voorbeeldregio"


def excel_rows(path) -> list[list[str]]:
    """The cells as Dutch Excel splits them: UTF-8 after its BOM, fields at ";"."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM: Excel would read the accents as Windows-1252"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))


def dutch_number(text: str) -> float:
    """A number as Dutch Excel reads it: decimal comma, no thousands separator, no exponent."""
    assert "." not in text and "e" not in text.lower(), f"{text!r} is not a Dutch number"
    return float(text.replace(",", ".")) if text else math.nan


@pytest.fixture(scope="module")
def export(demo_report):
    return demo_report / "export"


@pytest.mark.parametrize("name", ["buurten", "jaren"])
def test_excel_csv_holds_the_plain_csv_in_dutch_notation(export, name):
    plain = pd.read_csv(export / f"{SLUG}_{name}.csv", dtype=str, keep_default_na=False)
    header, *rows = excel_rows(export / f"{SLUG}_{name}_excel.csv")
    assert header == list(plain.columns)
    assert len(rows) == len(plain) and all(len(row) == len(header) for row in rows)
    numeric = [c for c in plain.columns if pd.to_numeric(plain[c], errors="coerce").notna().sum() > 0
               and c not in ("code", "wk_code", "gm_code")]
    assert {"inwoners", "onv", "kwetsbaar", "corporatie"} <= set(numeric)
    for row, (_, expected) in zip(rows, plain.iterrows()):
        cells = dict(zip(header, row))
        for column in numeric:
            want = float(expected[column]) if expected[column] else math.nan
            got = dutch_number(cells[column])
            assert (math.isnan(want) and math.isnan(got)) or abs(got - want) <= 5e-6 * max(1, abs(want)), (column, row)
        assert cells["te_klein"] == {"True": "ja", "False": "nee"}[expected["te_klein"]]
        assert cells["code"] == expected["code"]


def test_excel_csv_keeps_accented_names(export):
    header, *rows = excel_rows(export / f"{SLUG}_buurten_excel.csv")
    plain = pd.read_csv(export / f"{SLUG}_buurten.csv", dtype=str)
    assert [row[header.index("naam")] for row in rows] == list(plain["naam"])


def test_a_decimal_value_is_written_with_a_comma(export):
    header, *rows = excel_rows(export / f"{SLUG}_buurten_excel.csv")
    onv = [row[header.index("onv")] for row in rows if row[header.index("onv")]]
    # onv is a score around 0 with decimals: every value has exactly one comma and no point
    assert onv and all(value.count(",") == 1 and "." not in value for value in onv)


def test_every_exported_column_has_a_dictionary_entry(export):
    header, *rows = excel_rows(export / f"{SLUG}_kolommen.csv")
    assert header == ["bestand", "kolom", "betekenis", "eenheid", "bron", "jaar"]
    entries = [dict(zip(header, row)) for row in rows]
    described = {(file, entry["kolom"]) for entry in entries for file in entry["bestand"].split(", ")}
    layers = {"buurten": f"{SLUG}.gpkg (laag buurten)", "gebieden": f"{SLUG}.gpkg (laag gebieden)"}
    files = {name: list(pd.read_csv(export / name, nrows=0).columns)
             for name in (f"{SLUG}_buurten.csv", f"{SLUG}_jaren.csv")}
    files[f"{SLUG}_buurten_excel.csv"] = excel_rows(export / f"{SLUG}_buurten_excel.csv")[0]
    files[f"{SLUG}_jaren_excel.csv"] = excel_rows(export / f"{SLUG}_jaren_excel.csv")[0]
    for layer, name in layers.items():
        files[name] = [c for c in gpd.read_file(export / f"{SLUG}.gpkg", layer=layer).columns if c != "geometry"]
    for name, columns in files.items():
        missing = [c for c in columns if (name, c) not in described]
        assert not missing, f"{name}: no dictionary entry for {missing}"
    for entry in entries:
        assert all(entry[field] for field in ("betekenis", "eenheid", "bron", "jaar")), entry


def test_dictionary_gives_the_years_of_the_demo(export):
    # params/voorbeeldregio.yaml: situation year 2022, base year 2014; the demo has both sources in both years
    header, *rows = excel_rows(export / f"{SLUG}_kolommen.csv")
    buurten = {row[1]: dict(zip(header, row)) for row in rows if row[0].startswith(f"{SLUG}_buurten.csv")}
    assert buurten["onv"]["jaar"] == "2022" and buurten["onv_basis"]["jaar"] == "2014"
    assert buurten["d_kwetsbaar"]["jaar"] == "2014–2022"
    assert buurten["klasse_veerkracht_nederland"]["jaar"] == "2014–2022"
    assert buurten["corporatie"]["eenheid"] == "% van de woningen"
    assert "synthetische voorbeelddata" in buurten["onv"]["bron"]
    assert buurten["corporatiebuurt"]["betekenis"] == "corporatiebuurt: 60% of meer corporatiebezit"


def test_index_page_links_the_excel_files_and_the_dictionary(demo_report):
    page = (demo_report / "index.html").read_text("utf-8")
    for name in ("buurten_excel.csv", "jaren_excel.csv", "kolommen.csv"):
        assert f'href="export/{SLUG}_{name}"' in page
        assert (demo_report / "export" / f"{SLUG}_{name}").exists()


def test_dictionary_names_a_user_index_and_a_regional_100(demo_report):
    from types import SimpleNamespace

    import pandas as pd

    from veerkracht_lib.config import resolve_region
    from veerkracht_lib.rendering.dictionary import describe

    # an analysis whose index came from a user's file and, in 2015, had no national figure
    config = resolve_region("parkstad-limburg")
    panel = SimpleNamespace(values=pd.DataFrame({"kwetsbaar_eigen": [110.0]}), regional_rates={2015})
    years = SimpleNamespace(onv=2022, onv_basis=None, cbs=2015, cbs_basis=None)
    analysis = SimpleNamespace(config=config, panel=panel, source_years=years)
    entry = describe(analysis, "kwetsbaar")
    assert entry["bron"] == "een door de gebruiker aangeleverd indexbestand" and entry["jaar"] == "2015"
    assert "in 2015 is 100 het gemiddelde van de regio" in entry["betekenis"]
    assert describe(analysis, "d_kwetsbaar")["jaar"] == "ontbreekt"  # no base year: no development
