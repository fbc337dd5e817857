"""Source text is data: it is escaped, and rendering fetches nothing from outside."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from briefgen.render.html.jinja import BUNDLED
from briefgen.render.pdf.layout import _fetcher
from tests.support.projects import make_work, run_cli

SCRIPT = 'We note <script>alert("x")</script> as text.'


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    _Counter.hits = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", _Counter.hits
    httpd.shutdown()


def test_markup_in_sources_is_printed_as_text(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, hits = server
    image = f'See <img src="file:///etc/passwd"> and <img src="{url}/track.png"> here.'
    make_work(tmp_path, {"en-a": [SCRIPT, image]})
    result = run_cli("build", "--format", "html", "--format", "pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "build/test-declaration/edition-en-a.html").read_text("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    pdf = PdfReader(tmp_path / "build/test-declaration/edition-en-a.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert '<script>alert("x")</script>' in text
    assert '<img src="file:///etc/passwd">' in text
    assert hits == []
    assert "root:" not in text


def test_pdf_fetcher_serves_only_templates(server: tuple[str, list[str]]) -> None:
    url, hits = server
    fetcher = _fetcher(BUNDLED)
    for refused in (
        "file:///etc/passwd",
        f"{url}/x.png",
        "https://example.org/x.css",
        (BUNDLED / ".." / "pyproject.toml").resolve().as_uri(),
    ):
        with pytest.raises(ValueError, match="fetches no resource outside templates"):
            fetcher.fetch(refused)
    assert hits == []
    response = fetcher.fetch((BUNDLED / "common.css").as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()
