"""`briefgen themes suggest`: the themes' search terms propose assignments (model/collection.py
`suggest`), written as TODO entries that keep the rest of the source as it was
(sources/themes.py, yamlfile.append_to_lists). Our own words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.errors import SourceError
from briefgen.model.collection import matches, suggest
from briefgen.sources.collections import load_collections
from briefgen.sources.load import load_all
from briefgen.sources.themes import written
from briefgen.sources.yamlfile import append_to_lists
from tests.support.projects import line_of, make_work

COLLECTION = """format: briefgen-collection/1
id: shores
title: Declarations on shared shores
works: [harbour, tide]
themes:
  - id: access
    label: Access to the shore
    definition: Who may walk, fish or land on the shore.
    terms: {en: [beach, shore*, open]}
  - id: records
    label: Shared records
    definition: What the towns measure and share.
    terms: {en: [log*, tide tables], zh: [记录]}
"""


def project(root: Path) -> Path:
    """Two works: the harbour's (English) and the tide's (English and Chinese, with a list)."""
    make_work(
        root,
        {"harbour": ["The harbour stays open.", "The shores are logged at dawn."]},
        work_id="harbour",
    )
    tide = make_work(
        root,
        {
            "tide": ["The tide-tables are shared.", "The towns agree:"],
            "zh": ["潮汐表共享。", "各镇同意："],
        },
        work_id="tide",
        languages={"zh": "zh"},
        items={
            2: [
                ("a", {"tide": "to walk the beach;", "zh": "在海滩上行走；"}),
                ("b", {"tide": "to keep the blog.", "zh": "保存记录。"}),
            ]
        },
    )
    harbour = root / "sources" / "harbour.yaml"
    data = yaml.safe_load(harbour.read_text("utf-8"))
    data["paragraphs"][0]["themes"] = ["access"]  # assigned already: not suggested again
    harbour.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert tide.exists()
    (root / "sources" / "collections").mkdir()
    (root / "sources" / "collections" / "shores.yaml").write_text(COLLECTION, "utf-8")
    return root


def test_terms_match_whole_words_phrases_and_chinese_characters() -> None:
    assert matches("Risks, brisk risk-taking.", ["risk*"]) == ["Risks", "risk"]
    assert matches("capacity-building and capacity\nbuilding", ["capacity building"]) == [
        "capacity-building",
        "capacity building",
    ]
    assert matches("data protection of data", ["data", "data protection"]) == [
        "data protection",
        "data",
    ]
    assert matches("人工智能安全发展", ["安全"]) == ["安全"]


def test_suggestions_name_the_work_pinpoint_theme_and_words(tmp_path: Path) -> None:
    root = project(tmp_path)
    works = load_all(root / "sources", root)
    ((col, _),) = load_collections(root / "sources", root, works)
    found = [(s.work, s.pin, s.theme, s.words, s.field()) for w in works for s in suggest(col, w)]
    assert found == [
        ("harbour", "2", "access", ("shores",), "paragraphs[1]"),
        ("harbour", "2", "records", ("logged",), "paragraphs[1]"),
        ("tide", "1", "records", ("tide-tables",), "paragraphs[0]"),
        ("tide", "2(a)", "access", ("beach",), "paragraphs[1].items[0]"),
        # "blog" is not a word of "log*"; the Chinese text's 记录 is
        ("tide", "2(b)", "records", ("记录",), "paragraphs[1].items[1]"),
    ]


SOURCE = """\
paragraphs:  # the editors' comment stays
  - id: p1
    number: "1"
    section: main
    text:
      en: One.
  - id: p2
    number: "2"
    section: main   # so does this one
    themes: [records, 'access']
    text:
      en: Two.
    items:
      - id: p2-a
        label: a
        themes:
          - records
        text:
          en: Three.
"""


def test_todos_are_added_and_every_other_line_stays_as_written() -> None:
    out = append_to_lists(
        SOURCE,
        "sources/x.yaml",
        "themes",
        {
            ("paragraphs", 0): ["TODO: one"],
            ("paragraphs", 1): ["TODO: two"],
            ("paragraphs", 1, "items", 0): ["TODO: three", "TODO: four"],
        },
        ("section", "label", "id"),
    )
    assert out == SOURCE.replace(
        "    section: main\n    text:\n      en: One.",
        '    section: main\n    themes:\n      - "TODO: one"\n    text:\n      en: One.',
    ).replace(
        "    themes: [records, 'access']\n",
        "    themes:\n      - records\n      - 'access'\n      - \"TODO: two\"\n",
    ).replace(
        "          - records\n",
        '          - records\n          - "TODO: three"\n          - "TODO: four"\n',
    )


def test_a_list_that_cannot_take_an_entry_in_place_is_refused_with_its_line() -> None:
    text = "paragraphs:\n  - {id: p1, number: '1'}\n"
    with pytest.raises(SourceError) as err:
        append_to_lists(text, "sources/x.yaml", "themes", {("paragraphs", 0): ["TODO"]}, ())
    assert str(err.value.problems[0]) == (
        "sources/x.yaml:2: paragraphs[0].themes: cannot add to 'themes' in place: write this "
        "as a block mapping"
    )


def test_a_written_suggestion_is_a_todo_that_check_names(tmp_path: Path) -> None:
    root = project(tmp_path)
    works = load_all(root / "sources", root)
    ((col, _),) = load_collections(root / "sources", root, works)
    tide = next(w for w in works if w.id == "tide")
    path = root / "sources" / "tide.yaml"
    path.write_text(written(path.read_text("utf-8"), "sources/tide.yaml", suggest(col, tide)))
    with pytest.raises(SourceError) as err:
        load_all(root / "sources", root)
    said = [str(p) for p in err.value.problems]
    assert said == [
        f"sources/tide.yaml:{line_of(path, 'match ' + repr(words))}: {field}: "
        f"TODO: suggested theme '{theme}' (its search terms match '{words}'): write {theme} "
        "here to assign it, or delete this entry"
        for field, theme, words in [
            ("paragraphs[0].themes[0]", "records", "tide-tables"),
            ("paragraphs[1].items[0].themes[0]", "access", "beach"),
            ("paragraphs[1].items[1].themes[0]", "records", "记录"),
        ]
    ]
