"""One whitespace rule for check, the collation and the outputs (model/spacing.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from briefgen.errors import SourceError
from briefgen.importer.segment import segment
from briefgen.model.declaration import Declaration
from briefgen.model.spacing import collapse, compared
from briefgen.render.context import Context
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import edition_html
from briefgen.sources.capture import fold_words
from briefgen.sources.load import load, load_all
from tests.support.projects import line_of, make_work

NB = "\u00a0"
#: Our own words, as a web page gives them: a no-break space before each space after a stop.
EN = [
    f"The ports met at dawn.{NB} They agreed on three things.{NB} Each will act.",
    f"They will meet again next spring.{NB} The chair will write to each port.",
]
#: French typography: no-break spaces before ':' '?' '»', after '«' and in 10 000.
FR = [
    f"Les ports conviennent{NB}: chacun agira.{NB} Qui paiera{NB}? Les «{NB}grands{NB}» ports.",
    f"Ils investiront 10{NB}000 euros.{NB} Ils se reverront au printemps.",
]


def test_the_rule() -> None:
    assert collapse(f"end.{NB} Next  one \u202f x") == "end. Next one x"
    assert collapse(f"mot{NB}: 10{NB}000") == f"mot{NB}: 10{NB}000"  # lone ones stay
    assert compared(f"a{NB}b mot\u202f: «{NB}x{NB}» 10{NB}000") == (
        f"a b mot{NB}: «{NB}x{NB}» 10{NB}000"
    )
    assert fold_words(f"Qui paiera{NB}? Nous.{NB} Oui") == ["Qui", f"paiera{NB}?", "Nous.", "Oui"]


def work(root: Path, source: dict[str, list[str]], captured: dict[str, list[str]]) -> Path:
    """Write a work whose captures hold `captured` and whose source holds `source`."""
    path = make_work(root, captured, languages={"fr": "fr"})
    data = yaml.safe_load(path.read_text("utf-8"))
    for e, texts in source.items():
        for p, text in zip(data["paragraphs"], texts, strict=True):
            p["text"][e] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def problems(path: Path) -> list[str]:
    try:
        load(path, path.parents[1])
    except SourceError as err:
        return [str(p) for p in err.problems]
    return []


def test_import_writes_single_spaces_and_keeps_the_needed_no_break_spaces() -> None:
    seg = segment("\n\n".join(EN + FR) + "\n")
    texts = [p.text for p in seg.paragraphs]
    assert texts[0] == "The ports met at dawn. They agreed on three things. Each will act."
    assert texts[2] == (
        f"Les ports conviennent{NB}: chacun agira. Qui paiera{NB}? Les «{NB}grands{NB}» ports."
    )
    assert f"10{NB}000 euros. Ils" in texts[3]


def test_a_capture_with_a_no_break_space_before_each_space_checks_clean(tmp_path: Path) -> None:
    single = [collapse(t) for t in EN]
    assert f"{NB} " not in " ".join(single)
    # as captured, or as import writes it: both are the capture's wording
    for source in (EN, single):
        path = work(tmp_path / str(len(source[0])), {"en": source, "fr": FR}, {"en": EN, "fr": FR})
        assert problems(path) == []


def test_the_html_shows_single_spaces_and_the_french_no_break_spaces(tmp_path: Path) -> None:
    work(tmp_path, {"en": EN, "fr": FR}, {"en": EN, "fr": FR})  # the source as captured
    decl: Declaration = load_all(tmp_path / "sources", tmp_path)[0]
    ctx = Context(BUNDLED)
    en, fr = edition_html(decl, ("en",), ctx), edition_html(decl, ("fr",), ctx)
    assert "dawn. They agreed on three things. Each will act." in en
    for html in (en, fr):
        assert f"{NB} " not in html and "&nbsp; " not in html and "&#160; " not in html
    assert f"conviennent{NB}: chacun" in fr and f"10{NB}000" in fr and f"«{NB}grands{NB}»" in fr


def test_a_needed_no_break_space_is_compared(tmp_path: Path) -> None:
    """A text that drops a no-break space French needs differs from its capture."""
    changed = [FR[0].replace(f"conviennent{NB}:", "conviennent :"), FR[1]]
    path = work(tmp_path, {"fr": changed}, {"en": EN, "fr": FR})
    (found,) = problems(path)
    assert (
        "paragraphs[0].text.fr: para 1 (fr) differs from capture 'c-fr' only in a no-break "
        "space typography needs (French before : ; ? ! » and after «, between digit groups), "
        "which the capture has and the text lacks, or the other way round — write it as the "
        "capture does; first differing words: ': chacun agira." in found
    )


def test_a_missing_word_next_to_a_no_break_space_is_blamed(tmp_path: Path) -> None:
    changed = [FR[0].replace(f"ports conviennent{NB}:", f"ports{NB}:"), FR[1]]
    path = work(tmp_path, {"fr": changed}, {"en": EN, "fr": FR})
    line = line_of(path, "chacun agira")
    assert problems(path) == [
        f"sources/test-declaration.yaml:{line}: paragraphs[0].text.fr: para 1 (fr) differs "
        "from capture 'c-fr' at line 1 (the capture has: 'ports conviennent\u00a0: chacun "
        "agira. Qui paiera\u00a0? …') and no intervention or correction explains it; first "
        "differing words: 'ports\u00a0: chacun agira. Qui paiera\u00a0? Les «\u00a0grands\u00a0» "
        "ports.'"
    ]
