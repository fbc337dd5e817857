"""The comparison and the brief as views: their sentences are made once, so HTML and DOCX say
the same words (and the DOCX no longer drifts: legend, missing paragraphs, provenance)."""

from __future__ import annotations

import html as html_lib
import io
import re
from pathlib import Path

import docx
import pytest

from briefgen.documents import brief as brief_view
from briefgen.documents import comparison as comparison_view
from briefgen.documents.blocks import Note, Para, Table, plain, walk
from briefgen.model.declaration import Declaration
from briefgen.render.context import Context, stamp
from briefgen.render.docx import renderer as docx_renderer
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import brief_html, comparison_html
from briefgen.sources.load import load_all
from tests.support.projects import make_work

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ("en-a", "en-b", "en-c")


@pytest.fixture
def three(tmp_path: Path) -> Declaration:
    """Three English texts; the second lacks paragraph 2."""
    make_work(
        tmp_path,
        {
            "en-a": ["We agree to act together.", "We will meet again."],
            "en-b": ["We agree to work together.", None],
            "en-c": ["We all agree to act.", "We shall meet again."],
        },
    )
    return load_all(tmp_path / "sources", tmp_path)[0]


@pytest.fixture(scope="module")
def bundled() -> Declaration:
    return next(d for d in load_all(ROOT / "sources", ROOT) if d.id == "shanghai-declaration-2024")


def html_text(page: str) -> str:
    """Return the words of an HTML page's body, as a reader sees them."""
    body = page.split("<body", 1)[1].split(">", 1)[1]
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", body)).split())


def docx_text(data: bytes) -> str:
    """Return the words of a Word document, its tables' cells included."""
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join([p.text for p in document.paragraphs] + cells).split())


def words(para: Para) -> str:
    return " ".join(plain(para.content).split())


def test_comparison_sentences_are_the_same_in_html_and_docx(three: Declaration) -> None:
    ctx = Context(BUNDLED)
    doc = comparison_view.comparison(three, TEXTS)
    legend = next(b for b in walk(doc.body) if isinstance(b, Para) and b.role == "legend small")
    summary = next(b for b in walk(doc.body) if isinstance(b, Note) and b.anchor == "summary")
    said = [words(legend), *(words(p) for p in summary.children if isinstance(p, Para))]
    page = html_text(comparison_html(three, TEXTS, ctx))
    word = docx_text(docx_renderer.comparison(three, TEXTS, ctx))
    for sentence in said:
        assert sentence in page
        assert sentence in word
    # three texts: the legend of several texts, and the sentence on missing paragraphs
    assert "Each text is marked against the Text en-a:" in words(legend)
    assert "struck through" not in word
    assert "1 paragraph is missing from at least one text." in word


def test_one_word_changed_in_the_brief_view_changes_both_formats(
    bundled: Declaration, tmp_path: Path
) -> None:
    """A project's English catalogue that words one message otherwise changes both formats."""
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "en.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "{n} intervention"\nmsgid_plural "{n} interventions"\n'
        'msgstr[0] "{n} edit by the editors"\nmsgstr[1] "{n} edits by the editors"\n',
        "utf-8",
    )
    ctx = Context(tmp_path)
    page = html_text(brief_html(bundled, ctx))
    word = docx_text(docx_renderer.brief(bundled, (), ctx))
    assert "7 edits by the editors" in page and "7 edits by the editors" in word
    assert "7 interventions" not in page + word


def test_brief_provenance_is_worded_once(bundled: Declaration) -> None:
    ctx = Context(BUNDLED)
    doc = brief_view.brief(bundled, stamp(bundled, ctx, with_brief=True))
    head = next(b for b in walk(doc.body) if isinstance(b, Para) and b.role == "prov-head")
    table = next(b for b in walk(doc.body) if isinstance(b, Table))
    labels = [plain(c.content) for c in table.head[0].cells]  # type: ignore[arg-type]
    page = html_text(brief_html(bundled, ctx))
    word = docx_text(docx_renderer.brief(bundled, (), ctx))
    sentence = words(head)
    assert sentence.startswith(
        "Provenance. Rests on briefgen edition 1.0.0 of 21 November 2026 (Xinhua English text "
        "1.0.0, 1AI English translation 1.0.0);"
    )
    assert sentence in page and sentence in word
    assert "Capture dated" in labels
    for label in labels[:-1]:
        assert label in page and label in word
    # the hash column: whole on screen, its first 12 digits on paper, and the heading says so
    assert labels[-1] == "SHA-256 of the captureSHA-256 (first 12 digits)"
    assert "SHA-256 of the capture" in page and "SHA-256 (first 12 digits)" in word
    assert "a57a7bb13f16ed0d53864b5c7a2ca022f8f568e21e397f7a44e9dd9ceedd5252" in page
    assert "a57a7bb13f16…" in word and "a57a7bb13f16e" not in word
    assert "Each SHA-256 is given in full in the HTML brief and the source file." in word
    assert "Published" not in word
