"""Every bad input gets a one- or two-line message naming file, place and problem; exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

from .conftest import Project

SRC = "sources/shanghai-declaration-2024.yaml"


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
    )


def test_malformed_yaml(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace("work:\n  id: shanghai", "work:\n  id: [shanghai")
    assert_error(
        project,
        monkeypatch,
        f"{SRC}:11:8: malformed YAML: while parsing a flow sequence: did not find expected "
        "',' or ']'",
    )


def test_unknown_field(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace("  place: Shanghai\n", "  place: Shanghai\n  venue: Expo Centre\n")
    assert_error(
        project,
        monkeypatch,
        f"{SRC}:15: work.venue: unknown field (check its "
        "spelling; the README lists the source format)",
    )


def test_missing_field(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace("  place: Shanghai\n", "")
    assert_error(project, monkeypatch, f"{SRC}:10: work.place: missing (a required field)")


def test_duplicate_paragraph_id(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace("- id: regulation-and-accountability", "- id: cybersecurity-and-disinformation")
    assert_error(
        project,
        monkeypatch,
        f"{SRC}:527: paragraphs[16].id: duplicate id "
        "'cybersecurity-and-disinformation' (also paragraphs[11])",
    )


def test_duplicate_paragraph_number(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace('number: "14"', 'number: "13"')
    assert_error(
        project,
        monkeypatch,
        f"{SRC}:482: paragraphs[13].number: duplicate number '13' (also paragraphs[12])",
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
    def absent(d: dict) -> None:  # type: ignore[type-arg]
        d["paragraphs"][13]["text"]["en-xinhua"] = {"absent": True}

    project.edit(absent)
    code, err = check(project, monkeypatch)
    assert code == 0, err


def test_unknown_expression(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace(
        "      en-1ai: >-\n        We are deeply aware",
        "      en-1a: >-\n        We are deeply aware",
    )
    code, err = check(project, monkeypatch)
    assert code == 1
    assert err == (
        f"error: {SRC}:270: paragraphs[0].text.en-1a: unknown expression 'en-1a' "
        "(expressions: en-1ai, en-xinhua)\n"
        f"error: {SRC}:264: paragraphs[0].text.en-1ai: missing (every paragraph needs a text "
        "in each expression, or 'absent: true')\n"
    )


def test_missing_capture(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    (project.root / "sources/captures/001_21c6862223dc0ac3.txt").unlink()
    assert_error(
        project,
        monkeypatch,
        f"{SRC}:38: captures[1].file: capture file not found: captures/001_21c6862223dc0ac3.txt",
    )


def test_capture_changed(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    capture = project.root / "sources/captures/000_53d00fd43ba9a69c.txt"
    capture.write_bytes(capture.read_bytes().replace(b"fully aware", b"fully awake"))
    code, err = check(project, monkeypatch)
    assert code == 1
    assert err.startswith(
        f"error: {SRC}:29: captures[0].sha256: captures/000_53d00fd43ba9a69c.txt has SHA-256 "
    )
    assert err.endswith(
        ", not the recorded a57a7bb13f16ed0d53864b5c7a2ca022f8f568e21e397f7a44e9"
        "dd9ceedd5252 (captures are evidence: restore the original bytes)\n"
    )


def test_empty_file(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.source.write_text("\n", "utf-8")
    assert_error(project, monkeypatch, f"{SRC}: file is empty")


def test_not_utf8(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.source.write_bytes(
        project.source.read_bytes().replace(
            b"Global AI Governance\n  short", b"Global AI Gouvernance \xe9\n  short"
        )
    )
    assert_error(
        project,
        monkeypatch,
        f"{SRC}:11: not UTF-8 (byte 0xe9 at offset 544); save the file as UTF-8",
    )


def test_yaml_tag_refused(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace("editors: briefgen editors", "editors: !!python/object:os.system x")
    assert_error(
        project,
        monkeypatch,
        f"{SRC}:24:12: YAML tag '!!python/object:os.system' is "
        "not allowed (sources are plain data: remove the tag)",
    )


def test_duplicate_key(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace("  place: Shanghai\n", "  place: Shanghai\n  place: Beijing\n")
    assert_error(project, monkeypatch, f"{SRC}:15:3: work: malformed YAML: duplicate key 'place'")


def test_unrecorded_edit_of_a_paragraph(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace(
        "especially in terms of safety and ethics.", "especially in terms of security and ethics."
    )
    assert_error(
        project,
        monkeypatch,
        f"{SRC}:264: paragraphs[0].text.en-xinhua: para 1 (en-xinhua) differs from capture "
        "'c000' and no intervention or correction explains it; first differing words: "
        "'security and ethics.'",
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
