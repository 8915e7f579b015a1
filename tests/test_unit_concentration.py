"""The research's concentration of corporation dwellings (methodology §8), worked out by hand."""
import math
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.analysis.indicators import SourceYears
from veerkracht_lib.analysis.reproduction import concentration_table, corporation_dwellings_share
from veerkracht_lib.config import resolve_region
from veerkracht_lib.rendering.narrative import concentration_rows, concentration_text


def frame(**columns) -> pd.DataFrame:
    base = {"gm_naam": ["Een", "Een", "Twee", "Twee"], "woningen": [100, 200, 300, 400],
            "corporatie": [90.0, 70.0, 10.0, np.nan]}
    return pd.DataFrame({**base, **columns})


def test_shares_of_corporation_dwellings_at_60_and_80_percent():
    c = corporation_dwellings_share(frame())
    # corporation dwellings: 100 × 0,9 = 90, 200 × 0,7 = 140, 300 × 0,1 = 30; the fourth buurt lacks its share
    total = 90 + 140 + 30
    assert c["corporatiewoningen"] == pytest.approx(total)
    assert c["aandelen"][60] == pytest.approx(100 * (90 + 140) / total)  # 88,5 %
    assert c["aandelen"][80] == pytest.approx(100 * 90 / total)  # 34,6 %
    assert (c["n"], c["n_onbekend"]) == (3, 1)


def test_a_buurt_exactly_at_the_edge_counts_as_at_or_above():
    c = corporation_dwellings_share(frame(corporatie=[80.0, 60.0, 59.9, 0.0]))
    total = 80 + 120 + 300 * 0.599  # 379,7
    assert c["aandelen"][60] == pytest.approx(100 * 200 / total)
    assert c["aandelen"][80] == pytest.approx(100 * 80 / total)


def test_per_gemeente_and_region():
    table = concentration_table(frame(), "Regio").set_index("gebied")
    assert list(table.index) == ["Regio", "Een", "Twee"]
    assert table.loc["Een", "aandeel_60"] == 100  # 90 + 140 of 230
    assert table.loc["Een", "aandeel_80"] == pytest.approx(100 * 90 / 230)
    assert table.loc["Twee", "aandeel_60"] == 0  # 30 corporation dwellings, all in a buurt of 10 %: a real 0
    assert table.loc["Twee", "n_onbekend"] == 1


def analysis(buurten: pd.DataFrame) -> SimpleNamespace:
    return SimpleNamespace(config=resolve_region("voorbeeldregio"), buurten=buurten,
                           source_years=SourceYears(onv=2022, onv_basis=2014, cbs=2022, cbs_basis=2014))


def test_text_names_the_year_and_the_national_figures():
    text = " ".join(concentration_text(analysis(frame())).split())
    assert text.startswith("**Concentratie van corporatiewoningen (2022).**")
    # 230 of 260 is 88 %, 90 of 260 is 35 %
    assert ("staat 88% van de 260 corporatiewoningen in buurten met 60% of meer corporatiebezit en 35% in buurten "
            "met 80% of meer") in text
    assert "34% en 12% (2020" in text
    assert "1 buurt zonder woningaantal of corporatiebezit telt niet mee" in text


def test_without_corporatiebezit_it_cannot_be_computed_never_zero():
    a = analysis(frame(corporatie=[np.nan] * 4))
    text = concentration_text(a)
    assert "niet te berekenen" in text and "het aandeel corporatiebezit per buurt ontbreekt" in text
    assert not re.search(r"(?<![\d,])0%", text)  # no share of 0 %
    rows = concentration_rows(a).set_index("gebied")
    assert math.isnan(rows.loc["Een", "in buurten met ≥ 60%"])  # shown as "–": not computable
    assert rows.loc["Een", "jaar"] == "–"
    assert rows.loc["Nederland (Aedes-onderzoek)", ["jaar", "in buurten met ≥ 60%", "in buurten met ≥ 80%"]].tolist() == [
        "2020", 34, 12]
    assert math.isnan(concentration_table(a.buurten, "Regio").loc[0, "aandeel_60"])
