"""Build one or many regions: worker processes, one progress bar, resume of up-to-date reports."""
from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from veerkracht_lib.build import build_region, build_stamp, pdf_path, write_pdf
from veerkracht_lib.config import ConfigError, RegionConfig
from veerkracht_lib.sources.inputs import locate_inputs


def _known_errors() -> tuple[type[Exception], ...]:
    from veerkracht_lib.errors import BuildError, SourceError

    return (ConfigError, SourceError, BuildError, OSError)


def is_up_to_date(config: RegionConfig, data_dir: Path | None, reports_dir: Path, print_maps: bool = True) -> bool:
    """Same params, same input file hashes and same code as the existing report."""
    stamp_path = reports_dir / config.slug / "build.json"
    if not stamp_path.is_file():
        return False
    try:
        found = locate_inputs(config, data_dir, fetch=False)
    except _known_errors():
        return False
    import pandas as pd

    return json.loads(stamp_path.read_text()) == json.loads(json.dumps(build_stamp(config, pd.DataFrame(found.rows), print_maps), sort_keys=True))


def _build_one(config: RegionConfig, data_dir: Path | None, allow_missing: bool, reports_dir: Path,
               print_maps: bool = True, pdf: bool = False) -> str | None:
    """Worker: build a region (and its PDF); return an error message instead of raising for known errors.

    A PDF that cannot be made leaves the HTML report complete. The worker's fork server of chapters
    (`chapters.start_server`) is started by its first region and serves the next ones.
    """
    try:
        report = build_region(config, data_dir, allow_missing, reports_dir, print_maps=print_maps)
        if pdf:
            write_pdf(report, config.title or config.slug)
    except _known_errors() as err:
        return str(err)
    except Exception as err:  # an unexpected failure in one region must not stop a --continue-on-error batch
        return f"onverwachte fout {type(err).__name__}: {err} (meld dit, met het params-bestand)"
    return None


def _pdf_one(config: RegionConfig, reports_dir: Path) -> str | None:
    """The PDF of an up-to-date report that has none; an error message instead of raising for known errors."""
    try:
        write_pdf(reports_dir / config.slug, config.title or config.slug)
    except _known_errors() as err:
        return str(err)
    return None


def _done(config: RegionConfig, reports_dir: Path, pdf: bool) -> str:
    """The lines naming a finished report (and its PDF)."""
    report = reports_dir / config.slug
    return escape(f"{config.slug}: {report / 'index.html'}" + (f"\n{config.slug}: {pdf_path(report)}" if pdf else ""))


def run_batch(configs: list[RegionConfig], *, data_dir: Path | None, allow_missing: bool, jobs: int,
              continue_on_error: bool, force: bool, reports_dir: Path, console: Console,
              print_maps: bool = True, pdf: bool = False) -> dict[str, str]:
    """Build every region (``pdf``: and its PDF); return {slug: error message} for the ones that failed."""
    failures: dict[str, str] = {}
    todo = [c for c in configs if force or not is_up_to_date(c, data_dir, reports_dir, print_maps)]
    for skipped in [c for c in configs if c not in todo]:
        console.print(f"[dim]{skipped.slug}: al bij, overgeslagen (--force bouwt opnieuw)[/]")
        if pdf and not pdf_path(reports_dir / skipped.slug).is_file():
            error = _pdf_one(skipped, reports_dir)
            if error:
                failures[skipped.slug] = error
                if not continue_on_error:
                    return failures
            else:
                console.print(_done(skipped, reports_dir, pdf))
    if not todo:
        return failures
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("bouwen", total=len(todo))
        if jobs == 1 or len(todo) == 1:
            for config in todo:
                progress.update(task, description=f"bouwen: {config.slug}")
                error = _build_one(config, data_dir, allow_missing, reports_dir, print_maps, pdf)
                progress.advance(task)
                if error:
                    failures[config.slug] = error
                    if not continue_on_error:
                        break
                else:
                    progress.console.print(_done(config, reports_dir, pdf))
        else:
            context = multiprocessing.get_context("spawn")  # a fresh interpreter per worker, each with its own fork server
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                futures = {pool.submit(_build_one, c, data_dir, allow_missing, reports_dir, print_maps, pdf): c
                           for c in todo}
                for future in as_completed(futures):
                    config = futures[future]
                    error = future.result()
                    progress.advance(task)
                    if error:
                        failures[config.slug] = error
                        if not continue_on_error:
                            for other in futures:
                                other.cancel()
                            break
                    else:
                        progress.console.print(_done(config, reports_dir, pdf))
    return failures
