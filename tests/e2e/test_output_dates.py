"""What a DOCX's properties and ZIP entries can hold: a work's own facts always build.

A ZIP entry's date holds only 1980 to 2107, and a DOCX core property at most 255 characters;
neither is a reason to refuse a declaration adopted in 1948, an edition dated outside those
years, or a long official title. The ZIP entries take the nearest date they hold; the
properties keep the true date, and a title property is shortened with "…" while the document
prints the title whole.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from briefgen.cli import app
from tests.support.projects import make_work

#: An official title over 255 characters, in our own words.
LONG_TITLE = (
    "Declaration of the Fourth Intergovernmental Conference on the Conservation, Sustainable "
    "Use and Equitable Sharing of the Benefits of Coastal, Estuarine and Inland Water "
    "Resources, Including Wetlands, Mangroves and Seagrass Meadows, in the Context of a "
    "Changing Climate and of Regional Cooperation"
)


def _docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edition_date: str, title: str = "Test"
) -> Path:
    """Build the DOCX edition of a work adopted in 1948, whose edition has the date given."""
    path = make_work(
        tmp_path, {"en": ["We affirm the first thing.", "We agree."]}, titles={"en": title}
    )
    data = yaml.safe_load(path.read_text("utf-8"))
    data["work"]["adopted"] = "1948-12-10"
    data["edition"]["date"] = edition_date
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "-f", "docx", "-k", "edition", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    (out,) = (tmp_path / "build" / "test-declaration").glob("edition-*.docx")
    return out


@pytest.mark.parametrize(
    ("edition_date", "zip_date"),
    [("1975-11-21", (1980, 1, 1)), ("2110-03-04", (2107, 12, 31))],
)
def test_a_1948_declaration_builds_with_any_edition_date(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edition_date: str,
    zip_date: tuple[int, int, int],
) -> None:
    out = _docx(tmp_path, monkeypatch, edition_date)
    with zipfile.ZipFile(out) as package:
        stamps = {info.date_time for info in package.infolist()}
    assert stamps == {(*zip_date, 0, 0, 0)}
    props = docx.Document(str(out)).core_properties
    assert props.created is not None
    assert props.created.date().isoformat() == edition_date  # the true date, not the ZIP's


def test_a_long_title_is_shortened_only_in_the_title_property(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(LONG_TITLE) > 255
    out = _docx(tmp_path, monkeypatch, "2026-01-02", LONG_TITLE)
    document = docx.Document(str(out))
    title = document.core_properties.title
    assert len(title) <= 255
    assert title.endswith("…")
    assert LONG_TITLE.startswith(title.removesuffix("…"))
    assert LONG_TITLE in "\n".join(p.text for p in document.paragraphs)
