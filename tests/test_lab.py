"""`veerkracht lab` starts JupyterLab on the workbook: its API answers on localhost, the chapters open
as notebooks (jupytext), and it stops when asked."""
from __future__ import annotations

import os
import queue
import secrets
import socket
import subprocess
import sys
import threading

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

STARTUP = 180  # seconds: the most a loaded CI machine may take to start the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_lab_serves_the_workbook_notebooks_on_localhost_and_stops(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    workbook = tmp_path / "werkmap"
    workbook.mkdir()
    extra = ["--no-browser", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
             "--ServerApp.port_retries=0", *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])]
    server = subprocess.Popen([sys.executable, "-m", "veerkracht_lib.cli", "lab", *extra], cwd=workbook, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stderr] + [lines.put(None)], daemon=True).start()
    api = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        log = []
        while f"127.0.0.1:{port}/lab" not in "".join(log[-2:]):  # the server logs its URL once it listens
            line = lines.get(timeout=STARTUP)
            assert line is not None, "the lab server stopped:\n" + "".join(log)
            log.append(line)
        # the URL is logged just before the server accepts connections: connect retries bridge that moment
        http = requests.Session()
        http.mount(api, HTTPAdapter(max_retries=Retry(connect=60, backoff_factor=0.05, backoff_max=2)))
        status = http.get(f"{api}/api/status", headers=headers, timeout=30)
        assert status.status_code == 200 and "started" in status.json()
        chapter = http.get(f"{api}/api/contents/notebooks/01_situatie.py", params={"type": "notebook"},
                               headers=headers, timeout=30).json()
        assert chapter["type"] == "notebook"  # the .py chapter, copied into the workbook, opens as a notebook
        assert any("parameters" in cell["metadata"].get("tags", []) for cell in chapter["content"]["cells"])
        viewers = http.get(f"{api}/lab/api/settings/@jupyterlab/docmanager-extension:plugin", headers=headers, timeout=30).json()
        assert viewers["schema"]["properties"]["defaultViewers"]["default"]["python"] == "Jupytext Notebook"
        assert http.post(f"{api}/api/shutdown", headers=headers, timeout=30).status_code == 200
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
    assert (workbook / "notebooks" / "verkennen.py").is_file()
