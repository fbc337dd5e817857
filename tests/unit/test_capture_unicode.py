"""A capture and its source are compared after one folding: Unicode NFC, quotes, spaces."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml

from briefgen.errors import SourceError
from briefgen.sources.capture import fold
from briefgen.sources.collation_walk import CaptureText, words
from briefgen.sources.evidence import normalise
from briefgen.sources.load import load
from tests.support.projects import make_work

WORK = "lake-accord"
#: Our own words, with accents a capture may hold decomposed (e + U+0301).
PARAS = [
    "The delegates met at the café in Genève on a clear morning.",
    "They agreed to meet again at the “Château” next year.",
]


def project(root: Path, texts: list[str]) -> Path:
    """Write a work whose capture holds PARAS decomposed (NFD) and whose source has `texts`."""
    path = make_work(root, {"en": [unicodedata.normalize("NFD", p) for p in PARAS]}, work_id=WORK)
    data = yaml.safe_load(path.read_text("utf-8"))
    for p, text in zip(data["paragraphs"], texts, strict=True):
        p["text"]["en"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def problems(path: Path) -> list[str]:
    """Load one source as check does; return its problems as check prints them."""
    try:
        load(path, path.parents[1])
    except SourceError as err:
        return [str(p) for p in err.problems]
    return []


def test_one_folding_for_the_verbatim_check_and_the_collation() -> None:
    text = "Cafe\u0301 \u201cno\u00a0break\u201d \u2018it\u2019s\u2019"
    assert fold(text) == "Caf\u00e9 \"no break\" 'it's'"
    assert normalise(text) == " ".join(words(text)) == " ".join(CaptureText(text).words)


def test_a_capture_with_decomposed_characters_passes_check(tmp_path: Path) -> None:
    path = project(tmp_path, PARAS)
    capture = (tmp_path / "sources" / "captures" / "en.txt").read_text("utf-8")
    assert "e\u0301" in capture and "\u00e9" not in capture  # the fixture is what it says
    assert problems(path) == []


def test_a_real_difference_beside_them_is_blamed_on_its_word(tmp_path: Path) -> None:
    edited = PARAS[0].replace("Genève", "Geneva")
    path = project(tmp_path, [edited, PARAS[1]])
    line = path.read_text("utf-8").splitlines().index(f"    en: {edited}") + 1
    assert problems(path) == [
        f"sources/{WORK}.yaml:{line}: paragraphs[0].text.en: para 1 (en) differs from capture "
        "'c-en' at line 1 (the capture has: 'Genève on a clear morning. They …') and no "
        "intervention or correction explains it; first differing words: 'Geneva on a clear "
        "morning.'"
    ]
