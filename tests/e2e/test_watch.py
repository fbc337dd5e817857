"""`briefgen watch`: warm workers kept across saves, the edited text's edition written first."""

from __future__ import annotations

import contextlib
import datetime
import json
import signal
from pathlib import Path
from typing import Any

from tests.support.files import Watch, consistent
from tests.support.projects import WORK, Project, make_work, run_cli

PARA = "international-cooperation-on-testing"
EDITION = f"build/{WORK}/edition-en-1ai"


def one_word(data: dict[str, Any]) -> None:
    """Add a comma to para 16 of the 1AI text, recorded as a correction made today."""
    para = next(p for p in data["paragraphs"] if p["id"] == PARA)
    para["text"]["en-1ai"] = para["text"]["en-1ai"].replace("etc. to share", "etc., to share")
    data["corrections"] = [
        {
            "date": datetime.date.today().isoformat(),
            "expression": "en-1ai",
            "paragraphs": [PARA],
            "type": "typo",
            "reason": "A comma is missing after etc.",
            "before": "etc. to",
            "after": "etc., to",
        }
    ]


def workers(pid: int) -> set[int]:
    """Return the worker processes of a watch: its children started by multiprocessing."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"spawn_main" in command:
            found.add(int(entry.name))
    return found


def lines_from(watch: Watch, start: int) -> list[str]:
    return [line.strip() for line in watch.seen[start:]]


def test_watch_writes_the_edited_edition_first_and_keeps_its_workers(project: Project) -> None:
    original = project.text()
    watch = Watch(project.root, "-f", "html", "-f", "docx", "--jobs", "2")
    try:
        watch.wait_for("watching", timeout=180)
        pool = workers(watch.proc.pid)
        assert len(pool) == 2, pool

        start = len(watch.seen)
        project.edit(one_word)
        watch.wait_for(" unchanged, and build/manifest.json")
        said = lines_from(watch, start)
        rendered = [line.removeprefix("rendered ") for line in said if "rendered " in line]
        assert rendered[:2] == [f"{EDITION}.html", f"{EDITION}.docx"], said
        # three writes, each with the manifest: the edition's HTML, its DOCX, then the rest
        assert [line for line in said if line.startswith("wrote ")] == [
            "wrote 1 file(s) (editions in HTML) and build/manifest.json",
            "wrote 1 file(s) (editions in DOCX) and build/manifest.json",
            f"wrote {len(rendered) - 2} file(s) (the other outputs) and build/manifest.json",
            f"wrote {len(rendered)} file(s), 2 unchanged, and build/manifest.json",
        ], said
        # the files went into place in that order: the edition before the rest
        build = project.root / "build"
        edition_html = (project.root / f"{EDITION}.html").stat().st_mtime_ns
        edition_docx = (project.root / f"{EDITION}.docx").stat().st_mtime_ns
        comparison = build / WORK / "comparison-en-xinhua-en-1ai.html"
        assert edition_html <= edition_docx <= comparison.stat().st_mtime_ns
        assert "etc., to share" in (project.root / f"{EDITION}.html").read_text("utf-8")
        consistent(build)

        # a broken source: a clean error naming the file and field, and the watch goes on
        start = len(watch.seen)
        project.edit(lambda data: data["work"].update(venue="Expo Centre"))
        watch.wait_for("work.venue: unknown field")
        assert watch.proc.poll() is None
        project.source.write_text(original, "utf-8")
        watch.wait_for(" unchanged, and build/manifest.json")
        assert "etc. to share" in (project.root / f"{EDITION}.html").read_text("utf-8")
        assert not any("Traceback" in line for line in watch.seen), "".join(watch.seen)
        # the same warm workers rendered every save
        assert workers(watch.proc.pid) == pool
    finally:
        watch.stop()
    consistent(project.root / "build")


def test_ctrl_c_during_a_stage_keeps_every_output_whole(project: Project) -> None:
    watch = Watch(project.root, "-f", "html", "-f", "pdf", "--jobs", "1")
    try:
        watch.wait_for("(editions in HTML) and build/manifest.json", timeout=180)
    finally:
        code = watch.stop(signal.SIGINT)  # to the process group, as a terminal's Ctrl-C
    said = "".join(watch.seen)
    assert code == 130, said
    assert "interrupted: each stage was written whole or not at all" in said, said
    assert "Traceback" not in said, said
    build = project.root / "build"
    consistent(build)
    paths = {e["path"] for e in json.loads((build / "manifest.json").read_text("utf-8"))["outputs"]}
    # the first stage is in place, the stage under way is not: no PDF was written
    assert f"{WORK}/edition-en-1ai.html" in paths and f"{WORK}/edition-en-xinhua.html" in paths
    assert not list(build.rglob("*.pdf")), paths
    assert not workers(watch.proc.pid)


def test_watch_picks_up_a_template_override_added_while_it_runs(tmp_path: Path) -> None:
    """A project without a templates folder: the folder, a message catalogue and a template
    override in it, made while the watch runs, are used at once (the watch's workers had read
    the bundled ones), and a later build does not call the outputs unchanged."""
    root = tmp_path / "project"
    make_work(root, {"en-a": ["We agree on one thing.", "We note another."]})
    page = root / "build" / "test-declaration" / "edition-en-a.html"
    watch = Watch(root, "-f", "html", "--jobs", "1")
    try:
        watch.wait_for("watching", timeout=180)
        (root / "templates" / "locale").mkdir(parents=True)
        catalogue = root / "templates" / "locale" / "en.po"
        words = 'msgid "Source"\nmsgstr "Origin of the text"\n'  # the edition's heading
        for i in range(20):  # saved until the watch sees it (it starts watching just after)
            catalogue.write_text(f"{words}# {i}\n", "utf-8")
            with contextlib.suppress(AssertionError):
                watch.wait_for("rendered build/test-declaration/edition-en-a.html", timeout=2)
                break
        watch.wait_for(" unchanged, and build/manifest.json")
        assert "Origin of the text" in page.read_text("utf-8")

        override = root / "templates" / "edition.html.j2"
        watch.save_until(override, "{{ work.title \n", "error: templates/edition.html.j2:")
        assert watch.proc.poll() is None
    finally:
        watch.stop()
    later = run_cli("build", "-f", "html", cwd=root)
    assert later.returncode == 1
    assert "error: templates/edition.html.j2:" in later.stderr, later.stderr
    override.unlink()
    again = run_cli("build", "-f", "html", "-v", cwd=root)
    assert "unchanged build/test-declaration/edition-en-a.html" in again.stdout, again.stdout
