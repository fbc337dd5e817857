"""The briefing pack: its parts, their titles and the timeline figure of its annex.

Plans and geometry only; the views of the pack's own parts are in pack_parts.py, and the
PDF renderer lays the parts out and joins them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from ..i18n import Messages, messages
from ..model.declaration import Declaration
from ..model.source import RelatedInstrument
from .wording import named


@dataclass(frozen=True)
class Part:
    """One part of a pack: what it is, its title in the contents and its id prefix."""

    kind: str  # brief | edition | comparison | related | provenance
    expression: str | None
    title: str
    prefix: str


def parts(decl: Declaration, m: Messages | None = None) -> list[Part]:
    """Return the pack's parts in order, as the work's source configures them, titled in `m`'s
    language."""
    m = m or messages("en")
    out = []
    for kind, expression in decl.pack_parts():
        if kind == "edition" and expression:
            name = decl.expression(expression).name
            title = m._("Clean edition: {text}", text=name)
            out.append(Part(kind, expression, title, f"{expression}-"))
        elif kind == "brief":
            out.append(Part(kind, None, m._("Policy brief"), "brief-"))
        elif kind == "comparison":
            out.append(Part(kind, None, m._("Comparison of the translations"), "cmp-"))
        elif kind == "related":
            out.append(Part(kind, None, m._("Annex: related instruments"), "annex-"))
        else:
            out.append(Part(kind, None, m._("Appendix: provenance"), "prov-"))
    return out


def page_number(m: Messages) -> str:
    """Return how a page of the pack names its number ({page}): "Page 12"."""
    return m._("Page {page}")


def part_place(m: Messages, part: Part, page: int) -> str:
    """Return where a link to a part of the pack goes: "Policy brief, page 3"."""
    return m._("{title}, page {page}", title=part.title, page=page)


def years(decl: Declaration) -> tuple[int, int]:
    """Return the first and last year the annex's timeline spans: its instruments and the work."""
    dates = [r.date for r in decl.source.related] + [decl.source.work.adopted]
    return min(dates).year, max(dates).year


def subject(decl: Declaration, m: Messages | None = None) -> str:
    """Return what the pack holds, in words, for its PDF metadata: only the parts it has."""
    m = m or messages("en")
    w = decl.source.work
    said: list[str] = []
    editions = [decl.expression(p.expression).name for p in parts(decl) if p.expression]
    names = {
        "brief": m._("policy brief"),
        "comparison": m._("comparison"),
        "related": m._("related instruments"),
        "provenance": m._("sources"),
    }
    for part in parts(decl):
        if part.kind == "edition":
            if editions:
                said.append(
                    m.n_(
                        "clean edition ({texts})",
                        "clean editions ({texts})",
                        len(editions),
                        texts=", ".join(editions),
                    )
                )
                editions = []
        else:
            said.append(names[part.kind])
    what = m.join(said)
    if w.place is None:  # the captures do not say where: name no place
        return m._(
            "{parts} of {title} ({date}); briefgen edition {version}",
            parts=what[:1].upper() + what[1:],
            title=named(m, w.title),
            date=w.adopted.isoformat(),
            version=decl.version,
        )
    return m._(
        "{parts} of {title} ({place}, {date}); briefgen edition {version}",
        parts=what[:1].upper() + what[1:],
        title=named(m, w.title),
        place=w.place,
        date=w.adopted.isoformat(),
        version=decl.version,
    )


@dataclass(frozen=True)
class TimelineMark:
    """An instrument on the timeline: x in figure units, label row 0 (nearest the axis) up.

    Labels in the right half of the figure end at their mark (anchor "end") so none runs off.
    """

    x: float
    row: int
    when: str
    label: str
    current: bool
    anchor: str
    span: tuple[float, float]  # the x range its label covers, to clear a background behind it


#: Geometry of the timeline figure, in its own units (the figure is 440 wide: drawn across the
#: pack's A4 text block, 9 units print at 8.6 pt, no label below the 8 pt floor).
CHAR_WIDTH = 4.9  # average width of a label character at font size 9
ROW_HEIGHT = 30
AXIS_GAP = 14


@dataclass(frozen=True)
class Timeline:
    """A figure of the years 2018 to 2024 with the instruments placed on it."""

    width: float
    years: list[tuple[int, float]]  # (year, x of its 1 January)
    marks: list[TimelineMark]
    rows: int
    #: The figure in words, for readers who cannot see it (the tagged PDF's /Alt text).
    description: str = ""

    @property
    def height(self) -> float:
        return AXIS_GAP + ROW_HEIGHT * self.rows + 24

    @property
    def axis_y(self) -> float:
        return ROW_HEIGHT * self.rows + AXIS_GAP


