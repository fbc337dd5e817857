"""Files: a source reads only inside sources/, a build writes all or nothing, never in sources/.

Each bad case runs the real CLI on a copy of one small project built once, and checks what a
user would: the exit code, one error line naming the file, no traceback, nothing written under
sources/, and the earlier outputs byte for byte as they were.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pikepdf
import pytest
import yaml
from pypdf import PdfReader

from briefgen.build.writer import PREFIX
from briefgen.errors import BuildError
from briefgen.render.html.jinja import BUNDLED
from tests.support import files
from tests.support.files import Watch, consistent, sigint_default, snapshot
from tests.support.projects import ROOT, make_work, run_cli

WORK = "test-declaration"
SOURCE = f"sources/{WORK}.yaml"
PASSWD = Path("/etc/passwd")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project built once in HTML: the earlier outputs every case must keep."""
    root = tmp_path_factory.mktemp("base")
    make_work(root, {"en-a": ["We agree on one thing.", "We note another."]})
    result = run_cli("build", "-f", "html", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


class Case:
    """A copy of the base project; remembers its sources and outputs to compare after."""

    def __init__(self, base: Path, root: Path) -> None:
        self.root = root / "project"
        shutil.copytree(base, self.root, symlinks=True)
        self.before: dict[str, dict[str, object]] = {}

    def freeze(self) -> None:
        self.before = {d: snapshot(self.root / d) for d in ("sources", "build")}

    def edit(self, change: Callable[[dict[str, object]], None]) -> None:
        path = self.root / SOURCE
        data = yaml.safe_load(path.read_text("utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        if not self.before:
            self.freeze()
        return subprocess.run(
            [sys.executable, "-m", "briefgen", *args],
            cwd=self.root,
            env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
            capture_output=True,
            text=True,
            timeout=300,
        )

    def refused(self, result: subprocess.CompletedProcess[str], *words: str, code: int = 1) -> None:
        """Assert a clean refusal: the exit code, the words, no traceback, nothing changed."""
        out = result.stdout + result.stderr
        assert result.returncode == code, out
        assert "Traceback" not in out, out
        for word in words:
            assert word in result.stderr, result.stderr
        assert snapshot(self.root / "sources") == self.before["sources"], "sources/ changed"
        assert snapshot(self.root / "build") == self.before["build"], "earlier outputs changed"


@pytest.fixture
def case(base: Path, tmp_path: Path) -> Case:
    return Case(base, tmp_path)


def _capture_file(name: str) -> Callable[[dict[str, object]], None]:
    def change(data: dict[str, object]) -> None:
        data["captures"][0]["file"] = name  # type: ignore[index]

    return change


# ----------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("name", "why"),
    [
        (str(PASSWD), "is an absolute path"),
        ("../../../../../../../../etc/passwd", "leads outside the sources folder (through '..')"),
        ("/proc/self/environ", "is an absolute path"),
        ("captures/link.txt", "leads outside the sources folder (through a symlink)"),
        ("captures/", "is not a regular file"),
    ],
)
def test_a_capture_naming_a_file_outside_sources_is_refused(
    case: Case, name: str, why: str
) -> None:
    (case.root / "sources/captures/link.txt").symlink_to(PASSWD)
    case.edit(_capture_file(name))
    digest = hashlib.sha256(PASSWD.read_bytes()).hexdigest()
    for command in (("check",), ("build", "-f", "html", "--force"), ("build", "--kind", "pack")):
        result = case.run(*command)
        case.refused(result, f"{SOURCE}:", "captures[0].file: ", why)
        assert digest not in result.stderr and "SHA-256" not in result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr


def test_a_symlink_inside_sources_is_followed(case: Case) -> None:
    (case.root / "sources/captures/alias.txt").symlink_to("en-a.txt")
    case.edit(_capture_file("captures/alias.txt"))
    result = case.run("check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("which", [f"{WORK}.brief.yaml", f"{WORK}.numbers.yaml", "other.yaml"])
def test_a_yaml_file_of_sources_linking_outside_is_refused(case: Case, which: str) -> None:
    outside = case.root / "elsewhere.yaml"
    outside.write_text("format: briefgen-numbers/1\nnumbers: {}\n", "utf-8")
    (case.root / "sources" / which).symlink_to(outside)
    case.refused(case.run("check"), f"sources/{which}: is a symlink leading outside")


# ----------------------------------------------------------------------------- output folders


@pytest.mark.parametrize(
    ("out", "words"),
    [
        ("README", "README: --out names a file, not a folder"),
        ("README/sub", "README/sub: cannot make this folder (Not a directory)"),
        ("/", "/: --out is the root folder"),
        (".", ".: --out is the project folder itself"),
        ("build/..", "build/..: --out is the project folder itself"),
        ("sources", "sources: output folder is inside sources/"),
        ("sources/site", "sources/site: output folder is inside sources/"),
        ("sources/captures/../../sources/x", "output folder is inside sources/"),
    ],
)
def test_an_output_folder_that_is_not_a_folder_of_its_own_is_refused(
    case: Case, out: str, words: str
) -> None:
    (case.root / "README").write_text("not a folder\n", "utf-8")
    case.refused(case.run("build", "-f", "html", "--force", "--out", out), words)
    assert not (case.root / WORK).exists() and not Path("/", WORK).exists()


def test_a_work_named_sources_cannot_write_into_sources(case: Case) -> None:
    case.edit(lambda d: d["work"].update(id="sources"))  # type: ignore[attr-defined]
    for out in (".", "./"):
        case.refused(case.run("build", "-f", "html", "--out", out), "project folder itself")


def test_a_symlinked_work_folder_into_sources_is_refused(case: Case) -> None:
    shutil.rmtree(case.root / "build" / WORK)
    (case.root / "build" / WORK).symlink_to(case.root / "sources")
    case.refused(
        case.run("build", "-f", "html"),
        f"build/{WORK}/edition-en-a.html: resolves inside sources/",
    )


@pytest.mark.parametrize("folder", ["build/manifest.json", f"build/{WORK}/edition-en-a.html"])
def test_a_folder_in_the_way_of_a_file_is_reported(case: Case, folder: str) -> None:
    target = case.root / folder
    target.unlink()
    target.mkdir()
    (target / "keep.txt").write_text("mine\n", "utf-8")
    case.refused(
        case.run("build", "-f", "html", "--force"),
        f"{folder}: cannot write: a folder of that name is in the way",
    )
    assert not list((case.root / "build").rglob(f"{PREFIX}*"))


# ----------------------------------------------------------------------------- file system failures


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make a folder read-only for this user: a read-only bind mount for root, else chmod."""
    if os.geteuid() == 0:
        for args in (["--bind", folder, folder], ["-o", "remount,ro,bind", folder, folder]):
            done = subprocess.run(["mount", *map(str, args)], capture_output=True, check=False)
            if done.returncode:
                pytest.skip(f"cannot mount here: {done.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    else:
        mode = folder.stat().st_mode
        folder.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield
        finally:
            folder.chmod(mode)


def test_a_read_only_output_folder_is_reported(case: Case) -> None:
    case.freeze()
    with read_only(case.root / "build" / WORK):
        result = case.run("build", "-f", "html", "--force")
    case.refused(result, f"build/{WORK}/", "cannot write (", "earlier files are unchanged")
    assert "Read-only file system" in result.stderr or "Permission denied" in result.stderr


def test_publish_into_read_only_sources_is_reported(case: Case) -> None:
    case.freeze()
    with read_only(case.root / "sources"):
        result = case.run("publish", WORK)
    case.refused(result, f"sources/{WORK}.numbers.yaml: cannot write (")


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))


def test_a_file_size_limit_fails_the_build_whole(case: Case) -> None:
    # A real write failure without root: the kernel refuses to grow a file past RLIMIT_FSIZE.
    case.freeze()
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "-f", "html", "--force"],
        cwd=case.root,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
    )
    case.refused(result, "cannot write (File too large); earlier files are unchanged")
    assert not list((case.root / "build").rglob(f"{PREFIX}*"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs: room for an HTML build, its catalogue and search index."""
    (tmp_path / "disk").mkdir()
    with files.small_disk(tmp_path / "disk") as disk:
        yield disk


def test_a_full_disk_leaves_the_earlier_build_as_it_was(case: Case, small_disk: Path) -> None:
    out = small_disk / "out"
    first = case.run("build", "-f", "html", "--out", str(out))
    assert first.returncode == 0, first.stderr
    free = os.statvfs(small_disk)
    # one block left: less than any page with its stylesheet
    (small_disk / "filler").write_bytes(b"x" * (free.f_bavail * free.f_frsize - 4096))
    before = snapshot(out)
    case.freeze()
    result = case.run(
        "build", "-f", "html", "--out", str(out), env={"SOURCE_DATE_EPOCH": "1767225600"}
    )
    case.refused(result, "cannot write (No space left on device); earlier files are unchanged")
    assert snapshot(out) == before
    (small_disk / "filler").unlink()
    again = case.run(
        "build", "-f", "html", "--out", str(out), env={"SOURCE_DATE_EPOCH": "1767225600"}
    )
    assert again.returncode == 0, again.stderr


# ----------------------------------------------------------------------------- what is written


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_outputs_get_the_mode_of_the_umask(case: Case, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        result = case.run("build", "-f", "html", "--force")
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    files = [p for p in (case.root / "build").rglob("*") if p.is_file()]
    outputs = [p for p in files if "pagefind" not in p.parts]  # the search index, apart
    # the edition, three citation records, the catalogue and the manifest
    assert len(outputs) == 6 and len(files) > len(outputs)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_leftover_temporaries_are_removed_by_the_next_build(case: Case) -> None:
    work = case.root / "build" / WORK
    leftovers = [work / f"{PREFIX}0a1b2c-edition-en-a.html", case.root / "build" / f"{PREFIX}x"]
    for path in leftovers:
        path.write_bytes(b"half a file")
    # a user's own files, even of the shape tempfile gives (`.<name>.<8 characters>.tmp`)
    mine = [
        work / "notes.tmp",
        work / ".brief.html.k2j4x9_q.tmp",
        case.root / "build/.a.abcdefgh.tmp",
    ]
    for path in mine:
        path.write_text("not briefgen's\n", "utf-8")
    result = case.run("build", "-f", "html")
    assert result.returncode == 0, result.stderr
    assert not any(p.exists() for p in leftovers)
    assert [p.read_text("utf-8") for p in mine] == ["not briefgen's\n"] * 3


def test_a_broken_template_is_blamed_on_the_template(case: Case) -> None:
    shutil.copytree(BUNDLED, case.root / "templates")
    edition = case.root / "templates/edition.html.j2"
    edition.write_text(edition.read_text("utf-8").replace("}}", ")}}", 1), "utf-8")
    result = case.run("build", "-f", "html")
    case.refused(result, "templates/edition.html.j2:", "template error")
    assert SOURCE not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--format", "epub"),
        ("build", "--kind", "poster"),
        ("build", "--jobs", "-1"),
        ("build", "--out"),
        ("publish",),
    ],
)
def test_bad_command_lines_are_usage_errors(case: Case, args: tuple[str, ...]) -> None:
    case.refused(case.run(*args), code=2)


# ----------------------------------------------------------------------------- watch, Ctrl-C


def test_watch_follows_templates_and_survives_template_and_write_errors(case: Case) -> None:
    shutil.copytree(BUNDLED, case.root / "templates")
    edition = case.root / "templates/edition.html.j2"
    good = edition.read_text("utf-8")
    manifest = case.root / "build/manifest.json"
    watch = Watch(case.root, "-f", "html")
    try:
        watch.wait_for("watching")
        watch.save_until(edition, good, f"rendered build/{WORK}/edition-en-a.html")
        watch.wait_for("wrote 1 file(s)")
        watch.save_until(edition, good.replace("}}", ")}}", 1), "error: templates/edition.html.j2:")
        manifest.unlink()
        manifest.mkdir()
        watch.save_until(edition, good, "error: build/manifest.json: cannot write: a folder")
        assert watch.proc.poll() is None
        manifest.rmdir()
        watch.save_until(edition, good, " unchanged, and build/manifest.json")  # every stage
        assert watch.proc.poll() is None
    finally:
        watch.stop()
    assert not any("Traceback" in line for line in watch.seen), "".join(watch.seen)
    consistent(case.root / "build")


def test_ctrl_c_during_a_build_stops_it_with_exit_130(case: Case) -> None:
    case.freeze()
    watch = Watch(case.root, "-f", "html", "-f", "pdf", "--jobs", "1")
    try:
        watch.wait_for("rendered ")  # the first build is under way
    finally:
        code = watch.stop(signal.SIGINT)  # to the process group, as a terminal's Ctrl-C
    rest = "".join(watch.seen)
    assert code == 130, rest
    assert "interrupted" in rest and "Traceback" not in rest, rest
    assert snapshot(case.root / "sources") == case.before["sources"]
    consistent(case.root / "build")
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "-f", "pdf", "--force", "-j", "1"],
        cwd=case.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=sigint_default,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("rendered ")
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err, err
    consistent(case.root / "build")


def _dates(folder: Path) -> set[str]:
    """The CreationDate and ModDate of every PDF and the core dates of every DOCX under a folder."""
    found: set[str] = set()
    for path in folder.rglob("*.pdf"):
        info = PdfReader(path).metadata or {}
        found |= {str(info.get("/CreationDate")), str(info.get("/ModDate"))}
    for path in folder.rglob("*.docx"):
        props = docx.Document(str(path)).core_properties
        found |= {str(props.created), str(props.modified), str(props.last_printed)}
    return found


def test_source_date_epoch_sets_the_pdf_and_docx_dates(case: Case, tmp_path: Path) -> None:
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}  # 1 January 2026
    edition = case.run("build", "-f", "pdf", "-f", "docx", "--kind", "edition", env=epoch)
    assert edition.returncode == 0, edition.stderr
    args = ["build", "-f", "pdf", "-f", "docx", "--kind", "brief", "--out", str(tmp_path / "b")]
    bundled = subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=ROOT,
        env={**os.environ, **epoch},
        capture_output=True,
        text=True,
    )
    assert bundled.returncode == 0, bundled.stderr
    assert len(list((case.root / "build").rglob("*.pdf"))) == 1
    assert len(list((tmp_path / "b").rglob("brief.*"))) == 2
    dates = _dates(case.root / "build") | _dates(tmp_path / "b")
    assert dates == {"D:20260101000000Z", "2026-01-01 00:00:00+00:00"}


