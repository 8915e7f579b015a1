"""Every notebook, run top to bottom in a fresh kernel on the demo as JupyterLab runs it (nbclient,
no papermill, default parameters), shows its figures; the report module keeps the inline backend."""
from __future__ import annotations

import re

import jupytext
import nbformat
import pytest
from conftest import demo_raw, write_params
from nbclient import NotebookClient

from veerkracht_lib.workbook import NOTEBOOKS

#: notebook -> the least number of figures (PNG charts) it must show on the demo
FIGURES = {"01_situatie": 3, "02_ontwikkeling": 5, "03_werken_aan_veerkracht": 1, "verkennen": 3, "reproductie": 1}
MAPS = {"01_situatie": 4, "02_ontwikkeling": 3, "03_werken_aan_veerkracht": 1, "verkennen": 0, "reproductie": 0}


@pytest.fixture(scope="module")
def demo_workbook(tmp_path_factory, demo_data):
    """A workbook folder whose params/voorbeeldregio.yaml reads the session's demo data."""
    folder = tmp_path_factory.mktemp("workbook")
    write_params(folder / "params", demo_raw(demo_data))
    return folder


def execute(notebook: nbformat.NotebookNode, folder) -> nbformat.NotebookNode:
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in notebook.cells for output in cell.get("outputs", [])]


def test_the_notebooks_are_the_shipped_ones():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.py")) == sorted(FIGURES)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_a_notebook_runs_in_a_fresh_kernel_and_shows_its_figures(name, demo_workbook):
    notebook = execute(jupytext.read(NOTEBOOKS / f"{name}.py"), demo_workbook)
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs(notebook))
    figures = len(re.findall(r"<img alt='[^']+' style='max-width:100%' src='data:image/png;base64,", html))
    assert figures >= FIGURES[name]
    assert html.count("<details class='vk-static'>") == MAPS[name]  # each interactive map with its static twin
    errors = [o for o in outputs(notebook) if o.get("output_type") == "error"]
    assert not errors
    assert len(list((demo_workbook / "data" / "analyses").glob("voorbeeldregio-*.pkl"))) == 1  # computed once, reused


def test_importing_the_report_module_keeps_the_notebooks_inline_backend(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import veerkracht_lib.rendering.report\nimport matplotlib\nprint(matplotlib.get_backend())")])
    text = "".join(o.get("text", "") for o in outputs(execute(notebook, tmp_path)))
    assert "inline" in text, text
