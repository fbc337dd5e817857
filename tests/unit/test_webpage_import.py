"""Web page captures: headings and lists from the page's markup (importer/webpage.py).

The pages and texts are our own words, written for these tests.
"""

from __future__ import annotations

from briefgen.importer.webpage import BULLET, PAGE_TITLE, read
from briefgen.sources.capture import WebBlock, structure_of, text_of


def _text(*lines: str) -> str:
    """An extracted text as `text_of` gives it: one block a line, blank lines between."""
    return "\n\n".join(lines) + "\n"


def _kinds(text: str, structure: list[WebBlock], title: str | None = None) -> list[tuple]:
    seg = read(text, structure, title)
    return [(b.kind, b.first, b.text if b.kind != "flag" else b.why) for b in seg.blocks]


def test_the_structure_comes_from_the_same_extraction_as_the_text() -> None:
    raw = (
        b"<html lang='en'><body><article><h1>Harbour Pact</h1>"
        b"<p>We, the ports, agree on what follows, for every berth.</p><h3>Open Berths</h3>"
        b"<p>We agree to:</p><ul><li>open every berth;</li><li>keep <b>the</b> logs.</li></ul>"
        b"<p><strong>Closing</strong></p><p>Done at Tallinn on the 3<sup>rd</sup> day.</p>"
        b"</article></body></html>"
    )
    assert text_of(raw, "pact.html") == _text(
        "Harbour Pact",
        "We, the ports, agree on what follows, for every berth.",
        "Open Berths",
        "We agree to:",
        "- open every berth;",
        "- keep the logs.",
        "Closing",
        "Done at Tallinn on the 3rd day.",
    )
    assert structure_of(raw) == [
        WebBlock("heading", "Harbour Pact", 1),
        WebBlock("paragraph", "We, the ports, agree on what follows, for every berth."),
        WebBlock("heading", "Open Berths", 3),
        WebBlock("paragraph", "We agree to:"),
        WebBlock("item", "open every berth;", depth=1),
        WebBlock("item", "keep the logs.", depth=1),
        WebBlock("paragraph", "Closing", bold=True),
        WebBlock("paragraph", "Done at Tallinn on the 3rd day."),
    ]


def test_headings_and_lists_follow_the_markup_not_the_shapes() -> None:
    text = _text(
        "Harbour Pact",
        "We, the ports, agree on what follows.",
        "une nouvelle étape",  # not title-cased: the shapes alone would flag it
        "We agree to:",
        "- open every berth",  # no closing mark: the shapes alone would weigh it as a headline
        "- keep the logs.",
        "Ports Unveil Plan",  # a <p>: a headline spliced in, flagged as before
        "Done at Tallinn.",
    )
    structure = [
        WebBlock("heading", "Harbour Pact", 1),
        WebBlock("paragraph", "We, the ports, agree on what follows."),
        WebBlock("heading", "une nouvelle étape", 2),
        WebBlock("paragraph", "We agree to:"),
        WebBlock("item", "open every berth"),
        WebBlock("item", "keep the logs."),
        WebBlock("paragraph", "Ports Unveil Plan"),
        WebBlock("paragraph", "Done at Tallinn."),
    ]
    seg = read(text, structure)
    assert [(b.kind, b.first) for b in seg.blocks] == [
        ("flag", 1),
        ("paragraph", 3),
        ("heading", 5),
        ("paragraph", 7),
        ("flag", 13),
        ("paragraph", 15),
    ]
    title, _, heading, lead, headline, _ = seg.blocks
    assert (title.why, title.title, title.markup) == (PAGE_TITLE, True, False)
    assert seg.metadata == {"title": "Harbour Pact"}
    assert (heading.text, heading.marked, heading.why) == ("une nouvelle étape", True, "")
    assert [(i.text, i.first, i.label) for i in lead.items] == [
        ("open every berth", 9, None),
        ("keep the logs.", 11, None),
    ]
    assert lead.last == 11
    assert headline.why.startswith("a short line without closing punctuation")


def test_an_h1_inside_the_text_is_a_heading_unless_it_repeats_the_title() -> None:
    text = _text("We, the ports, agree.", "Harbour Pact", "We meet again.", "Annex", "A list.")
    structure = [
        WebBlock("paragraph", "We, the ports, agree."),
        WebBlock("heading", "Harbour Pact", 1),
        WebBlock("paragraph", "We meet again."),
        WebBlock("heading", "Annex", 1),
        WebBlock("paragraph", "A list."),
    ]
    kinds = _kinds(text, structure, title="harbour  pact")
    assert kinds == [
        ("paragraph", 1, "We, the ports, agree."),
        ("flag", 3, PAGE_TITLE),
        ("paragraph", 5, "We meet again."),
        ("heading", 7, "Annex"),
        ("paragraph", 9, "A list."),
    ]


