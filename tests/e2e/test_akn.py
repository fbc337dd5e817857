"""Akoma Ntoso export: every file valid against the OASIS schema, and what a reader checks."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from briefgen.documents.blocks import List, Section, plain, walk
from briefgen.documents.edition import edition
from briefgen.sources.load import load_all
from tests.support.projects import EXPRESSIONS, ROOT, WORK, make_work, run_cli

SCHEMA = ROOT / "tests" / "schemas" / "akn" / "akomantoso30.xsd"
NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0", "b": "urn:x-briefgen:akn"}
WORK_URI = f"/akn/int/statement/declaration/2024-07-04/{WORK}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    # xml.xsd is imported from the folder beside it, and lxml reads no network by default
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def valid(path: Path, schema: etree.XMLSchema) -> etree._ElementTree:
    """Return a parsed file after asserting it is valid Akoma Ntoso 3.0."""
    tree = etree.parse(str(path))
    assert schema.validate(tree), f"{path.name}: {schema.error_log}"
    return tree


@pytest.fixture(scope="module")
def akn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundled sources with --format akn, through the real CLI."""
    out = tmp_path_factory.mktemp("akn")
    result = run_cli("build", "--format", "akn", "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


def test_akn_is_an_edition_per_text_and_nothing_else(akn: Path) -> None:
    made = {p.name for p in (akn / WORK).iterdir()}
    assert made == {
        *(f"edition-{e}.akn.xml" for e in EXPRESSIONS),
        "citations.json",
        "citations.bib",
        "citations.ris",
    }


def test_the_schema_rejects_what_is_not_akoma_ntoso(schema: etree.XMLSchema, akn: Path) -> None:
    tree = etree.parse(str(akn / WORK / "edition-en-xinhua.akn.xml"))
    body = tree.find(".//a:mainBody", NS)
    etree.SubElement(body, f"{{{NS['a']}}}chapter-of-nothing")
    assert not schema.validate(tree)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_edition_is_valid_akoma_ntoso(
    akn: Path, schema: etree.XMLSchema, canonical: dict[str, Any], expression: str
) -> None:
    tree = valid(akn / WORK / f"edition-{expression}.akn.xml", schema)
    statement = tree.getroot()[0]
    assert statement.tag == f"{{{NS['a']}}}statement" and statement.get("name") == "declaration"

    # every numbered paragraph, addressable as its citations are: para_1 … para_22
    numbered = tree.xpath("//a:*[starts-with(@eId, 'para_')]", namespaces=NS)
    assert [p.get("eId") for p in numbered] == [f"para_{n}" for n in range(1, 23)]
    assert [p.findtext("a:num", namespaces=NS) for p in numbered] == [str(n) for n in range(1, 23)]
    assert len(tree.xpath("//a:preamble//a:recital", namespaces=NS)) == 2
    assert len(tree.xpath("//a:mainBody//a:paragraph", namespaces=NS)) == 20
    texts = {p["number"]: p["text"][expression] for p in canonical["paragraphs"]}
    thirteen = tree.xpath("//a:paragraph[@eId='para_13']//a:p", namespaces=NS)[0]
    assert " ".join("".join(thirteen.itertext()).split()) == " ".join(texts["13"].split())

    # the parts with headings, as sections with the headings of this text
    headings = [s["heading"][expression] for s in canonical["sections"] if s["heading"] is not None]
    sections = tree.xpath("//a:mainBody/a:section", namespaces=NS)
    assert [s.get("eId") for s in sections] == [f"sec_{n}" for n in range(1, 6)]
    assert ["".join(s.find("a:heading", NS).itertext()).strip() for s in sections] == headings

    # the identifiers: work, expression (language, text, edition version), manifestation
    ident = tree.find(".//a:identification", NS)
    expr_uri = f"{WORK_URI}/eng@{expression}-1.0.0"
    assert ident.find("a:FRBRWork/a:FRBRuri", NS).get("value") == WORK_URI
    assert ident.find("a:FRBRWork/a:FRBRdate", NS).get("date") == "2024-07-04"
    assert ident.find("a:FRBRExpression/a:FRBRuri", NS).get("value") == expr_uri
    assert ident.find("a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "eng"
    assert ident.find("a:FRBRExpression/a:FRBRversionNumber", NS).get("value") == "1.0.0"
    assert ident.find("a:FRBRManifestation/a:FRBRuri", NS).get("value") == f"{expr_uri}.xml"
    issuer = tree.find(".//a:references/a:TLCOrganization[@eId='issuer']", NS)
    assert issuer.get("showAs") == canonical["work"]["issuer"]

    # the provenance: the capture, word for word from the source
    expr = next(e for e in canonical["expressions"] if e["id"] == expression)
    capture = next(c for c in canonical["captures"] if c["id"] == expr["capture"])
    own = tree.find(".//a:proprietary/b:capture", NS)
    assert own.get("sha256") == capture["sha256"] and own.get("url") == capture["url"]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_interventions_are_notes_referenced_where_they_apply(
    akn: Path, canonical: dict[str, Any], expression: str
) -> None:
    tree = etree.parse(str(akn / WORK / f"edition-{expression}.akn.xml"))
    notes = tree.xpath("//a:notes/a:note[@class='intervention']", namespaces=NS)
    expr = next(e for e in canonical["expressions"] if e["id"] == expression)
    ivs = [iv for iv in canonical["interventions"] if iv["capture"] == expr["capture"]]
    assert len(notes) == len(ivs) > 0
    # the same sentences as the editorial note of the HTML and DOCX: the view's
    decl = next(d for d in load_all(ROOT / "sources", ROOT) if d.id == WORK)
    view = edition(decl, expression)
    items = [
        plain(item.content)
        for block in walk(view.body)
        if isinstance(block, Section) and block.role == "editorial"
        for list_ in block.children
        if isinstance(list_, List)
        for item in list_.items
    ]
    assert ["".join(n.itertext()).strip() for n in notes] == items[: len(notes)]
    # each note is referenced once, from the paragraph or heading it concerns
    refs = tree.xpath("//a:noteRef", namespaces=NS)
    assert sorted(r.get("href") for r in refs) == sorted(f"#{n.get('eId')}" for n in notes)
    numbers = {p["id"]: p["number"] for p in canonical["paragraphs"]}
    for iv, note in zip(ivs, notes, strict=True):
        (ref,) = tree.xpath(f"//a:noteRef[@href='#{note.get('eId')}']", namespaces=NS)
        if "heading" in iv["at"]:
            assert ref.getparent().tag == f"{{{NS['a']}}}heading"
        else:
            number = numbers[next(iter(iv["at"].values()))]
            assert ref.xpath("ancestor::*[@eId][1]/@eId")[0] == f"para_{number}"


def test_absent_heading_and_paragraph_are_editorial(
    tmp_path: Path, schema: etree.XMLSchema
) -> None:
    """A text lacking a part's heading and a paragraph says so, marked as the editors' words."""
    source = make_work(
        tmp_path,
        {"en": ["We open.", "We agree.", "We close."], "fr": ["Nous ouvrons.", None, "Fin."]},
        languages={"fr": "fr"},
        headings={"en": "1. Agreement", "fr": "1. Accord"},
    )
    data = yaml.safe_load(source.read_text("utf-8"))
    data["sections"][0]["heading"]["fr"] = {"absent": True}
    capture = tmp_path / "sources" / "captures" / "fr.txt"
    body = "Nous ouvrons.\n\nFin.\n"
    capture.write_text(body, "utf-8")
    fr = next(c for c in data["captures"] if c["id"] == "c-fr")
    fr["sha256"] = hashlib.sha256(body.encode()).hexdigest()
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    result = run_cli("build", "-f", "akn", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "build" / "test-declaration"
    tree = valid(folder / "edition-fr.akn.xml", schema)
    ident = tree.find(".//a:identification", NS)
    assert ident.find("a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "fra"

    (heading,) = tree.xpath("//a:section[@eId='sec_1']/a:heading", namespaces=NS)
    assert heading.get("status") == "editorial"
    assert heading.text == "[titre absent de ce texte]"  # the French text's edition, in French
    (two,) = tree.xpath("//a:*[@eId='para_2']", namespaces=NS)
    assert two.get("status") == "editorial"
    words = two.xpath(".//a:omissis/text()", namespaces=NS)
    assert words == ["[Ce paragraphe ne figure pas dans ce texte.]"]
    assert tree.xpath("//a:*[@eId='para_3']//a:p/text()", namespaces=NS) == ["Fin."]

    english = valid(folder / "edition-en.akn.xml", schema)
    (heading,) = english.xpath("//a:section[@eId='sec_1']/a:heading", namespaces=NS)
    assert heading.get("status") is None and heading.text == "1. Agreement"
    # a capture without a date has no <publication>: no date is invented
    assert english.find(".//a:publication", NS) is None


def test_all_means_the_reading_formats_and_akn_is_asked_for_by_name(tmp_path: Path) -> None:
    from briefgen.cli import Format, _formats
    from briefgen.project import load

    project = load(tmp_path)
    assert _formats([Format.all], project) == ["pdf", "docx", "html"]
    assert _formats([Format.all, Format.akn], project) == ["pdf", "docx", "html", "akn"]
    (tmp_path / "briefgen.toml").write_text('formats = ["akn"]\n', "utf-8")
    assert _formats(None, load(tmp_path)) == ["akn"]
