"""`briefgen serve`: the build folder over HTTP on this machine, its open pages reloaded as
builds write them.

A ThreadingHTTPServer on 127.0.0.1 sends the files under the output folder and nothing else: a
request's path is resolved (symlinks and all) and refused unless it stays inside. Every HTML
page it sends gets a small script (in the response only: the files on disk stay the build's,
byte for byte) that listens to the Server-Sent Events of /__briefgen__/events and reloads the
page when a build writes its file again; a PDF opens in /__briefgen__/pdf?path=…, a page around
it that reloads the same way. The server learns what a build wrote from the manifest, which
every build (and every stage of `watch`'s staged build) renames into place last: a thread
watches it and compares each output's SHA-256 with the last it saw. A failed build is shown
over the open pages, which keep the last good outputs, until a build succeeds.
"""

from __future__ import annotations

import html
import json
import mimetypes
import shutil
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .errors import Problem, UsageError

EVENTS = "/__briefgen__/events"
VIEWER = "/__briefgen__/pdf"
#: How often the manifest is looked at, in seconds.
POLL = 0.05
#: How long an idle event stream waits before a comment line checks the page is still there.
KEEPALIVE = 10.0

#: Types the standard table lacks: citation records are shown as text, not downloaded.
TYPES = {
    ".bib": "text/plain; charset=utf-8",
    ".ris": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".wasm": "application/wasm",
}

#: The script every HTML page is sent with: reload when the build rewrites a file this page
#: shows; show a failed build over the page until one succeeds. Links to PDFs open the viewer.
SCRIPT = """<script>
(() => {
  const shown = %(shown)s;
  const viewer = %(viewer)s;
  for (const a of document.querySelectorAll("a[href]")) {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin === location.origin && url.pathname.endsWith(".pdf")) {
      a.href = viewer + "?path=" + encodeURIComponent(decodeURIComponent(url.pathname.slice(1)));
    }
  }
  let box = null;
  const hide = () => { if (box) { box.remove(); box = null; } };
  const events = new EventSource(%(events)s);
  events.addEventListener("change", (e) => {
    if (JSON.parse(e.data).some((path) => shown.includes(path))) location.reload();
  });
  events.addEventListener("ok", hide);
  events.addEventListener("failed", (e) => {
    const lines = JSON.parse(e.data);
    for (const line of lines) console.error("briefgen: " + line);
    hide();
    box = document.createElement("div");
    box.id = "briefgen-build-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:40vh;overflow:auto;" +
      "margin:0;padding:1em;background:#7a0000;color:#fff;font:14px/1.4 monospace;" +
      "white-space:pre-wrap;z-index:2147483647";
    box.textContent = "The build failed; this page shows the last good build.\\n" +
      lines.join("\\n");
    document.body.append(box);
  });
})();
</script>
"""

VIEWER_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>%(name)s</title>
<style>html, body { margin: 0; height: 100%%; } iframe { border: 0; width: 100%%; height: 100%%; }
</style>
</head>
<body>
<iframe src="/%(src)s" title="%(name)s"></iframe>
</body>
</html>
"""


@dataclass
class Hub:
    """The events sent to every open page, in order: outputs written, a build failed or not."""

    events: list[str] = field(default_factory=list)
    failure: list[str] | None = None  # the lines of the last build, if it failed
    closed: bool = False
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, name: str, data: Any) -> None:
        """Send an event to every page listening."""
        with self._cond:
            self.events.append(f"event: {name}\ndata: {json.dumps(data)}\n\n")
            self._cond.notify_all()

    def failed(self, lines: list[str]) -> None:
        """Tell the pages that a build failed, and why."""
        self.failure = lines
        self.publish("failed", lines)

    def succeeded(self) -> None:
        """Tell the pages that a build went well (after the outputs it wrote)."""
        self.failure = None
        self.publish("ok", [])

    def since(self, seen: int, timeout: float) -> tuple[int, list[str]]:
        """Wait for events after the first `seen` ones; return how many there are, and those."""
        with self._cond:
            self._cond.wait_for(lambda: len(self.events) > seen or self.closed, timeout)
            return len(self.events), self.events[seen:]

    def close(self) -> None:
        """End every event stream."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def manifest_shas(folder: Path) -> dict[str, str]:
    """Return each file the manifest of a build folder records, with its SHA-256."""
    try:
        data = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    entries = [e for e in data.get("outputs") or [] if isinstance(e, dict)]
    site = data.get("site")
    if isinstance(site, dict):
        entries += [e for e in site.values() if isinstance(e, dict)]
    return {str(e.get("path")): str(e.get("sha256")) for e in entries}


class Watcher(threading.Thread):
    """Watch the manifest of a build folder; publish the paths each new one changed."""

    def __init__(self, folder: Path, hub: Hub) -> None:
        super().__init__(name="briefgen-manifest", daemon=True)
        self.folder, self.hub = folder, hub
        self.seen = manifest_shas(folder)
        self.stamp = self._stamp()
        self.stopping = threading.Event()

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = (self.folder / "manifest.json").stat()
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def run(self) -> None:
        while not self.stopping.wait(POLL):
            stamp = self._stamp()
            if stamp == self.stamp:
                continue
            self.stamp = stamp
            now = manifest_shas(self.folder)
            changed = sorted(
                p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)
            )
            self.seen = now
            if changed:
                self.hub.publish("change", changed)


