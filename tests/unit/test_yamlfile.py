"""The YAML reader: bounds, refusals and line numbers, on small files written in the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import SourceError
from briefgen.sources import yamlfile


def read_error(path: Path, text: str | bytes) -> str:
    if isinstance(text, str):
        path.write_text(text, "utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(SourceError) as err:
        yamlfile.read(path, "sources/x.yaml")
    return str(err.value)


def test_data_and_text_come_back(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("work:\n  id: w\nparagraphs:\n  - id: p1\n    text: {en: Hello}\n", "utf-8")
    data, text = yamlfile.read(path, "sources/x.yaml")
    assert data == {"work": {"id": "w"}, "paragraphs": [{"id": "p1", "text": {"en": "Hello"}}]}
    assert yamlfile.line_of(text, ("paragraphs", 0, "text", "en")) == 5
    assert yamlfile.line_of(text, ("work", "id")) == 2
    assert yamlfile.line_of(text, ("work", "missing")) == 2  # where its parent's value is
    assert yamlfile.parse_loc("paragraphs[3].text.en-xinhua") == (
        "paragraphs",
        3,
        "text",
        "en-xinhua",
    )


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    assert "file is empty" in read_error(tmp_path / "x.yaml", "  \n")


def test_a_file_over_the_size_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 10)
    assert "too large (13 bytes; the limit is 10)" in read_error(
        tmp_path / "x.yaml", "a: 123456789\n"
    )


def test_a_duplicate_key_is_refused_at_its_line(tmp_path: Path) -> None:
    message = read_error(tmp_path / "x.yaml", "work:\n  id: a\n  title: T\n  id: b\n")
    assert "sources/x.yaml:4" in message and "id" in message


def test_not_utf8_is_located(tmp_path: Path) -> None:
    message = read_error(tmp_path / "x.yaml", b"a: 1\nb: caf\xe9\n")
    assert "sources/x.yaml:2" in message
    assert "not UTF-8 (byte 0xe9 at offset 11); save the file as UTF-8" in message


def test_tags_and_control_characters_are_refused(tmp_path: Path) -> None:
    assert "sources/x.yaml:2" in read_error(tmp_path / "x.yaml", "a: 1\nb: !!python/tuple [1]\n")
    assert "sources/x.yaml:2" in read_error(tmp_path / "y.yaml", 'a: 1\nb: "bell\\a"\n')


def test_nesting_past_the_bound_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "MAX_DEPTH", 3)
    assert "sources/x.yaml" in read_error(tmp_path / "x.yaml", "a: [[[[1]]]]\n")
