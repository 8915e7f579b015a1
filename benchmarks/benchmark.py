#!/usr/bin/env python
"""Performance benchmark of veerkracht on the scaled demo generator. Not a test: it prints figures.

    python benchmarks/benchmark.py            # 50, 300, 500, 2,000 and 14,000 buurten
    python benchmarks/benchmark.py --quick    # without 14,000

Per size it generates the demo data (``demo.write_demo_data(n_buurten=...)``), reads and analyses
them (the ``nederland`` analysis at 14,000 buurten: every gemeente in one region), writes the
national overview map, and builds the whole report (``build.build_region``: three chapters by
papermill, data cached on disk) in a fresh Python process, as ``veerkracht build`` would. Every
step runs in its own process; its peak memory is the largest sum of the resident memory of that
process and all its children (the Jupyter kernels) seen while it ran. At the end it prints one
table, the budgets of issue 5 (met or not) and how time and size grow from the smallest to the
largest size.
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
import threading
import time
from pathlib import Path

SIZES = (50, 300, 500, 2_000, 14_000)
QUICK_SIZES = (50, 300, 500, 2_000)
CHAPTERS = ("01_situatie", "02_ontwikkeling", "03_werken_aan_veerkracht")
MB = 1_000_000
BUDGETS = {  # issue 5
    "build_300_s": 20.0,  # one region of ~300 buurten, all three chapters, data cached, 2 cores
    "chapter_500_bytes": 2 * MB,  # each chapter page at 500 buurten
    "overview_14000_bytes": 10 * MB,  # national overview map of ~14,000 buurten
    "peak_memory_bytes": 2_000 * MB,  # peak memory of any step
}
BUILD_TIMEOUT_S = 1_800
NATIONAL = 14_000  # from this size on the region is params/nederland.yaml (gemeenten: all) on the generated data
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HERE = Path(__file__).resolve().parent


# ----------------------------------------------------------------------------- memory of a process tree


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    stat = fh.read().decode("ascii", "replace")
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    return children


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size: resident memory with shared pages divided among their users."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) summed over ``pid`` and all its descendants (psutil if installed, else /proc).

    The RSS sum counts shared pages (libraries, copy-on-write) once per process, so it
    overstates; the PSS sum shares them out and is what the processes really take together.
    """
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            root = psutil.Process(pid)
            tree = [root, *root.children(recursive=True)]
            return sum(p.memory_info().rss for p in tree), sum(_pss(p.pid) for p in tree)
        except psutil.Error:
            return 0, 0
    children, rss, pss, todo = _children_map(), 0, 0, [pid]
    while todo:
        current = todo.pop()
        rss += _rss(current)
        pss += _pss(current)
        todo.extend(children.get(current, []))
    return rss, pss


