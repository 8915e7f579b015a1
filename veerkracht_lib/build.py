"""Build one region's report: analysis once, three notebooks by papermill, HTML by nbconvert.

Everything is written into a temporary folder beside the target and renamed into place at
the end, so a failed or interrupted build never leaves a half-written report behind and
an earlier report stays untouched.
"""
from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from veerkracht_lib import __version__, workbook
from veerkracht_lib.config import RegionConfig
from veerkracht_lib.errors import BuildError
from veerkracht_lib.sources.inputs import load_inputs
from veerkracht_lib.workbook import NOTEBOOKS

if TYPE_CHECKING:  # the notebook and report machinery is imported when a build gets that far,
    import nbformat  # so that bad params or input files fail within seconds

    from veerkracht_lib.analysis.run import Analysis

#: buurten above which a single build runs its chapters in two kernels: for a small region the second
#: kernel's start-up (~3 s of CPU, while the first kernel starts and the inputs are read) costs more than
#: the chapter it takes over
SECOND_KERNEL_ABOVE = 2_000

CHAPTERS = {
    "01_situatie": "I. Situatie",
    "02_ontwikkeling": "II. Ontwikkeling",
    "03_werken_aan_veerkracht": "III. Werken aan veerkracht",
}


@functools.cache
def _html_exporter():
    """One exporter per process: its templates are compiled once, not per chapter (~0,3 s each)."""
    from nbconvert import HTMLExporter

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


def _shared_kernel_class():
    from jupyter_client.manager import KernelManager

    class SharedKernel(KernelManager):
        """A kernel that outlives the papermill runs using it; their clients are closed after each."""

        def client(self, **kwargs):
            client = super().client(**kwargs)
            self.open_clients = [*getattr(self, "open_clients", []), client]
            return client

        def close_clients(self) -> None:
            for client in getattr(self, "open_clients", []):
                client.stop_channels()
            self.open_clients = []

    return SharedKernel


class ChapterRun:
    """The chapters executed by papermill in a kernel, in a daemon thread that hands over each chapter
    when done; `add_kernel` adds a second kernel that takes the next chapter not yet started.

    A kernel's start-up and imports are paid once for its chapters, and the first kernel starts
    while the main process reads the inputs and analyses. Each chapter starts from an empty
    namespace (``%reset``), as if run alone. The main thread turns a finished chapter into HTML
    while the kernels run the next. Daemon threads, waited on with a timeout, let Ctrl-C stop the
    build at once; a kernel exits with this process (ipykernel's parent poller).

    ``keep_kernel``: after a successful build the kernel stays up for this process's next build
    (a batch of regions pays its start-up and imports once per worker, not once per region).
    """

    def __init__(self, workdir: Path, analysis_path: Path, region: str, keep_kernel: bool = False):
        self.done = {name: Future() for name in CHAPTERS}
        self.abandoned = threading.Event()
        self._queue, self._lock = list(CHAPTERS), threading.Lock()
        self._args = (workdir, analysis_path, region, keep_kernel)
        self.threads: list[threading.Thread] = []
        self.add_kernel()

    def add_kernel(self) -> None:
        """Start one more kernel on the chapters not yet started (for a large region: its start-up costs
        less than the chapter it takes over)."""
        thread = threading.Thread(target=self._run, args=self._args, name=f"veerkracht-chapters-{len(self.threads)}",
                                  daemon=True)
        self.threads.append(thread)
        thread.start()

    def _next(self) -> str | None:
        with self._lock:
            return self._queue.pop(0) if self._queue and not self.abandoned.is_set() else None

    def _run(self, workdir: Path, analysis_path: Path, region: str, keep_kernel: bool) -> None:
        kernel, current, failed = None, None, False
        try:
            kernel = _warm_kernel()
            while (current := self._next()) is not None:
                notebook = run_chapter(current, workdir, analysis_path, region, kernel)
                kernel.close_clients()
                self.done[current].set_result(notebook)
        except BaseException as err:  # handed to the main thread by notebook(), once the kernel is down
            failed = True
            if kernel is not None:
                _shutdown(kernel)
            with self._lock:  # the build fails: so do the chapters no kernel has started
                failing, self._queue = [current, *self._queue] if current else list(self._queue), []
            for name in failing:
                self.done[name].set_exception(err)
        finally:
            if kernel is not None and keep_kernel and not failed and kernel.is_alive():
                _KEPT.append(kernel)
            elif kernel is not None:
                _shutdown(kernel)

    def notebook(self, name: str) -> nbformat.NotebookNode:
        """The executed chapter, once it is done (its error if it failed, or another chapter failed
        before it was started)."""
        while True:
            try:
                return self.done[name].result(timeout=0.2)
            except TimeoutError:
                continue

    def abandon(self) -> None:
        """Stop the kernels without waiting for them: the build failed before its analysis was written."""
        self.abandoned.set()


