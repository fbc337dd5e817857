"""What Zotero saves when it imports briefgen's records: a small port, for the tests only, of the
parts of Zotero's import code that decide it (Embedded Metadata's Highwire authors, RIS import,
CSL-JSON import, the item saver's Extra rule), for the Report item type only.

Written for briefgen from reading Zotero's code, none of it copied; each function names, in a
comment, the original it follows at the commit read. Input the port does not cover raises
NotImplementedError, so a record that gains a tag or a variable fails the tests instead of
passing on a guess.
"""

from __future__ import annotations

import re
from typing import Any

Item = dict[str, Any]

# The Report's fields (zotero-schema at 5eedf44, schema.json lines 2568-2666), and the base fields
# that stand for three of them.
# https://github.com/zotero/zotero-schema/blob/5eedf4402ea6e7393eaf16902b63f572f48707a7/schema.json#L2568-L2666
REPORT_FIELDS = {
    "title", "abstractNote", "reportNumber", "reportType", "institution", "place", "date",
    "seriesTitle", "seriesNumber", "pages", "DOI", "ISBN", "citationKey", "url", "accessDate",
    "ISSN", "archive", "archiveLocation", "shortTitle", "language", "libraryCatalog",
    "callNumber", "rights", "extra",
}  # fmt: skip
REPORT_BASE = {"number": "reportNumber", "type": "reportType", "publisher": "institution"}

# The CSL variables briefgen's records carry, with the Zotero fields the same schema maps each to,
# in the order Zotero tries them.
# https://github.com/zotero/zotero-schema/blob/5eedf4402ea6e7393eaf16902b63f572f48707a7/schema.json#L3326-L3480
CSL_TEXT = {
    "title": ["title"], "title-short": ["shortTitle"], "genre": ["type", "programmingLanguage"],
    "publisher-place": ["place"], "event-place": ["eventPlace"], "edition": ["edition"],
    "section": ["section", "committee"], "language": ["language"], "note": ["extra"],
    "URL": ["url"], "publisher": ["publisher"],
}  # fmt: skip
MONTHS = "January February March April May June July August September October November December"
CAPS = "A-Z\u0400-\u042f"  # cleanAuthor's capitals: Latin and Cyrillic


def _report_field(field: str) -> str | None:
    """The Report's own name for a field, or None when a Report has no such field."""
    field = REPORT_BASE.get(field, field)
    return field if field in REPORT_FIELDS else None


# -- Save to Zotero on an edition page


# https://github.com/zotero/utilities/blob/4051881d59c6c12d34417d4c226f37218051be90/utilities.js#L227-L291
def clean_author(author: str, use_comma: bool) -> Item:
    """Split a name as ZU.cleanAuthor does: at the first comma, else at the last space."""
    author = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author)  # punctuation off both ends
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    first: str | None = None
    if use_comma:
        author = re.sub(r"\.([^ ])", r". \1", author, count=1)  # a space after a full stop
        parts = re.split(r"[,،] ?", author)
        last, first = (parts[0], parts[1]) if len(parts) > 1 else (author, None)
    else:  # step back a space at a time until the last name starts with a letter
        space = len(author)
        while True:
            space = author.rfind(" ", 0, max(space - 1, 0) + 1)
            last, first = author[space + 1 :], author[: max(space, 0)]
            if not last or last[0].isalpha() or space <= 0:
                break
    if (
        first
        and re.fullmatch(f"[{CAPS}]{{1,3}}", first)
        and (len(first) == 1 or last != last.upper())
    ):
        first = " ".join(c + "." for c in first)  # initials: "JR" -> "J. R."
    if first:  # a full stop after each initial
        first = re.sub(r"[\s,]+$", "", re.sub(r"^[\s.]+", "", first))
        first = re.sub(
            r"\s*([\u002d\u00ad\u2010-\u2015\u2212\u2e3a\u2e3b])\s*", "-", first, count=1
        )
        names = re.split(r"[\s.]+|(?=-)", first)
        marked = (n + "." if re.fullmatch(f"-?[{CAPS}]", n) else n for n in names)
        first = " ".join(marked).replace(" -", "-").strip()
    return {"firstName": first, "lastName": last, "creatorType": "author"}


