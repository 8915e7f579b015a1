"""The CI hook (tests/ci_skips.py) on a tiny test file, run by pytest in a fresh interpreter."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

TESTS = Path(__file__).resolve().parent
TINY = '''
import pytest


@pytest.fixture
def shared_data():
    pytest.skip("no shared data here")

@pytest.mark.browser
def test_browser():
    pytest.skip("no chromium")

@pytest.mark.real_data
def test_real_data():
    pytest.skip("no ../shared/data")

def test_uses_the_shared_data_fixture(shared_data):
    pass

def test_other():
    pytest.skip("an ordinary skip")

@pytest.mark.browser
@pytest.mark.xfail(reason="known")
def test_browser_xfail():
    assert False

@pytest.mark.browser
def test_browser_runs():
    pass
'''
WHOLE_MODULE = """
import pytest

pytest.importorskip("no_such_module_veerkracht")


def test_x():
    pass
"""


def outcomes(tmp_path: Path, **env: str) -> dict[str, str]:
    """Run the tiny files with the hook: the outcome of each test (and of the module skipped whole) by name."""
    (tmp_path / "test_tiny.py").write_text(TINY, encoding="utf-8")
    (tmp_path / "test_whole_module.py").write_text(WHOLE_MODULE, encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "VEERKRACHT_CI_ALLOW_NO_REAL_DATA")}
    environ["PYTHONPATH"] = os.pathsep.join([str(TESTS), environ.get("PYTHONPATH", "")])
    found = {}
    for name in ("test_tiny.py", "test_whole_module.py"):  # apart: an error in collection stops the session
        junit = tmp_path / f"{name}.xml"
        subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "ci_skips", "-p", "no:cacheprovider", "-q", f"--junitxml={junit}",
             "-W", "ignore::pytest.PytestUnknownMarkWarning", "--rootdir", str(tmp_path), str(tmp_path / name)],
            cwd=tmp_path, env={**environ, **env}, capture_output=True, text=True, timeout=120)
        for case in ElementTree.parse(junit).iter("testcase"):
            children = {child.tag: child for child in case}
            if "failure" in children:
                status = "FAILED"
            elif "error" in children:
                status = "ERROR"
            elif "skipped" in children:
                status = "XFAIL" if children["skipped"].get("type") == "pytest.xfail" else "SKIPPED"
            else:
                status = "PASSED"
            found[case.get("name")] = status
    return found


def test_without_ci_every_skip_passes(tmp_path):
    assert outcomes(tmp_path) == {
        "test_browser": "SKIPPED", "test_real_data": "SKIPPED", "test_uses_the_shared_data_fixture": "SKIPPED",
        "test_other": "SKIPPED", "test_browser_xfail": "XFAIL", "test_browser_runs": "PASSED",
        "test_whole_module": "SKIPPED"}


def test_in_ci_browser_and_real_data_skips_fail(tmp_path):
    assert outcomes(tmp_path, CI="true") == {
        "test_browser": "FAILED", "test_real_data": "FAILED", "test_uses_the_shared_data_fixture": "ERROR",  # in setup
        "test_other": "SKIPPED", "test_browser_xfail": "XFAIL", "test_browser_runs": "PASSED",
        "test_whole_module": "ERROR"}


def test_in_ci_the_real_data_skip_can_be_allowed(tmp_path):
    assert outcomes(tmp_path, CI="true", VEERKRACHT_CI_ALLOW_NO_REAL_DATA="1") == {
        "test_browser": "FAILED", "test_real_data": "SKIPPED", "test_uses_the_shared_data_fixture": "SKIPPED",
        "test_other": "SKIPPED", "test_browser_xfail": "XFAIL", "test_browser_runs": "PASSED",
        "test_whole_module": "ERROR"}


def test_ci_false_is_not_ci(tmp_path):
    assert outcomes(tmp_path, CI="false")["test_browser"] == "SKIPPED"
