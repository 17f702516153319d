"""Write the plain editions of the chapters: the student edition and the plain (Colab) edition.

Usage (from the repository root, in the book's environment)::

    python tools/make_student_edition.py                     # student edition: student_edition/
    python tools/make_student_edition.py --out my_class      # somewhere else
    python tools/make_student_edition.py --edition plain     # plain edition: plain/ (committed)
    python tools/make_student_edition.py --edition plain --check   # exit 1 if plain/ is stale

Both editions read as plain Jupyter (Colab, Binder, a hub, a plain JupyterLab), where the
book's MyST Markdown is not rendered. From every chapter notebook of ``_toc.yml``, in order:

- glued values are written into the text (read from the chapters' stored outputs: run
  ``tools/execute_notebooks.py`` first); ``{numref}``, ``{ref}``, ``{doc}`` and MyST links
  become text ("Figure 2.3", "Exercise 4.1, “Title”", "chapter 1"); ``(label)=`` targets go;
- exercises become headings "Exercise 4.1: Title", admonitions blockquotes (or a bold title
  between rules where they hold display maths or code), maths stays in ``$...$``;
- each figure's caption and alt text (cell metadata, which Jupyter ignores) become a
  Markdown cell under the figure;
- helper cells go: glue calls and asserts, and ``remove-cell`` cells left with nothing a
  later cell reads; the Colab cell stays, visible, installing gdlib from the fixed ref of
  ``_config.yml`` (``reader_notebooks.ref``);
- every output is cleared.

The **student edition** removes the solutions (the exercise convention:
``{solution}`` blocks; ``{solution-start}``...``{solution-end}`` cells; cells tagged
``solution``), keeps ``student-stub`` cells visible, and copies ``gdlib`` with a minimal
``pyproject.toml``, the readers' environment (``requirements.txt`` = ``binder/requirements.txt``,
``runtime.txt``), the licence and a README, so the folder runs and launches on Binder by itself.
The **plain edition** keeps the solutions under a collapsed "Solution to Exercise N.M"
heading, their cells collapsed (``jupyter.source_hidden``); it is committed in ``plain/``, where
the book's Colab and Binder buttons point. An output folder is replaced only if this tool
wrote it; any other existing folder is left alone (the tool stops with an error).
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".student-edition"  # file that marks a folder as written by this tool

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<rest>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w-]+)\}")


class ConventionError(ValueError):
    """A notebook breaks the exercise convention the student edition relies on."""


# ----------------------------------------------------------------------------------------
# Markdown: cutting directive blocks out of a cell
# ----------------------------------------------------------------------------------------


def remove_directives(text: str, names: set[str]) -> tuple[str, int]:
    """Remove every fenced directive block named in ``names`` from Markdown ``text``.

    Handles backtick, tilde and colon fences and fences nested inside the block (a
    ```` ````{solution} ```` holding ```` ```python ```` code). Returns the text left and
    the number of blocks removed.
    """
    kept: list[str] = []
    stack: list[tuple[str, int]] = []  # open fences inside a block being removed
    removed = 0
    for line in text.splitlines(keepends=True):
        match = FENCE.match(line.rstrip("\n"))
        if not stack:
            if match:
                directive = DIRECTIVE.match(match["rest"].strip())
                if directive and directive["name"] in names:
                    stack.append((match["fence"][0], len(match["fence"])))
                    removed += 1
                    continue
            kept.append(line)
            continue
        if match:
            char, length = match["fence"][0], len(match["fence"])
            top_char, top_length = stack[-1]
            if not match["rest"].strip() and char == top_char and length >= top_length:
                stack.pop()
            else:
                stack.append((char, length))
    if stack:
        raise ConventionError(f"a {sorted(names)} block is never closed")
    return "".join(kept), removed


def _only_marker(cell: nbformat.NotebookNode, name: str) -> bool:
    left, removed = remove_directives(cell.source, {name})
    return removed == 1 and not left.strip()


def _has_directive(text: str, name: str) -> bool:
    return any(
        (match := FENCE.match(line))
        and (directive := DIRECTIVE.match(match["rest"].strip()))
        and directive["name"] == name
        for line in text.splitlines()
    )


# ----------------------------------------------------------------------------------------
# One notebook
# ----------------------------------------------------------------------------------------


def student_notebook(notebook: nbformat.NotebookNode, where: str = "notebook"):
    """Return a copy of ``notebook`` without solutions and outputs (see the module doc)."""
    notebook = copy.deepcopy(notebook)
    cells = []
    gated_from: int | None = None  # index of the open {solution-start} cell
    for index, cell in enumerate(notebook.cells):
        place = f"{where}, cell {index} (id {cell.get('id', '?')})"
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            starts = _has_directive(cell.source, "solution-start")
            ends = _has_directive(cell.source, "solution-end")
            if starts or ends:
                name = "solution-start" if starts else "solution-end"
                if not _only_marker(cell, name):
                    raise ConventionError(
                        f"{place}: a {{{name}}} marker must be alone in its Markdown cell."
                    )
                if starts and gated_from is not None:
                    raise ConventionError(
                        f"{place}: {{solution-start}} before the one in cell {gated_from} ended."
                    )
                if ends and gated_from is None:
                    raise ConventionError(f"{place}: {{solution-end}} without {{solution-start}}.")
                gated_from = index if starts else None
                continue
            if gated_from is not None:
                continue
            try:
                text, removed = remove_directives(cell.source, {"solution"})
            except ConventionError as error:
                raise ConventionError(f"{place}: {error}.") from None
            if removed:
                if not text.strip():
                    continue
                cell.source = text.strip("\n")
            cells.append(cell)
            continue
        if gated_from is not None or "solution" in tags:
            continue
        if cell.cell_type == "code":
            if "student-stub" in tags:
                tags = [tag for tag in tags if tag != "remove-cell"]
                cell.metadata["tags"] = tags
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cells.append(cell)
    if gated_from is not None:
        raise ConventionError(f"{where}: the {{solution-start}} in cell {gated_from} never ends.")
    notebook.cells = cells
    return notebook


# ----------------------------------------------------------------------------------------
# Plain Jupyter: what the website renders from MyST, written out as ordinary Markdown
# ----------------------------------------------------------------------------------------

ROLE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]*)`")
TARGET = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
INLINE = re.compile(
    r"\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]*)`"  # a role
    r"|(?P<code>(?P<ticks>`+)[^`].*?(?P=ticks))"  # a code span: left alone
    r"|(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)"  # a link
)
GLUE_ROLES = {"glue", "glue:", "glue:text", "glue:md", "glue:any"}
ADMONITIONS = {
    "note",
    "tip",
    "hint",
    "important",
    "warning",
    "caution",
    "attention",
    "danger",
    "error",
    "seealso",
    "admonition",
    "dropdown",
    "margin",
    "sidebar",
    "epigraph",
    "topic",
}


def _strip_quotes(text: str) -> str:
    """The text/plain of a glued ``str`` is its repr: return the string itself."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        try:
            value = ast.literal_eval(text)
        except (SyntaxError, ValueError):
            return text
        if isinstance(value, str):
            return value
    return text


def glued_values(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The values a notebook glued, read from its stored outputs (myst-nb's scrapbook)."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if not scrap:
                continue
            prefix = scrap.get("mime_prefix", "")
            data = output.get("data", {})
            text = data.get(f"{prefix}text/plain", data.get("text/plain"))
            if text is not None:
                values[scrap["name"]] = _strip_quotes("".join(text))
    return values


class Book:
    """What a reference needs: chapter numbers, titles, figure and exercise labels, glue."""

    def __init__(self, root: Path = ROOT):
        self.root = root
        toc = yaml.safe_load((root / "_toc.yml").read_text())
        self.docs: list[str] = []  # docnames, toc order
        self.chapter_number: dict[str, int] = {}
        self.title: dict[str, str] = {}
        self.labels: dict[str, dict] = {}  # label -> {"kind", "text", "number", "doc"}
        self.glue: dict[str, str] = {}
        self.exercises: dict[str, list[str]] = {}  # docname -> exercise labels in order
        number = 0

        def walk(entries, numbered):
            nonlocal number
            for entry in entries or []:
                is_numbered = numbered or bool(entry.get("numbered"))
                if "file" in entry:
                    doc = str(Path(entry["file"]).with_suffix(""))
                    self.docs.append(doc)
                    if is_numbered:
                        number += 1
                        self.chapter_number[doc] = number
                for key in ("parts", "chapters", "sections"):
                    walk(entry.get(key), is_numbered)

        walk([{"file": toc["root"]}], False)
        walk(toc.get("parts", []) or toc.get("chapters", []), False)
        for doc in self.docs:
            ipynb, md = root / f"{doc}.ipynb", root / f"{doc}.md"
            if ipynb.exists():
                self._index_notebook(doc, nbformat.read(ipynb, as_version=4))
            elif md.exists():
                self._index_markdown(doc, [md.read_text()])

    def _index_markdown(self, doc: str, texts: list[str]) -> None:
        pending = None
        for text in texts:
            in_fence = None
            for line in text.splitlines():
                fence = FENCE.match(line)
                if fence and not in_fence:
                    directive = DIRECTIVE.match(fence["rest"].strip())
                    if not directive:
                        in_fence = fence["fence"]
                elif fence and in_fence and fence["fence"].startswith(in_fence):
                    in_fence = None
                if in_fence:
                    continue
                target = TARGET.match(line)
                heading = HEADING.match(line)
                if target:
                    pending = target["label"]
                elif heading:
                    title = _inline_plain(heading["title"])
                    if doc not in self.title and len(heading["hashes"]) == 1:
                        self.title[doc] = title
                    if pending:
                        self.labels[pending] = {"kind": "section", "text": title, "doc": doc}
                    pending = None
                elif line.strip():
                    pending = None

    def _index_notebook(self, doc: str, notebook: nbformat.NotebookNode) -> None:
        chapter = self.chapter_number.get(doc)
        figures = 0
        self.exercises[doc] = []
        self._index_markdown(doc, [c.source for c in notebook.cells if c.cell_type == "markdown"])
        for cell in notebook.cells:
            if cell.cell_type == "code":
                figure = cell.metadata.get("mystnb", {}).get("figure", {})
                if figure.get("caption") is not None or figure.get("name"):
                    figures += 1
                    if figure.get("name"):
                        self.labels[figure["name"]] = {
                            "kind": "figure",
                            "number": f"{chapter}.{figures}" if chapter else str(figures),
                            "text": figure.get("caption", ""),
                            "doc": doc,
                        }
                continue
            if cell.cell_type != "markdown":
                continue
            for block in _directive_blocks(cell.source):
                if block["name"] not in ("exercise", "exercise-start"):
                    continue
                if "nonumber" in block["options"]:
                    continue
                self.exercises[doc].append(block["options"].get("label", ""))
                count = len(self.exercises[doc])
                label = block["options"].get("label")
                if label:
                    self.labels[label] = {
                        "kind": "exercise",
                        "number": f"{chapter}.{count}" if chapter else str(count),
                        "text": block["argument"],
                        "doc": doc,
                    }
        self.glue.update(glued_values(notebook))

    # -- rendering references ------------------------------------------------------------

    def doc_text(self, doc: str) -> str:
        if doc in self.chapter_number:
            return f"chapter {self.chapter_number[doc]}"
        return f"“{self.title.get(doc, Path(doc).name)}”"

    def resolve_doc(self, target: str, here: str) -> str | None:
        target = target.removesuffix(".ipynb").removesuffix(".md")
        candidates = [target.lstrip("/"), str(Path(here).parent / target)]
        for candidate in candidates:
            normal = str(Path(os.path.normpath(candidate)))
            if normal in self.docs:
                return normal
        return None

    def role(self, name: str, content: str, here: str) -> str:
        if name in GLUE_ROLES:
            key, _, spec = content.partition(":")
            if key not in self.glue:
                raise ConventionError(f"{here}: no glued value named {key!r}")
            value = self.glue[key]
            if spec:
                value = format(float(value), spec)
            return value
        explicit = EXPLICIT.match(content)
        text, target = (explicit["text"], explicit["target"]) if explicit else (None, content)
        if name == "doc":
            doc = self.resolve_doc(target, here)
            if doc is None:
                raise ConventionError(f"{here}: {{doc}}`{content}` names no page of _toc.yml")
            return text or self.doc_text(doc)
        if name in ("ref", "numref"):
            label = self.labels.get(target)
            if label is None:
                raise ConventionError(f"{here}: {{{name}}}`{content}`: no such label")
            kind = label["kind"]
            if name == "numref" and kind in ("figure", "exercise"):
                word = "Figure" if kind == "figure" else "Exercise"
                if text:
                    return text.replace("%s", label["number"]).replace("{number}", label["number"])
                return f"{word} {label['number']}"
            if text:
                return text
            if kind == "exercise":
                return f"Exercise {label['number']}, “{label['text']}”"
            if kind == "figure":
                return f"Figure {label['number']}"
            if label["doc"] == here:
                return f"“{label['text']}”"
            page = self.doc_text(label["doc"])
            if label["text"] in page:  # a label at the top of a page: the page itself
                return page
            return f"“{label['text']}” in {page}"
        if name in ("math", "eq"):
            return f"${content}$" if name == "math" else content
        return text or content  # any other role: its text

    def link(self, text: str, target: str, here: str) -> str | None:
        """Plain text for a MyST link to a label or a page; None for an ordinary link."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return None
        if target in self.labels:
            return text or self.role("ref", target, here)
        doc = self.resolve_doc(target.split("#")[0], here)
        if doc is not None:
            return text or self.doc_text(doc)
        return None


def _inline_plain(text: str) -> str:
    return ROLE.sub(lambda m: m["content"], text).strip()


def _directive_blocks(text: str) -> list[dict]:
    """Top-level fenced directive blocks of ``text``: name, argument, options, body, span."""
    lines = text.splitlines()
    blocks, index = [], 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        char, length = match["fence"][0], len(match["fence"])
        end, depth = index + 1, [(char, length)]
        while end < len(lines) and depth:
            inner = FENCE.match(lines[end])
            if inner:
                c, n = inner["fence"][0], len(inner["fence"])
                top_c, top_n = depth[-1]
                if not inner["rest"].strip() and c == top_c and n >= top_n:
                    depth.pop()
                elif inner["rest"].strip():
                    depth.append((c, n))
            end += 1
        if depth:
            raise ConventionError(f"a fenced block opened by {lines[index]!r} is never closed")
        directive = DIRECTIVE.match(match["rest"].strip())
        if directive:
            head = match["rest"].strip()
            argument = head[directive.end() :].strip()
            body = lines[index + 1 : end - 1]
            options = {}
            if body and body[0].strip() == "---":  # YAML options block
                close = body.index("---", 1) if "---" in body[1:] else 0
                options = yaml.safe_load("\n".join(body[1:close])) or {}
                body = body[close + 1 :]
            while body and (option := OPTION.match(body[0].strip())):
                options[option["key"]] = option["value"]
                body = body[1:]
            blocks.append(
                {
                    "name": directive["name"],
                    "argument": argument,
                    "options": options,
                    "body": "\n".join(body).strip("\n"),
                    "start": index,
                    "end": end,
                }
            )
        index = end
    return blocks


def _quote(title: str, body: str) -> str:
    """An admonition as Markdown: a blockquote, or bold title and rules where maths or code
    would break inside ``>`` (Jupyter extracts ``$$`` maths before parsing the quote)."""
    if "$$" in body or FENCE.search(body) or "```" in body:
        parts = ["---", "", f"**{title}**" if title else "", "", body, "", "---"]
        return "\n".join(parts).replace("\n\n\n", "\n\n")
    lines = [f"**{title}**", ""] if title else []
    lines += body.splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines)


