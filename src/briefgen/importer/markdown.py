"""Read a Markdown capture's structure from its markup, for `briefgen import`.

A web-to-Markdown conversion says what each block is: `#` headings and paragraphs that are
only `**bold**` are headings; `-`/`1.` lists are the items of the paragraph before them (its
lead-in: "We agree to:"); front matter, HTML comments, thematic breaks (`----`) and stray
escaped marks (`\\###`) are the conversion's, not the text's. The capture is parsed with
markdown-it-py (CommonMark), whose block tokens carry their source lines, so each passage
keeps the capture's line numbers, as segment.py's do.

The capture stays as it is (the collation reads the Markdown itself), so every byte of
markup is accounted for: blocks of markup are flagged passages (removals), and markup inside a
text (`**` around words, `9<sup>e</sup>`, `\\*`, a link's target, a heading's `#` or `**`) is
left out of the text and recorded as a span normalisation (`before` as captured, `after` as
printed). Pure text work: no file is opened here.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import replace
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model.source import occurrences
from ..model.spacing import collapse
from .segment import (
    Item,
    Passage,
    Segmented,
    Span,
    heading_label,
    heading_match,
    lettered_lists,
)

_FRONT = re.compile(r"---[ \t]*")
#: The reasons recorded for markup blocks (no TODO: what they are is certain).
COMMENT = "an HTML comment left by the conversion to Markdown"
HTML = "HTML left in the Markdown by the conversion"
RULE = "a thematic break (a Markdown rule such as '----') of the conversion"
STRAY = "a stray Markdown mark of the conversion, with no word in it"
FRONT_MATTER = "the page's metadata (YAML front matter) added by the conversion to Markdown"
TITLE = "the declaration's title as the page prints it above the text"


def read(text: str, titles: tuple[str, ...] = ()) -> Segmented:
    """Cut a Markdown capture into headings, paragraphs (with their lists) and flagged markup.

    `titles` are the declaration's titles known already (`--title`, the work's): a heading
    above the first paragraph that says one of them is the page's title, not a section's.
    """
    lines = text.split("\n")
    out = Segmented()
    end = _front_matter(lines)
    if end:
        out.blocks.append(
            Passage("flag", "\n".join(lines[:end]), 1, end, why=FRONT_MATTER, markup=True)
        )
        out.metadata = _metadata(lines[1 : end - 1])
    body = "\n".join([""] * end + lines[end:])
    tokens = MarkdownIt("commonmark").parse(body)
    reader = _Reader(lines, out)
    i = 0
    while i < len(tokens):
        i = reader.block(tokens, i)
    _page_title(out, (out.metadata.get("title", ""), *titles), reader.h1, lines)
    # paragraphs that open with a label, "(a) …" (or "**(a)** …") after one ending in ':',
    # are its items, as in plain text
    return lettered_lists(lines, out, split=False)


def _page_title(out: Segmented, titles: tuple[str, ...], h1: list[int], lines: list[str]) -> None:
    """Flag the page's title: a heading above the first paragraph that says a known title
    (the front matter's, `--title`) or is the page's one `#` heading, where a section heading
    follows it before the text (as a title stands above the text's parts)."""
    first = next((k for k, b in enumerate(out.blocks) if not b.markup), None)
    if first is None or out.blocks[first].kind != "heading":
        return
    block = out.blocks[first]
    known = {title_words(t) for t in titles if t}
    sole_h1 = h1 == [first] and any(b.kind == "heading" for b in out.blocks[first + 1 :])
    if title_words(block.text) not in known and not sole_h1:
        return
    raw = "\n".join(lines[block.first - 1 : block.last])
    out.blocks[first] = Passage("flag", raw, block.first, block.last, why=TITLE, title=True)


def title_words(text: str) -> str:
    """A title's words for comparison: case, punctuation and spacing aside."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _front_matter(lines: list[str]) -> int:
    """The number of lines of YAML front matter at the top (`---` … `---`), or 0."""
    if not lines or not _FRONT.fullmatch(lines[0].rstrip("\r")):
        return 0
    for n in range(1, len(lines)):
        if _FRONT.fullmatch(lines[n].rstrip("\r")):
            return n + 1
    return 0


def _metadata(lines: list[str]) -> dict[str, str]:
    """The front matter's title, date, URL and the like, as text; {} if it is not YAML."""
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    keys = ("title", "date", "published", "url", "source", "link", "author", "description")
    return {k: str(data[k]) for k in keys if data.get(k) not in (None, "")}


class _Reader:
    def __init__(self, lines: list[str], out: Segmented) -> None:
        self.lines, self.out = lines, out
        #: the number and marker of the numbered paragraph's list item being read
        self.number: tuple[str, str] | None = None
        #: markup flags met since the last paragraph: inside it if a list then follows
        self.pending: list[int] = []
        #: the blocks that are `#` (level-one) headings
        self.h1: list[int] = []

    def raw(self, token: Token) -> tuple[str, int, int]:
        """A block's lines as captured, and its first and last line numbers (from 1)."""
        start, stop = token.map or (0, 0)
        while stop > start + 1 and not self.lines[stop - 1].strip():
            stop -= 1  # a list item's map runs over the blank line after it
        return "\n".join(self.lines[start:stop]), start + 1, stop

    def block(self, tokens: list[Token], i: int) -> int:
        """Read the block starting at tokens[i]; return the index after it."""
        token = tokens[i]
        close = _closing(tokens, i)
        if token.type == "heading_open":
            self.heading(token, tokens[i + 1])
        elif token.type == "paragraph_open":
            self.paragraph(token, tokens[i + 1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            self.list(tokens[i : close + 1])
        elif token.type == "html_block":
            text, first, last = self.raw(token)
            why = COMMENT if text.lstrip().startswith("<!--") else HTML
            self.flag(text, first, last, why)
        elif token.type == "hr":
            self.flag(*self.raw(token), RULE)
        else:  # a quotation, code, a table: taken as captured, for the editor
            text, first, last = self.raw(token)
            if text.strip():
                self.out.blocks.append(Passage("paragraph", _flat(text), first, last))
                self.out.warnings.append(
                    f"line {first}: a Markdown {token.type.removesuffix('_open')} is taken as "
                    "captured, markup and all; edit it and record the markup by hand"
                )
                self.pending = []
        return close + 1

    def flag(self, text: str, first: int, last: int, why: str) -> None:
        self.out.blocks.append(Passage("flag", text, first, last, why=why, markup=True))
        self.pending.append(len(self.out.blocks) - 1)

    def heading(self, token: Token, inline: Token) -> None:
        raw, first, last = self.raw(token)
        text = _plain(inline.children or [])
        if token.tag == "h1":
            self.h1.append(len(self.out.blocks))
        self.add_heading(raw, text, first, last, "a Markdown heading marker ('#')")

    def add_heading(self, raw: str, text: str, first: int, last: int, why: str) -> None:
        found = heading_match(text)
        label = heading_label(found) if found else None
        before = _flat(raw)
        spans = (Span(before, text, None, why),) if before != text else ()
        self.out.blocks.append(
            Passage("heading", text, first, last, label, spans=spans, marked=True)
        )
        self.pending = []

    def paragraph(self, token: Token, inline: Token) -> None:
        raw, first, last = self.raw(token)
        children = inline.children or []
        text = _plain(children)
        if not re.search(r"\w", text):
            self.flag(raw, first, last, STRAY)
            return
        if _bold_only(children):
            self.add_heading(
                raw, text, first, last, "Markdown bold markers ('**') around a heading"
            )
            return
        captured, number, marker = _flat(raw), None, ""
        if self.number is not None:  # the first paragraph of a numbered paragraph's list item
            number, marker = self.number
            captured = captured.removeprefix(marker).lstrip()
            self.number = None
        elif (found := _MARKED_NUMBER.match(captured)) and text.startswith(
            printed := f"{found['n']}{found['p']} "  # "4\. We …", "**4.** We …": "4. We …"
        ):
            number, marker = found["n"], found[0]
            captured, text = captured[len(marker) :].lstrip(), text[len(printed) :]
        spans = _spans(captured, text)
        self.out.blocks.append(
            Passage("paragraph", text, first, last, number, spans=spans, marker=marker)
        )
        self.pending = []

    def numbered(self, tokens: list[Token]) -> None:
        """An ordered list whose items are numbered paragraphs: each item read as blocks.

        Its first paragraph is a paragraph whose number is the item's ("3." of "3.  We …");
        a list inside the item is that paragraph's items, as after any lead-in.
        """
        k = 1
        while k < len(tokens) - 1:
            token = tokens[k]
            close = _closing(tokens, k)
            if token.type == "list_item_open":
                self.number = (token.info, token.info + token.markup)
                j = k + 1
                while j < close:
                    j = self.block(tokens, j)
                self.number = None
            k = close + 1

    def list(self, tokens: list[Token]) -> None:
        if _numbered_paragraphs(tokens, self._lead_in(), self.lines):
            self.numbered(tokens)
            return
        items: list[Item] = []
        for k, token in enumerate(tokens):
            if token.type != "list_item_open" or token.level != tokens[0].level + 1:
                continue
            inline = next((t for t in tokens[k:] if t.type == "inline"), None)
            raw, first, last = self.raw(token)
            label = token.info or None
            words = _flat(raw).split(" ", 1)
            captured = words[1] if len(words) > 1 else ""
            text = _plain(inline.children or []) if inline is not None else ""
            items.append(Item(text, first, last, label, _spans(captured, text)))
        lead = self._lead_in()
        tight = any(b.first == a.last + 1 for a, b in itertools.pairwise(items))
        if lead is None and tight and items:
            # no paragraph to hold the items, and no blank line to divide them (where the
            # edition's paragraphs must divide): one paragraph, its markers recorded
            raw = "\n".join(self.lines[items[0].first - 1 : items[-1].last])
            text = " ".join(item.text for item in items)
            spans = (Span(_flat(raw), text, None, "Markdown list markers"),)
            self.out.blocks.append(
                Passage("paragraph", text, items[0].first, items[-1].last, spans=spans)
            )
            self.out.warnings.append(
                f"lines {items[0].first}–{items[-1].last}: a list with no paragraph before it "
                "and no blank line between its items is taken as one paragraph (its markers "
                "recorded); divide it by hand if its items are paragraphs"
            )
            self.pending = []
            return
        if lead is None:  # no paragraph to hold the items: each is a paragraph of its own
            for item in items:
                raw = "\n".join(self.lines[item.first - 1 : item.last])
                spans = (Span(_flat(raw), item.text, None, "a Markdown list marker"),)
                passage = Passage("paragraph", item.text, item.first, item.last, spans=spans)
                self.out.blocks.append(passage)
            self.pending = []
            return
        index, paragraph = lead
        self.out.blocks[index] = replace(
            paragraph,
            last=items[-1].last if items else paragraph.last,
            items=paragraph.items + tuple(items),
        )
        for k in self.pending:
            self.out.blocks[k] = _inside(self.out.blocks[k])
        self.pending = []

    def _lead_in(self) -> tuple[int, Passage] | None:
        """The paragraph a list belongs to: the one just before it, markup aside."""
        k = len(self.out.blocks) - 1
        while k >= 0 and (k in self.pending or self.out.blocks[k].inside):
            k -= 1
        if k < 0 or self.out.blocks[k].kind != "paragraph":
            return None
        return k, self.out.blocks[k]


#: A paragraph's printed number in markup: escaped so that Markdown does not make it a list
#: ("4\\. …"), or bold or emphasised ("**4.** …", "**4\\.** …"), as model.source.NUMBER_FORMS
#: lists the forms the collation takes.
_MARKED_NUMBER = re.compile(r"(?P<w>\*\*|__|\*|_|)(?P<n>[1-9][0-9]{0,3})\\?(?P<p>[.)])(?P=w)(?= )")


def _spans(captured: str, text: str) -> tuple[Span, ...]:
    """The markup of a paragraph's or item's words, as spans_of finds it.

    `check` takes [words] in a text as the editors'; a link's [text] as captured is not, so
    such a text is recorded whole (its words as captured, then as printed).
    """
    spans = spans_of(captured, text)
    if any("[" in span.before for span in spans):
        spans = (Span(captured, text, None, _what(captured)),)
    return spans


def _numbered_paragraphs(
    tokens: list[Token], lead: tuple[int, Passage] | None, lines: list[str]
) -> bool:
    """An ordered list whose items are numbered paragraphs, not a lead-in's items.

    It follows a heading or starts the text (no lead-in), or a paragraph that does not end
    with a colon ("… to:" introduces items), and blank lines divide its items, as they
    divide paragraphs (a tight list stays what it was: items, or one paragraph).
    """
    if tokens[0].type != "ordered_list_open":
        return False
    if lead is not None and lead[1].text.rstrip().endswith((":", "：")):
        return False
    items = [
        t.map
        for t in tokens
        if t.type == "list_item_open" and t.level == tokens[0].level + 1 and t.map
    ]
    return all(not lines[b[0] - 1].strip() for a, b in itertools.pairwise(items))


def _inside(block: Passage) -> Passage:
    return Passage(
        block.kind, block.text, block.first, block.last, why=block.why, inside=True, markup=True
    )


def _closing(tokens: list[Token], i: int) -> int:
    """The index of the token that closes the block opened at tokens[i] (itself if none)."""
    token = tokens[i]
    if token.nesting != 1:
        return i
    depth = 0
    for k in range(i, len(tokens)):
        depth += tokens[k].nesting
        if depth == 0:
            return k
    return len(tokens) - 1


def _plain(children: list[Token]) -> str:
    """The words an inline token prints, without the markup: as the edition's text."""
    out: list[str] = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(_plain(child.children or []))
    return _flat("".join(out))


def _flat(text: str) -> str:
    """A text on one line, its spaces collapsed as printed (model/spacing.py)."""
    return collapse(re.sub(r"[ \t]*\r?\n[ \t]*", " ", text)).strip()


def _bold_only(children: list[Token]) -> bool:
    """An inline that is one run of bold (or emphasis) from end to end: a heading's shape."""
    kept = [c for c in children if not (c.type == "text" and not c.content.strip())]
    return (
        len(kept) >= 3
        and kept[0].type in ("strong_open", "em_open")
        and kept[-1].type == kept[0].type.replace("open", "close")
        and sum(1 for c in kept if c.type == kept[0].type) == 1
    )


# ----------------------------------------------------------------------------- spans


def spans_of(captured: str, text: str) -> tuple[Span, ...]:
    """The spans where a text (markup left out) differs from its capture, word by word.

    Both are cut at spaces (a no-break space stays inside its word, as the text keeps it);
    each run of differing words is one span, widened to a neighbouring word where the markup
    stood alone ("** bold" has nothing to print for "**"). The occurrence of each is counted
    as `check` undoes them: the last listed first, in the text as the later ones left it.
    """
    if captured == text:
        return ()
    raw, printed = captured.split(" "), text.split(" ")
    groups: list[list[int]] = []
    matcher = difflib.SequenceMatcher(None, raw, printed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if j1 == j2 or i1 == i2:  # words with nothing beside them: take in a neighbour
            if j1 > 0 and i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            else:
                i2, j2 = i2 + 1, j2 + 1
        if groups and groups[-1][1] >= i1:
            groups[-1][1], groups[-1][3] = max(groups[-1][1], i2), max(groups[-1][3], j2)
        else:
            groups.append([i1, i2, j1, j2])
    out: list[Span] = []
    for n, (i1, i2, j1, j2) in enumerate(groups):
        before, after = " ".join(raw[i1:i2]), " ".join(printed[j1:j2])
        # as check sees it when undoing this one: later spans already put back
        words: list[str] = printed[:j2]
        tail_from = j2
        for k1, k2, m1, m2 in groups[n + 1 :]:
            words += printed[tail_from:m1] + raw[k1:k2]
            tail_from = m2
        words += printed[tail_from:]
        offset = len(" ".join(printed[:j1])) + (1 if j1 else 0)
        found = occurrences(" ".join(words), after)
        occurrence = found.index(offset) + 1 if len(found) > 1 and offset in found else None
        out.append(Span(before, after, occurrence, _what(before)))
    return tuple(out)


def _what(before: str) -> str:
    """What markup a span holds, for its record's reason."""
    kinds = []
    if re.search(r"\*\*|__|(?<!\\)[*_]", before):
        kinds.append("emphasis markers")
    if re.search(r"</?[a-zA-Z][^<>]*>", before):
        kinds.append("HTML tags")
    if re.search(r"\\[!-/:-@\[-`{-~]", before):
        kinds.append("backslash escapes")
    if re.search(r"\]\(", before):
        kinds.append("a link's target")
    if re.search(r"&[#\w]+;", before):
        kinds.append("character references")
    return "Markdown markup" + (f" ({' and '.join(kinds)})" if kinds else "")


def metadata_lines(metadata: dict[str, Any]) -> list[str]:
    """The front matter's facts, as the import summary offers them."""
    return [f"  {key}: {value}" for key, value in metadata.items()]
