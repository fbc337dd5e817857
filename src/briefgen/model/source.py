"""What a source holds: works, expressions, paragraphs, interventions and corrections.

Pure data and rules: this module opens no file and renders nothing. declaration.py builds the
views renderers use on top of these models.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from ..limits import LINE_CHARS
from .spacing import collapse

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
#: What a brief cites: a paragraph id, or "paragraph-id/item-id" for an item of its list
#: ("paragraph-id/item-id/sub-item-id" for an item of an item's list).
Ref = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
#: A web address as published: one run without spaces or line breaks.
Address = Annotated[str, StringConstraints(pattern=r"^\S+$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


def _one_line(value: str) -> str:
    if "\n" in value:
        raise ValueError(
            "must be one line (it is printed in titles, running heads and citation records)"
        )
    if len(value) > LINE_CHARS:
        raise ValueError(
            f"{len(value):,} characters; a title or name holds at most {LINE_CHARS:,} "
            "(it is printed in headings and running heads)"
        )
    return value


#: A title or name: printed in headings, running heads and document properties.
OneLine = Annotated[NonEmpty, AfterValidator(_one_line)]


def _four_digit_year(value: date) -> date:
    if value.year < 1000:
        raise ValueError(
            f"{value.isoformat()}: a date an output carries needs a four-digit year "
            "(1000 to 9999), as DOCX and PDF date properties write it"
        )
    return value


#: A date written into outputs' properties (the edition's, a correction's, a brief's).
OutputDate = Annotated[date, AfterValidator(_four_digit_year)]


def _number_as_text(value: Any) -> Any:
    # YAML reads `number: 13` as an int; paragraph numbers are labels like "13" or "12A".
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


ParaNumber = Annotated[
    str,
    BeforeValidator(_number_as_text),
    StringConstraints(pattern=r"^(?:PP)?[1-9][0-9]*[A-Z]?$"),
]


class Strict(BaseModel):
    """A record that rejects unknown fields and cannot be changed once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Absent(Strict):
    """Marks a paragraph or heading that one expression does not have."""

    absent: Literal[True]
    note: str | None = None