class Plain:
    """Turns one chapter's MyST Markdown into plain Markdown."""

    def __init__(self, book: Book, doc: str):
        self.book, self.doc = book, doc
        self.exercise_count = 0

    def markdown(self, text: str) -> str:
        lines = text.splitlines()
        out, cursor = [], 0
        for block in _directive_blocks(text):
            out.append(self._inline_lines(lines[cursor : block["start"]]))
            out.append(self._directive(block))
            cursor = block["end"]
        out.append(self._inline_lines(lines[cursor:]))
        result = "\n".join(part for part in out if part is not None)
        return re.sub(r"\n{3,}", "\n\n", result).strip("\n")

    def _inline_lines(self, lines: list[str]) -> str:
        kept, fence = [], None  # fence: (character, length) of an open code fence
        for line in lines:
            match = FENCE.match(line)
            if fence is None and match:
                fence = (match["fence"][0], len(match["fence"]))
                kept.append(line)
                continue
            if fence is not None:
                if (
                    match
                    and not match["rest"].strip()
                    and match["fence"][0] == fence[0]
                    and len(match["fence"]) >= fence[1]
                ):
                    fence = None
                kept.append(line)
                continue
            if TARGET.match(line) or line.lstrip().startswith("% "):
                continue
            line = re.sub(r"(\$\$)\s*\([\w:-]+\)\s*$", r"\1", line)  # $$ (eq-label)
            kept.append(self.inline(line))
        return "\n".join(kept)

    def inline(self, line: str) -> str:
        """One line of Markdown with its roles and MyST links written out (code spans kept)."""

        def replace(match):
            if match["code"]:
                return match["code"]
            if match["name"]:
                return self.book.role(match["name"], match["content"], self.doc)
            text = INLINE.sub(replace, match["text"])
            plain = self.book.link(text, match["target"], self.doc)
            return f"[{text}]({match['target']})" if plain is None else plain

        text = INLINE.sub(replace, line)
        # "exercise Exercise 6.1": one word is enough
        return re.sub(r"\b([Ee])xercise \(?Exercise ", lambda m: f"{m[1]}xercise ", text)

    def exercise_heading(self, block: dict) -> str:
        label = block["options"].get("label")
        if "nonumber" in block["options"]:
            number = None
        elif label and label in self.book.labels:
            number = self.book.labels[label]["number"]
        else:
            self.exercise_count += 1
            chapter = self.book.chapter_number.get(self.doc)
            number = f"{chapter}.{self.exercise_count}" if chapter else str(self.exercise_count)
        title = self.inline(block["argument"])
        name = f"Exercise {number}" if number else "Exercise"
        return f"### {name}: {title}" if title else f"### {name}"

    def solution_heading(self, label: str) -> str:
        known = self.book.labels.get(label.strip())
        if known and known["kind"] == "exercise":
            return f"#### Solution to Exercise {known['number']}"
        return "#### Solution"

    def _directive(self, block: dict) -> str:
        name, body = block["name"], self.markdown(block["body"]) if block["body"] else ""
        if name in ("exercise", "exercise-start"):
            return f"{self.exercise_heading(block)}\n\n{body}".strip()
        if name == "exercise-end":
            return ""
        if name == "solution":
            return f"{self.solution_heading(block['argument'])}\n\n{body}"
        if name in ADMONITIONS:
            title = self.inline(block["argument"]) if block["argument"] else ""
            if name not in ("admonition", "dropdown", "margin", "sidebar", "epigraph", "topic"):
                default = "See also" if name == "seealso" else name.capitalize()
                title = title or default
            return _quote(title, body)
        if name in ("math",):
            return f"$$\n{block['body']}\n$$"
        if name in ("code", "code-block", "code-cell", "sourcecode"):
            return f"```{block['argument']}\n{block['body']}\n```"
        if name in ("figure", "image"):
            alt = block["options"].get("alt", "")
            return f"![{alt}]({block['argument']})\n\n{body}".strip()
        raise ConventionError(
            f"{self.doc}: the {{{name}}} directive has no plain-Markdown form yet; "
            "add one to tools/make_student_edition.py (Plain._directive)"
        )


