"""The comparison's measures: the word diff, the similarity and its verdict."""

from __future__ import annotations

from briefgen.model.compare import CLOSE, DiffSpan, percent, redline, similarity, verdict, word_diff


def test_word_diff_marks_deleted_inserted_and_changed_words() -> None:
    left, right = word_diff("We agree to act now.", "We agree to act today, together.")
    assert "".join(s.text for s in left) == "We agree to act now."
    assert "".join(s.text for s in right) == "We agree to act today, together."
    assert left[0] == DiffSpan("We agree to act ", "same")
    assert {s.mark for s in left[1:]} <= {"changed", "deleted", "same"}
    assert any(s.mark in ("changed", "inserted") and "together" in s.text for s in right)


def test_word_diff_ignores_case_and_punctuation_of_a_word() -> None:
    left, right = word_diff("We Agree.", "we agree")
    assert {s.mark for s in left + right} == {"same"}


def test_redline_keeps_both_texts_in_order() -> None:
    spans = redline("go to the school", "go to school")
    assert [(s.text.strip(), s.mark) for s in spans if s.mark != "same"] == [("the", "deleted")]


def test_similarity_and_verdict() -> None:
    assert similarity("", "") == 1.0
    assert similarity("A b c", "a B c.") == 1.0
    assert verdict(1.0) == "identical"
    assert 0 < similarity("one two three four", "one two five six") < 1
    assert verdict(CLOSE) == "close"
    assert verdict(CLOSE - 0.02) == "different"
    assert percent(0.996) == 99  # a difference never rounds up to 100
    assert percent(1.0) == 100
