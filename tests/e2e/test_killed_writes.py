"""A write killed between two of its renames is undone by the next write into the folder.

The writer puts files in place one rename at a time: an import renames its capture, then its
source; a build its outputs, then its manifest. Each test kills the real command line right
after its Nth file is in place (tests/support/killed.py), then runs the next write and checks
that the killed command left "neither": sources/ and build/ are as if it had never run. A file
a person changed in between is never undone. The capture texts are our own words.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from briefgen.build.writer import PREFIX
from briefgen.cli import app
from tests.support.files import snapshot
from tests.support.killed import run_killed
from tests.support.projects import make_work, run_cli

FIRST = (
    "Accord of the River Ferries\n\n"
    "We, the ferry crews of the river, agree to carry one another's passengers at one fare.\n\n"
    "We will post the timetable of every crossing at each landing.\n"
)
SECOND = (
    "Accord des bacs du fleuve\n\n"
    "Nous, les équipages des bacs du fleuve, convenons de transporter les passagers des autres "
    "au même tarif.\n\n"
    "Nous afficherons l'horaire de chaque traversée à chaque embarcadère.\n"
)
OTHER = (
    "Pact of the Orchard Keepers\n\n"
    "We, the keepers of the valley's orchards, agree to lend our ladders at harvest.\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "sources").mkdir()
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND), ("other.txt", OTHER)):
        (tmp_path / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def importing(capture: str, work: str, language: str) -> tuple[str, ...]:
    return ("import", capture, "--work", work, "--expression", language, "--language", language)


def briefgen(*args: str) -> tuple[int, str, str]:
    """Run a command in-process; return its exit code, stdout and stderr."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def leftovers(folder: Path) -> list[str]:
    return [k for k in snapshot(folder) if any(p.startswith(PREFIX) for p in k.split("/"))]


def test_an_import_killed_after_its_capture_is_undone_by_the_next(project: Path) -> None:
    run_killed(1, *importing("first.txt", "river-ferries", "en"), cwd=project)
    assert (project / "sources" / "captures" / "first.txt").exists()  # killed there, indeed
    code, out, err = briefgen("check")  # check says so, and writes nothing
    assert "note: sources: an import or publish was interrupted there" in out
    assert leftovers(project / "sources")

    code, _, err = briefgen(*importing("other.txt", "orchard-keepers", "en"))
    assert code == 0, err
    assert sorted(snapshot(project / "sources")) == [
        "captures",
        "captures/other.txt",
        "orchard-keepers.yaml",
    ]
    assert "warning" not in err


@pytest.mark.parametrize("after", [1, 2])  # after the capture; after the source too
def test_a_second_text_killed_midway_leaves_the_source_as_it_was(project: Path, after: int) -> None:
    assert briefgen(*importing("first.txt", "river-ferries", "en"))[0] == 0
    before = snapshot(project / "sources")
    run_killed(after, *importing("second.txt", "river-ferries", "fr"), cwd=project)
    assert (project / "sources" / "captures" / "second.txt").exists()

    code, _, err = briefgen(*importing("other.txt", "orchard-keepers", "en"))
    assert code == 0, err
    now = snapshot(project / "sources")
    assert now["river-ferries.yaml"] == before["river-ferries.yaml"]
    assert sorted(now) == sorted([*before, "captures/other.txt", "orchard-keepers.yaml"])

    # the killed import run again starts from the source as it was: one French text
    code, _, err = briefgen(*importing("second.txt", "river-ferries", "fr"))
    assert code == 0, err
    data = yaml.safe_load((project / "sources" / "river-ferries.yaml").read_text("utf-8"))
    assert [e["id"] for e in data["expressions"]] == ["en", "fr"]
    assert [c["file"] for c in data["captures"]] == ["captures/first.txt", "captures/second.txt"]


@pytest.mark.parametrize("edited", ["captures/second.txt", "river-ferries.yaml"])
def test_a_file_edited_after_the_kill_is_never_undone(project: Path, edited: str) -> None:
    assert briefgen(*importing("first.txt", "river-ferries", "en"))[0] == 0
    run_killed(2, *importing("second.txt", "river-ferries", "fr"), cwd=project)
    left = snapshot(project / "sources")
    path = project / "sources" / edited
    path.write_text(path.read_text("utf-8") + "\n# an editor's note\n", "utf-8")

    code, _, err = briefgen(*importing("other.txt", "orchard-keepers", "en"))
    assert code == 0, err
    # the person took up what the killed import wrote: all of it stays, and they are told
    assert err.splitlines()[0] == (
        f"warning: sources/{edited}: changed since an interrupted write put it there, "
        "so that write was left as it is"
    )
    now = snapshot(project / "sources")
    assert path.read_text("utf-8").endswith("# an editor's note\n")
    assert all(now[k] == left[k] for k in left if k != edited and not k.startswith(PREFIX))
    assert leftovers(project / "sources") == []


# ----------------------------------------------------------------------------- builds

HTML = ("build", "-f", "html", "--jobs", "1")
#: What a build puts in place, in order: the search index, the edition, the three citation
#: records, the catalogue page, the manifest.
RENAMES = 7


def edited(root: Path) -> None:
    """Change the work's title and a paragraph: every output of the next build differs."""
    path = make_work(
        root,
        {"en-a": ["We agree on one thing.", "We note a second thing.", "We end here."]},
        titles={"en-a": "Test Accord (en-a)"},
    )
    text = path.read_text("utf-8")
    path.write_text(text.replace("  title: Test Declaration\n", "  title: Test Accord\n", 1))


def ok(root: Path, *args: str) -> str:
    result = run_cli(*args, cwd=root)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built, then edited; beside it what two next builds make of it, unkilled:
    expected/ (a build of the citation records only), clean/ (a whole build)."""
    here = tmp_path_factory.mktemp("built")
    root = here / "project"
    make_work(root, {"en-a": ["We agree on one thing.", "We note another.", "We end here."]})
    ok(root, *HTML)
    edited(root)
    shutil.copytree(root / "build", here / "expected")
    ok(root, *HTML, "--kind", "citation", "--out", str(here / "expected"))
    ok(root, *HTML, "--out", str(here / "clean"))
    return here


# 1: the search index swapped in; 2: the edition too; RENAMES - 1: all but the manifest
@pytest.mark.parametrize("after", [1, 2, RENAMES - 1])
def test_a_build_killed_between_renames_is_undone_by_the_next(
    built: Path, tmp_path: Path, after: int
) -> None:
    root = tmp_path / "project"
    shutil.copytree(built / "project", root)
    run_killed(after, *HTML, cwd=root)
    # a build of the citation records only: had the killed build's other outputs stayed in
    # place, the manifest would list their earlier hashes and no build would redo them
    ok(root, *HTML, "--kind", "citation")
    assert snapshot(root / "build") == snapshot(built / "expected")
    ok(root, *HTML)
    assert snapshot(root / "build") == snapshot(built / "clean")