# https://github.com/zotero/translators/blob/2814370161d05d799086825fac8d499db3a33aa3/Embedded%20Metadata.js#L190-L198
def fix_case(name: str) -> str:
    """Embedded Metadata's fixCase: a name in one case only would be title-cased (not ported)."""
    if name in (name.upper(), name.lower()):
        raise NotImplementedError(f"fixCase of a name all in one case is not ported: {name!r}")
    return name


# https://github.com/zotero/translators/blob/2814370161d05d799086825fac8d499db3a33aa3/Embedded%20Metadata.js#L398-L416
# https://github.com/zotero/translators/blob/2814370161d05d799086825fac8d499db3a33aa3/Embedded%20Metadata.js#L571-L624
# (citation_technical_report_institution makes a Report: #L303-L305)
def highwire(meta: list[tuple[str, str]]) -> Item:
    """The item type and authors Embedded Metadata takes from a page's (name, content) meta tags.

    The citation_author tags (else citation_authors), each split at semicolons, a lone tag also
    at commas when text with a space stands on both sides of one; each name through cleanAuthor,
    split at a comma when the untrimmed name has one; a person's name through fixCase.
    """
    nodes = [v for n, v in meta if n.endswith("citation_author")]
    nodes = nodes or [v for n, v in meta if n.endswith("citation_authors")]
    lang = next((v for n, v in meta if n.endswith("citation_language")), None)
    creators: list[Item] = []
    previous = None
    for node in nodes:
        names = re.split(r"\s*;\s*", node)
        if len(names) == 1 and len(nodes) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            if len(by_comma) == 2 and lang in ("es", "spa", "Spanish", "español"):
                raise NotImplementedError("the Spanish surname rule is not ported")
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                names = by_comma
        for name in (n.strip() for n in names):
            if not re.search(r"[^\s,-.;]", name) or name == previous:
                continue
            previous = name
            creator = clean_author(name, "," in name)
            if creator["firstName"]:
                creator["firstName"] = fix_case(creator["firstName"])
                creator["lastName"] = fix_case(creator["lastName"])
            creators.append({k: v for k, v in creator.items() if v is not None})
    report = any(n.endswith("citation_technical_report_institution") for n, _ in meta)
    return {"itemType": "report" if report else "journalArticle", "creators": creators}


# -- RIS

# RIS.js's tag maps as TagMapper.getField resolves them for a Report, for the tags briefgen
# writes; the tags also in its degenerate map are read after the others.
# https://github.com/zotero/translators/blob/2814370161d05d799086825fac8d499db3a33aa3/RIS.js#L207-L504
RIS_REPORT = {
    "ID": "__ignore", "TI": "title", "AU": "creators/author", "PY": "date", "DA": "date",
    "CY": "place", "M3": "reportType", "ET": "edition", "LA": "language", "ST": "shortTitle",
    "UR": "url", "SE": "section", "N1": "notes",
}  # fmt: skip
RIS_DEGENERATE = {"ID", "CY", "M3", "SE"}
RIS_LINE = re.compile(r"([A-Z][A-Z0-9])  - ?(.*)")


# https://github.com/zotero/translators/blob/2814370161d05d799086825fac8d499db3a33aa3/RIS.js#L1563-L1696
def ris_date(value: str) -> str:
    """dateRIStoZotero, not for access dates: YYYY/MM/DD as YYYY-MM-DD, to the first zero part."""
    m = re.fullmatch(r"(\d+)(?:/(\d{0,2})(?:/(\d{0,2})(?:[/\s]([^/]*))?)?)?", value)
    if not m:
        raise NotImplementedError(f"RIS dates other than YYYY/MM/DD are not ported: {value!r}")
    parts: list[str] = []
    for part in m.groups()[:3]:
        if not (part or "").lstrip("0"):
            break
        parts.append(part.lstrip("0"))
    return "-".join(p.zfill(4 if i == 0 else 2) for i, p in enumerate(parts))


