"""Batch builds, resume, --force, --continue-on-error, determinism and `veerkracht data status` (issue 5).

The batch run itself (demo config + odd-names config + a broken region, jobs=2, --continue-on-error)
is the session fixture ``batch_run`` in conftest.py; it also serves the bad-input name tests.
"""
from __future__ import annotations

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from conftest import demo_raw, run_cli, write_params
from rich.console import Console

from veerkracht_lib import batch
from veerkracht_lib.batch import is_up_to_date, run_batch
from veerkracht_lib.build import CHAPTERS
from veerkracht_lib.cli import region_args
from veerkracht_lib.config import ConfigError, parse_config, resolve_region

PAGES = ["index.html", *(f"{name}.html" for name in CHAPTERS)]
BUILD_DATE = re.compile(r'^.*class="vk-build-date".*$\n?', re.M)


def again(configs, reports: Path, **options) -> tuple[dict, str]:
    out = StringIO()
    kwargs = dict(data_dir=None, allow_missing=False, jobs=2, continue_on_error=False, force=False)
    failures = run_batch(configs, **{**kwargs, **options}, reports_dir=reports, console=Console(file=out, width=200))
    return failures, out.getvalue()


# ------------------------------------------------------------------------------------------ batch


def test_batch_builds_both_regions_and_reports_the_failed_one(batch_run):
    good = [c.slug for c in batch_run.configs[:2]]
    assert list(batch_run.failures) == ["kapot"]
    assert "GM0000" in batch_run.failures["kapot"]
    for slug in good:
        assert {p.name for p in (batch_run.reports / slug).iterdir()} >= {*PAGES, "build.json", "export"}
        assert f"{slug}: {batch_run.reports / slug / 'index.html'}" in batch_run.output
    assert sorted(os.listdir(batch_run.reports)) == sorted(good), "a failed region or a temporary folder was left"


def test_second_run_skips_up_to_date_regions(batch_run):
    configs = batch_run.configs[:2]
    before = {c.slug: (batch_run.reports / c.slug / "index.html").stat().st_mtime_ns for c in configs}
    failures, output = again(configs, batch_run.reports)
    assert failures == {}
    for config in configs:
        assert f"{config.slug}: al bij, overgeslagen" in output
        assert (batch_run.reports / config.slug / "index.html").stat().st_mtime_ns == before[config.slug]
    assert not is_up_to_date(batch_run.configs[2], None, batch_run.reports)  # never built


def test_up_to_date_follows_params_and_input_data(batch_run, demo_config, demo_data, tmp_path):
    reports = batch_run.reports
    assert is_up_to_date(demo_config, None, reports)
    raw = demo_raw(demo_data)
    raw["thresholds"] = {**raw["thresholds"], "corporatiebuurt": 80}
    assert not is_up_to_date(parse_config(raw, slug="voorbeeldregio"), None, reports)
    copy = tmp_path / "data"
    shutil.copytree(demo_data, copy)
    assert is_up_to_date(parse_config(demo_raw(copy), slug="voorbeeldregio"), None, reports) is False  # params differ
    # same params, one input file changed -> stale (the file is put back for the other tests)
    scores = demo_data / "Leefbaarometer-scores buurten 2014-2022.csv"
    original = scores.read_bytes()
    try:
        scores.write_text(original.decode("utf-8").replace("0.0", "0.1", 1), encoding="utf-8")
        assert is_up_to_date(demo_config, None, reports) is False
    finally:
        scores.write_bytes(original)
    assert is_up_to_date(demo_config, None, reports) is True


@pytest.fixture
def fake_build(monkeypatch) -> list[str]:
    """Replace the real build in ``run_batch`` (jobs=1 runs in this process): record the slugs built;
    the region ``kapot`` fails as a bad region does."""
    built = []

    def build_region(config, *args, **kwargs):
        if config.slug == "kapot":
            raise ConfigError("regio kapot: gemeente GM0000 komt niet voor in de buurtkaart 2022")
        built.append(config.slug)

    monkeypatch.setattr(batch, "build_region", build_region)
    return built


def test_force_rebuilds_up_to_date_regions(batch_run, fake_build):
    configs = batch_run.configs[:2]
    failures, output = again(configs, batch_run.reports, jobs=1)
    assert failures == {} and fake_build == [] and output.count("al bij, overgeslagen") == 2
    failures, _ = again(configs, batch_run.reports, jobs=1, force=True)
    assert failures == {} and fake_build == [c.slug for c in configs]


