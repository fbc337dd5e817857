"""Corrections keep editions citable: versions follow from the record, numbers never move."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.pdf import text_of
from tests.support.projects import (
    NEW,
    OLD,
    TYPO,
    WORK,
    Project,
    correct_typo,
    edit,
    line_of,
    paragraph,
)


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project(tmp_path_factory.mktemp("corrected"))
    edit(project, correct_typo)
    result = project.cli("build", "--format", "html", "--format", "pdf", "--format", "docx")
    assert result.returncode == 0, result.stderr
    return project


def test_a_typo_makes_a_patch_edition_of_that_text_only(corrected: Project) -> None:
    out = corrected.root / "build" / WORK
    one_ai = (out / "edition-en-1ai.html").read_text("utf-8")
    xinhua = (out / "edition-en-xinhua.html").read_text("utf-8")
    assert "briefgen edition 1.0.1 · 22 November 2026" in one_ai
    assert "briefgen edition 1.0.0 · 21 November 2026" in xinhua
    assert "Corrections" not in xinhua
    note = re.search(r'<h2 id="corrections"[^>]*>Corrections</h2>(.*?)</ol>', one_ai, re.S)
    assert note and "Edition 1.0.1, 22 November 2026, para 16 (typo)." in note.group(1)
    assert "“etc. to” became “etc., to”." in note.group(1)
    cite = corrected.cli("cite", WORK, "16", "-e", "en-1ai").stdout
    assert cite.endswith("para 16 (1AI English translation; briefgen edition 1.0.1)\n")


def test_the_notice_says_what_changed_word_by_word(corrected: Project) -> None:
    out = corrected.root / "build" / WORK
    html = (out / "notice.html").read_text("utf-8")
    assert "Edition 1.0.1 of 22 November 2026 replaces edition 1.0.0 of 21 November 2026" in html
    assert "<del>etc.</del>" in html and "<ins>etc.,</ins>" in html
    assert "Para 16 — 1AI English translation (typo)" in html
    assert "Correction notice: edition 1.0.1" in text_of(out / "notice.pdf")
    manifest = (corrected.root / "build" / "manifest.json").read_text("utf-8")
    assert '"kind": "notice"' in manifest


def test_the_notice_is_one_document_in_every_format(corrected: Project) -> None:
    """The notice's words are the view's (documents/notice.py): the same in DOCX as in HTML
    and PDF, with the redline as Word's deleted and inserted character styles."""
    import docx

    from tests.support.ooxml import problems

    out = corrected.root / "build" / WORK
    document = docx.Document(str(out / "notice.docx"))
    words = "\n".join(p.text for p in document.paragraphs)
    html, pdf = (out / "notice.html").read_text("utf-8"), text_of(out / "notice.pdf")
    for said in (
        "Correction notice: edition 1.0.1",
        "Edition 1.0.1 of 22 November 2026 replaces edition 1.0.0 of 21 November 2026. "
        "Paragraph numbers are unchanged: a citation of “para 16” in the earlier edition means "
        "the same paragraph now.",
        "Para 16 — 1AI English translation (typo)",
        "A comma is missing after etc.",
    ):
        assert said in words and said in html and said in pdf, said
    marked = {
        r.text: r.style.name
        for p in document.paragraphs
        for r in p.runs
        if r.style.name in ("Deleted Text", "Inserted Text")
    }
    assert marked == {
        "struck through": "Deleted Text",
        "underlined": "Inserted Text",
        "etc.": "Deleted Text",
        "etc.,": "Inserted Text",
    }
    assert document.core_properties.title == (
        "Correction notice: Shanghai Declaration on Global AI Governance, briefgen edition 1.0.1"
    )
    found = problems(out / "notice.docx")
    assert {part: errors for part, errors in found.items() if errors} == {}


def test_brief_says_which_editions_it_rests_on(corrected: Project) -> None:
    text = text_of(corrected.root / "build" / WORK / "brief.pdf")
    assert (
        "Rests on briefgen edition 1.0.1 of 22 November 2026 (Xinhua English text 1.0.0, "
        "1AI English translation 1.0.1)"
    ) in text


def test_changes_lists_the_corrections(corrected: Project) -> None:
    result = corrected.cli("changes", WORK)
    assert result.stdout == (
        "1.0.1  2026-11-22  1AI English translation · para 16  typo: "
        "“etc. to” → “etc., to”. A comma is missing after etc.\n"
    )
    later = corrected.cli("changes", WORK, "--since", "1.0.1")
    assert later.stdout == f"{WORK}: no corrections since edition 1.0.1; current edition 1.0.1\n"


