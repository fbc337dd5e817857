"""Every bad input gets a one- or two-line message naming file, place and problem; exit 1."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from tests.support.projects import Project, line_of

SRC = "sources/shanghai-declaration-2024.yaml"
SMALL = "sources/test-declaration.yaml"
#: A small source of our own, so the line numbers below do not move with the bundled source.
SMALL_SOURCE = """\
format: briefgen/1
work:
  id: test-declaration
  title: Test Declaration
  adopted: 2024-07-04
  place: Geneva
  issuer: A Test Conference
  original_language: en
edition:
  date: 2026-01-02
  editors: test editors
captures:
  - id: c-a
    file: captures/a.txt
    sha256: {sha_a}
    publisher: Test Publisher
    title: Test capture A
    url: https://example.org/a
    published: null
    content: Fixture.
  - id: c-b
    file: captures/b.txt
    sha256: {sha_b}
    publisher: Test Publisher
    title: Test capture B
    url: https://example.org/b
    published: null
    content: Fixture.
expressions:
  - id: en-a
    language: en
    name: Text A
    title: Test Declaration
    authoritative: false
    capture: c-a
  - id: en-b
    language: en
    name: Text B
    title: Test Declaration
    authoritative: false
    capture: c-b
sections:
  - {{id: main, number: null, heading: null}}
paragraphs:
  - id: first
    number: "1"
    section: main
    text:
      en-a: We agree to meet every year.
      en-b: We agree to meet each year.
  - id: second
    number: "2"
    section: main
    text:
      en-a: We will share what we learn.
      en-b: We shall share what we learn.
  - id: third
    number: "3"
    section: main
    text:
      en-a: We invite others to join us.
      en-b: We invite others to join.
"""


class Small(Project):
    """A throwaway project holding only the small source above and its two captures."""

    def __init__(self, root: Path) -> None:
        self.root = root
        captures = root / "sources" / "captures"
        captures.mkdir(parents=True)
        texts = {"a": "", "b": ""}
        for line in SMALL_SOURCE.splitlines():
            if line.startswith("      en-"):
                key, text = line.strip().split(": ", 1)
                texts[key[-1]] += text + "\n\n"
        sha = {}
        for key, text in texts.items():
            (captures / f"{key}.txt").write_text(text, "utf-8")
            sha[f"sha_{key}"] = hashlib.sha256(text.encode()).hexdigest()
        self.source = root / SMALL
        self.source.write_text(SMALL_SOURCE.format(**sha), "utf-8")


@pytest.fixture
def small(tmp_path: Path) -> Small:
    return Small(tmp_path)


def check(project: Project, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["check"])
    return result.exit_code, result.stderr


def assert_error(project: Project, monkeypatch: pytest.MonkeyPatch, expected: str) -> None:
    code, err = check(project, monkeypatch)
    assert code == 1
    assert err == f"error: {expected}\n"
    assert "Traceback" not in err


def test_bundled_sources_pass(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"ok {SRC}: shanghai-declaration-2024, edition 1.0.0, "
        "paragraphs (en-1ai: 22, en-xinhua: 22)\n"
        f"ok {SRC.replace('.yaml', '.brief.yaml')}: brief of shanghai-declaration-2024, "
        "7 key commitments\n"
    )  # the fixture project holds no collection (tests/support/projects.py)


def test_malformed_yaml(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace("work:\n  id: test", "work:\n  id: [test")
    assert_error(
        small,
        monkeypatch,
        f"{SMALL}:4:8: malformed YAML: while parsing a flow sequence: did not find expected "
        "',' or ']'",
    )


def test_unknown_field(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace("  place: Geneva\n", "  place: Geneva\n  venue: Palais\n")
    assert_error(
        small,
        monkeypatch,
        f"{SMALL}:7: work.venue: unknown field (check its "
        "spelling; docs/source-format.md lists the source format)",
    )


def test_missing_field(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace("  place: Geneva\n", "")
    assert_error(small, monkeypatch, f"{SMALL}:3: work.place: missing (a required field)")


def test_duplicate_paragraph_id(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace("- id: third", "- id: first")
    assert_error(
        small,
        monkeypatch,
        f"{SMALL}:57: paragraphs[2].id: duplicate id 'first' (also paragraphs[0])",
    )


def test_duplicate_paragraph_number(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace('number: "3"', 'number: "2"')
    assert_error(
        small,
        monkeypatch,
        f"{SMALL}:58: paragraphs[2].number: duplicate number '2' (also paragraphs[1])",
    )


def test_paragraph_missing_from_one_expression(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit(lambda d: d["paragraphs"][13]["text"].pop("en-xinhua"))
    code, err = check(project, monkeypatch)
    assert code == 1
    assert err.endswith(
        ": paragraphs[13].text.en-xinhua: missing (every paragraph needs a "
        "text in each expression, or 'absent: true')\n"
    )
    assert err.startswith(f"error: {SRC}:")


def test_paragraph_marked_absent_is_accepted(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Accepted where its words are not in the edition's capture: here they are recorded removed."""
    text = (
        "We agree to promote the formulation and adoption of ethical guidelines and norms for AI "
        "with broad international consensus, guide the healthy development of AI technologies, "
        "and prevent their misuse, abuse, or malicious use."
    )

    def absent(d: dict) -> None:  # type: ignore[type-arg]
        d["paragraphs"][13]["text"]["en-xinhua"] = {"absent": True}

    def removed(d: dict) -> None:  # type: ignore[type-arg]
        d["interventions"].append(
            {
                "id": "xinhua-para-14",
                "capture": "c000",
                "action": "remove",
                "at": {"before": "ethical-guidelines"},
                "text": text,
                "reason": "A test: the editors hold this paragraph is not part of the text.",
            }
        )

    project.edit(absent)
    code, err = check(project, monkeypatch)
    assert code == 1  # the capture has the paragraph: marking it absent would drop its words
    line = line_of(project.capture("c000"), "We agree to promote the formulation and adoption")
    assert err.endswith(
        "paragraphs[14].text.en-xinhua: en-xinhua leaves out words of capture 'c000' between "
        f"para 13 and para 15 (line {line}): 'We agree to promote the formulation …' — add them, "
        "or record a 'remove' intervention\n"
    )
    project.edit(removed)
    code, err = check(project, monkeypatch)
    assert code == 0, err


