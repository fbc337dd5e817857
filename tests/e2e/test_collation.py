"""The collation: every word of a capture once, in order, or an error naming the capture line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.model.source import Source
from briefgen.sources.collation import collate
from tests.support.pdf import text_of
from tests.support.projects import WORK, Project, line_of, make_work, run_cli

SRC = "sources/shanghai-declaration-2024.yaml"
LEFT_OUT = "— add them, or record a 'remove' intervention\n"


def check(project: Project, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1
    return result.stderr


def texts(d: dict[str, Any], i: int) -> dict[str, Any]:
    text: dict[str, Any] = d["paragraphs"][i]["text"]
    return text


def capture_of(project: Project, expression: str) -> Path:
    """The capture file of an expression of the project's source."""
    data = yaml.safe_load(project.text())
    return project.capture(next(e["capture"] for e in data["expressions"] if e["id"] == expression))


def para_line(project: Project, expression: str, number: int) -> int:
    """The line of the expression's capture where a paragraph (numbered from 1) begins."""
    data = yaml.safe_load(project.text())
    words = data["paragraphs"][number - 1]["text"][expression].split()
    return line_of(capture_of(project, expression), " ".join(words[:6]))


def text_line(project: Project, expression: str, number: int) -> int:
    """The line of the source where a paragraph's text in an expression begins (its key)."""
    lines = project.text().splitlines()
    start = lines.index(f"  - id: {yaml.safe_load(project.text())['paragraphs'][number - 1]['id']}")
    return next(n for n, line in enumerate(lines[start:], start + 1) if f"{expression}:" in line)


