"""Imports point one way: the rules of DESIGN.md's architecture, checked on every module's AST.

Every ``import`` and ``from … import`` of reportgen's own modules counts, wherever it stands: at
the top, inside a function (the lazy imports that keep start-up fast) or under TYPE_CHECKING. The
rules, as DESIGN.md ("Imports point one way", the monthly cycle's diagram) and the code state them:

1. ``reportgen.model`` imports nothing of ours.
2. The front ends (``reportgen.cli``, ``reportgen.web``) call only ``reportgen.pipeline``: at
   run time they import the pipeline, ``reportgen.errors`` and the package root
   (``__version__``), besides themselves. One bridge: ``reportgen.cli.serve`` starts the
   workbench through ``reportgen.web.server``; the web never imports the CLI. Under
   TYPE_CHECKING a front end may name the types of what the pipeline returns (model, analysis).
3. Nothing below the front ends imports ``pipeline``, ``cli`` or ``web``; the pipeline imports
   neither front end.
4. A writer format (a module in ``reportgen.writers.WRITERS``: docx, pdf, html, xlsx) never
   reaches another format, directly or through the writers' shared helpers (every other module
   in ``reportgen.writers``: atomic, staging, css, fetch, fonts, pdf_chunks…). What several
   writers share beyond those helpers lives outside the writers (reportgen.vocabulary_reader,
   vocabulary_blocks).
5. ``reportgen.analysis`` is pure: it imports only the model, errors, numerals and gcpause.
6. ``reportgen.store`` is used by the pipeline only.
7. Between reportgen's top-level modules and packages the imports form no cycle.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import reportgen
from reportgen.writers import WRITERS

PACKAGE = Path(reportgen.__file__).resolve().parent
FRONT_ENDS = ("reportgen.cli", "reportgen.web")
FRONT_END_MAY_IMPORT = ("reportgen.pipeline", "reportgen.errors")
BRIDGES = {("reportgen.cli.serve", "reportgen.web.server")}  # `reportgen serve` starts the web
ANALYSIS_MAY_IMPORT = ("reportgen.analysis", "reportgen.model", "reportgen.errors",
                       "reportgen.numerals", "reportgen.gcpause")
FORMATS = tuple(sorted(module for module, _ in WRITERS.values()))


@dataclass(frozen=True)
class Import:
    """One import of our own code: who imports what, and where."""

    source: str  # the importing module, e.g. reportgen.writers.pdf
    target: str  # the imported module, e.g. reportgen.vocabulary_reader
    line: int
    typing_only: bool = False  # under ``if TYPE_CHECKING:``: no import at run time

    def __str__(self) -> str:
        return f"{self.source} (line {self.line}) imports {self.target}"


def module_name(path: Path, root: Path = PACKAGE) -> str:
    """reportgen.a.b for root/a/b.py, reportgen.a for root/a/__init__.py."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["reportgen", *parts])


