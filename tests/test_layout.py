"""The package layout: no import cycles between modules or between subpackages, and the
extraction concerns never import the interfaces (io, outputs, evaluation, api, cli)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tradeclaims"
INTERFACES = {"io", "outputs", "evaluation", "training", "api", "cli"}
CORE = {"pipeline", "entities", "dates", "figures", "claims", "rules", "schema", "errors"}


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the tradeclaims modules it imports (anywhere in its body)."""
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        name = _module(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                found.add(target)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tradeclaims"):
                found.add(str(node.module))
        graph[name] = {t for t in found if t != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt in graph and not state.get(nxt) and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if not state.get(node) and (found := visit(node)):
            return found
    return None


def _top(module: str) -> str:
    """The layer a module belongs to: its subpackage, except in ``io``, whose readers and
    splitting sit under the API and whose batch runner sits above it."""
    parts = module.split(".")
    if len(parts) > 2 and parts[1] == "io":
        return ".".join(parts[1:3])
    return parts[1] if len(parts) > 1 else parts[0]


def test_no_module_import_cycle() -> None:
    graph = _imports()
    # a package's __init__ importing its own modules is not a cycle of the layout
    graph = {k: {t for t in v if not t.startswith(k + ".")} for k, v in graph.items()}
    assert _cycle(graph) is None


def test_no_subpackage_import_cycle() -> None:
    packages: dict[str, set[str]] = {}
    for module, targets in _imports().items():
        if module == "tradeclaims":
            continue  # the package's front door re-exports everything
        packages.setdefault(_top(module), set()).update(
            _top(t) for t in targets if t != "tradeclaims" and _top(t) != _top(module)
        )
    assert _cycle(packages) is None, packages


@pytest.mark.parametrize("package", sorted(CORE))
def test_extraction_never_imports_the_interfaces(package: str) -> None:
    for module, targets in _imports().items():
        if _top(module) == package:
            assert not {_top(t).split(".")[0] for t in targets} & INTERFACES, module
