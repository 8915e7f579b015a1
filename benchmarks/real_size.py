#!/usr/bin/env python
"""Benchmark at the real national size (issue 14). Not a test: it prints figures and the budgets.

    python benchmarks/real_size.py --work /tmp/vk-national              # all steps
    python benchmarks/real_size.py --work /tmp/vk-national --sample 20  # all gemeenten estimated from 20
    python benchmarks/real_size.py --compare main                       # also: demo build vs another commit

Steps, each in a fresh process (wall and CPU time, peak memory of the process with its chapter processes):
files (national-size files, `national.write_national`, once per work folder) → prepare (first use of
every file: the prepared copies, from an empty cache) → one gemeente (warm, forced build) → nederland
(every buurt as one region) → per gemeente (every gemeente its own report, `--jobs 2`; or a sample of
them, extrapolated) → demo (a forced demo build here and, with `--compare REF`, in a worktree of REF,
alternating, to compare side by side).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

from benchmark import MB, PeakSampler, _load  # noqa: E402

BUDGETS = {"prepare_s": 180, "gemeente_s": 8, "all_gemeenten_s": 30 * 60, "nederland_s": 60,
           "peak_bytes": 3_000 * MB, "demo_ratio": 0.6}
GEMEENTE = "GM9001"  # a gemeente of the generated national files (about 40 buurten)


def timed(command: list[str], env: dict, cwd: Path = REPO) -> dict:
    """Run ``command``; wall and CPU time, peak summed PSS and RSS of its process tree, and its last output line.

    CPU time (user + system of the process and every descendant, its chapter processes included)
    hardly depends on what else the machine runs; wall time does.
    """
    _adopt_orphans()
    cpu_before = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = PeakSampler(process.pid)
    sampler.start()
    out, err = process.communicate()
    sampler.stopped.set()
    sampler.join()
    wall = time.perf_counter() - start
    _reap_orphans()
    result = {"wall_s": wall, "cpu_s": _children_cpu() - cpu_before, "peak_bytes": sampler.peak,
              "peak_pss_bytes": sampler.peak_pss}
    if process.returncode != 0:
        result["error"] = ((err or out).strip().splitlines() or ["?"])[-1][:300]
    result["output"] = (out.strip().splitlines() or [""])[-1]
    return result


def _adopt_orphans() -> None:
    """Make this process the reaper of its descendants' orphans (Linux): a build's fork server of chapters
    outlives the build by a moment, and its CPU time (with its chapters') counts only once it is reaped."""
    if sys.platform == "linux":
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap_orphans() -> None:
    """Wait for the adopted orphans of the step just timed (they end when the step's process has ended)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def veerkracht(*args, python: str = sys.executable) -> list[str]:
    return [python, "-m", "veerkracht_lib.cli", *map(str, args)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="folder for the national files, cache and reports (kept)")
    parser.add_argument("--sample", type=int, default=None, help="build this many gemeenten and extrapolate")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--compare", metavar="REF", help="a git commit or branch to compare the demo build with")
    parser.add_argument("--print-maps", action="store_true",
                        help="every-gemeente step with A4 print maps (a batch makes them only when asked)")
    parser.add_argument("--compare-path", default="", metavar="DIRS",
                        help="folders (os.pathsep-separated) added to the compared tree's PYTHONPATH: packages "
                             "it needs that this tree dropped, e.g. `pip install --no-deps --target DIR tobler`")
    parser.add_argument("--skip", default="", help="comma-separated steps to skip (files,prepare,gemeente,nederland,all,demo)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="veerkracht-national-"))
    skip = set(filter(None, args.skip.split(",")))
    files, cache, reports = work / "files", work / "cache", work / "reports"
    env = {**os.environ, "VEERKRACHT_CACHE": str(cache), "PYTHONPATH": str(REPO)}
    print(f"veerkracht real-size benchmark; {os.cpu_count()} cores; load average {_load()}; work folder {work}")
    results: dict = {}

    if not (files / "planted.json").is_file():
        print("  files: writing national-size files …", flush=True)
        script = f"import sys; sys.path.insert(0, {str(HERE)!r}); from national import write_national; " \
                 f"import json, pathlib; print(json.dumps(write_national(pathlib.Path({str(files)!r}))))"
        results["files"] = timed([sys.executable, "-c", script], env)
        _show("files", results["files"])
    sizes = {p.name: p.stat().st_size for p in files.iterdir() if p.is_file()}
    print(f"  national files: {len(sizes)} files, {sum(sizes.values()) / MB:.0f} MB")

    if "prepare" not in skip:
        shutil.rmtree(cache, ignore_errors=True)
        script = ("from pathlib import Path; from veerkracht_lib.config import resolve_region; "
                  "from veerkracht_lib.sources.inputs import load_inputs; "
                  f"load_inputs(resolve_region({GEMEENTE!r}), Path({str(files)!r}))")
        results["prepare"] = timed([sys.executable, "-c", script], env)
        prepared = sum(p.stat().st_size for p in (cache / "prepared").glob("*.parquet"))
        results["prepare"]["bytes"] = prepared
        _show("prepare (first use of every file)", results["prepare"], f"prepared copies {prepared / MB:.0f} MB")
    if "gemeente" not in skip:
        for label, extra in (("gemeente", ["--no-print-maps"]), ("gemeente_print", [])):
            command = veerkracht("build", GEMEENTE, "--data-dir", files, "--force", "--reports-dir", reports, *extra)
            results[label] = _summary([_checked(timed(command, env)) for _ in range(3)])  # the median of 3
            _show(f"one gemeente, warm{' (with print maps)' if extra == [] else ''}, median of 3", results[label])
    if "nederland" not in skip:
        results["nederland"] = timed(veerkracht("build", "nederland", "--data-dir", files, "--force", "--reports-dir",
                                                reports), env)
        _show("nederland (one region)", results["nederland"])
    if "all" not in skip:
        results["all"] = _all_gemeenten(files, reports, env, args.sample, args.jobs, args.print_maps)
        _show(f"every gemeente{' (sample ' + str(args.sample) + ')' if args.sample else ''}", results["all"],
              f"{results['all']['built']} built of {results['all']['gemeenten']}; "
              f"all estimated {results['all']['estimate_s'] / 60:.1f} min")
    if "demo" not in skip:
        results["demo"] = _demo(env, args.compare, work, args.compare_path)
        demo = results["demo"]
        print(f"  demo build: here {demo['wall_s']:.1f} s wall, {demo['cpu_s']:.1f} s CPU"
              + (f"; {args.compare} {demo['ref_wall_s']:.1f} s wall, {demo['ref_cpu_s']:.1f} s CPU;"
                 f" ratio {demo['ratio']:.2f} CPU, {demo['wall_ratio']:.2f} wall" if args.compare else ""))
        results["demo_floor"] = floor = _demo_floor(env, work, demo)
        print(f"  where the demo build's CPU goes: {floor['imports_s']:.1f} s importing (the build "
              f"{floor['build_imports_s']:.1f} s, the chapters' fork server {floor['server_imports_s']:.1f} s), "
              f"{floor['print_maps_s']:.1f} s the eight A4 print maps, {floor['rest_s']:.1f} s reading, analysing, "
              f"the chapters' maps and charts and the pages")
        if args.compare:
            print(f"  0.6 x {args.compare} would be {0.6 * demo['ref_cpu_s']:.1f} s of CPU; the imports and print maps "
                  f"alone take {floor['imports_s'] + floor['print_maps_s']:.1f} s")

    print(f"\nload average at the end {_load()}\n")
    for line in budgets(results):
        print(line)
    (work / "real_size.json").write_text(json.dumps(results, indent=1))
    return 0


def _all_gemeenten(files: Path, reports: Path, env: dict, sample: int | None, jobs: int, print_maps: bool = False) -> dict:
    """``build nederland --per-gemeente``; with a sample, a params file of that many gemeenten, extrapolated."""
    from veerkracht_lib.config import resolve_region
    from veerkracht_lib.sources.inputs import gemeenten_in_data

    os.environ["VEERKRACHT_CACHE"] = env["VEERKRACHT_CACHE"]
    names = gemeenten_in_data(resolve_region("nederland"), files)
    region = "nederland"
    if sample:
        chosen = sorted(names)[:: max(1, len(names) // sample)][:sample]
        params = reports.parent / "steekproef.yaml"
        params.write_text(json.dumps({"title": "Steekproef", "gemeenten": chosen}))  # JSON is YAML
        region = str(params)
    shutil.rmtree(reports / f"{Path(region).stem}-per-gemeente", ignore_errors=True)
    result = timed(veerkracht("build", region, "--per-gemeente", "--data-dir", files, "--jobs", jobs,
                              "--continue-on-error", "--reports-dir", reports,
                              *(["--print-maps"] if print_maps else [])), env)
    built = len(list((reports / f"{Path(region).stem}-per-gemeente").glob("gm*/index.html")))
    result.update(gemeenten=len(names), built=built,
                  estimate_s=result["wall_s"] * len(names) / max(built, 1))
    return result


def _demo(env: dict, compare: str | None, work: Path, compare_path: str = "") -> dict:
    """Forced demo builds, alternating between this tree and ``compare`` (a temporary git worktree).

    A failed build stops the benchmark: timing a crash would compare nothing (session 4 compared
    with a commit that crashed under today's pandas + pyarrow and took its 8 s as the reference).
    Commits from before pyarrow joined the dependencies (94e5b85) need pandas' python string storage;
    ``compat/sitecustomize.py`` sets it for the compared tree only.
    """
    reports = work / "demo-reports"
    if not compare:
        return _summary([_checked(timed(veerkracht("build", "--force", "--reports-dir", reports), env))])
    tree = work / "compare-tree"
    if tree.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=False)
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), compare], cwd=REPO, check=True,
                   capture_output=True)
    try:
        ref_env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(tree), str(HERE / "compat"), compare_path]))}
        ref, here = [], []
        for _ in range(3):  # alternate, so that a change of the machine's load hits both alike
            ref.append(_checked(timed(veerkracht("build", "--force", "--reports-dir", work / "demo-ref"), ref_env,
                                      cwd=tree)))
            here.append(_checked(timed(veerkracht("build", "--force", "--reports-dir", reports), env)))
        result = {**_summary(here), **{f"ref_{k}": v for k, v in _summary(ref).items() if not k.startswith("peak")}}
        result["ratio"] = result["cpu_s"] / result["ref_cpu_s"]
        result["wall_ratio"] = result["wall_s"] / result["ref_wall_s"]
        return result
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=False)


def _demo_floor(env: dict, work: Path, demo: dict) -> dict:
    """Where the demo build's CPU time goes: each process's imports (timed alone), the print maps (a build
    without them, median of 3) and the rest."""
    build_imports = timed([sys.executable, "-c", "import veerkracht_lib.cli, veerkracht_lib.batch, "
                           "veerkracht_lib.analysis.run, veerkracht_lib.rendering.exports, veerkracht_lib.rendering.pages"],
                          env)["cpu_s"]
    server_imports = timed([sys.executable, "-c", "import veerkracht_lib.chapter_process"], env)["cpu_s"]
    without = _summary([_checked(timed(veerkracht("build", "--force", "--no-print-maps", "--reports-dir",
                                                  work / "demo-reports"), env)) for _ in range(3)])
    print_maps = max(demo["cpu_s"] - without["cpu_s"], 0.0)
    imports = build_imports + server_imports
    return {"build_imports_s": build_imports, "server_imports_s": server_imports, "imports_s": imports,
            "print_maps_s": print_maps, "rest_s": demo["cpu_s"] - imports - print_maps}


def _checked(result: dict) -> dict:
    """The result of a build that must not fail (the benchmark stops: its figures would mean nothing)."""
    if "error" in result:
        raise SystemExit(f"a build failed: {result['error']}")
    return result


def _summary(runs: list[dict]) -> dict:
    """The median run's wall and CPU time (median: one run slowed by a neighbour does not count)."""
    middle = lambda key: sorted(r[key] for r in runs)[len(runs) // 2]  # noqa: E731
    return {"wall_s": middle("wall_s"), "cpu_s": middle("cpu_s"), "peak_bytes": max(r["peak_bytes"] for r in runs),
            "peak_pss_bytes": max(r["peak_pss_bytes"] for r in runs)}


def _show(label: str, result: dict, extra: str = "") -> None:
    error = f"  ERROR: {result['error']}" if "error" in result else ""
    print(f"  {label}: {result['wall_s']:.1f} s ({result['cpu_s']:.1f} s CPU), peak {result['peak_pss_bytes'] / MB:.0f} MB "
          f"(PSS; RSS summed {result['peak_bytes'] / MB:.0f} MB)"
          + (f"; {extra}" if extra else "") + error, flush=True)


def budgets(results: dict) -> list[str]:
    def line(text, value, budget, unit="s"):
        if value is None:
            return f"  {text}: – (not measured)"
        shown = f"{value / MB:.0f} MB" if unit == "bytes" else (f"{value:.2f}" if unit == "" else f"{value:.1f} s")
        return f"  {text}: {shown} -> {'ja' if value <= budget else 'NEE'}"

    get = lambda step, key="wall_s": results.get(step, {}).get(key)  # noqa: E731
    # PSS: the chapters are forked and share pages with their server; summed RSS counts a shared page per process
    peak = max((r.get("peak_pss_bytes", 0) for r in results.values() if isinstance(r, dict)), default=None)
    return ["Budgets (issue 14, 2 cores, real size):",
            line("cache preparation <= 3 min", get("prepare"), BUDGETS["prepare_s"]),
            line("one gemeente warm <= 8 s", get("gemeente"), BUDGETS["gemeente_s"]),
            line("every gemeente < 30 min", get("all", "estimate_s"), BUDGETS["all_gemeenten_s"]),
            line("nederland <= 60 s", get("nederland"), BUDGETS["nederland_s"]),
            line("peak memory (PSS) < 3 GB", peak, BUDGETS["peak_bytes"], "bytes"),
            line("forced demo build <= 0.6 x the compared commit (CPU)", get("demo", "ratio"), BUDGETS["demo_ratio"], "")]


if __name__ == "__main__":
    sys.exit(main())
