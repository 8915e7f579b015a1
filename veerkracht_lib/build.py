"""Build one region's report: analysis once, then the three chapter notebooks (`chapters`) beside
the exports, overview and index page.

Everything is written into a temporary folder beside the target and renamed into place at
the end, so a failed or interrupted build never leaves a half-written report behind and
an earlier report stays untouched.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from veerkracht_lib import __version__, workbook
from veerkracht_lib.chapters import CHAPTERS, ChapterRun, start_server
from veerkracht_lib.config import RegionConfig
from veerkracht_lib.sources.inputs import load_inputs
from veerkracht_lib.workbook import NOTEBOOKS

if TYPE_CHECKING:  # the report machinery is imported when a build gets that far, so that bad params
    from veerkracht_lib.analysis.run import Analysis  # or input files fail within seconds


def build_region(config: RegionConfig, data_dir: Path | None = None, allow_missing: bool = False,
                 reports_dir: Path | None = None, progress: Callable[[str], None] = lambda msg: None,
                 print_maps: bool = True) -> Path:
    """Build ``reports/<slug>/`` for one region and return its path (``print_maps``: A4 PNGs in export/)."""
    reports_dir = reports_dir or workbook.reports_dir()
    reports_dir.mkdir(parents=True, exist_ok=True)
    target = reports_dir / config.slug
    tmp = Path(tempfile.mkdtemp(prefix=f".{config.slug}-", dir=reports_dir))
    tmp.chmod(0o755)
    try:
        work = tmp / "_werk"
        work.mkdir()
        analysis_path = work / "analysis.pkl"
        start_server()  # the chapters' fork server imports the report machinery while the inputs are read
        progress("gegevens lezen")
        inputs = load_inputs(config, data_dir, allow_missing)
        progress("analyse en hoofdstukken")
        from veerkracht_lib.analysis.run import analyse

        # the maps' display geometry is made beside the analysis (GEOS leaves the GIL to it), once for
        # this process and the chapters
        display = _Background(_prepare_display, inputs.target.sort_values("code").reset_index(drop=True))
        analysis = analyse(inputs)
        display.result()
        _save_display_caches(display_path(analysis_path))
        analysis.save(analysis_path)
        chapters = ChapterRun({name: NOTEBOOKS / f"{name}.py" for name in CHAPTERS},
                              {name: f"{analysis.config.title} – {title}" for name, title in CHAPTERS.items()},
                              {"region": config.slug, "analysis_path": str(analysis_path)}, tmp, work)
        try:
            import matplotlib

            matplotlib.use("Agg")  # this process draws the print maps off-screen
            from veerkracht_lib.rendering.exports import write_exports
            from veerkracht_lib.rendering.index_page import write_index
            from veerkracht_lib.rendering.pages import overview_page

            summary = inputs.summary
            del inputs  # every year's buurten: not needed any more, and large for big regions
            write_exports(analysis, tmp / "export", print_maps=print_maps)
            overview_page(analysis, tmp)
            write_index(analysis, tmp / "index.html", CHAPTERS, build_date=date.today(), print_maps=print_maps)
            (tmp / "build.json").write_text(json.dumps(build_stamp(config, summary, print_maps), indent=1, sort_keys=True))
            chapters.wait()
        finally:
            chapters.stop()
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
    from veerkracht_lib.rendering.static_maps import prepare_drawn

    prepare_display(buurten)
    prepare_drawn(buurten)


def display_path(analysis_path: Path) -> Path:
    """Where a build leaves the maps' display geometry for its chapters: beside the analysis."""
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
        analysis = Analysis.load(Path(analysis_path))
        caches = display_path(Path(analysis_path))
        if caches.is_file():  # written by the build beside the analysis
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
