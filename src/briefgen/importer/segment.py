"""Cut a capture's text into headings, paragraphs and flagged passages, for `briefgen import`.

Pure text work: no file is opened here. A capture is read line by line; blocks are runs of
non-blank lines, and the lines of one block are one paragraph (so a text wrapped at 72 columns
becomes whole paragraphs again). What is probably not the declaration (a site's introduction,
an embedded social-media post, a headline spliced in, a footer, HTML, lost characters) is not
put into a paragraph: it becomes a flagged passage the editor confirms or takes back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from ..model.spacing import collapse
from .short_lines import Verdict, weigh

Kind = Literal["heading", "paragraph", "flag"]


@dataclass(frozen=True)
class Item:
    """An item of a paragraph's list, as a Markdown capture marks it."""

    text: str
    first: int
    last: int
    label: str | None = None  # "1" for "1." in an ordered list; None for a bullet
    spans: tuple[Span, ...] = ()  # markup left out of the text, as a paragraph's spans
    items: tuple[Item, ...] = ()  # its own list: "(b) to report on: (i) …; (ii) …"


@dataclass(frozen=True)
class Span:
    """Markup left out of a heading's or paragraph's text: a `normalise` of a span of it."""

    before: str  # the words as captured, markup and all
    after: str  # the words as the text prints them
    occurrence: int | None  # which `after` in the text, where it stands more than once
    why: str  # what the markup is, for the record's reason


@dataclass(frozen=True)
class Passage:
    """One piece of a capture: a heading, a paragraph, or a flagged passage, with its lines."""

    kind: Kind
    text: str  # heading: the line; paragraph: its lines joined; flag: its lines verbatim
    first: int  # 1-based line numbers in the capture's text
    last: int
    number: str | None = None  # a heading's label: "1", "IV", "a", "1.2"; a paragraph's
    #: printed number ("4" for "4. We agree …"), its `marker` the word that prints it
    why: str = ""  # a flag's reason, without the leading "TODO: "; an unnumbered heading's
    #: a short line flagged on one text's evidence that a heading at the same place in another
    #: text of the work would make a heading (see short_lines.py)
    candidate: bool = False
    items: tuple[Item, ...] = ()  # a paragraph's list (Markdown captures)
    spans: tuple[Span, ...] = ()  # markup left out of the text (Markdown captures)
    #: a flag standing among the items of the paragraph before it (recorded at that paragraph)
    inside: bool = False
    #: a heading the markup makes (Markdown `#` or a bold line): no evidence left to weigh
    marked: bool = False
    #: a flag that is only markup of the conversion: its removal's reason is known, no TODO
    markup: bool = False
    #: a paragraph's printed number as captured, one word: "4.", "4)", "4\\." (Markdown)
    marker: str = ""
    #: a flag that is the page's title (a known title above the text): no TODO
    title: bool = False


@dataclass
class Segmented:
    """A capture cut into blocks, in the capture's order."""

    blocks: list[Passage] = field(default_factory=list)
    #: what a Markdown capture's front matter says of the page (title, date, url…)
    metadata: dict[str, str] = field(default_factory=dict)
    #: what the reader could not take from the markup, for the import summary
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Passage]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @property
    def headings(self) -> list[Passage]:
        return [b for b in self.blocks if b.kind == "heading"]

    @property
    def flags(self) -> list[Passage]:
        return [b for b in self.blocks if b.kind == "flag"]


# ----------------------------------------------------------------------------- line kinds

