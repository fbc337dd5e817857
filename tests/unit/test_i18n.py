"""Messages in the text's language (briefgen.i18n): catalogues, fallbacks, CLDR dates and names."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from briefgen import i18n
from briefgen.errors import SourceError

ROOT = Path(__file__).resolve().parents[2]


def po(entries: str, lang: str, plural: str = "nplurals=2; plural=(n != 1);") -> str:
    return (
        'msgid ""\nmsgstr ""\n'
        f'"Language: {lang}\\n"\n"Plural-Forms: {plural}\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n' + entries
    )


@pytest.fixture(autouse=True)
def fresh() -> None:
    i18n.forget()


def test_english_is_the_messages_themselves() -> None:
    m = i18n.messages("en")
    assert m._("Cite as") == "Cite as"
    assert m._("briefgen edition {version}", version="1.0.0") == "briefgen edition 1.0.0"
    assert m.n_("{n} word", "{n} words", 1) == "1 word"
    assert m.n_("{n} word", "{n} words", 3) == "3 words"


def test_a_project_catalogue_overrides_and_the_language_counts_its_own_plurals(
    tmp_path: Path,
) -> None:
    (tmp_path / "locale").mkdir()
    ru_plural = (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    )
    (tmp_path / "locale" / "ru.po").write_text(
        po(
            'msgid "{n} word"\nmsgid_plural "{n} words"\n'
            'msgstr[0] "{n} слово"\nmsgstr[1] "{n} слова"\nmsgstr[2] "{n} слов"\n\n'
            'msgid "Cite as {title}"\nmsgstr "Ссылка: {title}"\n',
            "ru",
            ru_plural,
        ),
        "utf-8",
    )
    m = i18n.messages("ru", tmp_path)
    assert [m.n_("{n} word", "{n} words", n) for n in (1, 3, 5, 21)] == [
        "1 слово",
        "3 слова",
        "5 слов",
        "21 слово",
    ]
    assert m._("Cite as {title}", title="Декларация") == "Ссылка: Декларация"
    assert m._("A message no catalogue has") == "A message no catalogue has"  # English fills


def test_a_language_briefgen_does_not_ship_takes_the_projects_catalogue(tmp_path: Path) -> None:
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "de.po").write_text(po('msgid "Source"\nmsgstr "Quelle"\n', "de"))
    assert i18n.messages("de-CH", tmp_path)._("Source") == "Quelle"
    assert i18n.messages("de")._("Source") == "Source"  # no project: English


def test_a_broken_catalogue_is_one_line_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "fr.po").write_text('msgid "Source"\nmsgstr "Source\n', "utf-8")
    with pytest.raises(SourceError) as caught:
        i18n.messages("fr", tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'locale' / 'fr.po'}") and "\n" not in message


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("en", "4 July 2024"),
        ("fr", "4 juillet 2024"),
        ("es", "4 de julio de 2024"),
        ("ru", "4 июля 2024\u202fг."),
        ("zh", "2024年7月4日"),
        ("ar", "4 يوليو 2024"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(lang: str, written: str) -> None:
    assert i18n.messages(lang).date(date(2024, 7, 4)) == written


def test_names_directions_and_numbers_come_from_cldr() -> None:
    fr, ar = i18n.messages("fr"), i18n.messages("ar")
    assert fr.language("zh") == "chinois" and fr.country("gh") == "Ghana"
    assert (ar.dir, fr.dir, ar.rtl) == ("rtl", "ltr", True)
    assert fr.number(1234.5) == "1\u202f234,5"


def test_the_catalogues_are_up_to_date_and_translated() -> None:
    """Every message of the code is in every shipped catalogue, translated, placeholders kept."""
    found = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "messages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 0, found.stderr