def test_a_dropped_first_line_is_caught(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    line = para_line(project, "en-1ai", 13)
    project.replace(
        "        Cooperate to prevent terrorists, extremist forces and transnational organized "
        "crime\n",
        "",
    )
    assert check(project, monkeypatch) == (
        f"error: {SRC}:{text_line(project, 'en-1ai', 13)}: paragraphs[12].text.en-1ai: para 13 "
        f"(en-1ai) leaves out words of capture 'c001' (line {line}): 'Cooperate to prevent "
        "terrorists, extremist forces …' " + LEFT_OUT
    )


def test_a_dropped_last_clause_is_caught(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace(
        "engage in illegal activities,\n        and jointly combat the theft, tampering, "
        "disclosure and illegal collection and use of\n        personal information.",
        "engage in illegal activities,",
    )
    assert check(project, monkeypatch) == (
        f"error: {SRC}:{text_line(project, 'en-1ai', 13)}: paragraphs[12].text.en-1ai: para 13 "
        f"(en-1ai) leaves out words of capture 'c001' (line {para_line(project, 'en-1ai', 13)}): "
        "'and jointly combat the theft, tampering, …' " + LEFT_OUT
    )


def test_swapped_paragraphs_are_caught(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def swap(d: dict[str, Any]) -> None:
        texts(d, 11)["en-1ai"], texts(d, 12)["en-1ai"] = (
            texts(d, 12)["en-1ai"],
            texts(d, 11)["en-1ai"],
        )

    line = para_line(project, "en-1ai", 12)
    project.edit(swap)
    assert check(project, monkeypatch).endswith(
        "paragraphs[12].text.en-1ai: para 13 (en-1ai) is out of order: capture 'c001' has it "
        f"(line {line}) before para 12 — keep the capture's order\n"
    )


def test_a_repeated_paragraph_is_caught(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    line = para_line(project, "en-1ai", 13)
    project.edit(lambda d: texts(d, 13).update({"en-1ai": texts(d, 12)["en-1ai"]}))
    assert check(project, monkeypatch).endswith(
        "paragraphs[13].text.en-1ai: para 14 (en-1ai) repeats words of capture 'c001' "
        f"(line {line}) that para 13 already has: 'Cooperate to prevent terrorists, extremist "
        "forces …' — "
        "each word of the capture stands in the edition once\n"
    )


def test_a_sentence_moved_into_the_next_paragraph_is_caught(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def move(d: dict[str, Any]) -> None:
        kept, moved = texts(d, 11)["en-xinhua"].split(" We decide")
        texts(d, 11)["en-xinhua"] = kept
        texts(d, 12)["en-xinhua"] = f"We decide{moved} {texts(d, 12)['en-xinhua']}"

    line = para_line(project, "en-xinhua", 12)
    project.edit(move)
    assert check(project, monkeypatch).endswith(
        "paragraphs[12].text.en-xinhua: para 13 (en-xinhua) begins in the middle of "
        f"line {line} of capture 'c000', right after the words of para 12: 'We decide to "
        "jointly combat the …' "
        "— the edition's spans begin where the capture's lines do\n"
    )


def test_a_removal_recorded_at_the_wrong_place_is_caught(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def misplace(d: dict[str, Any]) -> None:
        iv = next(iv for iv in d["interventions"] if iv["id"] == "xinhua-shanghaieye-post")
        iv["at"] = {"after": "impact-and-challenges"}

    line = line_of(project.capture("c000"), "Chinese Premier Li Qiang")  # the post's first
    project.edit(misplace)
    assert check(project, monkeypatch).endswith(
        "interventions[3].at: removal 'xinhua-shanghaieye-post' is recorded after para 1 but "
        f"capture 'c000' has it between para 9 and para 10 (line {line}) — record it where it "
        "stands\n"
    )


def test_an_unrecorded_footer_is_caught(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.edit(
        lambda d: d.update(
            interventions=[iv for iv in d["interventions"] if iv["id"] != "1ai-site-footer"]
        )
    )
    line = line_of(project.capture("c001"), "statement:The content is collected")
    assert check(project, monkeypatch).endswith(
        "paragraphs[21].text.en-1ai: en-1ai leaves out words of capture 'c001' after para 22 "
        f"(line {line}): 'statement:The content is collected from various …' " + LEFT_OUT
    )


def test_collate_prints_what_each_capture_line_became(project: Project) -> None:
    capture = capture_of(project, "en-1ai")
    data = yaml.safe_load(project.text())
    intro = next(iv for iv in data["interventions"] if iv["id"] == "1ai-site-introduction")
    row = {  # the first column of each row: the capture lines, as computed from the capture
        "intro": f"lines 1–{line_of(capture, intro['text'].splitlines()[-1])}",
        "para 13": f"line {para_line(project, 'en-1ai', 13)}",
        "heading": f"line {line_of(capture, 'IV. Strengthening social participation')}",
        "footer": f"lines {line_of(capture, 'statement:The content is collected')}–"
        f"{len(capture.read_text('utf-8').splitlines())}",
    }
    row = {k: f"  {v:<15}" for k, v in row.items()}
    result = project.cli("collate", WORK, "--expression", "en-1ai")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"1AI English translation (en-1ai) · capture c001: captures/{capture.name}"
    assert lines[1].startswith(f"{row['intro']}removed: 1ai-site-introduction (The site's")
    assert f"{row['para 13']}para 13" in lines
    assert f"{row['heading']}heading of section 4 (normalised: 1ai-heading-4-numeral)" in lines
    assert lines[-1].startswith(f"{row['footer']}removed: 1ai-site-footer (")
    project.replace("        personal information.\n", "")
    broken = project.cli("collate", WORK, "-e", "en-1ai")
    assert broken.returncode == 1
    assert f"{row['para 13']}para 13" in broken.stdout
    assert f"{row['para 13']}NOT IN THE EDITION" in broken.stdout
    assert broken.stderr == (
        f"error: {SRC}: paragraphs[12].text.en-1ai: para 13 (en-1ai) leaves out words of capture "
        f"'c001' (line {para_line(project, 'en-1ai', 13)}): 'personal information.' " + LEFT_OUT
    )


def test_the_pack_gives_the_capture_lines_of_every_paragraph(built: Any, tmp_path: Path) -> None:
    bundled = Project(tmp_path)  # a copy of the sources `built` was built from, to read
    one_ai = {n: para_line(bundled, "en-1ai", n) for n in (1, 2, 13, 22)}
    xinhua = para_line(bundled, "en-xinhua", 13)
    pdf = text_of(built / WORK / "pack.pdf")
    assert "Capture lines of each paragraph" in pdf
    assert (
        f"1AI English translation, capture c001 para 1: line {one_ai[1]} para 2: line {one_ai[2]}"
    ) in pdf
    assert f"para 13: line {one_ai[13]}" in pdf and f"para 13: line {xinhua}" in pdf
    lines = [p.text for p in Document(str(built / WORK / "pack.docx")).paragraphs]
    assert f"para 13: line {one_ai[13]}" in lines and f"para 22: line {one_ai[22]}" in lines


# ----------------------------------------------------------------------------- a large capture


def synthetic(paragraphs: int) -> tuple[Source, str]:
    """A work of many sections and paragraphs, with removals between some, and its capture."""
    lines: list[str] = ["Site header line", ""]
    sections: list[dict[str, Any]] = []
    paras: list[dict[str, Any]] = []
    interventions: list[dict[str, Any]] = [
        {
            "id": "header",
            "capture": "c",
            "action": "remove",
            "at": {"before": "p1"},
            "text": "Site header line",
            "reason": "Site header.",
        }
    ]
    for n in range(1, paragraphs + 1):
        if n % 40 == 1:
            s = f"s{n // 40 + 1}"
            heading = f"{n // 40 + 1}. Part {n // 40 + 1} of the test text"
            sections.append({"id": s, "number": str(n // 40 + 1), "heading": {"en": heading}})
            lines += [heading, ""]
        text = f"Paragraph {n} says that item {n * 7} is agreed, and that row {n} holds."
        paras.append({"id": f"p{n}", "number": str(n), "section": s, "text": {"en": text}})
        lines += [text, ""]
        if n % 100 == 0:
            lines += [f"Related: story {n}", ""]
            interventions.append(
                {
                    "id": f"related-{n}",
                    "capture": "c",
                    "action": "remove",
                    "at": {"after": f"p{n}"},
                    "text": f"Related: story {n}",
                    "reason": "A link to another story.",
                }
            )
    data = {
        "format": "briefgen/1",
        "work": {
            "id": "big",
            "title": "Big",
            "adopted": "2024-01-01",
            "place": "Nowhere",
            "issuer": "Test",
            "original_language": "en",
        },
        "edition": {"date": "2026-01-01", "editors": "test"},
        "captures": [
            {
                "id": "c",
                "file": "c.txt",
                "sha256": "0" * 64,
                "publisher": "P",
                "title": "T",
                "url": "u",
                "published": None,
                "content": "x",
            }
        ],
        "expressions": [
            {
                "id": "en",
                "language": "en",
                "name": "E",
                "title": "Big",
                "authoritative": True,
                "capture": "c",
            }
        ],
        "sections": sections,
        "interventions": interventions,
        "paragraphs": paras,
    }
    return Source.model_validate(data), "\n".join(lines) + "\n"


def test_a_capture_of_2000_paragraphs_collates_exactly() -> None:
    src, capture = synthetic(2000)
    col = collate(src, "en", capture)
    assert col.problems == []
    lines = col.lines()
    assert len(lines) == 2000
    line = capture.splitlines().index(src.paragraphs[1499].text["en"]) + 1  # type: ignore[arg-type]
    assert lines["p1500"] == (line, line)
    rows = col.rows()
    assert rows[0] == (1, 1, "removed: header (Site header.)")
    assert sum(label.startswith("removed: related-") for _, _, label in rows) == 20

    dropped = src.model_copy(deep=True)
    text = dropped.paragraphs[1499].text
    text["en"] = text["en"].replace(" and that row 1500 holds.", "")  # type: ignore[union-attr]
    assert collate(dropped, "en", capture).problems == [
        (
            "paragraphs[1499].text.en",
            f"para 1500 (en) leaves out words of capture 'c' (line {line}): 'and that row 1500 "
            "holds.' — add them, or record a 'remove' intervention",
        )
    ]


def test_every_slip_in_a_large_capture_is_reported_with_its_line() -> None:
    src, capture = synthetic(2000)
    data = src.model_dump(mode="json")
    for p in data["paragraphs"]:
        p["text"]["en"] = p["text"]["en"].removesuffix(" holds.")
    problems = collate(Source.model_validate(data), "en", capture).problems
    assert len(problems) == 2000
    lines = capture.splitlines()
    for n, (field, message) in zip(
        (1, 1000, 2000), [problems[0], problems[999], problems[1999]], strict=True
    ):
        line = lines.index(src.paragraphs[n - 1].text["en"]) + 1  # type: ignore[arg-type]
        assert field == f"paragraphs[{n - 1}].text.en"
        assert message == (
            f"para {n} (en) leaves out words of capture 'c' (line {line}): 'holds.' — add them, "
            "or record a 'remove' intervention"
        )


@pytest.mark.parametrize(
    ("capture", "problem"),
    [
        ("Site header line\n\n{h}\n\n{a1}\n{a2}\n\n{b}\n", None),  # wrapped lines
        ("Site header line\n{h}\n{a}\n{b}\n", None),  # no blank line: every line a paragraph
        ("Site header line\n\n{h}\n{a}\n{b}\n", "begins in the middle of a paragraph"),
        ("Site header line\n\n{h}\n\n{a} {b}\n", "begins in the middle of line 5"),
    ],
)
def test_paragraphs_divide_where_the_capture_does(capture: str, problem: str | None) -> None:
    src, _ = synthetic(2)
    a, b = (p.text["en"] for p in src.paragraphs)
    assert isinstance(a, str) and isinstance(b, str)
    half = len(a.split()) // 2
    text = capture.format(
        h=src.sections[0].heading["en"] if src.sections[0].heading else "",
        a=a,
        b=b,
        a1=" ".join(a.split()[:half]),
        a2=" ".join(a.split()[half:]),
    )
    problems = collate(src, "en", text).problems
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0][1]
        assert problems[0][0] == "paragraphs[1].text.en"


def test_a_paragraph_repeated_before_a_heading_is_named_as_a_repeat() -> None:
    src, capture = synthetic(41)  # section 2 opens with para 41
    data = src.model_dump(mode="json")
    copy = {**data["paragraphs"][39], "id": "p40a", "number": "40A"}
    data["paragraphs"].insert(40, copy)
    line = capture.splitlines().index(copy["text"]["en"]) + 1
    assert collate(Source.model_validate(data), "en", capture).problems == [
        (
            "paragraphs[40].text.en",
            f"para 40A (en) repeats words of capture 'c' (line {line}) that para 40 already has: "
            "'Paragraph 40 says that item 280 …' — each word of the capture stands in the "
            "edition once",
        )
    ]


def test_words_left_out_under_a_heading_are_not_blamed_on_the_heading() -> None:
    src, _ = synthetic(2)
    heading = src.sections[0].heading["en"] if src.sections[0].heading else ""
    a, b = (p.text["en"] for p in src.paragraphs)
    capture = f"Site header line\n\n{heading}\n{a}\n\n{b}\n"  # "Article 1" above its text
    assert collate(src, "en", capture).problems == []
    data = src.model_dump(mode="json")
    data["paragraphs"][0]["text"]["en"] = {"absent": True}
    assert collate(Source.model_validate(data), "en", capture).problems == [
        (
            "paragraphs[1].text.en",
            "en leaves out words of capture 'c' between the heading of section 1 and para 2 "
            "(line 4): 'Paragraph 1 says that item 7 …' — add them, or record a 'remove' "
            "intervention",
        )
    ]


def test_an_ambiguous_span_normalisation_is_one_line_naming_file_line_and_field(
    tmp_path: Path,
) -> None:
    path = make_work(tmp_path, {"fr": ["Le 9<sup>e</sup> jour du 9e mois, nous agirons."]})
    data = yaml.safe_load(path.read_text("utf-8"))
    data["paragraphs"][0]["text"]["fr"] = "Le 9e jour du 9e mois, nous agirons."
    data["interventions"] = [
        {
            "id": "ordinal",
            "capture": "c-fr",
            "action": "normalise",
            "at": {"paragraph": "p1"},
            "before": "9<sup>e</sup>",
            "after": "9e",
            "reason": "Markup of the page.",
        }
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    line = line_of(path, "id: ordinal")
    assert result.stderr.splitlines() == [
        f"error: sources/test-declaration.yaml:{line}: interventions[0].occurrence: missing: "
        "'9e' stands 2 times in para 1 (fr) — 1: 'Le 9e jour', 2: 'du 9e mois,' — add "
        "'occurrence: N' to say which one this normalisation made"
    ]
    data["interventions"][0]["occurrence"] = 1
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert run_cli("check", cwd=tmp_path).returncode == 0
