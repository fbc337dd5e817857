"""The importer's segmentation and alignment on small texts written here."""

from __future__ import annotations

import pytest

from briefgen.importer.second import cross_likeness
from briefgen.importer.segment import heading_match, label_value, paragraph_id, segment
from briefgen.importer.short_lines import sentence_like, title_cased
from briefgen.model.source import names_a_meeting

TEXT = """1. Development

We agree that the first thing matters a great deal to all of us here today.

We note that the second thing also matters, and we say so at some length here.

2. Safety

We resolve to keep the third thing safe for everyone, now and in the future.
"""


def test_a_capture_is_cut_into_headings_and_paragraphs_with_their_lines() -> None:
    seg = segment(TEXT)
    assert [(b.kind, b.first, b.last) for b in seg.blocks] == [
        ("heading", 1, 1),
        ("paragraph", 3, 3),
        ("paragraph", 5, 5),
        ("heading", 7, 7),
        ("paragraph", 9, 9),
    ]
    assert [h.number for h in seg.headings] == ["1", "2"]
    assert seg.paragraphs[1].text.startswith("We note that the second thing")


def test_heading_labels() -> None:
    assert heading_match("IV. Strengthening participation") is not None
    assert heading_match("We agree that this is a sentence.") is None
    assert label_value("IV") == label_value("4")


def test_paragraph_ids_are_unique_slugs() -> None:
    taken: set[str] = set()
    first = paragraph_id("We agree on openness and shared benefit.", taken, "p1")
    taken.add(first)
    second = paragraph_id("We agree on openness and shared benefit.", taken, "p2")
    assert first != second and first.replace("-", "").isalnum()


def test_alignment_likeness_of_translations() -> None:
    """Shares of the whole text, the last punctuation, and the numbers and names both hold."""
    en = "In 2024 the Shanghai conference agreed as follows:"
    fr = "En 2024 la conférence de Shanghai a convenu ce qui suit :"
    assert cross_likeness(en, fr, 0.1, 0.1) == pytest.approx(1.0)
    assert cross_likeness(en, "Rien.", 0.1, 0.1) == pytest.approx(0.5)  # same share only
    assert cross_likeness(en, fr, 0.1, 0.4) < cross_likeness(en, fr, 0.1, 0.1)


@pytest.mark.parametrize(
    ("issuer", "meeting"),
    [
        ("World AI Conference 2024 and High-Level Meeting on Global AI Governance", True),
        ("Third Summit of the Americas", True),
        ("United Nations General Assembly", True),
        ("The AI Action Summit (Paris, 2025)", True),
        ("Conference of the Parties", True),
        ("Heads of State and Government of the Americas", False),
        ("Countries attending the Coastal Summit 2025", False),
        ("G7 Leaders", False),
        ("Council of Europe", False),
        ("COP28", False),
    ],
)
def test_an_issuer_names_a_meeting_by_the_head_of_its_name(issuer: str, meeting: bool) -> None:
    assert names_a_meeting(issuer) is meeting


def _short(text: str) -> list[tuple[str, str]]:
    """(kind, why) of each block of a capture that is a heading or flag between paragraphs."""
    return [(b.kind, b.why) for b in segment(text).blocks[1:] if b.kind != "paragraph"]


OPENING = "We, the members of the council, meeting today, agree as follows:\n\n"


def test_an_unnumbered_title_case_line_before_a_paragraph_is_a_heading() -> None:
    text = OPENING + "Open Data\n\nEach member will publish its data in open formats.\n"
    ((kind, why),) = _short(text)
    assert kind == "heading"
    assert why == "an unnumbered heading: a short line, title-cased, followed by a paragraph"
    assert segment(text).headings[0].number is None


@pytest.mark.parametrize(
    ("line", "before", "after", "evidence"),
    [
        (
            "Minister Hails Council Deal",  # a headline's verb
            "We agree as follows:",
            "Each member will publish its data.",
            "it reads as a sentence: it has the verb 'Hails'",
        ),
        (
            "Open Data Portal Launch",
            "Each member will publish the data it holds on water, air and soil, and the records "
            "of its inspections, together with the",
            "tools it uses, in open formats.",
            "it sits mid-paragraph: the text before it does not end a sentence",
        ),
        (
            "Open data",
            "We agree as follows:",
            "Each member will publish its data.",
            "it is not title-cased",
        ),
    ],
)
def test_a_short_line_without_the_evidence_stays_flagged_and_says_why(
    line: str, before: str, after: str, evidence: str
) -> None:
    text = f"We, the members, meet today.\n\n{before}\n\n{line}\n\n{after}\n"
    ((kind, why),) = _short(text)
    assert kind == "flag"
    assert why == (
        "a short line without closing punctuation between two paragraphs, like a headline "
        f"spliced in ({evidence})"
    )


def test_a_short_line_in_a_text_of_numbered_headings_stays_flagged() -> None:
    text = OPENING + "1. Data\n\nWe will share data.\n\nOpen Data Portal\n\nWe will keep it.\n"
    ((_, _), (kind, why)) = _short(text)
    assert kind == "flag"
    assert "the text's other headings are numbered and this line is not" in why


def test_title_case_and_sentences() -> None:
    assert title_cased("Access to Justice and the Rule of Law")
    assert title_cased("CLEAN WATER")
    assert not title_cased("Accès à la justice")
    assert not title_cased("环境保护")  # a script without case is no evidence
    assert sentence_like("Ferry Operator Unveils Electric Fleet")
    assert not sentence_like("Fisheries and Wildlife")


def test_a_cookie_notice_and_a_share_line_are_the_sites() -> None:
    text = (
        "We agree that the first thing matters a great deal to all of us here today.\n\n"
        "This site uses cookies. By continuing you accept our cookie policy.\n\n"
        "We note that the second thing also matters, and we say so at some length.\n\n"
        "Share this page: Facebook | Email\n"
    )
    seg = segment(text)
    assert [(b.kind, b.first) for b in seg.blocks] == [
        ("paragraph", 1),
        ("flag", 3),
        ("paragraph", 5),
        ("flag", 7),
    ]
    assert seg.blocks[1].why == "a cookie notice of the site"
    # a declaration that speaks of cookies in a sentence of its own is not a notice
    long = "We agree that " + "the web's cookies and their settings matter " * 6 + "to us all."
    assert [b.kind for b in segment(long + "\n").blocks] == ["paragraph"]
