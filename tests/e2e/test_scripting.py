"""The command line as a script drives it: --json shapes, -q and -v, in real subprocesses.

Each --json document is the whole of stdout; its shape is the one docs/commands.md#scripting
describes (keys and types checked here, so a change to either shows).
"""

from __future__ import annotations

import json
from typing import Any

from tests.support.projects import WORK, Project, correct_typo

ERROR = {"file": (str, type(None)), "line": (int, type(None)), "column": (int, type(None))}
OUTPUT_KEYS = {"path", "work", "kind", "format", "expressions"}


def document(result: Any, code: int = 0) -> dict[str, Any]:
    """The one JSON document a --json run printed (and nothing else on stdout)."""
    assert result.returncode == code, result.stderr
    shape: dict[str, Any] = json.loads(result.stdout)  # fails on any other line
    assert shape["version"] == 1
    assert isinstance(shape["ok"], bool)
    assert isinstance(shape["errors"], list)
    return shape


def assert_errors(shape: dict[str, Any], stderr: str) -> None:
    """A failure's document: ok false, each error located, the same errors on stderr."""
    assert shape["ok"] is False
    assert shape["errors"]
    for error in shape["errors"]:
        assert set(error) == {"file", "line", "column", "field", "message"}
        for key, types in ERROR.items():
            assert isinstance(error[key], types)
        assert isinstance(error["message"], str) and error["message"]
        assert error["message"] in stderr


def break_source(project: Project) -> None:
    """Leave a paragraph without its 1AI text: a source error `check` reports."""

    def drop(data: dict[str, Any]) -> None:
        del data["paragraphs"][0]["text"]["en-1ai"]

    project.edit(drop)


# ------------------------------------------------------------------------------------ check


def test_check_json(project: Project) -> None:
    shape = document(project.cli("check", "--json"))
    assert set(shape) == {"version", "ok", "works", "collections", "errors"}
    assert shape["ok"] is True and shape["errors"] == [] and shape["collections"] == []
    (work,) = shape["works"]
    assert set(work) == {"id", "file", "edition", "paragraphs", "brief"}
    assert work["id"] == WORK
    assert work["file"] == f"sources/{WORK}.yaml"
    assert work["edition"] == "1.0.0"
    assert work["paragraphs"] == {"en-1ai": 22, "en-xinhua": 22}
    assert work["brief"]["file"] == f"sources/{WORK}.brief.yaml"
    assert isinstance(work["brief"]["key_points"], int)


def test_check_json_of_a_broken_source(project: Project) -> None:
    break_source(project)
    result = project.cli("check", "--json")
    shape = document(result, code=1)
    assert set(shape) == {"version", "ok", "works", "collections", "errors"}
    assert_errors(shape, result.stderr)
    assert any(
        e["file"] == f"sources/{WORK}.yaml"
        and e["field"] == "paragraphs[0].text.en-1ai"
        and isinstance(e["line"], int)
        for e in shape["errors"]
    ), shape["errors"]
    assert result.stderr.startswith("error: sources/")


def test_check_quiet_and_verbose(project: Project) -> None:
    quiet = project.cli("check", "-q")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = project.cli("check", "-v")
    assert verbose.returncode == 0
    assert verbose.stdout.splitlines()[-1].startswith("checked 1 work in ")
    both = project.cli("check", "-q", "-v")
    assert both.returncode == 1
    assert both.stderr == "error: --quiet and --verbose: choose one\n"


# -------------------------------------------------------------------------- collate, changes


def test_collate_json(project: Project) -> None:
    shape = document(project.cli("collate", WORK, "--expression", "en-1ai", "--json"))
    assert set(shape) == {"version", "ok", "work", "expressions", "errors"}
    (expression,) = shape["expressions"]
    assert set(expression) == {"id", "name", "capture", "file", "lines"}
    assert expression["id"] == "en-1ai"
    assert expression["file"].startswith("captures/")
    runs = expression["lines"]
    assert all(set(r) == {"first", "last", "became"} for r in runs)
    assert all(isinstance(r["first"], int) and r["first"] <= r["last"] for r in runs)
    assert {"became": "para 1"}.items() <= next(r for r in runs if r["became"] == "para 1").items()
    assert not any("NOT IN THE EDITION" in r["became"] for r in runs)


def test_collate_json_of_an_unknown_expression(project: Project) -> None:
    result = project.cli("collate", WORK, "--expression", "fr", "--json")
    shape = document(result, code=1)
    assert_errors(shape, result.stderr)
    assert shape["expressions"] == []
    assert "no expression 'fr'" in shape["errors"][0]["message"]


