"""Params files: the shipped ones load, bad ones fail with one line naming the key and the fix."""
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from veerkracht_lib.config import PARAMS_DIR, ConfigError, _format_errors, load_config, parse_config, resolve_region


def test_shipped_params_load():
    demo = load_config(PARAMS_DIR / "voorbeeldregio.yaml")
    assert demo.synthetic and len(demo.gemeenten) == 5
    parkstad = load_config(PARAMS_DIR / "parkstad-limburg.yaml")
    assert set(parkstad.gemeenten) == {"GM1954", "GM0899", "GM0917", "GM0928", "GM0882", "GM0965", "GM0986"}
    assert (parkstad.base_year, parkstad.situation_year) == (2014, 2022)
    assert not parkstad.synthetic


@pytest.mark.parametrize("raw, words", [
    ({"title": "x", "gemeenten": ["GM12"]}, ["gemeenten", "GM12"]),
    ({"title": "x", "gemeenten": []}, ["gemeenten", "minstens één gemeentecode"]),
    ({"title": "x", "gemeenten": ["GM0917"], "base_year": 2023}, ["base_year", "situation_year"]),
    ({"title": "x", "gemeenten": ["GM0917"], "kleur": "rood"}, ["kleur", "onbekende sleutel"]),
    ({"title": "x", "gemeenten": ["GM0917"], "reference": "wereld"}, ["reference", "moet een van deze waarden zijn: 'nederland', 'gemeente' of 'regio'"]),
    ({"title": "x", "gemeenten": ["GM0917"], "thresholds": {"kwetsbaar": [80, 50, 125, 200]}}, ["thresholds.kwetsbaar", "moeten oplopen"]),
    ({"title": "x", "gemeenten": ["GM0917"], "vulnerability": {"components": {"bijstand": 0.7}}}, ["samen 1 zijn"]),
    ({"title": "x", "gemeenten": ["GM0917"], "cbs_year_tolerance": 21}, ["cbs_year_tolerance: mag hoogstens 20 zijn"]),
    ({"title": "x", "gemeenten": ["GM0917"], "thresholds": {"particulier": 70}},
     ["particulier (70) moet lager zijn dan corporatiebuurt (60)"]),
])
def test_bad_params_name_the_key(raw, words):
    with pytest.raises(ConfigError) as err:
        parse_config(raw, "test")
    message = str(err.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_a_check_without_a_dutch_text_quotes_pydantics_words_as_a_technical_note():
    with pytest.raises(ValidationError) as err:
        TypeAdapter(Annotated[int, Field(multiple_of=2)]).validate_python(3)
    assert _format_errors(err.value) == "bestand: ongeldige waarde (technische melding: Input should be a multiple of 2)"


def test_malformed_yaml_names_file_and_line(tmp_path: Path):
    path = tmp_path / "kapot.yaml"
    path.write_text("title: x\ngemeenten: [GM0917\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"kapot.yaml: ongeldige YAML op regel \d; verbeter het params-bestand "
                                          r"\(technische melding: .+\)$"):
        load_config(path)


def test_non_utf8_params(tmp_path: Path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: Gem\xe9ente\ngemeenten: [GM0917]\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(path)


def test_gemeente_codes_make_a_region():
    config = resolve_region("GM0917,GM0928")
    assert config.gemeenten == ("GM0917", "GM0928") and config.slug == "gm0917-gm0928"


def test_unknown_region_lists_known_ones():
    with pytest.raises(ConfigError, match="voorbeeldregio"):
        resolve_region("atlantis")


def test_all_gemeenten_is_the_nederland_region():
    nederland = load_config(PARAMS_DIR / "nederland.yaml")
    assert nederland.all_gemeenten and nederland.gemeenten == ("all",)
    assert not resolve_region("voorbeeldregio").all_gemeenten
    with pytest.raises(ConfigError, match="gemeenten"):
        parse_config({"title": "x", "gemeenten": "alles"}, "test")


def test_cbs_year_is_exact_unless_a_tolerance_allows_the_nearest():
    strict = parse_config({"title": "t", "gemeenten": ["GM0917"], "situation_year": 2022, "base_year": 2014}, "t")
    assert strict.cbs_year(2022, [2015, 2022]) == 2022
    assert strict.cbs_year(2022, [2015, 2021]) is None  # strict by default
    loose = strict.with_overrides(cbs_year_tolerance=2)
    assert loose.cbs_year(2022, [2015, 2021]) == 2021
    assert loose.cbs_year(2022, [2019]) is None  # 3 years away
    # a tie goes to the year inside the period: 2021 for the situation year, 2015 for the base year
    assert loose.cbs_year(2022, [2021, 2023]) == 2021
    assert loose.cbs_year(2014, [2013, 2015]) == 2015


def test_command_line_overrides_are_validated_like_params():
    config = resolve_region("voorbeeldregio")
    assert config.with_overrides(base_year=2016).base_year == 2016
    assert config.with_overrides() is config
    with pytest.raises(ConfigError, match=r"opdrachtregel: .*base_year \(2030\) moet vóór situation_year"):
        config.with_overrides(base_year=2030)
    with pytest.raises(ConfigError, match="cbs_year_tolerance"):
        config.with_overrides(cbs_year_tolerance=-1)


def test_a_region_of_gemeente_codes_is_named_from_the_data_and_kept_short():
    one = resolve_region("gm0855")
    assert (one.slug, one.title, one.adhoc) == ("gm0855", None, True)  # the title comes from the buurtkaart
    many = resolve_region(",".join(f"GM{n:04d}" for n in range(1, 151)))
    assert many.slug.startswith("gm0001-en-149-andere-") and len(many.slug) < 40
    assert resolve_region(",".join(f"GM{n:04d}" for n in range(150, 0, -1))).slug == many.slug  # order does not matter


@pytest.mark.parametrize("names, title", [
    (["Tilburg", "Tilburg"], "Tilburg"),
    (["Kerkrade", "Heerlen"], "Heerlen en Kerkrade"),
    (["Kerkrade", "Heerlen", "Brunssum", "Landgraaf", "Voerendaal"], "Brunssum, Heerlen en 3 andere gemeenten"),
])
def test_region_title_from_gemeente_names(names, title):
    from veerkracht_lib.config import region_title

    assert region_title(names) == title
