"""`pip install .` (not editable) works: the built wheel, in a fresh venv, builds the demo from an empty folder.

The venv gets the wheel only (``--no-deps``); the dependencies come from the running environment's
site-packages through a ``.pth`` file, so nothing is downloaded again (building the wheel fetches
setuptools once, from pip's cache when it has it).
"""
from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


#: as on a machine without this checkout on the path (the wheel build leaves an egg-info in the checkout);
#: Jupyter's data (nbconvert templates, kernel specs) from the running environment, as its packages
CLEAN = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VEERKRACHT_WORKBOOK", "VEERKRACHT_CACHE")},
         "JUPYTER_PATH": os.pathsep.join([str(Path(sys.prefix) / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")])}


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=900, env=CLEAN, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.slow
def test_the_wheel_in_a_fresh_venv_builds_the_demo_from_an_empty_folder(tmp_path):
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp_path / "dist", REPO)
    wheel = next((tmp_path / "dist").glob("veerkracht-*.whl"))
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel)
    # then the dependencies, not the editable veerkracht: a path in a .pth does not run that folder's own .pth files
    (purelib / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")

    empty = tmp_path / "werkmap"
    empty.mkdir()
    where = run(python, "-c", "import veerkracht_lib; print(veerkracht_lib.__file__)", cwd=empty).stdout
    assert where.startswith(str(venv)), where
    run(venv / "bin" / "veerkracht", "build", "--no-print-maps", cwd=empty)
    report = empty / "reports" / "voorbeeldregio"
    assert {"index.html", "01_situatie.html", "02_ontwikkeling.html", "03_werken_aan_veerkracht.html"} <= {
        p.name for p in report.iterdir()}
    assert "Toelichting van de auteur" in (report / "03_werken_aan_veerkracht.html").read_text(encoding="utf-8")
    assert (empty / "data" / "voorbeeldregio" / "planted.json").is_file()  # the demo data, generated in the workbook