def test_changes_json(project: Project) -> None:
    project.edit(correct_typo)
    shape = document(project.cli("changes", WORK, "--json"))
    assert set(shape) == {"version", "ok", "work", "edition", "since", "corrections", "errors"}
    assert shape["work"] == WORK and shape["since"] is None
    (correction,) = shape["corrections"]
    assert correction == {
        "edition": shape["edition"],
        "date": "2026-11-22",
        "expression": "en-1ai",
        "paragraphs": ["16"],
        "type": "typo",
        "before": "etc. to",
        "after": "etc., to",
        "reason": "A comma is missing after etc.",
        "text": correction["text"],
    }
    plain = project.cli("changes", WORK)
    assert plain.stdout.splitlines() == [correction["text"]]
    later = document(project.cli("changes", WORK, "--since", shape["edition"], "--json"))
    assert later["corrections"] == [] and later["since"] == shape["edition"]


def test_changes_json_of_an_unknown_work(project: Project) -> None:
    result = project.cli("changes", "no-such-work", "--json")
    shape = document(result, code=1)
    assert_errors(shape, result.stderr)
    assert shape["work"] == "no-such-work" and shape["corrections"] == []


# -------------------------------------------------------------------------------- templates


def test_templates_list_json(project: Project) -> None:
    (project.root / "templates").mkdir()
    (project.root / "templates" / "common.css").write_text("body { color: black }\n", "utf-8")
    shape = document(project.cli("templates", "--list", "--json"))
    assert set(shape) == {"version", "ok", "templates", "errors"}
    rows = {t["name"]: t for t in shape["templates"]}
    assert all(set(t) == {"name", "origin", "path"} for t in rows.values())
    assert rows["common.css"]["origin"] == "project"
    assert rows["common.css"]["path"] == "templates/common.css"  # as the listing prints it
    assert rows["brief.html.j2"]["origin"] == "bundled"
    assert rows["reference.docx"] == {"name": "reference.docx", "origin": "bundled", "path": None}


# ------------------------------------------------------------------------------------ build


def test_build_json(project: Project) -> None:
    first = document(project.cli("build", "-f", "html", "--kind", "brief", "--json"))
    assert set(first) == {
        "version", "ok", "written", "unchanged", "failed", "manifest", "notes", "errors"
    }  # fmt: skip
    assert first["ok"] is True and first["failed"] == [] and first["unchanged"] == []
    assert first["manifest"] == "build/manifest.json"
    (brief,) = first["written"]
    assert brief == {
        "path": f"build/{WORK}/brief.html",
        "work": WORK,
        "kind": "brief",
        "format": "html",
        "expressions": brief["expressions"],
    }
    assert (project.root / brief["path"]).is_file()
    again = document(project.cli("build", "-f", "html", "--kind", "brief", "--json"))
    assert again["written"] == [] and again["unchanged"] == [brief]


def test_build_json_names_the_outputs_that_failed(project: Project) -> None:
    from briefgen.render.html.jinja import BUNDLED

    templates = project.root / "templates"
    templates.mkdir()
    bundled = (BUNDLED / "brief.html.j2").read_text("utf-8")
    broken = bundled.replace("{% block body %}", "{% block body %}{{ no_such_value }}")
    assert broken != bundled
    (templates / "brief.html.j2").write_text(broken, "utf-8")
    result = project.cli("build", "-f", "html", "--kind", "brief", "--kind", "edition", "--json")
    shape = document(result, code=1)
    assert_errors(shape, result.stderr)
    assert shape["written"] == [] and shape["unchanged"] == []
    assert [(o["path"], o["kind"]) for o in shape["failed"]] == [
        (f"build/{WORK}/brief.html", "brief")
    ]
    assert all(set(o) == OUTPUT_KEYS for o in shape["failed"])
    assert shape["errors"][0]["file"] == "templates/brief.html.j2"
    assert not (project.root / "build").exists()  # a failed build writes nothing


def test_build_quiet_prints_nothing_but_errors(project: Project) -> None:
    quiet = project.cli("build", "-f", "html", "--kind", "brief", "-q")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""
    assert (project.root / "build" / WORK / "brief.html").is_file()
    break_source(project)
    failed = project.cli("build", "-f", "html", "--kind", "brief", "-q")
    assert failed.returncode == 1 and failed.stdout == ""
    lines = failed.stderr.splitlines()
    assert lines and all(line.startswith(f"error: sources/{WORK}.yaml:") for line in lines)
    assert any("paragraphs[0].text.en-1ai: missing" in line for line in lines)


def test_build_verbose_lists_what_is_unchanged(project: Project) -> None:
    assert project.cli("build", "-f", "html", "--kind", "brief").returncode == 0
    verbose = project.cli("build", "-f", "html", "--kind", "brief", "-v")
    assert verbose.returncode == 0, verbose.stderr
    assert verbose.stdout.splitlines()[0] == f"unchanged build/{WORK}/brief.html"
    assert (
        verbose.stdout.splitlines()[-2] == "wrote 0 file(s), 1 unchanged, and build/manifest.json"
    )
    assert verbose.stdout.splitlines()[-1].startswith("took ")


def test_compare_json_errors_have_the_same_shape(project: Project) -> None:
    result = project.cli("compare", WORK, "--pair", "en-1ai,fr", "--json")
    shape = document(result, code=1)
    assert_errors(shape, result.stderr)
