"""The importer's segmentation and alignment on small texts written here."""

from __future__ import annotations

import pytest

from briefgen.importer.draft import cross_likeness
from briefgen.importer.segment import heading_match, label_value, paragraph_id, segment
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
