"""briefgen as a tool people install: a wheel in a fresh environment, `new`, the CLI conventions."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from tests.support.projects import ROOT, run_cli

EXAMPLE = "example-declaration"


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        args, cwd=cwd, env={**clean, **env}, capture_output=True, text=True, timeout=300
    )


def test_a_wheel_in_a_fresh_environment_starts_and_builds_a_project(tmp_path: Path) -> None:
    """Build the wheel, install it into a new venv, then `briefgen new demo` and build it all.

    The new venv sees the dependencies through a .pth line naming this environment's
    site-packages (a plain path: the editable install's hook there is not run), so the test
    needs no network; briefgen itself comes only from the wheel.
    """
    clone = tmp_path / "clone"  # setuptools writes build/ and *.egg-info into the tree it builds
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        (clone / name).parent.mkdir(exist_ok=True)
        shutil.copyfile(ROOT / name, clone / name)
    shutil.copytree(ROOT / "src", clone / "src", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "dist"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(clone)],
        tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("briefgen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        licence = archive.read("briefgen-0.1.0.dist-info/licenses/LICENSE").decode("utf-8")
        metadata = archive.read("briefgen-0.1.0.dist-info/METADATA").decode("utf-8")
    assert licence == (ROOT / "LICENSE").read_text("utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 The briefgen authors\n")
    assert "License-Expression: MIT\n" in metadata and "License-File: LICENSE\n" in metadata

    venv = tmp_path / "venv"
    made_venv = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    assert made_venv.returncode == 0, made_venv.stderr
    python = venv / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path
    ).stdout.strip()
    (Path(purelib) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    installed = _run([*pip, "install", "-q", "--no-deps", "--no-index", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr

    where = _run([str(python), "-c", "import briefgen; print(briefgen.__file__)"], tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout
    briefgen = str(venv / "bin" / "briefgen")
    assert _run([briefgen, "--version"], tmp_path).stdout == "briefgen 0.1.0\n"

    made = _run([briefgen, "new", "demo"], tmp_path)
    assert made.returncode == 0, made.stderr
    demo = tmp_path / "demo"
    assert {p.name for p in demo.iterdir()} == {
        "sources",
        "briefgen.toml",
        ".gitignore",
        "README.md",
    }
    result = _run([briefgen, "build", "--format", "all"], demo)
    assert result.returncode == 0, result.stderr
    out = demo / "build" / EXAMPLE
    assert {p.name for p in out.iterdir()} == {
        *(f"{kind}.{ext}" for kind in ("edition-en", "brief") for ext in ("pdf", "docx", "html")),
        "pack.pdf",
        "pack.docx",
        "citations.json",
        "citations.bib",
        "citations.ris",
    }
    assert "Example Declaration on Open Reading Rooms" in (out / "edition-en.html").read_text()
    assert _run([briefgen, "check"], demo).stdout.startswith(f"ok sources/{EXAMPLE}.yaml")


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    result = run_cli("new", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {tmp_path}: not an empty folder; briefgen new writes only into a new one\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_version_help_and_completion(tmp_path: Path) -> None:
    assert run_cli("-V", cwd=tmp_path).stdout == run_cli("--version", cwd=tmp_path).stdout
    assert run_cli("--version", cwd=tmp_path).stdout == "briefgen 0.1.0\n"
    short, long = run_cli("build", "-h", cwd=tmp_path), run_cli("build", "--help", cwd=tmp_path)
    assert short.returncode == 0 and short.stdout == long.stdout
    assert "--force " in short.stdout and "<bool>" not in short.stdout
    assert "\x1b[" not in short.stdout
    top = run_cli("--help", cwd=tmp_path).stdout
    assert "--install-completion" in top and "--show-completion" in top
    for command in ("new", "templates", "build", "check"):
        assert f"  {command} " in top
    usage = run_cli("build", "--no-such-option", cwd=tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def _on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    """Run briefgen on a pseudo-terminal (so it draws its progress bar); return what it wrote."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: become briefgen
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "briefgen", *args], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closes when briefgen exits
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out


def test_no_color_turns_the_progress_colours_off(tmp_path: Path) -> None:
    assert run_cli("new", "demo", cwd=tmp_path).returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    args = ["build", "-f", "html", "--force"]
    colour = re.compile(rb"\x1b\[[0-9;]*3[0-9][;m]|\x1b\[[0-9;]*9[0-7][;m]")
    coloured = _on_a_terminal(args, tmp_path / "demo", env)
    assert b"wrote 5 file(s)" in coloured and colour.search(coloured)
    plain = _on_a_terminal(args, tmp_path / "demo", {**env, "NO_COLOR": "1"})
    assert b"wrote 5 file(s)" in plain and not colour.search(plain)
