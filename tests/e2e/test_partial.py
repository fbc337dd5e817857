"""A capture that stops mid-paragraph: recorded as partial, the cut is accepted and shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from tests.support.pdf import text_of
from tests.support.projects import make_work, run_cli

WORK = "harbour-accord"
#: Our own words: a short accord whose only capture stops in the middle of paragraph 3.
PARAS = [
    "The signatories agree to keep the harbour open to every vessel in distress.",
    "Each signatory will publish the depth of its channels every spring.",
    "The signatories will share what their pilots learn about the shifting sands and",
]


def _mark_partial(data: dict[str, Any]) -> None:
    data["captures"][0]["partial"] = "The page stops in the middle of paragraph 3."
    data["paragraphs"][2]["incomplete"] = {"en": "the capture stops mid-paragraph"}
    data["expressions"][0]["authoritative"] = True


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("partial")
    make_work(root, {"en": PARAS}, work_id=WORK)
    return root


def _edit(root: Path, change: Any) -> None:
    path = root / "sources" / f"{WORK}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    unmarked = run_cli("check", cwd=project)
    assert unmarked.returncode == 1
    assert unmarked.stderr.endswith(
        "paragraphs[2].text.en: para 3 (en) ends in mid-sentence where capture 'c-en' ends "
        "(line 5): '… the shifting sands and' — if the capture stops inside the "
        "paragraph, mark the capture 'partial' and the paragraph 'incomplete' for en\n"
    )
    _edit(project, _mark_partial)
    result = run_cli("build", "--format", "all", "--kind", "edition", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "build" / WORK


def test_the_cut_is_accepted_only_where_recorded(project: Path, built: Path) -> None:
    def misplaced(data: dict[str, Any]) -> None:
        data["paragraphs"][1]["incomplete"] = {"en": "wrongly marked"}

    _edit(project, misplaced)
    try:
        result = run_cli("check", cwd=project)
    finally:
        _edit(project, lambda d: d["paragraphs"][1].pop("incomplete"))
    assert result.returncode == 1
    assert result.stderr.endswith(
        "paragraphs[1].incomplete.en: para 2 (en) is marked incomplete, but capture 'c-en' "
        "neither starts nor stops inside it (only the first or last paragraph of a partial "
        "capture can be incomplete)\n"
    )


def test_the_edition_says_the_paragraph_is_incomplete(built: Path) -> None:
    note = "para 3 is incomplete in this edition (the capture stops mid-paragraph)"
    html = (built / "edition-en.html").read_text("utf-8")
    assert f'shifting sands and <span class="incomplete">[{note}]</span>' in html
    assert "Partial capture:</strong> The page stops in the middle of paragraph 3." in html
    assert f"[{note}]" in " ".join(text_of(built / "edition-en.pdf").split())
    docx = "\n".join(p.text for p in Document(str(built / "edition-en.docx")).paragraphs)
    assert f"shifting sands and [{note}]" in docx
    assert "para 1 is incomplete" not in html + docx


def test_cite_says_the_paragraph_is_incomplete(project: Path, built: Path) -> None:
    text = run_cli("cite", WORK, "3", cwd=project)
    assert text.stdout.endswith(
        "para 3 (Text en; briefgen edition 1.0.0) — para 3 is incomplete in this edition "
        "(the capture stops mid-paragraph)\n"
    )
    assert "incomplete" not in run_cli("cite", WORK, "2", cwd=project).stdout
    ris = run_cli("cite", WORK, "3", "--format", "ris", cwd=project).stdout
    assert "N1  - para 3 is incomplete in this edition (the capture stops mid-paragraph)" in ris
    csl = run_cli("cite", WORK, "3", "--format", "csl-json", cwd=project).stdout
    assert "; para 3 is incomplete in this edition" in csl


def test_the_comparison_says_the_paragraph_is_incomplete(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("partial-two")
    other = [
        "The signatories keep the harbour open to all vessels in distress.",
        "Every signatory publishes the depth of its channels each spring.",
        "The signatories share what their pilots learn about the shifting sands.",
    ]
    make_work(root, {"en": PARAS, "en-b": other}, work_id=WORK)
    _edit(root, _mark_partial)
    result = run_cli("build", "--kind", "comparison", "--format", "html", cwd=root)
    assert result.returncode == 0, result.stderr
    html = (root / "build" / WORK / "comparison-en-en-b.html").read_text("utf-8")
    assert html.count("[para 3 is incomplete in this edition") == 1