class Handler(BaseHTTPRequestHandler):
    """Answer GET and HEAD with a file of the build folder, the viewer or the events."""

    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing of each request: the terminal is the build's."""

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        if not self._host_allowed():
            self._refuse(403, "not a host of this server")
            return
        url = urllib.parse.urlsplit(self.path)
        if url.path == EVENTS:
            self._events() if body else self._send(200, b"", "text/event-stream", body)
            return
        if url.path == VIEWER:
            self._viewer(urllib.parse.parse_qs(url.query).get("path", [""])[0], body)
            return
        found = self.server.file_of(urllib.parse.unquote(url.path))
        if isinstance(found, int):
            self._refuse(found, "outside the build folder" if found == 403 else "no such file")
            return
        if found.is_dir():  # a folder without its final slash: its index page is one level down
            self.send_response(301)
            self.send_header("Location", url.path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        rel = found.relative_to(self.server.root).as_posix()
        kind = TYPES.get(found.suffix) or mimetypes.guess_type(found.name)[0]
        if found.suffix == ".html":
            page = inject(found.read_bytes(), [rel])
            self._send(200, page, "text/html; charset=utf-8", body)
            return
        self._send_file(found, kind or "application/octet-stream", body)

    def _host_allowed(self) -> bool:
        """Refuse a page of another site that names this port (DNS rebinding)."""
        host = self.headers.get("Host")
        port = self.server.server_address[1]
        return host is None or host in (f"127.0.0.1:{port}", f"localhost:{port}")

    def _refuse(self, code: int, reason: str) -> None:
        self._send(code, f"{code}: {reason}\n".encode(), "text/plain; charset=utf-8", True)

    def _send(self, code: int, data: bytes, kind: str, body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _send_file(self, path: Path, kind: str, body: bool) -> None:
        try:
            f = path.open("rb")
        except OSError:
            self._refuse(404, "no such file")
            return
        with f:
            size = path.stat().st_size
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(size))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                shutil.copyfileobj(f, self.wfile)

    def _viewer(self, path: str, body: bool) -> None:
        found = self.server.file_of(path)
        if isinstance(found, int) or found.suffix != ".pdf" or not found.is_file():
            self._refuse(found if isinstance(found, int) else 404, "no such PDF")
            return
        rel = found.relative_to(self.server.root).as_posix()
        src = urllib.parse.quote(rel)
        page = VIEWER_PAGE % {"name": html.escape(rel), "src": html.escape(src)}
        self._send(200, inject(page.encode("utf-8"), [rel]), "text/html; charset=utf-8", body)

    def _events(self) -> None:
        hub = self.server.hub
        seen = len(hub.events)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        first = "retry: 500\n\n"
        if hub.failure is not None:
            first += f"event: failed\ndata: {json.dumps(hub.failure)}\n\n"
        try:
            self.wfile.write(first.encode())
            self.wfile.flush()
            while not hub.closed:
                seen, new = hub.since(seen, KEEPALIVE)
                if hub.closed:
                    break
                self.wfile.write(("".join(new) or ": still here\n\n").encode())
                self.wfile.flush()
        except OSError:  # the page went away
            return


def inject(page: bytes, shown: list[str]) -> bytes:
    """Return an HTML page with the reload script before its </body> (or at its end)."""
    script = SCRIPT % {
        "shown": _js(shown),
        "viewer": _js(VIEWER),
        "events": _js(EVENTS),
    }
    at = page.rfind(b"</body>")
    at = len(page) if at == -1 else at
    return page[:at] + script.encode("utf-8") + page[at:]


def _js(value: Any) -> str:
    """Return a value as a JavaScript literal that cannot end the <script> around it."""
    return json.dumps(value).replace("<", "\\u003c")


class Server(ThreadingHTTPServer):
    """The HTTP server of one build folder."""

    daemon_threads = True  # an open event stream never holds up the end

    def __init__(self, root: Path, port: int, hub: Hub) -> None:
        self.root = root.resolve()
        self.hub = hub
        super().__init__(("127.0.0.1", port), Handler)

    def file_of(self, path: str) -> Path | int:
        """Return the file of the build folder a request names, or 403 (outside it) or 404."""
        if "\0" in path or "\\" in path:
            return 404
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if ".." in parts:
            return 403
        try:
            found = self.root.joinpath(*parts).resolve()
        except (OSError, RuntimeError):  # a symlink loop
            return 404
        if not found.is_relative_to(self.root):
            return 403
        if (found.is_dir() and path.endswith("/")) or found == self.root:
            found = found / "index.html"
        return found if found.exists() else 404


@dataclass
class Serving:
    """A running server: its address, its events, the thread watching the manifest."""

    server: Server
    watcher: Watcher
    thread: threading.Thread

    @property
    def url(self) -> str:
        """Return the address of the build folder, e.g. http://127.0.0.1:8000/."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    @property
    def hub(self) -> Hub:
        return self.server.hub

    def stop(self) -> None:
        """End the event streams and the server, and release the port."""
        self.watcher.stopping.set()
        self.hub.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
        self.watcher.join(timeout=5)


def start(folder: Path, port: int) -> Serving:
    """Serve a build folder on 127.0.0.1:port (0: a free port) in threads of this process.

    UsageError if the port cannot be had.
    """
    hub = Hub()
    try:
        server = Server(folder, port, hub)
    except OSError as err:
        raise UsageError(
            Problem(
                "--port",
                f"cannot serve on 127.0.0.1:{port}: {err.strerror or err}"
                " (choose another port, or --port 0 for a free one)",
            )
        ) from err
    thread = threading.Thread(target=server.serve_forever, name="briefgen-serve", daemon=True)
    thread.start()
    watcher = Watcher(folder, hub)
    watcher.start()
    return Serving(server, watcher, thread)
