"""Read YAML the way an editor means it.

PyYAML follows YAML 1.1 and would turn `no` into False, `12:30` into 750 and `2022-09-01` into a
date, accept duplicate keys silently and expand aliases without bound. Here every scalar stays the
text the editor typed (the model converts it, with a clear error when it cannot), duplicate keys and
aliases are errors, and each value keeps its position for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.files.safe import UnsafeFile, Within, read_bounded, real_folders

MAX_BYTES = 1_000_000  # a long briefing is ~30 KB; anything near this is a mistake
MAX_DEPTH = 20  # the model nests five deep at most
MAX_NODES = 50_000

Position = tuple[int, int]  # 1-based line and column
DataPath = tuple[Any, ...]


@dataclass
class Document:
    """Plain data (dicts, lists, str, None) plus where each value and key stands in the file."""

    path: Path
    data: Any = None
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)

    def position(self, path: DataPath, *, key: bool = False) -> Position:
        """The position of `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


class YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str = "", code: str = "yaml"):
        super().__init__(message)
        self.line, self.column, self.message, self.hint, self.code = line, column, message, hint, code


# libyaml's C parser is ~20 times faster than PyYAML's pure-Python one on large files.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _refuse_aliases(text: str) -> None:
    """Scan the event stream first, so an alias bomb is refused before anything is built."""
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            continue
        mark = event.start_mark
        what = f"aliases (*{anchor})" if isinstance(event, yaml.AliasEvent) else f"anchors (&{anchor})"
        raise YamlProblem(
            mark.line + 1,
            mark.column + 1,
            f"YAML {what} are not allowed",
            "remove it and write each value out in full where it is needed",
            "alias",
        )


_NULLS = {"", "~", "null", "Null", "NULL"}
# Tags that only say what the editor wrote anyway; any other tag could mean code or a custom type.
_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "null", "int", "float", "bool", "timestamp")}


def _pos(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, doc: Document, path: DataPath, depth: int, count: list[int]) -> Any:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlProblem(*_pos(node), "the file has too many values", "split it up", "too-big")
    if depth > MAX_DEPTH:
        raise _too_deep_problem(_pos(node))
    doc.values[path] = _pos(node)
    if node.tag not in _TAGS:
        raise YamlProblem(
            *_pos(node),
            f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
            "remove the tag (the part starting with !)",
            "tag",
        )
    if isinstance(node, yaml.ScalarNode):
        try:
            node.value.encode("utf-8")
        except UnicodeEncodeError:
            raise YamlProblem(*_pos(node), "the text holds an invalid character (a lone surrogate escape)",
                              "remove the \\u escape", "encoding") from None
        if node.style is None and node.value in _NULLS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(child, doc, path + (i,), depth + 1, count)
            for i, child in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    *_pos(key_node),
                    "a key must be a plain word, not a list or mapping",
                    "write keys as `name: value`",
                    "key",
                )
            key = key_node.value
            if key == "<<":
                raise YamlProblem(*_pos(key_node), "YAML merge keys (<<) are not allowed",
                                  "write the fields out in full", "alias")
            if key in result:
                first = doc.keys[path + (key,)]
                raise YamlProblem(
                    *_pos(key_node),
                    f"'{key}' appears twice in the same block (first on line {first[0]})",
                    "keep one of them: YAML would silently drop the first",
                    "duplicate-key",
                )
            doc.keys[path + (key,)] = _pos(key_node)
            result[key] = _convert(value_node, doc, path + (key,), depth + 1, count)
        return result
    raise YamlProblem(*_pos(node), "unexpected YAML content", "", "yaml")  # pragma: no cover


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise YamlProblem(1, 1, "this is not a text file", "save the briefing as UTF-8 text", "encoding")
    try:
        return raw.decode("utf-8-sig")  # tolerate the BOM that some Windows editors add
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            line,
            column,
            "the file is not UTF-8 text",
            "save it as UTF-8 (in VS Code: 'Save with Encoding', then 'UTF-8')",
            "encoding",
        ) from None


def _char_at(text: str, mark) -> str:
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


_OPENS = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
          yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
_CLOSES = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def _too_deep(text: str) -> Position | None:
    """Where the collections first nest more than MAX_DEPTH deep, measured on the token stream.
    The pure-Python scanner has no nesting limit of its own (libyaml's has, and its wording changes
    between releases), so the answer does not depend on which parser refused the file. Only run
    after a parse failed, so its cost (it is slower than libyaml) is paid on broken files only."""
    depth = -1  # the outermost collection is depth 0, as in _convert
    try:
        for token in yaml.scan(text, Loader=yaml.BaseLoader):
            if isinstance(token, _OPENS):
                depth += 1
                if depth > MAX_DEPTH:
                    return token.start_mark.line + 1, token.start_mark.column + 1
            elif isinstance(token, _CLOSES):
                depth -= 1
    except (yaml.YAMLError, RecursionError):
        pass  # a different mistake: the caller reports that one
    return None


def _too_deep_problem(where: Position) -> YamlProblem:
    return YamlProblem(
        *where,
        f"values are nested more than {MAX_DEPTH} levels deep",
        "check the brackets and the indentation: briefings nest a few levels at most",
        "too-deep",
    )


def _syntax_diagnostic(shown: str, err: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    """A YAML syntax error, said plainly and placed where the editor can mend it."""
    problem = (err.problem or "the YAML could not be read").strip()
    mark = err.problem_mark or err.context_mark
    hint = "check the indentation, and put text that contains ': ' or starts with a symbol in quotes"
    message = f"YAML syntax: {problem}" + (f" ({err.context})" if err.context else "")
    if _char_at(text, mark) == "\t" or "'\\t'" in problem:
        message = "YAML syntax: a tab character is not allowed here"
        hint = "replace the tab with spaces (YAML indents with spaces only)"
    elif "end of stream" in problem and err.context_mark and "quoted" in (err.context or ""):
        mark = err.context_mark  # the quote that was opened, not the end of the file
        message = "YAML syntax: a quotation mark is opened here but never closed"
        hint = "add the closing quotation mark at the end of the text"
    elif "mapping values are not allowed" in problem:
        message = "YAML syntax: a colon followed by a space is not allowed here"
        hint = "put the whole text in double quotes, or check the indentation of this line"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Diagnostic(shown, line, column, "error", message, hint, "yaml-syntax")


def read_yaml(path: Path, within: Within | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one YAML file into a Document, or return the diagnostic that stops it.

    Only a regular file whose real path is inside `within` (by default the folder above the
    file's own: the project for a briefing, briefings/ for a data file) is read, and at most
    MAX_BYTES of it: a link to /dev/zero or to a file outside the checkout is refused."""
    shown = display_path(path)
    doc = Document(path)
    text = ""
    try:
        try:
            raw = read_bounded(path, within or real_folders(Path(path).absolute().parent.parent), MAX_BYTES)
        except UnsafeFile as unsafe:
            code = "too-big" if "too large" in unsafe.message else "unsafe-file"
            raise YamlProblem(1, 1, unsafe.message, unsafe.hint, code) from None
        text = _decode(raw)
        try:
            _refuse_aliases(text)
            root = yaml.compose(text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError) as err:
            # Said by what is wrong with the file, not by the parser's wording for it.
            where = _too_deep(text)
            if where is not None:
                raise _too_deep_problem(where) from None
            if isinstance(err, RecursionError):
                raise YamlProblem(1, 1, "values are nested too deeply", "check the indentation",
                                  "too-deep") from None
            raise
        if root is None:
            raise YamlProblem(1, 1, "the file is empty", "add the briefing's fields", "empty")
        doc.data = _convert(root, doc, (), 0, [0])
    except YamlProblem as problem:
        return None, [Diagnostic(shown, problem.line, problem.column, "error", problem.message,
                                 problem.hint, problem.code)]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_diagnostic(shown, err, text)]
    except yaml.YAMLError as err:
        return None, [Diagnostic(shown, 1, 1, "error", f"YAML could not be read: {err}",
                                 "save the file as UTF-8 text", "yaml-syntax")]
    except OSError as err:
        return None, [Diagnostic(shown, 1, 1, "error", f"cannot read the file: {err.strerror}", "", "io")]
    return doc, []
