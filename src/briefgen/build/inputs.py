"""What each output is made from, by content hash, so a rebuild redoes only what changed.

An output's digest covers the part of the source it shows (an edition of the Xinhua text does
not depend on the 1AI text), the templates and stylesheets, the fonts installed, briefgen's
version and the options that change the bytes: the outputs table (outputs.py) says which of
these each kind and format depends on. Equal digests mean equal outputs.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__, i18n
from ..model.corpus import Corpus
from ..model.declaration import Declaration
from ..outputs import Covers, Option, Spec, alternates
from ..paths import OutsideSources, confined
from ..render.context import Context


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def templates_digest(templates_dir: Path) -> str:
    """Hash every template file in use (the project's overrides and the bundled rest), and
    which of them the project overrides: an override added or removed rebuilds, even one that
    is a copy of the bundled file.

    Once per build: forget() clears it, so `watch` sees a template saved meanwhile.
    """
    from ..render.html.jinja import BUNDLED, effective

    h = hashlib.sha256()
    for name, path in effective(templates_dir).items():
        origin = b"bundled" if path.is_relative_to(BUNDLED) else b"project"
        h.update(name.encode() + b"\0" + origin + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def forget() -> None:
    """Forget the digests of templates, fonts and code: each build (in `watch`) sees them anew.

    A watch's workers run the code on disk, so a build digests that code.
    """
    templates_digest.cache_clear()
    fonts_digest.cache_clear()
    code_digest.cache_clear()
    i18n.forget()


@cache
def code_digest() -> str:
    """Hash briefgen's own code and message catalogues, so a changed renderer or message
    rebuilds even at the same version (a project's catalogues are among its templates)."""
    package = Path(__file__).resolve().parents[1]  # the briefgen package
    h = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *package.rglob("locale/*.po")]):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@cache
def fonts_digest() -> str:
    """Hash the list of installed fonts (a font added or removed can change any PDF)."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\\n"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listing = "fc-list unavailable"
    return _sha("\n".join(sorted(listing.splitlines())).encode())


def _edition_view(decl: Declaration, expression: str) -> dict[str, Any]:
    """The part of a source that one expression's edition shows."""
    src = decl.source.model_dump(mode="json")
    e = decl.expression(expression)
    return {
        "work": src["work"],
        "edition": src["edition"],
        "expression": e.model_dump(mode="json"),
        "capture": decl.capture(e.capture).model_dump(mode="json") if e.capture else None,
        "sections": [
            {**s, "heading": (s["heading"] or {}).get(expression)} for s in src["sections"]
        ],
        "paragraphs": [{**p, "text": p["text"].get(expression)} for p in src["paragraphs"]],
        "interventions": [iv for iv in src["interventions"] if iv["capture"] == e.capture],
        "corrections": [c for c in src["corrections"] if c["expression"] in (None, expression)],
        # the links to the work's other outputs
        "siblings": [(x.id, x.name) for x in decl.source.expressions],
        "has_brief": decl.brief is not None,
    }


def _files(*paths: Path | None) -> list[str]:
    return [_sha(p.read_bytes()) if p and p.is_file() else "" for p in paths]


def _captures(decl: Declaration) -> list[Path | None]:
    """Return the capture files of a work; None for one refused as outside sources/."""
    if decl.source_file is None:
        return []
    out: list[Path | None] = []
    for c in decl.source.captures:
        try:
            out.append(confined(decl.source_file.parent, c.file))
        except (OutsideSources, OSError):
            out.append(None)
    return out


def options(ctx: Context) -> dict[Option, Any]:
    """Return the value of each option that can change an output, as its digest records it."""
    reference = ctx.reference_docx
    return {
        "build_date": ctx.build_date.isoformat() if ctx.build_date else None,
        "paper": ctx.paper,
        "reference_docx": _files(reference)[0] if reference else None,
        "lang": ctx.lang,
        "formats": list(ctx.formats),
        "kinds": list(ctx.kinds) if ctx.kinds is not None else None,
    }


def _corpus_covered(corpus: Corpus, covers: Covers) -> Any:
    """Return what a collection's output shows: the collection, and every source and brief of
    its works (their order, dates, texts, themes, editions); the pack the files' bytes too."""
    files = covers is Covers.COLLECTION_FILES
    return {
        "collection": corpus.collection.model_dump(mode="json"),
        "works": [_covered(w, Covers.FILES if files else Covers.BRIEF, ()) for w in corpus.works],
    }


def _covered(decl: Declaration | Corpus, covers: Covers, expressions: tuple[str, ...]) -> Any:
    """Return the part of a work (or of a collection and its works) that an output shows."""
    if isinstance(decl, Corpus):
        return _corpus_covered(decl, covers)
    source = decl.source.model_dump(mode="json")
    brief = decl.brief.model_dump(mode="json") if decl.brief else None
    if covers is Covers.TEXT:
        return _edition_view(decl, expressions[0])
    if covers is Covers.RECORD:
        return {
            "work": source["work"],
            "expressions": source["expressions"],
            "edition": source["edition"],
            "corrections": source["corrections"],
        }
    if covers is Covers.FILES:  # it carries the files themselves as attachments
        files = _files(decl.source_file, decl.brief_file, *_captures(decl))
        return {"source": source, "files": files, "brief": brief}
    if covers is Covers.BRIEF:
        return {"source": source, "brief": brief}
    return {"source": source, "has_brief": decl.brief is not None}  # links to the brief


def _links(
    decl: Declaration | Corpus, spec: Spec, expressions: tuple[str, ...], values: dict[Option, Any]
) -> list[str]:
    """Return the files an output links to among its build's (see outputs.alternates)."""
    kinds = values.get("kinds")
    made = alternates(
        decl,
        spec.kind.name,
        expressions,
        spec.format.name,
        tuple(values.get("formats") or ()),
        tuple(kinds) if kinds is not None else None,
    )
    return [a.file for a in made]


def digest(
    decl: Declaration | Corpus,
    spec: Spec,
    expressions: tuple[str, ...],
    templates_dir: Path,
    values: dict[Option, Any],
) -> str:
    """Return the digest of everything an output is made from (values: from options())."""
    fmt = spec.format
    parts = {
        "briefgen": [__version__, code_digest()],
        "kind": spec.kind.name,
        "expressions": list(expressions),
        "format": fmt.name,
        "data": _covered(decl, spec.kind.covers, expressions),
        "templates": templates_digest(templates_dir) if fmt.templates else "",
        # a format without templates still speaks through the project's catalogues
        "catalogues": _files(*sorted((templates_dir / "locale").glob("*.po")))
        if not fmt.templates and not fmt.record
        else [],
        "fonts": fonts_digest() if fmt.fonts else "",
        "options": {name: values[name] for name in fmt.options},
        "lang": values["lang"] if spec.kind.worded else "",
        # the build's other outputs its page links to
        "links": _links(decl, spec, expressions, values) if fmt.links else [],
    }
    return _sha(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode())
