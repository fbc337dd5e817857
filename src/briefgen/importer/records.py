"""The records a draft source is made of: the capture's and the text's, the paragraphs'
numbers and lists, the removals and normalisations an import writes, and the YAML they are
written in (TODO for every fact the capture cannot tell).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..documents.wording import the
from ..errors import Problem, SourceError, UsageError
from ..model.source import names_a_meeting
from ..sources.capture import is_html
from .report import TODO, Options, Report, lines_of
from .segment import (
    Ids,
    Item,
    Passage,
    Segmented,
    bare_heading,
    heading_label,
    heading_match,
    label_value,
    paragraph_id,
    slug,
    unique,
)


def capture_record(
    opts: Options, capture_file: str, digest: str, taken: set[str], page: dict[str, str]
) -> dict[str, Any]:
    """The capture's record; `page` is what its front matter says of the page (title, url)."""
    base = slug(Path(capture_file).stem, 8)[:24].strip("-") or "capture"
    cid, k = base, 2
    while cid in taken:
        cid, k = f"{base}-{k}", k + 1
    return {
        "id": cid,
        "file": capture_file,
        "sha256": digest,
        "publisher": opts.publisher or TODO,
        "title": page.get("title") or TODO,
        "url": opts.url or page.get("url") or TODO,
        "published": opts.published or TODO,
        "content": TODO,
    }


def expression_record(opts: Options, capture_id: str, page: dict[str, str]) -> dict[str, Any]:
    return {
        "id": opts.expression,
        "language": opts.language,
        "name": TODO,
        "title": opts.title or page.get("title") or TODO,
        "authoritative": TODO,
        "capture": capture_id,
    }


@dataclass
class Numbered:
    """A new paragraph's number: as printed, or given by the import where none can be."""

    number: str
    printed: bool = False
    note: str = ""  # a TODO note where the printed numbering has a gap, a repeat, a jump back
    repeated: str = ""  # the printed number's word, where it repeats an earlier paragraph's


