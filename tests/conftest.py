"""Shared pytest fixtures."""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from ci_skips import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401 (CI: skips that fail)

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real official files kept next to the repository (``../shared/data``), read in place."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (see shared/data/SOURCES.md)")
    return SHARED_DATA


class LocalHTTPServer:
    """A real HTTP server on 127.0.0.1 for offline download tests.

    ``serve(path, body)`` registers a file; ``truncate_to=n`` announces the full length but
    sends only ``n`` bytes and closes the connection. ``handle(prefix, function)`` answers
    every path under ``prefix`` with ``function(path, query) -> (status, body, content_type)``.
    ``requests`` lists the paths (with query) asked for, in order.
    """

    def __init__(self):
        self.files: dict[str, tuple[bytes, int | None]] = {}
        self.handlers: dict[str, Callable] = {}
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server naming)
                server.requests.append(self.path)
                parts = urlsplit(self.path)
                if parts.path in server.files:
                    body, truncate_to = server.files[parts.path]
                    self._answer(200, body, "application/octet-stream", truncate_to)
                    return
                for prefix, function in server.handlers.items():
                    if parts.path.startswith(prefix):
                        self._answer(*function(parts.path, parse_qs(parts.query)))
                        return
                self._answer(404, b"not found", "text/plain")

            def _answer(self, status, body, content_type, truncate_to=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body if truncate_to is None else body[:truncate_to])
                self.wfile.flush()
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, body: bytes, *, truncate_to: int | None = None) -> None:
        self.files[path] = (body, truncate_to)

    def handle(self, prefix: str, function: Callable) -> None:
        self.handlers[prefix] = function


@pytest.fixture
def http_server():
    """A :class:`LocalHTTPServer` running in a thread for the duration of one test."""
    server = LocalHTTPServer()
    thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
    thread.join()


# ------------------------------------------------------------------ the demo report, built once per session
#
# The demo data are generated afresh into a session folder (the current generator, and no race with
# anyone regenerating data/voorbeeldregio), and the demo params are params/voorbeeldregio.yaml with only
# `data.dir` pointing there. The report is built once, by the CLI in a fresh interpreter, and shared.

REPO = Path(__file__).resolve().parents[1]
DEMO_PARAMS = REPO / "veerkracht_lib" / "params" / "voorbeeldregio.yaml"


