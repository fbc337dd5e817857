"""What an editor has left to do in a source: every `TODO` placeholder, named by its field.

`briefgen import` writes `TODO` for every fact it cannot know (a title, a date, a place) and
starts the reason of every passage it flagged with `TODO:`. A source is not finished while one
remains: `check` names each one instead of a type error (a date field holding `TODO` is
reported as a date to fill in, not as a malformed date).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_TODO = re.compile(r"^\s*TODO\b")

#: What to write in a field left as a bare TODO.
_WHAT = {
    "work.title": "the declaration's title",
    "work.adopted": "the date of adoption (YYYY-MM-DD), from an official record",
    "work.place": "the place of adoption (or null where no capture gives it)",
    "work.issuer": "who adopted or issued the declaration (the outputs print 'Adopted at the "
    "<issuer>, <place>, <date>' for a meeting, 'Adopted by the <issuer>, …' otherwise; write "
    "work.adoption where neither is how it was made, e.g. 'Agreed by the ministers of …')",
    "work.adoption": "how the work was adopted, printed before the place and date (e.g. "
    "'Agreed by the ministers of …')",
    "work.original_language": "the language the declaration was adopted in (e.g. en, zh), or "
    "null where no capture gives it",
    "edition.date": "the date of this edition 1.0.0 (YYYY-MM-DD)",
    "edition.editors": "the editors of this edition",
    "captures.publisher": "who published the capture",
    "captures.title": "the title of the captured page",
    "captures.url": "the address the capture was taken from",
    "captures.published": "the date the page was published (YYYY-MM-DD), or null if unknown",
    "captures.content": "a sentence saying what the capture holds",
    "expressions.name": "the name of this text, e.g. 'English text'",
    "expressions.title": "the title this text gives the declaration",
    "expressions.authoritative": "true if this text is authoritative, else false",
}


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    elif isinstance(value, str) and _TODO.match(value):
        yield path, value.strip()


def todo_fields(data: Any) -> list[tuple[str, str]]:
    """Return (field path, message) for every TODO left in a source's plain data."""
    out = []
    for path, value in _walk(data, ""):
        rest = value[4:].lstrip(" :").strip()
        if rest:
            message = f"TODO: {rest}"
        else:
            leaf = re.sub(r"^.*[.\]]", "", path)
            top = re.split(r"[.\[]", path)[0]
            what = _WHAT.get(path) or _WHAT.get(f"{top}.{leaf}") or "this field"
            message = f"TODO: fill in {what}"
        out.append((path, message))
    return out