class PeakSampler(threading.Thread):
    """Samples the resident memory of a process tree every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.peak_pss = pid, interval, 0, 0
        self.stopped = threading.Event()
        self.available = os.path.isdir("/proc") or _has_psutil()

    def run(self):
        while self.available and not self.stopped.is_set():
            rss, pss = tree_memory(self.pid)
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            self.stopped.wait(self.interval)


def _has_psutil() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


def run_step(step: str, n: int, work: Path, timeout: float | None = None) -> dict:
    """Run ``benchmark.py --step`` in a fresh process; add its wall time and peak tree memory."""
    command = [sys.executable, str(Path(__file__).resolve()), "--step", step, "--n", str(n), "--work", str(work)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = PeakSampler(process.pid)
    sampler.start()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process.pid)
        out, err = process.communicate()
        return {"error": f"timeout after {timeout:.0f} s", "wall_s": time.perf_counter() - start,
                "peak_bytes": sampler.peak, "peak_pss_bytes": sampler.peak_pss}
    finally:
        sampler.stopped.set()
        sampler.join()
    wall = time.perf_counter() - start
    peak = sampler.peak
    if not sampler.available:  # no /proc, no psutil: the largest single child process
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        tail = (err or out).strip().splitlines()[-1:]  # the exception line
        return {"error": tail[0][:300] if tail else f"exit code {process.returncode}", "wall_s": wall, "peak_bytes": peak,
                "peak_pss_bytes": sampler.peak_pss}
    result = json.loads(lines[-1])
    result.update(wall_s=wall, peak_bytes=peak, peak_pss_bytes=sampler.peak_pss)
    return result


def _kill_tree(pid: int) -> None:
    """Stop the step and the kernels it started (only processes this benchmark started)."""
    children = _children_map() if os.path.isdir("/proc") else {}
    todo, found = [pid], []
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    for current in reversed(found):
        try:
            os.kill(current, 9)
        except OSError:
            pass


# ----------------------------------------------------------------------------- the steps (child processes)


def _data_dir(work: Path, n: int) -> Path:
    return work / f"data_{n}"


def _config(work: Path, n: int):
    """The region of all generated gemeenten; at national size the ``nederland`` params themselves."""
    import yaml

    from veerkracht_lib.config import parse_config

    folder = _data_dir(work, n)
    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))
    raw = {"title": f"Benchmark {n} buurten", "gemeenten": sorted(planted["gemeenten"])}
    if n >= NATIONAL:
        raw = yaml.safe_load((HERE.parent / "veerkracht_lib" / "params" / "nederland.yaml").read_text(encoding="utf-8"))
    return parse_config({**raw, "data": {"source": "files", "dir": str(folder)}}, slug=f"bench-{n}")


def step_data(n: int, work: Path) -> dict:
    from veerkracht_lib.demo import write_demo_data

    folder = _data_dir(work, n)
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    planted = write_demo_data(folder, n_buurten=n)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "buurten": planted["n_buurten"]["2022"], "gemeenten": len(planted["gemeenten"]),
            "bytes": sum(p.stat().st_size for p in folder.iterdir())}


def step_analysis(n: int, work: Path) -> dict:
    """Inputs + analysis (the region as one, like ``nederland``), the chapters' heavy computations, the overview."""
    start = time.perf_counter()
    from veerkracht_lib.analysis.robustness import robustness_table
    from veerkracht_lib.analysis.run import analyse
    from veerkracht_lib.analysis.samenhang import morans_i
    from veerkracht_lib.rendering.overview import overview_map
    from veerkracht_lib.sources.inputs import load_inputs

    imports = time.perf_counter() - start
    config = _config(work, n)
    start = time.perf_counter()
    inputs = load_inputs(config)
    read = time.perf_counter() - start
    start = time.perf_counter()
    analysis = analyse(inputs)
    analysed = time.perf_counter() - start
    start = time.perf_counter()
    robustness_table(analysis)
    robust = time.perf_counter() - start
    start = time.perf_counter()
    for column in ("onv", "kwetsbaar"):
        morans_i(analysis.buurten, column)
    moran = time.perf_counter() - start
    path = work / f"overview_{n}.html"
    start = time.perf_counter()
    overview_map(analysis.buurten, analysis.schemes["focus"], path, f"Focuskaart, {n} buurten (synthetisch)",
                 "Bron: synthetische voorbeelddata (veerkracht_lib.demo)",
                 class_column=analysis.class_column("focus", "nederland"))
    overview = time.perf_counter() - start
    return {"imports_s": imports, "inputs_s": read, "analysis_s": analysed, "robustness_s": robust, "moran_s": moran,
            "overview_s": overview, "overview_bytes": path.stat().st_size, "areas": len(analysis.areas)}


def step_build(n: int, work: Path) -> dict:
    """The whole report as ``veerkracht build`` makes it (this process's start-up counts in the wall time)."""
    from veerkracht_lib.build import build_region

    reports = work / f"reports_{n}"
    shutil.rmtree(reports, ignore_errors=True)
    start = time.perf_counter()
    target = build_region(_config(work, n), reports_dir=reports)
    seconds = time.perf_counter() - start
    pages = {name: (target / f"{name}.html").stat().st_size for name in CHAPTERS}
    return {"seconds": seconds, "pages": pages}


def step_browser(n: int, work: Path) -> dict:
    """Load the overview page in headless chromium, network blocked: time to drawn, and one zoom step."""
    from playwright.sync_api import sync_playwright

    path = work / f"overview_{n}.html"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            start = time.perf_counter()
            page.goto(path.resolve().as_uri())
            page.wait_for_function("window.vkOverview !== undefined", timeout=120_000)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            loaded = time.perf_counter() - start
            zoom_ms = page.evaluate("""() => new Promise(resolve => {
                const map = window.vkOverview.map, t0 = performance.now();
                map.once("zoomend", () => requestAnimationFrame(() => requestAnimationFrame(
                    () => resolve(performance.now() - t0))));
                map.setZoom(map.getZoom() + 1, {animate: false});
            })""")
            return {"load_s": loaded, "zoom_ms": zoom_ms, "errors": errors}
        finally:
            browser.close()


STEPS = {"data": step_data, "analysis": step_analysis, "build": step_build, "browser": step_browser}