def test_unknown_expression(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace("      en-b: We agree to meet", "      en-c: We agree to meet")
    code, err = check(small, monkeypatch)
    assert code == 1
    assert err == (
        f"error: {SMALL}:50: paragraphs[0].text.en-c: unknown expression 'en-c' "
        "(expressions: en-a, en-b)\n"
        f"error: {SMALL}:49: paragraphs[0].text.en-b: missing (every paragraph needs a text "
        "in each expression, or 'absent: true')\n"
    )


def test_missing_capture(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    (small.root / "sources/captures/b.txt").unlink()
    assert_error(
        small,
        monkeypatch,
        f"{SMALL}:22: captures[1].file: capture file not found: captures/b.txt",
    )


def test_capture_changed(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    capture = small.root / "sources/captures/a.txt"
    recorded = hashlib.sha256(capture.read_bytes()).hexdigest()
    capture.write_bytes(capture.read_bytes().replace(b"every year", b"every day"))
    code, err = check(small, monkeypatch)
    assert code == 1
    assert err.startswith(
        f"error: {SMALL}:15: captures[0].sha256: captures/a.txt does not match "
        f"its recorded SHA-256 {recorded}; the file's own is "
    )
    assert err.endswith(
        ". Either sha256 was mistyped: correct it, if the file is the original capture; or the "
        "file's bytes changed since it was recorded: put the original file back (captures are "
        "evidence, never edited)\n"
    )


def test_empty_file(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.source.write_text("\n", "utf-8")
    assert_error(project, monkeypatch, f"{SRC}: file is empty")


def test_not_utf8(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.source.write_bytes(
        small.source.read_bytes().replace(b"Test Declaration\n", b"Test D\xe9claration\n", 1)
    )
    assert_error(
        small,
        monkeypatch,
        f"{SMALL}:4: not UTF-8 (byte 0xe9 at offset 63); save the file as UTF-8",
    )


def test_yaml_tag_refused(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace("editors: test editors", "editors: !!python/object:os.system x")
    assert_error(
        small,
        monkeypatch,
        f"{SMALL}:11:12: YAML tag '!!python/object:os.system' is "
        "not allowed (sources are plain data: remove the tag)",
    )


def test_duplicate_key(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace("  place: Geneva\n", "  place: Geneva\n  place: Bern\n")
    assert_error(small, monkeypatch, f"{SMALL}:7:3: work: malformed YAML: duplicate key 'place'")


def test_unrecorded_edit_of_a_paragraph(small: Small, monkeypatch: pytest.MonkeyPatch) -> None:
    small.replace("We will share what we learn.", "We will share all we learn.")
    assert_error(
        small,
        monkeypatch,
        f"{SMALL}:55: paragraphs[1].text.en-a: para 2 (en-a) differs from capture "
        "'c-a' at line 3 (the capture has: 'what we learn. We invite others …') and no "
        "intervention or correction explains it; first differing words: "
        "'all we learn.'",
    )


def test_unrecorded_bracket(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace("We underline the need", "[Further,] we underline the need")
    code, err = check(project, monkeypatch)
    assert code == 1
    assert (
        "paragraphs[1].text.en-xinhua: has [bracketed] text but no 'restore' intervention "
        "records it"
    ) in err


def test_build_fails_cleanly_and_keeps_previous_outputs(project: Project) -> None:
    first = project.cli("build", "--format", "html")
    assert first.returncode == 0, first.stderr
    out = project.root / "build"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    sources_before = {
        p: p.read_bytes() for p in (project.root / "sources").rglob("*") if p.is_file()
    }
    project.replace('number: "14"', 'number: "13"')
    failed = project.cli("build", "--format", "html", "--format", "pdf")
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    sources_after = {
        p: p.read_bytes() for p in (project.root / "sources").rglob("*") if p.is_file()
    }
    assert sources_after.keys() == sources_before.keys()


def test_build_refuses_to_write_into_sources(project: Project) -> None:
    result = project.cli("build", "--format", "html", "--out", "sources/out")
    assert result.returncode == 1
    assert result.stderr == (
        "error: sources/out: output folder is inside sources/; choose "
        "another --out (default: build/)\n"
    )
    assert not (project.root / "sources/out").exists()


def test_unknown_work(project: Project) -> None:
    result = project.cli("build", "--work", "geneva-1864")
    assert result.returncode == 1
    assert result.stderr == (
        "error: sources: unknown work 'geneva-1864' (works: shanghai-declaration-2024)\n"
    )


def test_no_sources(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--sources", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path}: no *.yaml sources found\n"


def test_related_excerpt_must_be_word_for_word(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.replace(
        "should be developed for the common good", "should be built for the common good"
    )
    code, err = check(project, monkeypatch)
    assert code == 1
    assert err.endswith(
        "related[0].excerpts[0]: not word for word in capture 'c003'; first differing words: "
        "'built for the common good and benefit of …'\n"
    )
