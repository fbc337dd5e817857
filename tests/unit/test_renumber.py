"""Renumbering a draft's paragraphs: what changes, what is refused, what prose to check."""

from __future__ import annotations

import pytest
import yaml

from briefgen.errors import SourceError, UsageError
from briefgen.sources.renumber import renumber

DRAFT = """\
paragraphs:
  - id: a
    number: "1"
  - id: b
    number: "3"   # 2 was a site's headline, removed
    note: "TODO: en-2 line 9 shares only 20% of its words with the en text of para 3"
  - id: c
    number: "3"   # merged from two paragraphs
interventions:
  - reason: Spliced in after para 1, before para 3.
"""


def test_numbers_become_one_to_n_and_prose_naming_old_numbers_is_listed() -> None:
    done = renumber(yaml.safe_load(DRAFT), DRAFT, "sources/w.yaml", {}, "sources/w.numbers.yaml")
    assert done.changes == [("b", "3", "2")]  # c keeps 3
    assert yaml.safe_load(done.text)["paragraphs"][1]["number"] == "2"
    assert "# 2 was a site's headline, removed" in done.text
    assert done.mentions == [
        "sources/w.yaml:6: paragraphs[1].note names para 3, now para 2: check its words",
        "sources/w.yaml:10: interventions[0].reason names para 3, now para 2: check its words",
    ]


def test_refused_once_the_register_holds_numbers_but_not_for_an_empty_register() -> None:
    data = yaml.safe_load(DRAFT)
    assert renumber(data, DRAFT, "sources/w.yaml", {}, "sources/w.numbers.yaml").changes
    with pytest.raises(UsageError) as err:
        renumber(data, DRAFT, "sources/w.yaml", {"a": "1"}, "sources/w.numbers.yaml")
    assert str(err.value).startswith("sources/w.numbers.yaml: renumbering refused: 1 paragraph")


def test_a_paragraph_without_a_number_is_named() -> None:
    text = "paragraphs:\n  - id: a\n    number: '1'\n  - id: b\n"
    with pytest.raises(SourceError) as err:
        renumber(yaml.safe_load(text), text, "sources/w.yaml", {}, "sources/w.numbers.yaml")
    assert str(err.value) == (
        "sources/w.yaml:4: paragraphs[1].number: missing: every paragraph needs a number to "
        "renumber (write any)"
    )


def test_a_number_the_capture_prints_is_not_renumbered() -> None:
    text = (
        "paragraphs:\n  - id: a\n    number: '1'\n    printed: true\n"
        "  - id: b\n    number: '3'\n    printed: true\n"
    )
    with pytest.raises(SourceError) as err:
        renumber(yaml.safe_load(text), text, "sources/w.yaml", {}, "sources/w.numbers.yaml")
    assert str(err.value).startswith(
        "sources/w.yaml:5: paragraphs[1].number: renumbering refused: para 3 is numbered as its "
        "capture prints it (printed: true) and would become para 2"
    )
    unprinted = text.replace("'3'\n    printed: true\n", "'3'\n")
    assert renumber(yaml.safe_load(unprinted), unprinted, "w", {}, "r").changes == [("b", "3", "2")]


def test_preambular_paragraphs_are_numbered_among_themselves() -> None:
    draft = "paragraphs:\n" + "".join(
        f"  - id: p{k}\n    number: {n}\n" for k, n in enumerate(["PP1", "PP3", "2", "4"])
    )
    done = renumber(yaml.safe_load(draft), draft, "sources/w.yaml", {}, "sources/w.numbers.yaml")
    numbers = [str(p["number"]) for p in yaml.safe_load(done.text)["paragraphs"]]
    assert numbers == ["PP1", "PP2", "1", "2"]
