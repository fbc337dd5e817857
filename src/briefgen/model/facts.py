"""What must survive translation, found in one text.

Numbers (in any script's digits), years and dates (CLDR's month names for the language),
percentages and amounts, country and territory names (model/names.py), the glossary's terms
and the number of sentences: each a `Fact` with a normalised value, so "12 May 2026" in
English and "2026年5月12日" in Chinese are one fact. What it cannot see: numbers written as
words ("two", "deux") or in Chinese numerals (四十), names CLDR and the aliases do not know.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from .names import NOT_NAMES, base_language, fold, locale, territories

Kind = Literal["date", "year", "number", "percent", "country", "term", "items", "sentences"]
#: The order in which a place's differences are listed.
KINDS: tuple[Kind, ...] = (
    "country",
    "term",
    "date",
    "year",
    "number",
    "percent",
    "items",
    "sentences",
)


@dataclass(frozen=True)
class Fact:
    """One thing in one text that a faithful translation keeps: what, its value, as written."""

    kind: Kind
    value: str  # normalised: "2026-05-12", "2030", "40", "2.5", "45%", "GH", a term's id
    text: str  # as written (after folding accents), for a reader to find it


# ----------------------------------------------------------------------------- numbers

_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(rf"\d+(?:[,.'\u066b\u066c{_SPACES}]\d+)*")
_PERCENT_WORDS = (
    r"%|\u066a|\uff05|per ?cent\b|pour cent\b|por ciento\b|процент\w*",
    "في المائة|في المئة|بالمائة|بالمئة",
)
#: Words that multiply the number before them ("40 million", "4000万", "40 млн").
_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "trillion": 10**12,
    "milliard": 10**9,
    "milliards": 10**9,
    "mil millones": 10**9,
    "millón": 10**6,
    "millon": 10**6,
    "millones": 10**6,
    "тыс.": 10**3,
    "тысяч": 10**3,
    "тысячи": 10**3,
    "тысяча": 10**3,
    "млн": 10**6,
    "миллион": 10**6,
    "миллиона": 10**6,
    "миллионов": 10**6,
    "млрд": 10**9,
    "миллиард": 10**9,
    "миллиарда": 10**9,
    "миллиардов": 10**9,
    "万": 10**4,
    "亿": 10**8,
    "千": 10**3,
    "百万": 10**6,
    "千万": 10**7,
    "الف": 10**3,
    "الاف": 10**3,
    "مليون": 10**6,
    "ملايين": 10**6,
    "مليار": 10**9,
    "مليارات": 10**9,
}
_SCALE = re.compile(
    r"\s?(" + "|".join(re.escape(w) for w in sorted(_SCALES, key=len, reverse=True)) + r")(?!\w)"
)
_SCALE_CJK = re.compile(r"(百万|千万|万|亿)")


def _symbols(language: str) -> tuple[set[str], set[str]]:
    """Return the group and decimal separators a number may use in this language."""
    group, decimal = {","}, {"."}
    loc = locale(language)
    if loc is not None:
        latn = loc.number_symbols.get("latn", {})
        group, decimal = {latn.get("group", ",")}, {latn.get("decimal", ".")}
        arab = loc.number_symbols.get("arab", {})
        if arab:  # a text in Arabic may write either system's separators
            group |= {arab.get("group", "\u066c"), ","}
            decimal |= {arab.get("decimal", "\u066b"), "."}
    if group & set(_SPACES):
        group |= set(_SPACES)
    return group, decimal


def _digits(run: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in run)


def _numbers(run: str, language: str) -> list[tuple[str, int, int]]:
    """Read a run of digits and separators: one number, or several where a separator does
    not join; return each number's value and where it stands in the run."""
    group, decimal = _symbols(language)
    runs = list(re.finditer(r"\d+", run))
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(runs):
        j = i
        whole = runs[i].group()
        while (
            j + 1 < len(runs)
            and run[runs[j].end()] in group
            and len(runs[j + 1].group()) == 3
            and (j > i or len(runs[i].group()) <= 3)
        ):
            j += 1
            whole += runs[j].group()
        value = str(int(_digits(whole)))
        if (
            j + 1 < len(runs)
            and run[runs[j].end()] in decimal
            and (j + 2 == len(runs) or run[runs[j + 1].end()] in _SPACES)
        ):
            j += 1
            value += "." + _digits(runs[j].group())
        out.append((value, runs[i].start(), runs[j].end()))
        i = j + 1
    return out


@cache
def _percent() -> re.Pattern[str]:
    """Return the pattern of what makes a number a percentage, folded like the text."""
    return re.compile(r"\s?(?:" + "|".join(fold(w) for w in _PERCENT_WORDS) + ")")


def _scaled(value: str, scale: int) -> str:
    if "." in value:
        whole, frac = value.split(".")
        number = int(whole + frac) * scale // 10 ** len(frac)
        exact = int(whole + frac) * scale % 10 ** len(frac) == 0
        return (
            str(number) if exact else f"{int(whole) * scale + int(frac) * scale / 10 ** len(frac)}"
        )
    return str(int(value) * scale)


