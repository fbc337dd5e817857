"""`briefgen import` is a door into sources/: it writes only inside it, reads only text, and
writes the capture and the source together or not at all.

The refusals that take one command are in the bad-input corpus (test_bad_inputs.py); here are
the cases that need a second step: what stays outside sources/ after a refusal, a UTF-16
capture imported and checked, a write that fails halfway, the leftovers of a killed import.
The capture texts are our own words.
"""

from __future__ import annotations

import os
import resource
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from briefgen.build.writer import PREFIX
from briefgen.cli import app
from tests.support import files
from tests.support.files import snapshot
from tests.support.projects import filled_in

TEXT = (
    "Charter of the Hill Libraries\n\n"
    "We, the libraries of the hill towns, agree to lend our books to one another's readers "
    "without charge.\n\n"
    "We will keep a shared list of what each library holds and update it every month.\n\n"
    "We will meet each autumn to decide which books to buy together.\n"
)
SECOND = (
    "Charte des bibliothèques des collines\n\n"
    "Nous, les bibliothèques des villes des collines, convenons de prêter nos livres aux "
    "lecteurs des autres sans frais.\n\n"
    "Nous tiendrons une liste commune de ce que chaque bibliothèque possède, mise à jour "
    "chaque mois.\n\n"
    "Nous nous réunirons chaque automne pour choisir les livres à acheter ensemble.\n"
)
FILLED = {
    "work": {
        "title": "Charter of the Hill Libraries",
        "adopted": "2025-05-06",
        "place": "Hilltown",
        "issuer": "A meeting of the hill libraries",
        "original_language": "en",
    },
    "edition": {"date": "2026-01-02", "editors": "test editors"},
    "captures": {
        "publisher": "Hill Libraries",
        "title": "The charter",
        "url": "https://example.org/charter",
        "published": None,
        "content": "The charter as published.",
    },
    "expressions": {"name": "English", "title": "Charter", "authoritative": True},
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "in").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(project: Path, name: str, content: bytes | str) -> Path:
    path = project / "in" / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def briefgen(*args: str) -> tuple[int, str]:
    """Run a command in-process, in the current folder; return its exit code and stderr."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


def import_(capture: str, work: str = "hill-libraries", expression: str = "en", *more: str) -> Any:
    lang = "fr" if expression == "fr" else "en"
    return briefgen(
        "import", capture, "--work", work, "--expression", expression, "--language", lang, *more
    )


def fill(path: Path) -> None:
    """Do what an editor does: fill the metadata, confirm each flagged removal."""
    data = filled_in(path, FILLED)
    for iv in data["interventions"]:
        if iv["reason"].startswith("TODO"):
            iv["reason"] = "Not part of the charter: its title above the text."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


# ----------------------------------------------------------------------------- only text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_capture_in_utf16_or_utf32_with_its_mark_imports_and_checks(
    project: Path, codec: str
) -> None:
    bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")  # "utf-16" and "utf-32" write their own
    raw = bom + TEXT.encode(codec)
    write(project, "charter.txt", raw)
    assert import_("in/charter.txt")[0] == 0
    source = project / "sources" / "hill-libraries.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))
    assert (project / "sources" / "captures" / "charter.txt").read_bytes() == raw  # as it came
    assert [p["text"]["en"] for p in data["paragraphs"]] == TEXT.strip().split("\n\n")[1:]
    fill(source)
    code, err = briefgen("check")
    assert code == 0, err


# ----------------------------------------------------------------------------- only inside


def test_a_source_symlinked_out_of_sources_is_neither_read_nor_replaced(project: Path) -> None:
    write(project, "charter.txt", TEXT)
    assert import_("in/charter.txt")[0] == 0
    outside = project / "elsewhere.yaml"
    (project / "sources" / "hill-libraries.yaml").rename(outside)
    (project / "sources" / "hill-libraries.yaml").symlink_to(outside)
    kept, before = outside.read_bytes(), snapshot(project / "sources")
    write(project, "charte.txt", SECOND)
    code, err = import_("in/charte.txt", "hill-libraries", "fr")
    assert code == 1
    assert err == (
        "error: sources/hill-libraries.yaml: leads outside the sources folder through a "
        f"symlink (to {outside}); import writes only inside it: replace the symlink with the "
        "file or folder itself\n"
    )
    assert outside.read_bytes() == kept
    assert snapshot(project / "sources") == before  # the link still a link, no capture copied


def test_a_captures_folder_symlinked_out_gets_nothing(project: Path) -> None:
    outside = project / "outside"
    outside.mkdir()
    (project / "sources" / "captures").symlink_to(outside)
    write(project, "charter.txt", TEXT)
    code, err = import_("in/charter.txt")
    assert code == 1
    assert err.startswith(
        "error: sources/captures/charter.txt: leads outside the sources folder through a symlink"
    )
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in (project / "sources").iterdir()) == ["captures"]


def test_a_source_symlinked_inside_sources_is_written_through_its_link(project: Path) -> None:
    write(project, "charter.txt", TEXT)
    assert import_("in/charter.txt")[0] == 0
    sources = project / "sources"
    (sources / "drafts").mkdir()
    (sources / "hill-libraries.yaml").rename(sources / "drafts" / "hill.yaml")
    (sources / "hill-libraries.yaml").symlink_to("drafts/hill.yaml")
    (sources / "drafts" / "hill.yaml").chmod(0o600)
    write(project, "charte.txt", SECOND)
    code, err = import_("in/charte.txt", "hill-libraries", "fr")
    assert code == 0, err
    assert (sources / "hill-libraries.yaml").is_symlink()
    data = yaml.safe_load((sources / "drafts" / "hill.yaml").read_text("utf-8"))
    assert [e["id"] for e in data["expressions"]] == ["en", "fr"]
    assert (sources / "drafts" / "hill.yaml").stat().st_mode & 0o777 == 0o600  # stays private


# ----------------------------------------------------------------------------- all or nothing


def _limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))


def test_a_write_that_fails_on_the_source_leaves_no_capture_behind(project: Path) -> None:
    # A real write failure without root (a full disk needs a mount): the kernel refuses to grow
    # a file past RLIMIT_FSIZE. The capture fits under the limit; the draft source does not.
    raw = TEXT.encode()
    write(project, "charter.txt", raw)
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "import", "in/charter.txt", "--work", "hill",
         "--expression", "en", "--language", "en"],
        cwd=project,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limit_file_size(len(raw) + 16),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "error: sources/hill.yaml: cannot write (File too large); earlier files are unchanged\n"
    )
    assert snapshot(project / "sources") == {}  # not even the captures/ folder it made


@pytest.fixture
def small_disk(project: Path) -> Iterator[Path]:
    """sources/ on a 1 MB tmpfs."""
    with files.small_disk(project / "sources") as disk:
        yield disk


def test_a_full_disk_leaves_no_capture_behind(project: Path, small_disk: Path) -> None:
    raw = (TEXT * 8).encode()  # two pages of the tmpfs; the draft source needs more than one
    write(project, "charter.txt", raw)
    free = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"x" * (free.f_bavail * free.f_frsize - 3 * 4096))
    code, err = import_("in/charter.txt")
    assert code == 1
    assert err == (
        "error: sources/hill-libraries.yaml: cannot write (No space left on device); "
        "earlier files are unchanged\n"
    )
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_leftovers_of_a_killed_import_are_ignored_by_check_and_removed_by_the_next(
    project: Path,
) -> None:
    write(project, "charter.txt", TEXT)
    assert import_("in/charter.txt")[0] == 0
    sources = project / "sources"
    fill(sources / "hill-libraries.yaml")
    half = (sources / "hill-libraries.yaml").read_bytes()[:200]
    leftovers = [
        sources / f"{PREFIX}0123456789ab-hill-libraries.yaml",  # a source cut mid-write
        sources / "captures" / f"{PREFIX}0123456789ab-charter.txt",
    ]
    for path in leftovers:
        path.write_bytes(half)
    mine = [sources / "briefgen-tmp-notes.txt", sources / "captures" / ".notes.txt"]
    for path in mine:
        path.write_text("the user's own", "utf-8")
    code, err = briefgen("check")
    assert code == 0, err
    write(project, "other.txt", TEXT.replace("books", "maps"))
    assert import_("in/other.txt", "hill-maps")[0] == 0
    assert [p for p in leftovers if p.exists()] == []
    assert all(p.read_text("utf-8") == "the user's own" for p in mine)


# ----------------------------------------------------------------------------- capture names


@pytest.mark.parametrize(
    "name",
    [
        "draft #2: final.txt",
        "-leading dash.txt",
        'it\'s "quoted".txt',
        "Déclaration 宣言 – ç.txt",
        "[list], {map} & *star?.txt",
    ],
)
def test_a_capture_name_with_yaml_signs_reads_back(project: Path, name: str) -> None:
    write(project, name, TEXT)
    code, err = import_(f"in/{name}")
    assert code == 0, err
    text = (project / "sources" / "hill-libraries.yaml").read_text("utf-8")
    header = text.splitlines()[:3]
    assert header[0] == f"# Draft source made by `briefgen import` from captures/{name}."
    assert all(line.startswith("# ") for line in header)
    data = yaml.safe_load(text)
    assert data["captures"][0]["file"] == f"captures/{name}"
    assert (project / "sources" / "captures" / name).read_text("utf-8") == TEXT


# ----------------------------------------------------------------------------- two at once

THIRD = (
    "Carta de las bibliotecas de las colinas\n\n"
    "Nosotras, las bibliotecas de los pueblos de las colinas, acordamos prestar nuestros libros "
    "a los lectores de las demás sin cargo.\n\n"
    "Mantendremos una lista común de lo que tiene cada biblioteca, al día cada mes.\n\n"
    "Nos reuniremos cada otoño para decidir qué libros comprar juntas.\n"
)


def test_two_imports_into_one_work_at_once_keep_both_texts(project: Path) -> None:
    # Each import holds sources/ from reading the source to writing it. This test holds the
    # lock itself while both start, so both are under way before either may read: had they
    # read the source before the lock (as imports did), the second write would drop the
    # first's text.
    import fcntl

    write(project, "charter.txt", TEXT)
    assert import_("in/charter.txt")[0] == 0
    write(project, "charte.txt", SECOND)
    write(project, "carta.txt", THIRD)
    folder = os.open(project / "sources", os.O_RDONLY)
    fcntl.flock(folder, fcntl.LOCK_EX)

    def command(name: str, expr: str) -> list[str]:
        return [sys.executable, "-m", "briefgen", "import", f"in/{name}",
                "--work", "hill-libraries", "--expression", expr, "--language", expr]  # fmt: skip

    runs = [
        subprocess.Popen(
            command(name, expr),
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, expr in (("charte.txt", "fr"), ("carta.txt", "es"))
    ]
    try:
        for run in runs:  # each says why it waits, then waits
            assert run.stdout is not None
            assert select.select([run.stdout], [], [], 60)[0], "the import did not say it waits"
            line = run.stdout.readline()
            assert "another briefgen is writing" in line and "waiting for it to finish" in line
    finally:
        os.close(folder)  # lets them go, one after the other
    for run in runs:
        assert run.wait(60) == 0, run.stderr.read() if run.stderr else ""
    data = yaml.safe_load((project / "sources" / "hill-libraries.yaml").read_text("utf-8"))
    assert [e["id"] for e in data["expressions"]] in (["en", "fr", "es"], ["en", "es", "fr"])
    texts = data["paragraphs"][0]["text"]
    assert texts["fr"].startswith("Nous, les bibliothèques") and texts["es"].startswith("Nosotras")
    assert sorted(p.name for p in (project / "sources" / "captures").iterdir()) == [
        "carta.txt",
        "charte.txt",
        "charter.txt",
    ]


def test_a_draft_over_the_size_check_reads_is_not_written(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A capture under the capture limit can make a draft over the source limit (its text, plus
    # the records around it): check would refuse that draft forever, so import writes nothing.
    # The limit is lowered here so the test need not draft 8 MB.
    from briefgen.importer import draft

    monkeypatch.setattr(draft, "SOURCE_BYTES", 2_000)
    write(project, "charter.txt", TEXT * 4)
    code, err = import_("in/charter.txt")
    assert code == 1
    assert err.startswith("error: sources/hill-libraries.yaml: the draft would be ")
    assert "bytes, over the 2,000 a source may hold" in err
    assert snapshot(project / "sources") == {}