_HEADING = re.compile(
    r"""^(?:
        (?P<arabic>\d{1,3}(?:\.\d{1,3})+|\d{1,3}(?=[.)]))[.)]?
      | (?P<roman>[IVXLC]{1,7})[.)]
      | \((?P<paren>[a-z]{1,2}|[ivxl]{1,6}|\d{1,3})\)
      | (?P<letter>[a-zA-Z])[.)]
      | (?:Article|ARTICLE|Section|SECTION|Part|PART|Chapter|CHAPTER
          |Art[ií]culo|ART[IÍ]CULO|Artigo|ARTIGO|Articolo|ARTICOLO|Artikel|ARTIKEL)\s+
        (?P<word>\d{1,3}|[IVXLC]{1,7}|premier|PREMIER|1er|primero|PRIMERO|primo|PRIMO)[.:º°]?
      | [（(]?(?P<cjk>[一二三四五六七八九十]{1,3})[、．.）)]
    )(?:(?:\s+|(?<=[、．）)]))(?P<title>\S.*))?$""",
    re.X,
)
#: "— Name (@handle) Month D, YYYY": the last line of an embedded post.
_ATTRIBUTION = re.compile(r"^[—–-]{1,2}\s*.{0,120}\(@\w{1,30}\)\s+\w+\.? \d{1,2}, \d{4}\s*$")
_RELATED = re.compile(
    r"^(related|related articles?|related stories|read more|read also|also read|see also)"
    r"\b\s*[:：]",
    re.I,
)
_NAVIGATION = re.compile(r"^(previous|next|prev)(\s+(article|post|story|page))?\s*[:：»›]", re.I)
_FOOTER = re.compile(
    r"""^(statement|disclaimer|copyright|source|editor|editors|tags|share\s+this|share\s+on
          |share\s+this\s+(page|article|story|post)|partager(\s+cette\s+page)?
          |follow\s+us|subscribe|photo|image)\s*[:：]
        |^copyright\s+(©\s*)?\d{4}|©|\(c\)\s*\d{4}|all\s+rights\s+reserved
        |^https?://\S+$|^www\.\S+$|^(advertisement|sponsored|follow\s+us|share\s+this(\s+article)?)$
        |^(share|tweet|email|print|facebook|twitter|linkedin|whatsapp|telegram)
          (\s*[|·,/]?\s*(share|tweet|email|print|facebook|twitter|linkedin|whatsapp|telegram|x))*$""",
    re.I | re.X,
)
#: A site's cookie notice: "This site uses cookies …", "Accept all cookies".
_COOKIES = re.compile(
    r"\bcookies?\b.{0,80}\b(accept|consent|polic(y|ies)|settings|preferences|continu)"
    r"|\b(accept|reject|allow|manage)\s+(all\s+)?cookies\b"
    r"|\bcookies?\b.{0,40}\b(accepter|politique|paramètres|consentement)",
    re.I,
)
_TIMESTAMP = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$")
_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>|\w+=\"[^\"]*\"\s*/?>|^\s*/?>")
_MOJIBAKE = re.compile(r"\?{3,}|\ufffd|â€|Ã[\x80-\xbf©¨¢]")
_LEAD_IN = re.compile(
    r"full text|reproduced (below|here|in full)|\btext\b.{0,60}\b(below|as follows|reads)", re.I
)
#: A declaration's own last lines: "Done at Geneva, 3 May 2025", "Adopted in Paris on …".
_SIGNATURE = re.compile(r"^(done|adopted|signed|issued|made|agreed)\s+(at|in|on|by)\b", re.I)
_CLOSING = tuple('.!?;:,…"”’)»」。！？')


def words(text: str) -> list[str]:
    return text.split()


def _headline_like(text: str, limit: int = 20) -> bool:
    """A short line with no closing punctuation, like a news headline or a title."""
    stripped = text.strip()
    return (
        "\n" not in stripped
        and 0 < len(words(stripped)) <= limit
        and not stripped.endswith(_CLOSING)
        and _capital_or_uncased(next((c for c in stripped if c.isalpha()), "a"))
        and len(stripped) <= 200
    )


def short_line(text: str) -> bool:
    """A short line without closing punctuation: a heading's shape, or a headline's."""
    return _headline_like(text)


def _capital_or_uncased(letter: str) -> bool:
    """An upper-case letter, or a letter of a script without case (Chinese, Arabic…)."""
    return letter.isupper() or letter.upper() == letter.lower()


def heading_match(line: str) -> re.Match[str] | None:
    """Return the match if a line reads as a numbered heading ("1. …", "IV. …", "(a) …")."""
    found = _HEADING.match(line.strip())
    if found is None:
        return None
    if found.group("title") is None and found.group("word") is None and not found.group("roman"):
        return None  # a bare "1." is a paragraph's number; a bare "Article 1" or "IV." a heading
    title = (found.group("title") or "").strip()
    if not title.isascii() and (len(title) > 40 or title.endswith(tuple("。；！？，"))):
        return None  # a sentence in Chinese or Japanese, not a heading
    n = len(words(title))
    if n > 15 or len(line) > 160 or title.endswith((",", ";")):
        return None
    if title.endswith((".", "!", "?")) and n > 4:
        return None
    if re.search(r"(^|\s)(and|or|et|ou)$", title):
        return None  # "(b) review the records; and": an item of a list, not a heading
    return found