def test_source_date_epoch_sets_the_dates_of_the_pack_attachments(case: Case) -> None:
    result = case.run("build", "--kind", "pack", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    with pikepdf.open(case.root / "build" / WORK / "pack.pdf") as pdf:
        files = pikepdf.NameTree(pdf.Root.Names.EmbeddedFiles)
        params = [spec.EF.F.Params for _, spec in files.items()]
        dates = {str(p.get(key)) for p in params for key in ("/CreationDate", "/ModDate")}
    assert len(params) == 2  # the source and its one capture
    assert dates == {"D:20260101000000Z"}


def test_a_failed_rename_puts_back_the_files_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rename failing once the others are done is too rare to provoke for real: fail the third.
    from briefgen.build import writer

    a, b, c = (tmp_path / name for name in ("a.pdf", "b.pdf", "manifest.json"))
    a.write_bytes(b"earlier a")
    b.write_bytes(b"earlier b")
    real, calls = os.replace, []

    def third_fails(src: object, dst: object) -> None:
        if not Path(str(dst)).name.startswith(writer.PREFIX):  # the writer's journal is not one
            calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(writer.os, "replace", third_fails)
    with pytest.raises(BuildError, match=r"manifest.json: cannot write \(Input/output error\)"):
        writer.write_files([(a, b"new a"), (b, b"new b"), (c, b"{}")], str, folder=tmp_path)
    assert (a.read_bytes(), b.read_bytes(), c.exists()) == (b"earlier a", b"earlier b", False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]
