"""One report per gemeente of a region, with an index page linking them."""
from pathlib import Path

from conftest import demo_raw, run_cli, write_params

from veerkracht_lib.config import parse_config


def test_each_gemeente_keeps_the_regions_years_and_thresholds():
    region = parse_config({"title": "Parkstad", "gemeenten": ["GM0917", "GM1954"], "base_year": 2016,
                           "thresholds": {"corporatie": [10, 30, 50, 70], "corporatiebuurt": 50}}, "parkstad")
    heerlen, beekdaelen = region.per_gemeente({"GM0917": "Heerlen", "GM1954": None})
    assert (heerlen.slug, heerlen.title, heerlen.gemeenten, heerlen.base_year) == ("gm0917", "Heerlen", ("GM0917",), 2016)
    assert heerlen.thresholds.corporatiebuurt == 50
    assert beekdaelen.title is None  # formed after the map's year: named from its parts when built


def test_per_gemeente_builds_one_report_each_and_an_index(tmp_path: Path, demo_data):
    params = write_params(tmp_path / "params", demo_raw(demo_data, gemeenten=["GM9903"], title="Eén gemeente"),
                          name="een")
    result = run_cli("build", params, "--per-gemeente", "--reports-dir", tmp_path / "reports")
    assert result.returncode == 0, result.stderr[-3000:]
    folder = tmp_path / "reports" / "een-per-gemeente"
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert '<a href="gm9903/index.html">openen</a>' in index and "Plaatwolde" in index
    assert "Synthetische voorbeelddata" in index  # the demo stays labelled on every page
    assert "<title>Plaatwolde – Veerkrachtkaarten" in (folder / "gm9903" / "index.html").read_text(encoding="utf-8")
    assert list((folder / "gm9903" / "export").glob("*.png")) == []  # a batch of gemeenten: no print maps by default
    again = run_cli("build", params, "--per-gemeente", "--reports-dir", tmp_path / "reports")
    assert "gm9903: al bij, overgeslagen" in again.stderr  # resumes: finished gemeenten are not built again
    with_maps = run_cli("build", params, "--per-gemeente", "--print-maps", "--reports-dir", tmp_path / "reports")
    assert with_maps.returncode == 0 and "gm9903: al bij" not in with_maps.stderr  # asked for: built again, with them
    assert len(list((folder / "gm9903" / "export").glob("*.png"))) >= 5


def test_the_index_says_which_gemeenten_have_no_report_and_why(tmp_path: Path):
    from veerkracht_lib.rendering.index_page import write_per_gemeente_index

    region = parse_config({"title": "Drie", "gemeenten": ["GM0917", "GM0928", "GM0882"]}, "drie")
    configs = region.per_gemeente({"GM0917": "Heerlen", "GM0928": "Kerkrade", "GM0882": "Landgraaf"})
    (tmp_path / "gm0917").mkdir()
    (tmp_path / "gm0917" / "index.html").write_text("rapport")
    write_per_gemeente_index(tmp_path / "index.html", "drie", "Drie", configs, {"gm0928": "buurtkaart ontbreekt"}, False)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "1 van de 3 gemeenten heeft een eigen rapportage; bij 2 lukte dat niet" in page
    assert '<a href="gm0917/index.html">' in page and "niet gemaakt: buurtkaart ontbreekt" in page
    assert "Landgraaf" in page and "niet gebouwd (de reeks stopte eerder" in page  # never built, no dead link
    assert "gm0882/index.html" not in page
