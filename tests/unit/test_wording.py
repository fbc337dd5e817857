"""How the views name an editorial intervention: by numbers and heading words, plural right."""

from __future__ import annotations

from typing import Any

import pytest

from briefgen.documents import wording
from briefgen.documents.wording import intervention
from briefgen.i18n import messages
from briefgen.model.declaration import Declaration
from briefgen.model.source import Source

EN = messages("en")


def declaration(sections: list[dict[str, Any]], interventions: list[dict[str, Any]]) -> Declaration:
    """A two-text work held in memory (no file is read): its sections and interventions."""
    data = {
        "format": "briefgen/1",
        "work": {
            "id": "w",
            "title": "A Work",
            "adopted": "2024-07-04",
            "place": "Geneva",
            "issuer": "A Test Conference",
            "original_language": "en",
        },
        "edition": {"date": "2026-01-02", "editors": "test editors"},
        "captures": [
            {
                "id": cid,
                "file": f"captures/{cid}.txt",
                "sha256": "0" * 64,
                "publisher": "P",
                "title": "T",
                "url": "https://example.org/",
                "published": None,
                "content": "Fixture.",
            }
            for cid in ("ca", "cb")
        ],
        "expressions": [
            {
                "id": e,
                "language": "en",
                "name": e,
                "title": "A Work",
                "authoritative": False,
                "capture": c,
            }
            for e, c in (("a", "ca"), ("b", "cb"))
        ],
        "sections": sections,
        "interventions": interventions,
        "paragraphs": [
            {
                "id": "first",
                "number": "7",
                "section": sections[0]["id"],
                "text": {"a": "Words.", "b": "Words."},
            },
        ],
    }
    return Declaration(Source.model_validate(data), "sources/w.yaml")


def iv(action: str, at: dict[str, str], **more: str) -> dict[str, Any]:
    return {"id": "x", "capture": "cb", "action": action, "at": at, "reason": "Why.", **more}


@pytest.mark.parametrize(
    ("words", "said"),
    [("Spliced", "Removed 1 word after para 7"), ("Two words", "Removed 2 words after para 7")],
)
def test_a_removal_counts_its_words_in_the_right_number(words: str, said: str) -> None:
    decl = declaration(
        [{"id": "main", "number": None, "heading": None}],
        [iv("remove", {"after": "first"}, text=words)],
    )
    assert intervention(EN, decl, decl.source.interventions[0]) == said


def test_a_heading_is_named_by_its_number_and_its_words_in_the_text_concerned() -> None:
    decl = declaration(
        [
            {
                "id": "stability-and-assistance",
                "number": "2",
                "heading": {"a": "[2. Keeping Things Steady]", "b": "II. Stability and Assistance"},
            }
        ],
        [iv("normalise", {"heading": "stability-and-assistance"}, before="x", after="y")],
    )
    assert intervention(EN, decl, decl.source.interventions[0]) == (
        "Normalised the heading of section 2 (“Stability and Assistance”)"
    )


def test_a_heading_without_a_number_is_quoted_and_a_long_one_cut() -> None:
    long = "A heading that goes on and on for many more words than a note needs"
    decl = declaration(
        [{"id": "closing", "number": None, "heading": {"a": long, "b": {"absent": True}}}],
        [iv("remove", {"heading": "closing"}, text="One two three")],
    )
    assert intervention(EN, decl, decl.source.interventions[0]) == (
        "Removed 3 words at the heading “A heading that goes on and on for many more …”"
    )


def test_a_section_with_neither_number_nor_words_is_named_by_its_id() -> None:
    decl = declaration(
        [{"id": "preamble", "number": None, "heading": None}],
        [iv("restore", {"heading": "preamble"}, text="[Words]")],
    )
    assert intervention(EN, decl, decl.source.interventions[0]) == (
        "Supplied the heading of section preamble"
    )


@pytest.mark.parametrize(
    ("issuer", "adoption", "said"),
    [
        ("A Test Conference", None, "Adopted at A Test Conference, Geneva, 4 July 2024"),
        (
            "Heads of State and Government of the Long River basin",
            None,
            "Adopted by the Heads of State and Government of the Long River basin, Geneva, "
            "4 July 2024",
        ),
        ("G7 Leaders", "Agreed by the G7 Leaders", "Agreed by the G7 Leaders, Geneva, 4 July 2024"),
    ],
)
def test_adoption_reads_at_a_meeting_and_by_anyone_else(
    issuer: str, adoption: str | None, said: str
) -> None:
    decl = declaration([{"id": "s", "number": None, "heading": None}], [])
    work = decl.source.work.model_copy(update={"issuer": issuer, "adoption": adoption})
    assert wording.adoption(EN, work) == said
