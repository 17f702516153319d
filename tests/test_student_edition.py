"""The student edition: every chapter without solutions, and it still runs top to bottom."""

from __future__ import annotations

import ast
import builtins
import concurrent.futures
import difflib
import functools
import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "make_student_edition.py"


def toc_chapters() -> list[Path]:
    """Chapter notebooks in _toc.yml order (read independently of the tool)."""

    def files(entries):
        for entry in entries or []:
            if "file" in entry:
                yield entry["file"]
            for key in ("parts", "chapters", "sections"):
                yield from files(entry.get(key))

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    paths = [ROOT / f"{name}.ipynb" for name in files([toc])]
    return [p for p in paths if p.parent.name == "chapters" and p.exists()]


CHAPTERS = toc_chapters()


def _load_tool():
    spec = importlib.util.spec_from_file_location("make_student_edition", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    """The student edition, written by the tool's command line, run in this process (no
    interpreter to start, nbformat already imported)."""
    out = tmp_path_factory.mktemp("edition") / "student_edition"
    assert tool.main(["--out", str(out)]) == 0
    return out


def solutions(notebook: nbformat.NotebookNode) -> tuple[list[str], list[str]]:
    """(texts of the solutions, texts of every other cell), by the exercise convention."""
    found, other, gated = [], [], False
    for cell in notebook.cells:
        source = cell.source
        if "{solution-start}" in source:
            gated = True
            found.append("")
        if gated:
            found[-1] += "\n" + source
            if "{solution-end}" in source:
                gated = False
        elif "solution" in cell.metadata.get("tags", []):
            found.append(source)
        elif cell.cell_type == "markdown" and "{solution}" in source:
            # a {solution} block may share a cell with other text: keep just the block
            block = re.search(r"^(`{3,}|:{3,})\{solution\}.*?^\1\s*$", source, re.M | re.S)
            found.append(block.group(0) if block else source)
            other.append(source.replace(found[-1], ""))
        else:
            other.append(source)
    return found, other


def distinctive_line(solution: str, other: list[str]) -> str | None:
    """The longest line of a solution that appears nowhere outside the solutions."""
    outside = "\n".join(other)
    lines = [line.strip() for line in solution.splitlines()]
    lines = [
        line
        for line in lines
        if len(line) >= 12 and "{solution" not in line and ":class:" not in line
    ]
    lines = [line for line in lines if line not in outside]
    return max(lines, key=len) if lines else None


def test_every_toc_chapter_is_in_the_edition_in_order(edition):
    written = sorted(p.name for p in (edition / "chapters").glob("*.ipynb"))
    assert written == sorted(p.name for p in CHAPTERS)
    readme = (edition / "README.md").read_text()
    positions = [readme.index(p.name) for p in CHAPTERS]
    assert positions == sorted(positions)
    for name in ["requirements.txt", "pyproject.toml", "LICENSE", "gdlib/__init__.py"]:
        assert (edition / name).exists(), name
    assert (edition / "requirements.txt").read_text().splitlines()[-1] == "."


def test_the_edition_launches_on_binder_by_itself(edition):
    """It carries the readers' environment (ranges, no build stack) and a Python version."""
    reader = (ROOT / "binder" / "requirements.txt").read_text()
    for name in ["requirements.txt", "binder/requirements.txt"]:
        assert (edition / name).read_text() == reader, name
    for name in ["runtime.txt", "binder/runtime.txt"]:
        assert (edition / name).read_text() == (ROOT / "binder" / "runtime.txt").read_text()
    assert "myst-nb" not in reader and "jupyter-book" not in reader


def test_the_readme_leaves_the_solutions_to_the_teacher(edition):
    readme = (edition / "README.md").read_text()
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert url not in readme, "the student README must not send students to the solutions"
    assert "teacher" in readme
    assert "3.10" in readme


@pytest.mark.parametrize("source", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_no_solution_is_left(edition, source):
    original = nbformat.read(source, as_version=4)
    student = nbformat.read(edition / "chapters" / source.name, as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert "{solution" not in text
    for cell in student.cells:
        assert "solution" not in cell.metadata.get("tags", [])
        assert not cell.get("outputs"), "outputs must be cleared"
        if "student-stub" in cell.metadata.get("tags", []):
            assert "remove-cell" not in cell.metadata["tags"]
    found, other = solutions(original)
    for solution in found:
        line = distinctive_line(solution, other)
        if line is not None:
            assert line not in text, f"solution text left in the student edition: {line!r}"
    # exercises (plain Markdown headings now), stubs and self-checks stay
    exercises = sum(cell.source.count("{exercise}") for cell in original.cells)
    assert sum(len(re.findall(r"^### Exercise ", c.source, re.M)) for c in student.cells) == (
        exercises
    )
    stubs = [c.source for c in original.cells if "student-stub" in c.metadata.get("tags", [])]
    assert stubs == [
        c.source for c in student.cells if "student-stub" in c.metadata.get("tags", [])
    ]


def test_the_solutions_are_found_at_all():
    """Guard for the test above: some chapter has solutions with distinctive lines."""
    lines = []
    for source in CHAPTERS:
        found, other = solutions(nbformat.read(source, as_version=4))
        lines += [distinctive_line(s, other) for s in found]
    assert sum(line is not None for line in lines) >= 3


# ----------------------------------------------------------------------------------------
# The student edition runs top to bottom because the chapter does: checked from the sources
# ----------------------------------------------------------------------------------------
# nbval runs every chapter cell, in order, in one kernel, in the same suite. A student notebook
# then runs top to bottom too when (checked below without a kernel, independently of the tool):
#
# 1. its code cells are the chapter's, in the same order (matched by cell id, which the tool
#    keeps), less whole cells the tool removes (solutions; helper cells: tagged remove-cell, or
#    only glue calls and asserts), and a kept cell differs from the chapter's only by lines the
#    tool documents dropping: glue calls, asserts, ``from ... import glue``, a for/while/if/with
#    block holding only those, and blank lines (the Colab cell, which the tool writes anew from
#    _config.yml, must come out as the chapter's: tools/sync_colab_cells.py keeps them equal);
# 2. every name a kept cell reads (anywhere in it, function bodies included; less builtins and
#    the names the cell binds itself) has the chapter's binding: the last chapter cell before it
#    that binds the name is kept, and still binds it;
# 3. no removed cell changes in place an object that a kept cell bound and a later kept cell
#    reads: a method call on it (``rng.normal(...)``, ``x.sort()``), an item or attribute
#    assignment (``x[0] = ...``, ``x.a = ...``), an augmented assignment (``x[0] += ...``; a
#    bare ``x += ...`` binds ``x``, which rule 2 sees).
#    How strict: every method counts but READ_ONLY_METHODS (numpy reductions, dict views and
#    the like: the chapters' removed cells call max, mean, sum, items, values and encode on kept
#    objects, and change none), and names bound by an import (``np.``, ``plt.``, ``gdlib.``)
#    never count. Not seen: a change by a function the object is passed to
#    (``np.random.shuffle(x)``), or through another name for the same object.
#
# Messages name a cell by its index among all the notebook's cells (from 0) and by its id.
#
# The notebooks themselves run in kernels with ``pytest --student-execution`` (a phase of its
# own in .ci/run): test_student_notebooks_run_top_to_bottom below.

BUILTIN_NAMES = frozenset(dir(builtins)) | {"get_ipython", "display", "In", "Out", "exit", "quit"}
READ_ONLY_METHODS = frozenset(
    "all any argmax argmin astype copy count cumsum dot encode endswith format get index item "
    "items join keys max mean min nonzero prod ravel reshape round split startswith std strip "
    "sum tolist transpose values var".split()
)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
SCOPES = (*FUNCTIONS, ast.ClassDef, *COMPREHENSIONS)
BLOCKS = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith)


@dataclass
class Flow:
    """What a code cell does with the notebook's names."""

    reads: set[str]  # names looked up in the notebook's namespace, anywhere in the cell
    binds: set[str]  # names bound there
    changes: dict[str, str]  # name -> code changing its object in place (the first such)
    imports: set[str]  # names bound by an import


@functools.cache
def python_source(source: str) -> str:
    """A code cell as Python: IPython magics (``%pip ...``) turned into calls."""
    return TransformerManager().transform_cell(source)


def _arguments(args: ast.arguments) -> list[ast.arg]:
    every = [*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg]
    return [arg for arg in every if arg is not None]


def _outer_parts(node: ast.AST) -> list[ast.AST]:
    """The parts of a function, class or comprehension evaluated in the enclosing scope."""
    if isinstance(node, FUNCTIONS):
        parts = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
        if not isinstance(node, ast.Lambda):
            parts += node.decorator_list + ([node.returns] if node.returns else [])
            parts += [arg.annotation for arg in _arguments(node.args) if arg.annotation]
        return parts
    if isinstance(node, ast.ClassDef):
        return [*node.decorator_list, *node.bases, *node.keywords]
    return [node.generators[0].iter]


def _inner_parts(node: ast.AST) -> list[ast.AST]:
    """The parts of a function, class or comprehension evaluated in its own scope."""
    if isinstance(node, FUNCTIONS):
        body = node.body if isinstance(node.body, list) else [node.body]
        return [*_arguments(node.args), *body]
    if isinstance(node, ast.ClassDef):
        return list(node.body)
    parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
    for index, generator in enumerate(node.generators):
        parts += [generator.target, *generator.ifs, *([generator.iter] if index else [])]
    return parts


def _walk_scope(parts: list[ast.AST]):
    """Every node of one scope; a nested scope's node is yielded, its inside is not."""
    stack = list(parts)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, SCOPES):
            stack.extend(_outer_parts(node))
        elif not isinstance(node, ast.arg):  # an argument's annotation is outside
            stack.extend(ast.iter_child_nodes(node))


def _root(node: ast.AST) -> str | None:
    """``x`` for ``x``, ``x.a``, ``x[0].a``; None for ``f().a``."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _change(node: ast.AST) -> tuple[str | None, str]:
    """(name, code) when ``node`` changes in place the object of a name."""
    target = None
    if isinstance(node, ast.AugAssign) and not isinstance(node.target, ast.Name):
        target = node.target
    elif isinstance(node, ast.Attribute | ast.Subscript) and not isinstance(node.ctx, ast.Load):
        target = node
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr not in READ_ONLY_METHODS:
            return _root(node.func.value), ast.unparse(node.func) + "(...)"
    if target is None:
        return None, ""
    return _root(target), ast.unparse(target) + " = ..."


def _scope_flow(parts: list[ast.AST], kind: str, enclosing: set[str]) -> Flow:
    """The flow of one scope (``kind``: module, function, class, comprehension)."""
    nodes = list(_walk_scope(parts))
    stored, loads, imports, declared, global_declared = set(), set(), set(), set(), set()
    changes: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stored).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stored.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
            stored |= names
            imports |= names
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            stored.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            stored.add(node.rest)
        elif isinstance(node, ast.arg):
            stored.add(node.arg)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            declared |= set(node.names)
            if isinstance(node, ast.Global):
                global_declared |= set(node.names)
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            loads.add(node.target.id)  # x += 1 reads x
        name, code = _change(node)
        if name is not None:
            changes.setdefault(name, code)
    walrus = {n.target.id for n in nodes if isinstance(n, ast.NamedExpr)}
    if kind == "comprehension":  # a walrus in a comprehension binds in the enclosing scope
        stored -= walrus
    local = set() if kind == "module" else stored - declared
    hidden = enclosing | local | (declared - global_declared)  # names that are not the notebook's
    flow = Flow(
        reads=loads - hidden,
        binds=set(stored) if kind == "module" else set(global_declared),
        changes={name: code for name, code in changes.items() if name not in hidden},
        imports=imports if kind == "module" else set(),
    )
    for node in nodes:
        if not isinstance(node, SCOPES):
            continue
        if isinstance(node, ast.ClassDef):  # a class body's names are not seen by its methods
            inner = _scope_flow(_inner_parts(node), "class", enclosing)
        elif isinstance(node, COMPREHENSIONS):
            inner = _scope_flow(_inner_parts(node), "comprehension", hidden)
            if kind == "module":
                inner.binds |= {
                    n.target.id
                    for n in _walk_scope(_inner_parts(node))
                    if isinstance(n, ast.NamedExpr)
                }
        else:
            inner = _scope_flow(_inner_parts(node), "function", hidden)
        flow.reads |= inner.reads
        flow.binds |= inner.binds
        for name, code in inner.changes.items():
            flow.changes.setdefault(name, code)
    return flow


@functools.cache
def cell_flow(source: str) -> Flow:
    """The names a code cell reads, binds and changes in place (SyntaxError if not Python)."""
    return _scope_flow(ast.parse(python_source(source)).body, "module", set())


def _is_helper(statement: ast.stmt) -> bool:
    """A statement the tool drops from kept cells: a glue call, an assert, the glue import,
    or a for/while/if/with block of nothing else."""
    if isinstance(statement, ast.Assert):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        function = statement.value.func
        return getattr(function, "id", getattr(function, "attr", None)) == "glue"
    if isinstance(statement, ast.ImportFrom):
        return [alias.name for alias in statement.names] == ["glue"]
    if isinstance(statement, BLOCKS):
        return all(_is_helper(s) for s in [*statement.body, *getattr(statement, "orelse", [])])
    return False


def _helper_spans(source: str) -> dict[int, int]:
    """First line -> line after the last (0-based) of each outermost helper statement that has
    its lines to itself."""
    lines = source.splitlines()
    python = python_source(source)
    if len(python.splitlines()) != len(lines):  # a cell magic: nothing may be dropped
        return {}
    spans = {}

    def visit(block: list[ast.stmt]) -> None:
        for statement in block:
            first, last = statement.lineno - 1, statement.end_lineno - 1
            after = lines[last][statement.end_col_offset :].strip()
            alone = not lines[first][: statement.col_offset].strip() and after[:1] in ("", "#")
            if _is_helper(statement) and alone:
                spans[first] = last + 1
                continue
            for name in ("body", "orelse", "finalbody"):
                inner = getattr(statement, name, [])
                if isinstance(inner, list):
                    visit(inner)
            for handler in getattr(statement, "handlers", []):
                visit(handler.body)

    visit(ast.parse(python).body)
    return spans


def is_reduction(chapter: str, student: str) -> bool:
    """Whether ``student`` is ``chapter`` less some helper statements and blank lines."""
    if chapter == student:
        return True
    lines, target = chapter.splitlines(), student.splitlines()
    spans = _helper_spans(chapter)
    units, index = [], 0  # (first line, line after, droppable)
    while index < len(lines):
        end = spans.get(index, index + 1)
        units.append((index, end, index in spans or not lines[index].strip()))
        index = end

    @functools.cache
    def fits(unit: int, line: int) -> bool:
        if unit == len(units):
            return line == len(target)
        first, end, droppable = units[unit]
        if droppable and fits(unit + 1, line):
            return True
        size = end - first
        return lines[first:end] == target[line : line + size] and fits(unit + 1, line + size)

    return fits(0, 0)


def edition_problems(chapter, student, name: str) -> list[str]:
    """What would stop ``student`` (the student edition of ``chapter``) from running top to
    bottom while ``chapter`` does; one message per problem, naming cell, name and remedy."""
    problems: list[str] = []
    code, gated = [], False  # chapter code cells: (index among all cells, cell, why removable)
    for index, cell in enumerate(chapter.cells):
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                gated = True
            elif "{solution-end}" in cell.source:
                gated = False
            continue
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        why = None
        if gated or "solution" in tags:
            why = "a solution cell"
        elif "remove-cell" in tags:
            why = "a helper cell (tagged remove-cell)"
        else:
            try:
                if all(_is_helper(s) for s in ast.parse(python_source(cell.source)).body):
                    why = "a helper cell (only glue calls and asserts)"
            except SyntaxError:
                pass
        code.append((index, cell, why))

    def where(k: int) -> str:
        return f"cell {code[k][0]} (id {code[k][1].get('id')})"

    position = {cell.get("id"): k for k, (_, cell, _) in enumerate(code)}
    kept: dict[int, str] = {}  # position among the chapter's code cells -> student source
    for index, cell in enumerate(student.cells):
        if cell.cell_type != "code":
            continue
        k = position.get(cell.get("id"))
        if k is None:
            problems.append(
                f"{name}: code cell {index} (id {cell.get('id')}) of the student edition is not "
                "a code cell of the chapter: the tool must keep the chapter's cells and ids, "
                "and add no code (tools/make_student_edition.py)."
            )
        elif kept and k <= max(kept):
            problems.append(
                f"{name}: the student edition has {where(k)} after {where(max(kept))}: it must "
                "keep the chapter's order (tools/make_student_edition.py)."
            )
        else:
            kept[k] = cell.source
    for k, (_, cell, why) in enumerate(code):
        if k not in kept and why is None:
            problems.append(
                f"{name}: {where(k)} is missing from the student edition, but it is neither a "
                "solution (tag `solution`, or between {solution-start} and {solution-end}) nor "
                "a helper cell (tag `remove-cell`, or only glue calls and asserts): the tool "
                "must keep it, or the chapter must tag it."
            )
        elif k in kept and not is_reduction(cell.source, kept[k]):
            diff = difflib.unified_diff(
                cell.source.splitlines(), kept[k].splitlines(), "chapter", "student", lineterm=""
            )
            problems.append(
                f"{name}: {where(k)} differs from the chapter's by more than the glue calls, "
                "asserts and glue import the tool drops (tools/make_student_edition.py):\n"
                + "\n".join(list(diff)[2:14])
            )
    if problems:
        return problems
    try:
        flows = [cell_flow(cell.source) for _, cell, _ in code]
        seen = {k: cell_flow(source) for k, source in kept.items()}
    except SyntaxError as error:
        return [f"{name}: a code cell is not Python ({error}); nbval would have failed too."]

    def last_binding(variable: str, before: int) -> int | None:
        return max((j for j in range(before) if variable in flows[j].binds), default=None)

    for k, flow in sorted(seen.items()):
        for variable in sorted(flow.reads - flow.binds - BUILTIN_NAMES):
            j = last_binding(variable, k)
            if j is None:
                continue
            if j not in kept:
                problems.append(
                    f"{name}: {where(k)} reads `{variable}`, which the chapter last binds before "
                    f"it in {where(j)}, {code[j][2]} that the student edition removes: there "
                    f"`{variable}` would be unbound or another value. Bind `{variable}` in a "
                    f"cell the student edition keeps (move that line out of {where(j)} into a "
                    f"kept cell above {where(k)}), or stop reading it in {where(k)}."
                )
            elif variable not in seen[j].binds:
                problems.append(
                    f"{name}: {where(k)} reads `{variable}`, bound last before it in {where(j)} "
                    f"inside a glue call or assert, which the student edition drops: bind "
                    f"`{variable}` in a statement of its own in {where(j)}."
                )
    imported = set().union(*(flow.imports for flow in flows))
    for r, flow in enumerate(flows):
        if r in kept:
            continue
        for variable, change in sorted(flow.changes.items()):
            if variable in imported or variable in flow.binds or variable in BUILTIN_NAMES:
                continue
            j = last_binding(variable, r)
            if j is None or j not in kept:
                continue
            for c in range(r + 1, len(code)):
                if c in kept and variable in seen[c].reads - seen[c].binds:
                    problems.append(
                        f"{name}: {where(r)}, {code[r][2]} that the student edition removes, "
                        f"changes `{variable}` in place (`{change}`), and {where(c)}, which it "
                        f"keeps, reads `{variable}` afterwards: students would see another "
                        f"object. Give {where(r)} its own object (a copy; for a random generator, "
                        "its own `np.random.default_rng(seed)`), or make the change in a kept cell."
                    )
                    break
                if variable in flows[c].binds:
                    break
    return problems


@pytest.mark.parametrize("source", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_student_notebook_runs_as_the_chapter_does(edition, source):
    """Its code is the chapter's less removed cells and helper lines, and every name it reads
    has the chapter's binding: it runs top to bottom since nbval runs the chapter."""
    chapter = nbformat.read(source, as_version=4)
    student = nbformat.read(edition / "chapters" / source.name, as_version=4)
    problems = edition_problems(chapter, student, source.stem)
    assert not problems, "\n\n".join(problems)


def test_the_dataflow_check_sees_the_chapters(edition):
    """Guard for the test above, on the real chapters: had a chapter tagged remove-cell the
    cell that binds a name a later cell reads (the first such name), its check would fail."""
    for source in CHAPTERS:
        chapter = nbformat.read(source, as_version=4)
        student = nbformat.read(edition / "chapters" / source.name, as_version=4)
        ids = {c.get("id") for c in student.cells if c.cell_type == "code"}
        cells = [c for c in chapter.cells if c.cell_type == "code" and c.get("id") in ids]
        flows = [cell_flow(c.source) for c in cells]
        victim, variable = next(
            (cells[j], variable)
            for k, flow in enumerate(flows)
            for variable in sorted(flow.reads - flow.binds)
            for j in [max((j for j in range(k) if variable in flows[j].binds), default=None)]
            if j is not None and variable not in flows[j].imports
        )
        victim.metadata.setdefault("tags", []).append("remove-cell")
        student.cells = [c for c in student.cells if c.get("id") != victim.get("id")]
        problems = edition_problems(chapter, student, source.stem)
        assert any(f"reads `{variable}`" in p for p in problems), (source.stem, variable)


def _problems(*cells, keep, edit=None) -> list[str]:
    """The check on a synthetic chapter of code cells (a source, or (source, tags)) and a
    student edition of it: the cells at the positions ``keep``, sources replaced by ``edit``."""
    chapter = nbformat.v4.new_notebook()
    for index, cell in enumerate(cells):
        source, tags = (cell, []) if isinstance(cell, str) else cell
        metadata = {"tags": tags} if tags else {}
        chapter.cells.append(nbformat.v4.new_code_cell(source, id=f"c{index}", metadata=metadata))
    student = nbformat.v4.new_notebook()
    for index in keep:
        source = (edit or {}).get(index, chapter.cells[index].source)
        student.cells.append(nbformat.v4.new_code_cell(source, id=f"c{index}"))
    return edition_problems(chapter, student, "99_synthetic")


def test_the_code_must_be_the_chapters():
    setup = "import numpy as np\nfrom gdlib import glue\nx = np.arange(3)"
    helper = ('glue("n", len(x), display=False)', ["remove-cell"])
    solution = ("print(x.sum())", ["solution"])
    kept = "y = 2 * x\nassert y[0] == 0\nfor v in y:\n    glue('v', v)\n\n\nprint(y)"
    # what the tool may do: drop solutions, helper cells, glue calls, asserts, the glue import
    edit = {0: "import numpy as np\nx = np.arange(3)", 3: "y = 2 * x\n\nprint(y)"}
    assert _problems(setup, helper, solution, kept, "glue('z', 1)", keep=[0, 3], edit=edit) == []
    # anything else fails: a changed line, a dropped line that is no helper, a removed
    # ordinary cell, a cell that is not the chapter's, another order
    changed = _problems(setup, "y = 2 * x", keep=[0, 1], edit={1: "y = 3 * x"})
    assert "99_synthetic: cell 1 (id c1) differs from the chapter's" in changed[0]
    assert "+y = 3 * x" in changed[0]
    dropped = _problems(setup, "y = 2 * x\nprint(y)", keep=[0, 1], edit={1: "y = 2 * x"})
    assert "cell 1 (id c1) differs" in dropped[0]
    removed = _problems(setup, "y = 2 * x", "print(x)", keep=[0, 2])
    assert "cell 1 (id c1) is missing from the student edition" in removed[0]
    extra = edition_problems(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", id="a")]),
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", id="b")]),
        "99_synthetic",
    )
    assert "code cell 0 (id b) of the student edition is not a code cell of the chapter" in extra[0]
    swapped = _problems(setup, "y = 1", "z = 2", keep=[0, 2, 1])
    assert "it must keep the chapter's order" in swapped[0]


@pytest.mark.parametrize(
    ("binding", "name"),
    [
        ("m_best = 1.5", "m_best"),
        ("(m, b), c = (1, 2), 3", "b"),
        ("total = 0\ntotal += 1", "total"),
        ("limit: float = 0.5", "limit"),
        ("print(n := 10)", "n"),
        ("def step(v):\n    return v", "step"),
        ("class Model:\n    pass", "Model"),
        ("import numpy.linalg as la", "la"),
        ("from math import tau as turn", "turn"),
        ("for epoch in range(3):\n    pass", "epoch"),
        ("with open(__file__) as handle:\n    pass", "handle"),
        ("try:\n    1 / 0\nexcept ZeroDivisionError as caught:\n    kept = caught", "kept"),
        ("def setup():\n    global rate\n    rate = 0.1\n\n\nsetup()", "rate"),
    ],
)
@pytest.mark.parametrize("reader", ["print({})", "def later():\n    return {}"])
def test_a_name_bound_only_in_a_removed_cell_is_reported(binding, name, reader):
    reader = reader.format(name)
    problems = _problems("x = 1", (binding, ["solution"]), reader, keep=[0, 2])
    assert len(problems) == 1, problems
    assert f"99_synthetic: cell 2 (id c2) reads `{name}`" in problems[0]
    assert "cell 1 (id c1), a solution cell that the student edition removes" in problems[0]
    assert f"Bind `{name}` in a cell the student edition keeps" in problems[0]
    # bound again by a kept cell before it is read: the student edition has that binding
    assert _problems(binding, (binding, ["remove-cell"]), binding, reader, keep=[0, 2, 3]) == []


def test_names_a_cell_binds_itself_builtins_and_locals_are_not_reported():
    own = "x = [1, 2]\nprint(len(x), [x for x in range(2)], sorted(x))\n%pip --version"
    assert _problems(("x = 1\nlen = 3\nsorted = 4", ["solution"]), own, keep=[1]) == []
    # names local to a function, a lambda or a comprehension are not the notebook's
    local = "def f(v):\n    w = v\n    return w\n\n\ng = lambda v: [w for w in v]"
    assert _problems(("v = w = 1", ["solution"]), local, keep=[1]) == []


def test_a_binding_lost_with_a_helper_line_is_reported():
    problems = _problems(
        "assert (n := 3) > 2\nm = 1", "print(n, m)", keep=[0, 1], edit={0: "m = 1"}
    )
    assert "reads `n`, bound last before it in cell 0 (id c0) inside a glue call" in problems[0]


@pytest.mark.parametrize(
    "change", ["rng.normal(size=3)", "data.sort()", "data[0] = 5", "data[0] += 1", "model.a = 2"]
)
def test_a_removed_cell_changing_a_kept_object_is_reported(change):
    root = re.match(r"\w+", change)[0]
    setup = "import numpy as np\nrng = np.random.default_rng(0)\ndata = [3, 1]\nmodel = rng"
    problems = _problems(setup, (change, ["solution"]), f"print({root})", keep=[0, 2])
    assert len(problems) == 1, problems
    assert "cell 1 (id c1), a solution cell that the student edition removes, " in problems[0]
    assert f"changes `{root}` in place" in problems[0]
    assert f"cell 2 (id c2), which it keeps, reads `{root}` afterwards" in problems[0]
    # read by no kept cell afterwards, or bound anew by a kept cell first: nothing to see
    assert _problems(setup, (change, ["solution"]), "print(1)", keep=[0, 2]) == []
    fresh = f"{root} = np.random.default_rng(1)\nprint({root})"
    assert _problems(setup, (change, ["solution"]), fresh, keep=[0, 2]) == []


def test_reading_a_kept_object_or_changing_a_module_is_no_change():
    setup = "import numpy as np\nx = np.arange(3)\nresults = {'a': 1}"
    helper = (
        "glue('top', f'{x.max():.1f}')\nfor k, v in results.items():\n    print(k, x.mean())\n"
        "np.random.seed(0)\nnp.set_printoptions(precision=3)",
        ["remove-cell"],
    )
    assert _problems(setup, helper, "print(x, results)", keep=[0, 2]) == []


RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
NotebookClient(notebook, timeout=120, kernel_name="python3",
               resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}
               ).execute()
