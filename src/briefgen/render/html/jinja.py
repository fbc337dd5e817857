"""The one Jinja environment (HTML, and PDF through it), where its templates are found, and the
paper sizes."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from ...documents.blocks import Text
from ...i18n import is_rtl

#: The templates shipped with briefgen, as package data (an installed package is a folder).
BUNDLED = Path(str(resources.files("briefgen.render.html") / "templates"))

# The bundled stylesheets say `size: A4`; with_paper sets the paper chosen.
_PAGE_SIZE = re.compile(r"(\bsize:\s*)A4\b", re.IGNORECASE)


def css_string(text: str) -> str:
    """Quote a text as a CSS string, for generated content such as running heads.

    Quotes and backslashes are escaped, and so is every control or line-breaking character:
    a raw newline ends a CSS string early and the whole declaration is dropped.
    """
    return '"' + re.sub(r'["\\\x00-\x1f\x7f\u2028\u2029]', _css_escape, text) + '"'


def css_content(message: str, **counters: str) -> str:
    """Return a message as the value of CSS `content`: its words quoted, each `{name}` the
    counter given ("Page {page} of {pages}" -> '"Page " counter(page) " of " counter(pages)')."""
    out = []
    for i, piece in enumerate(re.split(r"\{(\w+)\}", message)):
        if i % 2:
            out.append(counters[piece])
        elif piece:
            out.append(css_string(piece))
    return " ".join(out)


def _css_escape(found: re.Match[str]) -> str:
    char = found.group()
    return "\\" + char if char in '"\\' else f"\\{ord(char):x} "


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


class _Overridable(jinja2.FileSystemLoader):
    """Templates from the search path, a cached one stale as soon as another file provides it.

    Jinja keeps a compiled template while its file is unchanged. A bundled template cached in
    a long-lived process (`watch`'s workers) must also be dropped when the project adds an
    override of it (or removes one): the file that provides the name has changed.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        pieces = jinja2.loaders.split_template_path(template)

        def same_file() -> bool:
            for folder in self.searchpath:
                candidate = os.path.normpath(posixpath.join(folder, *pieces))
                if os.path.isfile(candidate):
                    return candidate == filename and uptodate()
            return False

        return source, filename, same_file


@cache
def environment(templates_dir: Path = BUNDLED) -> jinja2.Environment:
    """Return the Jinja environment: autoescaping on, undefined names an error, and Jinja's
    i18n extension, so a template may write `{{ _("Source") }}` or `{% trans %}…{% endtrans %}`.

    The translations are the document's, given with each page it renders (render.html.page
    passes `_`, `gettext` and `ngettext` for its language): one environment serves documents
    in every language, so none is installed on it but English (the messages themselves).
    """
    env = jinja2.Environment(
        loader=_Overridable([str(p) for p in search_path(templates_dir)]),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_null_translations(newstyle=False)  # type: ignore[attr-defined]
    env.filters["block_kind"] = block_kind
    env.filters["direction"] = direction
    env.filters["tied"] = tied
    env.tests["text_run"] = lambda value: isinstance(value, Text)
    return env


def block_kind(block: object) -> str:
    """Return a block's type as the block macros name it: 'heading', 'numbered', 'table'…"""
    return type(block).__name__.lower()


#: The longest last two words tied on a printed paragraph's last line, in characters: a longer
#: pair could not share a narrow line with anything, and would stick out of it.
TIE_MAX = 24


def tied(content: tuple[Text, ...]) -> tuple[Text, ...]:
    """Return a paragraph's runs with its last two words tied, so print never ends it on a line
    of one word ("unrelated", or "lems." of a hyphenated "problems."): within its last run, the
    two are one run of role "tail", set on one line and unhyphenated; across runs (a last word
    marked, a hash, an identifier), the space between them is a no-break space and the runs
    after it take the role "tail" too (a hyphen in them breaks no line). Only the wrapping (and
    that one space) changes:
    the words, their marks and their language stay as they are."""
    if not content:
        return content
    last = content[-1]
    for i in range(len(content) - 1, -1, -1):
        run = content[i]
        if not isinstance(run, Text) or run.link or run.text == "\n":
            return content
        text = run.text.rstrip() if run is last else run.text
        at = text.rfind(" ")
        if at < 0:
            continue
        if len(text) - at + sum(len(r.text) for r in content[i + 1 :]) > TIE_MAX:
            return content
        if run is last and not run.role:
            cut = text.rfind(" ", 0, at)
            head = (replace(run, text=run.text[: cut + 1]),) if cut >= 0 else ()
            return (*content[:-1], *head, replace(run, text=run.text[cut + 1 :], role="tail"))
        tie = replace(run, text=run.text[:at] + "\u00a0" + run.text[at + 1 :])
        after = tuple(
            replace(r, role=f"{r.role} tail" if r.role else "tail") for r in content[i + 1 :]
        )
        return (*content[:i], tie, *after)
    return content


def direction(lang: str) -> str:
    """Return the direction a language is written in, as HTML's `dir` says it: "rtl" or "ltr".

    Direction is never data of its own: every element with a `lang` gets the `dir` of it."""
    return "rtl" if is_rtl(lang) else "ltr"


def with_paper(stylesheet: str, paper: str) -> str:
    """Return a stylesheet with its page size (`size: A4` in @page rules) set to the paper."""
    return stylesheet if paper == "a4" else _PAGE_SIZE.sub(rf"\g<1>{paper}", stylesheet)


def css(templates_dir: Path, name: str, paper: str = "a4") -> str:
    """Return the shared stylesheet followed by one document's own, to be inlined in a page."""
    return with_paper(
        "\n".join(find(templates_dir, n).read_text(encoding="utf-8") for n in ("common.css", name)),
        paper,
    )
