"""The one YAML reader for every file briefgen reads: sources, briefs and registers.

A source is a document people exchange, so its YAML is untrusted: the reader bounds its size,
nesting and (aliases written out) number of values before building anything, refuses tags
(sources are plain data), refuses control characters in any text, and turns every failure into
a located Problem.
It parses once: libyaml's events are composed into nodes here, without recursion, and the
nodes give both the data and an index from each field path to its line, so locating any number
of problems costs one dictionary look-up each.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Problem, SourceError
from ..limits import SOURCE_BYTES

#: The largest YAML file read (limits.py).
MAX_BYTES = SOURCE_BYTES
#: The deepest nesting of lists and mappings (a source needs 5 levels).
MAX_DEPTH = 100
#: The most values (keys, texts, lists, mappings) a file may stand for, aliases written out.
MAX_VALUES = 2_000_000

#: Characters no text may hold: C0 controls but tab and newline, DEL, C1 controls, lone
#: surrogates and the non-characters XML refuses. They print as nothing or break DOCX and PDF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

#: libyaml's parser where PyYAML was built with it (the wheels are): several times faster.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]


class _Refused(Exception):
    """A construct the reader does not accept, at a place in the text."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that refuses duplicate and non-scalar keys and reports bad values by line."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, _Refused):
            raise
        except (ValueError, TypeError, OverflowError) as err:
            if node.tag == "tag:yaml.org,2002:timestamp":
                message = f"'{_short(node)}' is not a date that exists ({err})"
            else:  # an integer too long to convert, ...
                message = f"cannot read the value '{_short(node)}' ({err})"
            raise _Refused(message, node.start_mark) from err


def _short(node: Node) -> str:
    value = node.value if isinstance(node, ScalarNode) else "…"
    return value if len(value) <= 40 else value[:40] + "…"


def _mapping_without_duplicates(loader: _Loader, node: MappingNode) -> Any:
    seen: set[Hashable] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode):
            kind = "list" if isinstance(key_node, SequenceNode) else "mapping"
            raise _Refused(f"a key must be a plain name, not a {kind}", key_node.start_mark)
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def _compose(loader: _Loader) -> Node | None:
    """Build the one document's node tree from parser events, without recursion.

    An alias shares its anchor's node, as PyYAML's composer does; what counts against the
    bounds is the document with every alias written out, so a few lines of aliases to aliases
    cannot stand for billions of values.
    """
    loader.get_event()  # stream start
    if loader.check_event(StreamEndEvent):
        return None
    loader.get_event()  # document start
    root: Node | None = None
    # the open lists and mappings: [node, key awaiting its value, values, depth below, anchor]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Node, int, int]] = {}  # name: (node, values, depth below)
    resolve = loader.resolve
    while True:
        event: Any = loader.get_event()
        kind = type(event)
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                f"YAML tag '{tag}' is not allowed (sources are plain data: remove the tag)",
                event.start_mark,
            )
        node: Node
        if kind is ScalarEvent:
            tag = resolve(ScalarNode, event.value, event.implicit)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            size, below = 1, 0
            if event.anchor is not None:
                anchors[event.anchor] = (node, size, below)
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            node, _, size, below, anchor = stack.pop()
            node.end_mark = event.end_mark
            below += 1
            if anchor is not None:
                anchors[anchor] = (node, size, below)
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise _Refused(
                    f"nested more than {MAX_DEPTH} levels deep (a source needs a few)",
                    event.start_mark,
                )
            node_kind = SequenceNode if kind is SequenceStartEvent else MappingNode
            tag = resolve(node_kind, None, event.implicit)
            opened = node_kind(tag, [], event.start_mark, None, event.flow_style)
            stack.append([opened, None, 1, 0, event.anchor])
            continue
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                open_anchors = {entry[4] for entry in stack}
                why = "inside its own anchor" if event.anchor in open_anchors else "undefined"
                raise _Refused(f"alias '*{event.anchor}' is {why}", event.start_mark)
            node, size, below = anchors[event.anchor]
            if len(stack) + below > MAX_DEPTH:
                raise _Refused(
                    f"nested more than {MAX_DEPTH} levels deep once its aliases are written out",
                    event.start_mark,
                )
        else:
            assert kind is DocumentEndEvent
            break
        if not stack:
            root = node
            continue
        top = stack[-1]
        top[2] += size
        top[3] = max(top[3], below)
        if top[2] > MAX_VALUES:
            raise _Refused(
                f"more than {MAX_VALUES:,} values once its aliases are written out",
                event.start_mark,
            )
        if isinstance(top[0], SequenceNode):
            top[0].value.append(node)
        elif top[1] is None:
            top[1] = node
        else:
            top[0].value.append((top[1], node))
            top[1] = None
    if not loader.check_event(StreamEndEvent):
        event = loader.get_event()
        if isinstance(event, DocumentStartEvent):
            raise _Refused("expected one YAML document, found a second ('---')", event.start_mark)
    return root


