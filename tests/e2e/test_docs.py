"""The README, the changelog and docs/: every relative link resolves, every command has an example.

`make test` also builds docs/ as a site (`mkdocs build --strict`), which checks the links as the
site has them; these tests check them as GitHub shows the files, with GitHub's anchors.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer
from scripts import docs_schema
from typer.testing import CliRunner

from briefgen.cli import app
from tests.support.projects import ROOT

PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Pages the site's hook (docs/hooks.py) generates at each build, never kept in docs/.
GENERATED = {ROOT / "docs" / "reference" / "source-schema.md": docs_schema.render}

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
INLINE_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def prose_lines(text: str) -> list[str]:
    """The lines of a Markdown text outside fenced code blocks."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text, lowercased, punctuation dropped."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts by its text
    text = text.replace("`", "").replace("*", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def text_of(page: Path) -> str:
    """A page's Markdown: the file's, or the generator's for a generated page."""
    return GENERATED[page]() if page in GENERATED else page.read_text("utf-8")


def anchors(page: Path) -> set[str]:
    """Every heading anchor of a page, with GitHub's -1, -2 … for repeated headings."""
    seen: dict[str, int] = {}
    found = set()
    for line in prose_lines(text_of(page)):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(page: Path) -> list[str]:
    """The targets of the page's links and images, leaving out code."""
    targets = []
    for line in prose_lines(text_of(page)):
        reference = REFERENCE_LINK.match(line)
        if reference:
            targets.append(reference.group(1))
            continue
        targets.extend(INLINE_LINK.findall(CODE_SPAN.sub("", line)))
    return targets


def test_slugs_are_githubs() -> None:
    assert slug("Projects: `briefgen.toml` and house style") == (
        "projects-briefgentoml-and-house-style"
    )
    assert slug("The edit loop and long `--jobs 1` builds") == (
        "the-edit-loop-and-long---jobs-1-builds"
    )
    assert slug("Measurements at past commits, not guarantees") == (
        "measurements-at-past-commits-not-guarantees"
    )


def test_every_relative_link_reaches_a_file_and_a_heading() -> None:
    assert (ROOT / "docs" / "index.md") in PAGES
    broken, checked = [], 0
    for page in [*PAGES, *GENERATED]:
        for target in links(page):
            if not target or SCHEME.match(target) or target.startswith("//"):
                continue
            checked += 1
            path, _, fragment = target.partition("#")
            goal = (page.parent / path).resolve() if path else page
            where = f"{page.relative_to(ROOT)}: ({target})"
            if not goal.exists() and goal not in GENERATED:
                broken.append(f"{where}: no file {path}")
            elif fragment and goal.suffix == ".md" and fragment not in anchors(goal):
                broken.append(f"{where}: no heading #{fragment} in {goal.relative_to(ROOT)}")
            elif fragment and goal.suffix != ".md":
                broken.append(f"{where}: a #fragment on a file that is not Markdown")
    assert checked > 20, "too few links found: is the link pattern still right?"
    assert not broken, "\n".join(broken)


def test_every_command_of_help_has_an_example_in_commands_md() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    section = result.output.split("Commands:", 1)[1]
    listed = {m.group(1) for m in re.finditer(r"^  ([a-z][\w-]*)\b", section, re.MULTILINE)}
    group = typer.main.get_command(app)
    assert listed == {name for name, command in group.commands.items() if not command.hidden}, (
        "the help's command list was not read right"
    )

    lines = (ROOT / "docs" / "commands.md").read_text("utf-8").splitlines()
    missing = []
    for name in sorted(listed):
        heading = f"## `briefgen {name}`"
        starts = [i for i, line in enumerate(lines) if line.startswith(heading)]
        if not starts:
            missing.append(f"{name}: no heading starting with {heading}")
            continue
        body: list[str] = []
        for line in lines[starts[0] + 1 :]:
            if line.startswith("## "):
                break
            body.append(line)
        fenced, example = False, False
        for line in body:
            if FENCE.match(line):
                fenced = not fenced
            elif fenced and re.match(rf"\s*briefgen {re.escape(name)}\b", line):
                example = True
        if not example:
            missing.append(f"{name}: no example `briefgen {name} …` in a code block")
    assert not missing, "\n".join(missing)
