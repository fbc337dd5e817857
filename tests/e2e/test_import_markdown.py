"""`briefgen import` of Markdown captures: structure from the markup, every byte accounted for.

The captures are our own words (and our own French translation of them), written as a
web-to-Markdown conversion writes a declaration's page: front matter, bold headings (one
wrapped over two lines), a list after "to:" with HTML comments between its items, a rule, an
escaped trailing mark, a `<sup>` ordinal, and a no-break space before the space after a stop.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.projects import filled_in, run_cli

NBSP = "\u00a0"

EN = f"""---
title: "Tidewater Declaration on Shared Shores"
date: 2025-05-14
url: https://example.org/tidewater
---

<!-- converted from a web page -->

We, the coastal towns meeting at Saltmarsh, hold that the shore belongs to all.{NBSP} We
speak for its people.

**A Common
Coast**

The tides do not stop at our borders.{NBSP} Neither will our care for the water.

We intend to work together across the coast to:

-   keep the beaches open to everyone;

<!-- -->

-   share the records of every storm;

<!-- -->

-   meet each spring to review this declaration.

----

**Looking Ahead**

This declaration is the **first** step of many, made on the last day of the meeting.

\\###
"""

FR = f"""---
title: "Déclaration de Tidewater sur les rivages partagés"
date: 2025-05-14
url: https://example.org/fr/tidewater
---

Nous, les villes côtières réunies à Saltmarsh, tenons que le rivage appartient à tous.{NBSP} Nous
parlons pour ses habitants.

**Une côte
commune**

Les marées ne s'arrêtent pas à nos frontières.{NBSP} Notre soin de l'eau non plus.

Nous entendons travailler ensemble sur toute la côte pour{NBSP}:

-   garder les plages ouvertes à tous{NBSP};

<!-- -->

-   partager les relevés de chaque tempête{NBSP};

<!-- -->

-   nous réunir chaque printemps pour revoir cette déclaration.

----

**Regarder devant**

Cette déclaration est le **premier** pas d'une longue série, faite le 9<sup>e</sup> jour de la
réunion.

\\###
"""

FILLED: dict[str, Any] = {
    "work": {
        "title": "Tidewater Declaration on Shared Shores",
        "adopted": date(2025, 5, 14),
        "place": "Saltmarsh",
        "issuer": "Tidewater Coastal Summit",
        "original_language": "en",
    },
    "edition": {"date": date(2026, 1, 2), "editors": "test editors"},
    "captures": {
        "publisher": "Tidewater towns",
        "title": "Tidewater Declaration",
        "url": "https://example.org/tidewater",
        "published": date(2025, 5, 14),
        "content": "The declaration's page, converted to Markdown.",
    },
    "expressions": {"name": "A text", "title": "Tidewater Declaration", "authoritative": True},
}


def fill(path: Path) -> dict[str, Any]:
    """Do what the editor does: fill the metadata (the import left no other TODO here)."""
    data = filled_in(path, FILLED)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return data


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tidewater-en.md").write_bytes(EN.encode("utf-8"))
    (tmp_path / "in" / "tidewater-fr.md").write_bytes(FR.encode("utf-8"))
    return tmp_path


def _import(project: Path, name: str, expr: str) -> str:
    result = run_cli(
        "import", str(project / "in" / name), "--work", "tidewater", "--expression", expr,
        "--language", expr, cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_help_names_the_captures_it_reads(project: Path) -> None:
    result = run_cli("import", "--help", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Markdown" in result.stdout and ".md" in result.stdout


def test_markdown_captures_import_with_their_structure_and_check(project: Path) -> None:
    summary = _import(project, "tidewater-en.md", "en")
    assert "4 paragraphs, 2 headings, 6 flagged passages" in summary
    assert "title: Tidewater Declaration on Shared Shores" in summary
    assert "url: https://example.org/tidewater" in summary
    second = _import(project, "tidewater-fr.md", "fr")
    assert "aligned 4 of 4 paragraphs with existing paragraph ids; 0 doubtful" in second
    assert "heading absent" not in second and "flagged, not put" not in second
    source = project / "sources" / "tidewater.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))

    # paragraphs: the markup's, not the lines'; the no-break space after a stop folded
    texts = [(p["text"]["en"], p["text"]["fr"]) for p in data["paragraphs"]]
    assert texts == [
        (
            "We, the coastal towns meeting at Saltmarsh, hold that the shore belongs to all. We "
            "speak for its people.",
            "Nous, les villes côtières réunies à Saltmarsh, tenons que le rivage appartient à "
            "tous. Nous parlons pour ses habitants.",
        ),
        (
            "The tides do not stop at our borders. Neither will our care for the water.",
            "Les marées ne s'arrêtent pas à nos frontières. Notre soin de l'eau non plus.",
        ),
        (
            "We intend to work together across the coast to:",
            f"Nous entendons travailler ensemble sur toute la côte pour{NBSP}:",
        ),
        (
            "This declaration is the first step of many, made on the last day of the meeting.",
            "Cette déclaration est le premier pas d'une longue série, faite le 9e jour de la "
            "réunion.",
        ),
    ]
    # the list: the items of the paragraph ending "to:", bullets without a label
    items = data["paragraphs"][2]["items"]
    assert [(i["text"]["en"], i["text"]["fr"]) for i in items] == [
        ("keep the beaches open to everyone;", f"garder les plages ouvertes à tous{NBSP};"),
        ("share the records of every storm;", f"partager les relevés de chaque tempête{NBSP};"),
        (
            "meet each spring to review this declaration.",
            "nous réunir chaque printemps pour revoir cette déclaration.",
        ),
    ]
    assert all("label" not in i for i in items)
    # headings in both languages, neither flagged nor absent
    headings = [s["heading"] for s in data["sections"] if s["heading"] is not None]
    assert headings == [
        {"en": "A Common Coast", "fr": "Une côte commune"},
        {"en": "Looking Ahead", "fr": "Regarder devant"},
    ]
    # the flags: markup recorded as removed, where it stands, with its reason (no TODO)
    removed = {
        (iv["capture"], iv["text"].split("\n")[0]): (iv["at"], iv["reason"])
        for iv in data["interventions"]
        if iv["action"] == "remove"
    }
    en, fr = (c["id"] for c in data["captures"])
    first, lead_in, last = (data["paragraphs"][k]["id"] for k in (0, 2, 3))
    assert {(c, t): at for (c, t), (at, _) in removed.items() if c == en} == {
        (en, "---"): {"before": first},
        (en, "<!-- converted from a web page -->"): {"before": first},
        (en, "<!-- -->"): {"paragraph": lead_in},
        (en, "----"): {"after": lead_in},
        (en, "\\###"): {"after": last},
    }
    assert sum(1 for iv in data["interventions"] if iv.get("text") == "<!-- -->") == 4
    assert not [r for _, r in removed.values() if "TODO" in r]
    assert "front matter" in removed[en, "---"][1]
    # the markup inside texts: span normalisations naming the span
    normalised = [
        (iv["capture"], next(iter(iv["at"])), iv["before"], iv["after"])
        for iv in data["interventions"]
        if iv["action"] == "normalise"
    ]
    assert normalised == [
        (en, "heading", "**A Common Coast**", "A Common Coast"),
        (en, "heading", "**Looking Ahead**", "Looking Ahead"),
        (en, "paragraph", "**first**", "first"),
        (fr, "heading", "**Une côte commune**", "Une côte commune"),
        (fr, "heading", "**Regarder devant**", "Regarder devant"),
        (fr, "paragraph", "**premier**", "premier"),
        (fr, "paragraph", "9<sup>e</sup>", "9e"),
    ]
    assert "TODO" not in str(data["paragraphs"]) + str(data["sections"])

    fill(source)
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run_cli("build", "--format", "html", "--kind", "edition", cwd=project)
    assert built.returncode == 0, built.stderr
    pages = {p.name: p.read_text("utf-8") for p in (project / "build").rglob("edition-*.html")}
    assert len(pages) == 2, sorted(pages)
    body = "\n".join(pages.values())
    assert "the first step of many" in body and "faite le 9e jour" in body
    assert "A Common Coast" in body and "Une côte commune" in body
    texts = "\n".join(_text(page) for page in pages.values())
    for syntax in ("**first", "**premier", "&lt;sup&gt;", "\\###", "-   ", "&lt;!--", "----"):
        assert syntax not in texts, syntax


def _text(page: str) -> str:
    """A page's text before its editorial note (which quotes the markup, as captured), in
    whichever language the page speaks."""
    body = re.split(r'<footer class="editorial"', page, maxsplit=1)[0]
    return re.sub(r"<[^>]+>", " ", body)


#: Our own words: `#` headings, a link, an ordered list split by a blank line, a `* * *` rule,
#: the same `<sup>` ordinal twice, a backslash line break; and markup inside an item.
PACT = """# Harbour Pact

