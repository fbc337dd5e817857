"""Long words are laid out in pieces: a line broken inside one costs a piece, not the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.limits import WORD_CHARS
from briefgen.render.context import Context
from briefgen.render.pdf.layout import layout
from briefgen.render.pdf.runs import PIECE_CHARS, set_apart
from briefgen.render.pdf.weasy import load, parse

load()  # WeasyPrint, whose line breaker is counted

WORDS = " ".join(f"{i}" + "B" * (WORD_CHARS - 1) for i in range(10))


def _page(text: str) -> str:
    return (
        "<html><head><style>body { overflow-wrap: anywhere }"
        " table { width: 100%; table-layout: fixed }</style></head><body>"
        f"<p>Before <em>a long</em> {text} and after.</p>"
        f"<table><tr><td>Reason</td><td>{text}</td></tr></table></body></html>"
    )


def test_a_text_of_long_words_costs_its_length_not_its_square(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WeasyPrint hands Pango the rest of a text box for each line it breaks inside a word; in
    pieces, a text of long words costs Pango a bounded number of characters per character
    (about 90 here), where whole it cost the square of its length (99 words: minutes)."""
    from weasyprint.text import line_break

    handed = [0]
    set_text = line_break.Layout.set_text

    def counted(self: object, text: str, *args: object, **kwargs: object) -> None:
        handed[0] += len(text)
        set_text(self, text, *args, **kwargs)

    monkeypatch.setattr(line_break.Layout, "set_text", counted)
    document = layout(_page(WORDS), Context(Path("templates")))
    assert len(document.pages) >= 2
    assert handed[0] < 150 * 2 * len(WORDS)  # twice: in a paragraph and in a table cell


def test_pieces_keep_every_character_in_order() -> None:
    text = "See " + " ".join(["word"] * 300) + "  " + WORDS + "\n" + "x" * 30
    root = parse(_page(text))
    assert set_apart(root)
    body = root.find("body")
    assert body is not None
    assert "".join(body.itertext()) == "".join(parse(_page(text)).find("body").itertext())  # type: ignore[union-attr]
    for element in body.iter():
        for part in (element.text, element.tail):
            assert part is None or len(part) <= max(PIECE_CHARS, WORD_CHARS + 2)


def test_a_page_without_long_words_is_left_as_it_is() -> None:
    text = " ".join(["Governance"] * 500)  # long, but every word fits a line
    assert not set_apart(parse(_page(text)))
    assert not set_apart(parse(_page("x" * 50)))  # a long word in a short text
