"""Every word around a text in that text's language: the six-language work built as a user
builds it, each edition read back in HTML, PDF and DOCX; `cite`; a comparison with --lang; a
project's own catalogue."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from pikepdf import Pdf

from tests.support.pdf import text_of
from tests.support.projects import run_cli
from tests.support.six import TITLES, six_language_work

WORK = "port-lumen"

#: What each edition must say, in its own language: "Cite as", "Editorial note", the edition's
#: date (2 January 2026), the running head of its one page and its page footer.
SAYS = {
    "fr": ("Citer comme suit", "Note éditoriale", "2 janvier 2026", "Page 1 sur 1"),
    "ar": ("يُستشهد به كما يلي", "ملاحظة تحريرية", "2 يناير 2026", "الصفحة 1 من 1"),
    "zh": ("引用格式", "编者说明", "2026年1月2日", "第1页，共1页"),
    "ru": ("Ссылка", "Редакционное примечание", "2 января 2026\u202fг.", "Страница 1 из 1"),
}
#: English furniture none of them may carry (as whole words: "Paragraphe" is French). French
#: writes "Source" as English does, and "Page".
ENGLISH = ("Cite as", "Editorial note", "Paragraph", "Source", "Status", "This text", "Page")
SAME_IN = {"fr": {"Source", "Page"}}


def english_in(text: str, lang: str) -> list[str]:
    words = [w for w in ENGLISH if w not in SAME_IN.get(lang, set())]
    return [w for w in words if re.search(rf"\b{re.escape(w)}\b", text)]


def docx_text(path: Path) -> str:
    """The words of a Word document: its body and its footer (fields' results aside)."""
    document = docx.Document(str(path))
    footers = [p.text for s in document.sections for p in s.footer.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + footers)


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("six")
    six_language_work(root)
    built = run_cli("build", "-f", "html", "-f", "pdf", "-f", "docx", "--kind", "edition", cwd=root)
    assert built.returncode == 0, built.stderr
    return root


@pytest.mark.parametrize("lang", sorted(SAYS))
def test_an_edition_speaks_its_texts_language_in_every_format(six: Path, lang: str) -> None:
    cite, note, day, _ = SAYS[lang]
    out = six / "build" / WORK
    page = (out / f"edition-{lang}.html").read_text("utf-8")
    word = docx_text(out / f"edition-{lang}.docx")
    # the PDF's text as a reader copies it (white space folded; Arabic, laid out right to left,
    # is read back in logical order by the tests of right-to-left layout)
    pdf = text_of(out / f"edition-{lang}.pdf") if lang != "ar" else ""
    for text in (page, word, pdf):
        if text:
            assert cite in text and note in text and " ".join(day.split()) in " ".join(text.split())
        assert english_in(text, lang) == []
    assert f'<html lang="{lang}"' in page
    title = TITLES[lang].replace("'", "&#39;")  # as Jinja escapes it
    assert f'<meta name="citation_title" content="{title}">' in page  # its own title


@pytest.mark.parametrize("lang", sorted(SAYS))
def test_the_pdf_and_docx_carry_the_language_and_the_texts_title(six: Path, lang: str) -> None:
    out = six / "build" / WORK
    with Pdf.open(out / f"edition-{lang}.pdf") as pdf:
        assert str(pdf.Root.Lang) == lang
        assert str(pdf.docinfo["/Title"]).startswith(TITLES[lang])
    if lang != "ar":
        assert SAYS[lang][3] in text_of(out / f"edition-{lang}.pdf")  # the footer
    with zipfile.ZipFile(out / f"edition-{lang}.docx") as z:
        footer = "".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
    assert "Page " not in footer or lang == "fr"
    properties = docx.Document(str(out / f"edition-{lang}.docx")).core_properties
    assert properties.language == lang and properties.title.startswith(TITLES[lang])


def test_cite_prints_the_citation_in_the_texts_language_under_its_own_title(six: Path) -> None:
    said = run_cli("cite", WORK, "3", "--expression", "fr", cwd=six)
    assert said.returncode == 0, said.stderr
    assert said.stdout == (
        "Déclaration de Port Lumen sur l'observation des océans (Geneva, 4 juillet 2024), "
        "par. 3 (Text fr\u00a0; édition briefgen 1.0.0)\n"
    )
    chinese = run_cli("cite", WORK, "3", "--expression", "zh", cwd=six)
    assert chinese.stdout == (
        "关于海洋观测的卢门港宣言（Geneva，2024年7月4日）第3段（Text zh；briefgen 第1.0.0版）\n"
    )


def test_a_comparison_speaks_the_language_asked_for(tmp_path: Path) -> None:
    six_language_work(tmp_path)
    built = run_cli("build", "--format", "html", "--kind", "comparison", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (page,) = (tmp_path / "build" / WORK).glob("comparison-*.html")
    english = page.read_text("utf-8")
    assert "Summary." in english and '<html lang="en"' in english

    again = run_cli(
        "build", "--format", "html", "--kind", "comparison", "--lang", "fr", cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr
    french = page.read_text("utf-8")
    assert '<html lang="fr"' in french
    for said in ("Résumé.", ">Par.<", "comparaison des traductions", "2 janvier 2026"):
        assert said in french, said
    assert "Summary." not in french and "Para<" not in french

    # the project's lang says the same, and --lang wins over it
    (tmp_path / "briefgen.toml").write_text('lang = "es"\n', "utf-8")
    run_cli("build", "--format", "html", "--kind", "comparison", cwd=tmp_path)
    assert "Resumen." in page.read_text("utf-8")
    bad = run_cli("build", "--lang", "French!", cwd=tmp_path)
    assert bad.returncode == 1 and "not a language code" in bad.stderr


def test_a_project_catalogue_overrides_one_message(tmp_path: Path) -> None:
    six_language_work(tmp_path)
    locale = tmp_path / "templates" / "locale"
    locale.mkdir(parents=True)
    (locale / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Cite as"\nmsgstr "Référence"\n',
        "utf-8",
    )
    built = run_cli("build", "-f", "html", "-f", "docx", "--kind", "edition", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    out = tmp_path / "build" / WORK
    page = (out / "edition-fr.html").read_text("utf-8")
    word = docx_text(out / "edition-fr.docx")
    for text in (page, word):
        assert "Référence" in text and "Citer comme suit" not in text
        assert "Note éditoriale" in text  # every other message: briefgen's own catalogue
    assert "Cite as" in (out / "edition-en.html").read_text("utf-8")  # English unchanged


def test_a_broken_project_catalogue_is_one_line(tmp_path: Path) -> None:
    six_language_work(tmp_path)
    (tmp_path / "templates" / "locale").mkdir(parents=True)
    (tmp_path / "templates" / "locale" / "fr.po").write_text('msgid "Cite as\nmsgstr "x"\n')
    failed = run_cli("build", "--format", "html", "--kind", "edition", cwd=tmp_path)
    assert failed.returncode == 1
    (line,) = failed.stderr.strip().splitlines()
    assert "fr.po" in line and "Traceback" not in failed.stderr


def test_a_pack_speaks_the_language_asked_for(tmp_path: Path) -> None:
    """The pack's own parts (cover, contents, provenance) in French; each edition in it in its
    text's language; the comparison's notes of what differs between languages in French."""
    six_language_work(tmp_path)
    built = run_cli("build", "-f", "docx", "--kind", "pack", "--lang", "fr", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    said = docx_text(tmp_path / "build" / WORK / "pack.docx")
    for words in (
        "Dossier d'information",
        "Table des matières",
        "Appendice\u00a0: provenance",
        "Saisies",
        "Ghana (GH)\u00a0: mentionné dans",
        "Редакционное примечание",  # the Russian edition, in Russian
    ):
        assert words in said, words
    assert "Briefing pack" not in said and "What is inside" not in said