def bare_heading(line: str) -> bool:
    """A line that is only a section's label: "Article 1", "ARTICLE 2:", "IV."."""
    found = heading_match(line)
    return found is not None and found.group("title") is None


def heading_label(found: re.Match[str]) -> str:
    for name in ("arabic", "roman", "paren", "letter", "word", "cjk"):
        if found.group(name):
            return str(found.group(name))
    return ""


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CJK_DIGITS = "一二三四五六七八九"


def label_value(label: str) -> str:
    """A heading label's value for matching two texts: "IV" and "4" are both "4"."""
    if re.fullmatch(r"[IVXLC]+", label):
        total = 0
        for a, b in zip(label, [*label[1:], ""], strict=True):
            value = _ROMAN[a]
            total += -value if b and _ROMAN[b] > value else value
        return str(total)
    if re.fullmatch(f"[{_CJK_DIGITS}十]+", label):  # 一 1, 十 10, 十二 12, 二十一 21
        tens, _, units = label.rpartition("十")
        if "十" not in label:
            return str(_CJK_DIGITS.index(label) + 1) if len(label) == 1 else label
        high = (_CJK_DIGITS.index(tens) + 1) if tens else 1
        return str(high * 10 + (_CJK_DIGITS.index(units) + 1 if units else 0))
    if label.lower() in ("premier", "1er", "primero", "primo"):  # "Article premier"
        return "1"
    if re.fullmatch(r"[a-zA-Z]", label):
        return str(ord(label.lower()) - ord("a") + 1)
    return label.split(".")[0] if "." not in label.strip(".") else label


def _line_flag(line: str) -> str:
    """Why one line is probably not the declaration, or "" if it may be."""
    text = line.strip()
    if _ATTRIBUTION.match(text):
        return "attribution"
    if _RELATED.match(text):
        return "a 'Related' link of the site"
    if _NAVIGATION.match(text):
        return "a 'Previous/Next' link of the site"
    if _COOKIES.search(text) and len(words(text)) <= 40:
        return "a cookie notice of the site"
    if _HTML.search(text) and len(words(_HTML.sub(" ", text))) <= 3:
        return "an HTML fragment left over from the web page"
    return ""


def _footer_like(unit: _Unit, loose: bool) -> str:
    """Why a unit reads as part of a site's footer, or ""."""
    text = unit.text
    if unit.flag and unit.flag != "attribution":
        return unit.flag
    if _FOOTER.search(text):
        return "the site's footer (share links, copyright, disclaimer)"
    if _TIMESTAMP.match(text):
        return "a timestamp of the site"
    if loose and _headline_like(text, 40) and not _SIGNATURE.match(text):
        return "a headline of the site"
    return ""


# ----------------------------------------------------------------------------- units


@dataclass
class _Unit:
    first: int
    last: int
    lines: list[str]
    flag: str = ""

    @property
    def text(self) -> str:
        return collapse(" ".join(line.strip() for line in self.lines))


def _units(lines: list[str]) -> list[_Unit]:
    """Runs of non-blank lines; a line that is flagged on its own is a unit of its own."""
    out: list[_Unit] = []
    current: _Unit | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            current = None
            continue
        why = _line_flag(line)
        if why:
            out.append(_Unit(number, number, [line], why))
            current = None
        elif current is None or current.flag:
            current = _Unit(number, number, [line])
            out.append(current)
        else:
            current.lines.append(line)
            current.last = number
    out = [piece for u in out for piece in _split_label(u)]
    for u in out:
        if not u.flag and _MOJIBAKE.search(u.text) and len(words(u.text)) <= 12:
            u.flag = "characters lost in the capture (mojibake such as '????')"
    return out


