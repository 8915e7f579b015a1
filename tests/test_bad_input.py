"""Bad input (issue 5): one clear message naming the file or parameter, exit code ≠ 0, earlier reports untouched.

Every case runs ``veerkracht build`` in a fresh interpreter against a reports folder that already holds
an earlier demo report of the *same* region name (``voorbeeldregio``), and checks afterwards that the
folder holds exactly that report, byte for byte, and no temporary folder. Broken data files are made in
a copy of the generated demo data. Names from the data (a ``<script>`` buurt, cp1252 CSV names) are
checked on the odd-names region of the shared batch build (conftest ``batch_run``).
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from conftest import ACCENT_NAME, SCRIPT_NAME, demo_raw, run_cli, write_params
from shapely.geometry import box

from veerkracht_lib.errors import TECHNICAL_NOTE

LBM_CSV = "Leefbaarometer-scores buurten 2014-2022.csv"


# ------------------------------------------------------------------------------------------ fixtures


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (hidden ones included) with the hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory, demo_report):
    """A reports folder holding an earlier demo report, and its snapshot."""
    reports = tmp_path_factory.mktemp("earlier") / "reports"
    shutil.copytree(demo_report, reports / "voorbeeldregio")
    return reports, snapshot(reports)


@pytest.fixture
def check_untouched(earlier):
    """After the test: the reports folder holds the earlier report only, unchanged (no new or temp folder)."""
    reports, before = earlier
    yield reports
    assert sorted(os.listdir(reports)) == ["voorbeeldregio"], "a new region or a temporary folder was left behind"
    assert snapshot(reports) == before, "the earlier report was changed"


def assert_one_clear_error(result: subprocess.CompletedProcess, *names: str) -> str:
    """Exit ≠ 0, no traceback, exactly one ``fout:`` message, naming every one of ``names``."""
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    assert result.stderr.count("fout:") == 1, result.stderr
    message = result.stderr[result.stderr.index("fout:"):]
    for name in names:
        assert name in message, f"{name!r} not named in: {message}"
    return message


def build(params: Path, reports: Path, *extra) -> subprocess.CompletedProcess:
    return run_cli("build", params, "--reports-dir", reports, *extra)


# ------------------------------------------------------------------------------------------ params


PARAMS_CASES = {
    "malformed_yaml": ("title: Voorbeeld\ngemeenten: [GM9901, GM9902\nbase_year: 2014\n", ["ongeldige YAML", "regel"]),
    "unknown_key": (None, ["treshold", "onbekende sleutel"]),
    "base_after_situation": (None, ["base_year", "2022", "situation_year", "2018"]),
    "empty_region": (None, ["gemeenten", "minstens één gemeentecode"]),
    "bad_code": (None, ["gemeenten", "GM99"]),
    "wrong_type": (None, ["situation_year"]),
}


@pytest.mark.parametrize("case", PARAMS_CASES)
def test_bad_params_file(case, tmp_path, demo_data, check_untouched):
    text, names = PARAMS_CASES[case]
    raw = demo_raw(demo_data)
    if case == "unknown_key":
        raw["treshold"] = raw.pop("thresholds")
    elif case == "base_after_situation":
        raw.update(base_year=2022, situation_year=2018)
    elif case == "empty_region":
        raw["gemeenten"] = []
    elif case == "bad_code":
        raw["gemeenten"] = ["GM9901", "GM99"]
    elif case == "wrong_type":
        raw["situation_year"] = "twintig"
    params = write_params(tmp_path, text if text is not None else raw)
    result = build(params, check_untouched)
    assert_one_clear_error(result, str(params), *names)


def test_params_file_that_is_not_utf8(tmp_path, check_untouched):
    params = tmp_path / "voorbeeldregio.yaml"
    params.write_bytes("title: Voorbeeldregio – Zuid\ngemeenten: [GM9901]\n".encode("cp1252"))
    assert_one_clear_error(build(params, check_untouched), str(params), "UTF-8")


def test_unknown_gemeente_code(tmp_path, demo_data, check_untouched):
    """A new region (no earlier report of its own): no report folder appears."""
    params = write_params(tmp_path, demo_raw(demo_data, gemeenten=["GM9901", "GM0000"]), name="nieuwe-regio")
    message = assert_one_clear_error(build(params, check_untouched), "GM0000", "gemeenten")
    assert "GM9901" in message  # says which codes the data do have


def test_year_absent_from_the_data(tmp_path, demo_data, check_untouched):
    params = write_params(tmp_path, demo_raw(demo_data, situation_year=2030))
    assert_one_clear_error(build(params, check_untouched), "2030")


# ------------------------------------------------------------------------------------------ broken data files


def _truncate(folder: Path) -> str:
    path = folder / "wijkenbuurten_2022_v1.gpkg"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    return path.name


def _corrupt(folder: Path) -> str:
    path = folder / "buurt_2014_v1.gpkg"
    path.write_bytes(b"<html><body>503 Service Unavailable</body></html>\n" * 40)  # an error page saved as .gpkg
    return path.name


def _rewrite_csv(path: Path, change) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(change(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


def _kwb_without_codes(folder: Path) -> str:
    def drop(rows):
        i = rows[0].index("Codering_3")
        return [r[:i] + r[i + 1:] for r in rows]

    _rewrite_csv(folder / "kwb_2022_DEMO.csv", drop)
    return "kwb_2022_DEMO.csv"


def _lbm_without_onv(folder: Path) -> str:
    def drop(rows):
        i = rows[0].index("onv")
        return [r[:i] + r[i + 1:] for r in rows]

    _rewrite_csv(folder / LBM_CSV, drop)
    return LBM_CSV


def _kwb_text_in_numbers(folder: Path) -> str:
    def spoil(rows):
        i = rows[0].index("AantalInwoners_5")
        rows[6][i] = "ca. 1200"
        return rows

    _rewrite_csv(folder / "kwb_2022_DEMO.csv", spoil)
    return "kwb_2022_DEMO.csv"


def _lbm_text_in_numbers(folder: Path) -> str:
    def spoil(rows):
        rows[9][rows[0].index("onv")] = "[n.v.t.]"  # brackets: must not be eaten as console markup
        return rows

    _rewrite_csv(folder / LBM_CSV, spoil)
    return LBM_CSV


BROKEN_FILES = {
    "truncated_geopackage": (_truncate, ["onvolledig of beschadigd"]),
    "corrupt_geopackage": (_corrupt, ["onvolledig of beschadigd"]),
    "kwb_csv_missing_code_column": (_kwb_without_codes, []),
    "lbm_csv_missing_column": (_lbm_without_onv, ["onv"]),
    "kwb_csv_text_in_numeric_column": (_kwb_text_in_numbers, ["AantalInwoners_5", "ca. 1200"]),
    "lbm_csv_text_in_numeric_column": (_lbm_text_in_numbers, ["'onv'", "[n.v.t.]"]),
}


@pytest.mark.parametrize("case", BROKEN_FILES)
def test_broken_data_file(case, tmp_path, demo_data, check_untouched):
    data = tmp_path / "downloads [cbs]"  # a folder name with brackets, as people make them
    shutil.copytree(demo_data, data)
    breaker, names = BROKEN_FILES[case]
    broken = breaker(data)
    raw = demo_raw(data)
    raw["data"] = {"source": "files", "dir": str(data)}
    params = write_params(tmp_path, raw)
    assert_one_clear_error(build(params, check_untouched), str(data / broken), *names)


# ------------------------------------------------------------------------------------------ one language

#: English words that no Dutch message uses ("is", "in", "data" are Dutch too, so they are not here)
ENGLISH = re.compile(r"\b(the|cannot|missing|not|has|have|file|folder|found|failed|could|should|must|does|with|and|or"
                     r"|expected|please|unknown|column|year|region|holds|download failed)\b", re.IGNORECASE)


def english_words(text: str, tmp: Path) -> list[str]:
    """The English words of ``text`` outside paths, URLs, options and quoted library messages (``technische melding``)."""
    text = text.replace(str(tmp), "<tmp>")
    text = re.sub(r"https?://\S+", "<url>", text)
    text = re.sub(r"--[a-z][\w-]*", "<optie>", text)  # --allow-missing
    text = re.sub(rf"\({TECHNICAL_NOTE}: .*", "", text)  # a library's words, quoted at the end of a line
    return ENGLISH.findall(text)


def test_the_english_detector_finds_the_old_messages(tmp_path):
    # the detector must be able to fail: the English messages of before catch it, their Dutch ones do not
    old = (f"{tmp_path}/buurt.gpkg: has no column BU_CODE; is this the buurt layer?\n"
           "region x: 5 input file(s) missing:\nparticulier (60) must be below corporatiebuurt (60)")
    assert english_words(old, tmp_path) == ["has", "column", "the", "region", "file", "missing", "must"]
    assert english_words(f"{tmp_path}/a b.gpkg: onleesbaar (technische melding: the file is not a database)",
                         tmp_path) == []


def test_the_command_line_speaks_dutch_on_its_main_error_paths(tmp_path, demo_data):
    """Bad params, missing data, a corrupt file, unused files: each message names what is wrong, in Dutch."""
    def cli(*args):
        return run_cli(*args, cwd=tmp_path, env={**os.environ, "COLUMNS": "400"})

    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    raw = demo_raw(data)
    raw["data"] = {"source": "files", "dir": str(data)}
    bad_params = write_params(tmp_path / "params", {**raw, "thresholds": {"particulier": 60}}, name="streng")
    truncated = data / "wijkenbuurten_2022_v1.gpkg"
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 3])
    corrupt = write_params(tmp_path / "params", raw, name="kapot")
    empty = tmp_path / "leeg"
    empty.mkdir()
    cases = {  # command -> what its message must name
        "bad params": (("build", bad_params, "--reports-dir", tmp_path / "r"),
                       [str(bad_params), "particulier (60)", "corporatiebuurt (60)"]),
        "missing data": (("build", "GM0917", "--data-dir", empty, "--reports-dir", tmp_path / "r"),
                         ["GM0917", "'wijkenbuurten_2022_v*.gpkg'", "Leefbaarometer", "--data-dir", "--allow-missing"]),
        "corrupt file": (("build", corrupt, "--reports-dir", tmp_path / "r"),
                         [str(truncated), "download het opnieuw"]),
        "no data folder": (("data", "status", "GM0917", "--data-dir", tmp_path / "nergens"),
                           [str(tmp_path / "nergens"), "--data-dir"]),
    }
    for case, (args, names) in cases.items():
        result = cli(*args)
        assert result.returncode == 1, (case, result.stderr)
        message = result.stderr[result.stderr.index("fout:"):]
        for name in names:
            assert name in message, f"{case}: {name!r} not named in {message}"
        assert not english_words(message, tmp_path), f"{case}: English {english_words(message, tmp_path)} in {message}"

    # the reasons `data status` gives for files it does not use
    (empty / "notities.csv").write_text("wat,waarom\n", encoding="utf-8")
    (empty / "lbm wijken.csv").write_text("wk_code,jaar,lbm,afw,fys,onv,soc,vrz,won\n", encoding="utf-8")
    buurt = gpd.GeoDataFrame({"BU_CODE": ["BU09170000"], "BU_NAAM": ["Centrum"]}, geometry=[box(0, 0, 9, 9)],
                             crs="EPSG:28992")
    buurt.to_file(empty / "buurten.gpkg")  # a buurtkaart without a year
    buurt.to_file(empty / "buurt_2009.gpkg")  # a year the region does not use
    buurt.rename(columns={"BU_CODE": "GM_CODE", "BU_NAAM": "GM_NAAM"}).to_file(empty / "gemeenten.gpkg")
    result = cli("data", "status", "GM0917", "--data-dir", empty)
    assert result.returncode == 0, result.stderr
    unused = result.stdout[result.stdout.index("Niet gebruikte bestanden"):]
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in unused.splitlines() if line.count("│") == 3}
    assert set(rows) == {f"{empty}/{name}" for name in ("notities.csv", "lbm wijken.csv", "buurten.gpkg",
                                                         "buurt_2009.gpkg", "gemeenten.gpkg")}, unused
    assert all(rows.values()) and "buurt_2015.shp" in rows[f"{empty}/buurten.gpkg"] and "(bu_code)" in unused
    assert not english_words(unused, tmp_path), f"English {english_words(unused, tmp_path)} in {unused}"


# ------------------------------------------------------------------------------------------ interrupted build


def _parents() -> dict[int, int]:
    """Every running process (zombies left out) with its parent's pid."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError):
            continue
        if state != "Z":
            parents[int(entry.name)] = int(parent)
    return parents


