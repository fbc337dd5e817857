"""`briefgen themes suggest` through the real command line, and `check` on the bundled
collection. Our own words, except the bundled sources."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support.projects import line_of, make_work, run_cli

ROOT = Path(__file__).resolve().parents[2]

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
    terms: {en: [log*]}
"""


def project(root: Path) -> Path:
    make_work(
        root,
        {"harbour": ["The harbour stays open.", "The shores are logged at dawn."]},
        work_id="harbour",
    )
    make_work(root, {"tide": ["The tides are logged.", "The tide turns."]}, work_id="tide")
    harbour = root / "sources" / "harbour.yaml"
    data = yaml.safe_load(harbour.read_text("utf-8"))
    data["paragraphs"][0]["themes"] = ["access"]
    harbour.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    (root / "sources" / "collections").mkdir()
    (root / "sources" / "collections" / "shores.yaml").write_text(COLLECTION, "utf-8")
    return root


def todo(theme: str, words: str) -> str:
    return (
        f"TODO: suggested theme '{theme}' (its search terms match '{words}'): write {theme} "
        "here to assign it, or delete this entry"
    )


def test_suggestions_are_printed_then_written_as_todos_that_check_refuses(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    before = {p.name: p.read_bytes() for p in (root / "sources").glob("*.yaml")}
    shown = run_cli("themes", "suggest", "shores", cwd=root)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "shores: 3 suggestion(s) from the themes' search terms, for an editor to confirm or "
        "reject (none is an assignment)",
        "harbour para 2: access (matched 'shores')",
        "harbour para 2: records (matched 'logged')",
        "tide para 1: records (matched 'logged')",
    ]
    assert {p.name: p.read_bytes() for p in (root / "sources").glob("*.yaml")} == before

    wrote = run_cli("themes", "suggest", "shores", "--write", cwd=root)
    assert wrote.returncode == 0, wrote.stderr
    assert wrote.stdout.splitlines()[-3:] == [
        "wrote 2 TODO(s) in sources/harbour.yaml",
        "wrote 1 TODO(s) in sources/tide.yaml",
        "each TODO is a suggestion: write the theme's id in its place, or delete it",
    ]
    harbour, tide = root / "sources" / "harbour.yaml", root / "sources" / "tide.yaml"
    checked = run_cli("check", cwd=root)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [
        f"error: sources/{work}.yaml:{line_of(path, 'match ' + repr(words))}: {field}: "
        + todo(theme, words)
        for work, path, field, theme, words in [
            ("harbour", harbour, "paragraphs[1].themes[0]", "access", "shores"),
            ("harbour", harbour, "paragraphs[1].themes[1]", "records", "logged"),
            ("tide", tide, "paragraphs[0].themes[0]", "records", "logged"),
        ]
    ]

    # the editor confirms one suggestion and deletes the others: check passes
    text = harbour.read_text("utf-8")
    text = text.replace(f'- "{todo("access", "shores")}"', "- access")
    text = text.replace(f'\n    - "{todo("records", "logged")}"', "")
    harbour.write_text(text, "utf-8")
    tide.write_text(
        tide.read_text("utf-8").replace(f'- "{todo("records", "logged")}"', "- records")
    )
    assert run_cli("check", cwd=root).returncode == 0
    again = run_cli("themes", "suggest", "shores", cwd=root)
    # what the editor rejected is suggested again: a suggestion is never remembered as a fact
    assert again.stdout.splitlines()[1:] == ["harbour para 2: records (matched 'logged')"]


def test_an_unknown_collection_is_one_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = run_cli("themes", "suggest", "shore", cwd=root)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "error: unknown collection 'shore' (collections: shores)\n"


def test_check_passes_on_the_bundled_sources_with_their_collection() -> None:
    done = run_cli("check", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "ok sources/collections/ai-governance.yaml: collection ai-governance, 6 works, 6 themes"
    )