def _split_label(unit: _Unit) -> list[_Unit]:
    """A heading on a block's first line, its text on the next ones: two units.

    A label alone ("Article 1", "IV.") always is; "Article 2 — Panel" or "IV. Review" when the
    line is short beside the block's others and the next one begins a sentence (a capital),
    so that a wrapped sentence such as "Article 3 of the Convention applies to …" stays whole.
    """
    if unit.flag or len(unit.lines) < 2:
        return [unit]
    first, rest = unit.lines[0].strip(), unit.lines[1].strip()
    found = heading_match(first)
    titled = (
        found is not None
        and bool(found.group("word") or found.group("roman"))
        and _headline_like(first)
        and len(first) < 0.7 * max(len(line.strip()) for line in unit.lines[1:])
        and _capital_or_uncased(rest[:1] or "a")
    )
    if not bare_heading(first) and not titled:
        return [unit]
    head = _Unit(unit.first, unit.first, unit.lines[:1])
    return [head, *_split_label(_Unit(unit.first + 1, unit.last, unit.lines[1:]))]


def _verbatim(lines: list[str], first: int, last: int) -> str:
    return "\n".join(line.rstrip() for line in lines[first - 1 : last])


def segment(text: str) -> Segmented:
    """Cut a capture's text into headings, paragraphs and flagged passages."""
    lines = text.splitlines()
    units = _units(lines)
    if not units:
        return Segmented()
    kinds: list[str] = ["" for _ in units]  # "", "heading", or a flag reason

    for i, u in enumerate(units):
        if not u.flag and len(u.lines) == 1 and heading_match(u.text):
            kinds[i] = "heading"
    _list_items(units, kinds)

    start = _body_start(units, kinds)
    end = _body_end(units, kinds, start)
    for i in range(start):
        kinds[i] = kinds[i] if kinds[i].startswith("intro") else "intro"
    for i in range(end, len(units)):
        kinds[i] = "tail"

    for i in range(start, end):
        u = units[i]
        if u.flag == "attribution":
            kinds[i] = "post"
            _mark_post(units, kinds, i, start)
        elif u.flag:
            kinds[i] = u.flag
        elif not kinds[i] and _FOOTER.search(u.text) and len(words(u.text)) <= 12:
            kinds[i] = "a line of the site (share links, copyright, advertisement)"
        elif not kinds[i] and _TIMESTAMP.match(u.text):
            kinds[i] = "a timestamp of the site"
    numbered = "heading" in kinds
    verdicts: dict[int, Verdict] = {}
    for i in range(start, end):
        if kinds[i] == "" and _headline_like(units[i].text) and _between_paragraphs(kinds, i):
            before, after = _neighbour(kinds, i, -1), i + 1
            follows = after < end and kinds[after] == "" and not _headline_like(units[after].text)
            verdicts[i] = weigh(
                units[i].text,
                units[before].text if before is not None else None,
                units[after].text if follows else None,
                numbered,
            )
    for i, verdict in verdicts.items():
        kinds[i] = "heading" if verdict.heading else verdict.why
    return _printed_numbers(lettered_lists(lines, _blocks(lines, units, kinds, verdicts)))


#: A paragraph's printed number before its text: "4. We agree …", "4) We agree …".
_PRINTED_NUMBER = re.compile(r"^([1-9][0-9]{0,3})([.)])\s+(?=\S)")


def _printed_numbers(out: Segmented) -> Segmented:
    """Take the number a capture prints before each paragraph ("4. …") out of its text.

    Only where two paragraphs or more print one, and a third of them at least, so that a
    lone "2. …" (a date, a list's item) stays text. The number becomes the paragraph's, as
    printed: gaps and repeats are the draft's to flag (importer/draft.py), never renumbered.
    """
    found = [_PRINTED_NUMBER.match(b.text) if b.kind == "paragraph" else None for b in out.blocks]
    numbered = sum(1 for f in found if f)
    if numbered < 2 or 3 * numbered < len(out.paragraphs):
        return out
    for i, b in enumerate(out.blocks):
        # "6. Done at Tallinn.": short like a heading, but a sentence numbered as the
        # paragraphs are, not a section's label
        if b.kind == "heading" and not b.why and b.text.endswith(_CLOSING):
            f = _PRINTED_NUMBER.match(b.text)
            if f is not None:
                out.blocks[i] = Passage("paragraph", b.text, b.first, b.last)
                found[i] = f
    for i, f in enumerate(found):
        if f is not None:
            b = out.blocks[i]
            out.blocks[i] = replace(b, text=b.text[f.end() :], number=f[1], marker=f[1] + f[2])
    return out


