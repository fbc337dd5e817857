"""A UN-style resolution as plain text, in English and French, through `briefgen import`:
operative paragraph 3 holds items (a)-(e), and item (b) holds (i)-(iii). The items are data
in the draft (one per line in English, one per block in French, aligned item by item),
`check` passes, the build prints them as nested lists in HTML, PDF and DOCX, and `cite`
pinpoints "para 3(b)(ii)".

The resolution is our own words, and the French our own translation of it.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from lxml import etree

from tests.support.pdf import text_of
from tests.support.projects import filled_in, run_cli

WORK = "lighthouses"

EN = """\
Resolution on the Care of Lighthouses

The Assembly of Coastal Towns,

Recalling that lighthouses have guided ships along our shores for centuries,

Noting with concern that many of them stand unlit,

1. Welcomes the offer of the harbour guilds to keep the lamps;

2. Calls upon all towns to share their charts;

3. Requests the keepers of the lighthouses:
(a) to light the lamps each evening at dusk;
(b) to record each night, for the towns:
(i) the ships that passed the point;
(ii) the height of the waves at midnight;
(iii) the colour of the sky at dawn;
(c) to mend the lamps when they fail;
(d) to train new keepers in their craft;
(e) to report to the Assembly every spring;

4. Invites the fishing fleets to report lamps they find unlit;

5. Decides to meet again at the next spring tide;

6. Decides to remain seized of the matter.
"""

FR = """\
Résolution sur le soin des phares

L'Assemblée des villes côtières,

Rappelant que les phares guident les navires le long de nos côtes depuis des siècles,

Notant avec inquiétude que beaucoup d'entre eux sont éteints,

1. Se félicite de l'offre des guildes portuaires d'entretenir les lampes ;

2. Engage toutes les villes à partager leurs cartes ;

3. Prie les gardiens des phares :

(a) d'allumer les lampes chaque soir au crépuscule ;

(b) de noter chaque nuit, pour les villes :

(i) les navires passés au large de la pointe ;

(ii) la hauteur des vagues à minuit ;

(iii) la couleur du ciel à l'aube ;

(c) de réparer les lampes lorsqu'elles faiblissent ;

(d) de former de nouveaux gardiens à leur métier ;

(e) de rendre compte à l'Assemblée chaque printemps ;

4. Invite les flottilles de pêche à signaler les lampes éteintes qu'elles trouvent ;

5. Décide de se réunir de nouveau à la prochaine grande marée ;

