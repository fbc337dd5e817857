"""`briefgen renumber`: a draft's paragraphs numbered 1…N again, until the numbers are published."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support.projects import make_work, run_cli

PARAS = [
    "We meet by the river to agree on shared rules.",
    "Weather report for the valley, sunny spells later.",
    "We will share the water fairly in dry years.",
    "We will meet again within two years.",
]


def draft_with_a_gap(root: Path) -> Path:
    """A work whose editor deleted para 2 (recording its removal) and wrote comments."""
    path = make_work(root, {"en": PARAS})
    data = yaml.safe_load(path.read_text("utf-8"))
    del data["paragraphs"][1]
    data["paragraphs"][1]["note"] = "Para 3 and para 4 were checked against the capture."
    data["interventions"] = [
        {
            "id": "weather",
            "capture": "c-en",
            "action": "remove",
            "at": {"after": "p1"},
            "text": PARAS[1],
            "reason": "A weather report spliced in by the site.",
        }
    ]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    text = text.replace("- id: p3\n", "- id: p3  # the water paragraph\n")
    path.write_text("# Drafted by hand for this test.\n" + text, "utf-8")
    return path


def test_renumber_closes_the_gap_keeps_comments_and_is_refused_once_published(
    tmp_path: Path,
) -> None:
    path = draft_with_a_gap(tmp_path)
    before = path.read_text("utf-8")
    result = run_cli("renumber", "test-declaration", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    note_line = 1 + before.splitlines().index(
        "  note: Para 3 and para 4 were checked against the capture."
    )
    assert result.stdout.splitlines() == [
        "test-declaration: renumbered 2 of 3 paragraphs 1–3 in sources/test-declaration.yaml "
        "(only the numbers changed; comments and layout are kept):",
        "para 3 → 2, para 4 → 3",
        f"note: sources/test-declaration.yaml:{note_line}: paragraphs[1].note names para 3, "
        "now para 2: check its words",
        f"note: sources/test-declaration.yaml:{note_line}: paragraphs[1].note names para 4, "
        "now para 3: check its words",
    ]
    after = path.read_text("utf-8")
    assert after == before.replace("number: '3'", "number: '2'").replace(
        "number: '4'", "number: '3'"
    )
    assert [p["number"] for p in yaml.safe_load(after)["paragraphs"]] == ["1", "2", "3"]
    assert [p["id"] for p in yaml.safe_load(after)["paragraphs"]] == ["p1", "p3", "p4"]
    check = run_cli("check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr

    again = run_cli("renumber", "test-declaration", cwd=tmp_path)
    assert again.stdout == (
        "test-declaration: paragraphs already numbered 1–3 in sources/test-declaration.yaml; "
        "nothing changed\n"
    )

    assert run_cli("publish", "test-declaration", cwd=tmp_path).returncode == 0
    path.write_text(after.replace("number: '3'", "number: '7'"), "utf-8")
    refused = run_cli("renumber", "test-declaration", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == (
        "error: sources/test-declaration.numbers.yaml: renumbering refused: 3 paragraph "
        "number(s) of this work are published, and published numbers never change (insert a "
        "paragraph as 12A, withdraw one with 'withdrawn: true')\n"
    )
    assert "number: '7'" in path.read_text("utf-8")  # nothing written
