"""`make build`'s command on the bundled sources, with the five works edited from the excerpts
of capture 003 beside the Shanghai Declaration, and the bundled collection's matrix, theme
pages and pack: every citation in them is followed to the paragraph it names."""

from __future__ import annotations

import time
from pathlib import Path

import pikepdf
import pytest
import yaml

from tests.support.links import parsed, pdf_dests, pdf_links
from tests.support.pdf import pdf_text
from tests.support.projects import ROOT, run_cli

EXCERPTED = (
    "china-france-joint-statement",
    "global-ai-governance-initiative",
    "house-of-lords-ai-code",
    "icdppc-declaration",
    "shanghai-initiative",
)
COLLECTION = Path("collections/ai-governance")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled")
    started = time.monotonic()
    done = run_cli("build", "-f", "pdf", "-f", "html", "--out", str(out), cwd=ROOT)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert took < 240, f"the bundled build took {took:.0f} s"  # it takes well under a minute
    return out


def test_make_builds_command_builds_every_work_and_says_each_excerpt_is_one(out: Path) -> None:
    for work in EXCERPTED:
        made = sorted(p.name for p in (out / work).iterdir() if p.suffix != ".html")
        assert made == [
            "citations.bib",
            "citations.json",
            "citations.ris",
            "edition-en.pdf",
            "pack.pdf",
        ]
        edition = " ".join(pdf_text(out / work / "edition-en.pdf").split())
        assert "Partial capture: The capture gives" in edition
        assert "The original language is not stated in the captures." in edition
        pack = " ".join(pdf_text(out / work / "pack.pdf").split())
        assert "the text as far as its capture gives it" in pack and "full text" not in pack
    assert (out / "shanghai-declaration-2024" / "pack.pdf").exists()


def _assignments() -> int:
    """How many paragraphs and items the bundled sources assign to a theme."""

    def count(units: list[dict]) -> int:  # type: ignore[type-arg]
        return sum(bool(u.get("themes")) + count(u.get("items") or []) for u in units)

    collection = yaml.safe_load((ROOT / "sources" / f"{COLLECTION}.yaml").read_text("utf-8"))
    total = 0
    for work in collection["works"]:
        data = yaml.safe_load((ROOT / "sources" / f"{work}.yaml").read_text("utf-8"))
        total += count(data["paragraphs"])
    return total


@pytest.mark.parametrize("name", ["matrix.html", "themes.html"])
def test_every_citation_of_the_bundled_matrix_and_theme_pages_lands_on_its_paragraph(
    out: Path, name: str
) -> None:
    here = out / COLLECTION / name
    links = [h for h in parsed(here).hrefs if "#para-" in h]
    editions = {h.partition("#")[0] for h in links}
    assert len(editions) == 6, editions  # every work of the collection is cited
    assert len(set(links)) >= _assignments() > 10
    for href in links:
        file, _, fragment = href.partition("#")
        target = (here.parent / file).resolve()
        assert target.is_file(), href
        assert fragment in parsed(target).ids, href


@pytest.mark.parametrize("name", ["matrix.pdf", "themes.pdf"])
def test_every_citation_of_the_bundled_pdf_matrix_and_theme_pages_lands(
    out: Path, name: str
) -> None:
    with pikepdf.open(out / COLLECTION / name) as pdf:
        uris = [str(a.A.URI) for a in pdf_links(pdf) if "/A" in a and "/URI" in a.A]
    cited = [u for u in uris if "#para-" in u]
    assert len({u.partition("#")[0] for u in cited}) == 6
    for uri in cited:
        file, _, fragment = uri.partition("#")
        with pikepdf.open((out / COLLECTION / file).resolve()) as target:
            assert fragment in pdf_dests(target), uri


def test_every_internal_link_of_the_bundled_collection_pack_lands(out: Path) -> None:
    with pikepdf.open(out / COLLECTION / "pack.pdf") as pdf:
        dests = pdf_dests(pdf)
        internal = [str(a.Dest) for a in pdf_links(pdf) if "/Dest" in a]
        with pdf.open_outline() as outline:
            top = [item.title for item in outline.root]
    assert len(internal) >= _assignments()
    assert all(d in dests for d in internal), sorted(set(internal) - dests)[:5]
    assert "Theme matrix" in top and "Themes" in top