"""


@pytest.fixture(scope="module")
def executed(edition) -> dict[str, str]:
    """Run every student notebook once, in parallel (one kernel each): name -> error text."""

    def run(path: Path) -> tuple[str, str]:
        process = subprocess.run(
            [sys.executable, "-c", RUNNER, str(path)], capture_output=True, text=True
        )
        return path.name, "" if process.returncode == 0 else process.stderr[-3000:]

    paths = sorted((edition / "chapters").glob("*.ipynb"))
    with concurrent.futures.ThreadPoolExecutor(min(len(paths), os.cpu_count() or 2)) as pool:
        return dict(pool.map(run, paths))


@pytest.mark.parametrize("source", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_student_notebooks_run_top_to_bottom(executed, source):
    """Each student notebook in a kernel. Opt-in: ``--student-execution`` (conftest.py); the
    suite otherwise relies on test_student_notebook_runs_as_the_chapter_does and nbval."""
    assert executed[source.name] == "", executed[source.name]


def test_convention_errors_are_reported(tmp_path):
    cells = [
        nbformat.v4.new_markdown_cell("````{exercise} E\n:label: x\n\nText\n````"),
        nbformat.v4.new_markdown_cell("```{solution-start} x\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell("print('secret')", metadata={"tags": ["solution"]}),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    with pytest.raises(tool.ConventionError, match="never ends"):
        tool.student_notebook(notebook)
    # a {solution} block inside a cell with other text: only the block goes
    mixed = nbformat.v4.new_markdown_cell(
        "Before.\n\n````{solution} x\n:class: dropdown\n\n```python\nsecret()\n```\n````\n\nAfter."
    )
    stub = nbformat.v4.new_code_cell("...", metadata={"tags": ["student-stub", "remove-cell"]})
    result = tool.student_notebook(nbformat.v4.new_notebook(cells=[mixed, stub]))
    assert result.cells[0].source == "Before.\n\n\nAfter."
    assert result.cells[1].metadata["tags"] == ["student-stub"]