#: a kernel left running by the previous build of this process (``keep_kernel``), at most one
_KEPT: list = []


def _warm_kernel():
    """The kernel kept by this process's previous build if it is still alive, else a new one."""
    while _KEPT:
        kernel = _KEPT.pop()
        if kernel.is_alive():
            return kernel
        _shutdown(kernel)
    kernel = _shared_kernel_class()(kernel_name="python3")
    # errors only: ipykernel otherwise warns on the terminal that localhost TCP is unencrypted;
    # in the workbook, so that a region's own params/ (commentary, templates) are found
    kernel.start_kernel(cwd=str(workbook.root()), env={**os.environ, workbook.WORKBOOK_ENV: str(workbook.root())},
                        extra_arguments=["--IPKernelApp.log_level=ERROR"])
    return kernel


def release_kernel() -> None:
    """Stop the kernel kept for a next build, if any."""
    while _KEPT:
        _shutdown(_KEPT.pop())


atexit.register(release_kernel)  # a worker of a process pool skips atexit: its kernel's parent poller stops it


def _shutdown(kernel) -> None:
    if kernel.has_kernel:
        kernel.shutdown_kernel(now=True)


#: each chapter starts from an empty namespace; what survives the reset (modules, the per-process map
#: caches) is then frozen out of the cyclic garbage collector, whose full pass in every reset took
#: 0.4 s of a kernel that had run a chapter (three per gemeente in a batch)
RESET_CELL = '%reset -f\n__import__("gc").freeze()'


def run_chapter(name: str, workdir: Path, analysis_path: Path, region: str, kernel) -> nbformat.NotebookNode:
    """Execute one chapter notebook with papermill in the build's ``kernel`` and return it executed."""
    import jupytext
    import nbformat
    import papermill

    source = jupytext.read(NOTEBOOKS / f"{name}.py")
    source.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source.cells.insert(0, nbformat.v4.new_code_cell(RESET_CELL, metadata={"tags": ["reset"]}))
    src_path, out_path = workdir / f"{name}.ipynb", workdir / f"{name}.executed.ipynb"
    nbformat.write(source, src_path)
    try:
        return papermill.execute_notebook(
            str(src_path), str(out_path), parameters={"region": region, "analysis_path": str(analysis_path)},
            kernel_name="python3", cwd=str(workbook.root()), progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, km=kernel,
        )
    except papermill.PapermillExecutionError as err:
        raise BuildError(f"hoofdstuk {name} mislukt: {err.ename}: {err.evalue}") from None