def descendants(pid: int) -> set[int]:
    """The running processes started by process ``pid``, directly or not."""
    parents, found, frontier = _parents(), set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def chapter_processes(pid: int) -> set[int]:
    """The chapter processes of builds in process ``pid``: the children of its chapters' fork server."""
    parents = _parents()
    servers = {p for p, parent in parents.items() if parent == pid
               and b"multiprocessing.forkserver" in Path(f"/proc/{p}/cmdline").read_bytes()}
    return {p for p, parent in parents.items() if parent in servers}


def wait_until_gone(pids: set[int], timeout: float = 60) -> set[int]:
    """Wait (at most ``timeout`` s) until none of ``pids`` runs; return those still running."""
    deadline = time.monotonic() + timeout
    while (alive := pids & set(_parents())) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def test_interrupted_build_leaves_no_temp_folder_and_the_earlier_report(demo_data, tmp_path, check_untouched):
    reports = check_untouched
    params = write_params(tmp_path, demo_raw(demo_data))
    process = subprocess.Popen(
        [sys.executable, "-m", "veerkracht_lib.cli", "build", str(params), "--reports-dir", str(reports), "--force"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not any((p / "_werk" / "analysis.pkl").exists() for p in reports.iterdir()
                      if p.name.startswith(".voorbeeldregio-")):  # the analysis is done: chapters start
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the build never got to its chapters"
            started |= descendants(process.pid)
            time.sleep(0.1)
        while not chapter_processes(process.pid) and process.poll() is None:
            time.sleep(0.02)
        started |= descendants(process.pid)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in a terminal signals the whole foreground group
        _, stderr = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode != 0
    assert "Traceback" not in stderr, stderr
    assert stderr.count("fout:") == 1 and "onderbroken" in stderr, stderr
    assert started, "the build started no chapter processes"
    assert not wait_until_gone(started), "processes of the build outlived it"


# ------------------------------------------------------------------------------------------ names from the data


@pytest.fixture(scope="module")
def odd_report(batch_run) -> Path:
    assert "vreemde-namen" not in batch_run.failures, batch_run.failures
    return batch_run.reports / "vreemde-namen"


def _pages(report: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(report.glob("*.html"))}


def test_script_buurt_name_is_shown_as_text(odd_report):
    pages = _pages(odd_report)
    assert len(pages) == 5
    escaped = html.escape(SCRIPT_NAME, quote=False)
    for name, page in pages.items():
        assert "<script>alert(1)" not in page.lower(), f"{name} holds the raw <script> name"
    # the largest buurt of the resilient area: it names that area in the summary, legends and chapter III,
    # and is a buurt in every map's data (escaped for HTML, then for JSON)
    in_map_data = json.dumps(escaped)[1:-1].replace("&", "\\u0026")
    assert escaped in pages["index.html"]
    for name in ("01_situatie.html", "02_ontwikkeling.html"):
        assert in_map_data in pages[name], name
    assert escaped in pages["02_ontwikkeling.html"]  # the area legend of map 7
    assert escaped in pages["03_werken_aan_veerkracht.html"]
    # the one-screen focuskaart keeps the name as JSON text (its tooltip escapes it when shown)
    assert json.dumps(SCRIPT_NAME, ensure_ascii=False)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e") \
        in pages["overzicht.html"]


def test_cp1252_kerncijfers_and_accented_names_load(odd_report, demo_report, odd_names_data):
    """A Kerncijfers CSV saved as cp1252 builds, with exactly the figures of the UTF-8 original."""
    odd = pd.read_csv(odd_report / "export" / "vreemde-namen_buurten.csv", dtype={"code": str}).set_index("code")
    demo = pd.read_csv(demo_report / "export" / "voorbeeldregio_buurten.csv", dtype={"code": str}).set_index("code")
    assert odd.loc[odd_names_data.accent_code, "naam"] == ACCENT_NAME
    assert odd.loc[odd_names_data.script_code, "naam"] == SCRIPT_NAME
    renamed = [odd_names_data.accent_code, odd_names_data.script_code]
    pd.testing.assert_frame_equal(odd.drop(columns="naam"), demo.drop(columns="naam"))
    assert (odd.drop(index=renamed)["naam"] == demo.drop(index=renamed)["naam"]).all()
    chapter1 = (odd_report / "01_situatie.html").read_text(encoding="utf-8")
    assert json.dumps(ACCENT_NAME) in chapter1 or ACCENT_NAME in chapter1  # in the map data, not mojibake