_ITEM = re.compile(r"^(\([a-z]{1,2}\)|\([ivxl]{1,6}\)|[a-z]\))\s")
#: A lettered item's label before its text: "(a) …", "(iv) …", "b) …".
_ITEM_LABEL = re.compile(r"^\(?([a-z]{1,2}|[ivxl]{1,6})\)\s+(?=\S)")
#: How the line before an item ends when an item begins on the next line of the same block.
_ITEM_BEFORE = re.compile(r"(?:[:;.]|\s(?:and|or|et|ou|y|o))$")
_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii")


def _following(label: str, roman: bool) -> str:
    """The label after this one in a lettered ("h" -> "i") or a roman ("iii" -> "iv") list."""
    if roman:
        k = _ROMANS.index(label) + 1 if label in _ROMANS else len(_ROMANS)
        return _ROMANS[k] if k < len(_ROMANS) else ""
    return chr(ord(label) + 1) if len(label) == 1 and label < "z" else ""


def _pieces(lines: list[str], b: Passage) -> list[Passage]:
    """Cut a paragraph block whose lines begin items ("(a) …" after a line ending in ':' or
    ';') into a passage per item, so that items one per line are read as items one per
    block are."""
    own = lines[b.first - 1 : b.last]
    starts = [0] + [
        k
        for k in range(1, len(own))
        if _ITEM_LABEL.match(own[k].strip()) and _ITEM_BEFORE.search(own[k - 1].rstrip())
    ]
    if len(starts) == 1:
        return [b]
    ends = [*starts[1:], len(own)]
    return [
        Passage(
            "paragraph",
            collapse(" ".join(x.strip() for x in own[a:z])),
            b.first + a,
            b.first + z - 1,
        )
        for a, z in zip(starts, ends, strict=True)
    ]


@dataclass
class _Open:
    """An item being gathered: its label, words and lines, and the items of its own list."""

    label: str
    text: str
    first: int
    last: int
    items: list[_Open] = field(default_factory=list)
    spans: tuple[Span, ...] = ()  # its markup (Markdown), the label's left out

    def item(self) -> Item:
        return Item(
            self.text,
            self.first,
            self.last,
            self.label,
            self.spans,
            items=tuple(o.item() for o in self.items),
        )


def _label_off(spans: tuple[Span, ...], label: str) -> tuple[Span, ...]:
    """A passage's spans of markup once its opening label ("(c)") is an item's label: a span
    that is only the label's markup ("**(c)**") goes (the label is printed as a form the
    collation knows); one that runs on from the label loses the label's word."""
    out = []
    for span in spans:
        if span.after == label:
            continue
        if span.after.startswith(label + " ") and " " in span.before:
            span = replace(
                span, before=span.before.split(" ", 1)[1], after=span.after[len(label) + 1 :]
            )
        out.append(span)
    return tuple(out)