# importNext, processTag, applyValue and completeItem, with ignoreUnknown at its default (true):
# https://github.com/zotero/translators/blob/2814370161d05d799086825fac8d499db3a33aa3/RIS.js#L1849-L1912
# https://github.com/zotero/translators/blob/2814370161d05d799086825fac8d499db3a33aa3/RIS.js#L1281-L1561
# https://github.com/zotero/translators/blob/2814370161d05d799086825fac8d499db3a33aa3/RIS.js#L1698-L1797
def ris(text: str) -> list[Item]:
    """The items Zotero saves from a file of RPRT records.

    An author with nothing after a first comma is one name (fieldMode 1); PY is the date only
    when DA gives none; an N1 becomes a note in <p>; a field the Report lacks (ET, SE) is kept
    for the item saver; a field already set keeps its first value.
    """
    items = []
    for record in re.split(r"(?m)^ER  -.*$", text):
        lines = [line for line in record.splitlines() if line.strip()]
        tags = [m.groups() for line in lines if (m := RIS_LINE.fullmatch(line))]
        if len(tags) != len(lines):
            raise NotImplementedError("RIS values over several lines are not ported")
        if not tags:
            continue
        if tags[0][0] != "TY" or tags[0][1].strip().upper() != "RPRT":
            raise NotImplementedError("RIS types other than RPRT (report) are not ported")
        item: Item = {"itemType": "report", "creators": [], "notes": []}
        backup_date = None
        tags = tags[1:]
        for tag, raw in sorted(tags, key=lambda t: t[0] in RIS_DEGENERATE):
            if tag not in RIS_REPORT:
                raise NotImplementedError(f"RIS tag {tag} is not ported")
            field, value = RIS_REPORT[tag], raw.strip()
            if not value or field == "__ignore":
                continue
            if tag != "N1" and re.search(r"[<&]", value):
                raise NotImplementedError(f"unescapeHTML is not ported: {value!r}")
            if tag == "N1":
                if value == item.get("title"):
                    continue
                if not re.search(r"<[^>]+>", value):
                    value = value.replace("\n\n", "</p><p>").replace("\n", "<br/>")
                    value = value.replace("\t", "&nbsp;" * 4).replace("  ", "&nbsp;" * 2)
                    value = f"<p>{value}</p>"
                item["notes"].append(value)
            elif tag == "PY":
                backup_date = ris_date(value)
            elif field == "creators/author":
                last = re.split(r"\s*,\s*", value)[0]
                first = re.sub(r"^\s*,\s*", "", value[len(last) :])
                name = {"firstName": first} if first else {"fieldMode": 1}
                item["creators"].append({"lastName": last, **name, "creatorType": "author"})
            elif tag == "UR" and "PM:" in value:
                raise NotImplementedError("PMIDs in UR are not ported")
            elif not item.get(field):
                item[field] = ris_date(value) if field == "date" else value
        if backup_date and not item.get("date"):
            item["date"] = backup_date
        if item.get("shortTitle") and not item.get("title"):
            item["title"] = item["shortTitle"]
        items.append(save(item))
    return items


# -- CSL-JSON


# itemFromCSLJSON, with Zotero.Date.formatDate in an English Zotero:
# https://github.com/zotero/utilities/blob/4051881d59c6c12d34417d4c226f37218051be90/utilities_item.js#L417-L629
# https://github.com/zotero/utilities/blob/4051881d59c6c12d34417d4c226f37218051be90/date.js#L567-L598
def csl_json(records: list[Item]) -> list[Item]:
    """The items Zotero saves from CSL-JSON report records.

    Each text variable fills the first of its fields that a Report has, or nothing (edition,
    section and event-place are dropped; note becomes Extra); a literal name is one name
    (fieldMode 1); a single date is written out, "July 4, 2024".
    """
    items = []
    for csl in records:
        if csl.get("type") != "report":
            raise NotImplementedError("CSL types other than report are not ported")
        item: Item = {"itemType": "report", "creators": []}
        for variable, value in csl.items():
            if variable in ("id", "type"):
                continue
            if variable == "author":
                if any(set(name) != {"literal"} for name in value):
                    raise NotImplementedError("CSL names other than literal ones are not ported")
                item["creators"] += [
                    {"lastName": n["literal"], "fieldMode": 1, "creatorType": "author"}
                    for n in value
                ]
            elif variable == "issued":
                if set(value) != {"date-parts"} or len(value["date-parts"]) != 1:
                    raise NotImplementedError(
                        f"CSL dates other than one day are not ported: {value}"
                    )
                year, month, day = [*value["date-parts"][0], None, None][:3]
                day_month = f"{MONTHS.split()[month - 1]} " if month else ""
                day_month += f"{day}, " if month and day else ""
                item["date"] = f"{day_month}{year}"
            elif variable in CSL_TEXT:
                field = next(filter(None, map(_report_field, CSL_TEXT[variable])), None)
                if field:
                    item[field] = value
            else:
                raise NotImplementedError(f"CSL variable {variable} is not ported")
        items.append(save(item))
    return items


