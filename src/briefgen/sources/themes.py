"""`briefgen themes suggest`: propose theme assignments from the themes' search terms.

A suggestion is a guess from words, never an assignment: written into a source (`--write`), it
is a `TODO` entry in the `themes` list of its paragraph or item, which `check` refuses (with
the file, line and field) until an editor confirms it, by writing the theme's id in its place,
or deletes it. The file is rewritten in place through the build's writer: only those entries
are added, and comments, blank lines and every other line stay as they were written.
"""

from __future__ import annotations

from ..model.collection import Suggestion
from . import yamlfile

#: The keys of a paragraph (or item) after which a missing `themes` list is written.
_AFTER = ("section", "label", "id")


def todo(s: Suggestion) -> str:
    """Return the TODO entry that records a suggestion in the source."""
    words = ", ".join(f"'{w}'" for w in s.words)
    return (
        f"TODO: suggested theme '{s.theme}' (its search terms match {words}): write "
        f"{s.theme} here to assign it, or delete this entry"
    )


def written(text: str, shown: str, suggestions: list[Suggestion]) -> str:
    """Return a source's text with its suggestions added as TODO entries of `themes` lists."""
    additions: dict[yamlfile.Path_, list[str]] = {}
    for s in suggestions:
        path: yamlfile.Path_ = ("paragraphs", s.paragraph)
        if s.at is not None:
            for place in s.at.places:
                path = (*path, "items", place)
        additions.setdefault(path, []).append(todo(s))
    return yamlfile.append_to_lists(text, shown, "themes", additions, _AFTER)
