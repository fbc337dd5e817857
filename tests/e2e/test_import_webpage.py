"""`briefgen import` of saved web pages: headings and lists from the page's markup.

The pages are our own words (and our own French translation of them), shaped as a site saves
a declaration: `<html lang>`, a `<nav>`, a cookie notice, the page's `<h1>` title, an `<h2>`
heading and a `<p><strong>…</strong></p>` heading, a list after "to:", a `<sup>` ordinal, a
no-break space before the space after a full stop, a share line and a footer.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.projects import filled_in, run_cli

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - Coastal Towns</title></head>
<body>
<nav><ul><li><a href="/">{home}</a></li><li><a href="/news">News</a></li></ul></nav>
<div class="content">
<p>{cookies}</p>
<h1>{title}</h1>
<p>{p1}</p>
<h2>{h1}</h2>
<p>{p2}</p>
<p>{lead}</p>
<ul>
{items}
</ul>
<p><strong>{h2}</strong></p>
<p>{p3}</p>
<p>{share}</p>
</div>
<footer><p>© 2025 Coastal Towns. All rights reserved.</p></footer>
</body></html>
"""

EN = {
    "lang": "en",
    "home": "Home",
    "cookies": "This site uses cookies. By continuing you accept our cookie policy.",
    "title": "Tidewater Declaration on Shared Shores",
    "p1": "We, the coastal towns meeting at Saltmarsh, hold that the shore belongs to all."
    "&nbsp; We speak for its people.",
    "h1": "A Common Coast",
    "p2": "The tides do not stop at our borders.&nbsp; Neither will our care for the water.",
    "lead": "We intend to work together across the coast to:",
    "items": [
        "keep the beaches open to everyone;",
        "share the records of every storm;",
        "meet each spring to review this declaration.",
    ],
    "h2": "Looking Ahead",
    "p3": "This declaration is the first step of many, made on the 9<sup>th</sup> day of the "
    "meeting.",
    "share": "Share this page: Facebook | Email",
}
FR = {
    "lang": "fr",
    "home": "Accueil",
    "cookies": "Ce site utilise des cookies. En continuant, vous acceptez notre politique.",
    "title": "Déclaration de Tidewater sur les rivages partagés",
    "p1": "Nous, les villes côtières réunies à Saltmarsh, tenons que le rivage appartient à "
    "tous.&nbsp; Nous parlons pour ses habitants.",
    "h1": "Une côte commune",
    "p2": "Les marées ne s'arrêtent pas à nos frontières.&nbsp; Notre soin de l'eau non plus.",
    "lead": "Nous entendons travailler ensemble sur toute la côte pour&nbsp;:",
    "items": [
        "garder les plages ouvertes à tous&nbsp;;",
        "partager les relevés de chaque tempête&nbsp;;",
        "nous réunir chaque printemps pour revoir cette déclaration.",
    ],
    "h2": "Regarder devant",
    "p3": "Cette déclaration est le premier pas d'une longue série, faite le 9<sup>e</sup> "
    "jour de la réunion.",
    "share": "Partager cette page : Facebook | Courriel",
}

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
        "publisher": "Coastal Towns",
        "title": "Tidewater Declaration",
        "url": "https://example.org/tidewater",
        "published": date(2025, 5, 14),
        "content": "The declaration's page, saved as HTML.",
    },
    "expressions": {"name": "A text", "title": "Tidewater Declaration", "authoritative": True},
}


def page(words: dict[str, Any]) -> str:
    items = "\n".join(f"<li>{item}</li>" for item in words["items"])
    return PAGE.format(**{**words, "items": items})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tidewater-en.html").write_text(page(EN), "utf-8")
    (tmp_path / "in" / "tidewater-fr.html").write_text(page(FR), "utf-8")
    return tmp_path


