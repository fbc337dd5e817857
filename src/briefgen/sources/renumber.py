"""`briefgen renumber`: number a draft's paragraphs 1…N again, in source order.

After an editor has deleted or merged paragraphs of a draft (junk an import took for text, two
halves of one paragraph), its numbers have gaps or repeats. Until `briefgen publish` has
recorded them, numbers are only the draft's: this rewrites each `paragraphs[i].number` (the one
field of a source that holds a paragraph's number; everything else names a paragraph by its
id, which stays) and leaves the rest of the file as it was written, comments included. Once the
register holds numbers they are published and never change, so renumbering is refused; so it
is where it would change a number the capture prints (`printed: true`): that is the number.
Preambular paragraphs (numbered PP1, PP2, … before the first printed number) are numbered
PP1…PPk among themselves, the others 1…N.

Prose may still name an old number ("the en text of para 5" in an import's alignment note):
such mentions in the editors' notes and reasons are listed for the editor, not rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import Problem, SourceError, UsageError
from . import yamlfile

#: The fields whose words are the editors' (notes, reasons), where prose may name a number.
_PROSE = re.compile(
    r"^(?:paragraphs\[\d+\]\.(?:note|incomplete\.[^.]+|text\.[^.]+\.note)"
    r"|sections\[\d+\]\.heading\.[^.]+\.note"
    r"|captures\[\d+\]\.(?:partial|content)"
    r"|(?:interventions|corrections)\[\d+\]\.reason"
    r"|work\.original_note|expressions\[\d+\]\.origin\.note)$"
)
_MENTION = re.compile(r"\bpara(?:graph)?s?\.?\s+(\d+[A-Z]?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Renumbered:
    """A draft renumbered: its new text, what changed, and prose naming old numbers."""

    text: str
    count: int  # how many paragraphs the work has
    changes: list[tuple[str, str, str]]  # (paragraph id, old number, new number), in order
    mentions: list[str]  # "<file>:<line>: <field> names para 5, now para 4: check its words"


def renumber(
    data: Any, text: str, shown: str, published: dict[str, str], register: str
) -> Renumbered:
    """Return a source's text with its paragraphs numbered 1…N in the order they are listed.

    `published` is what the register `register` records; any number there refuses it.
    """
    if published:
        raise UsageError(
            Problem(
                register,
                f"renumbering refused: {len(published)} paragraph number(s) of this work are "
                "published, and published numbers never change (insert a paragraph as 12A, "
                "withdraw one with 'withdrawn: true')",
            )
        )
    paragraphs = data.get("paragraphs") if isinstance(data, dict) else None
    if not isinstance(paragraphs, list) or not paragraphs:
        raise SourceError(Problem(shown, "no paragraphs to renumber", "paragraphs"))
    changes: list[tuple[str, str, str]] = []
    values: dict[tuple[str | int, ...], str] = {}
    counts = {"PP": 0, "": 0}  # the preambular paragraphs' count, and the others'
    for i, p in enumerate(paragraphs):
        if not isinstance(p, dict) or p.get("number") in (None, ""):
            raise SourceError(
                Problem(
                    shown,
                    "missing: every paragraph needs a number to renumber (write any)",
                    f"paragraphs[{i}].number",
                    line=yamlfile.line_of(text, ("paragraphs", i)),
                )
            )
        old = str(p["number"])
        kind = "PP" if old.startswith("PP") else ""
        counts[kind] += 1
        new = f"{kind}{counts[kind]}"
        if old != new and p.get("printed") is True:
            raise SourceError(
                Problem(
                    shown,
                    f"renumbering refused: para {old} is numbered as its capture prints it "
                    f"(printed: true) and would become para {new}; a printed number is the "
                    "paragraph's and is not renumbered: correct the numbers by hand",
                    f"paragraphs[{i}].number",
                    line=yamlfile.line_of(text, ("paragraphs", i)),
                )
            )
        if old != new:
            changes.append((str(p.get("id")), old, new))
            values["paragraphs", i, "number"] = new
    renumbered = yamlfile.replace_scalars(text, shown, values) if values else text
    moved = {old: new for _, old, new in changes}
    mentions = [
        f"{shown}:{yamlfile.line_of(text, yamlfile.parse_loc(field))}: {field} names "
        f"para {number}, now para {moved[number]}: check its words"
        for field, value in _prose(data, "")
        for number in dict.fromkeys(_MENTION.findall(value))
        if number in moved
    ]
    return Renumbered(renumbered, len(paragraphs), changes, mentions)


def _prose(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _prose(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _prose(item, f"{path}[{i}]")
    elif isinstance(value, str) and _PROSE.match(path):
        yield path, value
