"""Parkstad Limburg on the real 2015 files in ../shared/data: what can be built is built, the rest is named."""
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from veerkracht_lib.analysis.run import analyse
from veerkracht_lib.build import build_region
from veerkracht_lib.config import resolve_region
from veerkracht_lib.errors import ConfigError, MissingDataError
from veerkracht_lib.sources.inputs import load_inputs

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
pytestmark = [pytest.mark.real_data,
              pytest.mark.skipif(not SHARED.is_dir(), reason=f"real data folder {SHARED} is absent (it is not part of the repository)")]


def test_without_allow_missing_the_build_lists_every_missing_file():
    with pytest.raises(MissingDataError) as err:
        load_inputs(resolve_region("parkstad-limburg"), SHARED)
    message = str(err.value)
    # the params accept CBS figures up to 8 years from 2022, so the 2015 map stands in for 2022;
    # the base year 2014 must lie before it and is missing
    assert "Wijk- en Buurtkaart, buurten 2014" in message and "Wijk- en Buurtkaart, buurten 2022" not in message
    assert "Kerncijfers wijken en buurten 2015" in message and "Kerncijfers wijken en buurten 2014" in message
    assert "--allow-missing" in message and "ontbreken:" in message and "datamap (--data-dir)" in message


def test_allow_missing_uses_the_2015_map_with_beekdaelen_predecessors():
    analysis = analyse(load_inputs(resolve_region("parkstad-limburg"), SHARED, allow_missing=True))
    assert analysis.config.situation_year == 2022 and analysis.source_years.cbs == 2015  # the map of 2015
    codes = analysis.buurten["gm_code"].value_counts()
    assert codes[["GM0951", "GM0881", "GM0962"]].sum() == 29
    assert {"GM0917", "GM0899", "GM0882", "GM0928", "GM0986", "GM0965"} <= set(codes.index)
    assert analysis.available("kwetsbaar")  # bijstand from the map itself, relative to the national 2015 figure
    assert {"corporatie", "veerkracht"} <= set(analysis.missing)
    assert not analysis.panel.regional_rates
    assert any("de Leefbaarometer-scores houden hun eigen jaren" in note for note in analysis.notes)


def test_allow_missing_build_says_what_is_missing(tmp_path: Path):
    report = build_region(resolve_region("parkstad-limburg"), SHARED, allow_missing=True, reports_dir=tmp_path)
    situatie = (report / "01_situatie.html").read_text(encoding="utf-8")
    assert "deze kaart kon niet worden gemaakt" in situatie  # map 4: no corporatiebezit in the 2015 map
    assert "Kwetsbare bewoners (t.o.v. Nederland), 2015" in situatie
    assert "Overlast en onveiligheid (t.o.v. Nederland), 2022" in situatie
    assert "overlast 2022, kwetsbare bewoners 2015" in situatie  # map 3 names the year of each source
    assert situatie.count('class="vk-map"') == 3
    index = (report / "index.html").read_text(encoding="utf-8")
    assert "Niet alle kaarten konden worden gemaakt" in index
    # in words a reader understands, not the indicator names of the code
    assert "het aandeel corporatiewoningen (CBS Kerncijfers) ontbreekt" in situatie
    # the research's concentration figures cannot be computed without corporatiebezit: said so, never 0 %
    visible = " ".join(BeautifulSoup(situatie, "html.parser").get_text(" ").split())
    concentration = visible[visible.index("Concentratie van corporatiewoningen"):visible.index("Samenhang van")]
    assert concentration.startswith("Concentratie van corporatiewoningen: niet te berekenen , omdat het aandeel "
                                    "corporatiebezit en het aantal woningen per buurt ontbreken")
    assert "Heerlen – – – –" in concentration  # a gemeente's row of the table: no year, no figures
    assert "– : niet te berekenen" in concentration  # the table's caption says what "–" means
    assert not re.search(r"(?<![\d,])0%", concentration)
    assert "mist onv" not in index + situatie
    assert "synthetische voorbeelddata" not in index.lower()
    assert (report / "overzicht.html").exists()  # the focuskaart exists now
    werken = (report / "03_werken_aan_veerkracht.html").read_text(encoding="utf-8")  # no areas without focus maps
    # map 8 needs the veerkracht map's development, which the 2015 map alone cannot give
    assert "geen aaneengesloten focusgebieden" not in werken
    # the summary names the years it used, and an unknown corporatiebezit is not "particulier"
    assert "inwoners in 2015" in index and "Focus (overlast 2022, kwetsbare bewoners 2015)" in index
    assert "particulier" not in index and "corporatiebezit onbekend" in index
    ontwikkeling = (report / "02_ontwikkeling.html").read_text(encoding="utf-8")
    # the overlast has a development (2014–2022), so the tweedeling is computed for it and says what it lacks
    tweedeling = ontwikkeling.split("Tweedeling: groeien de gemeenten uit elkaar?")[1].split("Verantwoording")[0]
    assert "Overlast en onveiligheid" in tweedeling and "in 2014 lag" in tweedeling
    assert "Kwetsbare bewoners" in tweedeling and "ontbreken gegevens" in tweedeling


def test_a_region_of_codes_is_named_after_its_gemeenten_and_its_errors_fit_the_command_line():
    heerlen = load_inputs(resolve_region("GM0917"), SHARED, allow_missing=True)
    assert heerlen.config.title == "Heerlen"
    with pytest.raises(MissingDataError, match="geef --base-year en --situation-year op de opdrachtregel"):
        load_inputs(resolve_region("GM0917"), SHARED)
    with pytest.raises(ConfigError, match=r"^gemeente GM9999 komt niet voor in de buurtkaart 2015; geef codes die erin staan \(aanwezige codes: GM") as err:
        load_inputs(resolve_region("GM0917,GM9999"), SHARED, allow_missing=True)
    assert "\n" not in str(err.value) and "params" not in str(err.value)
