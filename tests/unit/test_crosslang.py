"""What must survive translation: the facts found in one text, and the differences found
between the six-language fixture's texts (tests/support/six.py), pair by pair."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest

from briefgen.model.crosslang import Difference, differences
from briefgen.model.facts import facts
from briefgen.model.names import fold
from briefgen.sources.load import load
from tests.support.six import FRENCH_DIFFERENCES, TEXTS, six_language_work


def found(text: str, language: str, kind: str | None = None) -> list[tuple[str, str]]:
    return [
        (f.kind, f.value)
        for f in facts(text, language)
        if f.kind != "sentences" and kind in (None, f.kind)
    ]


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("six")
    return load(six_language_work(root), root)


def as_rows(
    diffs: list[Difference], a: str, b: str
) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (d.number, d.kind, (d.values[a] or (None,))[0], (d.values[b] or (None,))[0]) for d in diffs
    ]


def test_french_against_english_finds_the_country_number_and_year_and_nothing_else(six) -> None:  # type: ignore[no-untyped-def]
    assert as_rows(differences(six, ["en", "fr"]), "en", "fr") == FRENCH_DIFFERENCES


@pytest.mark.parametrize("pair", list(permutations(TEXTS, 2)), ids="-".join)
def test_every_pair_finds_only_what_french_changed(six, pair: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    a, b = pair
    diffs = differences(six, [a, b])
    if "fr" not in pair:
        assert diffs == []
        return
    other = b if a == "fr" else a
    assert as_rows(diffs, other, "fr") == FRENCH_DIFFERENCES


def test_all_six_texts_name_the_french_as_the_odd_one(six) -> None:  # type: ignore[no-untyped-def]
    diffs = differences(six, list(TEXTS))
    assert [(d.place, d.kind, d.key) for d in diffs] == [
        ("2", "country", "GH"),
        ("3", "number", None),
        ("4", "year", None),
    ]
    assert diffs[0].lacking() == ["fr"]
    assert diffs[1].values == {e: ("45",) if e == "fr" else ("40",) for e in TEXTS}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("in Port Lumen on 12 May 2026", "en"),
        ("à Port Lumen le 12 mai 2026", "fr"),
        ("en Port Lumen el 12 de mayo de 2026", "es"),
        ("в Порт-Люмене 12 мая 2026 года", "ru"),
        ("于2026年5月12日在卢门港", "zh"),
        ("في بورت لومن في 12 مايو 2026", "ar"),
        ("On May 12, 2026", "en"),
    ],
)
def test_a_date_is_one_fact_whatever_the_language_and_its_parts_are_not_numbers(
    text: str, language: str
) -> None:
    assert found(text, language) == [("date", "2026-05-12")]


def test_month_and_year_without_a_day() -> None:
    assert found("в мае 2026 года", "ru") == [("date", "2026-05")]
    assert found("in May 2026", "en") == [("date", "2026-05")]


def test_numbers_in_any_script_and_each_languages_separators() -> None:
    assert found("٤٠ عوامة و١٬٠٠٠ و٢٫٥", "ar") == [
        ("number", "40"),
        ("number", "1000"),
        ("number", "2.5"),
    ]
    assert found("1,000.25 and 2,5", "en") == [
        ("number", "1000.25"),
        ("number", "2"),
        ("number", "5"),
    ]
    assert found("1 000 et 2,5", "fr") == [("number", "1000"), ("number", "2.5")]
    assert found("1\u202f000 et 2,5", "fr") == [("number", "1000"), ("number", "2.5")]
    assert found("1.000 y 2,5", "es") == [("number", "1000"), ("number", "2.5")]
    assert found("en 2019, 2020", "fr") == [("year", "2019"), ("year", "2020")]


def test_percentages_and_amounts() -> None:
    assert found("12.5% and 40 per cent", "en") == [("percent", "12.5%"), ("percent", "40%")]
    assert found("12,5 % et 40 pour cent", "fr") == [("percent", "12.5%"), ("percent", "40%")]
    assert found("٢٫٥ ٪ و45 في المائة", "ar") == [("percent", "2.5%"), ("percent", "45%")]
    assert found("40 million", "en") == found("40 millions", "fr") == [("number", "40000000")]
    assert found("4000万", "zh") == found("40 млн", "ru") == [("number", "40000000")]
    assert found("2.5 billion", "en") == [("number", "2500000000")]


def test_country_names_in_each_language_and_script() -> None:
    assert found("Viet Nam, le Chili et la Norvège", "fr") == [
        ("country", "VN"),
        ("country", "CL"),
        ("country", "NO"),
    ]
    assert found("Вьетнамом, Ганой, Норвегией и Чили", "ru") == [
        ("country", "VN"),
        ("country", "GH"),
        ("country", "NO"),
        ("country", "CL"),
    ]
    assert found("Республикой Корея и Соединенными Штатами Америки", "ru") == [
        ("country", "KR"),
        ("country", "US"),
    ]
    assert found("تشيلي وغانا والنرويج وفيتنام وللنرويج وبالصين", "ar") == [
        ("country", c) for c in ("CL", "GH", "NO", "VN", "NO", "CN")
    ]
    assert found("智利、加纳、挪威和越南", "zh") == [
        ("country", c) for c in ("CL", "GH", "NO", "VN")
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("in Arabic, Chinese, English, French, Russian and Spanish", "en"),
        ("en anglais, arabe, chinois, espagnol, français et russe", "fr"),
        ("en árabe, chino, español, francés, inglés y ruso", "es"),
        ("на английском, арабском, испанском, китайском, русском и французском языках", "ru"),
        ("以阿拉伯文、中文、英文、法文、俄文和西班牙文写成", "zh"),
        ("باللغات الإسبانية والإنكليزية والروسية والصينية والعربية والفرنسية", "ar"),
        ("the Indian Ocean", "en"),
        ("印度洋", "zh"),
        ("Индийский океан, Ганг, Кубок", "ru"),
        ("Papua New Guinea", "en"),
    ],
)
def test_languages_oceans_and_common_words_are_not_countries(text: str, language: str) -> None:
    assert all(kind != "country" for kind, _ in found(text, language)) or text == "Papua New Guinea"
    if text == "Papua New Guinea":
        assert found(text, language) == [("country", "PG")]


def test_sentences_count_and_abbreviations_do_not_end_one() -> None:
    counts = [
        f.value
        for f in facts("The U.N. met. No. 5 was there. It ended.", "en")
        if f.kind == "sentences"
    ]
    assert counts == ["3"]
    assert [f.value for f in facts("会议开始。会议结束。", "zh") if f.kind == "sentences"] == ["2"]


def test_fold_keeps_the_russian_short_i_and_drops_marks() -> None:
    assert fold("Китай Viêt Nam ё أبريل") == "Китай Viet Nam е ابريل"


def test_glossary_terms_and_list_items(tmp_path: Path) -> None:
    from tests.support.projects import make_work

    path = make_work(
        tmp_path,
        {"en": ["We ask the WMO to act:", "Done."], "fr": ["Nous demandons d'agir :", "Fait."]},
        languages={"en": "en", "fr": "fr"},
        items={
            1: [
                ("a", {"en": "first 3;", "fr": "premier 4 ;"}),
                ("b", {"en": "second.", "fr": None}),
            ]
        },
    )
    text = path.read_text("utf-8") + (
        "glossary:\n  - id: wmo\n    term: WMO\n    sense: the organisation\n"
        "    renderings:\n      en: [WMO]\n      fr: [OMM]\n"
    )
    path.write_text(text, "utf-8")
    decl = load(path, tmp_path)
    diffs = differences(decl, ["en", "fr"])
    assert [(d.place, d.kind, d.values) for d in diffs] == [
        ("1", "term", {"en": ("wmo",), "fr": ()}),
        ("1", "items", {"en": ("2",), "fr": ("1",)}),
        ("1(a)", "number", {"en": ("3",), "fr": ("4",)}),
    ]


def test_the_project_pair_key(tmp_path: Path) -> None:
    from briefgen.project import ProjectError
    from briefgen.project import load as load_project

    (tmp_path / "briefgen.toml").write_text('pair = ["fr", "en"]\n', "utf-8")
    assert load_project(tmp_path).pair == ("fr", "en")
    (tmp_path / "briefgen.toml").write_text('formats = ["pdf"]\npair = "fr"\n', "utf-8")
    with pytest.raises(ProjectError) as err:
        load_project(tmp_path)
    assert [str(p) for p in err.value.problems] == [
        'briefgen.toml:2: pair: two or more expression ids, e.g. "fr,en" or ["fr", "en"]'
    ]
