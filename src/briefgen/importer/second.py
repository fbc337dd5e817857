"""A second text of a work: its paragraphs aligned with the first text's ids, its headings
with the first text's sections, and a note where the evidence of a pair is weak. A second
text never changes the first text's structure; disagreements become notes.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..errors import UsageError
from ..model.compare import similarity
from ..sources.capture import is_html
from .records import (
    Flow,
    absent_items,
    capture_record,
    drafted_items,
    dump,
    expression_record,
    length,
    listed_length,
    normalisations,
    removal_places,
    removals,
)
from .report import Options, Report
from .segment import (
    Ids,
    Item,
    Passage,
    Segmented,
    label_value,
    paragraph_id,
    short_line,
)
from .short_lines import partnered, sentence_like, unpartnered

_END = str.maketrans({"：": ":", "。": ".", "，": ",", "；": ";", "！": "!", "？": "?"})
#: Numbers and capitalised words after a text's first word: what a translation keeps.
_ANCHOR = re.compile(r"\d+|(?<=\s)[A-Z][\w-]+")


#: A pair of paragraphs in two languages liked less than this is doubtful whatever its
#: neighbours: their last punctuation differs, and so do their shares of the text by more
#: than half, with no number or name in common.
WEAK = 0.2


def add_expression(
    data: dict[str, Any], opts: Options, capture_file: str, digest: str, report: Report
) -> str:
    shown = report.source.as_posix()
    expressions = data.get("expressions") or []
    if any(e.get("id") == opts.expression for e in expressions):
        raise UsageError(f"{shown}: already has an expression '{opts.expression}'")
    old_ids = [e["id"] for e in expressions]
    same_language = [e["id"] for e in expressions if e.get("language") == opts.language]
    captures = data.setdefault("captures", [])
    page = report.segmented.metadata
    capture = capture_record(opts, capture_file, digest, {c["id"] for c in captures}, page)
    captures.append(capture)
    expressions.append(expression_record(opts, capture["id"], page))
    merged = _Merge(data, opts.expression, old_ids, same_language, report)
    para_ids, heading_ids = merged.run()
    places = removal_places(report.segmented, para_ids, heading_ids)
    data.setdefault("interventions", [])
    data["interventions"] = [
        *(_flowed(iv) for iv in data["interventions"] or []),
        *removals(report, capture["id"], opts.expression, places),
        *normalisations(
            report, capture["id"], opts.expression, para_ids, heading_ids, data["paragraphs"]
        ),
        *_second_numbers(report, data["paragraphs"], para_ids, capture["id"], opts.expression),
    ]
    return dump(data, shown)


def _second_numbers(
    report: Report, paras: list[dict[str, Any]], para_ids: list[str], capture_id: str, expr: str
) -> list[dict[str, Any]]:
    """A new text's printed numbers: the paragraph's own number printed, or a TODO removal.

    Where the new capture prints the number its paragraph has, the paragraph is `printed`
    (the collation then takes the number in each capture that prints it). A different number
    is never written over the existing one: its word is recorded as left out, with a TODO.
    """
    by_id = {p["id"]: k for k, p in enumerate(paras)}
    out: list[dict[str, Any]] = []
    for block, pid in zip(report.segmented.paragraphs, para_ids, strict=True):
        if block.number is None:
            continue
        k = by_id[pid]
        p = paras[k]
        if str(p["number"]) == block.number:
            report.printed_numbers += 1
            if not p.get("printed"):
                rest = {key: v for key, v in p.items() if key not in ("id", "number", "printed")}
                paras[k] = {"id": p["id"], "number": p["number"], "printed": True, **rest}
            continue
        what = f"prints '{block.marker}' before para {p['number']}"
        report.numbering.append(f"line {block.first}: the {expr} capture {what}")
        out.append(
            {
                "id": f"{expr}-number-line-{block.first}",
                "capture": capture_id,
                "action": "remove",
                "at": Flow({"paragraph": pid}),
                "text": block.marker,
                "reason": f"TODO: the {expr} capture {what}, whose number is {p['number']}; "
                "check the alignment and the numbering, then write why the printed number is "
                "left out",
            }
        )
    return out


def _flowed(iv: dict[str, Any]) -> dict[str, Any]:
    return {**iv, "at": Flow(iv["at"])} if isinstance(iv.get("at"), dict) else iv


class _Merge:
    """Aligns a new text's sections and paragraphs with those of an existing source."""

    def __init__(
        self,
        data: dict[str, Any],
        expr: str,
        old: list[str],
        same_language: list[str],
        report: Report,
    ) -> None:
        self.data, self.expr, self.old, self.report = data, expr, old, report
        self.same = same_language
        self.sections: list[dict[str, Any]] = data["sections"]
        self.paras: list[dict[str, Any]] = data["paragraphs"]
        self.section_of = [p["section"] for p in self.paras]
        self.new_sections: dict[str, dict[str, Any]] = {}
        self.heading_of: dict[int, str] = {}  # a new heading's first line -> its section
        #: a new heading's first line -> why no section has it (it becomes a flagged removal)
        self.unmade: dict[int, str] = {}
        self.section_by_id = {s["id"]: s for s in self.sections}
        self._flagged: dict[str, tuple[str, dict[str, Any]]] | None = None
        self._lengths: tuple[int, int] | None = None

    def _absent(self, expr: str) -> dict[str, Any]:
        return {"absent": True, "note": f"the {expr} capture has no heading here"}

    def run(self) -> tuple[list[str], list[str | None]]:
        """Pair paragraphs, settle the new text's short lines, then write sections and texts.

        The existing texts' structure is the frame: the paragraphs are paired over the whole
        texts, by order and likeness, and the new text's headings play no part in it (placed
        wrongly, a numbered heading would otherwise pull whole runs of paragraphs out of
        line). Once paired, the paragraphs tell where each new heading stands, and a heading
        that stands where no existing section begins is the editor's to decide.
        """
        count = len(self.report.segmented.paragraphs)
        pairs = self._align(list(range(count)), list(range(len(self.paras))))
        seg = self.report.segmented = self._short_lines(pairs)
        self._place_headings(self._parts(), pairs)
        seg = self.report.segmented = self._unmade_headings(seg)
        self._weak(pairs)
        para_ids = self._finish(pairs, len(seg.paragraphs))
        self.report.aligned = len(pairs)
        return para_ids, [self.heading_of.get(b.first) for b in seg.headings]

    def _parts(self) -> list[tuple[Passage | None, list[int]]]:
        """The new text as parts: a heading (or None before the first), its paragraphs."""
        parts: list[tuple[Passage | None, list[int]]] = []
        n = 0
        for block in self.report.segmented.blocks:
            if block.kind == "heading":
                parts.append((block, []))
            elif block.kind == "paragraph":
                if not parts:
                    parts.append((None, []))
                parts[-1][1].append(n)
                n += 1
        return parts

    def _short_lines(self, pairs: dict[int, int]) -> Segmented:
        """Settle each unnumbered heading and flagged short line of the new text.

        Where the existing texts have a heading at the same place (the paragraph after the line
        pairs with the first paragraph of a headed section), a short line flagged on the new
        text's shape alone is a heading; an unnumbered heading with no heading beside it in
        the existing texts is flagged as a headline spliced in.
        """
        seg = self.report.segmented
        beside = self._headings_at()
        blocks: list[Passage] = []
        n = 0  # paragraphs of the new text seen so far: the next one is paragraph n
        for block in seg.blocks:
            if block.kind == "paragraph":
                n += 1
            unnumbered = block.kind == "heading" and block.number is None and not block.marked
            if not unnumbered and not block.candidate:
                blocks.append(block)
                continue
            partner = beside.get(pairs[n]) if n in pairs else None
            if partner and "short line" in partner:
                # the existing text's line is flagged, not a heading: the sections stay theirs
                why = (
                    f"{block.why}, and {partner}, flagged there too: if both are a heading, add "
                    "the section by hand (a second text never changes the sections)"
                )
                blocks.append(replace(block, kind="flag", why=why, candidate=False))
            elif partner and block.kind == "flag":
                text = " ".join(line.strip() for line in block.text.splitlines())
                why = partnered(partner)
                blocks.append(replace(block, kind="heading", text=text, why=why, candidate=False))
            elif partner:
                blocks.append(replace(block, why=f"{block.why}, and {partner}"))
            elif unnumbered:
                why = unpartnered(", ".join(self.old))
                blocks.append(replace(block, kind="flag", why=why))
            else:
                why = block.why.removesuffix(")") + (
                    f"; the {', '.join(self.old)} text has no heading at this place)"
                )
                blocks.append(replace(block, why=why, candidate=False))
        return Segmented(blocks, seg.metadata, seg.warnings)

    def _headings_at(self) -> dict[int, str]:
        """Existing paragraph index -> the short line the existing texts have just before it.

        A heading of the section that paragraph opens, or a line flagged in an existing text as
        a headline spliced in, recorded as a removal just after the paragraph before it.
        """
        out: dict[int, str] = {}
        for j, p in enumerate(self.paras):
            if j and self.section_of[j - 1] == p["section"]:
                flagged = self._flagged_line(j)
                if flagged is not None:
                    e, iv = flagged
                    out[j] = f"the {e} text has the short line '{iv['text'].strip()}' at this place"
                continue
            section = self.section_by_id[p["section"]]
            for e in self.old:
                text = (section.get("heading") or {}).get(e)
                if isinstance(text, str):
                    out[j] = f"the {e} text has the heading '{text}' at this place"
                    break
        return out

    def _flagged_line(self, j: int) -> tuple[str, dict[str, Any]] | None:
        """An existing text's short line flagged between paragraphs j-1 and j, with its text."""
        if self._flagged is None:
            expr_of = {
                e["capture"]: e["id"] for e in self.data["expressions"] if e["id"] in self.old
            }
            self._flagged = {}
            for iv in self.data.get("interventions") or []:
                text, at = iv.get("text"), iv.get("at")
                if (
                    iv.get("action") == "remove"
                    and isinstance(at, dict)
                    and list(at) == ["after"]
                    and iv.get("capture") in expr_of
                    and isinstance(text, str)
                    and short_line(text)
                    and not sentence_like(text)
                    and "mid-paragraph" not in str(iv.get("reason"))
                ):
                    self._flagged.setdefault(str(at["after"]), (expr_of[iv["capture"]], iv))
        return self._flagged.get(str(self.paras[j - 1]["id"]))

    def _place_headings(
        self, parts: list[tuple[Passage | None, list[int]]], pairs: dict[int, int]
    ) -> None:
        """Give the existing sections the new text's headings, where the paragraphs put them.

        A second text never changes the sections: a new heading standing where an existing
        section with a heading begins (and numbered as it is, if both are) is that heading in
        the new text; one standing anywhere else (inside a section, before a section without
        a heading or of another number) is the editor's to decide, flagged with a TODO, and
        each existing section keeps its paragraphs.
        """
        end = len(self.paras)
        matched = {i: pairs[i] for _, idx in parts for i in idx if i in pairs}
        starts = {
            j: self.section_of[j]
            for j in range(end)
            if j == 0 or self.section_of[j] != self.section_of[j - 1]
        }
        # the existing paragraph each part's heading stands before: its first paired one, or
        # for a heading with no paragraph of its own, the next part's (end: none follows)
        before: list[int | None] = []
        following = end
        for _, idx in reversed(parts):
            own = next((matched[i] for i in idx if i in matched), None)
            before.append(own if own is not None or idx else following)
            following = own if own is not None else following
        before.reverse()
        given: dict[int, Passage] = {}  # an existing section's start -> the heading there
        for (block, _), first in zip(parts, before, strict=True):
            if block is None:
                continue
            if first is None:
                self._unmake(block, "its paragraphs found no partner in the existing texts")
            elif first >= end:
                self._unmake(block, "no paragraph of its own follows it")
            elif first not in starts:
                why = f"para {self.paras[first]['number']} continues a section there"
                self._unmake(block, why + self._begins_elsewhere(block))
            elif self.section_by_id[starts[first]].get("heading") is None:
                self._unmake(
                    block, f"{_section_name(self.section_by_id[starts[first]])} has no heading"
                )
            elif not _same_number(block, self.section_by_id[starts[first]]):
                name = _section_name(self.section_by_id[starts[first]])
                why = f"{name} begins there, and its number is not {block.number}"
                self._unmake(block, why + self._begins_elsewhere(block))
            else:
                if first in given:  # two headings at one place: the one nearer the text is it
                    self._unmake(given[first], "another heading stands after it at this place")
                given[first] = block
        for j, section_id in starts.items():
            section = self.section_by_id[section_id]
            if j in given:
                section["heading"][self.expr] = given[j].text
                self.heading_of[given[j].first] = section_id
            elif section.get("heading"):
                self._heading_absent(section)

    def _begins_elsewhere(self, block: Passage) -> str:
        """Where the existing texts' section of a misplaced heading's number begins, if any."""
        if block.number is None:
            return ""
        for j, p in enumerate(self.paras):
            section = self.section_by_id[p["section"]]
            if (
                (j == 0 or self.section_of[j - 1] != p["section"])
                and section.get("number") is not None
                and _same_number(block, section)
            ):
                return f"; section {section['number']} begins at para {p['number']}"
        return ""

    def _unmake(self, block: Passage, why: str) -> None:
        """Leave a new heading that no existing section has to the editor, as a flag."""
        self.unmade[block.first] = (
            f"a heading of the {self.expr} text where the {', '.join(self.old)} text has no "
            f"section ({why}); a second text never changes the sections: to make it one, add "
            "the section and move its paragraphs by hand, then withdraw this removal"
        )

    def _unmade_headings(self, seg: Segmented) -> Segmented:
        """The new text with each heading no section has as a flag: its lines, as captured."""
        if not self.unmade:
            return seg
        lines = (
            self.report.captured.split("\n")
            if self.report.markdown or is_html(self.report.capture_file)
            else self.report.captured.splitlines()
        )
        blocks = [
            replace(
                b,
                kind="flag",
                text="\n".join(lines[b.first - 1 : b.last]) if lines else b.text,
                why=self.unmade[b.first],
                candidate=False,
                marked=False,
                spans=(),
            )
            if b.kind == "heading" and b.first in self.unmade
            else b
            for b in seg.blocks
        ]
        return Segmented(blocks, seg.metadata, seg.warnings)

    def _heading_absent(self, section: dict[str, Any]) -> None:
        """Mark a section's heading absent in the new text; doubt an unnumbered one."""
        absent = self._absent(self.expr)
        name = _section_name(section)
        if section.get("number") is None:
            absent["note"] = (
                f"TODO: the {self.expr} capture has no heading here; check that {name} is a "
                "heading and not a headline spliced in"
            )
        section["heading"][self.expr] = absent
        self.report.absent_headings.append(f"{self.expr}: {name}")

    def _align(self, new: list[int], old: list[int]) -> dict[int, int]:
        """Pair new paragraphs with existing ones: in order, or by their words.

        For a text in the language of an existing one the words decide, even when the counts
        agree: a text with one extra paragraph at its start and two paragraphs run together
        at its end has the same count, and pairing it in order would shift every pair.
        """
        in_order = dict(zip(new, old, strict=False))
        width = _band(len(new), len(old))
        if not new or not old or width == 0:
            return in_order  # nothing to weigh, or too many pairs to weigh: pair in order
        texts = self.report.segmented.paragraphs
        if not self.same:
            if len(new) == len(old):
                return in_order
            # another language: weigh each pair by its share of the whole text's length (one
            # paragraph missing does not skew the others'), its last punctuation, and the
            # numbers and names both hold
            theirs = {j: self._any_text(j) for j in old}
            new_total, old_total = self._totals()

            def likeness(i: int, j: int) -> float:
                return cross_likeness(
                    texts[i].text, theirs[j], length(texts[i]) / new_total,
                    self._any_length(j) / old_total,
                )  # fmt: skip

            return self._best_matching(new, old, likeness, width)
        base = self.same[0]
        cache: dict[tuple[int, int], float] = {}

        def sim(i: int, j: int) -> float:
            if (i, j) not in cache:
                other = self.paras[j]["text"].get(base)
                ok = isinstance(other, str)
                cache[i, j] = similarity(texts[i].text, other) if ok else 0.0
            return cache[i, j]

        best = self._best_matching(new, old, sim, width)
        if len(new) != len(old):
            return best
        gain = sum(sim(i, j) for i, j in best.items()) - sum(sim(i, j) for i, j in in_order.items())
        return best if gain > 0.5 else in_order  # by order unless the words clearly disagree

    def _totals(self) -> tuple[int, int]:
        """The whole new text's length and the existing texts', each at least 1 (summed once:
        each pair weighed divides by them)."""
        if self._lengths is None:
            new = sum(length(t) for t in self.report.segmented.paragraphs)
            old = sum(self._any_length(j) for j in range(len(self.paras)))
            self._lengths = (new or 1, old or 1)
        return self._lengths

    def _any_length(self, j: int) -> int:
        """The length of existing paragraph j with its items', in the first expression that
        has a text for it (its share of the whole text is weighed with its list's)."""
        for e in self.old:
            value = self.paras[j]["text"].get(e)
            if isinstance(value, str):
                return len(value) + listed_length(self.paras[j].get("items") or [], e)
        return 0

    def _any_text(self, j: int) -> str:
        """The text of existing paragraph j in the first expression that has one, or ""."""
        for e in self.old:
            value = self.paras[j]["text"].get(e)
            if isinstance(value, str):
                return value
        return ""

    @staticmethod
    def _best_matching(
        new: list[int], old: list[int], sim: Callable[[int, int], float], width: int | None
    ) -> dict[int, int]:
        """The monotone pairing with the most shared words (Needleman-Wunsch, free gaps).

        With a width, only pairs within that many places of the texts' diagonal are weighed
        (a long text: its paragraphs stray that far from their partners' places at most).
        """
        rows, cols = len(new), len(old)
        score: dict[tuple[int, int], float] = {}  # a pair left unweighed scores 0

        def at(a: int, b: int) -> float:
            return score.get((a, b), 0.0)

        for a in range(rows - 1, -1, -1):
            if width is None:
                low, high = 0, cols
            else:
                middle = a * cols // rows
                low, high = max(middle - width, 0), min(middle + width + 1, cols)
            for b in range(high - 1, low - 1, -1):
                score[a, b] = max(
                    at(a + 1, b), at(a, b + 1), at(a + 1, b + 1) + sim(new[a], old[b])
                )
        out: dict[int, int] = {}
        a = b = 0
        while (a, b) in score:
            if score[a, b] == at(a + 1, b + 1) + sim(new[a], old[b]):
                out[new[a]] = old[b]
                a, b = a + 1, b + 1
            elif score[a, b] == at(a + 1, b):
                a += 1
            else:
                b += 1
        return out

    def _weak(self, pairs: dict[int, int]) -> None:
        """Note each pair whose own likeness score is low, alone or beside its neighbours'.

        The note names the pair (the new text's line and the existing paragraph); a run whose
        paragraph counts differ gets no note of its own: its unpaired paragraphs have theirs.
        """
        texts = self.report.segmented.paragraphs
        order = sorted(pairs)
        if self.same:
            base = self.same[0]
            floor = 0.0  # two translations in one language may share few words throughout

            def score(i: int, j: int) -> float:
                other = self.paras[j]["text"].get(base)
                return similarity(texts[i].text, other) if isinstance(other, str) else 0.0
        else:
            floor = WEAK
            new_total, old_total = self._totals()

            def score(i: int, j: int) -> float:
                return cross_likeness(
                    texts[i].text, self._any_text(j), length(texts[i]) / new_total,
                    self._any_length(j) / old_total,
                )  # fmt: skip

        scores = [score(i, pairs[i]) for i in order]
        for k, i in enumerate(order):
            around = scores[max(k - 2, 0) : k] + scores[k + 1 : k + 3]
            usual = statistics.median(around) if around else None
            conflict = not self.same and numbers_differ(texts[i].text, self._any_text(pairs[i]))
            low = scores[k] < floor or (usual is not None and scores[k] < 0.5 * usual)
            if not low and not conflict:
                continue
            p = self.paras[pairs[i]]
            if self.same:
                p["note"] = (
                    f"TODO: {self.expr} line {texts[i].first} shares only "
                    f"{round(scores[k] * 100)}% of its words with the {base} text of para "
                    f"{p['number']} (its neighbours far more); check the alignment"
                )
            else:
                beside = f", its neighbours' {round(usual * 100)}%" if usual is not None else ""
                lacking = cross_evidence(texts[i].text, self._any_text(pairs[i]))
                p["note"] = (
                    f"TODO: {self.expr} line {texts[i].first} is paired with para {p['number']} "
                    f"on weak evidence: {', '.join(lacking) or 'they are little alike'} "
                    f"(likeness {round(scores[k] * 100)}%{beside}); check the alignment"
                )
            self.report.doubtful.append(p["note"].removeprefix("TODO: "))

    def _items(self, p: dict[str, Any], block: Passage | Item, where: str = "") -> None:
        """Give an aligned paragraph's items (or an item's own list) this text's items, in
        order, and each item's own list the same way."""
        where = where or f"para {p['number']}"
        old: list[dict[str, Any]] = p.get("items") or []
        if not old and block.items:
            p["items"] = drafted_items(block, self.expr, self.old)
            return
        for k, item in enumerate(old):
            if k < len(block.items):
                item["text"][self.expr] = block.items[k].text
                label = f"({item['label']})" if item.get("label") else f", item {k + 1}"
                self._items(item, block.items[k], where + label)
            else:
                item["text"][self.expr] = {
                    "absent": True,
                    "note": f"TODO: the {self.expr} list has no item here; check the alignment",
                }
                absent_items(item.get("items") or [], self.expr)
        for extra in block.items[len(old) :]:
            self.report.warnings.append(
                f"line {extra.first}: an item of the {self.expr} list has no counterpart in "
                f"{where}; add it to the items by hand"
            )

    def _finish(self, pairs: dict[int, int], count: int) -> list[str]:
        """Write the new texts (aligned, absent, or new paragraphs); return their ids."""
        texts = self.report.segmented.paragraphs
        by_old = {j: i for i, j in pairs.items()}
        for j, p in enumerate(self.paras):
            if j in by_old:
                p["text"][self.expr] = texts[by_old[j]].text
                self._items(p, texts[by_old[j]])
            else:
                p["text"][self.expr] = {
                    "absent": True,
                    "note": f"TODO: no paragraph of {self.expr} was aligned with this one; "
                    "check the alignment",
                }
                self.report.doubtful.append(
                    f"para {p['number']} has no counterpart in {self.expr} (marked absent)"
                )
                absent_items(p.get("items") or [], self.expr)
        taken = Ids(p["id"] for p in self.paras)
        ids: list[str] = []
        inserted: list[tuple[int, dict[str, Any]]] = []
        after: dict[int, int] = {}  # existing paragraph index -> paragraphs inserted after it
        last = -1
        for i in range(count):
            if i in pairs:
                last = pairs[i]
                ids.append(str(self.paras[last]["id"]))
                continue
            anchor = self.paras[max(last, 0)]
            nth = after.get(last, 0)
            after[last] = nth + 1
            number = _inserted_number(str(anchor["number"]), nth, last < 0)
            para = {
                "id": paragraph_id(texts[i].text, taken, f"p{anchor['number']}-{nth + 1}".lower()),
                "number": number,
                "section": anchor["section"],
                "note": f"TODO: {self.expr} line {texts[i].first} has no counterpart in "
                f"{', '.join(self.old)}; check the alignment",
                "text": {
                    **{e: {"absent": True, "note": f"only in {self.expr}"} for e in self.old},
                    self.expr: texts[i].text,
                },
            }
            if texts[i].items:
                para["items"] = drafted_items(texts[i], self.expr, self.old)
            ids.append(para["id"])
            inserted.append((last, para))
            self.report.doubtful.append(f"{self.expr} line {texts[i].first} has no counterpart")
        if inserted:
            placed: dict[int, list[dict[str, Any]]] = {}
            for j, para in inserted:
                placed.setdefault(j, []).append(para)
            self.paras[:] = [
                *placed.get(-1, []),
                *(q for j, p in enumerate(self.paras) for q in (p, *placed.get(j, []))),
            ]
        return ids


