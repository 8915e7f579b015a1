"""The data dictionary of the exports: per file and column its meaning, unit, source and year.

Built from the columns the exports actually hold, so a column added to the analysis shows up
here too; a column this module does not know gets an empty meaning, which the tests catch.
The class columns are described from the map records (`analysis.maps.MAPS`).
"""
from __future__ import annotations

import pandas as pd

from veerkracht_lib.analysis.atelier import FIGURE_MAPS
from veerkracht_lib.analysis.maps import INDICATOR_SOURCE, MAPS
from veerkracht_lib.analysis.run import REFERENCE_LABEL, Analysis
from veerkracht_lib.numbers import fmt_number

DICTIONARY_COLUMNS = ["bestand", "kolom", "betekenis", "eenheid", "bron", "jaar"]

CBS_MAP = "CBS Wijk- en buurtkaart"
CBS_KWB = "CBS Kerncijfers wijken en buurten"
LEEFBAAROMETER = "Leefbaarometer 3.0"
OWN = "eigen berekening (veerkracht)"
SOURCE_NAME = {"onv": LEEFBAAROMETER, "cbs": CBS_KWB}

#: the indicators: meaning and unit (their source and year follow from `INDICATOR_SOURCE`)
INDICATORS = {
    "onv": ("overlast en onveiligheid: afwijking van het landelijk gemiddelde (+ = beter, − = slechter)",
            "score (afwijking)"),
    "kwetsbaar": ("index kwetsbare bewoners, 100 = het Nederlandse gemiddelde (samenstelling: zie de verantwoording "
                  "in het rapport)", "index"),
    "corporatie": ("aandeel woningen in bezit van woningcorporaties", "% van de woningen"),
    "d_onv": ("ontwikkeling overlast en onveiligheid: situatiejaar min basisjaar (+ = verbeterd)", "scorepunten"),
    "d_kwetsbaar": ("ontwikkeling kwetsbare bewoners: index situatiejaar min basisjaar (+ = toegenomen)",
                    "indexpunten"),
}
COUNTS = {"inwoners": ("aantal inwoners", "personen"), "woningen": ("woningvoorraad", "woningen")}
#: what an indicator's relative version means, per reference level
RELATIVE = {
    "gemeente": "t.o.v. het inwonersgewogen gemiddelde van de eigen gemeente",
    "regio": "t.o.v. het inwonersgewogen gemiddelde van de regio",
}
RELATIVE_UNIT = {"kwetsbaar": "index (100 = gemiddelde)"}


def column_dictionary(analysis: Analysis, files: dict[str, list[str]]) -> pd.DataFrame:
    """One row per exported column: ``files`` maps a file (or GeoPackage layer) to its columns."""
    rows = [{"bestand": name, "kolom": column, **describe(analysis, column, per_year="jaar" in columns)}
            for name, columns in files.items() for column in columns if column != "geometry"]
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)


