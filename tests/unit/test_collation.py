"""Collation on small captures written here: every word once, in order (docs/collation.md)."""

from __future__ import annotations

from typing import Any

from briefgen.model.source import Source
from briefgen.sources.collation import collate

PARAS = ["We agree on one thing.", "We note another thing.", "We close the meeting."]
HEADER, POST, FOOTER = "Site header", "A post: look at this", "Copyright the site"
CAPTURE = f"{HEADER}\n\n{PARAS[0]}\n\n{PARAS[1]}\n\n{POST}\n\n{PARAS[2]}\n\n{FOOTER}\n"


def removal(iv_id: str, text: str, **at: str) -> dict[str, Any]:
    return {"id": iv_id, "capture": "c", "action": "remove", "at": at, "text": text, "reason": "R."}


def source(paras: list[str | dict[str, bool]] | None = None, **at: dict[str, str]) -> Source:
    """A work of three paragraphs whose capture has a header, a post after para 2, a footer."""
    places = {"header": {"before": "p1"}, "post": {"after": "p2"}, "footer": {"after": "p3"}}
    places |= at
    texts = [("header", HEADER), ("post", POST), ("footer", FOOTER)]
    data = {
        "format": "briefgen/1",
        "work": {"id": "w", "title": "W", "adopted": "2024-01-01", "place": "P", "issuer": "I",
                 "original_language": "en"},
        "edition": {"date": "2026-01-01", "editors": "test"},
        "captures": [{"id": "c", "file": "c.txt", "sha256": "0" * 64, "publisher": "P",
                      "title": "T", "url": "u", "published": None, "content": "x"}],
        "expressions": [{"id": "en", "language": "en", "name": "E", "title": "W",
                         "authoritative": True, "capture": "c"}],
        "sections": [{"id": "s", "number": None, "heading": None}],
        "interventions": [removal(k, t, **places[k]) for k, t in texts],
        "paragraphs": [
            {"id": f"p{i}", "number": str(i), "section": "s", "text": {"en": t}}
            for i, t in enumerate(paras or PARAS, 1)
        ],
    }  # fmt: skip
    return Source.model_validate(data)


def test_a_capture_with_header_post_and_footer_recorded_collates() -> None:
    col = collate(source(), "en", CAPTURE)
    assert col.problems == []
    assert col.lines() == {"p1": (3, 3), "p2": (5, 5), "p3": (9, 9)}
    assert [label for _, _, label in col.rows()] == [
        "removed: header (R.)",
        "para 1",
        "para 2",
        "removed: post (R.)",
        "para 3",
        "removed: footer (R.)",
    ]


def test_words_left_out_are_named_with_their_capture_line() -> None:
    problems = collate(source([PARAS[0], "We note another", PARAS[2]]), "en", CAPTURE).problems
    assert problems == [
        (
            "paragraphs[1].text.en",
            "para 2 (en) leaves out words of capture 'c' (line 5): 'thing.' — add them, or "
            "record a 'remove' intervention",
        )
    ]


def test_paragraphs_out_of_order_are_caught() -> None:
    problems = collate(source([PARAS[1], PARAS[0], PARAS[2]]), "en", CAPTURE).problems
    assert problems and all("out of order" in m or "leaves out" in m for _, m in problems)


def test_a_removal_recorded_at_the_wrong_place_is_caught() -> None:
    problems = collate(source(post={"after": "p1"}), "en", CAPTURE).problems
    assert (
        "interventions[1].at",
        "removal 'post' is recorded after para 1 but capture 'c' has it between para 2 and "
        "para 3 (line 7) — record it where it stands",
    ) in problems


def test_an_absent_paragraph_takes_no_words() -> None:
    problems = collate(source([PARAS[0], {"absent": True}, PARAS[2]]), "en", CAPTURE).problems
    assert len(problems) == 1 and "(line 5): 'We note another thing.'" in problems[0][1]
