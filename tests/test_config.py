"""Params files: the shipped ones load, bad ones fail with one line naming the key and the fix."""
from pathlib import Path

import pytest

from veerkracht_lib.config import PARAMS_DIR, ConfigError, load_config, parse_config, resolve_region


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
])
def test_bad_params_name_the_key(raw, words):
    with pytest.raises(ConfigError) as err:
        parse_config(raw, "test")
    message = str(err.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_malformed_yaml_names_file_and_line(tmp_path: Path):
    path = tmp_path / "kapot.yaml"
    path.write_text("title: x\ngemeenten: [GM0917\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"kapot.yaml: ongeldige YAML op regel \d"):
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
