"""Markdown captures: recognised, and read through a CommonMark parser (importer/markdown.py).

The captures are our own words, written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.importer.draft import Options, run
from briefgen.importer.markdown import read, spans_of
from briefgen.importer.segment import Span
from briefgen.sources.capture import is_markdown, kind_of

PLAIN = "We, the ports, meet at dawn.\n\nWe will meet again - next spring.\n"


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("page.md", PLAIN, "markdown"),
        ("page.markdown", PLAIN, "markdown"),
        ("page.txt", PLAIN, "text"),
        ("page.html", "<p>x</p>", "html"),
        ("page.txt", "---\ntitle: A page\n---\n\nWe meet.\n", "markdown"),
        ("page.txt", "**Open ports**\n\nWe meet.\n\n<!-- -->\n", "markdown"),
        ("page.txt", "## Open ports\n\nWe agree to:\n\n-   meet;\n", "markdown"),
        # one sign alone is not enough: a plain text may hold a bold line or a dash list
        ("page.txt", "**Open ports**\n\nWe meet.\n", "text"),
        ("page.txt", "We agree to:\n\n- meet;\n- part.\n", "text"),
        ("page.TXT", "# One\n\n-   two\n", "markdown"),
    ],
)
def test_markdown_is_recognised_conservatively(name: str, text: str, kind: str) -> None:
    assert kind_of(name, text) == kind
    assert is_markdown(name, text) == (kind == "markdown")


def test_blocks_come_from_the_markup_with_the_capture_lines() -> None:
    text = (
        "---\ntitle: Open Ports\nurl: https://example.org/ports\n---\n\n"
        "## 1. Open ports\n\nWe agree to:\n\n1.  meet;\n2.  part.\n\n<!-- x -->\n\n"
        "**Closing\nwords**\n\nDone at Tallinn.\n\n\\###\n"
    )
    seg = read(text)
    kinds = [(b.kind, b.first, b.last) for b in seg.blocks]
    assert kinds == [
        ("flag", 1, 4),
        ("heading", 6, 6),
        ("paragraph", 8, 11),
        ("flag", 13, 13),
        ("heading", 15, 16),
        ("paragraph", 18, 18),
        ("flag", 20, 20),
    ]
    assert seg.metadata == {"title": "Open Ports", "url": "https://example.org/ports"}
    heading = seg.blocks[1]
    assert (heading.text, heading.number, heading.marked) == ("1. Open ports", "1", True)
    assert heading.spans == (Span("## 1. Open ports", "1. Open ports", None, heading.spans[0].why),)
    assert seg.blocks[4].text == "Closing words"
    assert [(i.label, i.text) for i in seg.blocks[2].items] == [("1", "meet;"), ("2", "part.")]
    assert all(b.markup for b in seg.flags)
    assert not seg.blocks[3].inside  # after the list's last item: after the paragraph


def test_a_list_with_no_lead_in_gives_paragraphs_with_their_marker_recorded() -> None:
    seg = read("-   one thing;\n\n-   another.\n")  # loose: a blank line divides the items
    assert [(b.kind, b.text) for b in seg.blocks] == [
        ("paragraph", "one thing;"),
        ("paragraph", "another."),
    ]
    assert seg.blocks[0].spans[0].before == "- one thing;"
    tight = read("-   one thing;\n-   another.\n")  # nothing divides them: one paragraph
    assert [(b.text, b.spans[0].before) for b in tight.blocks] == [
        ("one thing; another.", "- one thing; - another.")
    ]
    assert "taken as one paragraph" in tight.warnings[0]


@pytest.mark.parametrize(
    ("captured", "text", "spans"),
    [
        ("the **first** step", "the first step", [("**first**", "first", None)]),
        ("le 9<sup>e</sup> jour", "le 9e jour", [("9<sup>e</sup>", "9e", None)]),
        ("a \\*star\\* here", "a *star* here", [("\\*star\\*", "*star*", None)]),
        # markup standing alone takes in a neighbouring word
        ("a ** b", "a b", [("a **", "a", None)]),
        # the same printed words twice: each span says which, as check undoes them (last first)
        (
            "**go** and go and **go**",
            "go and go and go",
            [("**go**", "go", 1), ("**go**", "go", 3)],
        ),
    ],
)
def test_markup_inside_a_text_is_a_span(
    captured: str, text: str, spans: list[tuple[str, str, int | None]]
) -> None:
    found = spans_of(captured, text)
    assert [(s.before, s.after, s.occurrence) for s in found] == spans
    # undone as check undoes them, the spans give the capture back
    from briefgen.model.source import put_back

    for s in reversed(found):
        text = put_back(text, s.after, s.before, s.occurrence, "the text", "normalisation")
    assert text == captured


def test_a_link_makes_its_paragraph_a_whole_normalisation() -> None:
    (block,) = read("See [the site](https://example.org/x), then act.\n").blocks
    assert block.text == "See the site, then act."
    assert [(s.before, s.after) for s in block.spans] == [
        ("See [the site](https://example.org/x), then act.", "See the site, then act.")
    ]


def test_a_txt_capture_that_is_markdown_is_read_as_markdown(tmp_path: Path) -> None:
    capture = tmp_path / "page.txt"
    capture.write_text("**Open ports**\n\nWe agree to:\n\n-   meet;\n\n<!-- -->\n", "utf-8")
    report = run(Options(capture, "ports", "en", "en"), tmp_path / "sources")
    assert report.markdown
    assert [b.kind for b in report.segmented.blocks] == ["heading", "paragraph", "flag"]
    assert report.segmented.paragraphs[0].items[0].text == "meet;"


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        # the front matter's title, printed again in bold above the text
        ("---\ntitle: The Harbour Accord\n---\n\n**The Harbour\nAccord**\n\n## Ports\n\n", ()),
        # the title the editor gave (`--title`, or the work's), as a `#` heading
        ("# THE HARBOUR ACCORD\n\nWe, the ports, meet.\n", ("The Harbour Accord",)),
        # the page's one `#` heading, above a section heading
        ("# Harbour Accord of the Ports\n\n## Ports\n\n", ()),
    ],
)
def test_the_pages_title_above_the_text_is_flagged_as_the_title(
    text: str, titles: tuple[str, ...]
) -> None:
    seg = read(text + "We, the ports, meet at dawn.\n", titles)
    title = next(b for b in seg.blocks if b.kind == "flag" and not b.markup)
    assert title.title and "title" in title.why
    assert title.text.lstrip("#* ").startswith(("The Harbour", "THE HARBOUR", "Harbour"))
    assert [h.text for h in seg.headings] in ([], ["Ports"])


@pytest.mark.parametrize(
    "text",
    [
        "## Preamble\n\nWe, the ports, meet.\n\n## Ports\n\nWe agree.\n",  # a section heading
        "# Ports\n\nWe, the ports, meet.\n\n# Ships\n\nWe agree.\n",  # `#` is every heading
        "**Ports**\n\nWe, the ports, meet.\n\n**The Harbour Accord**\n\nWe agree.\n",  # not first
    ],
)
def test_a_first_heading_that_is_not_the_title_stays_a_heading(text: str) -> None:
    seg = read(text, ("The Harbour Accord",))
    assert not any(b.title for b in seg.blocks)
    assert len(seg.headings) == 2


def test_import_records_the_pages_title_as_removed_without_a_todo(tmp_path: Path) -> None:
    capture = tmp_path / "accord.md"
    capture.write_text(
        "---\ntitle: The Harbour Accord\n---\n\n**The Harbour Accord**\n\n"
        "We, the ports, meet at dawn.\n\n**Ports**\n\nWe will meet again next spring.\n",
        "utf-8",
    )
    opts = Options(capture, "accord", "en", "en")
    report = run(opts, tmp_path / "sources")
    text = (tmp_path / "sources" / "accord.yaml").read_text("utf-8")
    assert "the page's title, recorded as removed: line 5 'The Harbour Accord'" in "\n".join(
        report.lines()
    )
    assert "The declaration's title as the page prints it" in text
    assert "TODO: flagged" not in text
    assert [b.text for b in report.segmented.headings] == ["Ports"]
    # what the front matter says of the page fills the capture's record and the text's title
    data = yaml.safe_load(text)
    assert data["captures"][0]["title"] == data["expressions"][0]["title"] == "The Harbour Accord"
    assert data["captures"][0]["url"] == "TODO"  # the front matter gives none
    assert data["work"]["title"] == "TODO"  # the work's title is the editor's to give


@pytest.mark.parametrize("marker", ["**4.**", "**4\\.**", "4\\.", "*4.*", "__4)__"])
def test_a_printed_number_in_markup_is_the_paragraphs(marker: str) -> None:
    (block,) = read(f"{marker} We agree to meet.\n").paragraphs
    assert (block.number, block.marker, block.text, block.spans) == (
        "4",
        marker,
        "We agree to meet.",
        (),
    )


def test_markup_inside_a_list_item_is_a_span_of_the_item() -> None:
    text = (
        "We agree to:\n\n-   keep **both** shores;\n"
        "-   meet on the 2<sup>nd</sup> day\\\n    of May.\n"
    )
    (block,) = read(text).paragraphs
    assert [(i.text, i.spans) for i in block.items] == [
        (
            "keep both shores;",
            (Span("**both**", "both", None, "Markdown markup (emphasis markers)"),),
        ),
        (
            "meet on the 2nd day of May.",
            (Span("2<sup>nd</sup> day\\", "2nd day", None, "Markdown markup (HTML tags)"),),
        ),
    ]
