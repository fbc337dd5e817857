"""`briefgen serve`: the build folder on 127.0.0.1, its open pages reloaded after a save.

Read in Debian's chromium (Playwright): an edited paragraph shows in the open edition page
soon after the rebuild writes it, a failed build shows over the page that keeps the last good
text, a PDF's viewer page reloads too; a path outside the build folder is refused; Ctrl-C
ends it cleanly and frees its port.
"""

from __future__ import annotations

import queue
import re
import signal
import socket
import time
from pathlib import Path
from typing import Any

from tests.e2e.test_watch import workers
from tests.support.browser import launched
from tests.support.files import Watch, consistent
from tests.support.projects import correct_word, make_work, run_cli

EDITION = "test-declaration/edition-en.html"
OLD = "the harbour lights stay lit"
NEW = "the harbour lamps stay lit"


def project(root: Path) -> Path:
    """A small work of our own, one English text of three paragraphs; return its source."""
    return make_work(
        root,
        {"en": ["The parties meet each spring.", f"By night {OLD} for every boat.", "It ends."]},
    )


def corrected(source: Path) -> None:
    """Change one word of para 2, recorded as a correction made today (one save)."""
    correct_word(source, "p2", "en", "lights", "lamps")


def served(root: Path, *args: str) -> tuple[Watch, str]:
    """Start `briefgen serve --port 0` and wait for its first build; return it and its URL."""
    serve = Watch(root, "--port", "0", "--jobs", "1", *args, command="serve")
    serve.wait_for("serving build at", timeout=60)
    found = re.search(r"http://127\.0\.0\.1:\d+/", "".join(serve.seen))
    assert found, serve.seen
    serve.wait_for("watching", timeout=180)
    return serve, found.group()


def quiet(serve: Watch, seconds: float = 3.0) -> None:
    """Wait until serve has said nothing for a while: no build under way (a save can come to
    the watcher as two events, and the second makes a build that finds nothing to do)."""
    while True:
        try:
            serve.seen.append(serve.lines.get(timeout=seconds))
        except queue.Empty:
            return


def raw(url: str, target: str, host: str = "127.0.0.1") -> str:
    """Send a request line as written (no client tidies its path); return the status line."""
    port = int(url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode())
        return s.makefile("rb").readline().decode().strip()


def test_an_edit_shows_in_the_open_page_and_ctrl_c_ends_the_server(tmp_path: Path) -> None:
    source = project(tmp_path)
    serve, url = served(tmp_path)
    try:
        with launched() as browser:
            page: Any = browser.new_page()
            page.goto(url + EDITION)
            assert OLD in page.inner_text("main")

            saved = time.time()
            corrected(source)
            page.wait_for_function(f"document.body.innerText.includes({NEW!r})", timeout=60_000)
            shown = time.time()
            written = (tmp_path / "build" / EDITION).stat().st_mtime
            print(
                f"\nserve: the edit showed {shown - saved:.2f} s after the save, "
                f"{shown - written:.2f} s after the build wrote the page"
            )
            assert shown - written < 2.0, (shown - saved, shown - written)

            # a broken source: the error over the page, the last good text under it
            text = source.read_text("utf-8")
            source.write_text(text.replace("\nwork:", "\nwurk:", 1), "utf-8")
            page.wait_for_selector("#briefgen-build-error", timeout=60_000)
            error = page.inner_text("#briefgen-build-error")
            assert "sources/test-declaration.yaml" in error and "wurk: unknown field" in error
            assert NEW in page.inner_text("main")
            source.write_text(text, "utf-8")
            page.wait_for_selector("#briefgen-build-error", state="detached", timeout=60_000)
        # the files on disk are the build's: no script was written into them
        build = tmp_path / "build"
        consistent(build)
        assert b"__briefgen__" not in (build / EDITION).read_bytes()
        pool = workers(serve.proc.pid)
        quiet(serve)
    finally:
        code = serve.stop(signal.SIGINT)  # to the process group, as a terminal's Ctrl-C
    said = "".join(serve.seen)
    assert code == 0, said
    assert "Traceback" not in said, said
    assert pool and not any(Path(f"/proc/{pid}").exists() for pid in pool), pool
    port = int(url.rsplit(":", 1)[1].strip("/"))
    with socket.socket() as s:  # the port is free again (a listener would hold it still)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen()


def test_a_path_outside_the_build_folder_is_refused(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out").symlink_to(tmp_path / "sources")
    serve, url = served(tmp_path)
    try:
        assert raw(url, f"/{EDITION}").endswith("200 OK")
        assert raw(url, f"/{EDITION}", host="localhost").endswith("200 OK")
        assert raw(url, f"/{EDITION}", host="attacker.example").split()[1] == "403"
        for target in (
            "/../sources/test-declaration.yaml",
            "/%2e%2e/sources/test-declaration.yaml",
            "/test-declaration/../../sources/test-declaration.yaml",
            "/out/test-declaration.yaml",  # a symlink out of the folder
            "/__briefgen__/pdf?path=../sources/test-declaration.yaml",
        ):
            assert raw(url, target).split()[1] == "403", target
        for target in (f"/{tmp_path}/sources/test-declaration.yaml", "//etc/passwd"):
            assert raw(url, target).split()[1] == "404", target  # read inside build/ only
    finally:
        assert serve.stop(signal.SIGINT) == 0


def test_a_pdf_opens_in_a_viewer_page_that_reloads_after_an_edit(tmp_path: Path) -> None:
    source = project(tmp_path)
    serve, url = served(tmp_path, "--format", "pdf")
    pdf = "test-declaration/edition-en.pdf"
    try:
        with launched() as browser:
            page: Any = browser.new_page()
            page.goto(url + "test-declaration/edition-en.html")
            link = page.get_attribute("nav.formats a[href*='pdf']", "href")
            page.goto(url + link.lstrip("/"))
            assert page.get_attribute("iframe", "src") == "/" + pdf
            page.evaluate("window.before = true")
            before = (tmp_path / "build" / pdf).read_bytes()
            corrected(source)
            page.wait_for_function("window.before === undefined", timeout=120_000)
            assert (tmp_path / "build" / pdf).read_bytes() != before
        serve.wait_for(" unchanged, and build/manifest.json")  # the last stage written too
        quiet(serve)
    finally:
        code = serve.stop(signal.SIGINT)
    assert code == 0, "".join(serve.seen)


def test_a_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    project(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = run_cli("serve", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: --port: cannot serve on 127.0.0.1:{port}: Address already in use"
        " (choose another port, or --port 0 for a free one)"
    ]
    assert not (tmp_path / "build").exists()
