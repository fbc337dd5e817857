"""The evidence checks: captures unchanged, and every text word for word from its capture.

A capture is read only through the one path rule (paths.py) and hashed against its record;
each heading, paragraph, intervention and related-instrument excerpt must stand in it word for
word; then the collation (collation.py) accounts for every word of the capture, once, in order.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import Problem
from ..model.declaration import Declaration, editor_supplied
from ..model.source import Brief, Expression, Source, as_captured, places, walk_items
from ..paths import OutsideSources
from . import collation
from .capture import NotText, fold_words, read_capture, text_of
from .collation_walk import CaptureText
from .collation_walk import words as collation_words
from .yamlfile import line_of as _line_of
from .yamlfile import parse_loc as _parse_loc


def quote_problems(brief: Brief, decl: Declaration, sources_dir: Path) -> list[tuple[str, str]]:
    """Check that quotations and attributions stand word for word in their captures."""
    captures = {c.id: c for c in decl.source.captures}

    def body(capture_id: str | None) -> str | None:
        c = captures.get(capture_id or "")
        if c is None:
            return None
        try:  # a capture refused or missing is reported on the work's source
            return normalise(text_of(read_capture(sources_dir, c.file), c.file))
        except (OutsideSources, OSError, NotText):
            return None

    out: list[tuple[str, str]] = []
    for i, q in enumerate(brief.context):
        text = body(q.source)
        if text is not None and normalise(q.quote) not in text:
            out.append(
                (
                    f"context[{i}].quote",
                    f"not word for word in capture '{q.source}'; "
                    f"first differing words: '{_divergence(normalise(q.quote), text)}'",
                )
            )
    return out


# ----------------------------------------------------------------------------- captures


def normalise(text: str) -> str:
    """Return a text folded as the collation folds it (fold), its whitespace runs one space."""
    return " ".join(fold_words(text))


def capture_problems(
    src: Source, base: Path, shown: str, text: str, lines: collation.CaptureLines | None = None
) -> list[Problem]:
    """Check captures exist and are unchanged, and every text comes from its capture.

    Fills `lines`, when given, with the capture lines each paragraph comes from.
    """
    problems: list[Problem] = []
    contents: dict[str, str] = {}
    raw_texts: dict[str, str] = {}
    for i, c in enumerate(src.captures):
        where = f"captures[{i}].file"
        try:
            raw = read_capture(base, c.file)
        except (OutsideSources, OSError) as err:
            if isinstance(err, FileNotFoundError):
                reason = f"capture file not found: {c.file}"
            elif isinstance(err, OSError):
                reason = f"cannot read {c.file} ({err.strerror})"
            else:
                reason = str(err)
            problems.append(Problem(shown, reason, where, _line_of(text, ("captures", i, "file"))))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != c.sha256:
            problems.append(
                Problem(
                    shown,
                    _hash_mismatch(c.file, c.sha256, digest),  # confined: inside sources/
                    f"captures[{i}].sha256",
                    _line_of(text, ("captures", i, "sha256")),
                )
            )
            continue
        try:
            raw_texts[c.id] = text_of(raw, c.file)  # once: a web page's extraction takes seconds
        except NotText as err:
            line = _line_of(text, ("captures", i, "file"))
            problems.append(Problem(shown, f"{c.file} {err}", where, line))
            continue
        contents[c.id] = normalise(raw_texts[c.id])
    located = _verbatim_problems(src, contents, raw_texts)
    # Collate only the texts that passed the word-for-word checks, so one slip is one error.
    failed = {f.split(".")[-1] for f, _ in located if f.startswith(("paragraphs", "sections"))}
    if any(f.startswith("interventions") for f, _ in located):
        failed |= {e.id for e in src.expressions}
    ready = [e.id for e in src.expressions if e.id not in failed]
    located += collation.incomplete_problems(src)
    located += collation.collation_problems(src, raw_texts, ready, lines)
    for field, message in located:
        problems.append(Problem(shown, message, field, _line_of(text, _parse_loc(field))))
    return problems


def _hash_mismatch(file: str, recorded: str, actual: str | None) -> str:
    """Say that a capture and its recorded SHA-256 disagree, and the two ways that happens.

    The file's own digest is shown only for a file inside sources/ (never for one elsewhere).
    """
    slips = sum(a != b for a, b in zip(recorded, actual, strict=True)) if actual else 64
    own = f"; the file's own is {actual}" if actual else ""
    hint = ""
    if slips <= 4:
        hint = f" (the two differ in {slips} of 64 digits: most likely a typing slip)"
    return (
        f"{file} does not match its recorded SHA-256 {recorded}{own}. Either sha256 was "
        f"mistyped{hint}: correct it, if the file is the original capture; or the file's bytes "
        "changed since it was recorded: put the original file back (captures are evidence, "
        "never edited)"
    )


def _verbatim_problems(
    src: Source, contents: dict[str, str], raw_texts: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    restored = {(iv.capture, iv.at.target()) for iv in src.interventions if iv.action == "restore"}
    for i, iv in enumerate(src.interventions):
        body = contents.get(iv.capture)
        quoted = iv.text if iv.action == "remove" else iv.before
        if body is not None and quoted and normalise(quoted) not in body:
            out.append(
                (
                    f"interventions[{i}].{'text' if iv.action == 'remove' else 'before'}",
                    f"not found in capture '{iv.capture}': '{_first_words(normalise(quoted))}'",
                )
            )
    for i, r in enumerate(src.related):
        body = contents.get(r.capture)
        texts = [("attribution", a) for a in r.attribution] + [("excerpts", x) for x in r.excerpts]
        counters = {"attribution": 0, "excerpts": 0}
        for field, text in texts:
            j = counters[field]
            counters[field] += 1
            if body is not None and normalise(text) not in body:
                out.append(
                    (
                        f"related[{i}].{field}[{j}]",
                        f"not word for word in capture "
                        f"'{r.capture}'; first differing words: "
                        f"'{_divergence(normalise(text), body)}'",
                    )
                )
    for e in src.expressions:
        body = contents.get(e.capture or "")
        if body is None:
            continue
        for field, target, value, where in _places(src, e):
            captured = as_captured(src.interventions, e.capture, target, value)
            if captured.whole is not None:
                continue  # its `before` is checked above, and it is the whole text
            value = captured.text
            # an item's [bracketed] words may be restored at the item or at its paragraph
            restore_at = (
                {target, ("paragraph", target[1].split("/")[0])}
                if target[0] == "item"
                else {target}
            )
            if editor_supplied(value) and not {(e.capture or "", t) for t in restore_at} & restored:
                out.append((field, "has [bracketed] text but no 'restore' intervention records it"))
            for fragment in re.split(r"\[[^\]]*\]", value):
                frag = normalise(fragment)
                if frag and frag not in body and _spaced(frag) in _spaced(body):
                    out.append(
                        (
                            field,
                            f"{where} ({e.id}) differs from capture '{e.capture}' only in a "
                            "no-break space typography needs (French before : ; ? ! » and "
                            "after «, between digit groups), which the capture has and the text "
                            "lacks, or the other way round — write it as the capture does; "
                            f"first differing words: '{_divergence(frag, body)}'",
                        )
                    )
                elif frag and frag not in body:
                    raw = (raw_texts or {}).get(e.capture or "")
                    at = _where_it_differs(frag, raw) if raw is not None else ""
                    out.append(
                        (
                            field,
                            f"{where} ({e.id}) differs from capture '{e.capture}'{at} and no "
                            "intervention or correction explains it; first differing words: "
                            f"'{_divergence(frag, body)}'",
                        )
                    )
    return out


def _places(src: Source, e: Expression) -> Iterator[tuple[str, tuple[str, str], str, str]]:
    """Yield each heading, paragraph and item text of an expression, in order, to check.

    As (field, place, text, where), the place and text as model.source.places gives them
    (a paragraph's corrections undone; an item as ("item", "paragraph-id/item-id"), a nested
    item's ids joined below its paragraph's: "p5/p5-b/p5-b-ii").
    """
    heading_at = {s.id: i for i, s in enumerate(src.sections)}
    para_at = {p.id: i for i, p in enumerate(src.paragraphs)}
    for (kind, ident), text, where in places(src, e):
        where = where.removesuffix(f" ({e.id})")
        if kind == "heading":
            field = f"sections[{heading_at[ident]}].heading.{e.id}"
        elif kind == "paragraph":
            field = f"paragraphs[{para_at[ident]}].text.{e.id}"
        else:
            pid, ref = ident.split("/", 1)
            i = para_at[pid]
            at = next(a for a in walk_items(src.paragraphs[i].items) if a.ref() == ref)
            field = f"paragraphs[{i}]{at.field()}.text.{e.id}"
        yield field, (kind, ident), text, where


def _spaced(text: str) -> str:
    """Return a normalised text with its no-break spaces made ordinary ones."""
    return text.replace("\u00a0", " ")


def _divergence(text: str, body: str) -> str:
    """Return the words of a text from the first one that its capture does not continue."""
    words = text.split(" ")  # a normalised text: words divided by one space
    lo, hi = 0, len(words)  # the first lo words occur in the body, the first hi do not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if " ".join(words[:mid]) in body:
            lo = mid
        else:
            hi = mid
    return _first_words(" ".join(words[lo:]))


@functools.lru_cache(maxsize=4)
def _capture_text(raw: str) -> CaptureText:
    """Return a capture's words, indexed once for all the paragraphs that differ from it."""
    return CaptureText(raw)


