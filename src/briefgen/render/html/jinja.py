"""The one Jinja environment every renderer uses, and its filters."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ...documents import wording
from ...documents.blocks import Text
from ...documents.wording import language_name
from ...model.declaration import Declaration, long_date

#: The templates shipped with briefgen, as package data (an installed package is a folder).
BUNDLED = Path(str(resources.files("briefgen.render.html") / "templates"))

#: Page sizes, (width, height) in mm, portrait. The bundled stylesheets say `size: A4`.
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
_PAGE_SIZE = re.compile(r"(\bsize:\s*)A4\b", re.IGNORECASE)


def _date(value: date | None, missing: str = "date not stated") -> str:
    return long_date(value) if value else missing


def css_string(text: str) -> str:
    """Quote a text as a CSS string, for generated content such as running heads.

    Quotes and backslashes are escaped, and so is every control or line-breaking character:
    a raw newline ends a CSS string early and the whole declaration is dropped.
    """
    return '"' + re.sub(r'["\\\x00-\x1f\x7f\u2028\u2029]', _css_escape, text) + '"'


def _css_escape(found: re.Match[str]) -> str:
    char = found.group()
    return "\\" + char if char in '"\\' else f"\\{ord(char):x} "


def _para_number(paragraph_id: str, decl: Declaration) -> str:
    return decl.number_of(paragraph_id)


#: Runs of Chinese characters (CJK ideographs, with CJK punctuation between them).
HAN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:[\u3000-\u303f\uff00-\uffef]*"
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)*"
)


def mark_chinese(text: str) -> Markup:
    """Escape text and put each run of Chinese characters in <span lang="zh">.

    Readers (and the PDF's structure, where it becomes /Lang) then know which words to read
    as Chinese; the fonts pick Chinese glyph forms for them.
    """
    escaped = str(escape(text))
    return Markup(HAN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', escaped))


def url_link(url: str) -> Markup:
    """Return a printed web address as a link to it (any other address stays plain text)."""
    if re.match(r"https?://", url):
        return Markup('<a class="url" href="{0}">{0}</a>').format(url)
    return Markup('<span class="url">{0}</span>').format(url)


def search_path(templates_dir: Path) -> tuple[Path, ...]:
    """Return where templates are looked for: the project's folder first, then the bundled one.

    A project's folder overrides bundled files one at a time (like mkdocs' custom_dir): a
    folder holding only common.css gets that stylesheet and every other file bundled.
    """
    if templates_dir.resolve() == BUNDLED.resolve():
        return (BUNDLED,)
    return (templates_dir, BUNDLED)


def effective(templates_dir: Path) -> dict[str, Path]:
    """Return every template file in use, by name, with the file that provides it."""
    found: dict[str, Path] = {}
    for folder in search_path(templates_dir):
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                found.setdefault(path.relative_to(folder).as_posix(), path)
    return dict(sorted(found.items()))


def find(templates_dir: Path, name: str) -> Path:
    """Return the file that provides one template or stylesheet: the project's, else bundled."""
    for folder in search_path(templates_dir):
        if (folder / name).is_file():
            return folder / name
    return BUNDLED / name


@cache
def environment(templates_dir: Path = BUNDLED) -> jinja2.Environment:
    """Return the Jinja environment: autoescaping on, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(templates_dir)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = _date
    env.filters["language_name"] = language_name
    env.filters["para_number"] = _para_number
    env.filters["zh"] = mark_chinese
    env.globals.update(
        adoption=wording.adoption,
        status=wording.status,
        authority=wording.authority,
        glossary_note=wording.glossary_note,
    )
    env.filters["the"] = wording.the
    env.filters["url"] = url_link
    env.filters["css_string"] = css_string
    env.filters["block_kind"] = block_kind
    env.tests["text_run"] = lambda value: isinstance(value, Text)
    return env


def block_kind(block: object) -> str:
    """Return a block's type as the block macros name it: 'heading', 'numbered', 'table'…"""
    return type(block).__name__.lower()


def with_paper(stylesheet: str, paper: str) -> str:
    """Return a stylesheet with its page size (`size: A4` in @page rules) set to the paper."""
    return stylesheet if paper == "a4" else _PAGE_SIZE.sub(rf"\g<1>{paper}", stylesheet)


def css(templates_dir: Path, name: str, paper: str = "a4") -> str:
    """Return the shared stylesheet followed by one document's own, to be inlined in a page."""
    return with_paper(
        "\n".join(find(templates_dir, n).read_text(encoding="utf-8") for n in ("common.css", name)),
        paper,
    )