# ----------------------------------------------------------------------------- the table


def _s(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def _mb(value) -> str:
    return "–" if value is None else f"{value / MB:.2f}"


def _ok(ok) -> str:
    return "–" if ok is None else ("ja" if ok else "NEE")


def report(results: dict, sizes: tuple) -> str:
    lines = []
    header = (f"{'buurten':>8} {'gem.':>5} {'data s':>7} {'inp+an s':>9} {'robust s':>9} {'moran s':>8} "
              f"{'build s':>8} {'I MB':>6} {'II MB':>6} {'III MB':>6} {'overz. MB':>10} {'overz. s':>9} {'piek MB':>8}")
    lines += [header, "-" * len(header)]
    for n in sizes:
        r = results[n]
        data, analysis, build = r.get("data", {}), r.get("analysis", {}), r.get("build", {})
        pages = build.get("pages", {})
        peak = max((v.get("peak_bytes", 0) for k, v in r.items() if k != "browser"), default=None)
        inputs_analysis = (analysis["inputs_s"] + analysis["analysis_s"]) if "analysis_s" in analysis else None
        build_s = build.get("wall_s") if "pages" in build else None
        lines.append(
            f"{n:>8} {data.get('gemeenten', '–'):>5} {_s(data.get('seconds')):>7} {_s(inputs_analysis):>9} "
            f"{_s(analysis.get('robustness_s')):>9} {_s(analysis.get('moran_s')):>8} {_s(build_s):>8} "
            f"{_mb(pages.get(CHAPTERS[0])):>6} {_mb(pages.get(CHAPTERS[1])):>6} {_mb(pages.get(CHAPTERS[2])):>6} "
            f"{_mb(analysis.get('overview_bytes')):>10} {_s(analysis.get('overview_s')):>9} {_mb(peak):>8}")
        for step, values in r.items():
            if isinstance(values, dict) and "error" in values:
                lines.append(f"{'':>8} {step}: {values['error']} (after {values['wall_s']:.0f} s)")
    lines.append("")
    lines.append("data s: generate the demo files · inp+an s: read files + analysis (in one process, imports excluded) · "
                 "robust s / moran s: the robustness table of chapter III and Moran's I (part of the analysis, timed "
                 "again on its own) · build s: wall time of a fresh process running build_region (3 chapters, "
                 "index, overzicht.html, exports) · I/II/III MB: chapter pages · "
                 "overz.: the overview map (focuskaart) · piek MB: largest summed RSS of a step with its kernels "
                 "(the browser step not counted)")
    browser = {n: r["browser"] for n, r in results.items() if "browser" in r}
    for n, b in browser.items():
        if "error" in b:
            lines.append(f"overview {n} buurten in chromium: {b['error']}")
        else:
            lines.append(f"overview {n} buurten in chromium: loaded and drawn in {b['load_s']:.1f} s, "
                         f"one zoom step redrawn in {b['zoom_ms']:.0f} ms{', errors: ' + str(b['errors']) if b['errors'] else ''}")
    lines.append("")
    lines += budgets(results)
    lines.append("")
    lines += growth(results, sizes)
    return "\n".join(lines)


def _get(results, n, step, key):
    return results.get(n, {}).get(step, {}).get(key)


def budgets(results: dict) -> list[str]:
    lines = ["Budgets (issue 5):"]
    build_300 = _get(results, 300, "build", "wall_s") if "pages" in results.get(300, {}).get("build", {}) else None
    lines.append(f"  one region of 300 buurten, 3 chapters, data cached < {BUDGETS['build_300_s']:.0f} s: "
                 f"{_s(build_300)} s -> {_ok(None if build_300 is None else build_300 < BUDGETS['build_300_s'])}")
    pages = _get(results, 500, "build", "pages") or {}
    largest = max(pages.values()) if pages else None
    lines.append(f"  each chapter page at 500 buurten < 2 MB: largest {_mb(largest)} MB -> "
                 f"{_ok(None if largest is None else largest < BUDGETS['chapter_500_bytes'])}")
    overview = _get(results, 14_000, "analysis", "overview_bytes")
    lines.append(f"  overview map of 14,000 buurten < 10 MB: {_mb(overview)} MB -> "
                 f"{_ok(None if overview is None else overview < BUDGETS['overview_14000_bytes'])}")
    peaks = {n: max((v.get("peak_bytes", 0) for k, v in r.items() if k != "browser"), default=0)
             for n, r in results.items()}
    worst = max(peaks.values()) if peaks else None
    pss = max((v.get("peak_pss_bytes", 0) for r in results.values() for k, v in r.items() if k != "browser"),
              default=0)
    lines.append(f"  peak memory < 2 GB: largest {_mb(worst)} MB summed RSS (at {max(peaks, key=peaks.get) if peaks else '–'} "
                 f"buurten; summed PSS {_mb(pss)} MB) -> {_ok(None if worst is None else worst < BUDGETS['peak_memory_bytes'])}")
    return lines


def growth(results: dict, sizes: tuple) -> list[str]:
    small, large = sizes[0], sizes[-1]
    lines = [f"Growth from {small} to {large} buurten (x{large / small:.0f} buurten):"]
    rows = [
        ("data generation", "data", "seconds"), ("inputs + analysis", "analysis", None),
        ("robustness table", "analysis", "robustness_s"), ("Moran's I", "analysis", "moran_s"),
        ("full build (wall)", "build", "wall_s"), ("overview map write", "analysis", "overview_s"),
        ("overview map size", "analysis", "overview_bytes"), ("chapter I size", "build", CHAPTERS[0]),
        ("chapter II size", "build", CHAPTERS[1]), ("chapter III size", "build", CHAPTERS[2]),
        ("peak memory", None, "peak"),
    ]
    for label, step, key in rows:
        values = {}
        for n in sizes:
            r = results.get(n, {})
            if step is None:
                values[n] = max((v.get("peak_bytes", 0) for k, v in r.items() if k != "browser"), default=None)
            elif key is None:
                a = r.get(step, {})
                values[n] = a["inputs_s"] + a["analysis_s"] if "analysis_s" in a else None
            elif key in CHAPTERS:
                values[n] = (r.get(step, {}).get("pages") or {}).get(key)
            elif step == "build" and "pages" not in r.get(step, {}):
                values[n] = None
            else:
                values[n] = r.get(step, {}).get(key)
        is_size = "size" in label or "memory" in label
        shown = " → ".join(("–" if v is None else (f"{v / MB:.2f} MB" if is_size else f"{v:.1f} s")) for v in values.values())
        first, last = values.get(small), values.get(large)
        factor = f"x{last / first:.1f}" if first and last else "–"
        lines.append(f"  {label:<20} {shown}  ({factor})")
    lines.append(f"  (sizes: {' → '.join(str(n) for n in sizes)} buurten)")
    return lines


# ----------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip 14,000 buurten")
    parser.add_argument("--sizes", type=lambda text: tuple(int(x) for x in text.split(",")),
                        help="comma-separated numbers of buurten (default: 50,300,500,2000,14000)")
    parser.add_argument("--no-build-above", type=int, default=None, metavar="N",
                        help="skip the full report build for sizes above N buurten")
    parser.add_argument("--build-timeout", type=float, default=BUILD_TIMEOUT_S, help="seconds (default 1800)")
    parser.add_argument("--work", type=Path, help="keep data and reports in this folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.step:  # a child process: one step, one JSON line
        print(json.dumps(STEPS[args.step](args.n, args.work)))
        return 0

    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    work = args.work or Path(tempfile.mkdtemp(prefix="veerkracht-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"veerkracht benchmark: {', '.join(map(str, sizes))} buurten; {os.cpu_count()} cores; "
          f"load average {_load()}; work folder {work}", flush=True)
    results: dict = {}
    try:
        for n in sizes:
            results[n] = {}
            for step in ("data", "analysis", "build", "browser"):
                if step == "build" and args.no_build_above is not None and n > args.no_build_above:
                    continue
                if step == "browser" and (n != max(sizes) or not CHROMIUM.exists() or not _has_playwright()):
                    continue
                if step != "data" and "error" in results[n].get("data", {}):
                    continue
                if step == "browser" and "error" in results[n].get("analysis", {}):
                    continue
                timeout = args.build_timeout if step == "build" else None
                print(f"  {n:>6} buurten: {step} …", end="", flush=True)
                results[n][step] = run_step(step, n, work, timeout)
                r = results[n][step]
                print(f" {r['wall_s']:.1f} s, peak {r['peak_bytes'] / MB:.0f} MB RSS, {r['peak_pss_bytes'] / MB:.0f} MB PSS"
                      + (f"  ERROR: {r['error']}" if "error" in r else ""), flush=True)
        print(f"\nload average at the end {_load()} (other processes on the machine slow the steps down)\n")
        print(report(results, tuple(sizes)))
        if args.json:
            args.json.write_text(json.dumps({str(n): r for n, r in results.items()}, indent=1))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