def lettered_lists(lines: list[str], out: Segmented, split: bool = True) -> Segmented:
    """Make lettered passages after a paragraph ending in ':' that paragraph's `items`.

    "(a) …", "(b) …" after "Requests the Secretary-General:" are its items, labels as data;
    a roman run "(i) …", "(ii) …" after an item ending in ':' is that item's own list. Which
    a label is goes by the sequence: "(i)" after "(h)" is the next letter, unless "(h)" ends
    in ':' (then it opens (h)'s list); "(c)" after "(b)(iii)" returns to the outer list. A
    label out of sequence ends the list, and its passage stays a paragraph. A numbered line
    ending in ':' read as a heading ("3. Requests the keepers:") is such a paragraph when an
    item "(a)" follows it. `split`: cut a block whose lines begin items into a passage each
    (plain text; a Markdown paragraph, whose markup is recorded as spans, stays whole).
    """
    blocks: list[Passage] = []
    for b in out.blocks:
        blocks += _pieces(lines, b) if b.kind == "paragraph" and split else [b]
    for k, b in enumerate(blocks[:-1]):
        after = blocks[k + 1]
        first = _ITEM_LABEL.match(after.text) if after.kind == "paragraph" else None
        lead_in = b.kind == "heading" and not b.why and b.text.endswith(":")
        if lead_in and first is not None and first[1] in ("a", "i"):
            blocks[k] = Passage("paragraph", b.text, b.first, b.last)
    result: list[Passage] = []
    host: int | None = None  # the index in result of the paragraph the open list is under
    top: list[_Open] = []
    roman = False  # whether the outer list is roman ("(i)" first)

    def close() -> None:
        nonlocal host, top
        if host is not None and top:
            lead = result[host]
            result[host] = replace(
                lead, items=tuple(o.item() for o in top), last=max(lead.last, _last(top[-1]))
            )
        host, top = None, []

    for b in blocks:
        found = _ITEM_LABEL.match(b.text) if b.kind == "paragraph" else None
        if host is not None and found is not None:
            label, text = found[1], b.text[found.end() :]
            new = _Open(label, text, b.first, b.last, spans=_label_off(b.spans, found[0].strip()))
            last = top[-1] if top else None
            opens = last is not None and not roman and last.text.endswith(":") and not last.items
            if last is not None and opens and label == "i":
                last.items.append(new)
                continue
            if last is not None and last.items and label == _following(last.items[-1].label, True):
                last.items.append(new)
                continue
            if last is not None and label == _following(last.label, roman):
                top.append(new)
                continue
            if last is None and label in ("a", "i"):
                roman = label == "i"
                top.append(new)
                continue
        close()
        result.append(b)
        if b.kind == "paragraph" and b.text.endswith(":") and not b.items:
            host = len(result) - 1
    close()
    return Segmented(result, out.metadata, out.warnings)


def _last(o: _Open) -> int:
    return _last(o.items[-1]) if o.items else o.last


def _list_items(units: list[_Unit], kinds: list[str]) -> None:
    """Lettered items after a line ending in ':' ("which shall: (a) …; (b) …") are paragraphs.

    A short item such as "(b) review the records" reads like a heading on its own; in a run
    of items introduced by a colon, or following an item that is a sentence, it is one more
    item of the list, so every item of the run is treated alike.
    """
    previous = ""  # the text of the last unit that is neither flagged nor a heading
    for i, u in enumerate(units):
        if u.flag:
            continue
        item = kinds[i] == "heading" and _ITEM.match(u.text)
        if item and (previous.endswith(":") or _ITEM.match(previous)):
            kinds[i] = ""
        if kinds[i] == "":
            previous = u.text
        elif kinds[i] == "heading":
            previous = ""