def build_region(config: RegionConfig, data_dir: Path | None = None, allow_missing: bool = False,
                 reports_dir: Path | None = None, progress: Callable[[str], None] = lambda msg: None,
                 print_maps: bool = True, keep_kernel: bool = False) -> Path:
    """Build ``reports/<slug>/`` for one region and return its path (``print_maps``: A4 PNGs in export/;
    ``keep_kernel``: leave the chapters' kernel running for this process's next build, see `ChapterRun`)."""
    reports_dir = reports_dir or workbook.reports_dir()
    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / config.slug
    tmp = Path(tempfile.mkdtemp(prefix=f".{config.slug}-", dir=reports_dir))
    tmp.chmod(0o755)
    try:
        work = tmp / "_werk"
        work.mkdir()
        analysis_path = work / "analysis.pkl"
        # The chapter threads import IPython (papermill); matplotlib's canvas in this thread reads
        # sys.modules["IPython"] and fails on a half-imported module, so it is imported here first.
        import IPython  # noqa: F401
        import matplotlib

        matplotlib.use("Agg")  # this process draws off-screen; the notebooks' kernel keeps its own (inline) backend

        # the chapters' kernel starts (and imports) now, and waits in open_analysis for the pickle
        chapters = ChapterRun(work, analysis_path, config.slug, keep_kernel)
        try:
            progress("gegevens lezen")
            inputs = load_inputs(config, data_dir, allow_missing)
            progress("analyse en hoofdstukken")
            from veerkracht_lib.analysis.run import analyse

            # the maps' display geometry is made beside the analysis (GEOS leaves the GIL to it), once for
            # this process and the kernels
            display = _Background(_prepare_display, inputs.target.sort_values("code").reset_index(drop=True))
            analysis = analyse(inputs)
            display.result()
            _save_display_caches(display_path(analysis_path))
            analysis.save(analysis_path)  # last: the kernels start on it
            # a batch worker keeps to one kernel: the other core is the other worker's
            if len(analysis.buurten) > SECOND_KERNEL_ABOVE and not keep_kernel and (os.cpu_count() or 1) > 1:
                chapters.add_kernel()
        except BaseException:
            analysis_path.with_suffix(".failed").touch()  # a waiting kernel stops; the error is not kept waiting
            chapters.abandon()
            raise
        from veerkracht_lib.rendering.exports import write_exports
        from veerkracht_lib.rendering.index_page import write_index
        from veerkracht_lib.rendering.pages import overview_page

        summary = inputs.summary
        del inputs  # every year's buurten: not needed any more, and large for big regions
        write_exports(analysis, tmp / "export", print_maps=print_maps)
        overview_page(analysis, tmp)
        for name, title in CHAPTERS.items():
            page = chapter_html(chapters.notebook(name), f"{analysis.config.title} – {title}")
            (tmp / f"{name}.html").write_text(page, encoding="utf-8")
        write_index(analysis, tmp / "index.html", CHAPTERS, build_date=date.today(), print_maps=print_maps)
        (tmp / "build.json").write_text(json.dumps(build_stamp(config, summary, print_maps), indent=1, sort_keys=True))
        shutil.rmtree(work)
        _replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


class _Background(threading.Thread):
    """``function(*args)`` in a thread; `result` waits for it and raises its error."""

    def __init__(self, function, *args):
        super().__init__(daemon=True, name="veerkracht-background")
        self.function, self.args, self.error = function, args, None
        self.start()

    def run(self) -> None:
        try:
            self.function(*self.args)
        except BaseException as error:  # noqa: BLE001 - handed to the caller of result()
            self.error = error

    def result(self) -> None:
        while self.is_alive():
            self.join(0.2)
        if self.error is not None:
            raise self.error


def _prepare_display(buurten) -> None:
    from veerkracht_lib.rendering.interactive import prepare_display

    prepare_display(buurten)


def display_path(analysis_path: Path) -> Path:
    """Where a build leaves the maps' display geometry for its kernels: beside the analysis."""
    return analysis_path.with_name("display.pkl")


def _save_display_caches(path: Path) -> None:
    import pickle

    from veerkracht_lib.rendering.interactive import display_caches

    path.with_suffix(".tmp").write_bytes(pickle.dumps(display_caches(), protocol=pickle.HIGHEST_PROTOCOL))
    path.with_suffix(".tmp").replace(path)


def pdf_path(report: Path) -> Path:
    """Where the report's PDF goes: ``reports/<slug>/<slug>.pdf``."""
    return report / f"{report.name}.pdf"


