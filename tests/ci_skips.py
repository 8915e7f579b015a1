"""With ``CI=true``, a skipped browser or real-data test fails the run instead of passing quietly.

A test marked ``browser`` or ``real_data`` (or using the ``shared_data`` fixture) that skips is reported
as failed, and so is a test module skipped as a whole (e.g. ``pytest.importorskip("playwright")``).
Only the real-data skip can be allowed, by ``VEERKRACHT_CI_ALLOW_NO_REAL_DATA=1``, which `.ci/run` sets
(and says so) when ``../shared/data`` is absent. Loaded by ``tests/conftest.py``; a plugin of its own so
that ``tests/test_ci_skips.py`` can run it on a tiny test file (``pytest -p ci_skips``).
"""
from __future__ import annotations

import os

import pytest

ALLOW_NO_REAL_DATA = "VEERKRACHT_CI_ALLOW_NO_REAL_DATA"


def _on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def _forbidden(item: pytest.Item) -> str | None:
    """Why a skip of ``item`` may not pass in CI, or None when it may."""
    if item.get_closest_marker("browser"):
        return "a browser test"
    if item.get_closest_marker("real_data") or "shared_data" in getattr(item, "fixturenames", ()):
        return None if _on(ALLOW_NO_REAL_DATA) else f"a real-data test (set {ALLOW_NO_REAL_DATA}=1 to allow)"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and _on("CI"):
        why = _forbidden(item)
        if why:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            report.outcome = "failed"
            report.longrepr = f"CI=true: {why} may not be skipped ({reason})"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    if report.skipped and isinstance(collector, pytest.Module) and _on("CI"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI=true: a test module may not be skipped as a whole ({reason})"
    return report
