"""The package's shape: imports run one way (no cycle), and only the map records know a map by its key."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "veerkracht_lib"
MAP_KEYS = ("overlast", "kwetsbaar", "focus", "corporatie", "d_onv", "d_kwetsbaar", "veerkracht", "gebiedstype")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """Every package module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("veerkracht_lib"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
    return found


def test_the_import_graph_has_no_cycle():
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    for name, path in modules.items():
        for target in imported_modules(path, set(modules)):
            if target != name and not name.startswith(target + "."):  # a module importing its own package
                graph.add_edge(name, target)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import cycles: {cycles[:5]}"


def test_no_module_outside_the_map_records_tests_a_maps_key():
    keys = "|".join(MAP_KEYS)
    # a comparison with a map key as a string, or membership in a literal list of them
    test = re.compile(rf"""(==|!=)\s*["']({keys})["']|["']({keys})["']\s*(==|!=)|\bin\s*[(\[{{]\s*["']({keys})["']""")
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() == "analysis/maps.py" or "demo" in path.parts:
            continue  # the records themselves; the demo generator's planted "focus" area is not a map
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if test.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not offenders, "map identity tested outside analysis/maps.py:\n" + "\n".join(offenders)
