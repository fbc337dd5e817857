"""The model refuses invalid sources with a located message; the plan lists every output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.build.pipeline import plan
from briefgen.errors import SourceError
from briefgen.sources.load import load_all
from tests.support.projects import line_of, make_work


@pytest.fixture
def small(tmp_path: Path) -> Path:
    make_work(tmp_path, {"en-a": ["We agree.", "We note."], "en-b": ["We accept.", "We see."]})
    return tmp_path


def edit(root: Path, change: Any) -> Path:
    path = root / "sources" / "test-declaration.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def error(root: Path) -> str:
    with pytest.raises(SourceError) as err:
        load_all(root / "sources", root)
    return str(err.value)


def test_a_missing_text_is_located(small: Path) -> None:
    path = edit(small, lambda d: d["paragraphs"][1]["text"].pop("en-b"))
    line = line_of(path, "en-a: We note.")
    assert error(small) == (
        f"sources/test-declaration.yaml:{line}: paragraphs[1].text.en-b: missing (every "
        "paragraph needs a text in each expression, or 'absent: true')"
    )


def test_an_unknown_field_and_a_bad_date_are_located(small: Path) -> None:
    path = edit(small, lambda d: d["work"].update(adopted="4 July", colour="red"))
    message = error(small)
    assert f"sources/test-declaration.yaml:{line_of(path, 'adopted:')}: work.adopted" in message
    assert "work.colour" in message


def test_the_plan_lists_each_kind_in_each_format(small: Path) -> None:
    works = load_all(small / "sources", small)
    paths = [o.path for o in plan(works, ["html", "pdf"])]
    assert "test-declaration/edition-en-a.html" in paths
    assert "test-declaration/edition-en-b.pdf" in paths
    assert any("comparison" in p and p.endswith(".pdf") for p in paths)
    assert len(paths) == len(set(paths))
    assert [o.kind for o in plan(works, ["html"], {"edition"})] == ["edition", "edition"]
    assert [o.format for o in plan(works, ["html"], {"pack"})] == ["pdf"]  # the pack has no HTML