def own_modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def _typing_blocks(tree: ast.AST) -> set[int]:
    """ids of the statements inside ``if TYPE_CHECKING:`` blocks (their bodies, not else)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
                (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
                or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")):
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def imports_of(source: str, tree: ast.AST, is_package: bool, known: set[str]) -> Iterator[Import]:
    """Every import of a reportgen module in ``tree``, relative imports resolved.

    ``from X import y`` counts as importing X.y when X.y is one of our modules, else X.
    """
    typing = _typing_blocks(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "reportgen":
                    yield Import(source, alias.name, node.lineno, id(node) in typing)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = source.split(".")
                base = base[:len(base) - node.level + (1 if is_package else 0)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "reportgen":
                continue
            for alias in node.names:
                child = f"{module}.{alias.name}"
                yield Import(source, child if child in known else module, node.lineno,
                             id(node) in typing)


def all_imports(root: Path = PACKAGE) -> list[Import]:
    modules = own_modules(root)
    found: list[Import] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found.extend(imports_of(name, tree, path.name == "__init__.py", set(modules)))
    return found


def within(module: str, *packages: str) -> bool:
    """Whether ``module`` is one of ``packages`` or inside one of them."""
    return any(module == p or module.startswith(p + ".") for p in packages)


def top(module: str) -> str:
    """reportgen.X for any module in reportgen.X; reportgen itself for the root."""
    return ".".join(module.split(".")[:2])


def violations(imports: list[Import]) -> list[str]:
    """Every import that breaks rules 1 to 3, 5 and 6 (4 is ``writer_crossings``, 7 ``cycles``)."""
    found = []
    for imp in imports:
        source, target = imp.source, imp.target
        if within(source, "reportgen.model"):
            found.append(f"{imp}: the model imports nothing of ours")
        if within(source, *FRONT_ENDS) and not imp.typing_only \
                and not within(target, top(source)) and target != "reportgen" \
                and not within(target, *FRONT_END_MAY_IMPORT) and (source, target) not in BRIDGES:
            found.append(f"{imp}: a front end calls only reportgen.pipeline (and errors)")
        if not within(source, *FRONT_ENDS, "reportgen.pipeline", "reportgen.__main__") \
                and within(target, "reportgen.pipeline", *FRONT_ENDS):
            found.append(f"{imp}: only the front ends import the pipeline, the CLI or the web")
        if within(source, "reportgen.pipeline") and within(target, *FRONT_ENDS):
            found.append(f"{imp}: the pipeline imports no front end")
        if within(source, "reportgen.analysis") and not within(target, *ANALYSIS_MAY_IMPORT):
            found.append(f"{imp}: analysis is pure (model, errors, numerals only)")
        if within(target, "reportgen.store") and not within(source, "reportgen.store",
                                                           "reportgen.pipeline"):
            found.append(f"{imp}: only the pipeline uses the store")
    return found


def writer_crossings(imports: list[Import]) -> list[str]:
    """Each writer format that reaches another format, with the chain of imports that does it."""
    graph: dict[str, list[Import]] = {}
    for imp in imports:
        graph.setdefault(imp.source, []).append(imp)
    found = []
    for fmt in FORMATS:
        chains: dict[str, list[Import]] = {m: [] for m in graph if within(m, fmt)}
        queue = list(chains)
        while queue:
            module = queue.pop(0)
            for imp in graph.get(module, []):
                if imp.target in chains:
                    continue
                chain = chains[module] + [imp]
                other = [f for f in FORMATS if f != fmt and within(imp.target, f)]
                if other:
                    found.append(f"{fmt} reaches {other[0]}: " + "; ".join(map(str, chain)))
                    continue
                chains[imp.target] = chain
                queue.append(imp.target)
    return found


def cycles(imports: list[Import]) -> list[list[str]]:
    """Cycles in the graph of top-level modules (reportgen.X), each as a path that closes."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        a, b = top(imp.source), top(imp.target)
        if a != b and b != "reportgen":
            graph.setdefault(a, set()).add(b)
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:  # on the path that led here: a cycle closes
                found.append(path[path.index(nxt):] + [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports()


def test_the_walk_sees_the_imports(imports: list[Import]) -> None:
    """The rules below are checked on real edges: the walk finds the ones we know are there."""
    pairs = {(i.source, i.target) for i in imports}
    assert ("reportgen.writers.pdf", "reportgen.vocabulary_reader") in pairs
    assert ("reportgen.writers.docx.body", "reportgen.vocabulary_blocks") in pairs
    assert ("reportgen.writers.docx", "reportgen.vocabulary_reader") in pairs
    assert ("reportgen.cli.serve", "reportgen.web.server") in pairs  # inside a function
    assert ("reportgen.cli.ledger", "reportgen.pipeline.compare") in pairs  # TYPE_CHECKING
    assert ("reportgen.pipeline", "reportgen.pipeline.core") in pairs
    assert len(FORMATS) == 4 and "reportgen.writers.docx" in FORMATS


def test_imports_point_one_way(imports: list[Import]) -> None:
    assert violations(imports) == []


def test_no_writer_format_reaches_another(imports: list[Import]) -> None:
    assert writer_crossings(imports) == []


def test_no_cycles_between_top_level_modules(imports: list[Import]) -> None:
    assert cycles(imports) == []


def test_the_rules_catch_each_kind_of_breach(tmp_path: Path) -> None:
    """A small package that breaks each rule is reported once per breach, and only then."""
    files = {
        "model.py": "from reportgen.errors import DataError\n",
        "errors.py": "",
        "analysis/__init__.py": "",
        "analysis/stats.py": "from reportgen.loaders import load_ledger\n",
        "loaders/__init__.py": "from reportgen.pipeline import core\n",
        "store/__init__.py": "",
        "writers/__init__.py": "",
        "writers/pdf.py": "from reportgen.writers.docx.reader import check\nfrom . import pdf_join\n",
        "writers/pdf_join.py": "from reportgen.writers import pdf\n",  # pdf's own helper: fine
        "writers/fit.py": "from reportgen.writers import pdf\n",  # no format imports it: fine
        "writers/html.py": "from reportgen.writers.css import sheet\n",
        "writers/docx/__init__.py": "from .reader import parse\n",
        "writers/docx/reader.py": "",
        "writers/css.py": "from reportgen.writers import pdf\n",  # html reaches pdf through it
        "pipeline/__init__.py": "",
        "pipeline/core.py": "import reportgen.store\nfrom reportgen.cli import app\n",
        "cli/__init__.py": "",
        "cli/app.py": "def f():\n    from reportgen.analysis import stats\n",
        "web/__init__.py": "",
        "web/routes.py": "from reportgen.store import engine\nfrom .. import pipeline\n",
        "web/view.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                       "    from reportgen.model import Item\n",  # a type only: fine
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = all_imports(tmp_path)
    assert ("reportgen.web.routes", "reportgen.pipeline") in {(i.source, i.target) for i in found}
    assert ("reportgen.writers.docx", "reportgen.writers.docx.reader") in \
        {(i.source, i.target) for i in found}
    breaches = violations(found)
    expected = [
        ("reportgen.model ", "the model imports nothing"),
        ("reportgen.analysis.stats ", "analysis is pure"),
        ("reportgen.loaders ", "only the front ends import"),
        ("reportgen.pipeline.core ", "the pipeline imports no front end"),
        ("reportgen.cli.app ", "a front end calls only"),
        ("reportgen.web.routes ", "a front end calls only"),
        ("reportgen.web.routes ", "only the pipeline uses the store"),
    ]
    for source, rule in expected:
        assert any(b.startswith(source) and rule in b for b in breaches), (source, rule, breaches)
    assert len(breaches) == len(expected), breaches  # the pipeline's own store import is fine
    assert writer_crossings(found) == [
        "reportgen.writers.html reaches reportgen.writers.pdf: reportgen.writers.html (line 1) "
        "imports reportgen.writers.css; reportgen.writers.css (line 1) imports "
        "reportgen.writers.pdf",
        "reportgen.writers.pdf reaches reportgen.writers.docx: reportgen.writers.pdf (line 1) "
        "imports reportgen.writers.docx.reader"]
    assert cycles(found) == [["reportgen.analysis", "reportgen.loaders", "reportgen.pipeline",
                              "reportgen.cli", "reportgen.analysis"]]
