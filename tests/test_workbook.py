"""Any folder is a workbook: regions from its params/ first, then the built-in ones; the notebooks'
parameters and their cached analysis."""
from __future__ import annotations

import pytest
from conftest import demo_raw, write_params

from veerkracht_lib import build, workbook
from veerkracht_lib.config import ConfigError, resolve_region


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty working folder as the workbook."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(workbook.WORKBOOK_ENV, raising=False)
    return tmp_path


def test_an_empty_folder_knows_the_built_in_regions(folder):
    assert resolve_region("parkstad-limburg").slug == "parkstad-limburg"
    assert workbook.reports_dir() == folder / "reports"
    assert workbook.data_dir() == folder / "data"


def test_the_workbooks_own_params_come_before_the_built_in_ones(folder):
    write_params(folder / "params", {"title": "Eigen Parkstad", "gemeenten": ["GM0917"]}, name="parkstad-limburg")
    write_params(folder / "params", {"title": "Mijn regio", "gemeenten": ["GM0928"]}, name="mijnregio")
    assert resolve_region("parkstad-limburg").title == "Eigen Parkstad"
    assert resolve_region("mijnregio").gemeenten == ("GM0928",)
    with pytest.raises(ConfigError, match="bekende regio's: mijnregio, nederland, parkstad-limburg, voorbeeldregio"):
        resolve_region("onbekend")


def test_the_workbook_can_be_named_by_the_environment(folder, tmp_path_factory, monkeypatch):
    elsewhere = tmp_path_factory.mktemp("elders")
    write_params(elsewhere / "params", {"title": "Elders", "gemeenten": ["GM0917"]}, name="elders")
    monkeypatch.setenv(workbook.WORKBOOK_ENV, str(elsewhere))
    assert resolve_region("elders").title == "Elders"
    assert workbook.region_folder("elders") == elsewhere / "params" / "elders"


def test_a_kernel_in_the_packages_notebooks_folder_works_in_the_folder_holding_the_package(monkeypatch):
    monkeypatch.delenv(workbook.WORKBOOK_ENV, raising=False)
    monkeypatch.chdir(workbook.NOTEBOOKS)
    assert workbook.root() == workbook.PACKAGE.parent


def test_notebook_parameters_change_the_years_and_reference_of_the_params(folder):
    config = build.notebook_config("voorbeeldregio", base_year=2016, reference="gemeente")
    assert (config.base_year, config.situation_year, config.reference) == (2016, 2022, "gemeente")
    assert build.notebook_config("voorbeeldregio") == resolve_region("voorbeeldregio")
    with pytest.raises(ConfigError, match="base_year"):
        build.notebook_config("voorbeeldregio", base_year=2030)


def test_a_notebook_run_by_hand_computes_the_analysis_once_and_then_reuses_it(folder, demo_data, monkeypatch):
    from veerkracht_lib.analysis import run

    write_params(folder / "params", demo_raw(demo_data))
    first = build.open_analysis("voorbeeldregio")
    cached = list((folder / "data" / "analyses").glob("voorbeeldregio-*.pkl"))
    assert len(cached) == 1

    def analyse_again(inputs):
        raise AssertionError("the cached analysis should have been used")

    monkeypatch.setattr(run, "analyse", analyse_again)
    again = build.open_analysis("voorbeeldregio")
    assert again.buurten["kwetsbaar"].equals(first.buurten["kwetsbaar"])
    with pytest.raises(AssertionError, match="cached analysis"):  # other parameters: another analysis
        build.open_analysis("voorbeeldregio", reference="gemeente")
