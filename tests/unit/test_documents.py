"""The document model: each view's words exist once, and every format writes the same words."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from briefgen.documents import edition as edition_view
from briefgen.documents.blocks import Heading, Numbered, Section, plain, walk
from briefgen.model.declaration import Declaration
from briefgen.render.context import Context
from briefgen.render.docx import renderer as docx_renderer
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import edition_html
from briefgen.sources.load import load_all
from tests.support.projects import make_work


@pytest.fixture
def decl(tmp_path: Path) -> Declaration:
    make_work(
        tmp_path,
        {"en": ["First words.", "Second words."], "fr": ["Premiers mots.", None]},
        languages={"fr": "fr"},
        headings={"en": "1. A part", "fr": "1. Une partie"},
    )
    return load_all(tmp_path / "sources", tmp_path)[0]


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_one_label_changed_changes_html_and_docx(decl: Declaration, tmp_path: Path) -> None:
    """The edition's words are made once, in the view, from the text's catalogue: a project's
    catalogue that changes one message changes it in both formats."""
    templates = tmp_path / "templates"
    (templates / "locale").mkdir(parents=True)
    (templates / "locale" / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "[This paragraph is not present in this text.]"\n'
        'msgstr "[Absent de cette version linguistique.]"\n',
        "utf-8",
    )
    ctx = Context(templates)
    html = edition_html(decl, ("fr",), ctx)
    word = docx_text(docx_renderer.edition(decl, ("fr",), ctx))
    assert "[Absent de cette version linguistique.]" in html
    assert "[Absent de cette version linguistique.]" in word
    assert "[Ce paragraphe ne figure pas dans ce texte.]" not in html + word
    assert "Citer comme" in html and "Citer comme" in word  # the rest: briefgen's catalogue


def test_the_edition_view_holds_the_text_in_order(decl: Declaration) -> None:
    doc = edition_view.edition(decl, "fr")
    numbered = [b for b in walk(doc.body) if isinstance(b, Numbered)]
    assert [(b.number, plain(b.content), b.absent) for b in numbered] == [
        ("1", "Premiers mots.", False),
        ("2", "[Ce paragraphe ne figure pas dans ce texte.]", True),
    ]
    assert [b.anchor for b in numbered] == ["para-1", "para-2"]
    headings = [plain(b.content) for b in walk(doc.body) if isinstance(b, Heading)]
    assert headings[:2] == ["Test Declaration (fr)", "1. Une partie"]
    assert doc.lang == "fr"
    assert all(isinstance(b, Section) for b in doc.body)


def test_docx_and_html_say_the_same_front_matter(decl: Declaration) -> None:
    """Every fact of the edition's front matter is in both formats, label and words."""
    ctx = Context(BUNDLED)
    html = edition_html(decl, ("en",), ctx)
    word = docx_text(docx_renderer.edition(decl, ("en",), ctx))
    doc = edition_view.edition(decl, "en")
    from briefgen.documents.blocks import Facts

    facts = next(b for b in walk(doc.body) if isinstance(b, Facts))
    for fact in facts.items:
        words = plain(fact.content)
        assert f"{fact.label}: {words}" in word
        assert fact.label in html
    assert "0 editorial interventions" in word and "0 editorial interventions" in html
