"""A correction says where it applies: undone at that place by check, collation and notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.errors import SourceError
from briefgen.render.context import Context
from briefgen.render.html.renderer import notice_html
from briefgen.sources.load import load
from tests.support.projects import ROOT, make_work, run_cli

WORK = "school-accord"
#: As captured, with a slip the editors correct: the second "to" was printed "too".
CAPTURED = "We want to go too school."
CORRECTED = "We want to go to school."


def correction(**fields: Any) -> dict[str, Any]:
    return {
        "date": "2026-01-05",
        "expression": "en",
        "paragraphs": ["p1"],
        "type": "typo",
        "reason": "A spelling slip of the capture.",
        "before": "too",
        "after": "to",
        **fields,
    }


def project(root: Path, *corrections: dict[str, Any], text: str = CORRECTED) -> Path:
    """Write a one-paragraph work captured as CAPTURED, whose edition reads `text`."""
    path = make_work(root, {"en": [CAPTURED]}, work_id=WORK)
    data = yaml.safe_load(path.read_text("utf-8"))
    data["paragraphs"][0]["text"]["en"] = text
    data["corrections"] = list(corrections)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def problems(path: Path) -> list[str]:
    """Load one source as check does; return its problems as check prints them."""
    try:
        load(path, path.parents[1])
    except SourceError as err:
        return [str(p) for p in err.problems]
    return []


def test_a_correction_is_undone_at_the_occurrence_it_names(tmp_path: Path) -> None:
    assert problems(project(tmp_path, correction(occurrence=2))) == []


def test_occurrence_is_not_needed_when_after_stands_once(tmp_path: Path) -> None:
    record = correction(before="go too school", after="go to school")
    assert problems(project(tmp_path, record)) == []


def line(path: Path, key: str) -> int:
    """Return the line of the corrections' first `key:` in a fixture source."""
    lines = path.read_text("utf-8").splitlines()
    start = lines.index("corrections:")
    return next(n for n, ln in enumerate(lines[start:], start + 1) if f"{key}:" in ln)


@pytest.mark.parametrize(
    ("fields", "key", "expected"),
    [
        (
            {},
            "date",  # a field not written is located at its record
            "corrections[0].occurrence: missing: 'to' stands 2 times in para 1 (en) — "
            "1: 'want to go', 2: 'go to school.' — add 'occurrence: N' to say which one "
            "this correction made",
        ),
        (
            {"occurrence": 3},
            "occurrence",
            "corrections[0].occurrence: 3, but 'to' stands 2 times in para 1 (en)",
        ),
        (
            {"before": "to", "after": "too", "occurrence": 1},
            "after",
            "corrections[0].after: not found in para 1 (en); the record must match the text "
            "as corrected",
        ),
    ],
)
def test_a_correction_that_names_no_one_place_is_refused(
    tmp_path: Path, fields: dict[str, Any], key: str, expected: str
) -> None:
    path = project(tmp_path, correction(**fields))
    assert problems(path) == [f"sources/{WORK}.yaml:{line(path, key)}: {expected}"]


def test_a_correction_with_no_after_words_names_no_occurrence(tmp_path: Path) -> None:
    path = project(
        tmp_path, correction(before="too ", after="", occurrence=1), text="We want to go school."
    )
    assert problems(path)[:1] == [
        f"sources/{WORK}.yaml:{line(path, 'occurrence')}: corrections[0].occurrence: a "
        "correction with no 'after' words has no occurrence of them to name"
    ]


def test_each_correction_counts_in_the_text_as_it_left_it(tmp_path: Path) -> None:
    # A later correction put another "to" (in "together") before the one corrected first; the
    # first record still counts in the text as it left it, so it need not be rewritten.
    later = correction(date="2026-01-06", before="want to", after="want, together, to")
    path = project(
        tmp_path,
        correction(occurrence=2),
        later,
        text="We want, together, to go to school.",
    )
    assert problems(path) == []


def test_the_notice_strikes_the_word_that_was_corrected(tmp_path: Path) -> None:
    path = project(tmp_path, correction(occurrence=2))
    html = notice_html(load(path, tmp_path), Context(ROOT / "templates"), screen=True)
    assert "We want to go <del>too</del> <ins>to</ins> school." in html


def test_check_says_which_field_is_missing(tmp_path: Path) -> None:
    path = project(tmp_path, correction())
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: sources/{WORK}.yaml:{line(path, 'date')}: corrections[0].occurrence: missing: "
        "'to' stands 2 times in para 1 (en) — 1: 'want to go', 2: 'go to school.' — add "
        "'occurrence: N' to say which one this correction made\n"
    )
