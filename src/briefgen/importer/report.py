"""What `briefgen import` was told (Options) and what it reports (Report): the summary an
editor reads after an import, in the words of what was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..sources.capture import is_html
from . import markdown
from .segment import (
    Passage,
    Segmented,
)

TODO = "TODO"


@dataclass(frozen=True)
class Options:
    """What the editor told `briefgen import` on the command line."""

    capture: Path
    work: str
    expression: str
    language: str
    title: str | None = None
    adopted: date | None = None
    place: str | None = None
    issuer: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: date | None = None


@dataclass
class Report:
    """What an import did, for the summary it prints."""

    source: Path
    capture_file: str
    sha256: str
    second: bool
    segmented: Segmented
    flags: list[tuple[Passage, str]] = field(default_factory=list)  # (block, intervention id)
    doubtful: list[str] = field(default_factory=list)
    absent_headings: list[str] = field(default_factory=list)
    #: the capture's text as read (a second text's headings no section has are flagged
    #: with their lines as captured)
    captured: str = ""
    warnings: list[str] = field(default_factory=list)
    aligned: int | None = None  # a second text: how many paragraphs found a partner
    markdown: bool = False  # read through the Markdown reader (importer/markdown.py)
    normalised: int = 0  # span normalisations recorded for markup inside texts
    #: the paragraphs numbered as the capture prints them, and where that numbering is odd
    printed_numbers: int = 0
    numbering: list[str] = field(default_factory=list)
    #: "PP1–PP3": the unnumbered paragraphs before the first printed number, so numbered
    preamble: str = ""

    def lines(self) -> list[str]:
        """The summary an editor reads after an import."""
        seg = self.segmented
        verb = "added to" if self.second else "wrote"
        out = [
            f"{verb} {self.source.as_posix()}: {count(len(seg.paragraphs), 'paragraph')}, "
            f"{count(len(seg.headings), 'heading')}, "
            f"{count(len(self.flags), 'flagged passage')}",
            f"capture {self.capture_file} (SHA-256 {self.sha256})",
        ]
        if self.markdown:
            out.append(
                f"read as Markdown: {count(self.normalised, 'span')} of markup left out of "
                "the texts and recorded (normalise)"
            )
        elif self.normalised:
            out.append(
                f"{count(self.normalised, 'span')} of markup left out of the texts and "
                "recorded (normalise)"
            )
        markup = [(b, i) for b, i in self.flags if b.markup]
        page = is_html(self.capture_file)
        if markup:
            whose = "the page" if page else "the conversion"
            out.append(f"markup of {whose}, recorded as removed (check each):")
        out += [f"  {lines_of(block)}: {block.why} [{iv_id}]" for block, iv_id in markup]
        if seg.metadata:
            out.append(
                f"{'the page' if page else 'the front matter'} says (its title and URL are "
                "written into the capture record and the text's title, to check; nothing into "
                "the work):"
            )
            out += markdown.metadata_lines(seg.metadata)
        out += [
            f"the page's title, recorded as removed: {lines_of(b)} '{flat_title(b.text)}' [{i}]"
            for b, i in self.flags
            if b.title
        ]
        flagged = [(b, i) for b, i in self.flags if not (b.markup or b.title)]
        if flagged:
            out.append("flagged, not put into paragraphs (confirm each removal, or move it back):")
        for block, iv_id in flagged:
            out.append(f"  {lines_of(block)}: {block.why} [{iv_id}]")
        if self.printed_numbers:
            out.append(
                f"numbered as the capture prints them: {count(self.printed_numbers, 'paragraph')}"
            )
        if self.preamble:
            out.append(
                f"numbered {self.preamble}: the unnumbered paragraphs before the first printed "
                "number (preambular paragraphs, cited as such)"
            )
        if self.numbering:
            out.append("gaps and repeats in the printed numbering (marked TODO; check each):")
        out += [f"  {n}" for n in self.numbering]
        unnumbered = [b for b in seg.headings if b.why]
        if unnumbered:
            out.append("unnumbered headings, taken on their evidence (check each):")
        out += [f"  {lines_of(b)}: '{b.text}': {b.why}" for b in unnumbered]
        if self.aligned is not None:
            out.append(
                f"aligned {self.aligned} of {len(seg.paragraphs)} paragraphs with existing "
                f"paragraph ids; {len(self.doubtful)} doubtful (marked TODO)"
            )
        out += [f"  doubtful alignment: {d}" for d in self.doubtful]
        out += [f"  heading absent: {h}" for h in self.absent_headings]
        out += [f"warning: {w}" for w in self.warnings]
        if is_html(self.capture_file):
            out.append("(line numbers are those of the text extracted from the web page)")
        out.append("fill in every TODO, then run `briefgen check`")
        return out


def flat_title(text: str) -> str:
    return " ".join(text.replace("*", " ").lstrip("# ").split())


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def lines_of(block: Passage) -> str:
    if block.first == block.last:
        return f"line {block.first}"
    return f"lines {block.first}–{block.last}"
