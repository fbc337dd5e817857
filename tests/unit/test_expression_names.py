"""A text names the work's place, issuer and adoption in its own words (`expressions[].place`,
`issuer`, `adoption`): its edition and its citations print them; the other texts keep the
work's. The texts are our own words."""

from __future__ import annotations

from pathlib import Path

import yaml

from briefgen.documents import citation
from briefgen.documents.edition import edition as edition_view
from briefgen.i18n import messages
from briefgen.model.declaration import Declaration
from briefgen.render.context import Context
from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import edition_html
from briefgen.sources.load import load_all
from tests.support.projects import make_work


def declaration(tmp_path: Path, **named: str) -> Declaration:
    texts = {"en": ["We meet by the sea."], "fr": ["Nous nous réunissons au bord de la mer."]}
    path = make_work(tmp_path, texts, languages={"en": "en", "fr": "fr"})
    data = yaml.safe_load(path.read_text("utf-8"))
    data["expressions"][1].update(named)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_all(tmp_path / "sources", tmp_path)[0]


def test_a_text_prints_the_place_and_issuer_as_it_names_them(tmp_path: Path) -> None:
    decl = declaration(tmp_path, place="Genève", issuer="Conférence d'essai")
    fr = edition_html(decl, ("fr",), Context(BUNDLED))
    assert "Conférence d'essai, Genève, 4 juillet 2024" in fr.replace("&#39;", "'")
    assert "Geneva" not in fr
    en = edition_html(decl, ("en",), Context(BUNDLED))
    assert "A Test Conference, Geneva, 4 July 2024" in en
    said = citation.citation(messages("fr"), decl, "1", "fr")
    assert said.startswith("Test Declaration (fr) (Genève, 4 juillet 2024)")
    assert citation.csl_item(decl, "fr")["event-place"] == "Genève"
    assert "AU  - Conférence d'essai" in citation.ris(decl, ["fr"])
    assert "location = {Genève}" in citation.bibtex(decl, ["fr", "en"])
    assert "location = {Geneva}" in citation.bibtex(decl, ["fr", "en"])
    assert edition_view(decl, "fr").author == "Conférence d'essai"


def test_a_text_may_phrase_the_adoption_itself(tmp_path: Path) -> None:
    decl = declaration(tmp_path, adoption="Adoptée par les villes côtières")
    fr = edition_html(decl, ("fr",), Context(BUNDLED))
    assert "Adoptée par les villes côtières, Geneva, 4 juillet 2024" in fr


def test_a_docx_edition_defaults_its_runs_to_the_texts_language(tmp_path: Path) -> None:
    import io

    import docx

    from briefgen.render.docx import renderer as docx_renderer

    decl = declaration(tmp_path)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for expr, attr, value in (("fr", "val", "fr"), ("en", "val", "en-US")):
        doc = docx.Document(io.BytesIO(docx_renderer.edition(decl, (expr,), Context(BUNDLED))))
        lang = doc.styles.element.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}lang")
        assert lang.get(f"{w}{attr}") == value, expr


def test_a_docx_property_past_255_characters_is_cut_at_a_word() -> None:
    from briefgen.render.docx.document import PROPERTY_LIMIT, fit_property

    issuers = ", ".join(f"The Standing Committee of Coastal Town {n}" for n in range(12))
    cut = fit_property(issuers)
    assert len(cut) <= PROPERTY_LIMIT and cut.endswith("…")
    assert issuers.startswith(cut[:-1]) and not cut[:-1].endswith(("Tow", ","))
    assert fit_property("A Test Conference") == "A Test Conference"
