"""Markdown captures: recognised, and read through a CommonMark parser (importer/markdown.py).

The captures are our own words, written for these tests.
"""

from __future__ import annotations

import pytest

from briefgen.sources.capture import is_markdown, kind_of

PLAIN = "We, the ports, meet at dawn.\n\nWe will meet again - next spring.\n"


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("page.md", PLAIN, "markdown"),
        ("page.markdown", PLAIN, "markdown"),
        ("page.txt", PLAIN, "text"),
        ("page.html", "<p>x</p>", "html"),
        ("page.txt", "---\ntitle: A page\n---\n\nWe meet.\n", "markdown"),
        ("page.txt", "**Open ports**\n\nWe meet.\n\n<!-- -->\n", "markdown"),
        ("page.txt", "## Open ports\n\nWe agree to:\n\n-   meet;\n", "markdown"),
        # one sign alone is not enough: a plain text may hold a bold line or a dash list
        ("page.txt", "**Open ports**\n\nWe meet.\n", "text"),
        ("page.txt", "We agree to:\n\n- meet;\n- part.\n", "text"),
        ("page.TXT", "# One\n\n-   two\n", "markdown"),
    ],
)
def test_markdown_is_recognised_conservatively(name: str, text: str, kind: str) -> None:
    assert kind_of(name, text) == kind
    assert is_markdown(name, text) == (kind == "markdown")
