"""Narrative: computed from the data, names from the data escaped, templates and commentary per region."""
from pathlib import Path

import pytest

from veerkracht_lib.analysis.run import analyse
from veerkracht_lib.config import resolve_region
from veerkracht_lib.rendering import narrative
from veerkracht_lib.sources.inputs import load_inputs


@pytest.fixture(scope="module")
def demo():
    return analyse(load_inputs(resolve_region("voorbeeldregio")))


def test_escape_markdown_keeps_names_literal():
    assert narrative.escape_markdown("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert narrative.escape_markdown("a_b*c") == "a\\_b\\*c"


def test_map_sentence_uses_the_shares_it_reports(demo):
    facts = narrative.map_facts(demo, "focus")
    text = narrative.map_text(demo, "focus")
    assert f"{round(facts['aandeel'])}%" in text
    top, bottom = facts["hoogst"], facts["laagst"]
    assert top[1] >= bottom[1] and all(name in text for name in top[0] + bottom[0])


def test_region_template_override_and_commentary_come_from_the_workbooks_params(tmp_path: Path, demo, monkeypatch):
    from veerkracht_lib.workbook import WORKBOOK_ENV

    region_dir = tmp_path / "params" / demo.config.slug  # the workbook's own folder wins over the built-in one
    (region_dir / "templates").mkdir(parents=True)
    (region_dir / "templates" / "kaart.md.j2").write_text("EIGEN ZIN {{ aandeel|pct }}", encoding="utf-8")
    (region_dir / "01_situatie.md").write_text("Mijn toelichting.", encoding="utf-8")
    monkeypatch.setenv(WORKBOOK_ENV, str(tmp_path))
    env = narrative.environment(demo.config.slug)
    assert env.get_template("kaart.md.j2").render(aandeel=12.3) == "EIGEN ZIN 12%"
    assert narrative.commentary(demo, "01_situatie") == "Mijn toelichting."
    assert narrative.commentary(demo, "02_ontwikkeling") is None


def test_method_text_states_matching_and_thresholds(demo):
    text = narrative.method_text(demo)
    assert "ongewijzigd overgenomen" in text and "oppervlakte-interpolatie" in text
    assert "−0,12 tot −0,08" in text


# -- superlatives name every tied gemeente (issue 11, defect 3) ---------------------------------------


def test_lowest_share_names_every_gemeente_tied_at_it():
    import pandas as pd

    shares = pd.Series({"Geulmonde": 30.0, "Kwelderhaven": 12.0, "Schorrekerke": 0.0, "Plaatwolde": 0.0,
                        "Duinwijk": 0.0})
    (high, high_value), (low, low_value) = narrative.extremes(shares)
    assert (high, high_value) == (["Geulmonde"], 30.0)
    assert (low, low_value) == (["Duinwijk", "Plaatwolde", "Schorrekerke"], 0.0)


def test_shares_that_print_the_same_are_a_tie():
    import pandas as pd

    # 14,6% and 15,4% both print as "15%": a reader cannot tell them apart, so both are named
    shares = pd.Series({"A": 15.4, "B": 14.6, "C": 3.0})
    (high, _), (low, _) = narrative.extremes(shares)
    assert high == ["A", "B"] and low == ["C"]


def test_map_sentence_names_all_tied_gemeenten():
    env = narrative.environment("voorbeeldregio")
    text = env.get_template("kaart.md.j2").render(
        regio="Regio", aandeel=9.0, zin="die een focusgebied is", referentie=None,
        hoogst=(["Kwelderhaven"], 15.0), laagst=(["Duinwijk", "Plaatwolde", "Schorrekerke"], 0.0))
    assert "het hoogst in Kwelderhaven (15%)" in text
    assert "het laagst in Duinwijk, Plaatwolde en Schorrekerke (elk 0%)" in text


# -- Dutch: counts, dates, the verb that agrees with what is missing (issue 12 item 8)


def test_a_count_of_one_takes_the_singular():
    from veerkracht_lib.numbers import fmt_count

    assert fmt_count(1, "buurt", "buurten") == "1 buurt"
    assert fmt_count(0, "buurt", "buurten") == "0 buurten"
    assert fmt_count(2, "buurt", "buurten") == "2 buurten"
    assert fmt_count(1234, "inwoner", "inwoners") == "1.234 inwoners"


def test_build_date_is_written_in_dutch():
    from datetime import date

    from veerkracht_lib.numbers import fmt_date

    assert fmt_date(date(2026, 12, 1)) == "1 december 2026"
    assert fmt_date(date(2027, 3, 15)) == "15 maart 2027"


def test_missing_data_takes_a_verb_that_agrees():
    from veerkracht_lib.analysis.maps import MAPS

    # "het aandeel corporatiewoningen" is singular; the scores and figures of the other maps are plural
    assert MAPS["corporatie"].missing_verb({"corporatie"}) == "ontbreekt"
    assert MAPS["overlast"].missing_verb({"onv"}) == "ontbreken"
    assert MAPS["focus"].missing_verb({"onv", "kwetsbaar"}) == "ontbreken"


def test_no_count_of_one_with_a_plural_noun_in_the_demo_text(demo):
    import re

    text = narrative.samenvatting(demo) + narrative.method_text(demo) + narrative.samenhang_text(demo)
    assert not re.search(r"(?<![\d.,])1 (buurten|gemeenten|inwoners|gebieden)\b", text)


def test_index_weights_are_listed_with_and(demo):
    # two components (bijstand, laag inkomen), each weight 0,5: "A (gewicht 0,50) en B (gewicht 0,50)"
    assert "bijstand (gewicht 0,50) en laag inkomen (gewicht 0,50)" in narrative.method_text(demo)


# -- a paragraph per gemeente under every map of chapters I and II (issue 12 item 4) ----------------


def _gemeente(**figures):
    row = {"buurten": 3, "zonder_gegevens": 0, "te_klein": 0, "probleem_buurten": 1, "probleem_aandeel": 10.0,
           "gunstig_buurten": 0, "gunstig_aandeel": 0.0, "gemiddelde": None, "gebieden": [], "toelichting": None}
    return {**row, **figures}


def _paragraph(g, **facts):
    base = {"zin": "met veel kwetsbare bewoners", "gunstig_zin": "", "regio_cijfers": {"probleem_aandeel": 25.0,
            "gunstig_aandeel": 5.0}, "gemiddelde": None, "nederland": None, "regio_gemiddelde": None,
            "decimalen": 0, "toon_klasse": False}
    return narrative.environment("voorbeeldregio").get_template("kaart_gemeente.md.j2").render(g=g, **{**base, **facts})


def test_a_gemeente_without_data_is_not_computed_never_zero():
    text = _paragraph(_gemeente(buurten=0, zonder_gegevens=1, probleem_buurten=0, probleem_aandeel=float("nan")))
    assert text == "niet te berekenen: geen gegevens voor de enige buurt."
    text = _paragraph(_gemeente(buurten=0, zonder_gegevens=2, te_klein=1, probleem_buurten=0,
                                probleem_aandeel=float("nan")))
    assert text == "niet te berekenen: 2 buurten zonder gegevens en 1 buurt met te weinig inwoners."


def test_a_gemeente_paragraph_states_its_share_beside_the_regions_with_its_buurten():
    text = _paragraph(_gemeente(zonder_gegevens=1))
    assert text == ("10% van de inwoners (regio 25%) woont in een buurt met veel kwetsbare bewoners; dat is 1 van de "
                    "3 buurten. 1 buurt zonder gegevens telt niet mee.")
    text = _paragraph(_gemeente(probleem_buurten=0, probleem_aandeel=0.0))
    assert text.startswith("geen van de 3 buurten is een buurt met veel kwetsbare bewoners; in de regio woont 25%")


def test_a_sentence_starting_with_a_small_share_starts_with_a_capital():
    text = _paragraph(_gemeente(gunstig_buurten=1, gunstig_aandeel=0.3), gunstig_zin="met weinig")
    assert "dat is 1 van de 3 buurten. Minder dan 1% woont in een buurt met weinig (regio 5%)." in text


def test_a_gemeente_paragraph_compares_its_mean_with_the_region_and_nederland():
    facts = {"gemiddelde": "de index van kwetsbare bewoners", "nederland": 100.0, "gunstig_zin": "met weinig"}
    text = _paragraph(_gemeente(gemiddelde=[112.4]), regio_gemiddelde=[98.0], **facts)
    assert "Niemand woont in een buurt met weinig (regio 5%)." in text
    assert "De index van kwetsbare bewoners is gemiddeld 112 (regio 98, Nederland 100)." in text
    text = _paragraph(_gemeente(gemiddelde=[90.0, 112.0]), regio_gemiddelde=[98.0, 98.0], **facts)
    assert "ging gemiddeld van 90 naar 112 (regio 98 in beide jaren; Nederland 100)." in text


def test_a_gemeente_paragraph_names_its_areas_by_number():
    areas = [{"gebied": "V1", "naam": "Oost", "klasse": "veerkracht"},
             {"gebied": "V4", "naam": "West", "klasse": "stabiel"},
             {"gebied": "V7", "naam": "Noord", "klasse": "verbetering"}]
    text = _paragraph(_gemeente(gebieden=areas), toon_klasse=True)
    assert text.endswith("Hier liggen de gebieden V1 (Oost: veerkracht), V4 (West: stabiel) "
                         "en V7 (Noord: verbetering).")
    assert _paragraph(_gemeente(gebieden=areas[:1])).endswith("Hier ligt gebied V1 (Oost).")


def test_gemeenten_with_the_same_text_are_named_together():
    assert narrative.grouped([("A", "x"), ("B", "y"), ("C", "x")]) == [(["A", "C"], "x"), (["B"], "y")]


def test_demo_map_text_has_a_paragraph_for_each_gemeente(demo):
    import re

    text = narrative.map_text(demo, "focus")
    assert "**Per gemeente** (2022, klassen t.o.v. Nederland):" in text
    items = re.findall(r"^- \*\*(.+?):\*\*", text, flags=re.MULTILINE)
    named = [name for names in items for name in re.split(r", | en ", names)]
    assert sorted(named) == sorted(demo.buurten["gm_naam"].unique())


def test_the_mean_is_compared_with_nederland_only_under_the_national_reference(demo):
    assert narrative.gemeente_facts(demo, "kwetsbaar", "nederland")["nederland"] == 100
    assert narrative.gemeente_facts(demo, "kwetsbaar", "gemeente")["gemiddelde"] is None
    assert "Nederland" not in narrative.gemeenten_text(demo, "kwetsbaar", "gemeente")


def test_a_region_of_one_gemeente_gets_no_paragraph_repeating_the_regions(demo):
    import copy

    one = copy.copy(demo)
    one.buurten = demo.buurten[demo.buurten["gm_naam"] == "Kwelderhaven"]
    assert narrative.gemeente_facts(one, "overlast") is None
    assert "Per gemeente" not in narrative.map_text(one, "overlast")
    assert narrative.gemeente_highlights(one) == []


def test_a_gemeente_commentary_is_added_to_its_paragraph(tmp_path: Path, demo, monkeypatch):
    from veerkracht_lib.workbook import WORKBOOK_ENV

    folder = tmp_path / "params" / demo.config.slug / "gemeenten" / "GM9901"
    folder.mkdir(parents=True)
    (folder / "kaart1.md").write_text("Eigen toelichting bij kaart 1.", encoding="utf-8")
    monkeypatch.setenv(WORKBOOK_ENV, str(tmp_path))
    name = demo.buurten.loc[demo.buurten["gm_code"] == "GM9901", "gm_naam"].iloc[0]
    line = next(line for line in narrative.gemeenten_text(demo, "overlast").splitlines() if f"**{name}:**" in line)
    assert line.endswith("Eigen toelichting bij kaart 1.")
    assert "Eigen toelichting" not in narrative.gemeenten_text(demo, "kwetsbaar")


def test_summary_has_a_line_per_gemeente_with_its_largest_difference(demo):
    lines = narrative.gemeente_highlights(demo)
    named = [name for names, _ in lines for name in names]
    assert sorted(named) == sorted(demo.buurten["gm_naam"].unique())
    assert "**Per gemeente**" in narrative.samenvatting(demo)