def write_pdf(report: Path, title: str) -> Path:
    """One PDF of the built ``report``: the overview page with the summary, then the chapters in order."""
    from veerkracht_lib.rendering.pdf import write_report_pdf

    pages = [(report / "index.html", "Overzicht"), *((report / f"{name}.html", label) for name, label in CHAPTERS.items())]
    return write_report_pdf(pages, pdf_path(report), title)


def _replace(new: Path, target: Path) -> None:
    """Swap ``new`` into ``target``; the old report is removed only after the swap."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:  # e.g. Ctrl-C between the two renames: put the earlier report back
        if old is not None and not target.exists():
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_stamp(config: RegionConfig, summary, print_maps: bool = True) -> dict:
    """What a build depended on: params, input file hashes and code version (for resume)."""
    from veerkracht_lib.sources import prepared  # the hash of a large file is computed once, then remembered

    files = {}
    for row in summary.to_dict("records"):
        if row["pad"]:  # a source and year may have several files (regional extracts)
            files[f"{row['bron']}:{row['jaar']}:{Path(row['pad']).name}"] = prepared.digest(Path(row["pad"]))
    return {"params": config.model_dump(mode="json"), "inputs": files, "code": code_version(), "print_maps": print_maps}


def code_version() -> str:
    """Version plus a hash of the library and notebooks, so a code change invalidates a build."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*Path(__file__).parent.rglob("*.py"), *Path(__file__).parent.rglob("*.j2")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def open_analysis(region: str = "voorbeeldregio", analysis_path: str = "", data_dir: str | Path | None = None,
                  allow_missing: bool = False, base_year: int | None = None, situation_year: int | None = None,
                  reference: str | None = None) -> Analysis:
    """For notebooks: the build's analysis, or (run by hand) the cached analysis of these parameters.

    By hand the analysis is computed once and cached in the workbook's ``data/analyses/``, keyed by
    the params, the input files (path, size, time) and the code version; a change to any recomputes it.
    """
    from veerkracht_lib.analysis.run import Analysis, analyse

    if analysis_path:
        analysis = Analysis.wait_and_load(Path(analysis_path))
        caches = display_path(Path(analysis_path))
        if caches.is_file():  # written by the build before the analysis
            import pickle

            from veerkracht_lib.rendering.interactive import seed_display_caches

            seed_display_caches(pickle.loads(caches.read_bytes()))
        return analysis
    config = notebook_config(region, base_year, situation_year, reference)
    data_dir = workbook.root() / data_dir if data_dir else None  # a relative folder is in the workbook
    cache = workbook.data_dir() / "analyses" / f"{config.slug}-{_analysis_key(config, data_dir, allow_missing)}.pkl"
    if cache.is_file():
        return Analysis.load(cache)
    analysis = analyse(load_inputs(config, data_dir, allow_missing))
    cache.parent.mkdir(parents=True, exist_ok=True)
    for stale in cache.parent.glob(f"{config.slug}-*.pkl"):  # one cached analysis per region
        stale.unlink(missing_ok=True)
    analysis.save(cache)
    return analysis


def notebook_config(region: str, base_year: int | None = None, situation_year: int | None = None,
                    reference: str | None = None) -> RegionConfig:
    """The region's params with the years and reference level a notebook's parameters set."""
    from veerkracht_lib.config import parse_config, resolve_region

    config = resolve_region(region)
    changes = {k: v for k, v in {"base_year": base_year, "situation_year": situation_year, "reference": reference}.items() if v}
    if not changes:
        return config
    return parse_config({**config.model_dump(exclude={"slug"}), **changes}, config.slug, origin=f"notebookparameters van {region}")


def _analysis_key(config: RegionConfig, data_dir: Path | None, allow_missing: bool) -> str:
    from veerkracht_lib.sources.inputs import locate_inputs

    files = sorted({str(r["pad"]) for r in locate_inputs(config, data_dir, fetch=False).rows if r["pad"]})
    stats = [(f, os.stat(f).st_size, os.stat(f).st_mtime_ns) for f in files]
    text = json.dumps([config.model_dump(mode="json"), str(data_dir), allow_missing, stats, code_version()])
    return hashlib.sha256(text.encode()).hexdigest()[:16]