def describe(analysis: Analysis, column: str, per_year: bool = False) -> dict[str, str]:
    """Meaning, unit, source and year of one column; an unknown column gets an empty meaning."""
    years = analysis.source_years
    year_of = {"onv": years.onv, "cbs": years.cbs, "onv_basis": years.onv_basis, "cbs_basis": years.cbs_basis}
    text = lambda value: "ontbreekt" if value is None else str(value)  # noqa: E731
    indeling = text(years.cbs or analysis.config.situation_year)
    own_index = bool(analysis.panel.values.get("kwetsbaar_eigen", pd.Series(dtype=float)).notna().any())

    def data(source: str) -> str:
        """The name of an official source, or what the demo's synthetic data imitate."""
        return f"synthetische voorbeelddata in de vorm van {source}" if analysis.config.synthetic else source

    def entry(meaning: str, unit: str, source: str, year: str) -> dict[str, str]:
        return {"betekenis": meaning, "eenheid": unit, "bron": source, "jaar": "zie kolom jaar" if per_year else year}

    base, _, suffix = column.rpartition("_")
    if column in {"code", "naam", "wk_code", "gm_code", "gm_naam"}:
        meaning = {"code": "buurtcode", "naam": "buurtnaam", "wk_code": "wijkcode", "gm_code": "gemeentecode",
                   "gm_naam": "gemeentenaam"}[column]
        return entry(f"{meaning} (buurtindeling van {indeling})", "tekst", data(CBS_MAP), indeling)
    if column == "wk_naam":
        return entry(f"wijknaam (wijkindeling van {indeling}; leeg als de wijklaag van de buurtkaart en de "
                     "Kerncijfers geen naam geven)", "tekst", data(f"{CBS_MAP}, {CBS_KWB}"), indeling)
    if column == "jaar":
        return entry("jaar van de cijfers in deze rij", "jaar", OWN, "")
    if column in COUNTS or (suffix == "basis" and base in COUNTS):
        name = column if column in COUNTS else base
        meaning, unit = COUNTS[name]
        if column == base + "_basis":
            return entry(f"{meaning} in het basisjaar", unit, data(CBS_KWB), text(years.cbs_basis))
        return entry(meaning, unit, data(CBS_KWB), text(years.cbs))
    if column in INDICATORS or (suffix in ("basis", *RELATIVE) and base in INDICATORS):
        name = column if column in INDICATORS else base
        meaning, unit = INDICATORS[name]
        source = data(SOURCE_NAME[INDICATOR_SOURCE[name]])
        if name.startswith("d_"):
            base_year, now = year_of[INDICATOR_SOURCE[name] + "_basis"], year_of[INDICATOR_SOURCE[name]]
            year = "ontbreekt" if None in (base_year, now) else f"{base_year}–{now}"
        else:
            year = text(year_of[INDICATOR_SOURCE[name] + ("_basis" if suffix == "basis" else "")])
        if name.endswith("kwetsbaar") and own_index:
            source = "een door de gebruiker aangeleverd indexbestand"
        elif name != "onv" or suffix in RELATIVE:
            source = f"{OWN} uit {source}"
        if name.endswith("kwetsbaar") and analysis.panel.regional_rates:
            regional = ", ".join(map(str, sorted(analysis.panel.regional_rates)))
            meaning += f" (let op: in {regional} is 100 het gemiddelde van de regio, want het landelijke cijfer ontbreekt)"
        if suffix == "basis":
            return entry(f"{meaning}, in het basisjaar", unit, source, year)
        if suffix in RELATIVE:
            how = "verhouding" if RELATIVE_UNIT.get(name) else "verschil"
            return entry(f"{meaning}; als {how} {RELATIVE[suffix]}", RELATIVE_UNIT.get(name, unit), source, year)
        return entry(meaning, unit, source, year)
    if column == "te_klein":
        return entry(f"minder dan {fmt_number(analysis.config.min_inwoners)} inwoners: op de kaarten 'te weinig "
                     "inwoners', niet in de cijfers", "ja/nee", OWN, text(years.cbs))
    if column == "te_klein_basis":
        return entry(f"minder dan {fmt_number(analysis.config.min_inwoners)} inwoners in het basisjaar: geen "
                     "ontwikkeling (kaarten 5–7 'te weinig inwoners')", "ja/nee", OWN, text(years.cbs_basis))
    if column == "inwoners_onbekend":
        return entry("aantal inwoners onbekend: op de kaarten 'geen gegevens'", "ja/nee", OWN, text(years.cbs))
    if column == "inwoners_basis_onbekend":
        return entry("aantal inwoners in het basisjaar onbekend: op de kaarten 5–7 'geen gegevens'", "ja/nee", OWN,
                     text(years.cbs_basis))
    if column == "corporatiebuurt":
        drempel = fmt_number(analysis.config.thresholds.corporatiebuurt)
        return entry(f"corporatiebuurt: {drempel}% of meer corporatiebezit", "ja/nee", OWN, text(years.cbs))
    for record in MAPS.values():
        for reference in (REFERENCE_LABEL if record.per_reference else [None]):
            if column == record.class_column(reference):
                label = f", {REFERENCE_LABEL[reference]}" if reference else ""
                return entry(f"klasse op kaart {record.number} ({record.title}{label})", "klasse", OWN,
                             analysis.years(record.key))
    return entry("", "", "", "")