def run_cli(*args, timeout: float = 600, **popen) -> subprocess.CompletedProcess:
    """``veerkracht ARGS`` in a fresh interpreter, as a user runs it; text output captured."""
    return subprocess.run([sys.executable, "-m", "veerkracht_lib.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, **popen)


def demo_raw(data_dir: Path, **changes) -> dict:
    """params/voorbeeldregio.yaml as a mapping, reading its data from ``data_dir``, with ``changes``."""
    raw = yaml.safe_load(DEMO_PARAMS.read_text(encoding="utf-8"))
    raw["data"] = {"source": "demo", "dir": str(data_dir)}
    raw.update(changes)
    return raw


def write_params(folder: Path, raw: dict | str, name: str = "voorbeeldregio") -> Path:
    """Save a params file ``folder/<name>.yaml`` (a mapping, or YAML text as given)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(raw if isinstance(raw, str) else yaml.safe_dump(raw, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    """A fresh copy of the generated demo data (planted.json included)."""
    from veerkracht_lib.demo import write_demo_data

    out = tmp_path_factory.mktemp("demo-data")
    write_demo_data(out)
    return out


@pytest.fixture(scope="session")
def planted(demo_data) -> dict:
    return json.loads((demo_data / "planted.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_config(demo_data):
    from veerkracht_lib.config import parse_config

    return parse_config(demo_raw(demo_data), slug="voorbeeldregio")


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory, demo_data, batch_started) -> subprocess.CompletedProcess:
    """``veerkracht build <demo params> --reports-dir TMP`` once per session: the finished process
    (its ``stdout`` and ``stderr``; the reports folder is its last argument).
    (The shared batch run, when needed, is started first and builds meanwhile.)"""
    base = tmp_path_factory.mktemp("demo-report")
    params = write_params(base / "params", demo_raw(demo_data))
    result = run_cli("build", params, "--reports-dir", base / "reports")
    assert result.returncode == 0, f"demo build failed:\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="session")
def demo_report(demo_build) -> Path:
    """The report folder of the session's demo build."""
    return Path(demo_build.args[-1]) / "voorbeeldregio"


@pytest.fixture(scope="session")
def demo_pages(demo_report) -> dict[str, str]:
    """The HTML of the index, the three chapters and the one-screen focuskaart, by file name."""
    from veerkracht_lib.build import CHAPTERS

    return {name: (demo_report / name).read_text(encoding="utf-8")
            for name in ["index.html", *(f"{chapter}.html" for chapter in CHAPTERS), "overzicht.html"]}


# Names from the data that must reach the page as text. The buurt is renamed in the 2022 buurtkaart;
# the Kerncijfers table of 2022 is saved in cp1252 (as Excel does) with accented names.
SCRIPT_NAME = "<script>alert(1)</script>"
ACCENT_NAME = "Café ’t Hoekje"  # é and ’ are single bytes in cp1252, invalid as UTF-8


@pytest.fixture(scope="session")
def odd_names_data(tmp_path_factory, demo_data, planted) -> SimpleNamespace:
    """Demo data with a buurt named ``<script>alert(1)</script>`` (the largest of the planted resilient
    area, so that it names an area in the narrative too), one named ``Café ’t Hoekje``, and the 2022
    Kerncijfers CSV re-encoded as cp1252 with accented names."""
    import geopandas as gpd
    import pandas as pd

    out = tmp_path_factory.mktemp("odd-names") / "data"
    shutil.copytree(demo_data, out)
    kwb_path = out / "kwb_2022_DEMO.csv"
    kwb = pd.read_csv(kwb_path, dtype=str, keep_default_na=False)
    code = kwb["Codering_3"].str.strip()
    inwoners = pd.to_numeric(kwb.set_index(code)["AantalInwoners_5"], errors="coerce")
    script_code = str(inwoners.reindex(planted["resilient"]).idxmax())
    accent_code = sorted(c for c in code if c.startswith("BU" + planted["rural_gemeenten"][0][2:]))[0]
    map_path = out / "wijkenbuurten_2022_v1.gpkg"
    buurten = gpd.read_file(map_path, layer="buurten")
    for target, name in ((script_code, SCRIPT_NAME), (accent_code, ACCENT_NAME)):
        assert (buurten["buurtcode"] == target).sum() == 1
        buurten.loc[buurten["buurtcode"] == target, "buurtnaam"] = name
    map_path.unlink()
    buurten.to_file(map_path, layer="buurten", driver="GPKG")
    kwb.loc[code == accent_code, "WijkenEnBuurten"] = ACCENT_NAME
    kwb.loc[code == script_code, "WijkenEnBuurten"] = "Strandlopérpark"
    with open(kwb_path, "w", encoding="cp1252", newline="") as fh:
        kwb.to_csv(fh, index=False)
    with pytest.raises(UnicodeDecodeError):
        kwb_path.read_text(encoding="utf-8")
    return SimpleNamespace(dir=out, script_code=script_code, accent_code=accent_code)


# ------------------------------------------------------------------ one batch run, shared by several tests


@pytest.fixture(scope="session")
def batch_started(request, tmp_path_factory, demo_config, odd_names_data) -> SimpleNamespace | None:
    """Start the shared batch run in a background thread when a selected test needs it, so that it
    runs alongside the demo build (a build keeps about one core busy; CI has two)."""
    if not any("batch_run" in item.fixturenames for item in request.session.items):
        return None
    from rich.console import Console

    from veerkracht_lib.batch import run_batch
    from veerkracht_lib.config import parse_config

    odd = parse_config(demo_raw(odd_names_data.dir, title="Vreemde namen (synthetische voorbeelddata)"),
                       slug="vreemde-namen")
    broken = parse_config(demo_raw(odd_names_data.dir, gemeenten=["GM0000"]), slug="kapot")
    state = SimpleNamespace(reports=tmp_path_factory.mktemp("batch") / "reports", configs=[demo_config, odd, broken],
                            console=StringIO(), failures=None, error=None, seconds=None)

    def run():
        start = time.perf_counter()
        try:
            state.failures = run_batch(state.configs, data_dir=None, allow_missing=False, jobs=2,
                                       continue_on_error=True, force=False, reports_dir=state.reports,
                                       console=Console(file=state.console, width=200))
        except BaseException as error:  # noqa: BLE001 - re-raised in the test that waits for it
            state.error = error
        state.seconds = time.perf_counter() - start

    state.thread = threading.Thread(target=run, name="batch_run", daemon=True)
    state.thread.start()
    return state


@pytest.fixture(scope="session")
def batch_run(batch_started) -> SimpleNamespace:
    """``run_batch`` with jobs=2 and --continue-on-error on three regions: the demo config again (for
    the determinism test), the demo config under another slug on the odd-names data, and a region
    with an unknown gemeente code (fails). Attributes: reports, configs, failures, output, seconds."""
    state = batch_started
    state.thread.join()
    if state.error is not None:
        raise state.error
    state.output = state.console.getvalue()
    return state