# -- code cells ------------------------------------------------------------------------


def _is_glue_or_assert(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Assert):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        return (isinstance(func, ast.Name) and func.id == "glue") or (
            isinstance(func, ast.Attribute) and func.attr == "glue"
        )
    return False


def _helper_lines(statements: list[ast.stmt], drop: set[int]) -> bool:
    """Add to ``drop`` the lines of glue calls and asserts, at any depth; True if all go."""
    gone = True
    for statement in statements:
        if _is_glue_or_assert(statement):
            drop |= set(range(statement.lineno - 1, statement.end_lineno))
            continue
        bodies = [getattr(statement, key, None) for key in ("body", "orelse")]
        bodies = [body for body in bodies if body]
        if (
            isinstance(statement, ast.For | ast.While | ast.With | ast.If)
            and bodies
            and all(_helper_lines(body, drop) for body in bodies)
        ):
            drop |= set(range(statement.lineno - 1, statement.end_lineno))
            continue
        gone = False
    return gone


def _names(tree: ast.AST, context: type) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, context):
            found.add(node.id)
        elif context is ast.Store:
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
                found.add(node.name)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                found |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return found


def _flow(source: str) -> tuple[set[str], set[str]] | None:
    """(names read before being assigned, names assigned) by a cell; None if not Python.

    Approximate: a name a statement both reads and assigns (a loop variable) counts as
    assigned there. The execution tests catch what this misses.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    free, defined = set(), set()
    for statement in tree.body:
        stored = _names(statement, ast.Store)
        free |= _names(statement, ast.Load) - defined - stored
        defined |= stored
    return free, defined


def _drop_helpers(source: str) -> str:
    """``source`` without its glue calls and asserts (unchanged if it has none)."""
    tree = ast.parse(source)
    drop: set[int] = set()
    _helper_lines(tree.body, drop)
    if not drop:
        return source
    kept = [line for index, line in enumerate(source.splitlines()) if index not in drop]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def _without_glue_import(source: str) -> str:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines, changed = source.splitlines(), False
    for statement in reversed(tree.body):
        if (
            isinstance(statement, ast.ImportFrom)
            and statement.module in ("gdlib", "myst_nb", "gdlib.notebook")
            and any(alias.name == "glue" for alias in statement.names)
        ):
            rest = [a for a in statement.names if a.name != "glue"]
            new = (
                [
                    f"from {statement.module} import "
                    + ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in rest)
                ]
                if rest
                else []
            )
            lines[statement.lineno - 1 : statement.end_lineno] = new
            changed = True
    if not changed:
        return source
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _caption_cell(figure: dict, alt: str, number: str, plain: Plain) -> nbformat.NotebookNode:
    caption = plain.markdown(figure.get("caption", "")) if figure.get("caption") else ""
    text = f"**Figure {number}.** {caption}".strip()
    if alt:
        text += f"\n\n*Figure description (alt text):* {plain.markdown(alt)}"
    return nbformat.v4.new_markdown_cell(text, metadata={"plain-edition": "caption"})


def plain_notebook(
    notebook: nbformat.NotebookNode,
    book: Book,
    doc: str,
    *,
    solutions: bool,
    colab_cell: str | None = None,
) -> nbformat.NotebookNode:
    """A chapter as plain Jupyter reads it (see the module doc).

    ``solutions=False`` is the student edition (solutions removed first, by
    :func:`student_notebook`); ``solutions=True`` keeps them, collapsed.
    """
    if not solutions:
        notebook = student_notebook(notebook, where=doc)
    else:
        notebook = copy.deepcopy(notebook)
    plain = Plain(book, doc)
    sources = [c.source if c.cell_type == "code" else "" for c in notebook.cells]
    flows = [_flow(source) for source in sources]
    cells: list[nbformat.NotebookNode] = []
    gated = False
    figures = 0
    hidden = {"source_hidden": True, "outputs_hidden": True}
    for index, cell in enumerate(notebook.cells):
        tags = list(cell.metadata.get("tags", []))
        cell.metadata.pop("execution", None)
        if cell.cell_type == "markdown":
            if _has_directive(cell.source, "solution-start"):
                label = _directive_blocks(cell.source)[0]["argument"]
                heading = nbformat.v4.new_markdown_cell(plain.solution_heading(label), id=cell.id)
                heading.metadata["jp-MarkdownHeadingCollapsed"] = True
                cells.append(heading)
                gated = True
                continue
            if _has_directive(cell.source, "solution-end"):
                gated = False
                continue
            pieces = _split_solutions(cell.source)
            for kind, text in pieces:
                if kind == "solution":
                    label, body = text
                    heading = nbformat.v4.new_markdown_cell(
                        plain.solution_heading(label), id=f"{cell.id}-solution"
                    )
                    heading.metadata["jp-MarkdownHeadingCollapsed"] = True
                    cells.append(heading)
                    cells.append(
                        nbformat.v4.new_markdown_cell(
                            plain.markdown(body),
                            metadata={"jupyter": dict(hidden)},
                            id=f"{cell.id}-solution-text",
                        )
                    )
                    continue
                converted = plain.markdown(text)
                if not converted.strip():
                    continue
                new = copy.deepcopy(cell)
                new.source = converted
                if gated:
                    new.metadata["jupyter"] = dict(hidden)
                cells.append(new)
            continue
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cell.outputs = []
        cell.execution_count = None
        source = cell.source
        if '"google.colab" in sys.modules' in source:
            if colab_cell is None:
                continue
            cell.source = colab_cell
            cell.metadata["tags"] = [t for t in tags if t != "remove-cell"]
            if not cell.metadata["tags"]:
                cell.metadata.pop("tags")
            cells.append(cell)
            continue
        flow = flows[index]
        if flow is not None:
            stripped = _drop_helpers(source)
            helper = "remove-cell" in tags and "student-stub" not in tags
            if helper:
                left = _flow(stripped) or (set(), set())
                if not stripped.strip() or not _needed_later(left[1], flows[index + 1 :]):
                    continue
            cell.source = stripped
            if not cell.source.strip():
                continue
        tags = [t for t in tags if t not in ("remove-cell", "remove-input", "hide-input")]
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        if gated or "solution" in tags:
            cell.metadata["jupyter"] = dict(hidden)
        mystnb = cell.metadata.pop("mystnb", {})
        cells.append(cell)
        figure = mystnb.get("figure", {})
        if figure.get("caption") is not None or figure.get("name"):
            figures += 1
            chapter = book.chapter_number.get(doc)
            number = f"{chapter}.{figures}" if chapter else str(figures)
            if figure.get("name") in book.labels:  # the book's number, solutions counted
                number = book.labels[figure["name"]]["number"]
            alt = mystnb.get("image", {}).get("alt", "")
            caption = _caption_cell(figure, alt, number, plain)
            caption.id = f"{cell.id}-caption"
            cells.append(caption)
    uses_glue = any(
        c.cell_type == "code" and re.search(r"\bglue\(", _without_glue_import(c.source))
        for c in cells
    )
    if not uses_glue:
        for cell in cells:
            if cell.cell_type == "code":
                cell.source = _without_glue_import(cell.source)
        cells = [c for c in cells if c.cell_type != "code" or c.source.strip()]
    seen: set[str] = set()
    for cell in cells:  # ids stay the chapters' own; pieces of a split cell get a suffix
        base, count = cell.get("id") or "cell", 1
        while cell.get("id") in seen or not cell.get("id"):
            count += 1
            cell.id = f"{base}-{count}"
        seen.add(cell.id)
    notebook.cells = cells
    return notebook


def _needed_later(names: set[str], later: list) -> bool:
    """Whether a later cell reads one of ``names`` before assigning it again."""
    live = set(names)
    for flow in later:
        if not live:
            return False
        if flow is None:
            continue
        free, defined = flow
        if live & free:
            return True
        live -= defined
    return False


def _split_solutions(text: str) -> list[tuple[str, object]]:
    """A Markdown cell cut at its {solution} blocks: ("text", str) and ("solution", (label, body))."""
    lines = text.splitlines()
    pieces, cursor = [], 0
    for block in _directive_blocks(text):
        if block["name"] != "solution":
            continue
        pieces.append(("text", "\n".join(lines[cursor : block["start"]])))
        pieces.append(("solution", (block["argument"], block["body"])))
        cursor = block["end"]
    pieces.append(("text", "\n".join(lines[cursor:])))
    return [(kind, value) for kind, value in pieces if kind == "solution" or value.strip()]


# ----------------------------------------------------------------------------------------
# The whole edition
# ----------------------------------------------------------------------------------------


def _toc_files(entries: list) -> list[str]:
    files = []
    for entry in entries or []:
        if "file" in entry:
            files.append(entry["file"])
        for key in ("chapters", "sections", "parts"):
            files += _toc_files(entry.get(key, []))
    return files


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks in ``_toc.yml`` order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"], *_toc_files([toc])]
    paths = []
    for name in files:
        path = root / f"{Path(name).with_suffix('')}.ipynb"
        if path.parent == root / "chapters" and path.exists() and path not in paths:
            paths.append(path)
    return paths


def _pyproject(root: Path) -> str:
    """The parts of pyproject.toml that install gdlib (no test or lint settings)."""
    keep = {"build-system", "project", "tool.setuptools", "tool.setuptools.package-data"}
    text, section = [], None
    for line in (root / "pyproject.toml").read_text().splitlines():
        header = re.match(r"^\[([^\]]+)\]\s*$", line)
        if header:
            section = header[1]
        if section in keep and not line.startswith("readme"):
            text.append(line)
    return "\n".join(text).strip() + "\n"


def _colab_tool(root: Path):
    spec = importlib.util.spec_from_file_location(
        "sync_colab_cells", root / "tools" / "sync_colab_cells.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STUDENT_README = """\