def area_dictionary(analysis: Analysis, columns: list[str], name: str) -> pd.DataFrame:
    """The columns of the GeoPackage layer ``gebieden`` and of the gebieden CSVs (one row per area)."""
    meanings = {
        "gebied": ("nummer van het gebied", "tekst"),
        "naam": ("naam van het gebied: de grootste buurten en de gemeente", "tekst"),
        "klasse": ("de klasse van de buurten van het gebied (focuskaart of veerkrachtkaart)", "klasse"),
        "kaart": ("de kaart waarop het gebied is gevonden", "tekst"),
        "gm_naam": ("gemeente van het gebied (met de meeste inwoners)", "tekst"),
        "gemeenten": ("alle gemeenten van het gebied", "tekst"),
        "buurten": ("buurtcodes van het gebied", "tekst"),
        "n_buurten": ("aantal buurten", "buurten"),
        "inwoners": ("aantal inwoners", "personen"),
        "corporatie": ("aandeel corporatiewoningen, gewogen naar woningen", "% van de woningen"),
        "corporatiebuurt": (f"corporatiebuurt: {fmt_number(analysis.config.thresholds.corporatiebuurt)}% of meer "
                            "corporatiebezit (gewogen naar woningen)", "ja/nee"),
        "bezit": (f"eigendom in woorden: corporatiebuurt, gemengd bezit, overwegend particulier (minder dan "
                  f"{fmt_number(analysis.config.thresholds.particulier)}% corporatiebezit) of bezit onbekend", "tekst"),
    }
    reference = REFERENCE_LABEL[analysis.config.reference]
    for key in FIGURE_MAPS:  # the chapter III figures of an area: a mean of its buurten and the class of it
        record = MAPS[key]
        unit = INDICATORS[record.scheme(analysis.config.thresholds).column][1]
        meanings[key] = (f"{record.title.lower()}, {reference}: gemiddelde van de buurten gewogen naar inwoners", unit, key)
        meanings[f"klasse_{key}"] = (f"klasse van dat gemiddelde op kaart {record.number}", "klasse", key)
    meanings |= {
        "veerkracht": ("klasse op de veerkrachtkaart (kaart 7) met de meeste inwoners van het gebied", "klasse"),
        "veerkracht_aandeel": ("aandeel inwoners van het gebied in die klasse", "% van de inwoners"),
        "focus": ("telt als focusgebied: een gebied van de focuskaart, of minstens de helft van de inwoners in "
                  "focusbuurten", "ja/nee"),
        "status": ("kandidaat voor een gebiedsatelier, geen kandidaat, of in focusgebied (besproken met dat "
                   "focusgebied; regels in hoofdstuk III)", "tekst"),
        "rang": ("volgorde van de kandidaten voor een gebiedsatelier (leeg: geen kandidaat)", "rang"),
        "groep": ("groep van de kandidaat: 1 focus met weinig veerkracht, 2 overige focus, 3 weinig veerkracht "
                  "buiten focus", "groep"),
        "in_focus": ("de focusgebieden waarin dit gebied ligt (bij status 'in focusgebied')", "tekst"),
        "n_in_focus": ("aantal buurten van het gebied in een focusgebied", "buurten"),
        "type": ("type gebied in de matrix handelingsperspectieven (kaart 8)", "tekst"),
        "nadruk": ("voorgestelde nadruk in de matrix handelingsperspectieven (een gespreksaanzet)", "tekst"),
        "waarom": ("waarom die nadruk", "tekst"),
    }
    year = f"{analysis.years('focus')} (focuskaart), {analysis.years('veerkracht')} (veerkrachtkaart)"
    rows = [{"bestand": name, "kolom": column, "betekenis": meanings.get(column, ("", ""))[0],
             "eenheid": meanings.get(column, ("", ""))[1], "bron": OWN,
             "jaar": analysis.years(meanings[column][2]) if len(meanings.get(column, ())) == 3 else year}
            for column in columns if column != "geometry"]
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)