def test_stop_at_the_first_failure_unless_continue_on_error(batch_run, fake_build, demo_config):
    broken = batch_run.configs[2]
    failures, _ = again([broken, demo_config], batch_run.reports, jobs=1, force=True)
    assert list(failures) == ["kapot"] and fake_build == []
    failures, _ = again([broken, demo_config], batch_run.reports, jobs=1, force=True, continue_on_error=True)
    assert list(failures) == ["kapot"] and "GM0000" in failures["kapot"] and fake_build == ["voorbeeldregio"]


# ------------------------------------------------------------------------------------------ determinism


@pytest.mark.parametrize("page", PAGES)
def test_two_builds_give_identical_html_apart_from_the_build_date(page, demo_report, batch_run):
    first = (demo_report / page).read_text(encoding="utf-8")
    second = (batch_run.reports / "voorbeeldregio" / page).read_text(encoding="utf-8")
    if page == "index.html":
        assert len(BUILD_DATE.findall(first)) == 1
    assert BUILD_DATE.sub("", first) == BUILD_DATE.sub("", second)


def test_two_builds_give_identical_exports(demo_report, batch_run):
    for name in ("voorbeeldregio_buurten.csv", "voorbeeldregio_jaren.csv"):
        assert (demo_report / "export" / name).read_bytes() == (batch_run.reports / "voorbeeldregio" / "export" / name).read_bytes()


# ------------------------------------------------------------------------------------------ command line


def test_build_prints_progress_and_the_report_path_without_library_noise(demo_build, demo_report):
    output = demo_build.stdout + demo_build.stderr
    assert f"voorbeeldregio: {demo_report / 'index.html'}" in " ".join(output.split())  # rich wraps long lines
    for noise in ("Traceback", "WARNING", "Warning", "IPKernelApp"):
        assert noise not in output, output[-3000:]


def test_build_without_arguments_is_the_synthetic_demo_region():
    assert region_args([]) == ["voorbeeldregio"]
    config = resolve_region(region_args([])[0])
    assert config.slug == "voorbeeldregio" and config.synthetic
    assert region_args(["GM0928", "gm0917"]) == ["GM0928,gm0917"]
    assert resolve_region("GM0928,gm0917").gemeenten == ("GM0917", "GM0928")


def test_data_status_lists_the_demo_files_as_found(tmp_path, demo_data, planted):
    params = write_params(tmp_path, demo_raw(demo_data))
    wide = run_cli("data", "status", params, env={**os.environ, "COLUMNS": "300"})
    assert wide.returncode == 0, wide.stderr
    rows = [line for line in wide.stdout.splitlines() if "│" in line]
    data_files = [f for f in planted["files"] if f.endswith((".gpkg", ".csv"))]
    for name in data_files:
        row = next((r for r in rows if str(demo_data / name) in r), None)
        assert row and "gevonden" in row, f"{name} not listed as found:\n{wide.stdout}"
    assert sum("gevonden" in r for r in rows) == len(data_files)
    narrow = run_cli("data", "status", params, env={**os.environ, "COLUMNS": "80"})
    assert narrow.returncode == 0 and "…" not in narrow.stdout, narrow.stdout  # wrapped, never cut off


def test_a_data_dir_for_real_files_leaves_the_synthetic_region_its_own_data(tmp_path, demo_data):
    """``build --all --data-dir DIR``: DIR holds real files; the demo region still reads its generated ones."""
    from veerkracht_lib.config import parse_config
    from veerkracht_lib.sources.inputs import data_folder

    demo = parse_config({**demo_raw(demo_data), "data": {"source": "demo", "dir": str(demo_data)}}, slug="voorbeeldregio")
    real = parse_config({**demo_raw(demo_data), "data": {"source": "download"}}, slug="echt")
    assert data_folder(demo, tmp_path) == demo_data
    assert data_folder(real, tmp_path) == tmp_path


def test_data_status_of_an_unknown_region_is_one_clear_error():
    result = run_cli("data", "status", "nergenshuizen")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.count("fout:") == 1 and "nergenshuizen" in result.stderr


def test_the_command_line_speaks_dutch():
    result = run_cli("build", "--help")
    assert result.returncode == 0
    text = " ".join(re.sub("[│╭╮╰╯─]", " ", result.stdout).split())  # rich wraps the help in boxes
    for dutch in ("Bouw het rapport van een regio", "Opties", "Bouw opnieuw, ook als het rapport al bij is"):
        assert dutch in text, text
    for english in ("Build the report", "Rebuild even", "Worker processes"):
        assert english not in text, text
    unknown = run_cli("build", "nergenshuizen")
    assert unknown.stderr.count("fout:") == 1 and "onbekende regio 'nergenshuizen'" in " ".join(unknown.stderr.split())
