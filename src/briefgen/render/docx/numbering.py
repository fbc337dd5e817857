"""Word list numbering for a paragraph's items: "(a)", "(b)", "(c)" as a real list.

A list whose labels Word's numbering prints exactly — a consecutive run of one kind (a, b, c;
A, B; i, ii, iii; I, II; 1, 2, 3) or bullets throughout — gets a numbering instance (w:num) of
its own, restarting at its first label; any other list ("5A", a gap, labels the editors supply
in brackets) keeps its labels typed, so numbering never prints a label the source lacks.

One abstract definition per kind, with nine levels (a list nested in an item is the next
level), is added to the document's numbering part the first time a list of that kind needs it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .xml import element

#: Word's number formats tried in turn; the first that prints every label of a list wins.
KINDS = ("lowerLetter", "lowerRoman", "upperLetter", "upperRoman", "decimal")
BULLET = "bullet"
#: How the items print their labels: "(c)" (documents/edition.item_label).
_LABEL = re.compile(r"^\((?P<label>[^()\[\]]+)\)$")
#: The indent of an item at each level, in twentieths of a point: the label hangs in front.
LEFT, HANGING, STEP = 1247, 567, 680  # 2.2 cm, 1.0 cm, 1.2 cm a level
LEVELS = 9
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def formatted(kind: str, n: int) -> str | None:
    """Return the label Word's numbering prints for n in a kind (None where it would not
    print a label the sources use: letters past z, numbers below 1)."""
    if n < 1:
        return None
    if kind in ("lowerLetter", "upperLetter"):
        if n > 26:
            return None
        letter = chr(ord("a") + n - 1)
        return letter if kind == "lowerLetter" else letter.upper()
    if kind in ("lowerRoman", "upperRoman"):
        if n >= 4000:
            return None
        out = ""
        for value, numeral in _ROMAN:
            while n >= value:
                out, n = out + numeral, n - value
        return out if kind == "lowerRoman" else out.upper()
    return str(n)


def _value(kind: str, label: str) -> int | None:
    """Return the number a label stands for in a kind, or None if it is none of that kind."""
    if kind == "decimal":
        return int(label) if label.isascii() and label.isdigit() else None
    if kind.endswith("Letter"):
        return ord(label.lower()) - ord("a") + 1 if len(label) == 1 and label.isalpha() else None
    total = 0
    for value, numeral in _ROMAN:
        numeral = numeral if kind == "lowerRoman" else numeral.upper()
        while label.startswith(numeral):
            total, label = total + value, label[len(numeral) :]
    return total if not label and total else None


def scheme(labels: Sequence[str | None]) -> tuple[str, int] | None:
    """Return (kind, first number) under which Word's numbering prints exactly these labels
    ("(a)", "(b)", … as the items print them; None for a bullet), or None if it cannot."""
    if not labels:
        return None
    if all(label is None for label in labels):
        return (BULLET, 1)
    inner = []
    for label in labels:
        match = _LABEL.match(label or "")
        if match is None:
            return None
        inner.append(match["label"])
    for kind in KINDS:
        start = _value(kind, inner[0])
        if start is not None and all(
            formatted(kind, start + k) == label for k, label in enumerate(inner)
        ):
            return (kind, start)
    return None


def indent(level: int) -> tuple[int, int]:
    """Return an item's left indent and hanging label width at a level, in twips."""
    return LEFT + STEP * level, HANGING


def new_list(doc: Any, kind: str, start: int, level: int = 0) -> str:
    """Return the id of a new numbering instance of a kind that starts at `start` at a level,
    adding the kind's abstract definition to the document first if it has none."""
    from docx.oxml.ns import qn

    numbering = _numbering(doc)
    abstract = _abstract(numbering, kind)
    nums = numbering.findall(qn("w:num"))
    num_id = str(max((int(n.get(qn("w:numId"))) for n in nums), default=0) + 1)
    num = element("w:num", numId=num_id)
    num.append(element("w:abstractNumId", val=abstract))
    override = element("w:lvlOverride", ilvl=str(level))
    override.append(element("w:startOverride", val=str(start)))
    num.append(override)
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:  # w:num elements follow every w:abstractNum, before it
        cleanup.addprevious(num)
    else:
        numbering.append(num)
    return num_id


def numbered(paragraph: Any, num_id: str, level: int = 0) -> None:
    """Put a paragraph in a numbering instance at a level."""
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = int(num_id)


def _abstract(numbering: Any, kind: str) -> str:
    """Return the id of briefgen's abstract definition of a kind, adding it if missing."""
    from docx.oxml.ns import qn

    name = f"briefgen items {kind}"
    abstracts = numbering.findall(qn("w:abstractNum"))
    for a in abstracts:
        named = a.find(qn("w:name"))
        if named is not None and named.get(qn("w:val")) == name:
            return str(a.get(qn("w:abstractNumId")))
    abstract_id = str(max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1) + 1)
    abstract = element("w:abstractNum", abstractNumId=abstract_id)
    abstract.append(element("w:multiLevelType", val="multilevel"))
    abstract.append(element("w:name", val=name))
    for level in range(LEVELS):
        lvl = element("w:lvl", ilvl=str(level))
        lvl.append(element("w:start", val="1"))
        lvl.append(element("w:numFmt", val=kind))
        lvl.append(element("w:lvlText", val="•" if kind == BULLET else f"(%{level + 1})"))
        lvl.append(element("w:lvlJc", val="left"))
        ppr = element("w:pPr")
        left, hanging = indent(level)
        ppr.append(element("w:ind", left=str(left), hanging=str(hanging)))
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    after = first_num if first_num is not None else cleanup
    if after is not None:  # every w:abstractNum precedes the w:num elements
        after.addprevious(abstract)
    else:
        numbering.append(abstract)
    return abstract_id


def _numbering(doc: Any) -> Any:
    """Return the document's w:numbering, adding a numbering part to a document without one
    (a reference document made in Word may have none; python-docx cannot make one)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.parts.numbering import NumberingPart

    part = doc.part
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        pass
    numbering = NumberingPart(
        PackURI("/word/numbering.xml"),
        CT.WML_NUMBERING,
        parse_xml(f"<w:numbering {nsdecls('w')}/>"),
        part.package,
    )
    part.relate_to(numbering, RT.NUMBERING)
    return numbering.element