def test_bold_sentences_small_headings_and_site_lines_stay_what_they_were() -> None:
    text = _text(
        "We, the ports, agree.",
        "This is a bold sentence of the text, and it says so.",
        "Fine Print",
        "We meet again.",
        "Share this: Facebook",
    )
    structure = [
        WebBlock("paragraph", "We, the ports, agree."),
        WebBlock("paragraph", "This is a bold sentence of the text, and it says so.", bold=True),
        WebBlock("heading", "Fine Print", 5),
        WebBlock("paragraph", "We meet again."),
        WebBlock("heading", "Share this: Facebook", 2),
    ]
    seg = read(text, structure)
    assert [(b.kind, b.first) for b in seg.blocks] == [
        ("paragraph", 1),
        ("paragraph", 3),
        ("heading", 5),  # an <h5> is not a section's: the shapes decide (title-cased, here)
        ("paragraph", 7),
        ("flag", 9),  # the site's share line, though an <h2>
    ]
    assert not seg.blocks[2].marked


def test_a_bold_lead_in_keeps_its_list() -> None:
    text = _text("We, the ports, agree.", "We agree to:", "- open every berth;", "- part.")
    structure = [
        WebBlock("paragraph", "We, the ports, agree."),
        WebBlock("paragraph", "We agree to:", bold=True),
        WebBlock("item", "open every berth;", depth=1),
        WebBlock("item", "part.", depth=1),
    ]
    seg = read(text, structure)
    assert [(b.kind, b.text, len(b.items)) for b in seg.blocks] == [
        ("paragraph", "We, the ports, agree.", 0),
        ("paragraph", "We agree to:", 2),
    ]


def test_a_list_without_a_lead_in_is_paragraphs_their_bullets_recorded() -> None:
    text = _text("Open Berths", "- We open every berth.", "- We keep the logs.")
    structure = [
        WebBlock("heading", "Open Berths", 2),
        WebBlock("item", "We open every berth.", depth=1),
        WebBlock("item", "We keep the logs.", depth=1),
    ]
    seg = read(text, structure)
    assert [(b.kind, b.text) for b in seg.blocks] == [
        ("heading", "Open Berths"),
        ("paragraph", "We open every berth."),
        ("paragraph", "We keep the logs."),
    ]
    assert [s.before for b in seg.paragraphs for s in b.spans] == ["- We", "- We"]
    assert {s.why for b in seg.paragraphs for s in b.spans} == {BULLET}
    assert not seg.warnings


def test_lines_the_structure_does_not_have_keep_their_shapes() -> None:
    text = _text("We, the ports, agree.", "Open Berths", "We meet again.")
    assert read(text, []) == read(text, [WebBlock("paragraph", "Something else entirely.")])
    kinds = _kinds(text, [])
    assert [k for k, _, _ in kinds] == ["paragraph", "heading", "paragraph"]


def test_a_list_inside_an_item_is_read_as_one_list_with_a_warning() -> None:
    raw = (
        b"<html><body><article><p>We, the ports gathered here, agree on all that follows.</p>"
        b"<p>We agree to:</p><ol><li>open every berth;<ul><li>by day;</li></ul></li>"
        b"<li>keep the logs.</li></ol><p>Done at Tallinn on the third day.</p>"
        b"</article></body></html>"
    )
    seg = read(text_of(raw, "pact.html"), structure_of(raw))
    lead = seg.paragraphs[1]
    assert [i.text for i in lead.items] == ["open every berth;", "by day;", "keep the logs."]
    assert seg.warnings == [
        "line 7: an item of a list inside a list item is read as one more item of the outer "
        "list; nest it by hand if the text needs it"
    ]


def test_an_ordered_list_holds_to_a_lead_in_only_after_a_colon() -> None:
    text = _text("We, the ports, agree.", "- We open every berth.", "- We keep the logs.")
    structure = [
        WebBlock("paragraph", "We, the ports, agree."),
        WebBlock("item", "We open every berth.", depth=1, ordered=True),
        WebBlock("item", "We keep the logs.", depth=1, ordered=True),
    ]
    seg = read(text, structure)
    assert [(b.text, len(b.items)) for b in seg.paragraphs] == [
        ("We, the ports, agree.", 0),
        ("We open every berth.", 0),
        ("We keep the logs.", 0),
    ]
    colon = text.replace("agree.", "agree to:")
    structure[0] = WebBlock("paragraph", "We, the ports, agree to:")
    assert [len(b.items) for b in read(colon, structure).paragraphs] == [2]
