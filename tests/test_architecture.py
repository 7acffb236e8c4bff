"""The house's floor plan holds: no import cycle between packages (docs/architecture.md).

The layers between the apps are import-linter's contracts (pyproject.toml, `make lint`); this
adds what a contract cannot say: inside any package, no two of its subpackages import each
other, directly or through other modules (e.g. portal.accounts and portal.notifications).
"""

from itertools import combinations
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def _apps():
    """The project's apps (portal among them): the top-level packages with an apps.py."""
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if (path.parent / "__init__.py").exists()
    )


def _is_package(module):
    return (ROOT / module.replace(".", "/") / "__init__.py").exists()


def _cycles(graph):
    packages = sorted(m for m in graph.modules if _is_package(m) and not m.endswith("migrations"))
    by_parent = {}
    for package in packages:
        parent = package.rpartition(".")[0]
        by_parent.setdefault(parent, []).append(package)
    cycles = []
    for siblings in by_parent.values():
        for a, b in combinations(siblings, 2):
            there = graph.find_shortest_chains(importer=a, imported=b, as_packages=True)
            back = graph.find_shortest_chains(importer=b, imported=a, as_packages=True)
            if there and back:
                cycles.append((a, b, sorted(there)[0], sorted(back)[0]))
    return cycles


def test_no_two_packages_import_each_other():
    graph = grimp.build_graph(*_apps(), cache_dir=None)

    assert _cycles(graph) == []


def test_the_check_sees_a_cycle_through_a_module_outside_the_two_packages(tmp_path, monkeypatch):
    """The check itself: a.x imports b.y, and b.y reaches a through a plain module."""
    for name, text in {
        "house/__init__.py": "",
        "house/a/__init__.py": "",
        "house/a/x.py": "from house.b import y\n",
        "house/b/__init__.py": "",
        "house/b/y.py": "from house import glue\n",
        "house/glue.py": "from house.a import x\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)

    cycles = _cycles(grimp.build_graph("house", cache_dir=None))

    assert [(a, b) for a, b, *_ in cycles] == [("house.a", "house.b")]
