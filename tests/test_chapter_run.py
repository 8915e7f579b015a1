"""How a build hands its chapters to kernels (`build.ChapterRun`), with stand-in kernels and chapters:
which kernel runs what, what a failure does to the other chapters, and that an abandoned build runs none."""
from __future__ import annotations

import threading

import pytest

from veerkracht_lib import build


class FakeKernel:
    def __init__(self, number: int):
        self.number, self.has_kernel, self.stopped = number, True, False

    def close_clients(self) -> None:
        pass

    def is_alive(self) -> bool:
        return not self.stopped

    def shutdown_kernel(self, now: bool = False) -> None:
        self.stopped = True


@pytest.fixture
def kernels(monkeypatch):
    """Stand-in kernels (numbered in start order) and chapters; ``gates[name]`` holds a chapter until set."""
    started: list[FakeKernel] = []
    gates = {name: threading.Event() for name in build.CHAPTERS}
    ran: dict[str, int] = {}
    failures: dict[str, Exception] = {}
    ready = threading.Event()
    ready.set()

    def warm_kernel():
        ready.wait(10)
        kernel = FakeKernel(len(started) + 1)
        started.append(kernel)
        return kernel

    def run_chapter(name, workdir, analysis_path, region, kernel):
        assert gates[name].wait(10), f"{name} was never released"
        if name in failures:
            raise failures[name]
        ran[name] = kernel.number
        return {"chapter": name}

    monkeypatch.setattr(build, "_warm_kernel", warm_kernel)
    monkeypatch.setattr(build, "run_chapter", run_chapter)
    return started, gates, ran, failures, ready


def test_one_kernel_runs_the_chapters_in_order(kernels, tmp_path):
    started, gates, ran, _, _ = kernels
    for gate in gates.values():
        gate.set()
    run = build.ChapterRun(tmp_path, tmp_path / "a.pkl", "regio")
    assert [run.notebook(name)["chapter"] for name in build.CHAPTERS] == list(build.CHAPTERS)
    assert ran == dict.fromkeys(build.CHAPTERS, 1)
    [thread.join(10) for thread in run.threads]
    assert started[0].stopped  # not kept: keep_kernel was not asked for


def test_a_second_kernel_takes_the_chapters_the_first_has_not_started(kernels, tmp_path):
    started, gates, ran, _, _ = kernels
    run = build.ChapterRun(tmp_path, tmp_path / "a.pkl", "regio")  # kernel 1 takes chapter I and waits there
    run.add_kernel()
    second, third = list(build.CHAPTERS)[1:]
    gates[second].set()
    gates[third].set()
    assert run.notebook(second) and run.notebook(third)  # done while chapter I still runs
    assert (ran[second], ran[third]) == (2, 2)
    gates[list(build.CHAPTERS)[0]].set()
    assert run.notebook(list(build.CHAPTERS)[0])
    assert ran[list(build.CHAPTERS)[0]] == 1


def test_a_failing_chapter_fails_the_chapters_not_yet_started(kernels, tmp_path):
    started, gates, ran, failures, _ = kernels
    first, second, third = build.CHAPTERS
    failures[first] = build.BuildError("hoofdstuk 01_situatie mislukt: KeyError")
    gates[first].set()
    run = build.ChapterRun(tmp_path, tmp_path / "a.pkl", "regio")
    for name in (first, second, third):
        with pytest.raises(build.BuildError, match="01_situatie mislukt"):
            run.notebook(name)
    assert ran == {} and started[0].stopped


def test_an_abandoned_build_runs_no_chapter_and_stops_its_kernel(kernels, tmp_path):
    started, gates, ran, _, ready = kernels
    ready.clear()  # the kernel is still starting when the build fails
    run = build.ChapterRun(tmp_path, tmp_path / "a.pkl", "regio")
    run.abandon()
    ready.set()
    [thread.join(10) for thread in run.threads]
    assert ran == {} and started[0].stopped
