"""--help as a person reads it, and completion as a shell asks for it, in real subprocesses."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from briefgen.cli import app
from tests.support.projects import ROOT, WORK, Project, run_cli


def command_paths() -> list[list[str]]:
    """Every command and sub-command of the app, as the words that name it."""
    found: list[list[str]] = []

    def walk(group: object, words: list[str]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            found.append([*words, name])
            walk(command, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = command_paths()

#: What Typer prints of Python's types and what a cut summary looks like.
ARTEFACTS = [
    ("<list[", re.compile(r"<list\[")),
    ("<str>, <path>, <int>…", re.compile(r"<(str|path|int|float|bool|int range)>")),
    ("[x>=1]", re.compile(r"\[x[<>]=?")),
    ("{name}", re.compile(r"\{[a-z_]+\}")),
    ("[default: None]", re.compile(r"\[default: None\]")),
    ("a cut summary", re.compile("…")),
]


def help_of(*words: str) -> str:
    result = run_cli(*words, "--help", cwd=ROOT, env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    assert not result.stderr
    return result.stdout


def test_every_command_is_walked() -> None:
    names = {" ".join(words) for words in COMMANDS}
    assert {"build", "check", "cite", "compare", "templates", "themes suggest"} <= names


@pytest.mark.parametrize("words", [[], *COMMANDS], ids=lambda w: " ".join(w) or "briefgen")
def test_help_has_no_typer_artefacts(words: list[str]) -> None:
    text = help_of(*words)
    for name, pattern in ARTEFACTS:
        found = pattern.search(text)
        assert found is None, f"{name} in `briefgen {' '.join(words)} --help`: {found}"


@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w))
def test_every_command_ends_with_an_example(words: list[str]) -> None:
    lines = help_of(*words).rstrip().splitlines()
    assert "  Example:" in lines, lines
    examples = lines[lines.index("  Example:") + 1 :]
    assert examples
    for line in examples:  # each example runs the command it documents
        assert line.startswith(f"    briefgen {' '.join(words)}"), line


def test_no_command_summary_is_cut() -> None:
    for words in [[], ["themes"]]:
        listed = help_of(*words).split("Commands:\n", 1)[1].split("\n\n")[0]
        for line in listed.splitlines():
            assert not line.rstrip().endswith(("...", "…")), line
            assert re.match(r"  [a-z]+ +[A-Z].*\.$", line), f"not one whole line: {line!r}"


def test_top_level_help_lists_whole_summaries_and_points_to_the_docs() -> None:
    text = help_of()
    assert "docs/commands.md" in text
    assert "briefgen COMMAND --help" in text
    listed = text.split("Commands:", 1)[1]
    assert "  build      Build editions, comparisons, briefs, packs and citations.\n" in listed


def test_usage_names_arguments_in_capitals() -> None:
    assert " briefgen cite [OPTIONS] WORK PARA\n" in help_of("cite")
    assert " briefgen merge [OPTIONS] SHARD...\n" in help_of("merge")
    build = help_of("build")
    assert "  -w, --work ID " in build
    assert "  -j, --jobs N " in build
    assert "  -f, --format FORMAT " in build
    assert "pdf, docx, html, akn, all" in build


# -------------------------------------------------------------------------------- completion


def complete(words: str, cwd: Path) -> list[str]:
    """What bash's completion gets for the last word of `words` (through the real protocol)."""
    script = Path(sys.executable).parent / "briefgen"
    exe = str(script) if script.exists() else shutil.which("briefgen")
    assert exe, "the briefgen console script is not installed"
    env = {
        **os.environ,
        "_BRIEFGEN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = subprocess.run([exe], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_work_ids_complete(project: Project) -> None:
    assert complete("briefgen build --work sha", project.root) == [WORK]
    assert complete("briefgen cite sha", project.root) == [WORK]
    assert complete("briefgen compare ", project.root) == [WORK]


def test_work_ids_complete_from_the_folder_sources_names(project: Project) -> None:
    other = project.root / "elsewhere"
    other.mkdir()
    (other / "harbour.yaml").write_text("format: x\nwork:\n  id: harbour-accord\n", "utf-8")
    assert complete("briefgen changes --sources elsewhere h", project.root) == ["harbour-accord"]


def test_template_and_collection_names_complete() -> None:
    assert complete("briefgen templates --copy com", ROOT) == [
        "common.css",
        "comparison.css",
        "comparison.html.j2",
    ]
    assert complete("briefgen templates --copy ref", ROOT) == ["reference.docx"]
    assert complete("briefgen themes suggest ", ROOT) == ["ai-governance"]