# -- the item saver


# https://github.com/zotero/zotero/blob/f2a42bec150fa8b947ffde57afd72a22e805f085/chrome/content/zotero/xpcom/utilities_internal.js#L1385-L1393
def _extra_key(key: str) -> str:
    """Utilities.Internal._normalizeExtraKey: "reportType", "Report Type" -> "report-type"."""
    return re.sub(r"[\s\-_]", "-", re.sub(r"([a-z])([A-Z])", r"\1-\2", key.strip()).lower())


# https://github.com/zotero/zotero/blob/f2a42bec150fa8b947ffde57afd72a22e805f085/chrome/content/zotero/xpcom/utilities_internal.js#L1562-L1565
def _title_case(field: str) -> str:
    """Utilities.Internal.camelToTitleCase: "seriesTitle" -> "Series Title"."""
    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", field)
    return words[:1].upper() + words[1:]


# an Extra line's key that names a Report field: its names, base fields and CSL variables
EXTRA_KEYS = {
    **{_extra_key(v): f for v, fs in CSL_TEXT.items() if (f := _report_field(fs[0]))},
    **{_extra_key(k): v for k, v in REPORT_BASE.items()},
    **{_extra_key(f): f for f in REPORT_FIELDS},
}


# Zotero.Item#fromJSON, not strict, as the translation item saver calls it, with the Extra parsing
# (extractExtraFields) and writing (combineExtraFields) it uses:
# https://github.com/zotero/zotero/blob/f2a42bec150fa8b947ffde57afd72a22e805f085/chrome/content/zotero/xpcom/data/item.js#L5633-L5940
# https://github.com/zotero/zotero/blob/f2a42bec150fa8b947ffde57afd72a22e805f085/chrome/content/zotero/xpcom/utilities_internal.js#L1157-L1382
def save(item: Item) -> Item:
    """The item as Zotero stores it, for a Report.

    A "Key: value" line of Extra that names a Report field the item lacks becomes that field; a
    field the Report lacks goes to Extra as "Title Case Name: value" (replacing a line of Extra
    with that key, else with the others, sorted, before Extra's own lines). Not ported: the
    dedupe of base-mapped and Type fields in Extra, and creators named in Extra.
    """
    saved: Item = {"itemType": item["itemType"], "creators": item["creators"]}
    extra_fields: dict[str, str] = {}
    for field, value in item.items():
        if field in ("itemType", "creators", "notes", "extra") or value in (None, ""):
            continue
        if own := _report_field(field):
            saved[own] = value
        else:
            extra_fields[_extra_key(field)] = f"{_title_case(field)}: {value}"
    lines = []
    for line in item["extra"].split("\n") if item.get("extra") else []:
        m = re.match(r"([a-z][a-z -_]+):(.+)", line, re.IGNORECASE)
        name, text = (m[1], m[2].strip()) if m else ("", "")
        if _extra_key(name) == "type":
            raise NotImplementedError("an item type in Extra is not ported")
        target = EXTRA_KEYS.get(_extra_key(name))
        if target and text and target not in item and target not in saved:
            saved[target] = text
        elif name and _extra_key(name) in extra_fields:  # the new value takes the line's place
            lines.append(f"{name}: {extra_fields.pop(_extra_key(name)).split(': ', 1)[1]}")
        else:
            lines.append(line)
    if extra := "\n".join(sorted(extra_fields.values()) + lines):
        saved["extra"] = extra
    saved["notes"] = item.get("notes", [])
    return saved