#: The most pairs of paragraphs weighed in one alignment; a longer text's pairs are weighed
#: near the diagonal only, and beyond that (thousands of paragraphs), paired in order.
PAIRS = 20_000


def _band(rows: int, cols: int) -> int | None:
    """How far from the diagonal pairs are weighed: None (all of them), or 0 (none)."""
    if rows * cols <= PAIRS:
        return None
    width = PAIRS // (2 * max(rows, cols))
    return width if width >= 2 else 0


def _same_number(block: Passage, section: dict[str, Any]) -> bool:
    """A heading and a section agree in number, or one of them has none."""
    number = section.get("number")
    if block.number is None or number is None:
        return True
    return label_value(block.number) == label_value(str(number))


def _inserted_number(anchor: str, nth: int, before: bool) -> str:
    """The number of the nth (from 0) paragraph a second text adds after paragraph `anchor`:
    12A, 12B … 12Z. Where no such number exists (before the first paragraph, a 27th one, after
    a paragraph that is itself 12A) it is a TODO for the editor, never an invalid number or
    one that another paragraph has."""
    if not before and nth < 26 and re.fullmatch(r"(?:PP)?[1-9][0-9]*", anchor):
        return f"{anchor}{chr(ord('A') + nth)}"
    where = "before" if before else "after"
    return f"TODO: a number for paragraph {nth + 1} of those {where} para {anchor}"