@dataclass(frozen=True)
class LineIndex:
    """Where each field of a YAML document starts: field path to 1-based line."""

    index: dict[Path_, int]

    def line_of(self, path: tuple[Any, ...]) -> int | None:
        """Return the line of a field path, or of its nearest parent that is in the file."""
        for end in range(len(path), -1, -1):
            line = self.index.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def _walk(root: Node | None, shown: str) -> tuple[LineIndex, list[Problem]]:
    """Index every field's line and find every text holding a forbidden character."""
    index: dict[Path_, int] = {}
    problems: list[Problem] = []
    todo: list[tuple[Path_, Node]] = [((), root)] if root is not None else []
    while todo:
        path, node = todo.pop()
        index[path] = node.start_mark.line + 1
        if isinstance(node, ScalarNode):
            _check_text(node, path, shown, problems)
        elif isinstance(node, SequenceNode):
            todo += (((*path, i), child) for i, child in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    _check_text(key, path, shown, problems)
                    todo.append(((*path, key.value), value))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return LineIndex(index), problems


def _check_text(node: ScalarNode, path: Path_, shown: str, problems: list[Problem]) -> None:
    found = _FORBIDDEN.search(node.value)
    if found is None:
        return
    char = found.group()
    problems.append(
        Problem(
            shown,
            f"control character U+{ord(char):04X} in the text (only tab and newline are "
            "allowed: remove it)",
            _field_path(path),
            line=node.start_mark.line + 1,
            column=node.start_mark.column + 1,
        )
    )


def _field_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# The line indexes of the texts read last, so a problem found later (by validation or by a
# check against the captures) is located without parsing the file again.
_RECENT: OrderedDict[str, LineIndex] = OrderedDict()
_KEEP = 16


def _remember(text: str, lines: LineIndex) -> None:
    _RECENT[text] = lines
    _RECENT.move_to_end(text)
    while len(_RECENT) > _KEEP:
        _RECENT.popitem(last=False)


def lines_of(text: str) -> LineIndex:
    """Return the line index of a YAML text (of a text already read, at no cost)."""
    found = _RECENT.get(text)
    if found is not None:
        return found
    try:
        _, lines = _parse(text, "")
    except SourceError:
        lines = LineIndex({})
    _remember(text, lines)
    return lines


def _parse(text: str, shown: str) -> tuple[Any, LineIndex]:
    loader = _Loader(text)
    root: Node | None = None
    try:
        root = _compose(loader)
        lines, problems = _walk(root, shown)
        if problems:
            raise SourceError(*problems)
        data = loader.construct_document(root) if root is not None else None
    except _Refused as err:
        raise SourceError(_located(shown, err.message, err.mark, root)) from err
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise SourceError(_located(shown, _yaml_message(err), mark, root)) from err
    except yaml.reader.ReaderError as err:  # a raw control character in the file
        char = err.character if isinstance(err.character, int) else ord(err.character)
        line = text[: err.position].count("\n") + 1
        message = f"control character U+{char:04X} (only tab and newline are allowed: remove it)"
        raise SourceError(Problem(shown, message, line=line)) from err
    except yaml.YAMLError as err:
        raise SourceError(Problem(shown, "YAML error: " + " ".join(str(err).split()))) from err
    finally:
        loader.dispose()
    return data, lines


def _path_at(root: Node | None, mark: Any) -> str:
    """Return the field path of the node starting at a mark (a key's: its mapping's)."""
    todo: list[tuple[Path_, Node]] = [((), root)] if root is not None else []
    here = (mark.line, mark.column)
    while todo:
        path, node = todo.pop()
        if (node.start_mark.line, node.start_mark.column) == here:
            return _field_path(path)
        if isinstance(node, SequenceNode):
            todo += (((*path, i), child) for i, child in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if (key.start_mark.line, key.start_mark.column) == here:
                    return _field_path(path)
                if isinstance(key, ScalarNode):
                    todo.append(((*path, key.value), value))
    return ""


def _located(shown: str, message: str, mark: Any, root: Node | None) -> Problem:
    if mark is None:
        return Problem(shown, message)
    return Problem(shown, message, _path_at(root, mark), line=mark.line + 1, column=mark.column + 1)


def _yaml_message(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or "malformed YAML"
    context = f"{err.context}: " if err.context else ""
    return f"malformed YAML: {context}{problem}"


def read(path: Path, shown: str) -> tuple[Any, str]:
    """Read a YAML file as plain data; return (data, text) or raise SourceError."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # refused before it is opened: a FIFO never answers
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise SourceError(Problem(shown, f"is {kind}; a source is a YAML file"))
        size = info.st_size
        if size > MAX_BYTES:
            raise SourceError(
                Problem(shown, f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
            )
        raw = path.read_bytes()
    except OSError as err:
        if isinstance(err, FileNotFoundError) and path.is_symlink():
            why = f"is a symlink to a file that does not exist ({os.readlink(path)})"
            raise SourceError(Problem(shown, why)) from err
        raise SourceError(Problem(shown, f"cannot read ({err.strerror})")) from err
    if len(raw) > MAX_BYTES:  # grew since stat
        raise SourceError(Problem(shown, f"too large (the limit is {MAX_BYTES:,} bytes)"))
    if not raw.strip():
        raise SourceError(Problem(shown, "file is empty"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(
            Problem(
                shown,
                f"not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); "
                "save the file as UTF-8",
                line=line,
            )
        ) from err
    data, lines = _parse(text, shown)
    _remember(text, lines)
    return data, text


def line_of(text: str, path: tuple[Any, ...]) -> int | None:
    """Return the 1-based line of a field path in a YAML text, or of its nearest parent."""
    return lines_of(text).line_of(path)


def parse_loc(path: str) -> tuple[Any, ...]:
    """Turn a field path such as paragraphs[3].text.en-xinhua back into its parts."""
    parts: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return tuple(parts)


#: The values replace_scalars writes: words that need no quoting or escaping in any style.
_PLAIN_WORD = re.compile(r"[0-9A-Za-z]+")


def replace_scalars(text: str, shown: str, values: dict[tuple[str | int, ...], str]) -> str:
    """Return a YAML text with the scalars at some field paths replaced, the rest as written.

    Only those values change, in place: comments, blank lines, order, quoting and every other
    field stay byte for byte. Each new value (a word of letters and digits) is written in the
    style of the old one: plain, 'single' or "double" quoted. Raise SourceError, located, for a
    path that is not a scalar written out in the text (a list, an alias, a block scalar).
    """
    before, _ = _parse(text, shown)  # every problem of the file is reported as reading it would
    loader = _Loader(text)
    try:
        root = _compose(loader)
    finally:
        loader.dispose()
    spans: list[tuple[int, int, str]] = []
    for path, value in values.items():
        assert _PLAIN_WORD.fullmatch(value), value
        node = _node_at(root, path)
        where = _field_path(path)
        if (
            not isinstance(node, ScalarNode)
            or node.style not in (None, "", "'", '"')
            or not node.value
        ):
            line = node.start_mark.line + 1 if node is not None else None
            raise SourceError(
                Problem(shown, "cannot be rewritten in place: write it as a plain value", where,
                        line=line)
            )  # fmt: skip
        quote = node.style or ""
        start, end = node.start_mark.index, node.end_mark.index
        # an alias is the node of its anchor, written before the key that refers to it
        elsewhere = start < _key_end(root, path) or any(start == s for s, _, _ in spans)
        if elsewhere or text[start:end] != f"{quote}{node.value}{quote}":
            raise SourceError(
                Problem(
                    shown,
                    "cannot be rewritten in place: write the value itself here",
                    where,
                    line=node.start_mark.line + 1,
                )
            )
        spans.append((start, end, f"{quote}{value}{quote}"))
    out = text
    for start, end, new in sorted(spans, reverse=True):
        out = out[:start] + new + out[end:]
    after, _ = _parse(out, shown)
    for path in values:  # the new values, as YAML reads them back
        _set(before, path, _get(after, path))
    if after != before or any(str(_get(after, p)) != v for p, v in values.items()):
        raise SourceError(
            Problem(shown, "cannot be rewritten in place (it would read back otherwise)")
        )
    return out


def append_to_lists(
    text: str, shown: str, key: str, additions: dict[Path_, list[str]], after: tuple[str, ...]
) -> str:
    """Return a YAML text with strings added to the list `key` of some mappings, the rest as
    written: comments, blank lines, order and quoting stay byte for byte.

    `additions` maps the field path of each mapping (`("paragraphs", 3)`) to the strings to
    add, each written double-quoted on a line of its own: a list of `- a` lines gets them
    after its last; a list written `[a, b]` is written out as `- a` lines first, its values
    as they stand; a mapping without the key gets the key after the line of the first of the
    `after` keys it has. Raise SourceError, located, where that cannot be done in place (the
    key holds no list, or the mapping is written on one line).
    """
    before, _ = _parse(text, shown)
    loader = _Loader(text)
    try:
        root = _compose(loader)
    finally:
        loader.dispose()
    edits: list[tuple[int, int, str]] = []
    for path, values in additions.items():
        node = _node_at(root, path)
        where = _field_path((*path, key))
        quoted = [json.dumps(v, ensure_ascii=False) for v in values]
        if not isinstance(node, MappingNode) or node.flow_style:
            line = node.start_mark.line + 1 if node is not None else None
            raise SourceError(
                Problem(shown, f"cannot add to '{key}' in place: write this as a block mapping",
                        where, line=line)
            )  # fmt: skip
        keys = {k.value: (k, v) for k, v in node.value}
        if key in keys:
            edits.append(_list_end(text, shown, *keys[key], quoted, where))
            continue
        k, v = next((keys[a] for a in after if a in keys), node.value[0])
        if v.end_mark.line != k.start_mark.line:
            raise SourceError(
                Problem(shown, f"cannot add '{key}' after a value written over several lines",
                        where, line=k.start_mark.line + 1)
            )  # fmt: skip
        at = _line_end(text, v.end_mark.index)
        edits.append((at, at, "\n" + " " * k.start_mark.column + f"{key}:" + _items(k, quoted)))
    out = text
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    after_data, _ = _parse(out, shown)
    for path, values in additions.items():
        mapping = _get(before, path)
        mapping[key] = [*(mapping.get(key) or []), *values]
    if after_data != before:
        raise SourceError(
            Problem(shown, "cannot be rewritten in place (it would read back otherwise)")
        )
    return out


def _items(key: Node, values: list[str]) -> str:
    """Return values as the `- value` lines of a block list under a key."""
    return "".join(f"\n{' ' * (key.start_mark.column + 2)}- {v}" for v in values)


def _list_end(
    text: str, shown: str, key: Node, node: Node, quoted: list[str], where: str
) -> tuple[int, int, str]:
    """Return the span to replace, and its new text, to add quoted strings to a list node."""
    if isinstance(node, SequenceNode) and node.flow_style:
        if any(not isinstance(v, ScalarNode) for v in node.value):
            raise SourceError(
                Problem(shown, "cannot add to it in place: write its values one a line", where,
                        line=node.start_mark.line + 1)
            )  # fmt: skip
        kept = [text[v.start_mark.index : v.end_mark.index] for v in node.value]
        start = int(key.end_mark.index) + 1  # after the key's ":"
        return start, int(node.end_mark.index), _items(key, [*kept, *quoted])
    if isinstance(node, SequenceNode) and node.value:
        column = node.start_mark.column
        at = _line_end(text, node.value[-1].end_mark.index)
        return at, at, "".join(f"\n{' ' * column}- {q}" for q in quoted)
    raise SourceError(
        Problem(shown, "cannot add to it in place: write it as a list", where,
                line=node.start_mark.line + 1)
    )  # fmt: skip


def _line_end(text: str, index: int) -> int:
    """Return where the line holding a value that ends at `index` ends (before its newline)."""
    if index > 0 and text[index - 1] == "\n":
        return index - 1
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _key_end(root: Node | None, path: tuple[str | int, ...]) -> int:
    """Return where the key of a field path's value ends in the text (0 for a list item)."""
    parent = _node_at(root, path[:-1])
    if isinstance(parent, MappingNode):
        for key, _ in parent.value:
            if key.value == path[-1]:
                return int(key.end_mark.index)
    return 0


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _node_at(root: Node | None, path: tuple[str | int, ...]) -> Node | None:
    """Return the node at a field path of a composed document, or None where there is none."""
    node = root
    for part in path:
        if isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        else:
            return None
    return node