## 1. Open berths

The ports agree, as set out on [the site](https://example.org/x), to:

1.  open every berth by \\*noon\\*;
2.  keep the logs of arrivals;

3.  share them.

* * *

Done at Tallinn on the 3<sup>rd</sup> day, and the 3<sup>rd</sup> time.\\
With thanks.
"""


def test_markdown_headings_ordered_lists_links_and_repeated_markup_check(project: Path) -> None:
    (project / "in" / "pact.md").write_text(PACT, "utf-8")
    result = run_cli(
        "import", str(project / "in" / "pact.md"), "--work", "pact", "--expression", "en",
        "--language", "en", cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "a list item holds markup" not in result.stdout  # normalised at the item
    source = project / "sources" / "pact.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))
    # the page's one `#` heading, above the first section's, is its title, not a section's
    assert "the page's title, recorded as removed: line 1 'Harbour Pact'" in result.stdout
    assert [(s["number"], (s["heading"] or {}).get("en")) for s in data["sections"]] == [
        ("1", "1. Open berths"),
    ]
    lead_in, closing = data["paragraphs"]
    assert lead_in["text"]["en"] == "The ports agree, as set out on the site, to:"
    assert [(i["label"], i["text"]["en"]) for i in lead_in["items"]] == [
        ("1", "open every berth by *noon*;"),
        ("2", "keep the logs of arrivals;"),
        ("3", "share them."),
    ]
    assert closing["text"]["en"] == (
        "Done at Tallinn on the 3rd day, and the 3rd time. With thanks."
    )
    spans = [
        (iv["at"], iv["after"], iv.get("occurrence"))
        for iv in data["interventions"]
        if iv["action"] == "normalise" and "paragraph" in iv["at"]
    ]
    first_item = {"paragraph": lead_in["id"], "item": lead_in["items"][0]["id"]}
    assert spans == [
        ({"paragraph": lead_in["id"]}, lead_in["text"]["en"], None),  # a link: recorded whole
        (first_item, "*noon*;", None),  # the escapes, at the item
        ({"paragraph": closing["id"]}, "3rd", None),
        ({"paragraph": closing["id"]}, "3rd time.", None),  # with the hard break's backslash
    ]
    fill(source)
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
