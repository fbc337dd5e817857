"""What an HTML page links to among its build's outputs (outputs.alternates): the plan's own
rule, so every link lands on a file the same build makes."""

from __future__ import annotations

from pathlib import Path

from briefgen.build.pipeline import plan
from briefgen.model.declaration import Declaration
from briefgen.outputs import alternates
from briefgen.sources.load import load_all
from tests.support.projects import correct_word, make_work


def works(tmp_path: Path, correct: bool = False) -> list[Declaration]:
    source = make_work(
        tmp_path,
        {"en": ["One.", "By night the harbour lights stay lit."], "fr": ["Un.", "La nuit."]},
        languages={"fr": "fr"},
    )
    if correct:
        correct_word(source, "p2", "en", "lights", "lamps")
    return load_all(tmp_path / "sources", tmp_path)


def test_every_link_is_a_file_the_plan_makes(tmp_path: Path) -> None:
    (w,) = works(tmp_path, correct=True)
    for formats, kinds in (
        (("html",), None),
        (("pdf", "docx", "html", "akn"), None),
        (("html", "pdf"), ("edition",)),
        (("html", "docx"), ("comparison", "notice")),
    ):
        made = {o.path for o in plan([w], formats, set(kinds) if kinds else None)}
        for o in plan([w], formats, set(kinds) if kinds else None):
            if o.format != "html":
                continue
            for a in alternates(w, o.kind, o.expressions, "html", formats, kinds):
                assert f"{w.id}/{a.file}" in made, (formats, kinds, o.path, a)


def test_an_edition_links_to_the_notice_only_when_its_text_was_corrected(tmp_path: Path) -> None:
    (w,) = works(tmp_path, correct=True)
    every = ("html", "pdf")
    en = alternates(w, "edition", ("en",), "html", every, None)
    fr = alternates(w, "edition", ("fr",), "html", every, None)
    assert [(a.role, a.file) for a in en] == [
        ("format", "edition-en.pdf"),
        ("record", "citations.json"),
        ("record", "citations.bib"),
        ("record", "citations.ris"),
        ("notice", "notice.html"),
    ]
    assert [a.role for a in fr] == ["format", "record", "record", "record"]
    # an export made of editions only (Akoma Ntoso) is one of an edition's formats, not of a
    # comparison's
    akn = ("html", "akn")
    assert [a.file for a in alternates(w, "edition", ("en",), "html", akn, ("edition",))] == [
        "edition-en.akn.xml"
    ]
    assert alternates(w, "comparison", ("en", "fr"), "html", akn, ("comparison",)) == []