6. Décide de rester saisie de la question.
"""

FILLED: dict[str, Any] = {
    "work": {
        "title": "Resolution on the Care of Lighthouses",
        "adopted": date(2025, 3, 1),
        "place": "Saltmarsh",
        "issuer": "Assembly of Coastal Towns",
        "original_language": "en",
    },
    "edition": {"date": date(2026, 1, 2), "editors": "test editors"},
    "captures": {
        "publisher": "Assembly of Coastal Towns",
        "title": "Resolution on the Care of Lighthouses",
        "url": "https://example.org/lighthouses",
        "published": date(2025, 3, 1),
        "content": "The resolution as plain text.",
    },
    "expressions": {"name": "A text", "title": "Lighthouses", "authoritative": True},
}


TITLES = {"en": "Resolution on the Care of Lighthouses", "fr": "Résolution sur le soin des phares"}


def _import(root: Path, name: str, expr: str) -> str:
    result = run_cli(
        "import", str(root / "in" / name), "--work", WORK, "--expression", expr,
        "--language", expr, "--title", TITLES[expr], cwd=root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("resolution")
    (root / "sources").mkdir()
    (root / "in").mkdir()
    (root / "in" / "res-en.txt").write_text(EN, "utf-8")
    (root / "in" / "res-fr.txt").write_text(FR, "utf-8")
    first = _import(root, "res-en.txt", "en")
    second = _import(root, "res-fr.txt", "fr")
    assert "aligned 9 of 9 paragraphs with existing paragraph ids; 0 doubtful" in second
    # the title above the text is known (--title): recorded as removed, no TODO; the
    # preambular paragraphs before the printed 1. are PP1, PP2, with no TODO either
    assert "the page's title, recorded as removed: line 1 'Resolution on the Care" in first
    assert "numbered PP1–PP3: the unnumbered paragraphs before the first printed number" in first
    # what the editor does: fill the metadata
    source = root / "sources" / f"{WORK}.yaml"
    data = filled_in(source, FILLED)
    assert "TODO" not in yaml.safe_dump(data)
    assert [p["number"] for p in data["paragraphs"]][:4] == ["PP1", "PP2", "PP3", "1"]
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_cli("check", cwd=root)
    assert result.returncode == 0, result.stderr
    result = run_cli("build", "-f", "html", "-f", "pdf", "-f", "docx", "-j", "1", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_draft_holds_the_items_and_sub_items_as_data(built: Path) -> None:
    data = yaml.safe_load((built / "sources" / f"{WORK}.yaml").read_text("utf-8"))
    third = next(p for p in data["paragraphs"] if p["number"] == "3")
    assert third["printed"] is True
    assert third["text"] == {
        "en": "Requests the keepers of the lighthouses:",
        "fr": "Prie les gardiens des phares :",
    }
    items = third["items"]
    assert [i["label"] for i in items] == ["a", "b", "c", "d", "e"]
    assert all("printed" not in i for i in items)  # printed, the default
    assert items[1]["text"] == {
        "en": "to record each night, for the towns:",
        "fr": "de noter chaque nuit, pour les villes :",
    }
    subs = items[1]["items"]
    assert [(s["label"], s["text"]["en"], s["text"]["fr"]) for s in subs] == [
        ("i", "the ships that passed the point;", "les navires passés au large de la pointe ;"),
        ("ii", "the height of the waves at midnight;", "la hauteur des vagues à minuit ;"),
        ("iii", "the colour of the sky at dawn;", "la couleur du ciel à l'aube ;"),
    ]
    assert [i["text"]["fr"] for i in items[2:]] == [
        "de réparer les lampes lorsqu'elles faiblissent ;",
        "de former de nouveaux gardiens à leur métier ;",
        "de rendre compte à l'Assemblée chaque printemps ;",
    ]
    assert [p["number"] for p in data["paragraphs"] if p.get("printed")] == list("123456")


def test_html_nests_the_sub_items_with_their_anchors(built: Path) -> None:
    html = (built / "build" / WORK / "edition-fr.html").read_bytes()
    tree = etree.fromstring(html, etree.HTMLParser())
    b = tree.xpath("//li[@id='para-3-b']")[0]
    assert b.xpath("ol[@class='items']/li/@id") == ["para-3-b-i", "para-3-b-ii", "para-3-b-iii"]
    ii = tree.xpath("//li[@id='para-3-b-ii']")[0]
    assert " ".join("".join(ii.itertext()).split()) == "(ii) la hauteur des vagues à minuit ;"


def test_the_pdf_has_a_destination_for_the_sub_item(built: Path) -> None:
    from pypdf import PdfReader

    pdf = built / "build" / WORK / "edition-en.pdf"
    assert {"para-3-b", "para-3-b-ii", "para-3-e"} <= set(PdfReader(pdf).named_destinations)
    assert "(ii) the height of the waves at midnight;" in text_of(pdf)


def test_the_docx_bookmarks_the_sub_item(built: Path) -> None:
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    doc = docx.Document(io.BytesIO((built / "build" / WORK / "edition-en.docx").read_bytes()))
    marks = {b.get(f"{w}name") for b in doc.element.body.iter(f"{w}bookmarkStart")}
    assert {"para-3-b", "para-3-b-ii"} <= marks
    sub = next(p for p in doc.paragraphs if p.text == "the height of the waves at midnight;")
    # a real Word list one level below (b)'s, its label "(ii)" printed by Word's numbering
    assert sub._p.find(f"{w}pPr/{w}numPr/{w}ilvl").get(f"{w}val") == "1"


def test_cite_pinpoints_the_sub_item(built: Path) -> None:
    for cited in ("3b(ii)", "3(b)(ii)"):
        result = run_cli("cite", WORK, cited, cwd=built)
        assert result.returncode == 0, result.stderr
        assert "Resolution on the Care of Lighthouses (Saltmarsh, 1 March 2025) para 3(b)(ii)" in (
            result.stdout
        )
    missing = run_cli("cite", WORK, "3b(iv)", cwd=built)
    assert missing.returncode == 1
    assert missing.stderr.strip().endswith(
        "para 3 has no item '3b(iv)' (its items: a, b, b(i), b(ii), b(iii), c, d, e)"
    )