def timeline(
    related: list[RelatedInstrument],
    current: tuple[date, str],
    first: int = 2018,
    last: int = 2024,
    width: float = 440,
    m: Messages | None = None,
) -> Timeline:
    """Place instruments (and the current one) on an axis from first to last year; its dates
    and description in `m`'s language."""
    m = m or messages("en")
    start, end = date(first, 1, 1), date(last + 1, 1, 1)
    margin = 10

    def x(d: date) -> float:
        return margin + (d - start).days / (end - start).days * (width - 2 * margin)

    events = sorted([(r.date, r.label, False) for r in related] + [(*current, True)])
    marks: list[TimelineMark] = []
    taken: list[list[tuple[float, float]]] = []  # per row, the spans its labels cover
    for d, label, is_current in events:
        at = x(d)
        extent = CHAR_WIDTH * max(len(label), 8) + 6
        span = (at, at + extent) if at < width / 2 else (at - extent, at)
        row = next(
            (
                i
                for i, spans in enumerate(taken)
                if all(span[1] < a or span[0] > b for a, b in spans)
            ),
            len(taken),
        )
        if row == len(taken):
            taken.append([])
        taken[row].append(span)
        marks.append(
            TimelineMark(
                round(at, 1),
                row,
                m.month(d),
                label,
                is_current,
                "start" if at < width / 2 else "end",
                (round(span[0], 1), round(span[1], 1)),
            )
        )
    years = [(y, round(x(date(y, 1, 1)), 1)) for y in range(first, last + 2)]
    listed = m._("; ").join(
        m._("{when}, {label} (this declaration)", when=k.when, label=k.label)
        if k.current
        else m._("{when}, {label}", when=k.when, label=k.label)
        for k in sorted(marks, key=lambda k: k.x)
    )
    description = m._(
        "Timeline, {first} to {last}: {events}.", first=first, last=last, events=listed
    )
    return Timeline(width, years, marks, len(taken), description)


def timeline_svg(tl: Timeline) -> str:
    """Return the timeline as an SVG drawing: the axis, a tick a year, a dot and a label a mark.

    The current instrument is drawn in red; the description is its title and aria-label.
    """
    ay = tl.axis_y
    first, last = tl.years[0][1], tl.years[-1][1]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {tl.width} {tl.height}" '
        f'width="100%" role="img" aria-label="{_attr(tl.description)}">',
        f"<title>{_attr(tl.description)}</title>",
        f'<line x1="{first}" y1="{ay}" x2="{last}" y2="{ay}" stroke="{_INK}" stroke-width="1.2"/>',
    ]
    for i, (year, x) in enumerate(tl.years):
        out.append(
            f'<line x1="{x}" y1="{ay - 4}" x2="{x}" y2="{ay + 4}" stroke="{_INK}" '
            'stroke-width="0.8"/>'
        )
        if i < len(tl.years) - 1:
            out.append(
                f'<text x="{x + 4}" y="{ay + 17}" font-size="10" font-family="Noto Sans" '
                f'fill="#555">{year}</text>'
            )
    for m in tl.marks:
        out.append(
            f'<line x1="{m.x}" y1="{ay}" x2="{m.x}" y2="{ay - 30 - m.row * 30}" stroke="#aaa" '
            'stroke-width="0.6"/>'
        )
    for m in tl.marks:
        y = ay - 12 - m.row * 30
        start = m.anchor == "start"
        tx = m.x + 3 if start else m.x - 3
        colour = _RED if m.current else _INK
        out += [
            f'<rect x="{m.span[0] + (2 if start else -2)}" y="{y - 19}" '
            f'width="{m.span[1] - m.span[0]}" height="23" fill="white"/>',
            f'<line x1="{m.x}" y1="{y - 18}" x2="{m.x}" y2="{y + 4}" stroke="#aaa" '
            'stroke-width="0.6"/>',
            f'<circle cx="{m.x}" cy="{ay}" r="{4.5 if m.current else 3.2}" fill="{colour}"/>',
            f'<text x="{tx}" y="{y - 9}" text-anchor="{m.anchor}" font-size="9" '
            f'font-family="Noto Sans" font-weight="bold" fill="{colour}">{_attr(m.when)}</text>',
            f'<text x="{tx}" y="{y + 1}" text-anchor="{m.anchor}" font-size="9" '
            f'font-family="Noto Sans" fill="#1a1a1a">{_attr(m.label)}</text>',
        ]
    out.append("</svg>")
    return "\n".join(out)


_INK, _RED = "#1f3a5f", "#8a1c00"


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
