"""A project as a user makes it: briefgen.toml, house style file by file, Word house style."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from briefgen.render.html.jinja import BUNDLED
from briefgen.render.html.renderer import screen_css
from tests.support.projects import run_cli

WORK = "example-declaration"
RED_HEADINGS = "\nh1.title, h1.headline, .doc-h2 { color: #ff0000; }\n"


def pdf_text(pdf: Path, page: int) -> str:
    at = str(page)
    return subprocess.run(
        ["pdftotext", "-f", at, "-l", at, str(pdf), "-"], capture_output=True, text=True
    ).stdout


def _new(folder: Path) -> Path:
    result = run_cli("new", str(folder), cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    return folder


def _red_pixels(pdf: Path, tmp: Path, page: int = 1) -> int:
    """Count the clearly red pixels of a page of a PDF (its first), rendered by poppler."""
    at = str(page)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", at, "-l", at, str(pdf), str(tmp / "page")],
        check=True,
    )
    (png,) = tmp.glob("page*.png")
    image = Image.open(png).convert("RGB")
    red = [p for p in image.get_flattened_data() if p[0] > 200 and p[1] < 80 and p[2] < 80]
    png.unlink()
    return len(red)


@pytest.fixture(scope="module")
def styled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A new project built, then given only templates/common.css with red headings and built
    again; return the project and the two builds' output lines."""
    root = _new(tmp_path_factory.mktemp("styled") / "demo")
    first = run_cli("build", "-f", "html", "-f", "pdf", cwd=root)
    assert first.returncode == 0, first.stderr
    (root / "plain.pdf").write_bytes((root / "build" / WORK / "edition-en.pdf").read_bytes())
    (root / "templates").mkdir()
    common = (BUNDLED / "common.css").read_text("utf-8") + RED_HEADINGS
    (root / "templates" / "common.css").write_text(common, "utf-8")
    second = run_cli("build", "-f", "html", "-f", "pdf", cwd=root)
    assert second.returncode == 0, second.stderr
    return root, first.stdout, second.stdout


def test_a_common_css_override_gives_red_headings_and_the_bundled_rest(
    styled: tuple[Path, str, str], tmp_path: Path
) -> None:
    root, _, _ = styled
    html = (root / "build" / WORK / "edition-en.html").read_text("utf-8")
    assert RED_HEADINGS.strip() in html
    bundled_edition_css = screen_css((BUNDLED / "edition.css").read_text("utf-8"))
    assert bundled_edition_css.strip() in html  # the rest is bundled (as a screen page has it)
    title = "Example Declaration on Open Reading Rooms"
    assert f'<h1 class="title" id="top" data-block="heading">{title}</h1>' in html
    assert _red_pixels(root / "plain.pdf", tmp_path) == 0
    assert _red_pixels(root / "build" / WORK / "edition-en.pdf", tmp_path) > 50
    assert _red_pixels(root / "build" / WORK / "brief.pdf", tmp_path) > 50
    # the pack's cover, its contents and a part of its own (the provenance appendix, last)
    pack = root / "build" / WORK / "pack.pdf"
    last = len(PdfReader(pack).pages)
    provenance = next(n for n in range(1, last + 1) if "Appendix: provenance" in pdf_text(pack, n))
    for page in (1, 2, provenance):
        assert _red_pixels(pack, tmp_path, page) > 50, page


def test_a_changed_override_rebuilds_what_it_affects(styled: tuple[Path, str, str]) -> None:
    _, first, second = styled
    assert first.splitlines()[-1] == "wrote 8 file(s), 0 unchanged, and build/manifest.json"
    # every page and PDF again; the citation records do not use templates
    assert second.splitlines()[-1] == "wrote 5 file(s), 3 unchanged, and build/manifest.json"


def test_templates_list_shows_where_each_file_comes_from(styled: tuple[Path, str, str]) -> None:
    root, _, _ = styled
    result = run_cli("templates", "--list", cwd=root / "sources")  # from a subfolder
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}
    assert rows["common.css"] == ["project", str(root / "templates" / "common.css")]
    assert rows["edition.css"] == ["bundled", str(BUNDLED / "edition.css")]
    assert rows["reference.docx"][0] == "bundled"
    assert set(rows) == {p.name for p in BUNDLED.iterdir()} | {"reference.docx"}


def test_templates_copy_starts_from_the_bundled_file_and_never_overwrites(tmp_path: Path) -> None:
    root = _new(tmp_path / "demo")
    assert run_cli("templates", "--copy", "brief.css", cwd=root).returncode == 0
    copied = root / "templates" / "brief.css"
    assert copied.read_bytes() == (BUNDLED / "brief.css").read_bytes()
    copied.write_text("/* mine */", "utf-8")
    again = run_cli("templates", "--copy", "brief.css", cwd=root)
    assert again.returncode == 1
    assert again.stderr == (
        "error: templates/brief.css: already exists; briefgen does not overwrite it\n"
    )
    assert copied.read_text("utf-8") == "/* mine */"
    unknown = run_cli("templates", "--copy", "site.css", cwd=root)
    assert unknown.returncode == 1 and "no bundled template 'site.css'" in unknown.stderr


