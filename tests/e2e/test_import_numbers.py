"""`briefgen import` of captures that print their paragraphs' numbers: the numbers are data.

The captures are our own words: a plain text numbered 1. … 6. with no 4 and a 5 printed
twice, a Markdown page whose numbers are escaped (`1\\.`), and one whose numbered paragraphs
are an ordered list after a heading.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tests.support.projects import run_cli

PLAIN = """Harbour communique

1. We, the ports, met at Tallinn on a clear day in May.

2. We agree to keep the berths open
to every ship in need.

3. We will share the logs of arrivals.

5. We ask the towns to help us.

5. We will meet again next spring.

6. Done at Tallinn.
"""

ESCAPED = """**Open Berths**

1\\. We, the ports, met at Tallinn on a clear day in May.

2\\. We agree to keep the **berths** open to every ship in need.

**Shared Logs**

3\\. We will share the logs of arrivals.
"""

LISTED = """## Open Berths

1.  We, the ports, met at Tallinn on a clear day in May.

2.  We agree to keep the berths open to every ship in need, and to:

    -   share the logs;

    -   help the towns.

## Shared Logs

3.  We will share the logs of arrivals.
"""


def fill(path: Path) -> dict[str, Any]:
    """Do what the editor does: fill the metadata and answer every TODO."""
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    data["work"] |= {
        "title": "Harbour Communique",
        "adopted": date(2025, 3, 3),
        "place": "Tallinn",
        "issuer": "A meeting of twelve ports",
        "original_language": "en",
    }
    data["edition"] = {"date": date(2026, 1, 2), "editors": "test editors"}
    for capture in data["captures"]:
        capture |= {
            "publisher": "Ports",
            "title": "Communique",
            "url": "https://example.org/communique",
            "published": None,
            "content": "The communique.",
        }
    for expression in data["expressions"]:
        expression |= {"name": expression["id"], "title": "Communique", "authoritative": True}

    def answer(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: answer(v) for k, v in value.items()}
        if isinstance(value, list):
            return [answer(v) for v in value]
        if isinstance(value, str) and value.startswith("TODO: "):
            return "Checked against the capture: " + value.removeprefix("TODO: ")
        return value

    data = answer(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return data


def _import(
    tmp_path: Path, name: str, text: str, expr: str = "en"
) -> tuple[str, dict[str, Any], Path]:
    (tmp_path / "sources").mkdir(exist_ok=True)
    capture = tmp_path / name
    capture.write_text(text, "utf-8")
    result = run_cli(
        "import", str(capture), "--work", "harbour", "--expression", expr, "--language", expr,
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    source = tmp_path / "sources" / "harbour.yaml"
    return result.stdout, yaml.safe_load(source.read_text("utf-8")), source


def test_printed_numbers_with_a_gap_and_a_repeat_import_and_check(tmp_path: Path) -> None:
    summary, data, source = _import(tmp_path, "harbour.txt", PLAIN)
    assert [p["number"] for p in data["paragraphs"]] == ["1", "2", "3", "5", "5A", "6"]
    assert data["paragraphs"][0]["text"]["en"].startswith("We, the ports")  # no "1." in it
    assert "line 10: the capture's numbering goes from 3 to 5 (no 4)" in summary
    assert "line 12: the capture prints the number 5 again; numbered 5A" in summary
    todo = run_cli("check", cwd=tmp_path)
    assert todo.returncode == 1
    assert "paragraphs[3].note: TODO: the capture's numbering goes from 3 to 5" in todo.stderr
    fill(source)
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # the collation takes each printed number as its paragraph's: without it, a word is left
    data = yaml.safe_load(source.read_text("utf-8"))
    del data["paragraphs"][0]["printed"]
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    unprinted = run_cli("check", cwd=tmp_path)
    assert unprinted.returncode == 1
    assert "para 1 (en) leaves out words of capture 'harbour' (line 3): '1.'" in (unprinted.stderr)


def test_escaped_markdown_numbers_are_the_paragraphs_numbers(tmp_path: Path) -> None:
    summary, data, source = _import(tmp_path, "harbour.md", ESCAPED)
    assert "numbered as the capture prints them: 3 paragraphs" in summary
    assert "gaps and repeats" not in summary
    paras = data["paragraphs"]
    assert [(p["number"], p["printed"], p["text"]["en"][:12]) for p in paras] == [
        ("1", True, "We, the port"),
        ("2", True, "We agree to "),
        ("3", True, "We will shar"),
    ]
    assert [s["heading"]["en"] for s in data["sections"]] == ["Open Berths", "Shared Logs"]
    # the number's escape is the printed number's, not a span of markup: one span, for **
    spans = [iv["before"] for iv in data["interventions"] if "paragraph" in iv["at"]]
    assert spans == ["**berths**"]
    fill(source)
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_ordered_list_after_a_heading_is_numbered_paragraphs(tmp_path: Path) -> None:
    summary, data, source = _import(tmp_path, "harbour.md", LISTED)
    assert "numbered as the capture prints them: 3 paragraphs" in summary
    paras = data["paragraphs"]
    assert [(p["number"], p["section"], p["text"]["en"][-10:]) for p in paras] == [
        ("1", "open-berths", "ay in May."),
        ("2", "open-berths", "d, and to:"),
        ("3", "shared-logs", " arrivals."),
    ]
    # a list after "to:" stays a list of items, inside its numbered paragraph
    assert [i["text"]["en"] for i in paras[1]["items"]] == ["share the logs;", "help the towns."]
    fill(source)
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


#: Our own French of PLAIN, numbered as it is, but for a 6 printed as 7.
FRENCH = """Communiqué des ports

1. Nous, les ports, nous sommes réunis à Tallinn par un jour clair de mai.

2. Nous convenons de garder les postes ouverts à tout navire qui en a besoin.

3. Nous partagerons les registres des arrivées.

5. Nous demandons aux villes de nous aider.

5. Nous nous réunirons de nouveau au printemps prochain.

7. Fait à Tallinn.
"""


def test_a_second_text_printing_the_numbers_is_collated_with_them(tmp_path: Path) -> None:
    _import(tmp_path, "harbour.txt", PLAIN)
    summary, data, source = _import(tmp_path, "harbour-fr.txt", FRENCH, "fr")
    # the numbers the paragraphs have are taken as printed; any other is flagged
    assert "numbered as the capture prints them: 4 paragraphs" in summary
    assert "line 11: the fr capture prints '5.' before para 5A" in summary
    assert "line 13: the fr capture prints '7.' before para 6" in summary
    last = data["paragraphs"][-1]
    assert (last["number"], last["printed"], last["text"]["fr"]) == ("6", True, "Fait à Tallinn.")
    (seven,) = [iv for iv in data["interventions"] if iv["text"] == "7."]
    assert seven["at"] == {"paragraph": last["id"]} and seven["reason"].startswith("TODO:")
    fill(source)
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
