"""Names in any language: folding text for matching, and CLDR's country and territory names.

Pure functions over Babel's CLDR data (no I/O beyond Babel's own bundled data).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0640": None})
_ARABIC = str.maketrans({"\u0649": "\u064a"})  # alif maqsura written as ya


def fold(text: str) -> str:
    """Return text without accents or vowel marks and with one apostrophe, in NFC.

    Names are matched on folded text, so "Viet Nam" meets CLDR's "Viêt Nam" and "أبريل"
    meets "ابريل"; digits, letters and case are kept.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_QUOTES))
    kept = [
        c
        for i, c in enumerate(decomposed)
        if unicodedata.category(c) != "Mn" or (c == "\u0306" and decomposed[i - 1] in "иИ")
    ]  # "й" is a letter of its own, not "и" with a mark
    return unicodedata.normalize("NFC", "".join(kept)).translate(_ARABIC)


def base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


@cache
def locale(language: str) -> Locale | None:
    try:
        return Locale.parse(base_language(language))
    except (UnknownLocaleError, ValueError):
        return None


# ----------------------------------------------------------------------------- countries

#: CLDR codes that are not a country or territory a text names (groupings, pseudo-regions).
_NOT_TERRITORIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
#: Names CLDR does not give but declarations use: UN short names and common forms.
ALIASES: dict[str, dict[str, str]] = {
    "en": {
        "Viet Nam": "VN",
        "Russian Federation": "RU",
        "Republic of Korea": "KR",
        "Democratic People's Republic of Korea": "KP",
        "Czech Republic": "CZ",
        "Ivory Coast": "CI",
        "Cabo Verde": "CV",
        "Democratic Republic of the Congo": "CD",
        "Republic of the Congo": "CG",
        "Congo": "CG",
        "Syrian Arab Republic": "SY",
        "Lao People's Democratic Republic": "LA",
        "Turkey": "TR",
        "Swaziland": "SZ",
        "State of Palestine": "PS",
        "Palestine": "PS",
        "Holy See": "VA",
        "Hong Kong": "HK",
        "Macao": "MO",
        "Macau": "MO",
    },
    "fr": {
        "Viet Nam": "VN",
        "Fédération de Russie": "RU",
        "République de Corée": "KR",
        "République populaire démocratique de Corée": "KP",
        "République tchèque": "CZ",
        "Türkiye": "TR",
        "République démocratique du Congo": "CD",
        "Congo": "CG",
        "République arabe syrienne": "SY",
        "République démocratique populaire lao": "LA",
        "État de Palestine": "PS",
        "Saint-Siège": "VA",
        "Cabo Verde": "CV",
        "Hong Kong": "HK",
    },
    "es": {
        "Viet Nam": "VN",
        "Federación de Rusia": "RU",
        "República de Corea": "KR",
        "República Popular Democrática de Corea": "KP",
        "República Checa": "CZ",
        "Türkiye": "TR",
        "República Democrática del Congo": "CD",
        "Congo": "CG",
        "República Árabe Siria": "SY",
        "República Democrática Popular Lao": "LA",
        "Estado de Palestina": "PS",
        "Santa Sede": "VA",
        "Hong Kong": "HK",
    },
    "ru": {
        "Российская Федерация": "RU",
        "Корейская Народно-Демократическая Республика": "KP",
        "Соединенное Королевство": "GB",
        "Чешская Республика": "CZ",
        "Демократическая Республика Конго": "CD",
        "Конго": "CG",
        "Сирийская Арабская Республика": "SY",
        "Государство Палестина": "PS",
        "Святой Престол": "VA",
        "Кот-д'Ивуар": "CI",
        "Гонконг": "HK",
    },
    "zh": {
        "中华人民共和国": "CN",
        "大韩民国": "KR",
        "美利坚合众国": "US",
        "联合王国": "GB",
        "刚果民主共和国": "CD",
        "刚果": "CG",
        "巴勒斯坦国": "PS",
        "巴勒斯坦": "PS",
        "教廷": "VA",
        "香港": "HK",
        "澳门": "MO",
    },
    "ar": {
        "الاتحاد الروسي": "RU",
        "جمهورية كوريا": "KR",
        "جمهورية كوريا الشعبية الديمقراطية": "KP",
        "جمهورية الكونغو الديمقراطية": "CD",
        "الكونغو": "CG",
        "الجمهورية العربية السورية": "SY",
        "دولة فلسطين": "PS",
        "فلسطين": "PS",
        "الكرسي الرسولي": "VA",
        "كوت ديفوار": "CI",
        "فييت نام": "VN",
        "تشيكيا": "CZ",
    },
}
#: Words that hold a country's name without naming it ("印度洋", the Indian Ocean).
NOT_NAMES: dict[str, tuple[str, ...]] = {"zh": ("印度洋",)}
_UNCASED = ("zh", "ja", "ko")
#: Russian endings a name's stem may take (noun and adjective declensions).
_RU_ENDINGS = (
    "ами|ями|ыми|ими|ого|его|ому|ему|ией|ой|ей|ою|ею|ом|ем|ам|ям|ах|ях|ов|ев|ые|ых|ым|ие|их|им"
    "|ая|ую|ое|ия|ии|ию|ью|а|я|у|ю|ы|и|е|о|ь|й"
)


