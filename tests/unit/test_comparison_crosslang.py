"""The comparison across languages: what differs is noted on its row and in the summary,
the summary no longer explains a similarity it does not show, and the pack's cover says what
the comparison marks. Texts of one language keep their word-level marks (the bundled
comparison's golden files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from briefgen.documents.blocks import List, Note, Para, Row, Table, Text, plain, walk
from briefgen.documents.comparison import comparison
from briefgen.documents.pack_parts import front
from briefgen.model.declaration import Declaration
from briefgen.sources.load import load
from tests.support.projects import make_work
from tests.support.six import TEXTS, six_language_work


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> Declaration:
    root = tmp_path_factory.mktemp("six")
    return load(six_language_work(root), root)


def rows(doc_body: tuple[object, ...]) -> dict[str, Row]:
    table = next(b for b in walk(doc_body) if isinstance(b, Table) and b.role == "aligned")  # type: ignore[arg-type]
    return {r.anchor: r for r in table.body if r.anchor}


def notes(row: Row) -> list[str]:
    out = []
    for cell in row.cells:
        content = cell.content
        if content and isinstance(content[0], Text):
            out += [t.text for t in content if isinstance(t, Text) and t.role == "differs"]
    return out


def summary(doc_body: tuple[object, ...]) -> str:
    note = next(b for b in walk(doc_body) if isinstance(b, Note) and b.anchor == "summary")  # type: ignore[arg-type]
    return " ".join(plain(p.content) for p in note.children if isinstance(p, Para))


def test_french_against_english_notes_the_country_number_and_year_on_their_rows(six) -> None:  # type: ignore[no-untyped-def]
    doc = comparison(six, ("fr", "en"))
    by_row = {anchor: notes(r) for anchor, r in rows(doc.body).items()}
    assert by_row == {
        "row-1": [],
        "row-2": ["[Ghana (GH): named in Text en, absent in Text fr]"],
        "row-3": ["[number: 45 in Text fr, 40 in Text en]"],
        "row-4": ["[year: 2031 in Text fr, 2030 in Text en]"],
        "row-5": [],
        "row-6": [],
    }
    marked = [a for a, r in rows(doc.body).items() if "differs" in plain(r.cells[0].content)]  # type: ignore[arg-type]
    assert marked == ["row-2", "row-3", "row-4"]


def test_the_summary_lists_the_differences_and_not_a_similarity(six) -> None:  # type: ignore[no-untyped-def]
    said = summary(comparison(six, ("fr", "en")).body)
    assert "Similarity is the share" not in said
    assert "3 differences: para 2: Ghana (GH): named in Text en, absent in Text fr;" in said
    assert "para 4: year: 2031 in Text fr, 2030 in Text en." in said


def test_all_six_texts_name_french_as_the_odd_one(six) -> None:  # type: ignore[no-untyped-def]
    doc = comparison(six, tuple(TEXTS))
    assert notes(rows(doc.body)["row-2"]) == [
        "[Ghana (GH): named in Text en, Text es, Text ru, Text zh and Text ar, absent in Text fr]"
    ]


def test_a_faithful_pair_says_they_agree(six) -> None:  # type: ignore[no-untyped-def]
    doc = comparison(six, ("en", "ru"))
    assert all(notes(r) == [] for r in rows(doc.body).values())
    assert "they agree in every paragraph" in summary(doc.body)


def test_texts_of_one_language_keep_the_similarity_and_have_no_notes(tmp_path: Path) -> None:
    path = make_work(tmp_path, {"a": ["We have 40 buoys."], "b": ["We keep 45 buoys."]})
    doc = comparison(load(path, tmp_path), ("a", "b"))
    assert "Similarity is the share" in summary(doc.body)
    assert "Between the languages" not in summary(doc.body)
    assert all(notes(r) == [] for r in rows(doc.body).values())


def test_the_pack_cover_says_what_the_comparison_marks(six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def inside(decl: Declaration) -> str:
        body = front(decl, date(2026, 1, 2), True).body
        lists = [b for b in walk(body) if isinstance(b, List) and b.role == "inside"]
        return " ".join(plain(i.content) for li in lists for i in li.items)  # type: ignore[arg-type]

    assert "the numbers, dates, names and counts that differ between languages noted" in inside(six)
    assert "words that differ marked" not in inside(six)
    path = make_work(tmp_path, {"a": ["One."], "b": ["Two."]})
    assert "with the words that differ marked" in inside(load(path, tmp_path))


def test_the_brief_cites_what_differs_between_languages(tmp_path: Path) -> None:
    from briefgen.documents.brief import brief
    from briefgen.sources.load import load_all

    six_language_work(tmp_path)
    points = "".join(f"  - text: Point {n}.\n    cites: [p{n}]\n" for n in range(1, 6))
    (tmp_path / "sources" / "port-lumen.brief.yaml").write_text(
        "format: briefgen-brief/1\nwork: port-lumen\ndate: 2026-05-20\n"
        "headline: Buoys for all\nsummary: Ministers agree to watch the sea.\n"
        f"key_points:\n{points}"
        "translation_note: The six texts are equally authentic.\n",
        "utf-8",
    )
    (decl,) = load_all(tmp_path / "sources", tmp_path)
    body = brief(decl, date(2026, 5, 21)).body
    note = next(b for b in walk(body) if isinstance(b, Para) and b.role == "note")
    assert plain(note.content) == (
        "The six texts are equally authentic. Between the languages: "
        "para 2: Ghana (GH): named in Text en, Text es, Text ru, Text zh and Text ar, "
        "absent in Text fr; para 3: number: 40 in Text en, Text es, Text ru, Text zh and "
        "Text ar; 45 in Text fr; para 4: year: 2030 in Text en, Text es, Text ru, Text zh "
        "and Text ar; 2031 in Text fr."
    )
    links = [t.link.target for t in note.content if t.link]
    assert links == ["2", "3", "4"]


def test_an_item_of_an_item_is_compared_and_noted_on_its_own_row(tmp_path: Path) -> None:
    en = ["Asks the keepers:", "Closes."]
    fr = ["Demande aux gardiens :", "Clôt."]
    items = {
        1: [
            ("a", {"en": "to light 2 lamps;", "fr": "d'allumer 2 lampes ;"}),
            ("b", {"en": "to write down:", "fr": "de noter :"}),
        ]
    }
    subs = {
        (1, "b"): [
            ("i", {"en": "the ships;", "fr": "les navires ;"}),
            ("ii", {"en": "waves over 3 metres;", "fr": "les vagues de plus de 4 mètres ;"}),
        ]
    }
    path = make_work(
        tmp_path,
        {"en": en, "fr": fr},
        languages={"en": "en", "fr": "fr"},
        items=items,  # type: ignore[arg-type]
        sub_items=subs,  # type: ignore[arg-type]
    )
    decl = load(path, tmp_path)
    from briefgen.model.crosslang import differences

    (d,) = differences(decl, ["en", "fr"])
    assert (d.place, d.name, d.kind, d.values) == (
        "1(b)(ii)",
        "para 1(b)(ii)",
        "number",
        {"en": ("3",), "fr": ("4",)},
    )
    table = rows(comparison(decl, ("en", "fr")).body)
    noted = {a: r for a, r in table.items() if "differs" in plain(r.cells[0].content)}  # type: ignore[arg-type]
    assert list(noted) == ["row-1-b-ii"]
    first = noted["row-1-b-ii"].cells[1].content
    said = [plain(b.content) for b in first if isinstance(b, Para) and b.role == "differs"]
    assert said == ["[number: 3 in Text en, 4 in Text fr]"]
