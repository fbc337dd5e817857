"""A capture's bytes become its text in one place (capture.decode), for import and check alike:
UTF-8 (a stray bad byte kept as U+FFFD), UTF-16 or UTF-32 by its byte-order mark; what is not
text is refused, by `check` as by `import`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from briefgen.errors import SourceError
from briefgen.sources.capture import NotText, decode, text_of
from briefgen.sources.load import load
from tests.support.projects import line_of, make_work

TEXT = "We, the valley councils, agree to share one weather station.\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_are_read_by_their_mark_which_is_not_text(codec: str) -> None:
    raw = "\ufeff".encode(codec) + TEXT.encode(codec)
    assert decode(raw) == TEXT
    page = f"<html><body><article><h1>Valley</h1><p>{TEXT}</p></article></body></html>"
    raw_page = "\ufeff".encode(codec) + page.encode(codec)
    assert TEXT.strip() in text_of(raw_page, "valley.html")  # a web page the same way


def test_a_stray_bad_byte_is_kept_as_lost_characters_but_many_are_refused() -> None:
    assert decode(TEXT.encode() + b"caf\xe9\n") == TEXT + "caf\ufffd\n"
    assert decode("\ufeffé".encode()) == "\ufeffé"  # UTF-8 with a mark reads as it always did
    with pytest.raises(NotText, match=r"12 bytes cannot be read as UTF-8 \(the first on line 2\)"):
        decode(TEXT.encode() + b"\xe9" * 12)


def test_check_refuses_a_capture_that_is_not_text_on_its_file_line(tmp_path: Path) -> None:
    path = make_work(tmp_path, {"en": ["We agree on one thing."]})
    capture = tmp_path / "sources" / "captures" / "en.txt"
    capture.write_bytes(b"We agree on one thing.\n\x00\x01\x02")
    data = yaml.safe_load(path.read_text("utf-8"))
    data["captures"][0]["sha256"] = hashlib.sha256(capture.read_bytes()).hexdigest()
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    with pytest.raises(SourceError) as err:
        load(path, tmp_path)
    line = line_of(path, "file: captures/en.txt")
    assert [str(p) for p in err.value.problems] == [
        f"sources/test-declaration.yaml:{line}: captures[0].file: captures/en.txt is not a "
        "text file: it holds NUL bytes (line 2), as a program, an image, a PDF, a "
        "word-processor file or UTF-16 without a byte-order mark does; save the capture as "
        "plain text (UTF-8) and import that"
    ]