def _section_name(section: dict[str, Any]) -> str:
    """A section as the editor knows it: "section 4", or "the heading 'Clean Energy'"."""
    if section.get("number") is not None:
        return f"section {section['number']}"
    texts = [t for t in (section.get("heading") or {}).values() if isinstance(t, str)]
    return f"the heading '{texts[0]}'" if texts else f"section {section['id']}"


def cross_evidence(a: str, b: str) -> list[str]:
    """What two paragraphs in different languages lack of a translation pair's evidence."""
    out = []
    ratio = max(len(a), 1) / max(len(b), 1)
    if not 0.6 <= ratio <= 1.7:
        out.append("their lengths differ")
    if a.strip()[-1:].translate(_END) != b.strip()[-1:].translate(_END):
        out.append("their last punctuation differs")
    if numbers_differ(a, b):
        out.append("their numbers differ")
    else:
        anchors_a, anchors_b = set(_ANCHOR.findall(a)), set(_ANCHOR.findall(b))
        if (anchors_a or anchors_b) and not anchors_a & anchors_b:
            out.append("no number or name in common")
    return out


def numbers_differ(a: str, b: str) -> bool:
    """Both paragraphs hold numbers and share none: a translation keeps its numbers."""
    numbers_a, numbers_b = set(re.findall(r"\d+", a)), set(re.findall(r"\d+", b))
    return bool(numbers_a and numbers_b and not numbers_a & numbers_b)


def cross_likeness(a: str, b: str, share_a: float, share_b: float) -> float:
    """How likely two paragraphs in different languages are translations of each other, 0–1.

    Their shares of their whole text's length (translations keep proportions even where
    scripts differ), their last punctuation (a preamble's "…as follows:" and "…ce qui
    suit :"), and the numbers and capitalised names both hold.
    """
    ratio = math.exp(-2 * abs(math.log(max(share_a, 1e-6) / max(share_b, 1e-6))))
    end_a, end_b = (t.strip()[-1:].translate(_END) for t in (a, b))
    anchors_a, anchors_b = set(_ANCHOR.findall(a)), set(_ANCHOR.findall(b))
    union = anchors_a | anchors_b
    shared = len(anchors_a & anchors_b) / len(union) if union else 0.0
    return 0.5 * ratio + 0.2 * (end_a == end_b) + 0.3 * shared
