"""Kerncijfers readers on small files written in the OData and StatLine shapes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from veerkracht_lib.errors import SourceError
from veerkracht_lib.schema import KWB_KEYS
from veerkracht_lib.sources import kwb

ODATA_CSV = """\
ID,WijkenEnBuurten,Gemeentenaam_1,SoortRegio_2,Codering_3,IndelingswijzigingWijkenEnBuurten_4,AantalInwoners_5,NietWestersTotaal_18,Woningvoorraad_34,InBezitWoningcorporatie_42,HuishoudensMetEenLaagInkomen_78,PersonenPerSoortUitkeringBijstand_83
0,Nederland,Nederland                                ,Land      ,NL00      ,.,17590672,2400000,8000000,29,7.9,400000
1,Heerlen,Heerlen                                  ,Gemeente  ,GM0917    ,.,86762,8441,45758,37,12.5,4640
2,Wijk 10 Maria Gewanden en Terschuren,Heerlen     ,Wijk      ,WK091710  ,1,3915,320,2130,36,15.4,280
3,Maria Gewanden,Heerlen                           ,Buurt     ,BU09171000,1,3455,300,1893,.,,-99997
"""


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_odata_csv_columns_are_matched_by_stem(tmp_path):
    frame = kwb.read_odata_csv(write(tmp_path / "kwb_2019_84583NED.csv", ODATA_CSV), 2019)
    assert list(frame.columns) == KWB_KEYS + [
        "inwoners", "woningen", "corporatie_pct", "bijstand", "laag_inkomen_pct", "niet_westers_pct"
    ]
    assert list(frame["code"]) == ["NL00", "GM0917", "WK091710", "BU09171000"]  # padding stripped
    assert list(frame["soort"]) == ["land", "gemeente", "wijk", "buurt"]
    assert frame.loc[1, "naam"] == "Heerlen" and (frame["jaar"] == 2019).all()
    buurt = frame.iloc[3]
    assert np.isnan(buurt["corporatie_pct"]) and np.isnan(buurt["laag_inkomen_pct"]) and np.isnan(buurt["bijstand"])
    # the count of persons with a non-western background becomes a share of the inhabitants
    assert frame.loc[1, "niet_westers_pct"] == pytest.approx(100 * 8441 / 86762)


def test_other_year_suffixes_and_a_saved_index_column(tmp_path):
    text = (
        ",WijkenEnBuurten,Codering_3,AantalInwoners_5,HuishoudensTotaal_29,PersonenMetEenWWBUitkeringTotaal_66\n"
        "0,Heerlen,GM0917    ,86762,44000,4600\n"
    )
    frame = kwb.read_odata_csv(write(tmp_path / "kwb_2014_82931NED.csv", text), 2014)
    assert frame.loc[0, ["inwoners", "huishoudens", "bijstand"]].tolist() == [86762, 44000, 4600]


def test_odata_csv_errors(tmp_path):
    with pytest.raises(SourceError, match="geen Kerncijfers-CSV van CBS OData \\(geen kolom Codering\\)"):
        kwb.read_odata_csv(write(tmp_path / "a.csv", "WijkenEnBuurten,AantalInwoners_5\nHeerlen,1\n"), 2019)
    with pytest.raises(SourceError, match="geen Kerncijfers-CSV van CBS OData \\(geen kolom Codering\\)"):  # not a StatLine export
        kwb.read(write(tmp_path / "a2.csv", "ID,WijkenEnBuurten,Gemeentenaam_1,AantalInwoners_5\n0,Heerlen,Heerlen,1\n"), 2019)
    with pytest.raises(SourceError, match="kolom 'Codering_3' bevat 'Heerlen', geen CBS-gebiedscode"):
        kwb.read_odata_csv(
            write(tmp_path / "b.csv", "WijkenEnBuurten,Codering_3,AantalInwoners_5\nx,Heerlen,1\n"), 2019
        )
    with pytest.raises(SourceError, match="b2.csv: kolom 'AantalInwoners_5' bevat tekst.*'veel'.*gegevensrij 2"):
        kwb.read_odata_csv(
            write(tmp_path / "b2.csv", "WijkenEnBuurten,Codering_3,AantalInwoners_5\nx,GM0917,1\ny,GM0918,veel\n"), 2019
        )
    with pytest.raises(SourceError, match="c.csv: geen van de Kerncijfers-variabelen .* herkend"):
        kwb.read_odata_csv(write(tmp_path / "c.csv", "WijkenEnBuurten,Codering_3,Mannen_6\nx,GM0917,1\n"), 2019)
    with pytest.raises(SourceError, match="gebiedscode 'GM0917' komt twee keer voor"):
        kwb.read_odata_csv(
            write(tmp_path / "d.csv", "WijkenEnBuurten,Codering_3,AantalInwoners_5\nx,GM0917,1\nx,GM0917,2\n"), 2019
        )
    with pytest.raises(SourceError, match="e.csv: geen kopregel van een CSV"):
        kwb.read_odata_csv(write(tmp_path / "e.csv", ""), 2019)
    with pytest.raises(SourceError, match="g.csv: de laatste rij houdt halverwege op.*onvolledig"):
        kwb.read_odata_csv(write(tmp_path / "g.csv", ODATA_CSV[:-40]), 2019)
    with pytest.raises(SourceError, match="f.csv: bestand niet gevonden"):
        kwb.read_odata_csv(tmp_path / "f.csv", 2019)


# -- StatLine exports ----------------------------------------------------------------------------

STATLINE_HEADER = (
    "Wijk_Buurt;Regioaanduiding_Indelingswijziging_wijken_en_buurten;Bevolking_Aantal_inwoners;"
    "Wonen_Woningen_naar_eigendom_Huurwoningen_In_bezit_woningcorporatie_;"
    "Sociale_zekerheid_Personen_per_soort_uitkering_Bijstand\xa0\n"
)


def buurt_table() -> pd.DataFrame:
    """Two gemeenten; 'Centrum' exists in both, 'Verspreide huizen' twice within Heerlen."""
    rows = [
        ("BU09170000", "Centrum", "WK091700", "GM0917", "Heerlen"),
        ("BU09170001", "Versiliënbosch", "WK091700", "GM0917", "Heerlen"),
        ("BU09170100", "Verspreide huizen", "WK091701", "GM0917", "Heerlen"),
        ("BU09170200", "Verspreide huizen", "WK091702", "GM0917", "Heerlen"),
        ("BU09170201", "Vrieheide", "WK091702", "GM0917", "Heerlen"),
        ("BU09280000", "Centrum", "WK092800", "GM0928", "Kerkrade"),
        ("BU09280001", "Terwinselen", "WK092800", "GM0928", "Kerkrade"),
    ]
    return pd.DataFrame(rows, columns=["code", "naam", "wk_code", "gm_code", "gm_naam"])


def test_statline_export_in_cp1252_with_semicolons_and_decimal_commas(tmp_path):
    text = STATLINE_HEADER + (
        "Heerlen;;86762;37,5;4640\n"
        "Wijk 00 Centrum;1;5000;40;300\n"
        "Centrum;1;3000;45,2;200\n"
        "Versiliënbosch;1;2000;.;100\n"
        "Wijk 01 Verspreid;1;50;0;0\n"
        "Verspreide huizen;1;50;0;0\n"
        "Wijk 02 Vrieheide;1;4000;60;400\n"
        "Verspreide huizen;1;40;0;-\n"
        "Vrieheide;1;3960;61;400\n"
        "Kerkrade;;45000;30;2000\n"
        "Wijk 00 Kerkrade;1;45000;30;2000\n"
        "Terwinselen;1;45000;30;2000\n"
        "Bron: CBS;;;;\n"
    )
    path = write(tmp_path / "Kerncijfers_wijken_en_buurten_2019.csv", text, encoding="cp1252")
    frame, unmatched = kwb.read_statline_export(path, 2019, buurt_table())
    assert unmatched.empty
    codes = dict(zip(frame["naam"] + "@" + frame.index.astype(str), frame["code"]))
    assert codes == {
        "Heerlen@0": "GM0917", "Wijk 00 Centrum@1": "WK091700", "Centrum@2": "BU09170000",
        "Versiliënbosch@3": "BU09170001", "Wijk 01 Verspreid@4": "WK091701",
        "Verspreide huizen@5": "BU09170100",  # same name twice in Heerlen: resolved within its wijk
        "Wijk 02 Vrieheide@6": "WK091702", "Verspreide huizen@7": "BU09170200",
        "Vrieheide@8": "BU09170201", "Kerkrade@9": "GM0928", "Wijk 00 Kerkrade@10": "WK092800",
        "Terwinselen@11": "BU09280001",
    }
    assert frame.loc[0, "corporatie_pct"] == 37.5 and frame.loc[2, "corporatie_pct"] == pytest.approx(45.2)
    assert np.isnan(frame.loc[3, "corporatie_pct"]) and frame.loc[7, "bijstand"] == 0


def test_names_are_never_matched_across_gemeenten(tmp_path):
    text = STATLINE_HEADER + (
        "Heerlen;;86762;37;4640\n"
        "Wijk 00 Centrum;1;5000;40;300\n"
        "Centrum;1;2000;50;100\n"  # in Heerlen and in Kerkrade: Heerlen's is meant
        "Terwinselen;1;3000;45;200\n"  # only a Kerkrade buurt has this name
    )
    frame, unmatched = kwb.read_statline_export(write(tmp_path / "k.csv", text), 2019, buurt_table())
    assert frame["code"].tolist()[:3] == ["GM0917", "WK091700", "BU09170000"]
    assert pd.isna(frame.loc[3, "code"])
    assert unmatched.to_dict("records") == [
        {"naam": "Terwinselen", "soort": "buurt", "gm_code": "GM0917",
         "reden": "geen buurt met deze naam in Heerlen (GM0917) in de buurtkaart"}
    ]


def test_ambiguous_names_without_a_known_wijk_stay_unmatched(tmp_path):
    table = buurt_table()
    text = STATLINE_HEADER + (
        "Heerlen;;86762;37;4640\n"
        "Wijk 07 Elders;1;90;0;0\n"  # WK091707 is not in the table and no buurt of it matches uniquely
        "Verspreide huizen;1;90;0;0\n"
    )
    frame, unmatched = kwb.read_statline_export(write(tmp_path / "k.csv", text), 2019, table)
    assert frame["code"].isna().sum() == 2
    reasons = dict(zip(unmatched["naam"], unmatched["reden"]))
    assert reasons["Verspreide huizen"] == "2 buurten met deze naam in Heerlen (GM0917) en de wijk is onbekend"
    assert "WK091707 is geen vrije wijk van Heerlen (GM0917)" in reasons["Wijk 07 Elders"]


def test_unknown_gemeente_leaves_its_rows_unmatched(tmp_path):
    text = STATLINE_HEADER + "Maastricht;;120000;40;5000\nWijk 00 Centrum;1;5000;40;300\nCentrum;1;3000;45;200\n"
    frame, unmatched = kwb.read_statline_export(write(tmp_path / "k.csv", text), 2019, buurt_table())
    assert frame["code"].isna().all()
    assert unmatched["reden"].tolist() == [
        "geen gemeente met deze naam in de buurtkaart",
        "gemeente onbekend (geen gekoppelde gemeenterij erboven)",
        "gemeente onbekend (geen gekoppelde gemeenterij erboven)",
    ]


def test_statline_export_errors(tmp_path):
    with pytest.raises(SourceError, match="geen kolom met gebiedsnamen"):
        kwb.read_statline_export(write(tmp_path / "a.csv", "Regio,Bevolking_Aantal_inwoners\nHeerlen,1\n"), 2019)
    with pytest.raises(SourceError, match="een binair bestand, geen CSV"):
        kwb.read_statline_export(write(tmp_path / "b.csv", "PK\x03\x04\x00\x00garbage"), 2019)


def test_read_recognises_either_shape(tmp_path):
    odata, report = kwb.read(write(tmp_path / "kwb_2019_84583NED.csv", ODATA_CSV), 2019)
    assert len(odata) == 4 and report.empty
    text = STATLINE_HEADER + "Heerlen;;86762;37;4640\nWijk 00 Centrum;1;5000;40;300\n"
    named, report = kwb.read(write(tmp_path / "Kerncijfers_wijken_en_buurten_2019.csv", text), 2019, buurt_table())
    assert named["code"].tolist() == ["GM0917", "WK091700"] and report.empty


# -- column keys per year, from recorded DataProperties (tests/fixtures/kwb_dataproperties.json) --

DATAPROPERTIES = json.loads((Path(__file__).parent / "fixtures" / "kwb_dataproperties.json").read_text())


def keys_of(table: str) -> list[str]:
    return [item["Key"] for item in DATAPROPERTIES[table]["value"]]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("82339NED", {"inwoners": "AantalInwoners_4", "corporatie_pct": "InBezitWoningcorporatie_41",
                      "bijstand": "PersonenMetEenWWBUitkeringTotaal_73",
                      "laag_inkomen_pct": "HuishoudensMetLaagInkomen_69"}),
        ("83487NED", {"inwoners": "AantalInwoners_5", "huishoudens": "HuishoudensTotaal_28",
                      "woningen": "Woningvoorraad_34", "corporatie_pct": "InBezitWoningcorporatie_42",
                      "bijstand": "PersonenPerSoortUitkeringBijstand_74",
                      "laag_inkomen_pct": "HuishoudensMetEenLaagInkomen_72"}),
        ("85318NED", {"inwoners": "AantalInwoners_5", "huishoudens": "HuishoudensTotaal_28",
                      "woningen": "Woningvoorraad_34", "corporatie_pct": "InBezitWoningcorporatie_42",
                      "bijstand": "PersonenPerSoortUitkeringBijstand_83",
                      "laag_inkomen_pct": "HuishoudensMetEenLaagInkomen_78"}),
        # 2024: renumbered keys, and no low-income households: persons in poverty is another measure
        ("85984NED", {"inwoners": "AantalInwoners_5", "corporatie_pct": "InBezitWoningcorporatie_49",
                      "bijstand": "PersonenPerSoortUitkeringBijstand_87"}),
    ],
)
def test_variables_are_found_by_the_name_before_the_suffix(table, expected):
    assert kwb.odata_columns(keys_of(table)) == expected


def test_the_region_dimension_is_regios_in_2013():
    assert kwb.odata_dimension(keys_of("82339NED")) == "RegioS"
    assert kwb.odata_dimension(keys_of("85318NED")) == "WijkenEnBuurten"


def test_persons_in_poverty_is_named_not_used_as_low_income(tmp_path):
    assert kwb.not_the_same_measure(keys_of("85984NED")) == {"laag_inkomen_pct": "PersonenInArmoede_81"}
    assert kwb.not_the_same_measure(keys_of("85318NED")) == {}
    text = (
        "ID,WijkenEnBuurten,Gemeentenaam_1,SoortRegio_2,Codering_3,AantalInwoners_5,"
        "InBezitWoningcorporatie_49,PersonenInArmoede_81,PersonenPerSoortUitkeringBijstand_87\n"
        "0,Heerlen,Heerlen,Gemeente,GM0917,87000,36,9.1,4500\n"
    )
    frame = kwb.read_odata_csv(write(tmp_path / "kwb_2024_85984NED.csv", text), 2024)
    assert "laag_inkomen_pct" not in frame.columns
    assert frame.loc[0, ["inwoners", "corporatie_pct", "bijstand"]].tolist() == [87000, 36, 4500]
    assert len(frame.attrs["notes"]) == 1 and "PersonenInArmoede_81" in frame.attrs["notes"][0]


def test_a_2013_table_keyed_by_regios_reads(tmp_path):
    text = (
        "ID,RegioS,Gemeentenaam_1,SoortRegio_2,Codering_3,AantalInwoners_4,InBezitWoningcorporatie_41,"
        "HuishoudensMetLaagInkomen_69,PersonenMetEenWWBUitkeringTotaal_73\n"
        "0,Heerlen,Heerlen,Gemeente,GM0917,88000,38,13.0,4200\n"
    )
    frame = kwb.read_odata_csv(write(tmp_path / "kwb_2013_82339NED.csv", text), 2013)
    assert frame.loc[0, ["code", "naam"]].tolist() == ["GM0917", "Heerlen"]
    assert frame.loc[0, ["inwoners", "corporatie_pct", "bijstand", "laag_inkomen_pct"]].tolist() == [88000, 38, 4200, 13.0]