def _import(project: Path, name: str, expr: str) -> str:
    result = run_cli(
        "import", str(project / "in" / name), "--work", "tidewater", "--expression", expr,
        "--language", expr, cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_web_pages_import_with_their_headings_and_lists_and_check(project: Path) -> None:
    summary = _import(project, "tidewater-en.html", "en")
    assert "4 paragraphs, 2 headings, 3 flagged passages" in summary, summary
    assert (
        "the page's title, recorded as removed: line 3 'Tidewater Declaration on Shared Shores'"
        in summary
    )
    assert "title: Tidewater Declaration on Shared Shores" in summary
    second = _import(project, "tidewater-fr.html", "fr")
    assert "aligned 4 of 4 paragraphs with existing paragraph ids; 0 doubtful" in second, second
    assert "heading absent" not in second
    source = project / "sources" / "tidewater.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))

    # trafilatura's extraction folds every space, a no-break one too: the French texts have
    # an ordinary space before ':' and ';', as the extracted text (the collated one) has
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
            "Nous entendons travailler ensemble sur toute la côte pour :",
        ),
        (
            "This declaration is the first step of many, made on the 9th day of the meeting.",
            "Cette déclaration est le premier pas d'une longue série, faite le 9e jour de la "
            "réunion.",
        ),
    ]
    items = data["paragraphs"][2]["items"]
    assert [(i["text"]["en"], i["text"]["fr"]) for i in items] == [
        ("keep the beaches open to everyone;", "garder les plages ouvertes à tous ;"),
        ("share the records of every storm;", "partager les relevés de chaque tempête ;"),
        (
            "meet each spring to review this declaration.",
            "nous réunir chaque printemps pour revoir cette déclaration.",
        ),
    ]
    assert all("label" not in i for i in items)
    headings = [s["heading"] for s in data["sections"] if s["heading"] is not None]
    assert headings == [
        {"en": "A Common Coast", "fr": "Une côte commune"},
        {"en": "Looking Ahead", "fr": "Regarder devant"},
    ]
    # the page's title, recorded as removed with its reason; the site's lines flagged (TODO)
    removed = [
        (iv["capture"], iv["text"], iv["reason"])
        for iv in data["interventions"]
        if iv["action"] == "remove"
    ]
    en, fr = (c["id"] for c in data["captures"])
    titles = [(c, t) for c, t, r in removed if "<h1> that titles" in r]
    assert titles == [(en, EN["title"]), (fr, FR["title"])]
    assert not [r for _, _, r in removed if "<h1> that titles" in r and "TODO" in r]
    site = {t for _, t, r in removed if r.startswith("TODO")}
    assert site == {EN["cookies"], FR["cookies"], EN["share"], FR["share"]}
    assert not [iv for iv in data["interventions"] if iv["action"] == "normalise"]
    assert "TODO" not in str(data["paragraphs"]) + str(data["sections"])

    # the editor confirms the flags and fills the metadata; nothing else is edited
    filled = filled_in(source, FILLED)
    for iv in filled["interventions"]:
        if str(iv.get("reason", "")).startswith("TODO"):
            iv["reason"] = "A line of the site, not the declaration."
    source.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), "utf-8")
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run_cli("build", "--format", "html", "--kind", "edition", cwd=project)
    assert built.returncode == 0, built.stderr
    english = (project / "build" / "tidewater" / "edition-en.html").read_text("utf-8")
    assert re.search(r"<h2[^>]*>A Common Coast</h2>", english)
    listed = re.findall(r'<li[^>]*id="para-3-[0-9]"[^>]*>([^<]*)</li>', english)
    assert listed == EN["items"], listed
    french = (project / "build" / "tidewater" / "edition-fr.html").read_text("utf-8")
    assert "Regarder devant" in french and "faite le 9e jour" in french


#: Our own words: numbered paragraphs as an <ol> after a heading, a bold numbered heading.
PACT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Pact</title></head>
<body><article><h1>Harbour Pact</h1>
<p>We, the ports gathered at Tallinn, agree on what follows, for every berth we hold.</p>
<h2>Commitments</h2>
<ol><li>We open every berth to ships that run on clean fuel.</li>
<li>We keep the logs of every arrival for ten years.</li></ol>
<p><b>1. Review</b></p>
<p>Done at Tallinn on the third day of May, in one original.</p>
</article></body></html>
"""


def test_an_ordered_list_after_a_heading_is_paragraphs_their_bullets_recorded(
    project: Path,
) -> None:
    (project / "in" / "pact.html").write_text(PACT, "utf-8")
    result = run_cli(
        "import", str(project / "in" / "pact.html"), "--work", "pact", "--expression", "en",
        "--language", "en", "--title", "Harbour Pact", cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2 spans of markup left out of the texts and recorded (normalise)" in result.stdout
    source = project / "sources" / "pact.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))
    assert [(s["number"], (s["heading"] or {}).get("en")) for s in data["sections"]] == [
        (None, None),
        (None, "Commitments"),
        ("1", "1. Review"),
    ]
    assert [p["text"]["en"] for p in data["paragraphs"]][1:3] == [
        "We open every berth to ships that run on clean fuel.",
        "We keep the logs of every arrival for ten years.",
    ]
    bullets = [
        (iv["before"], iv["after"], iv["reason"])
        for iv in data["interventions"]
        if iv["action"] == "normalise"
    ]
    assert [b[:2] for b in bullets] == [("- We", "We"), ("- We", "We")]
    assert bullets[0][2] == (
        "Markup, not the text: the bullet ('-') the extraction prints before a list item in "
        "the page's extracted text, left out of the printed text."
    )
    filled = filled_in(source, FILLED)
    source.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), "utf-8")
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
