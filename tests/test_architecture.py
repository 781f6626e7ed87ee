"""The package tree is the architecture: these tests keep the layers pointing one way.

    cli/, mkdocs/            front ends (nothing imports the MkDocs adapter: MkDocs loads it)
    web/, printing/, editors/  outputs and editors' tools, which do not import one another
    rendering/               Markdown, template data, the template environment
    core/                    the model, reading YAML, validation, the collection
    files/                   reading and writing files safely, caches

Imports are read from the source (every `import`, also those inside functions), so a lazy import
that goes the wrong way is caught as well."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "sevenminute"
LAYERS = {"files": 0, "core": 1, "rendering": 2, "web": 3, "printing": 3, "editors": 3, "cli": 4, "mkdocs": 4}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The package's modules that `name` imports, anywhere in its source."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        found |= {t for t in targets if t in MODULES and t != name and t != "sevenminute"}
    return found


GRAPH = {name: imports(name) for name in MODULES}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 2 else None


def test_every_module_sits_in_a_layer():
    loose = [n for n in MODULES if n.count(".") == 1 and n not in ("sevenminute.__main__",) and n.split(".")[1] not in LAYERS]
    assert loose == [], f"modules outside the layer folders: {loose}; put each in the folder for its job"


def test_layers_point_one_way():
    upward = sorted((a, b) for a, targets in GRAPH.items() for b in targets
                    if layer(a) is not None and layer(b) is not None and layer(b) > layer(a))
    assert upward == [], f"imports pointing up the layers (cli/mkdocs > web/printing/editors > rendering > core > files): {upward}"


def test_outputs_do_not_import_one_another():
    # web/, printing/ and editors/ each build on rendering/ and core/ alone, so an output can be
    # added, changed or left out (a front end without sheets) without touching the others; what
    # two of them share belongs a layer down.
    outputs = ("web", "printing", "editors")
    sideways = sorted((a, b) for a, targets in GRAPH.items() for b in targets
                      if a.split(".")[1] in outputs and b.split(".")[1] in outputs
                      and a.split(".")[1] != b.split(".")[1])
    assert sideways == [], f"outputs importing one another (move what they share to rendering/ or core/): {sideways}"


def test_no_import_cycle():
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert cycles == [], f"import cycles: {cycles}"


def test_nothing_imports_the_mkdocs_adapter_but_mkdocs():
    adapter = {n for n in MODULES if n.startswith("sevenminute.mkdocs.")}
    importers = sorted(a for a, targets in GRAPH.items() if targets & adapter and a not in adapter)
    assert importers == []
    (plugin,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "sevenminute"]
    assert plugin.value == "sevenminute.mkdocs.plugin:BriefingsPlugin"
    assert plugin.load().__name__ == "BriefingsPlugin"


def loaded_by_importing(folders: tuple[str, ...]) -> tuple[list[str], set[str]]:
    """Import every module in the folders in a fresh interpreter; what it then holds in sys.modules."""
    names = sorted(n for n in MODULES if n.count(".") > 1 and n.split(".")[1] in folders)
    code = "import sys\n" + "".join(f"import {n}\n" for n in names) + "print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return names, set(out.split())


def test_core_imports_neither_mkdocs_nor_weasyprint_nor_jinja():
    names, loaded = loaded_by_importing(("core", "files"))
    assert len(names) > 8
    assert {m.split(".")[0] for m in loaded} & {"mkdocs", "material", "weasyprint", "jinja2"} == set()
    assert sorted(m for m in loaded if m.startswith("sevenminute.") and m.split(".")[1] not in ("core", "files")) == []


def test_rendering_imports_neither_mkdocs_nor_weasyprint():
    names, loaded = loaded_by_importing(("rendering",))
    assert len(names) >= 3
    assert {m.split(".")[0] for m in loaded} & {"mkdocs", "material", "weasyprint"} == set()