def test_an_unrecorded_edit_is_caught(project: Project) -> None:
    edit(
        project,
        lambda d: paragraph(d, "international-cooperation-on-testing")["text"].update(
            {
                "en-1ai": paragraph(d, "international-cooperation-on-testing")["text"][
                    "en-1ai"
                ].replace(OLD, NEW)
            }
        ),
    )
    result = project.cli("check")
    assert result.returncode == 1
    line = line_of(project.capture("c001"), OLD)
    assert result.stderr.endswith(
        f"paragraphs[15].text.en-1ai: para 16 (en-1ai) differs from capture 'c001' at line {line} "
        "(the capture has: 'etc. to share AI testing, evaluation, …') and no "
        "intervention or correction explains it; first differing words: 'etc., to share AI "
        "testing, evaluation, certification and …'\n"
    )


def test_a_record_that_does_not_match_the_text_is_refused(project: Project) -> None:
    edit(project, lambda d: d.update(corrections=[TYPO]))  # recorded, but text not changed
    result = project.cli("check")
    assert result.returncode == 1
    assert (
        "corrections[0].after: not found in para 16 (en-1ai); the record must match the "
        "text as corrected" in result.stderr
    )


def test_a_new_paragraph_is_a_minor_edition_with_its_own_number(project: Project) -> None:
    def insert(data: dict[str, Any]) -> None:
        new = {
            "id": "closing-addendum",
            "number": "21A",
            "section": "quality-of-life",
            "text": {"en-xinhua": {"absent": True}, "en-1ai": {"absent": True}},
        }
        data["paragraphs"].insert(20, new)
        data["corrections"] = [
            {
                "date": "2026-11-23",
                "paragraphs": ["closing-addendum"],
                "type": "omission",
                "change": "new-paragraph",
                "reason": "A paragraph found missing from both captures.",
            }
        ]

    edit(project, insert)
    result = project.cli("check")
    assert result.returncode == 0, result.stderr
    assert "edition 1.1.0" in result.stdout


def test_a_withdrawn_paragraph_keeps_its_number(project: Project) -> None:
    def withdraw(data: dict[str, Any]) -> None:
        paragraph(data, "illegal-use-and-personal-information")["withdrawn"] = True
        data["corrections"] = [
            {
                "date": "2026-11-23",
                "expression": None,
                "paragraphs": ["illegal-use-and-personal-information"],
                "type": "spliced-in text",
                "change": "withdrawal",
                "reason": "Found not to be part of the declaration.",
            }
        ]

    edit(project, withdraw)
    result = project.cli("build", "--format", "html", "--kind", "edition")
    assert result.returncode == 0, result.stderr
    html = (project.root / "build" / WORK / "edition-en-xinhua.html").read_text("utf-8")
    assert (
        '<p class="para absent" id="para-13" data-block="numbered"><span class="num">13</span>'
        '<span class="body">'
        "[withdrawn]</span></p>"
    ) in html
    assert "briefgen edition 2.0.0" in html
    assert 'id="para-14"' in html  # the numbers after it do not move


def _remove_recorded(data: dict[str, Any], index: int) -> None:
    """Take a paragraph out, recording its words as removed so that the collation passes."""
    p = data["paragraphs"].pop(index)
    for e in data["expressions"]:
        data["interventions"].append(
            {
                "id": f"{p['id']}-{e['id']}",
                "capture": e["capture"],
                "action": "remove",
                "at": {"before": data["paragraphs"][index]["id"]},
                "text": p["text"][e["id"]],
                "reason": "Held by the editors not to be part of the text.",
            }
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: paragraph(d, "closing").update(number="23"),
            "paragraphs[21].number: 'closing' was published as para 22; its number cannot "
            "become 23",
        ),
        (
            lambda d: _remove_recorded(d, 16),
            "paragraphs: para 17 ('regulation-and-accountability') was published and cannot be "
            "removed; keep it and mark it 'withdrawn: true'",
        ),
    ],
)
def test_published_numbers_cannot_change(project: Project, change: Any, message: str) -> None:
    edit(project, change)
    result = project.cli("check")
    assert result.returncode == 1
    assert message in result.stderr


def test_a_published_number_cannot_be_reused(project: Project) -> None:
    def reuse(data: dict[str, Any]) -> None:  # a new paragraph takes the number of para 22
        paragraph(data, "closing")["number"] = "22A"
        absent = {e["id"]: {"absent": True} for e in data["expressions"]}  # text is not at issue
        new = dict(paragraph(data, "closing"), id="closing-renamed", number="22", text=absent)
        data["paragraphs"].append(new)

    edit(project, reuse)
    result = project.cli("check")
    assert result.returncode == 1
    assert (
        "para 22 was published for 'closing'; give 'closing-renamed' a number of its own, "
        "such as 22A" in result.stderr
    )
    assert "'closing' was published as para 22; its number cannot become 22A" in result.stderr
