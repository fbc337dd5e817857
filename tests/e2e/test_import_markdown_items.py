"""`briefgen import` of a Markdown communiqué whose paragraphs print bold numbers (`**1.**`)
and whose list items hold markup: the numbers are the paragraphs', the markup in each item a
span normalisation at the item, and the draft checks clean with no hand edit but the metadata.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tests.support.projects import filled_in, run_cli

#: Our own words, as a conversion to Markdown prints a communiqué.
CAPTURE = """---
title: "Estuary Communique"
---

**1.** We, the river towns, meet at Fernmouth to keep the estuary whole.

**2.** We agree that the water is shared by all who live beside it.

**3.** We intend to work together on the 2<sup>nd</sup> reach of the river to:

-   keep the **reed beds** standing;
-   count the herons each 1<sup>st</sup> of May;
-   mark the flood line with a stone \\& a post.

**4\\.** We shall meet again when the tide turns.
"""

FILLED: dict[str, Any] = {
    "work": {
        "title": "Estuary Communique",
        "adopted": date(2025, 6, 1),
        "place": "Fernmouth",
        "issuer": "Estuary Towns Summit",
        "original_language": "en",
    },
    "edition": {"date": date(2026, 1, 2), "editors": "test editors"},
    "captures": {
        "publisher": "Estuary towns",
        "title": "Estuary Communique",
        "url": "https://example.org/estuary",
        "published": date(2025, 6, 1),
        "content": "The communiqué's page, converted to Markdown.",
    },
    "expressions": {"name": "English text", "title": "Estuary Communique", "authoritative": True},
}


def test_bold_numbers_and_markup_in_items_import_and_check_clean(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    capture = tmp_path / "estuary.md"
    capture.write_text(CAPTURE, "utf-8")
    result = run_cli(
        "import", str(capture), "--work", "estuary", "--expression", "en", "--language", "en",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "edit it by hand" not in result.stdout
    source = tmp_path / "sources" / "estuary.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))

    paras = data["paragraphs"]
    assert [(p["number"], p.get("printed"), p["text"]["en"][:12]) for p in paras] == [
        ("1", True, "We, the rive"),
        ("2", True, "We agree tha"),
        ("3", True, "We intend to"),
        ("4", True, "We shall mee"),
    ]
    items = [i["text"]["en"] for i in paras[2]["items"]]
    assert items == [
        "keep the reed beds standing;",
        "count the herons each 1st of May;",
        "mark the flood line with a stone & a post.",
    ]
    at_items = [
        (iv["at"]["item"], iv["before"], iv["after"])
        for iv in data["interventions"]
        if iv["action"] == "normalise" and "item" in iv["at"]
    ]
    ids = [i["id"] for i in paras[2]["items"]]
    assert at_items == [
        (ids[0], "**reed beds**", "reed beds"),
        (ids[1], "1<sup>st</sup>", "1st"),
        (ids[2], "\\&", "&"),
    ]

    source.write_text(
        yaml.safe_dump(filled_in(source, FILLED), allow_unicode=True, sort_keys=False), "utf-8"
    )
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run_cli("build", "--format", "html", "--kind", "edition", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (page,) = [p.read_text("utf-8") for p in (tmp_path / "build").rglob("edition-*.html")]
    text, note = page.split('data-block="heading">Editorial note</h2>', 1)
    lists = re.findall(r'<ol class="items"|<ul class="items".*?</ul>', text, re.S)
    assert lists, text
    plain = re.sub(r"<[^>]+>", " ", "".join(lists))
    assert "reed beds standing;" in plain and "each 1st of May;" in plain
    for syntax in ("**", "&lt;sup&gt;", "\\"):
        assert syntax not in re.sub(r"<[^>]+>", " ", text), syntax
    note = re.sub(r"<[^>]+>", "", note)
    assert "Normalised in para 3, item 1." in note
    assert "As captured: **reed beds** · As printed: reed beds" in note
    assert "Normalised in para 3, item 2." in note


LETTERED = """We, the estuary towns, agree to:

(a) keep the *open* reed beds;

**(b)** count the birds, including:

(i) the *grey* herons;

(ii) the terns;

(c) meet each spring.
"""


def test_lettered_paragraphs_after_a_colon_are_items_and_sub_items(tmp_path: Path) -> None:
    """Paragraphs a conversion leaves as "(a) …", "**(b)** …" are the items of the paragraph
    ending in ':' before them, a roman run after an item ending in ':' that item's own list;
    the markup is recorded at the item it stands in, and the draft checks clean."""
    (tmp_path / "sources").mkdir()
    capture = tmp_path / "birds.md"
    capture.write_text(LETTERED, "utf-8")
    result = run_cli(
        "import", str(capture), "--work", "birds", "--expression", "en", "--language", "en",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    source = tmp_path / "sources" / "birds.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))
    (para,) = data["paragraphs"]
    listed = [(i["label"], i["text"]["en"], len(i.get("items", []))) for i in para["items"]]
    assert listed == [
        ("a", "keep the open reed beds;", 0),
        ("b", "count the birds, including:", 2),
        ("c", "meet each spring.", 0),
    ]
    sub = para["items"][1]["items"]
    assert [(i["label"], i["text"]["en"]) for i in sub] == [
        ("i", "the grey herons;"),
        ("ii", "the terns;"),
    ]
    at_items = [iv["at"]["item"] for iv in data["interventions"] if iv["action"] == "normalise"]
    assert at_items == [para["items"][0]["id"], f"{para['items'][1]['id']}/{sub[0]['id']}"]
    source.write_text(
        yaml.safe_dump(filled_in(source, FILLED), allow_unicode=True, sort_keys=False), "utf-8"
    )
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
