"""What a PDF's links say about where they go (each link annotation's /Contents), in words a
reader understands and in the document's language: "Paragraph 13 of the Xinhua English text"."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Messages, messages
from ..model.declaration import Declaration
from ..outputs import filename
from .wording import named


def describer(
    decl: Declaration, m: Messages | None = None, places: dict[str, str] | None = None
) -> Describer:
    """Return what says where a link of a work's PDF goes, in `m`'s language.

    places names further anchors (a pack's parts). Paragraph anchors (para-N, or
    <expression>-para-N in a pack) and comparison rows (row-N) are described from the source.
    """
    m = m or messages("en")
    texts = {e.id: named(m, e.name) for e in decl.source.expressions}
    files = {filename("edition", (e,), "pdf"): name for e, name in texts.items()}
    ids = tuple(texts)
    files[filename("comparison", ids, "pdf")] = m._("the comparison of the translations")
    files[filename("brief", ids, "pdf")] = m._("the policy brief")
    said = {
        "row": m._("Paragraph {number} in the comparison of the translations"),
        "para": m._("Paragraph {number} of {text}"),
        "place": m._("A place in {where}"),
        "here": m._("this document"),
        "this text": m._("this text"),
        "web": m._("Web page {address}"),
        "file": m._("The file {file}"),
        "in file": m._("{place} ({file})"),
    }
    return Describer(texts, files, dict(places or {}), said)


@dataclass(frozen=True)
class Describer:
    """Says where a link goes (see describer); plain data, so it can go to another process."""

    texts: dict[str, str]  # expression id: "the English text"
    files: dict[str, str]  # output file name: what it is
    anchors: dict[str, str]  # further anchors: what they are
    said: dict[str, str]  # the messages, translated, with their placeholders

    def anchor(self, name: str, where: str | None) -> str:
        if name in self.anchors:
            return self.anchors[name]
        head, sep, number = name.rpartition("-")
        if sep and number.isdigit():
            if head.endswith("row"):
                return self.said["row"].format(number=number)
            expression = head.removesuffix("para").removesuffix("-")
            text = self.texts.get(expression) or where or self.said["this text"]
            if head.endswith("para"):
                return self.said["para"].format(number=number, text=text)
        return self.said["place"].format(where=where or self.said["here"])

    def __call__(self, target: str) -> str:
        if target.startswith(("http://", "https://")):
            return self.said["web"].format(address=target)
        file, _, fragment = target.partition("#")
        if file and file not in self.files:
            return self.said["file"].format(file=file)
        where = self.files.get(file)
        if not fragment:
            said = where or self.said["here"]
            return said[:1].upper() + said[1:]
        text = self.anchor(fragment, where)
        return self.said["in file"].format(place=text, file=file) if file else text


def plain_describe(target: str) -> str:
    """Say where a link goes in a document that knows no work (English)."""
    if target.startswith(("http://", "https://")):
        return f"Web page {target}"
    return "A place in this document" if target.startswith("#") else f"The file {target}"
