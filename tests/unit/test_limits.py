"""The limits check states: what counts as a word too long to print, and SOURCE_DATE_EPOCH."""

from __future__ import annotations

import pytest

from briefgen.clock import LAST_EPOCH, source_date
from briefgen.errors import UsageError
from briefgen.limits import TEXT_CHARS, WORD_CHARS, text_problem


def test_a_word_at_the_limit_passes_one_over_does_not() -> None:
    assert text_problem("see " + "x" * WORD_CHARS + " here") is None
    assert text_problem("see " + "x" * (WORD_CHARS + 1)) == (
        f"has a word of {WORD_CHARS + 1:,} characters ('xxxxxxxxxxxxxxxxxxxx…'); a word (a run "
        f"without a space) holds at most {WORD_CHARS:,}: add spaces, or shorten it"
    )


@pytest.mark.parametrize(
    "text",
    [
        "人工智能的发展应当以人为本，" * 200,  # Chinese: lines break between characters
        "ปัญญาประดิษฐ์เพื่อการพัฒนา" * 100,  # Thai: words found by dictionary
        "한국어" * 500,
    ],
)
def test_scripts_without_spaces_are_not_one_long_word(text: str) -> None:
    assert len(text) > WORD_CHARS
    assert text_problem(text) is None


def test_a_text_over_the_limit_is_refused_by_its_length() -> None:
    assert text_problem("word " * (TEXT_CHARS // 5)) is None
    assert text_problem("word " * (TEXT_CHARS // 5) + "x") == (
        f"{TEXT_CHARS + 1:,} characters; a text holds at most {TEXT_CHARS:,}"
    )


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("", None),
        ("0", "1970-01-01"),
        (str(LAST_EPOCH), "9999-12-31"),
        ("1767225600", "2026-01-01"),
    ],
)
def test_source_date_epoch_in_range(
    monkeypatch: pytest.MonkeyPatch, value: str, day: str | None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    when = source_date()
    assert (when.isoformat() if when else None) == day


@pytest.mark.parametrize(
    "value",
    ["abc", "-1", "1767225600 ", " 1767225600", "1.5", "١٧٦", str(LAST_EPOCH + 1), "9" * 5000],
)
def test_source_date_epoch_out_of_range_is_an_error(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(UsageError) as err:
        source_date()
    assert str(err.value).startswith("SOURCE_DATE_EPOCH: ")
    assert "0 to 253402300799 (9999-12-31)" in str(err.value)