def test_a_reference_docx_restyles_every_docx_output(tmp_path: Path) -> None:
    root = _new(tmp_path / "demo")
    assert run_cli("templates", "--copy", "reference.docx", cwd=root).returncode == 0
    reference = docx.Document(str(root / "templates" / "reference.docx"))
    assert reference.styles["Heading 1"].font.name == "Noto Sans"  # briefgen's, to edit
    reference.styles["Heading 1"].font.name = "DejaVu Sans Mono"
    reference.sections[0].left_margin = docx.shared.Mm(40)
    for lacking in ("Subtitle", "Edition Note"):  # Word keeps only the styles a file uses
        element = reference.styles[lacking].element
        element.getparent().remove(element)
    house = tmp_path / "house.docx"
    reference.save(str(house))

    plain = run_cli("build", "-f", "docx", "-o", "plain", cwd=root)
    assert plain.returncode == 0, plain.stderr
    styled = run_cli("build", "-f", "docx", "--reference-docx", str(house), cwd=root)
    assert styled.returncode == 0, styled.stderr
    made = sorted((root / "build" / WORK).glob("*.docx"))
    assert [p.name for p in made] == ["brief.docx", "edition-en.docx", "pack.docx"]
    for path in made:
        document = docx.Document(str(path))
        assert document.styles["Heading 1"].font.name == "DejaVu Sans Mono", path.name
        if path.name != "brief.docx":  # the one-page brief sets its own margins, as in PDF
            assert round(document.sections[0].left_margin.mm) == 40, path.name
        assert document.paragraphs[0].text, path.name  # content, not the reference's samples
        assert "Heading 1" not in [p.text for p in document.paragraphs]
        used = {p.style.name for p in document.paragraphs}
        assert {"Subtitle", "Edition Note"} & used, path.name  # added as briefgen has them
        before = docx.Document(str(root / "plain" / WORK / path.name))
        assert before.styles["Heading 1"].font.name == "Noto Sans"

    missing = run_cli("build", "-f", "docx", "--reference-docx", "nope.docx", cwd=root)
    assert missing.returncode == 1
    assert missing.stderr == "error: --reference-docx: 'nope.docx' not found\n"


def test_the_project_file_sets_defaults_from_any_subfolder(tmp_path: Path) -> None:
    root = _new(tmp_path / "demo")
    toml = root / "briefgen.toml"
    toml.write_text(
        toml.read_text("utf-8") + '\nformats = ["pdf", "docx"]\nout = "site"\npaper = "Letter"\n',
        "utf-8",
    )
    (root / "notes").mkdir()
    result = run_cli("build", "--work", WORK, cwd=root / "notes")
    assert result.returncode == 0, result.stderr
    out = root / "site" / WORK
    assert {p.suffix for p in out.iterdir()} == {".pdf", ".docx", ".json", ".bib", ".ris"}
    for pdf in ("edition-en.pdf", "brief.pdf", "pack.pdf"):
        box = PdfReader(out / pdf).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792), pdf  # Letter
    for name in ("edition-en.docx", "brief.docx"):
        section = docx.Document(str(out / name)).sections[0]
        assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (
            8.5,
            11.0,
        )

    # the command line overrides the file
    html = run_cli("build", "-f", "html", "-o", "web", cwd=root)
    assert html.returncode == 0, html.stderr
    page = root / "web" / WORK / "edition-en.html"
    assert page.is_file()  # screen pages carry no @page size: the paper is the PDF's and DOCX's
    a4 = run_cli("build", "-f", "html", "-o", "web", "--paper", "a4", cwd=root)
    assert a4.stdout.splitlines()[-1] == "wrote 0 file(s), 5 unchanged, and web/manifest.json"


def test_an_unknown_or_bad_key_names_the_file_and_line(tmp_path: Path) -> None:
    root = _new(tmp_path / "demo")
    toml = root / "briefgen.toml"
    text = toml.read_text("utf-8")
    toml.write_text(text + 'output = "site"\njobs = 0\n', "utf-8")
    lines = len(text.splitlines())
    result = run_cli("build", cwd=root / "sources")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {toml}:{lines + 1}: output: unknown key (briefgen.toml knows formats, out, "
        "sources, jobs, templates, reference-docx, paper, lang, pair, executor, scheduler)",
        f"error: {toml}:{lines + 2}: jobs: a whole number of processes, 1 or more",
    ]
    assert not (root / "build").exists()


def test_a_project_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    # Windows editors save "UTF-8" with a byte-order mark; TOML saw it as "Invalid statement".
    root = _new(tmp_path / "demo")
    toml = root / "briefgen.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes() + b'\npaper = "Letter"\n')
    result = run_cli("check", cwd=root)
    assert result.returncode == 0, result.stderr
