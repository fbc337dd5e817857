"""The catalogue of a build folder: its view, what it reads from the manifest, the paragraphs
its search indexes, and the folder the writer replaces whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from briefgen.build.catalogue import facts, records, shelf
from briefgen.build.writer import PREFIX, write_files
from briefgen.documents.blocks import Heading, Section, Table, Text, plain, walk
from briefgen.documents.catalogue import Collected, Listed, Shelf, Shelved, catalogue, size
from briefgen.errors import BuildError
from briefgen.i18n import messages
from briefgen.outputs import SITE_KINDS
from briefgen.render.context import Context
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import edition_html
from briefgen.sources.load import load_all
from tests.support.projects import make_work

EN = messages("en")


def work(id_: str, title: str, *outputs: Listed) -> Shelved:
    return Shelved(
        id=id_,
        title=title,
        issuer="A Summit",
        adopted=date(2024, 7, 4),
        languages=("en", "fr"),
        texts={"en": "English text", "fr": "French text"},
        edition="1.0.1",
        outputs=outputs,
    )


def words_of(blocks: Any) -> str:
    out = []
    for b in walk(blocks):
        if isinstance(b, Heading):
            out.append(plain(b.content))
        if isinstance(b, Table):
            for row in (*b.head, *b.body):
                out += [plain(c.content) for c in row.cells]  # type: ignore[arg-type]
    return " | ".join(out)


def test_the_view_lists_every_work_with_each_output_format_and_size() -> None:
    shelf_ = Shelf(
        (
            work(
                "a",
                "Alpha Declaration",
                Listed("a/edition-en.html", "edition", ("en",), "html", 14_234),
            ),
            work(
                "b",
                "Beta Declaration",
                Listed("b/pack.pdf", "pack", ("en", "fr"), "pdf", 2_345_678),
            ),
        )
    )
    doc = catalogue(shelf_, EN, date(2024, 7, 5))
    said = words_of(doc.body)
    assert "Alpha Declaration" in said and "Beta Declaration" in said
    assert "Edition: English text | HTML | 14.2 kB" in said
    assert "Pack | PDF | 2.3 MB" in said
    links = [
        t
        for b in walk(doc.body)
        if isinstance(b, Table)
        for r in b.body
        for t in r.cells[0].content
    ]
    assert [t.link.target for t in links if isinstance(t, Text) and t.link] == [
        "a/edition-en.html",
        "b/pack.pdf",
    ]
    assert dict(doc.meta)["result"] == "{title}, para {number}"
    assert not [b for b in walk(doc.body) if isinstance(b, Section) and b.role == "collections"]


def test_collections_are_listed_with_their_works_and_outputs() -> None:
    matrix = Listed("collections/ai/matrix.html", "matrix", (), "html", 2_000)
    shelf_ = Shelf(
        (work("a", "Alpha Declaration"),),
        collections=(Collected("ai", "AI instruments", ("a", "gone"), (matrix,)),),
    )
    doc = catalogue(shelf_, EN, date(2024, 7, 5))
    part = next(b for b in walk(doc.body) if isinstance(b, Section) and b.role == "collections")
    said = words_of(part.children)
    assert "AI instruments" in said and "Theme matrix | HTML | 2 kB" in said
    assert "Alpha Declaration" in str(part)  # a link to the work's entry


def test_a_collections_entries_are_read_as_the_collections(tmp_path: Path) -> None:
    entries = [
        {"path": "a/brief.pdf", "work": "a", "kind": "brief", "format": "pdf", "bytes": 10},
        {
            "path": "collections/ai/pack.pdf",
            "collection": "ai",
            "kind": "collection-pack",
            "expressions": [],
            "format": "pdf",
            "bytes": 99,
        },
    ]
    got = shelf(entries, {}, tmp_path, {"ai": {"title": "AI instruments", "works": ["a"]}})
    assert [w.id for w in got.works] == ["a"]
    (c,) = got.collections
    assert (c.id, c.title, c.works, [o.size for o in c.outputs]) == (
        "ai",
        "AI instruments",
        ("a",),
        [99],
    )


def test_the_view_speaks_the_language_asked_for() -> None:
    doc = catalogue(
        Shelf((work("a", "Alpha", Listed("a/x.pdf", "brief", (), "pdf", 812)),)),
        messages("fr"),
        date(2024, 7, 5),
    )
    said = words_of(doc.body)
    assert "Catalogue" in said and "812 o" in said
    assert size(messages("fr"), 14_234) == "14,2 ko"


def test_the_shelf_is_read_from_the_manifest_with_sizes_and_facts(tmp_path: Path) -> None:
    entries = [
        {
            "path": "a/brief.pdf",
            "work": "a",
            "kind": "brief",
            "expressions": [],
            "format": "pdf",
            "bytes": 10,
        },
        {"path": "b/notice.pdf", "work": "b", "kind": "notice", "expressions": [], "format": "pdf"},
    ]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notice.pdf").write_bytes(b"x" * 33)  # an older manifest: no bytes
    works = {
        "a": {
            "title": "Zeta",
            "issuer": "I",
            "adopted": "2024-07-04",
            "languages": ["en"],
            "texts": {"en": "E"},
            "edition": "1.0.0",
            "edition_date": "2024-07-04",
        }
    }
    got = shelf(entries, works, tmp_path)
    assert [(w.id, w.title) for w in got.works] == [("b", "b"), ("a", "Zeta")]
    assert [o.size for w in got.works for o in w.outputs] == [33, 10]
    assert got.latest == date(2024, 7, 4)
    assert got.collections == ()


@pytest.fixture
def edition_page(tmp_path: Path) -> tuple[bytes, dict[str, Any]]:
    make_work(
        tmp_path,
        {"en": ["First words here.", "Second words there."], "fr": ["Premiers mots.", None]},
        languages={"fr": "fr"},
        headings={"en": "1. A part", "fr": "1. Une partie"},
    )
    decl = load_all(tmp_path / "sources", tmp_path)[0]
    page = edition_html(decl, ("fr",), Context(BUNDLED)).encode("utf-8")
    return page, facts(decl)


def test_each_numbered_paragraph_is_a_record_with_its_pinpoint(
    edition_page: tuple[bytes, dict[str, Any]], tmp_path: Path
) -> None:
    page, _ = edition_page
    assert b"data-pagefind-body" in page
    found = records("w/edition-fr.html", page, lambda title, n: f"{title} / {n}")
    # paragraph 2 is absent from the French text: it has no record
    assert [(r.url, r.content) for r in found] == [("w/edition-fr.html#para-1", "Premiers mots.")]
    assert found[0].title.endswith(" / 1")


def test_facts_say_what_the_catalogue_shows(edition_page: tuple[bytes, dict[str, Any]]) -> None:
    _, said = edition_page
    assert said["languages"] == ["en", "fr"] and said["edition"] == "1.0.0"
    assert set(said) >= {"title", "issuer", "adopted", "texts", "edition_date"}


def test_the_catalogue_is_a_site_kind_made_with_html() -> None:
    (kind,) = SITE_KINDS
    assert (kind.name, kind.file, kind.formats, kind.folder) == (
        "catalogue",
        "index.html",
        ("html",),
        "pagefind",
    )


def test_a_folder_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / "pagefind" / "old").mkdir(parents=True)
    (out / "pagefind" / "old" / "stale.pf").write_text("old")

    def fill(folder: Path) -> None:
        (folder / "new.pf").write_text("new")

    write_files([(out / "manifest.json", b"{}")], str, folder=out, trees=[(out / "pagefind", fill)])
    assert sorted(p.name for p in (out / "pagefind").rglob("*")) == ["new.pf"]
    assert not [p for p in out.iterdir() if p.name.startswith(PREFIX)]

    def fail(folder: Path) -> None:
        (folder / "half.pf").write_text("half")
        raise BuildError("pagefind: failed")

    with pytest.raises(BuildError):
        write_files(
            [(out / "manifest.json", b"{1}")], str, folder=out, trees=[(out / "pagefind", fail)]
        )
    assert sorted(p.name for p in (out / "pagefind").rglob("*")) == ["new.pf"]
    assert (out / "manifest.json").read_bytes() == b"{}"
    assert not [p for p in out.iterdir() if p.name.startswith(PREFIX)]


def test_a_killed_builds_half_made_folder_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "build"
    left = out / f"{PREFIX}abc-pagefind"
    left.mkdir(parents=True)
    (left / "x").write_text("x")
    write_files([(out / "manifest.json", b"{}")], str, folder=out)
    assert not left.exists()


def test_a_works_outputs_are_listed_in_the_order_of_the_outputs_table(tmp_path: Path) -> None:
    def entry(path: str, kind: str, expressions: list[str], fmt: str) -> dict[str, Any]:
        return {
            "path": path,
            "work": "a",
            "kind": kind,
            "expressions": expressions,
            "format": fmt,
            "bytes": 1,
        }

    entries = [
        entry("a/brief.pdf", "brief", ["en", "fr"], "pdf"),
        entry("a/citations.bib", "citation", ["en", "fr"], "bibtex"),
        entry("a/edition-fr.html", "edition", ["fr"], "html"),
        entry("a/edition-en.html", "edition", ["en"], "html"),
        entry("a/edition-en.pdf", "edition", ["en"], "pdf"),
    ]
    works = {"a": {"title": "A", "texts": {"en": "E", "fr": "F"}}}
    (got,) = shelf(entries, works, tmp_path).works
    assert [o.path for o in got.outputs] == [
        "a/edition-en.pdf",
        "a/edition-en.html",
        "a/edition-fr.html",
        "a/brief.pdf",
        "a/citations.bib",
    ]