def numbering(report: Report) -> list[Numbered]:
    """Each new paragraph's number: the one the capture prints, if it prints numbers.

    A capture that prints none gives 1…N. One that does gives each paragraph its printed
    number, never renumbered: a gap (3 then 5) or a jump back is a TODO note on the paragraph
    after it; a number printed twice cannot be two paragraphs' (numbers are unique), so the
    second is numbered with a letter (3A) and its printed word recorded as left out, with a
    TODO reason; a paragraph printing no number among numbered ones gets a letter too. The
    unnumbered paragraphs before the first printed number (a resolution's preambular
    paragraphs, a communiqué's opening) are PP1, PP2, … as they are cited, with no TODO.
    """
    paras = report.segmented.paragraphs
    if not any(b.number for b in paras):
        return [Numbered(str(n)) for n in range(1, len(paras) + 1)]
    lead = next(k for k, b in enumerate(paras) if b.number)
    out: list[Numbered] = [Numbered(f"PP{k}") for k in range(1, lead + 1)]
    if lead:
        span = "PP1" if lead == 1 else f"PP1–PP{lead}"
        report.preamble = span
    taken = {b.number for b in paras if b.number}
    last: int | None = None  # the last printed number
    seen: set[str] = set()
    for b in paras[lead:]:
        where = f"line {b.first}"
        if b.number is not None and b.number not in seen:
            seen.add(b.number)
            value, note = int(b.number), ""
            if last is not None and value > last + 1:
                missing = str(last + 1) if value == last + 2 else f"{last + 1}–{value - 1}"
                note = f"the capture's numbering goes from {last} to {value} (no {missing})"
            elif last is not None and value <= last:
                note = f"the capture's numbering goes back from {last} to {value}"
            if note:
                report.numbering.append(f"{where}: {note}; numbered as printed")
                note = (
                    f"TODO: {note}; the paragraph is numbered {value} as printed: check the "
                    "capture, then replace this note with what you found"
                )
            out.append(Numbered(b.number, True, note))
            report.printed_numbers += 1
            last = value
            continue
        base = str(last) if last is not None else "1"
        free = (f"{base}{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if f"{base}{c}" not in taken)
        # past Z, a number above every printed one (still unique; the note says why)
        number = next(free, None) or str(1 + max(int(re.sub("[A-Z]", "", t)) for t in taken))
        taken.add(number)
        if b.number is not None:
            what = f"prints the number {b.number} again"
            note = f"TODO: the capture {what} (para {b.number} has it); numbered {number} here"
        else:
            what = "prints no number before this paragraph, among numbered ones"
            note = f"TODO: the capture {what}; numbered {number} here"
        report.numbering.append(f"{where}: the capture {what}; numbered {number}")
        out.append(
            Numbered(
                number,
                False,
                note + ": check the capture and the number, then "
                "replace this note with what you found",
                b.marker if b.number else "",
            )
        )
    return out


def repeated_numbers(
    numbers: list[Numbered], capture_id: str, expr: str, para_ids: list[str]
) -> list[dict[str, Any]]:
    """A repeated printed number, left out of the paragraph numbered with a letter: a removal."""
    return [
        {
            "id": f"{expr}-number-{n.number.lower()}",
            "capture": capture_id,
            "action": "remove",
            "at": Flow({"paragraph": pid}),
            "text": n.repeated,
            "reason": f"TODO: the capture prints '{n.repeated}' before this paragraph, a number "
            f"an earlier paragraph has; it is para {n.number} here and the printed number is "
            "left out: confirm by writing the reason",
        }
        for n, pid in zip(numbers, para_ids, strict=True)
        if n.repeated
    ]


def drafted_items(
    block: Passage | Item, expr: str, old: list[str], taken: set[str] | None = None
) -> list[dict[str, Any]]:
    """A paragraph's list (or an item's own list) as its `items`: ids from their words, unique
    in the paragraph, labels as data, and each item's own list below it."""
    taken = Ids() if taken is None else taken
    out: list[dict[str, Any]] = []
    for n, item in enumerate(block.items, 1):
        record: dict[str, Any] = {"id": paragraph_id(item.text, taken, f"item-{n}")}
        if item.label is not None:
            record["label"] = item.label
        record["text"] = {
            **{e: {"absent": True, "note": f"only in {expr}"} for e in old},
            expr: item.text,
        }
        if item.items:
            record["items"] = drafted_items(item, expr, old, taken)
        out.append(record)
    return out


def length(block: Passage | Item) -> int:
    """A passage's length as captured: its text's, and its list's (each item's label as
    printed, "(a) ", its text, and its own list)."""
    return len(block.text) + sum(label_length(i.label) + length(i) for i in block.items)


def label_length(label: str | None) -> int:
    return len(label) + 3 if label else 2  # "(a) ", "- "


def listed_length(items: list[dict[str, Any]], expr: str) -> int:
    """The length of a drafted list in one expression as captured, as length counts it."""
    total = 0
    for item in items:
        value = item["text"].get(expr)
        if isinstance(value, str):
            total += label_length(item.get("label")) + len(value)
            total += listed_length(item.get("items") or [], expr)
    return total


def absent_items(items: list[dict[str, Any]], expr: str) -> None:
    """Mark a list's items, and their own lists', absent in an expression."""
    for item in items:
        item["text"][expr] = {"absent": True}
        absent_items(item.get("items") or [], expr)


def refs(items: list[dict[str, Any]], above: str = "") -> list[str]:
    """A drafted list's item refs in reading order: "b", then "b/ii" for b's own items."""
    out: list[str] = []
    for it in items:
        ref = f"{above}/{it['id']}" if above else str(it["id"])
        out += [ref, *refs(it.get("items") or [], ref)]
    return out


def walk(items: tuple[Item, ...]) -> list[Item]:
    """A capture's list items in reading order, each before the items of its own list."""
    return [x for it in items for x in (it, *walk(it.items))]


def normalisations(
    report: Report,
    capture_id: str,
    expr: str,
    para_ids: list[str],
    heading_ids: list[str | None],
    paragraphs: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The markup left out of each heading's, paragraph's and item's text, as `normalise`
    records; `paragraphs` (the source's) give each paragraph's item ids, by the items' order."""
    out: list[dict[str, Any]] = []
    taken: set[str] = Ids()
    items_of = {p["id"]: refs(p.get("items") or []) for p in paragraphs}
    n_para = n_head = 0
    for block in report.segmented.blocks:
        if block.kind == "paragraph":
            pid = para_ids[n_para]
            at: dict[str, str] | None = {"paragraph": pid}
            n_para += 1
            places = [(at, block.first, span) for span in block.spans]
            for k, item in enumerate(walk(block.items)):
                ids = items_of.get(pid, [])
                if k < len(ids):
                    places += [
                        ({"paragraph": pid, "item": ids[k]}, item.first, span)
                        for span in item.spans
                    ]
        elif block.kind == "heading":
            sid = heading_ids[n_head] if n_head < len(heading_ids) else None
            at = {"heading": sid} if sid is not None else None
            n_head += 1
            places = [(at, block.first, span) for span in block.spans]
        else:
            continue
        for at, first, span in places:
            if at is None:
                report.warnings.append(
                    f"line {block.first}: the heading '{block.text}' found no section; record "
                    f"its markup '{span.before}' by hand"
                )
                continue
            record: dict[str, Any] = {
                "id": unique(f"{expr}-markup-line-{first}", taken),
                "capture": capture_id,
                "action": "normalise",
                "at": Flow(at),
                "before": span.before,
                "after": span.after,
            }
            if span.occurrence is not None:
                record["occurrence"] = span.occurrence
            where = (
                "the page's extracted text"
                if is_html(report.capture_file)
                else "the capture (a conversion to Markdown)"
            )
            record["reason"] = (
                f"Markup, not the text: {span.why} in {where}, left out of the printed text."
            )
            out.append(record)
            report.normalised += 1
    return out


def adoption(issuer: str | None, report: Report) -> dict[str, str]:
    """`work.adoption` as a TODO where the issuer given is not a meeting, else nothing.

    The outputs print "Adopted at the <issuer>, <place>, <date>" without it for a meeting
    (model.source.names_a_meeting), "Adopted by the <issuer>" for any other issuer, which may
    not be how the declaration was made ("Agreed by …", "Issued by …"): the editor says. An
    issuer not given is a TODO already, and its message says when to write work.adoption.
    """
    if issuer is None or names_a_meeting(issuer):
        return {}
    report.warnings.append(
        f"work.adoption: the issuer '{issuer}' does not name a meeting; write how the work was "
        "adopted (marked TODO)"
    )
    return {
        "adoption": f"TODO: write how the work was adopted, as the outputs print it before the "
        f"place and date (e.g. 'Agreed by …', 'Issued by …'): the issuer '{issuer}' does not "
        f"name a meeting, so the outputs would otherwise print 'Adopted by {the(issuer)}'"
    }


def heading_title(text: str) -> str:
    """The words a section's id is made from: the title, or "Article 1", "section 4"."""
    if heading_match(text) is None:
        return text  # an unnumbered heading: all its words
    if bare_heading(text):
        found = heading_match(text)
        label = heading_label(found) if found else ""
        return text if found and found.group("word") else f"section {label_value(label)}"
    return re.sub(r"^\S+\s+", "", text, count=1) if len(text.split()) > 1 else text


def section_ids_of(seg: Segmented, sections: list[dict[str, Any]]) -> list[str | None]:
    """The section id of each heading block of a freshly made source, in order."""
    return [s["id"] for s in sections if s["heading"] is not None][: len(seg.headings)]


def removal_places(
    seg: Segmented, para_ids: list[str], heading_ids: list[str | None]
) -> list[dict[str, str]]:
    """Where each flagged passage stands, as an intervention's `at:`, in the capture's order.

    After a paragraph: `after: P`. After a heading, or before the first heading: `heading: S`
    (a removal at a heading stands just before or just after it). Before the first paragraph
    of a text without a heading there: `before: P`.
    """
    out: list[dict[str, str]] = []
    previous: dict[str, str] | None = None  # where a flag standing here would be recorded
    pending: list[int] = []
    n_para = n_head = 0
    for block in seg.blocks:
        if block.kind == "paragraph":
            pid = para_ids[n_para]
            n_para += 1
            for k in pending:
                out[k] = {"before": pid}
            pending = []
            previous = {"after": pid}
        elif block.kind == "heading":
            sid = heading_ids[n_head] if n_head < len(heading_ids) else None
            n_head += 1
            if sid is not None:
                for k in pending:
                    out[k] = {"heading": sid}
                pending = []
                previous = {"heading": sid}
        elif previous is not None and block.inside and "after" in previous:
            out.append({"paragraph": previous["after"]})
        elif previous is not None:
            out.append(dict(previous))
        else:
            out.append({})
            pending.append(len(out) - 1)
    for k in pending:  # a capture with no paragraph after its flags cannot happen; be safe
        out[k] = {"after": para_ids[-1]}
    return out


def removals(
    report: Report, capture_id: str, expr: str, places: list[dict[str, str]]
) -> list[dict[str, Any]]:
    out = []
    for block, at in zip(report.segmented.flags, places, strict=True):
        iv_id = f"{expr}-lines-{block.first}-{block.last}"
        report.flags.append((block, iv_id))
        reason = (
            f"Markup, not the text: {block.why}."
            if block.markup
            else f"{block.why[0].upper()}{block.why[1:]}; the edition prints the work's title."
            if block.title
            else f"TODO: flagged by briefgen import as {block.why} (capture "
            f"{lines_of(block)}); confirm the removal by writing its reason, or move the "
            "text back into a paragraph"
        )
        out.append(
            {
                "id": iv_id,
                "capture": capture_id,
                "action": "remove",
                "at": Flow(at),
                "text": block.text,
                "reason": reason,
            }
        )
    return out


class Flow(dict[str, Any]):
    """A mapping written on one line, as `at: {after: some-paragraph}`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


#: Line breaks other than "\n" (NEL, LS, PS): PyYAML writes them raw in a plain, quoted or
#: block scalar, where a reader turns them into "\n" or folds them into a space; only a
#: double-quoted scalar keeps them, escaped ("\\N", "\\L", "\\P").
_RAW_BREAKS = re.compile("[\x85\u2028\u2029]")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _RAW_BREAKS.search(value):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else (">" if len(value) > 80 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


class _QuotedDumper(_Dumper):
    """Every text double-quoted, escapes and all: for data the readable styles would not
    write back exactly (the one style that writes any text as it is)."""


def _quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


def dump(data: dict[str, Any], shown: str = "the draft") -> str:
    """Write a source as readable YAML: long texts folded, passages literal, one key a line.

    What is written must read back as the data: failing that in the readable styles, every
    text is double-quoted; failing that too, nothing is written (`shown` names the file).
    """
    plain = _plain(data)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for dumper in (_Dumper, _QuotedDumper):
        text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=92)
        text = re.sub(r"\n(?=[a-z_]+:)", "\n\n", text)  # a blank line between top fields
        if yaml.load(text, Loader=loader) == plain:
            return text
    raise UsageError(
        f"{shown}: the import's result cannot be written as YAML that reads back the same; "
        "nothing was written (run with --debug and report it)"
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read_source(path: Path) -> dict[str, Any]:
    """An existing source to add a text to, refused as `check` refuses it.

    Its fields and cross references are checked as `check` checks them, and a source it
    would refuse (a paragraph without a section, `expressions` a mapping, …) is refused with
    the same located messages before anything is merged. A TODO the editor has still to fill
    in is no problem here: it stands as a value of its field's type while the rest is checked.
    """
    from ..sources.load import parse, read_yaml, todo_problems

    shown = path.as_posix()
    data, text = read_yaml(path, shown)
    if not isinstance(data, dict):
        raise SourceError(Problem(shown, "expected a mapping of fields at the top level", line=1))
    todos = {p.path for p in todo_problems(data, text, shown)}
    try:
        parse(_standing_in(data, todos), text, shown)
    except SourceError as err:
        problems = [p for p in err.problems if p.path not in todos]
        if problems:
            raise SourceError(*problems) from err
    return data


#: What a TODO stands as while a draft's other fields are checked: a value of its type.
_STAND_INS: dict[str, Any] = {
    "adopted": datetime.date(2000, 1, 1),
    "date": datetime.date(2000, 1, 1),
    "published": datetime.date(2000, 1, 1),
    "authoritative": False,
    "original_language": None,
}


def _standing_in(data: dict[str, Any], paths: set[str]) -> dict[str, Any]:
    """The data with each TODO of a typed field (a date, a flag) standing as such a value;
    the containers on the way are copied, the data is not changed."""
    from ..sources.yamlfile import parse_loc

    out = dict(data)
    copied = {id(out)}
    for path in paths:
        *above, leaf = parse_loc(path)
        if leaf not in _STAND_INS:
            continue
        node: Any = out
        for part in above:
            child = node[part]
            if id(child) not in copied:
                child = dict(child) if isinstance(child, dict) else list(child)
                node[part] = child
                copied.add(id(child))
            node = child
        node[leaf] = _STAND_INS[leaf]
    return out


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Flow, _flow)
_QuotedDumper.add_representer(str, _quoted)
