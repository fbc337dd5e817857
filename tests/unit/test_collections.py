"""Collections: their files read and checked against the works, theme assignments checked
against the collections (model/collection.py, sources/collections.py). Our own words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.errors import SourceError
from briefgen.model.collection import assigned
from briefgen.sources.collections import load_collections
from briefgen.sources.load import load_all
from tests.support.projects import make_work

COLLECTION = """format: briefgen-collection/1
id: shores
title: Declarations on shared shores
works: [harbour, tide]
themes:
  - id: access
    label: Access to the shore
    definition: Who may walk, fish or land on the shore.
    terms: {en: [beach, shore, open]}
  - id: records
    label: Shared records
    definition: What the towns measure and share.
"""


def project(tmp_path: Path, collection: str = COLLECTION, themes: list[str] | None = None) -> Path:
    for work, words in (("harbour", "The harbour stays open."), ("tide", "The tides are logged.")):
        texts: dict[str, list[str | None]] = {work: [words, f"The {work} closes."]}
        path = make_work(tmp_path, texts, work_id=work)  # its text's id is the work's
        data = yaml.safe_load(path.read_text("utf-8"))
        data["paragraphs"][0]["themes"] = themes if themes is not None else ["access"]
        path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    (tmp_path / "sources" / "collections").mkdir(exist_ok=True)
    (tmp_path / "sources" / "collections" / "shores.yaml").write_text(collection, "utf-8")
    return tmp_path


def load(root: Path) -> list[str]:
    works = load_all(root / "sources", root)
    with pytest.raises(SourceError) as err:
        load_collections(root / "sources", root, works)
    return [str(p) for p in err.value.problems]


def test_a_collection_is_read_and_its_assignments_found(tmp_path: Path) -> None:
    root = project(tmp_path)
    works = load_all(root / "sources", root)
    ((col, shown),) = load_collections(root / "sources", root, works)
    assert (shown, col.works, [t.id for t in col.themes]) == (
        "sources/collections/shores.yaml",
        ["harbour", "tide"],
        ["access", "records"],
    )
    harbour = next(w for w in works if w.id == "harbour")
    assert [a.pin() for a in assigned(harbour, "access")] == ["1"]
    assert assigned(harbour, "records") == []


def test_an_unknown_work_is_named_with_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, COLLECTION.replace("[harbour, tide]", "[harbour, tides]"))
    assert load(root) == [
        "sources/collections/shores.yaml:4: works[1]: unknown work 'tides' (works: harbour, tide)"
    ]


def test_an_unknown_theme_in_a_work_is_named_with_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, themes=["acess"])
    found = load(root)
    assert len(found) == 2
    assert found[0].startswith("sources/harbour.yaml:")
    assert found[0].endswith(": paragraphs[0].themes[0]: unknown theme 'acess' (access, records)")


def test_a_work_in_no_collection_has_no_theme_to_assign(tmp_path: Path) -> None:
    root = project(tmp_path, COLLECTION.replace("[harbour, tide]", "[harbour]"))
    found = load(root)
    assert found == [
        f"{found[0].split(': ')[0]}: paragraphs[0].themes[0]: unknown theme 'access' "
        "(none: no collection holds this work)"
    ]
