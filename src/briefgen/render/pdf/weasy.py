"""The boundary with WeasyPrint's and pydyf's insides: every private name briefgen uses is here.

briefgen hooks into WeasyPrint where its public API has no say (the /Lang of tagged elements,
a running head's text, links to other pieces, a document made from a parsed tree, the boxes
of a laid-out page) and into pydyf (its list of page references). Those names are not
promised from one release to the next, so pyproject.toml bounds both to the releases the
hooks were written and tested for (WEASYPRINT, PYDYF; constraints.txt pins them), and the
first load() in a process checks that each hook's target is there with the shape it expects
(_hooks), raising a BuildError that says what to install rather than writing a wrong PDF.

It also imports WeasyPrint without the half second its library search costs on Linux.
WeasyPrint finds Pango, HarfBuzz and Fontconfig by trying up to six names for each library
through cffi, and every name the dynamic loader cannot open as given goes to
`ctypes.util.find_library`, which runs `ldconfig -p`, then `gcc`, then `ld` in subprocesses:
about 50 to 80 processes before the first page, in every build and every worker (0.3 to 0.6 s
here). While WeasyPrint is imported, that question is answered from one `ldconfig -p` listing,
with the pattern ctypes itself applies to it. What the loader can find (its cache,
LD_LIBRARY_PATH, or the versioned names WeasyPrint also tries) loads as before. A library only
gcc or ld could find is not found this way: if WeasyPrint needs it, its import fails and the
ordinary import takes over; the optional harfbuzz-subset would be skipped, with WeasyPrint's
warning (the set-up installs it where the loader finds it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import inspect
import io
import os
import re
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout, suppress
from dataclasses import dataclass
from types import CodeType, ModuleType
from typing import Any

from ...errors import BuildError, Problem

#: ldconfig's name of a machine's ABI, as ctypes.util maps it.
_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def _ldconfig_listing() -> str | None:
    try:
        return subprocess.run(
            ["/sbin/ldconfig", "-p"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
            env={"LC_ALL": "C", "LANG": "C"},
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def quick_finder(listing: str) -> Callable[[str], str | None]:
    """Return a find_library that answers from an `ldconfig -p` listing, as ctypes.util does."""
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = _ABI.get(os.uname().machine + bits, "libc6")

    def find(name: str) -> str | None:
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(abi)}", listing)
        return found.group(1) if found else None

    return find


@contextmanager
def _libraries_from_ldconfig() -> Iterator[None]:
    listing = _ldconfig_listing()
    if listing is None:  # not glibc's ldconfig: leave the search as it is
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = quick_finder(listing)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _tag_languages(tags: ModuleType) -> None:
    """Give a tagged PDF's structure elements the /Lang of their HTML element's lang attribute.

    WeasyPrint 70 writes the document's language to the catalog only, so a screen reader would
    read a Chinese word inside English text with English rules. Its tag builder makes one
    structure element per box, recursively through `_build_box_tree`; wrapping that function
    adds /Lang to the elements of a box whose element carries lang, and changes nothing else.
    """
    build = tags._build_box_tree  # checked by check_hooks
    if getattr(build, "briefgen_lang", False):
        return
    import pydyf

    def with_lang(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and box.element_tag != "html" else None
        for made in build(box, parent, *args):
            if lang and made.get("S") != "/NonStruct" and "Lang" not in made:
                made["Lang"] = pydyf.String(lang)
            yield made

    with_lang.briefgen_lang = True  # type: ignore[attr-defined]
    with_lang.__wrapped__ = build  # type: ignore[attr-defined]
    setattr(tags, "_build_box_tree", with_lang)  # noqa: B010 (a private name, set on purpose)


def load() -> ModuleType:
    """Return the weasyprint module, importing it quickly and checking the hooks the first time."""
    if "weasyprint" not in sys.modules:
        _load()
    check_hooks()
    import weasyprint.pdf.tags

    _tag_languages(weasyprint.pdf.tags)
    return sys.modules["weasyprint"]


#: The releases the hooks were written and tested for (pyproject.toml bounds them).
WEASYPRINT = "70"
PYDYF = "0.13"


def _params(function: Any) -> list[str]:
    return list(inspect.signature(inspect.unwrap(function)).parameters)


def _names(code_of: Any) -> set[str]:
    """The global and attribute names a function's code uses, its inner functions' included
    (a class: its __init__'s)."""
    function = code_of.__dict__["__init__"] if isinstance(code_of, type) else code_of
    found: set[str] = set()
    codes = [inspect.unwrap(function).__code__]
    while codes:
        code = codes.pop()
        found.update(code.co_names)
        codes += [c for c in code.co_consts if isinstance(c, CodeType)]
    return found


def _hooks() -> list[tuple[str, Callable[[], bool]]]:
    """Return each hook's target, named, with a test that it has the shape the hook needs."""
    import cssselect2
    import pydyf
    import tinyhtml5
    import weasyprint
    import weasyprint.pdf
    import weasyprint.pdf.tags as tags
    from weasyprint.formatting_structure import boxes, build
    from weasyprint.layout import page

    return [
        (  # _tag_languages: wrapped, and called by name, recursively and from add_tags
            "weasyprint.pdf.tags._build_box_tree",
            lambda: (
                inspect.isgeneratorfunction(inspect.unwrap(tags._build_box_tree))
                and _params(tags._build_box_tree)[:2] == ["box", "parent"]
                and "_build_box_tree" in _names(tags.add_tags)
            ),
        ),
        (  # margin_text, _margin_boxes: the page layout makes margin boxes through it
            "weasyprint.formatting_structure.build.content_to_boxes",
            lambda: (
                _params(build.content_to_boxes)[:4]
                == ["style", "parent_box", "quote_depth", "counter_values"]
                and page.build is build
                and "content_to_boxes" in _names(page.make_margin_boxes)
            ),
        ),
        (  # page_content, element_top: the boxes a page is made of
            "weasyprint.formatting_structure.boxes",
            lambda: (
                all(
                    issubclass(kind, boxes.Box)
                    for kind in (boxes.MarginBox, boxes.TextBox, boxes.ReplacedBox)
                )
                and {"element", "element_tag", "children"} <= _names(boxes.Box)
                and callable(boxes.Box.descendants)
                and hasattr(boxes.TableRowGroupBox, "is_header")
            ),
        ),
        (  # links_elsewhere: replaced, and called by name from generate_pdf
            "weasyprint.pdf.resolve_links",
            lambda: (
                _params(weasyprint.pdf.resolve_links) == ["pages"]
                and "resolve_links" in _names(weasyprint.pdf.generate_pdf)
            ),
        ),
        (  # from_tree: an HTML made without its __init__, given what __init__ sets
            "weasyprint.HTML",
            lambda: (
                {"base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element"}
                <= _names(weasyprint.HTML)
            ),
        ),
        (  # page_content, element_top, content_bottom
            "weasyprint.Page._page_box",
            lambda: "_page_box" in _names(weasyprint.Page),
        ),
        (  # page_references_cached
            "pydyf.PDF.page_references",
            lambda: (
                isinstance(pydyf.PDF.__dict__.get("page_references"), property)
                and "pages" in _names(pydyf.PDF)
            ),
        ),
        (  # from_tree: the tree wrapped as WeasyPrint wraps it
            "cssselect2.ElementWrapper.from_html_root",
            lambda: "content_language" in _params(cssselect2.ElementWrapper.from_html_root),
        ),
        (  # parse: as WeasyPrint parses
            "tinyhtml5.parse",
            lambda: "namespace_html_elements" in _params(tinyhtml5.parse),
        ),
    ]


_checked = False


def check_hooks() -> None:
    """Raise BuildError unless every hook's target has the shape it was written for."""
    global _checked
    if _checked:
        return
    for name, fits in _hooks():
        try:
            ok = bool(fits())
        except Exception:  # a name gone, a signature unreadable: not the shape expected
            ok = False
        if not ok:
            raise BuildError(Problem("", _mismatch(name)))
    _checked = True


def _mismatch(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    def installed(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "none"

    return (
        f"briefgen's PDF output needs WeasyPrint {WEASYPRINT}.x and pydyf {PYDYF}.x"
        f" (installed: {installed('weasyprint')} and {installed('pydyf')}):"
        f" {name} is not what it expects; install the versions in constraints.txt"
        " (pip install -c constraints.txt -e .)"
    )


def _load() -> None:
    try:
        # quiet: on failure WeasyPrint prints advice that the ordinary import below repeats
        with _libraries_from_ldconfig(), redirect_stdout(io.StringIO()):
            import weasyprint
    except Exception:  # e.g. a library only gcc or ld can find: import the ordinary way
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint  # noqa: F401


@dataclass
class Tally:
    """What this process has asked of WeasyPrint: layouts, pages laid out, PDFs written."""

    layouts: int = 0
    pages: int = 0
    layout_seconds: float = 0.0
    writes: int = 0
    pages_written: int = 0
    write_seconds: float = 0.0
    furniture_pages: int = 0  # empty pages laid out for their margins (render/pdf/pieces.py)


#: This process's tally (the benchmark reads it to say how many layouts each build made).
TALLY = Tally()


def lay_out(document: Any, **options: Any) -> Any:
    """Lay out a weasyprint.HTML (HTML.render's options), counted in TALLY."""
    start = time.perf_counter()
    rendered = document.render(**options)
    TALLY.layout_seconds += time.perf_counter() - start
    TALLY.layouts += 1
    TALLY.pages += len(rendered.pages)
    return rendered


def write_pdf(document: Any, **options: Any) -> bytes:
    """Write a laid-out document as PDF (Document.write_pdf's options), in linear time."""
    start = time.perf_counter()
    with page_references_cached():
        pdf: bytes = document.write_pdf(**options)
    TALLY.write_seconds += time.perf_counter() - start
    TALLY.writes += 1
    TALLY.pages_written += len(document.pages)
    return pdf


@contextmanager
def page_references_cached() -> Iterator[None]:
    """Let pydyf's `PDF.page_references` build its tuple once per page count, while in use.

    pydyf (0.13) rebuilds the tuple of every page's reference on each access, and WeasyPrint's
    tagging (`pdf/tags.py`) and link code (`pdf/anchors.py`) read it once per tagged element or
    link: a tagged write of n pages costs n² (at 592 pages the tags doubled the write). Here
    the property keeps its tuple on the PDF object with the length of /Kids it was built from,
    and rebuilds it when a page is added, so the tuple is always the one pydyf would return
    and the bytes are the same (tests/e2e/test_weasy.py compares them). Upstream, the fix is for
    pydyf to keep that list as pages are added (or for WeasyPrint to read it once per write);
    once a release does, this can go.
    """
    import pydyf

    original = pydyf.PDF.__dict__["page_references"]  # a property: checked by check_hooks
    build = original.fget

    def cached(pdf: Any) -> Any:
        count = len(pdf.pages["Kids"])
        held = pdf.__dict__.get("_briefgen_page_references")
        if held is None or held[0] != count:
            held = (count, build(pdf))
            pdf.__dict__["_briefgen_page_references"] = held
        return held[1]

    pydyf.PDF.page_references = property(cached, doc=original.__doc__)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


def release() -> None:
    """Free what a large layout left behind, and hand the memory back to the system.

    A laid-out document is a graph of a million objects with cycles: dropped, it waits for
    Python's next full collection (slowing every allocation until then), and what malloc got
    back stays in this process's resident set. Called once a document is written, so that the
    next output starts from the same memory as the first.
    """
    gc.collect()
    with suppress(OSError, AttributeError):  # AttributeError: not glibc
        ctypes.CDLL(None).malloc_trim(0)  # glibc: return freed heap pages to the system


@contextmanager
def margin_text(rewrite: Callable[[str, str], str]) -> Iterator[None]:
    """While in use, `rewrite(at_keyword, text)` decides the text of a page-margin box.

    WeasyPrint turns a margin box's `content` (strings, counters, named strings) into one text
    box before laying it out; this sees that text, per page, and may change it. CSS cannot
    say "para 3" rather than "paras 3–3" (it cannot compare two named strings), which once
    took a second layout of the whole document; here it costs nothing. Text only: the box,
    its style and the page's layout are WeasyPrint's own.
    """
    load()
    from weasyprint.formatting_structure import boxes, build

    original = build.content_to_boxes

    def content_to_boxes(style: Any, parent: Any, *args: Any, **kwargs: Any) -> Any:
        made = original(style, parent, *args, **kwargs)
        keyword = getattr(parent, "at_keyword", None)
        if keyword and len(made) == 1 and isinstance(made[0], boxes.TextBox):
            made[0].text = rewrite(keyword, made[0].text)
        return made

    build.content_to_boxes = content_to_boxes
    try:
        yield
    finally:
        build.content_to_boxes = original


def from_tree(root: Any, url_fetcher: Any) -> Any:
    """Return a weasyprint.HTML for an HTML tree parsed as WeasyPrint parses (tinyhtml5, no
    namespaces), without serialising and parsing it again: what HTML(string=...) builds."""
    weasyprint = load()
    import cssselect2

    html = weasyprint.HTML.__new__(weasyprint.HTML)
    html.base_url = None  # nothing is fetched; relative links stay relative
    html.url_fetcher = url_fetcher
    html.media_type = "print"
    html.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    html.etree_element = html.wrapper_element.etree_element
    return html


def parse(html: str) -> Any:
    """Parse HTML as WeasyPrint does; return the root element."""
    load()
    import tinyhtml5

    return tinyhtml5.parse(html, namespace_html_elements=False)


@contextmanager
def links_elsewhere(names: set[str]) -> Iterator[None]:
    """While in use, a written PDF keeps its links to `names` even where this document lacks
    them: one piece of a document written apart links to anchors another piece holds.

    WeasyPrint drops an internal link whose anchor is not in the document it writes (with an
    error in its log). Such a link is written as WeasyPrint writes every internal link, a
    named destination, which the joined document defines (render/pdf/join.py).
    """
    load()
    import weasyprint.pdf as pdf_module

    original = pdf_module.resolve_links

    def resolve(pages: Any) -> Iterator[Any]:
        present = {name for page in pages for name in page.anchors}
        for page, (links, anchors) in zip(pages, original(pages), strict=True):
            dropped = [
                link
                for link in page.links
                if link[0] == "internal" and link[1] not in present and link[1] in names
            ]
            yield [*links, *dropped] if dropped else links, anchors

    pdf_module.resolve_links = resolve
    try:
        yield
    finally:
        pdf_module.resolve_links = original


def page_content(page: Any) -> Iterator[tuple[Any, bool]]:
    """Yield, for each box of a laid-out page's content in document order (page margins and
    repeated table headers and footers left out), its HTML element (or None) and whether it
    draws content of its own: text or an image."""
    from weasyprint.formatting_structure import boxes

    stack = [page._page_box]
    while stack:
        current = stack.pop()
        if isinstance(current, boxes.MarginBox):
            continue
        if getattr(current, "is_header", False) or getattr(current, "is_footer", False):
            continue
        drawn = isinstance(current, (boxes.TextBox, boxes.ReplacedBox))
        yield getattr(current, "element", None), drawn
        stack.extend(reversed(getattr(current, "children", ())))


def element_top(page: Any, element_id: str) -> float:
    """Return where the box of the element with this id starts on a laid-out page, in CSS px
    from the page's top edge."""
    found = next(
        box
        for box in page._page_box.descendants()
        if getattr(box, "element", None) is not None and box.element.get("id") == element_id
    )
    return float(found.position_y)


def content_bottom(page: Any) -> float:
    """Return where a laid-out page's content area ends, in CSS px from its top edge."""
    box = page._page_box
    return float(box.margin_top + box.height)


#: The page count margin boxes see while the total is not yet known (render/pdf/pieces.py).
UNKNOWN_PAGES = 987654321


def margin_edge(keyword: str) -> str:
    """The edge a page-margin box shares with its neighbours ("@bottom-right": "bottom"); a
    corner box shares none and stands for itself."""
    parts = keyword.lstrip("@").split("-")
    return keyword if parts[-1] == "corner" else parts[0]


@contextmanager
def _margin_boxes(choose: Callable[[str, Any, Callable[[], Any]], Any]) -> Iterator[None]:
    """While in use, `choose(at_keyword, counters, make)` returns each page-margin box's
    content, given a function that makes it as WeasyPrint would."""
    load()
    from weasyprint.formatting_structure import build

    original = build.content_to_boxes

    def content_to_boxes(
        style: Any, parent: Any, depth: Any, counters: Any, *a: Any, **k: Any
    ) -> Any:
        keyword = getattr(parent, "at_keyword", None)
        if not keyword:
            return original(style, parent, depth, counters, *a, **k)

        def make(values: Any = counters) -> Any:
            return original(style, parent, depth, values, *a, **k)

        return choose(keyword, counters, make)

    build.content_to_boxes = content_to_boxes
    try:
        yield
    finally:
        build.content_to_boxes = original


@contextmanager
def needing_total(found: set[str]) -> Iterator[None]:
    """While in use, the at-keyword of every page-margin box whose text shows the total page
    count ("Page 3 of 368") is added to `found`; the boxes are made as usual."""
    mark = str(UNKNOWN_PAGES)

    def choose(keyword: str, counters: Any, make: Callable[..., Any]) -> Any:
        if "pages" in counters:
            probe = make({**counters, "pages": [UNKNOWN_PAGES]})
            if any(mark in (getattr(box, "text", "") or "") for box in probe):
                found.add(keyword)
        return make()

    with _margin_boxes(choose):
        yield


@contextmanager
def margins_left_out(edges: set[str]) -> Iterator[None]:
    """While in use, every page-margin box on `edges` (see margin_edge) is left empty: a
    document laid out in pieces learns its total page count only at the end, and draws the
    edges that show it then, whole, so that boxes sharing an edge share it as in one layout."""

    def choose(keyword: str, counters: Any, make: Callable[..., Any]) -> Any:
        return [] if margin_edge(keyword) in edges else make()

    with _margin_boxes(choose):
        yield


@contextmanager
def only_margins(edges: set[str]) -> Iterator[None]:
    """While in use, every page-margin box but those on `edges` is left empty."""

    def choose(keyword: str, counters: Any, make: Callable[..., Any]) -> Any:
        return make() if margin_edge(keyword) in edges else []

    with _margin_boxes(choose):
        yield