# ----------------------------------------------------------------------------- dates

_DAY = r"(\d{1,2})"
_YEAR = r"(\d{4})"


@cache
def _months(language: str) -> dict[str, int]:
    """Return the month names of a language (wide and abbreviated, folded) and their number."""
    loc = locale(language)
    out: dict[str, int] = {}
    if loc is None:
        return out
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for n, name in loc.months.get(context, {}).get(width, {}).items():
                name = fold(name).rstrip(".")
                if name and not any(c.isdigit() for c in name) and len(name) > 2:
                    out.setdefault(name, n)
                    out.setdefault(name.lower(), n)
    if base_language(language) == "ru":  # "в мае", "в январе": the prepositional of the stand-alone
        for n, name in loc.months.get("stand-alone", {}).get("wide", {}).items():
            name = fold(name)
            out.setdefault(name[:-1] + "е" if name[-1] in "ьй" else name + "е", n)
    return out


@cache
def _date_patterns(language: str) -> list[tuple[re.Pattern[str], tuple[int, int, int]]]:
    """Return date patterns and where day, month and year stand in each (0: not there)."""
    out: list[tuple[re.Pattern[str], tuple[int, int, int]]] = [
        (re.compile(rf"{_YEAR}\s?年\s?(\d{{1,2}})\s?月\s?{_DAY}\s?日"), (3, 2, 1)),
        (re.compile(rf"{_YEAR}\s?年\s?(\d{{1,2}})\s?月"), (0, 2, 1)),
    ]
    months = _months(language)
    if not months:
        return out
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    month = rf"({names})\.?"
    gap = r"(?:\s|\u00a0|\s+de\s+|\s+del\s+)"
    out += [
        (re.compile(rf"(?<!\d){_DAY}(?:er|º|°)?{gap}{month}{gap}?,?\s?{_YEAR}(?!\d)"), (1, 2, 3)),
        (re.compile(rf"(?<!\w){month}\s{_DAY}(?:st|nd|rd|th)?,?\s{_YEAR}(?!\d)"), (2, 1, 3)),
        (re.compile(rf"(?<!\w){month}{gap}{_YEAR}(?!\d)"), (0, 1, 2)),
    ]
    return out


def _date_value(match: re.Match[str], where: tuple[int, int, int], language: str) -> str | None:
    day_at, month_at, year_at = where
    months = _months(language)
    raw = match.group(month_at)
    month = int(raw) if raw.isdigit() else months.get(raw, months.get(raw.lower(), 0))
    day = int(match.group(day_at)) if day_at else 0
    if not 1 <= month <= 12 or day > 31:
        return None
    year = int(match.group(year_at))
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"


# ----------------------------------------------------------------------------- sentences

_SENTENCE_END = re.compile(r"(?<=[^\s.]{2})[.!?؟](?=\s+[^\s\da-zа-яё])|[。！？](?=.)")


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip())) + 1 if text.strip() else 0


# ----------------------------------------------------------------------------- one text


def _blank(text: str, start: int, end: int) -> str:
    """Return text with [start, end) replaced by spaces, so it is not read twice."""
    return text[:start] + " " * (end - start) + text[end:]


def facts(text: str, language: str, terms: list[tuple[str, list[str]]] | None = None) -> list[Fact]:
    """Return what a faithful translation of text keeps, in the order kinds are looked for.

    terms: a glossary term's id and its renderings in this text's expression.
    """
    out: list[Fact] = []
    rest = fold(text)
    if terms:
        from .compare import _pattern  # the glossary's own matching, shared with key terms

        for term_id, renderings in terms:
            if any(_pattern(fold(r), language).search(rest) for r in renderings):
                out.append(Fact("term", term_id, term_id))
    for ignore in NOT_NAMES.get(base_language(language), ()):
        rest = rest.replace(ignore, " " * len(ignore))
    found = territories(language)
    if found is not None:
        pattern, codes = found
        for m in pattern.finditer(rest):
            out.append(Fact("country", codes[m.lastgroup or ""], m.group()))
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    for pattern, where in _date_patterns(language):
        for m in list(pattern.finditer(rest)):
            value = _date_value(m, where, language)
            if value is not None:
                out.append(Fact("date", value, m.group()))
                rest = _blank(rest, m.start(), m.end())
    for m in _NUMBER.finditer(rest):
        for value, start, end in _numbers(m.group(), language):
            written, tail = m.group()[start:end], rest[m.start() + end :]
            if p := _percent().match(tail):
                out.append(Fact("percent", f"{value}%", written + p.group()))
            elif s := (_SCALE.match(tail) or _SCALE_CJK.match(tail)):
                scaled = _scaled(value, _SCALES[s.group(1)])
                out.append(Fact("number", scaled, written + s.group()))
            elif len(written) == 4 and re.fullmatch(r"(?:1[89]|2[01])\d\d", value):
                out.append(Fact("year", value, written))
            else:
                out.append(Fact("number", value, written))
    out.append(Fact("sentences", str(_sentences(text)), ""))
    return out