def _where_it_differs(text: str, raw: str) -> str:
    """Say where a capture stops agreeing with a text: " at line N (the capture has: '…')".

    The longest opening of the text found in the capture is located (its first occurrence),
    and the capture's line and words just after it are named, so a dropped or changed word is
    reported with the capture line an editor opens. "" if not even the first word is there.
    """
    capture = _capture_text(raw)
    ws = collation_words(text)
    lo, hi = 0, len(ws)  # the first lo words stand in the capture, the first hi do not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if capture.find(ws[:mid]) >= 0:
            lo = mid
        else:
            hi = mid
    if lo == 0 or not len(capture):
        return ""
    nxt = min(capture.find(ws[:lo]) + lo, len(capture) - 1)
    has = _quoted(" ".join(capture.words[nxt : nxt + 6]) + (" …" if nxt + 6 < len(capture) else ""))
    return f" at line {capture.line[nxt]} (the capture has: '{has}')"


def _first_words(text: str, n: int = 8) -> str:
    words = text.split(" ")
    return _quoted(" ".join(words[:n]) + (" …" if len(words) > n else ""))


#: The most characters a message quotes of a text: a word may be 1,000 characters long.
QUOTED = 120


def _quoted(words: str) -> str:
    """Return words to quote in a message, cut (with "…") if they are very long."""
    return words if len(words) <= QUOTED else words[: QUOTED - 1] + "…"
