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


def test_scalars_are_replaced_in_place_in_their_own_style() -> None:
    text = (
        "# a comment that stays\n"
        "paragraphs:\n"
        '  - {id: été, number: "5"}   # flow, double quoted\n'
        "  - id: p2\n"
        "    number: 7    # plain\n"
        "  - id: p3\n"
        "    number: '9A'\n"
    )
    values = {("paragraphs", 0, "number"): "1", ("paragraphs", 1, "number"): "2",
              ("paragraphs", 2, "number"): "3"}  # fmt: skip
    assert yamlfile.replace_scalars(text, "sources/x.yaml", values) == (
        text.replace('"5"', '"1"').replace("7    #", "2    #").replace("'9A'", "'3'")
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("paragraphs:\n  - number: [1]\n", "write it as a plain value"),
        ("paragraphs:\n  - number: |\n      1\n", "write it as a plain value"),
        ("paragraphs:\n  - number:\n", "write it as a plain value"),
        ("x: &n 5\nparagraphs:\n  - number: *n\n", "write the value itself here"),
    ],
)
def test_a_value_not_written_out_is_not_rewritten(text: str, why: str) -> None:
    with pytest.raises(SourceError) as err:
        yamlfile.replace_scalars(text, "sources/x.yaml", {("paragraphs", 0, "number"): "1"})
    assert str(err.value).startswith("sources/x.yaml:")
    assert str(err.value).endswith(f"paragraphs[0].number: cannot be rewritten in place: {why}")
