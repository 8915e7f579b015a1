"""Execute a build's chapter notebooks: each by papermill in a process of its own, all at once.

A chapter process is forked from a *fork server* (`multiprocessing`'s ``forkserver``) that has
imported the report machinery once: it starts beside the build's inputs and analysis, so a
chapter starts warm within milliseconds and all chapters run in parallel, each from a clean
namespace. Inside its process a chapter runs in an in-process IPython kernel, so papermill and
nbclient execute it as in any kernel, without a kernel's start-up and imports. The chapter turns
its notebook into the HTML page itself and writes it; a failure is written beside it for the build
to report. Where there is no fork server (Windows) the chapters are spawned, slower but the same.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from multiprocessing import connection
from pathlib import Path

from veerkracht_lib.errors import BuildError, technical_note

CHAPTERS = {
    "01_situatie": "I. Situatie",
    "02_ontwikkeling": "II. Ontwikkeling",
    "03_werken_aan_veerkracht": "III. Werken aan veerkracht",
}

#: the fork server imports these once: the report machinery, warmed up (see the module)
PRELOAD = ["veerkracht_lib.chapter_process"]


def _context():
    """The fork server where the platform has one (it is started once per process), else spawn."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    return context


def start_server() -> None:
    """Start the fork server now, so that it imports while the build reads and analyses its inputs."""
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class ChapterRun:
    """The chapters of one build, each in its own process, started together by a thread (a start waits
    until the fork server has warmed up; the build goes on with its exports meanwhile).

    ``notebooks`` maps a chapter name to its notebook (jupytext), ``titles`` to its page title;
    ``parameters`` are the notebooks' papermill parameters, ``pages`` the folder for the HTML pages
    and ``work`` for the failures.
    """

    def __init__(self, notebooks: dict[str, Path], titles: dict[str, str], parameters: dict, pages: Path, work: Path):
        context = _context()
        self.work = work
        environment = {**os.environ, "MPLBACKEND": "Agg"}
        self.processes = {
            name: context.Process(target=_chapter_process, name=f"veerkracht-{name}", daemon=True,
                                  args=(name, notebook, titles[name], parameters, pages, work, environment))
            for name, notebook in notebooks.items()
        }
        self._stopping, self._start_error = threading.Event(), None
        self._starter = threading.Thread(target=self._start, name="veerkracht-chapters", daemon=True)
        self._starter.start()

    def _start(self) -> None:
        try:
            for process in self.processes.values():
                if not self._stopping.is_set():
                    process.start()
        except Exception as error:  # noqa: BLE001 - raised by wait() in the build's thread
            self._start_error = error

    def wait(self) -> None:
        """Wait for every chapter; on a failure stop the others and raise that chapter's error."""
        self._starter.join()
        running = {name: process for name, process in self.processes.items() if process.pid is not None}
        if len(running) < len(self.processes):
            raise BuildError(f"de hoofdstukken konden niet worden gestart {technical_note(self._start_error or '?')}")
        try:
            while running:
                ended = connection.wait([process.sentinel for process in running.values()])
                for name, process in list(running.items()):
                    if process.sentinel in ended:
                        process.join()
                        del running[name]
                        if process.exitcode != 0:
                            raise self._failure(name)
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the chapters still running (the build failed or was interrupted)."""
        self._stopping.set()
        self._starter.join()
        started = [process for process in self.processes.values() if process.pid is not None]
        for process in started:
            if process.is_alive():
                process.terminate()
        for process in started:
            process.join()

    def _failure(self, name: str) -> BuildError:
        error = self.work / f"{name}.error"
        reason = error.read_text(encoding="utf-8") if error.is_file() else f"het proces stopte (code {self.processes[name].exitcode})"
        return BuildError(f"hoofdstuk {name} mislukt: {reason}")


def _chapter_process(name: str, notebook: Path, title: str, parameters: dict, pages: Path, work: Path,
                     environment: dict) -> None:
    """Run in the chapter's own process: execute, write the page, or write the failure and exit 1."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which stops the chapters
    os.environ.clear()
    os.environ.update(environment)  # the fork server's environment is that of its start, not of this build
    try:
        from veerkracht_lib import chapter_process  # imported by the fork server already; spawned: now

        page = chapter_process.page(notebook, parameters, title)
        (pages / f"{name}.html").write_text(page, encoding="utf-8")
    except BuildError as err:
        (work / f"{name}.error").write_text(str(err), encoding="utf-8")
        raise SystemExit(1) from None
    except BaseException as err:  # noqa: BLE001 - any failure is the chapter's, named in the build's error
        (work / f"{name}.error").write_text(f"{type(err).__name__}: {err}", encoding="utf-8")
        raise SystemExit(1) from None