def _ru_word(word: str) -> str:
    """Return a pattern for one word of a Russian name that takes its case endings."""
    head, _, last = word.rpartition("-")
    head = f"{re.escape(head)}-" if head else ""
    if not re.fullmatch(r"[А-Яа-яЁё]+", last):
        return head + re.escape(last)
    if re.search(r"(?:ые|ая|ое|ий|ый|ое)$", last) and len(last) > 5:
        stem = last[:-2]
    elif last[-1] in "аяьйы":
        stem = last[:-1]
    elif last[-1] in "иоуэюе":  # Чили, Мали, Того, Перу: indeclinable
        return head + re.escape(last)
    else:
        stem = last
    if len(stem) < 3:
        return head + re.escape(last)
    return f"{head}{re.escape(stem)}(?:{_RU_ENDINGS})?"


def _ar_name(name: str) -> str:
    """Return a pattern for an Arabic name with the prefixes joined to it (و, ف, ب, ل, ك)."""
    first, _, rest = name.partition(" ")
    tail = re.escape(" " + rest) if rest else ""
    if first.startswith("ال"):
        return rf"(?:[وف]?(?:[بك]?ال|لل)){re.escape(first[2:])}{tail}"
    return rf"[وف]?[بلك]?{re.escape(first)}{tail}"


def _name_pattern(name: str, language: str) -> str:
    base = base_language(language)
    if base in _UNCASED:  # "西班牙文" is Spanish, "中国人" Chinese: not the country
        return rf"{re.escape(name)}(?![文语人])"
    if base == "ar":
        body = _ar_name(name)
    elif base == "ru":
        body = " ".join(_ru_word(w) for w in name.split(" "))
    else:
        body = re.escape(name)
    return rf"(?<![\w-]){body}(?![\w-])"


@cache
def territories(language: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """Return one pattern of every territory name in a language (longest first) and codes."""
    loc = locale(language)
    if loc is None:
        return None
    names: dict[str, str] = {}
    for code, name in loc.territories.items():
        if len(code) != 2 or not code.isalpha() or code in _NOT_TERRITORIES:
            continue
        name = fold(name)
        names.setdefault(name, code)
        if m := re.fullmatch(r"(.+?) \((.+)\)", name):  # "Myanmar (Burma)"
            names.setdefault(m.group(1), code)
            names.setdefault(m.group(2), code)
    for name, code in ALIASES.get(base_language(language), {}).items():
        names.setdefault(fold(name), code)
    ordered = sorted(names, key=len, reverse=True)
    groups = [f"(?P<t{i}>{_name_pattern(n, language)})" for i, n in enumerate(ordered)]
    codes = {f"t{i}": names[n] for i, n in enumerate(ordered)}
    return re.compile("|".join(groups)), codes
