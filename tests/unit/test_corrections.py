"""A correction applies at one place of its paragraph: undo it there, or say why not."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from briefgen.model.source import Correction, Unplaced, captured_text


def typo(**fields: Any) -> Correction:
    record = {"date": date(2026, 1, 3), "expression": "en", "paragraphs": ["p1"]}
    record |= {"type": "typo", "reason": "A slip.", **fields}
    return Correction.model_validate(record)


def test_undo_at_the_occurrence_named() -> None:
    fix = typo(before="too", after="to", occurrence=2)
    assert fix.undo("We want to go to school") == "We want to go too school"
    assert typo(before="to", after="too").undo("We want too") == "We want to"


def test_an_after_that_stands_twice_needs_an_occurrence() -> None:
    with pytest.raises(Unplaced) as err:
        typo(before="too", after="to").undo("We want to go to school", "para 1 (en)")
    assert err.value.field == "occurrence"
    assert str(err.value) == (
        "missing: 'to' stands 2 times in para 1 (en) — 1: 'want to go', 2: 'go to school' — "
        "add 'occurrence: N' to say which one this correction made"
    )


def test_an_after_not_in_the_text_or_a_missing_occurrence_is_unplaced() -> None:
    with pytest.raises(Unplaced) as err:
        typo(before="a", after="b").undo("no such word", "para 1 (en)")
    assert (err.value.field, str(err.value)) == (
        "after",
        "not found in para 1 (en); the record must match the text as corrected",
    )
    with pytest.raises(Unplaced) as err:
        typo(before="a", after="go", occurrence=3).undo("go go", "para 1 (en)")
    assert str(err.value) == "3, but 'go' stands 2 times in para 1 (en)"


def test_captured_text_undoes_every_correction_of_the_paragraph() -> None:
    first = typo(before="colour", after="color", date=date(2026, 1, 3))
    second = typo(before="recieve", after="receive", date=date(2026, 2, 3))
    other = typo(before="x", after="y", paragraphs=["p2"])
    text = "We receive the color."
    assert captured_text([first, second, other], "en", "p1", text) == "We recieve the colour."
    assert captured_text([first], "fr", "p1", text) == text  # another expression's