# Gradient Descent, Line by Line — student edition

The chapters of the book *Gradient Descent, Line by Line* as Jupyter notebooks, **without
the solutions to the exercises** and without stored outputs: run them yourself, top to
bottom. They read as ordinary Jupyter notebooks: the numbers the text quotes, the figure
captions and the exercises are written out in the notebook itself. Whether and when you see
the solutions is up to your teacher.

## Running the notebooks

- **Binder:** this folder carries its own environment (`binder/requirements.txt`,
  `runtime.txt`), so it launches on [mybinder.org](https://mybinder.org) from a repository of
  its own.
- **Colab:** the first code cell of each notebook installs `gdlib`, the book's small helper
  package, when (and only when) it runs on Colab.
- **Your own computer**, with Python 3.10 or newer, in this folder:

  ```bash
  python3 -m venv .venv
  .venv/bin/pip install -r requirements.txt     # numpy, matplotlib, Jupyter and gdlib
  .venv/bin/jupyter lab chapters/
  ```

- **A JupyterHub:** the hub's administrator installs `gdlib` into the image once (see the
  book's README); tools such as nbgitpuller copy the notebooks but install nothing.

## Exercises and self-checks

Each chapter ends with exercises. Some come with an empty function for you to write,
followed by a *self-check*, for example:

```python
def my_predict(x, m, b):
    # your code here
    ...

gdlib.checks.check_predict(my_predict)
```

The check tries your function on fresh random data every time you run it and prints one
line: a pass (✔), or a hint about what is still wrong (✘), without giving the answer away.

## Contents

{contents}

## Licence

Text and figures: CC BY 4.0; code (`gdlib`): MIT. See `LICENSE`.
"""

PLAIN_README = """\
# The chapters as plain notebooks (generated: do not edit)

Every chapter of the book, as ordinary Jupyter notebooks for the places that do not render
the book's MyST Markdown: Colab, Binder, a JupyterHub, a plain JupyterLab. The numbers the
text quotes are written in, references read "Figure 2.3" and "chapter 1", each figure's
caption and description follow it, exercises are headings, and solutions are kept but
collapsed. Outputs are cleared: run the notebooks. The book's Colab and Binder buttons open
these files.

They are written by `python tools/make_student_edition.py --edition plain` from `chapters/`,
and `tests/test_plain_edition.py` fails when they are out of date: edit the chapters, never
these files.

{contents}
"""


def _clear(out: Path) -> None:
    if not out.exists():
        return
    if (out / MARKER).exists():
        shutil.rmtree(out)
        return
    if out.is_dir() and not any(out.iterdir()):
        return
    raise SystemExit(
        f"{out} exists and was not written by this tool; choose another --out or remove it."
    )


def edition_files(edition: str, root: Path = ROOT) -> dict[str, str | Path]:
    """Every file of an edition: relative path -> text, or the Path of a file to copy.

    ``edition`` is ``"student"`` (no solutions, a self-contained folder with gdlib and its
    environment) or ``"plain"`` (solutions collapsed; the notebooks the book's Colab and
    Binder buttons open, committed in ``plain/``).
    """
    if edition not in ("student", "plain"):
        raise ValueError(f"edition must be 'student' or 'plain', not {edition!r}")
    book = Book(root)
    colab = _colab_tool(root)
    colab_cell = colab.colab_source(colab.repository_url(root), colab.gdlib_ref(root))
    files: dict[str, str | Path] = {}
    notebooks = chapter_notebooks(root)
    for path in notebooks:
        doc = str(path.relative_to(root).with_suffix(""))
        notebook = nbformat.read(path, as_version=4)
        try:
            result = plain_notebook(
                notebook, book, doc, solutions=edition == "plain", colab_cell=colab_cell
            )
        except ConventionError as error:
            raise ConventionError(f"{doc}: {error}") from None
        files[f"chapters/{path.name}"] = nbformat.writes(result) + "\n"
    for item in sorted((root / "chapters").iterdir()):
        if item.suffix == ".ipynb" or item.name.startswith((".", "_")) or item.is_dir():
            continue
        files[f"chapters/{item.name}"] = item
    contents = "\n".join(
        f"- `chapters/{path.name}`: {book.doc_text(str(path.relative_to(root).with_suffix('')))}"
        f", *{book.title.get(str(path.relative_to(root).with_suffix('')), path.stem)}*"
        for path in notebooks
    )
    files[MARKER] = f"Written by tools/make_student_edition.py --edition {edition}.\n"
    if edition == "plain":
        files["README.md"] = PLAIN_README.format(contents=contents)
        return files
    for item in sorted((root / "gdlib").rglob("*")):
        if item.is_file() and "__pycache__" not in item.parts and item.suffix != ".pyc":
            files[str(item.relative_to(root))] = item
    files["pyproject.toml"] = _pyproject(root)
    reader = (root / "binder" / "requirements.txt").read_text()
    files["requirements.txt"] = reader
    files["binder/requirements.txt"] = reader
    files["runtime.txt"] = (root / "binder" / "runtime.txt").read_text()
    files["binder/runtime.txt"] = (root / "binder" / "runtime.txt").read_text()
    if (root / "LICENSE").exists():
        files["LICENSE"] = root / "LICENSE"
    files["README.md"] = STUDENT_README.format(contents=contents)
    return files


def write_edition(out: Path, edition: str = "student", root: Path = ROOT) -> list[Path]:
    """Write an edition to ``out``; return the notebooks written."""
    files = edition_files(edition, root)
    out = out.resolve()
    _clear(out)
    for name, content in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy2(content, target)
        else:
            target.write_text(content)
    return sorted(out / n for n in files if n.endswith(".ipynb"))


def stale_files(out: Path, edition: str = "plain", root: Path = ROOT) -> list[str]:
    """Files of ``out`` that differ from what the generator writes now (missing or extra too)."""
    files = edition_files(edition, root)
    stale = []
    for name, content in files.items():
        target = out / name
        if not target.is_file():
            stale.append(f"{name} (missing)")
            continue
        expected = content.read_bytes() if isinstance(content, Path) else content.encode()
        if target.read_bytes() != expected:
            stale.append(name)
    if out.is_dir():
        for target in out.rglob("*"):
            name = str(target.relative_to(out))
            if target.is_file() and name not in files and "__pycache__" not in target.parts:
                stale.append(f"{name} (not written by the generator)")
    return stale


def make_student_edition(out: Path, root: Path = ROOT) -> list[Path]:
    """Write the student edition to ``out`` and return the notebooks written."""
    return write_edition(out, "student", root)


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--edition",
        choices=("student", "plain"),
        default="student",
        help="student: no solutions (default); plain: solutions collapsed, for Colab/Binder",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="output folder (default: student_edition/ or plain/)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the output folder differs from what would be written",
    )
    options = parser.parse_args(arguments)
    out = options.out or ROOT / ("plain" if options.edition == "plain" else "student_edition")
    try:
        if options.check:
            stale = stale_files(out, options.edition)
            for name in stale:
                print(f"out of date: {out / name}")
            if stale:
                print(f"run: python tools/make_student_edition.py --edition {options.edition}")
            return 1 if stale else 0
        written = write_edition(out, options.edition)
    except ConventionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    skipped = sorted(set((ROOT / "chapters").glob("*.ipynb")) - set(chapter_notebooks(ROOT)))
    for path in written:
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    for path in skipped:
        print(f"skipped {path.relative_to(ROOT)} (not in _toc.yml)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