def _body_start(units: list[_Unit], kinds: list[str]) -> int:
    """Index of the first unit of the declaration: after a site's lead-in and headlines."""
    first_heading = next((i for i, k in enumerate(kinds) if k == "heading"), len(units))
    limit = min(first_heading, max(1, len(units) // 2))
    start = 0
    for i in range(limit):
        text = units[i].text
        if not units[i].flag and _LEAD_IN.search(text) and len(words(text)) <= 120:
            start = i + 1
    # Lines that cannot open a declaration: titles, headlines, HTML, lost characters.
    while start < len(units) and kinds[start] != "heading":
        u = units[start]
        if u.flag or _headline_like(u.text) or _footer_like(u, loose=False):
            kinds[start] = "intro-line"
            start += 1
        else:
            break
    return start


def _body_end(units: list[_Unit], kinds: list[str], start: int) -> int:
    """Index after the last unit of the declaration: before a site's footer."""
    end = len(units)
    while end > start + 1 and kinds[end - 1] != "heading" and _footer_like(units[end - 1], True):
        end -= 1
    return end


def _mark_post(units: list[_Unit], kinds: list[str], at: int, start: int) -> None:
    """Mark the text of an embedded post above its attribution line."""
    for n, i in enumerate(range(at - 1, start - 1, -1)):
        u = units[i]
        if kinds[i] or u.flag or len(u.text) > 300:
            return
        looks_posted = (
            re.search(r"[#@]\w|https?://|pic\.twitter", u.text) is not None
            or not u.text.endswith(_CLOSING)
            or u.text.endswith(("…", "..."))
        )
        if n > 0 and not looks_posted:
            return
        kinds[i] = "post"


def _neighbour(kinds: list[str], i: int, step: int) -> int | None:
    """The nearest unit that is a paragraph or a heading, skipping flagged ones."""
    j = i + step
    while 0 <= j < len(kinds):
        if kinds[j] in ("", "heading"):
            return j
        j += step
    return None


def _between_paragraphs(kinds: list[str], i: int) -> bool:
    before, after = _neighbour(kinds, i, -1), _neighbour(kinds, i, 1)
    return before is not None and after is not None and kinds[before] == kinds[after] == ""


_REASONS = {
    "intro": "the site's own headline and introduction before the text",
    "intro-line": "a title or headline before the first paragraph of the text",
    "tail": "material after the last paragraph of the text",
    "post": "an embedded social-media post (its text and its attribution line)",
}


def _blocks(
    lines: list[str], units: list[_Unit], kinds: list[str], verdicts: dict[int, Verdict]
) -> Segmented:
    out = Segmented()
    i = 0
    while i < len(units):
        u, kind = units[i], kinds[i]
        if kind == "":
            out.blocks.append(Passage("paragraph", u.text, u.first, u.last))
        elif kind == "heading":
            found = heading_match(u.text)
            label = heading_label(found) if found else None
            why = verdicts[i].why if i in verdicts else ""
            out.blocks.append(Passage("heading", u.text.strip(), u.first, u.last, label, why=why))
        else:
            j = i
            same = kind if kind != "post" else "post"
            while j + 1 < len(units) and kinds[j + 1] == same and not _ends_post(units, kinds, j):
                j += 1
            why = _REASONS.get(kind, kind)
            found_here = sorted({units[k].flag for k in range(i, j + 1) if units[k].flag})
            details = [f for f in found_here if f != "attribution" and f != kind]
            if kind in ("intro", "intro-line", "tail") and details:
                why += f"; it holds {', '.join(details)}"
            text = _verbatim(lines, u.first, units[j].last)
            if _MOJIBAKE.search(text) and "lost" not in why:
                why += "; characters were lost in it ('????')"
            candidate = i == j and i in verdicts and verdicts[i].candidate
            out.blocks.append(
                Passage("flag", text, u.first, units[j].last, why=why, candidate=candidate)
            )
            i = j
        i += 1
    return out


def _ends_post(units: list[_Unit], kinds: list[str], j: int) -> bool:
    """An attribution line closes its post: the next post is a flag of its own."""
    return kinds[j] == "post" and units[j].flag == "attribution"


def ends_mid_sentence(segmented: Segmented) -> bool:
    """Whether the capture's last line reads as cut off inside a sentence."""
    if not segmented.blocks:
        return False
    last = segmented.blocks[-1].text.splitlines()[-1].strip()
    return (
        re.search(r"[\w,\-–—…]$", last) is not None
        and not _TIMESTAMP.match(last)
        and not _FOOTER.search(last)
        and not _SIGNATURE.match(last)
        and not _line_flag(last)
    )


# ----------------------------------------------------------------------------- ids


def slug(text: str, n: int = 4) -> str:
    """An id from a text's first words: lowercase ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:n])[:48].strip("-")


def paragraph_id(text: str, taken: set[str], fallback: str) -> str:
    """A new paragraph id made from its first words, unique among those taken."""
    body = _HEADING.match(text)
    words_of = body.group("title") if body and body.group("title") else text
    base = slug(words_of) or fallback
    if not re.match(r"^[a-z0-9]", base):
        base = fallback
    return unique(base, taken)


class Ids(set[str]):
    """Ids taken, with the next suffix to try for each base: many ids made from one base
    ("we-agree-that-the", "…-2", "…-3") cost one step each, not one per id before them."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        super().__init__(ids)
        self.suffix: dict[str, int] = {}


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` …: the first not taken, now taken.

    Give `taken` as `Ids` where many ids are made: a plain set is searched from `-2` each
    time, so n ids from one base take n² steps.
    """
    if base not in taken:
        taken.add(base)
        return base
    suffix = taken.suffix if isinstance(taken, Ids) else {}
    k = suffix.get(base, 2)
    while f"{base}-{k}" in taken:
        k += 1
    chosen = f"{base}-{k}"
    suffix[base] = k + 1
    taken.add(chosen)
    return chosen
