"""What a chapter's process does: execute the chapter notebook by papermill in an in-process kernel
and turn it into its HTML page (`page`).

The chapters' fork server imports this module once (`chapters.PRELOAD`) and with it does what every
chapter would otherwise do first: import the report machinery, compile the HTML exporter's templates
and the notebook validator. Chapters forked from the server start with all of it done.
"""
from __future__ import annotations

import functools
import gc
import os
import sys
from pathlib import Path

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # else ipykernel's debugger warns on stderr
# nbformat's jsonschema imports the optional IRI checker rfc3987_syntax, which compiles some 35 grammars
# on import (1-2 s per process; python-jsonschema/jsonschema#1428). No notebook schema checks an IRI.
sys.modules.setdefault("rfc3987_syntax", None)

import tqdm.auto  # noqa: E402, F401 - before any kernel exists: imported inside one, it warns about ipywidgets

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # chapters draw off-screen; their figures are embedded as PNG

import folium  # noqa: E402, F401
import ipykernel.debugger  # noqa: E402, F401
import ipykernel.inprocess.ipkernel  # noqa: E402, F401
import jupytext  # noqa: E402
import matplotlib.pyplot  # noqa: E402, F401
import nbformat  # noqa: E402
import papermill  # noqa: E402
import seaborn  # noqa: E402, F401
from nbconvert import HTMLExporter  # noqa: E402
from ipykernel.inprocess.blocking import BlockingInProcessKernelClient  # noqa: E402
from ipykernel.inprocess.manager import InProcessKernelManager  # noqa: E402
from traitlets.config import Config  # noqa: E402

import veerkracht_lib.analysis.atelier  # noqa: E402, F401 - what the chapters import
import veerkracht_lib.analysis.robustness  # noqa: E402, F401
import veerkracht_lib.analysis.samenhang  # noqa: E402, F401
import veerkracht_lib.analysis.tweedeling  # noqa: E402, F401
import veerkracht_lib.rendering.narrative  # noqa: E402, F401
import veerkracht_lib.rendering.report  # noqa: E402, F401
from veerkracht_lib import workbook  # noqa: E402
from veerkracht_lib.errors import BuildError  # noqa: E402


def page(notebook: Path, parameters: dict, title: str) -> str:
    """The chapter's HTML page: ``notebook`` executed with ``parameters``."""
    return chapter_html(execute(notebook, parameters), title)


def execute(notebook: Path, parameters: dict) -> nbformat.NotebookNode:
    """Execute a jupytext notebook with papermill in an in-process kernel (in the workbook) and return it
    (in memory: nothing is written)."""
    source = jupytext.read(notebook)
    source.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    os.chdir(workbook.root())  # so that a region's own params/ (commentary, templates) are found
    kernel = _in_process_kernel()
    try:
        return papermill.execute_notebook(
            source, None, parameters=parameters, kernel_name="python3", cwd=str(workbook.root()),
            progress_bar=False, log_output=False, request_save_on_cell_execute=False, km=kernel,
        )
    except papermill.PapermillExecutionError as err:
        raise BuildError(f"{err.ename}: {err.evalue}") from None
    finally:
        kernel.shutdown_kernel()


class _Client(BlockingInProcessKernelClient):
    def wait_for_ready(self, timeout: float | None = None) -> None:
        """An in-process kernel is ready once made (the blocking client's own wait prints to stdout)."""


class _Kernel(InProcessKernelManager):
    """An IPython kernel in this process, with the call signatures nbclient uses for a kernel of its own."""

    def client(self, **kwargs):
        return _Client(parent=self, session=self.session, kernel=self.kernel, **kwargs)

    def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        super().shutdown_kernel()


def _in_process_kernel() -> _Kernel:
    # no history: a build's cells do not belong in the user's IPython history (nor three chapters in its file)
    kernel = _Kernel(config=Config({"HistoryManager": {"enabled": False}}))
    kernel.start_kernel()
    return kernel


@functools.cache
def _html_exporter():
    """One exporter per process: its templates are compiled once."""
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True, language_code="nl")
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    return exporter


def chapter_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """Self-contained HTML without code cells, prompts or network assets."""
    exporter = _html_exporter()
    notebook.metadata["title"] = title
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"  # jupytext and papermill make random ids; the HTML must be deterministic
        if "outputs" in cell:  # library warnings belong in the build log, not on the page
            cell.outputs = [o for o in cell.outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = exporter.from_notebook_node(notebook)
    return body


# the warm-up: the validator and the exporter's templates, compiled once for every chapter forked after it
_WARM = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm")])
nbformat.validate(_WARM)
chapter_html(_WARM, "warm")
# what the server has made is kept for good: the chapters' garbage collector does not go through it again
# (and so does not touch, and copy, the memory they share with the server)
gc.freeze()
