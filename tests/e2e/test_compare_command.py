"""`briefgen compare`: what differs between texts in different languages, on the terminal and
as JSON, run as a user would on the six-language fixture (tests/support/six.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.projects import run_cli
from tests.support.six import FRENCH_DIFFERENCES, six_language_work


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("six")
    six_language_work(root)
    return root


def test_french_against_english_prints_the_country_number_and_year(six: Path) -> None:
    done = run_cli("compare", "port-lumen", "--pair", "fr,en", cwd=six)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "port-lumen: fr and en: 3 differences in 3 places",
        "para 2: Ghana (GH): named in en, absent in fr",
        "para 3: number: 45 in fr, 40 in en",
        "para 4: year: 2031 in fr, 2030 in en",
    ]


def test_a_faithful_pair_says_so(six: Path) -> None:
    done = run_cli("compare", "port-lumen", "--pair", "ar,zh", cwd=six)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "port-lumen: ar and zh agree on every number, date, name and count compared\n"
    )


def test_all_texts_by_default_and_the_odd_one_named(six: Path) -> None:
    done = run_cli("compare", "port-lumen", cwd=six)
    assert done.returncode == 0, done.stderr
    assert "para 2: Ghana (GH): named in en, es, ru, zh and ar, absent in fr" in done.stdout
    assert "para 3: number: 40 in en, es, ru, zh and ar; 45 in fr" in done.stdout


def test_the_project_key_chooses_the_pair(tmp_path: Path) -> None:
    six_language_work(tmp_path)
    (tmp_path / "briefgen.toml").write_text('pair = "en,es"\n', "utf-8")
    done = run_cli("compare", "port-lumen", cwd=tmp_path)
    assert done.stdout.startswith("port-lumen: en and es agree"), done.stderr


def test_json_has_a_stable_shape(six: Path) -> None:
    done = run_cli("compare", "port-lumen", "--pair", "en,fr", "--json", cwd=six)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["version"] == 1 and data["work"] == "port-lumen"
    assert data["expressions"] == [{"id": "en", "language": "en"}, {"id": "fr", "language": "fr"}]
    rows = [
        (d["place"], d["kind"], (d["values"]["en"] or [None])[0], (d["values"]["fr"] or [None])[0])
        for d in data["differences"]
    ]
    assert rows == FRENCH_DIFFERENCES
    assert data["differences"][0] == {
        "place": "2",
        "paragraph": "p2",
        "number": "2",
        "item": None,
        "kind": "country",
        "key": "GH",
        "values": {"en": ["GH"], "fr": []},
        "text": "para 2: Ghana (GH): named in en, absent in fr",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("compare", "port-lumen", "--pair", "en,xx"),
            "error: port-lumen has no expression 'xx' (expressions: en, fr, es, ru, zh, ar)\n",
        ),
        (("compare", "nope"), "error: sources: unknown work 'nope' (works: port-lumen)\n"),
        (
            ("compare", "port-lumen", "--pair", "en"),
            "error: --pair 'en': two or more expression ids, e.g. fr,en\n",
        ),
    ],
)
def test_unknown_work_or_expression_is_one_line_and_exit_1(
    six: Path, args: tuple[str, ...], message: str
) -> None:
    done = run_cli(*args, cwd=six)
    assert (done.returncode, done.stderr, done.stdout) == (1, message, "")


def test_build_pair_makes_the_comparison_of_just_those_texts(tmp_path: Path) -> None:
    six_language_work(tmp_path)
    done = run_cli("build", "--pair", "fr,en", "-k", "comparison", "-f", "html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in (tmp_path / "build" / "port-lumen").iterdir())
    assert made == ["comparison-fr-en.html"]
    page = (made and (tmp_path / "build" / "port-lumen" / made[0]).read_text("utf-8")) or ""
    assert "[Ghana (GH): named in Text en, absent in Text fr]" in page
    assert "Similarity is the share" not in page


def test_build_pair_naming_a_text_the_work_lacks_is_one_line(tmp_path: Path) -> None:
    six_language_work(tmp_path)
    done = run_cli("build", "--pair", "fr,de", "-k", "comparison", "-f", "html", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        1,
        "error: --pair fr,de: port-lumen has no expression 'de' "
        "(expressions: en, fr, es, ru, zh, ar)\n",
    )
    assert not (tmp_path / "build").exists()
