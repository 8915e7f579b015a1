"""Parkstad on the real shared files: each source its own years, scores joined across code editions,
the index relative to the national 2015 figure. Expected values are read by hand from the files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from veerkracht_lib.analysis.run import analyse
from veerkracht_lib.config import resolve_region
from veerkracht_lib.sources.inputs import load_inputs

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
pytestmark = [pytest.mark.real_data,
              pytest.mark.skipif(not (SHARED / "leefbaarometer3_parkstad_buurten").is_dir(),
                                 reason="needs ../shared/data with the real Parkstad Leefbaarometer scores")]
PASSART = "BU09172100"  # Heerlen; its rows in lbm3_scores_buurten_parkstad_2014_2022.csv:
ONV_2014, ONV_2022 = -0.188215505632335, -0.225125783010685
NL_BIJSTAND_2015 = 0.02617  # SOURCES.md: 26.17 per 1,000 inhabitants, the national 2015 figure


@pytest.fixture(scope="module")
def parkstad():
    return analyse(load_inputs(resolve_region("parkstad-limburg"), SHARED, allow_missing=True))


def passart_2015() -> tuple[float, float]:
    """AANT_INW and WWB_UITTOT of Passart in the 2015 buurtkaart."""
    data = json.loads((SHARED / "cbs_wijkbuurtkaart_2015_zuid-limburg" / "buurt.geojson").read_text(encoding="utf-8"))
    props = next(f["properties"] for f in data["features"] if f["properties"]["BU_CODE"] == PASSART)
    return float(props["AANT_INW"]), float(props["WWB_UITTOT"])


def test_each_source_keeps_its_own_years(parkstad):
    years = parkstad.source_years
    assert (years.onv, years.onv_basis, years.cbs, years.cbs_basis) == (2022, 2014, 2015, None)
    assert parkstad.years("overlast") == "2022"
    assert parkstad.years("d_onv") == "2014–2022"
    assert parkstad.years("focus") == "overlast 2022, kwetsbare bewoners 2015"
    assert {"overlast", "kwetsbaar", "focus", "d_onv"}.isdisjoint(parkstad.missing)


def test_passart_scores_and_index_as_read_from_the_files(parkstad):
    passart = parkstad.buurten.set_index("code").loc[PASSART]
    assert passart["onv"] == pytest.approx(ONV_2022, abs=1e-12)
    assert passart["d_onv"] == pytest.approx(ONV_2022 - ONV_2014, abs=1e-12)
    inwoners, bijstand = passart_2015()
    # low income is not in the 2015 map: the index is bijstand alone, relative to Nederland
    assert passart["kwetsbaar"] == pytest.approx(100 * bijstand / inwoners / NL_BIJSTAND_2015)
    assert passart["klasse_overlast_nederland"] == "zeer veel slechter"  # -0.225 < -0.12


def test_scores_reach_beekdaelen_through_the_names_of_its_predecessors(parkstad):
    matching = parkstad.panel.score_matching
    assert matching["code"] == 164  # SOURCES.md: 164 of the 165 non-Beekdaelen codes are in the 2015 map
    assert matching["code"] + matching["naam"] + matching["niet"] == len(parkstad.buurten)
    beekdaelen = parkstad.buurten[parkstad.buurten["gm_code"].isin(["GM0951", "GM0881", "GM0962"])]
    assert beekdaelen["onv"].notna().sum() >= 25  # by unique names; "Verspreide huizen" twice stays unmatched


def test_the_index_is_the_same_whatever_part_of_the_map_is_built(parkstad):
    heerlen = analyse(load_inputs(resolve_region("GM0917").with_overrides(cbs_year_tolerance=8), SHARED, allow_missing=True))
    alone = heerlen.buurten.set_index("code")["kwetsbaar"]
    together = parkstad.buurten.set_index("code")["kwetsbaar"].reindex(alone.index)
    assert alone.notna().sum() > 40
    assert (alone - together).abs().max() == pytest.approx(0, abs=1e-9)


def test_strict_years_keep_the_2015_figures_off_the_2022_maps():
    """Without a tolerance (the default) the 2015 CBS figures are not used for 2022; the page says why."""
    heerlen = analyse(load_inputs(resolve_region("GM0917"), SHARED, allow_missing=True))
    assert heerlen.source_years.cbs is None and heerlen.source_years.indeling == 2015
    assert {"kwetsbaar", "focus", "corporatie"} <= set(heerlen.missing)
    assert "overlast" not in heerlen.missing  # the 2022 scores need no CBS year
    assert heerlen.buurten["te_klein"].sum() < len(heerlen.buurten)  # 2015 inhabitants still weigh the buurten
    assert any("liggen meer dan 0 jaar van 2022" in note for note in heerlen.notes)


def test_wijk_names_come_from_the_wijk_file_beside_the_buurtkaart(parkstad):
    """The 2015 extract ships wijk.geojson next to buurt.geojson: every buurt gets its wijk's name."""
    data = json.loads((SHARED / "cbs_wijkbuurtkaart_2015_zuid-limburg" / "wijk.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["WK_CODE"]: f["properties"]["WK_NAAM"] for f in data["features"]}
    buurten = parkstad.panel.buurten.set_index("code")
    assert buurten.loc[PASSART, "wk_naam"] == names[buurten.loc[PASSART, "wk_code"]] == "Wijk 21 Heerlerheide-Passart"
    assert buurten["wk_naam"].notna().all()
    assert (buurten["wk_naam"] == buurten["wk_code"].map(names)).all()