def _text_or_absent(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("empty text (write the text, or 'absent: true')")
        return collapse(value)  # "end.\u00a0 Next" is printed with one space: not a change
    if isinstance(value, dict):
        return Absent.model_validate(value)
    raise ValueError("expected a text, or 'absent: true'")


Text = Annotated[str | Absent, BeforeValidator(_text_or_absent)]


class Publication(Strict):
    """Where an expression was first published, before any capture of it."""

    publisher: OneLine
    title: OneLine
    url: Address
    published: date | None = None
    note: str | None = None


class Capture(Strict):
    """A raw web capture kept byte for byte beside the source: the evidence."""

    id: Id
    file: NonEmpty
    sha256: Sha256
    publisher: OneLine
    title: OneLine
    author: str | None = None
    url: Address
    published: date | None
    content: NonEmpty
    partial: NonEmpty | None = None  # where the capture stops short of the whole text


class Expression(Strict):
    """One language version or translation of the work.

    `place`, `issuer` and `adoption` say how this text names the work's place, issuer and
    adoption ("Genève", "Conférence mondiale …"), where they differ from the work's: the
    edition and the citations of this text print them (`Declaration.work_as_named`).
    """

    id: Id
    language: Language
    name: OneLine
    title: OneLine
    authoritative: bool
    capture: Id | None = None
    origin: Publication | None = None
    place: OneLine | None = None
    issuer: OneLine | None = None
    adoption: OneLine | None = None


class Section(Strict):
    """A part of the text: the preamble, a numbered section, the closing."""

    id: Id
    number: str | None = None
    heading: dict[str, Text] | None = None


#: An item's label as data: "a", "b", "iv", "1", "A"; printed as "(a)" in every output.
ItemLabel = Annotated[
    str,
    BeforeValidator(_number_as_text),
    StringConstraints(pattern=r"^(?:[a-z]{1,6}|[A-Z]{1,6}|[1-9][0-9]{0,2})$"),
]
#: How a printed label may stand in a capture, as one word: "(a)", "a)", "a." ("{}" the label).
#: A label in bold or emphasis markup ("**(c)**") is one of them too (a Markdown capture).
LABEL_FORMS = (
    "({})",
    "{})",
    "{}.",
    "（{}）",
    *(f"{w}{f}{w}" for w in ("**", "__", "*", "_") for f in ("({})", "{})")),
)
#: How a printed bullet may stand in a capture, as one word.
BULLETS = ("-", "*", "•", "–", "—", "·", "‣", "◦")


class ListItem(Strict):
    """One item of a paragraph's list: "(c) …" of "we intend to work together to:".

    Its id is stable like a paragraph's; its label is data (None for a bullet). `printed`
    says whether the capture prints the label (then the collation takes it before the item's
    words, so the text does not repeat it) or the editors supply it (shown in [brackets]).
    An item may hold a list of its own, `items`, as "(b) to report on: (i) …; (ii) …" does:
    then `text` is the item's lead-in, and its sub-items follow it in every text.
    """

    id: Id
    label: ItemLabel | None = None
    printed: bool = True
    text: dict[str, Text]
    #: the themes of the collections holding the work that this item is assigned to
    themes: list[Id] = Field(default_factory=list)
    items: list[ListItem] = Field(default_factory=list)

    def markers(self) -> tuple[str, ...]:
        """Return the forms the printed label may take in a capture, as one word each."""
        if not self.printed:
            return ()
        if self.label is None:
            return BULLETS
        return tuple(f.format(self.label) for f in LABEL_FORMS)


@dataclass(frozen=True)
class ItemAt:
    """An item of a paragraph's list at any depth: the items from the paragraph's list down
    to it, and the place of each in its list."""

    path: tuple[ListItem, ...]
    places: tuple[int, ...]

    @property
    def item(self) -> ListItem:
        return self.path[-1]

    @property
    def depth(self) -> int:
        """1 for an item of the paragraph's list, 2 for an item of an item's list, …"""
        return len(self.path)

    def up(self) -> ItemAt | None:
        """Return the item whose list holds it, or None for an item of the paragraph's list."""
        return ItemAt(self.path[:-1], self.places[:-1]) if self.depth > 1 else None

    def labels(self) -> tuple[str, ...]:
        """Return what names it at each level: the label, or the place (a bullet): ("b", "ii")."""
        return tuple(it.label or str(j + 1) for it, j in zip(self.path, self.places, strict=True))

    def pin(self, number: str) -> str:
        """Return its pinpoint in paragraph `number`, as printed after "para": "5(b)(ii)"."""
        return number + "".join(f"({k})" for k in self.labels())

    def name(self, number: str) -> str:
        """Return how messages name it: "para 5(b)(ii)", or "para 5(b), item 2" (a bullet)."""
        if self.item.label is not None:
            return f"para {self.pin(number)}"
        up = self.up()
        return f"{f'para {number}' if up is None else up.name(number)}, item {self.places[-1] + 1}"

    def field(self) -> str:
        """Return its field below the paragraph's: ".items[1].items[0]"."""
        return "".join(f".items[{j}]" for j in self.places)

    def ref(self) -> str:
        """Return its ids below the paragraph's, as a brief cites it: "p3-b/p3-b-ii"."""
        return "/".join(it.id for it in self.path)


def item_list(items: list[ListItem], above: ItemAt | None = None) -> Iterator[ItemAt]:
    """Yield the items of one list (the paragraph's, or the list of the item `above`)."""
    for j, it in enumerate(items):
        if above is None:
            yield ItemAt((it,), (j,))
        else:
            yield ItemAt((*above.path, it), (*above.places, j))


def walk_items(items: list[ListItem], above: ItemAt | None = None) -> Iterator[ItemAt]:
    """Yield every item of a list in reading order, each before the items of its own list."""
    for at in item_list(items, above):
        yield at
        yield from walk_items(at.item.items, at)


#: How a printed paragraph number may stand in a capture, as one word ("{}" the number);
#: "4\\." is Markdown's escaped "4." (a paragraph that is not a list), "**4.**" a number
#: in bold (or emphasis) markup.
NUMBER_FORMS = (
    "{}.",
    "{})",
    "({})",
    "{}\\.",
    "{}\\)",
    *(f"{w}{f}{w}" for w in ("**", "__", "*", "_") for f in ("{}.", "{})", "{}\\.", "{}\\)")),
)


class Paragraph(Strict):
    """A numbered paragraph; its id never changes and its number is data, not position.

    Where it holds a list, `text` is the lead-in ("we intend to work together to:") and
    `items` the list's items in order. `printed` says that the captures print the number
    before the text ("4."), as a printed item label is: the collation takes it there, so the
    text does not repeat it.
    """

    id: Id
    number: ParaNumber
    printed: bool = False
    section: Id
    text: dict[str, Text]
    items: list[ListItem] = Field(default_factory=list)
    #: the themes of the collections holding the work that this paragraph is assigned to
    themes: list[Id] = Field(default_factory=list)
    withdrawn: bool = False
    #: expression id -> why the paragraph is incomplete there (its capture stops inside it)
    incomplete: dict[str, NonEmpty] = Field(default_factory=dict)
    note: str | None = None  # the editors' note (e.g. on alignment); not printed

    def markers(self) -> tuple[str, ...]:
        """Return the forms the printed number may take in a capture, as one word each."""
        return tuple(f.format(self.number) for f in NUMBER_FORMS) if self.printed else ()


CorrectionType = Literal[
    "typo", "omission", "spliced-in text", "numbering", "translation", "metadata"
]
#: What a correction does to the edition, and so to its version: a text correction is a
#: patch, a new paragraph or expression a minor version, a withdrawn paragraph a major one.
Change = Literal["text", "new-paragraph", "new-expression", "withdrawal"]


class Unplaced(ValueError):
    """A correction's `after` words do not stand at one place of the text it names."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field  # the correction's field to blame: after or occurrence


class Correction(Strict):
    """A change made after edition 1.0.0, with the text before and after."""

    date: OutputDate
    expression: Id | None = None  # None: the correction concerns every text (metadata)
    paragraphs: list[Id] = Field(default_factory=list)
    type: CorrectionType
    change: Change = "text"
    reason: NonEmpty
    before: str | None = None
    after: str | None = None
    #: which `after` in the text the correction made, from 1; needed where it stands twice or more
    occurrence: Annotated[int, Field(ge=1)] | None = None

    def undo(self, text: str, where: str = "the text") -> str:
        """Return the text as it was before this correction.

        `text` is the text as this correction left it: its `after` words, at the occurrence
        named (counted left to right from 1, where they stand more than once), become its
        `before` words again. A correction with no `after` words leaves the text as it is
        (its `before` words stand somewhere in it, and the collation finds them). Raises
        Unplaced, worded for `where` (e.g. "para 1 (en)"), when the record names no one place.
        """
        if not self.after:
            return text
        return put_back(text, self.after, self.before or "", self.occurrence, where, "correction")


def put_back(
    text: str, after: str, before: str, occurrence: int | None, where: str, record: str
) -> str:
    """Return a text with the `after` words a record made turned back into its `before` words.

    The one rule corrections and span normalisations share: the `after` words are found at the
    occurrence named (counted left to right from 1), which must be named where they stand more
    than once. Raises Unplaced, worded for `where` (e.g. "para 1 (en)") and the `record` (a
    "correction", a "normalisation"), when the record names no one place.
    """
    after = collapse(after)  # the text is read collapsed (model/spacing.py); so are its words
    found = occurrences(text, after)
    if not found:
        made = "corrected" if record == "correction" else "printed"
        raise Unplaced("after", f"not found in {where}; the record must match the text as {made}")
    if occurrence is None and len(found) > 1:
        each = ", ".join(f"{n}: '{_around(text, at, after)}'" for n, at in enumerate(found, 1))
        raise Unplaced(
            "occurrence",
            f"missing: '{after}' stands {len(found)} times in {where} — {each} — "
            f"add 'occurrence: N' to say which one this {record} made",
        )
    n = occurrence or 1
    if n > len(found):
        times = "once" if len(found) == 1 else f"{len(found)} times"
        raise Unplaced("occurrence", f"{n}, but '{after}' stands {times} in {where}")
    at = found[n - 1]
    return text[:at] + before + text[at + len(after) :]


def occurrences(text: str, words: str) -> list[int]:
    """Return where words stand in a text: their offsets, left to right, not overlapping."""
    out: list[int] = []
    at = text.find(words) if words else -1
    while at >= 0:
        out.append(at)
        at = text.find(words, at + len(words))
    return out


def _around(text: str, at: int, words: str) -> str:
    """Return words as they stand at an offset of a text, with the word each side of them."""
    end = at + len(words)
    left = re.search(r"\S*\s*$", text[:at])
    right = re.match(r"\s*\S*", text[end:])
    return " ".join(
        ((left.group() if left else "") + words + (right.group() if right else "")).split()
    )


@dataclass(frozen=True)
class Undone:
    """One correction of a paragraph's text undone: the text before it and as it left it."""

    index: int  # its place in Source.corrections
    correction: Correction
    before: str
    after: str
    problem: Unplaced | None = None  # why it could not be undone (before is then after)


def undo_corrections(
    corrections: list[Correction],
    expression: str,
    paragraph: str,
    text: str,
    where: str = "the text",
) -> list[Undone]:
    """Undo the text corrections of one paragraph in one expression, newest first.

    Newest is by date, and among corrections of one date the one listed last. `text` is the
    paragraph's text now; the last entry's `before` is its text as captured.
    """
    mine = [
        (i, c)
        for i, c in enumerate(corrections)
        if c.expression == expression and paragraph in c.paragraphs and c.after is not None
    ]
    out: list[Undone] = []
    for i, c in sorted(mine, key=lambda ic: (ic[1].date, ic[0]), reverse=True):
        try:
            out.append(Undone(i, c, c.undo(text, where), text))
        except Unplaced as err:
            out.append(Undone(i, c, text, text, err))
        text = out[-1].before
    return out


def captured_text(corrections: list[Correction], expression: str, paragraph: str, text: str) -> str:
    """Return a paragraph's text with its recorded corrections undone: the text as captured."""
    undone = undo_corrections(corrections, expression, paragraph, text)
    return undone[-1].before if undone else text


class Anchor(Strict):
    """Where an intervention applies: before, after or inside a paragraph, or at a heading.

    `item` names an item of the paragraph's list, with `paragraph`:
    `{paragraph: P, item: I}` is inside item I of para P, `{paragraph: P, item: I/J}` inside
    item J of item I's own list.
    """

    before: Id | None = None
    after: Id | None = None
    paragraph: Id | None = None
    heading: Id | None = None
    item: Ref | None = None

    def target(self) -> tuple[str, str]:
        """Return (kind, id) of the one place named, or ("", "") unless exactly one is.

        An item is ("item", "paragraph-id/item-id"), as a brief cites it.
        """
        named = [
            (k, v)
            for k in ("before", "after", "paragraph", "heading")
            if (v := getattr(self, k)) is not None
        ]
        if self.item is not None:
            ok = [k for k, _ in named] == ["paragraph"]
            return ("item", f"{self.paragraph}/{self.item}") if ok else ("", "")
        return named[0] if len(named) == 1 else ("", "")


class Intervention(Strict):
    """An editorial act on a capture: removing, restoring or normalising text.

    A normalisation's `before` and `after` are either the whole text of its paragraph or
    heading, or a span of it (`9<sup>e</sup>` printed as `9e`), with `occurrence` naming which
    one where the `after` words stand more than once.
    """

    id: Id
    capture: Id
    action: Literal["remove", "restore", "normalise"]
    at: Anchor
    text: str | None = None
    before: str | None = None
    after: str | None = None
    #: which `after` in the text the normalisation made, from 1 (as for a correction)
    occurrence: Annotated[int, Field(ge=1)] | None = None
    reason: NonEmpty

    def whole(self, text: str) -> bool:
        """Say whether a normalisation's `after` is the whole of a text, not a span of it."""
        return self.after is not None and self.after.split() == text.split()


@dataclass(frozen=True)
class AsCaptured:
    """A heading's or paragraph's text as captured, and the normalisations that explain it."""

    text: str  # as captured; the `before` of `whole`, when there is one
    whole: tuple[int, Intervention] | None  # a normalisation of the whole text (index, record)
    spans: list[tuple[int, Intervention]]  # normalisations of spans of it, as listed
    problems: list[tuple[int, Unplaced]]  # those that name no one place in the text


def as_captured(
    interventions: list[Intervention],
    capture: str | None,
    place: tuple[str, str],
    text: str,
    where: str = "the text",
) -> AsCaptured:
    """Undo the normalisations recorded at one place: ("paragraph", id), ("heading", id) or
    ("item", "paragraph-id/item-id").

    `text` is the place's text with its corrections undone. A normalisation of the whole text
    gives its `before`; span normalisations are undone last listed first, each at its
    occurrence (`put_back`, the rule corrections follow).
    """
    mine = [
        (i, iv)
        for i, iv in enumerate(interventions)
        if iv.action == "normalise" and iv.capture == capture and iv.at.target() == place
    ]
    whole = next(((i, iv) for i, iv in mine if iv.whole(text)), None)
    if whole is not None:
        return AsCaptured(whole[1].before or "", whole, [], [])
    problems: list[tuple[int, Unplaced]] = []
    for i, iv in reversed(mine):
        try:
            text = put_back(
                text, iv.after or "", iv.before or "", iv.occurrence, where, "normalisation"
            )
        except Unplaced as err:
            problems.append((i, err))
    return AsCaptured(text, None, mine, problems[::-1])


class Term(Strict):
    """A term of the original that matters for policy, and how each expression renders it."""

    id: Id
    term: NonEmpty
    sense: NonEmpty
    renderings: dict[str, list[NonEmpty]]
    note: str | None = None


class RelatedInstrument(Strict):
    """An earlier instrument, with excerpts and attribution word for word from a capture."""

    id: Id
    label: NonEmpty
    date: date
    title: OneLine
    issuer: OneLine
    capture: Id
    attribution: list[NonEmpty] = Field(min_length=1)
    excerpts: list[NonEmpty] = Field(min_length=1)


#: The parts of a briefing pack, in their default order (the cover and contents always lead).
PACK_PARTS = ("brief", "editions", "comparison", "related", "provenance")


class PackConfig(Strict):
    """Which parts a work's briefing pack holds, in which order, and how it is printed."""

    parts: list[str] = Field(default_factory=lambda: list(PACK_PARTS), min_length=1)
    two_sided: bool = False


class Work(Strict):
    """The declaration itself, independent of any language version."""

    id: Id
    title: OneLine
    short_title: OneLine | None = None
    #: What the work is about, in a few words ("AI governance"): the pack's keywords and the
    #: words that introduce its annex of related instruments.
    subject: OneLine | None = None
    adopted: date
    #: None (`place: null`) where the captures do not say where it was adopted or published:
    #: the outputs then name no place rather than guess one
    place: OneLine | None
    issuer: OneLine
    #: How adoption is phrased before place and date, when the issuer is not a meeting:
    #: "Agreed by the countries attending …"; default "Adopted at the <issuer>".
    adoption: OneLine | None = None
    #: None (`original_language: null`) where the captures do not say in which language it
    #: was first made: the outputs say that the captures do not say
    original_language: Language | None
    original_note: str | None = None


#: Words that name a meeting: an issuer whose head is one of them reads right after "Adopted
#: at the" ("the World AI Conference 2024", "the Third Summit of the Americas").
MEETING_WORDS = frozenset(
    [
        "conference",
        "conferences",
        "summit",
        "summits",
        "meeting",
        "meetings",
        "assembly",
        "session",
        "sessions",
        "forum",
        "congress",
        "symposium",
        "colloquium",
        "convening",
        "gathering",
        "plenary",
        "ministerial",
        "dialogue",
        "round-table",
        "roundtable",
    ]
)
#: Words that end an issuer's head: "Heads | of State …", "Countries | attending the Summit".
_HEAD_ENDS = re.compile(
    r"\s(?:of|for|on|at|in|by|from|with|to|and|attending|participating|gathered)\s|,|;|\(",
    re.IGNORECASE,
)


def names_a_meeting(issuer: str) -> bool:
    """Return whether an issuer is a meeting, so "Adopted at the <issuer>" reads right.

    The issuer's head (its words before "of", "attending", "and", … or a comma) must end in a
    meeting word, numbers and years aside: "World AI Conference 2024 and High-Level Meeting on
    …" and "Summit of the Americas" are meetings; "Heads of State and Government …",
    "Countries attending the Coastal Summit" and "G7 Leaders" are not.
    """
    head = _HEAD_ENDS.split(f" {issuer.strip()} ", maxsplit=1)[0]
    words = [w for w in re.findall(r"[^\W\d][\w'-]*", head) if not w.isdigit()]
    return bool(words) and words[-1].lower() in MEETING_WORDS


class EditionInfo(Strict):
    """Facts of the briefgen edition; its version is derived, never typed."""

    date: OutputDate
    editors: NonEmpty
    #: Where the build folder is published (e.g. https://example.org/briefgen/); optional.
    #: Citation records and HTML metadata then carry each output's own address.
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class Source(Strict):
    """A whole canonical source file."""

    format: Literal["briefgen/1"]
    work: Work
    edition: EditionInfo
    captures: list[Capture]
    expressions: list[Expression] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    interventions: list[Intervention] = []
    paragraphs: list[Paragraph] = Field(min_length=1)
    glossary: list[Term] = []
    related: list[RelatedInstrument] = []
    corrections: list[Correction] = []
    pack: PackConfig = Field(default_factory=PackConfig)


# ----------------------------------------------------------------------------- briefs


class KeyPoint(Strict):
    """A key commitment in the editors' words, with the paragraphs it rests on."""

    text: NonEmpty
    cites: list[Ref] = Field(min_length=1)


class Quote(Strict):
    """A word-for-word quotation from a coverage capture, with its lead-in."""

    quote: NonEmpty
    source: Id
    lead: NonEmpty


class Brief(Strict):
    """A whole brief file."""

    format: Literal["briefgen-brief/1"]
    work: Id
    date: OutputDate
    headline: NonEmpty
    summary: NonEmpty
    key_points: Annotated[list[KeyPoint], Field(min_length=5, max_length=7)]
    context: list[Quote] = Field(default_factory=list)
    #: How the texts differ; needed only where a work has more than one text.
    translation_note: NonEmpty | None = None


# ----------------------------------------------------------------------------- consistency

Located = tuple[str, str]  # (field path, message)


def _duplicates(items: list[Any], attr: str, field: str) -> Iterator[Located]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value is None:  # an optional field left out (a section without a number)
            continue
        if value in seen:
            yield (
                f"{field}[{i}].{attr}",
                f"duplicate {attr} '{value}' (also {field}[{seen[value]}])",
            )
        else:
            seen[value] = i


def _texts(
    field: str, texts: dict[str, Any], expressions: set[str], what: str
) -> Iterator[Located]:
    for key in texts:
        if key not in expressions:
            yield (
                f"{field}.{key}",
                f"unknown expression '{key}' (expressions: {', '.join(sorted(expressions))})",
            )
    for key in sorted(expressions - texts.keys()):
        yield (
            f"{field}.{key}",
            f"missing (every {what} needs a text in each expression, or 'absent: true')",
        )


def consistency_problems(src: Source) -> list[Located]:
    """Return every cross-reference problem in a parsed source, as (path, message)."""
    out: list[Located] = []
    for field, attr in (
        ("captures", "id"),
        ("expressions", "id"),
        ("sections", "id"),
        ("sections", "number"),
        ("interventions", "id"),
        ("paragraphs", "id"),
        ("paragraphs", "number"),
        ("glossary", "id"),
        ("related", "id"),
    ):
        out += _duplicates(getattr(src, field), attr, field)
    captures = {c.id for c in src.captures}
    expressions = {e.id for e in src.expressions}
    sections = {s.id for s in src.sections}
    # -> item refs: "b", and "b/ii" for an item of b's own list
    paragraphs = {p.id: [at.ref() for at in walk_items(p.items)] for p in src.paragraphs}
    for i, e in enumerate(src.expressions):
        if e.capture is not None and e.capture not in captures:
            out.append((f"expressions[{i}].capture", f"unknown capture '{e.capture}'"))
    for i, s in enumerate(src.sections):
        if s.heading is not None:
            out += _texts(f"sections[{i}].heading", s.heading, expressions, "heading")
    for i, p in enumerate(src.paragraphs):
        if p.section not in sections:
            out.append((f"paragraphs[{i}].section", f"unknown section '{p.section}'"))
        out += _texts(f"paragraphs[{i}].text", p.text, expressions, "paragraph")
        out += _item_problems(f"paragraphs[{i}]", p, expressions)
    order = [s.id for s in src.sections]
    placed = [order.index(p.section) for p in src.paragraphs if p.section in sections]
    if placed != sorted(placed):
        out.append(("paragraphs", "paragraphs must be listed in the order of their sections"))
    for i, term in enumerate(src.glossary):
        for key in term.renderings:
            if key not in expressions:
                out.append(
                    (
                        f"glossary[{i}].renderings.{key}",
                        f"unknown expression '{key}' "
                        f"(expressions: {', '.join(sorted(expressions))})",
                    )
                )
    out += _correction_problems(src, expressions)
    for i, part in enumerate(src.pack.parts):
        kind, _, expression = part.partition(":")
        if kind not in (*PACK_PARTS, "edition") or (kind == "edition") != bool(expression):
            out.append(
                (
                    f"pack.parts[{i}]",
                    f"unknown part '{part}' (parts: "
                    f"{', '.join(PACK_PARTS)}, or edition:<expression id>)",
                )
            )
        elif expression and expression not in expressions:
            out.append((f"pack.parts[{i}]", f"unknown expression '{expression}'"))
    for i, r in enumerate(src.related):
        if r.capture not in captures:
            out.append((f"related[{i}].capture", f"unknown capture '{r.capture}'"))
    for i, iv in enumerate(src.interventions):
        out += _intervention_problems(f"interventions[{i}]", iv, captures, sections, paragraphs)
    out += _normalisation_problems(src)
    return out


def places(src: Source, expression: Expression) -> Iterator[tuple[tuple[str, str], str, str]]:
    """Yield each heading, paragraph and item text of an expression, in order.

    As (place, text, where): ("heading", section id), ("paragraph", id) with its corrections
    undone, then its items in reading order as ("item", "paragraph-id/item-id"), a nested
    item's ids joined below its paragraph's ("p5/p5-b/p5-b-ii"), and the place as messages
    name it ("para 3 (en)", "para 3(c) (en)", "para 5(b)(ii) (en)").
    """
    e = expression.id
    for s in src.sections:
        heading = (s.heading or {}).get(e)
        if isinstance(heading, str):
            yield ("heading", s.id), heading, f"the heading of section {s.number or s.id} ({e})"
    for p in src.paragraphs:
        value = p.text.get(e)
        if isinstance(value, str):
            text = captured_text(src.corrections, e, p.id, value)
            yield ("paragraph", p.id), text, f"para {p.number} ({e})"
        for at in walk_items(p.items):
            value = at.item.text.get(e)
            if isinstance(value, str):
                yield ("item", f"{p.id}/{at.ref()}"), value, f"{at.name(p.number)} ({e})"


def item_place(p: Paragraph, ref: str) -> str:
    """Return how messages and notes name an item of a paragraph by its ref ("c", or "b/ii"
    for an item of b's list): "para 12(c)", "para 5(b)(ii)", "para 12, item 2" (a bullet)."""
    at = next(at for at in walk_items(p.items) if at.ref() == ref)
    return at.name(p.number)


def _normalisation_problems(src: Source) -> list[Located]:
    """Return where a span normalisation names no one place in the text it is recorded at."""
    out: list[Located] = []
    for e in src.expressions:
        if not any(iv.capture == e.capture for iv in src.interventions):
            continue
        for place, text, where in places(src, e):
            for i, err in as_captured(src.interventions, e.capture, place, text, where).problems:
                out.append((f"interventions[{i}].{err.field}", str(err)))
    return out


def _item_problems(field: str, p: Paragraph, expressions: set[str]) -> Iterator[Located]:
    """Check a paragraph's list and each item's own list: unique ids and labels in a list, a
    text (or absent) for each item in each expression, and no item text where what it stands
    under (the paragraph, or the item above it) is absent."""
    yield from _list_problems(f"{field}.items", f"para {p.number}", p.items)
    for at in walk_items(p.items):
        it, here = at.item, field + at.field()
        if it.items:
            yield from _list_problems(f"{here}.items", f"para {at.pin(p.number)}", it.items)
        up = at.up()
        above = p.text if up is None else up.item.text
        above_name = f"para {p.number}" if up is None else up.name(p.number)
        where = f"{here}.text"
        for key in it.text:
            if key not in expressions:
                yield (
                    f"{where}.{key}",
                    f"unknown expression '{key}' (expressions: {', '.join(sorted(expressions))})",
                )
        for key in sorted(expressions - it.text.keys()):
            yield (
                f"{where}.{key}",
                "missing (every item needs a text in each expression, or 'absent: true')",
            )
        for key, value in it.text.items():
            if isinstance(value, str) and not isinstance(above.get(key), str):
                yield (
                    f"{where}.{key}",
                    f"{above_name} is absent in {key}, so its items are too (write 'absent: true')",
                )


def _list_problems(field: str, pinned: str, items: list[ListItem]) -> Iterator[Located]:
    """Check one list: unique ids, unique labels, and a label on every item or on none."""
    yield from _duplicates(items, "id", field)
    seen: dict[str, int] = {}
    for j, it in enumerate(items):
        if it.label is None:
            continue
        if it.label in seen:
            yield (
                f"{field}[{j}].label",
                f"duplicate label '{it.label}' (also {field}[{seen[it.label]}]); "
                f"{pinned}({it.label}) must name one item",
            )
        else:
            seen[it.label] = j
    if seen and any(it.label is None for it in items):
        j = next(j for j, it in enumerate(items) if it.label is None)
        yield (
            f"{field}[{j}].label",
            "missing: give every item of a lettered list a label (or none, for bullets)",
        )


def dated_problems(src: Source, today: date, known_as: str = "today") -> list[Located]:
    """Return (path, message) for each correction dated after the day of the build.

    A correction is recorded once made; one dated later is a mistyped date, and its edition
    would carry a date that has not come yet.
    """
    return [
        (
            f"corrections[{i}].date",
            f"{c.date} is after {known_as} ({today}); a correction is dated the day it is made",
        )
        for i, c in enumerate(src.corrections)
        if c.date > today
    ]


def _correction_problems(src: Source, expressions: set[str]) -> list[Located]:
    out: list[Located] = []
    paragraphs = {p.id: p for p in src.paragraphs}
    withdrawn_by_record = set()
    for i, c in enumerate(src.corrections):
        field = f"corrections[{i}]"
        if c.expression is not None and c.expression not in expressions:
            out.append((f"{field}.expression", f"unknown expression '{c.expression}'"))
        if c.date < src.edition.date:
            out.append(
                (
                    f"{field}.date",
                    f"{c.date} is before edition 1.0.0 "
                    f"({src.edition.date}); a correction comes after",
                )
            )
        if (c.before is None) != (c.after is None):
            out.append((f"{field}.before", "a correction records both 'before' and 'after'"))
        if c.occurrence is not None and not c.after:
            out.append(
                (
                    f"{field}.occurrence",
                    "a correction with no 'after' words has no occurrence of them to name",
                )
            )
        for j, pid in enumerate(c.paragraphs):
            if pid not in paragraphs:
                out.append((f"{field}.paragraphs[{j}]", f"unknown paragraph '{pid}'"))
            elif c.change == "withdrawal":
                withdrawn_by_record.add(pid)
    for p in src.paragraphs:
        for e, text in p.text.items():
            if not isinstance(text, str):
                continue
            for u in undo_corrections(src.corrections, e, p.id, text, f"para {p.number} ({e})"):
                if u.problem is not None:
                    out.append((f"corrections[{u.index}].{u.problem.field}", str(u.problem)))
    for i, p in enumerate(src.paragraphs):
        if p.withdrawn and p.id not in withdrawn_by_record:
            out.append(
                (
                    f"paragraphs[{i}].withdrawn",
                    "a withdrawn paragraph needs a "
                    "correction with change: withdrawal that lists it",
                )
            )
    return out


def _intervention_problems(
    field: str,
    iv: Intervention,
    captures: set[str],
    sections: set[str],
    paragraphs: dict[str, list[str]],
) -> Iterator[Located]:
    """Check an intervention's capture, place and fields; `paragraphs` maps each paragraph's
    id to its items' refs (ids below the paragraph's, "b/ii" for a nested item)."""
    if iv.capture not in captures:
        yield (f"{field}.capture", f"unknown capture '{iv.capture}'")
    kind, target = iv.at.target()
    if not kind and iv.at.item is not None:
        yield (
            f"{field}.at.item",
            "an item is named with its paragraph, and nothing else: 'at: {paragraph: P, item: I}'",
        )
    elif not kind:
        yield (f"{field}.at", "name exactly one of 'before', 'after', 'paragraph' or 'heading'")
    elif kind == "heading" and target not in sections:
        yield (f"{field}.at.heading", f"unknown section '{target}'")
    elif kind == "item":
        para, item = target.split("/", 1)
        if para not in paragraphs:
            yield (f"{field}.at.paragraph", f"unknown paragraph '{para}'")
        elif item not in paragraphs[para]:
            known = ", ".join(paragraphs[para]) or "none: it holds no list"
            yield (
                f"{field}.at.item",
                f"unknown item '{item}' of paragraph '{para}' (its items: {known})",
            )
    elif kind != "heading" and target not in paragraphs:
        yield (f"{field}.at.{kind}", f"unknown paragraph '{target}'")
    if iv.action == "remove" and not iv.text:
        yield (f"{field}.text", "missing (a removal records the text it removed, verbatim)")
    if iv.action == "normalise" and (iv.before is None or iv.after is None):
        yield (f"{field}.before", "a normalisation records the text 'before' and 'after'")
    if iv.occurrence is not None and iv.action != "normalise":
        yield (f"{field}.occurrence", "only a normalisation names an occurrence of its words")
