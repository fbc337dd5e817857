"""The sizes briefgen reads and prints, in one place: check refuses anything larger.

Each limit is far above any real declaration and far below what would make a command take
minutes: a build must end, and `check` must refuse in seconds what `build` could not finish.
The importer refuses a capture over CAPTURE_BYTES too, so a capture it takes in, check takes.
docs/source-format.md ("Limits") states them for users.
"""

from __future__ import annotations

import re

#: The largest YAML file read: a source, a brief, a register, a collection (a source of a
#: few thousand paragraphs is well under 1 MB).
SOURCE_BYTES = 8 * 1024 * 1024
#: The largest capture file read. The largest real captures (a saved web page with its
#: scripts) are a few MB; check reads, extracts and collates a capture of this size in
#: seconds, and the time grows with the size.
CAPTURE_BYTES = 8 * 1024 * 1024
#: The most characters of any one text of a source or brief (a paragraph, a reason, a note):
#: the longest paragraphs of real declarations hold a few thousand.
TEXT_CHARS = 100_000
#: The most characters of a title or a name (printed in headings and running heads).
LINE_CHARS = 1_000
#: The longest word: a run of characters without a space or another place a line may break.
#: A PDF line is broken inside a longer word only character by character, and the time that
#: takes grows with the square of its length (30,000 characters: minutes). Long web addresses
#: and German compounds are well under it.
WORD_CHARS = 1_000

#: Characters between which a line may break with no space: CJK ideographs and punctuation,
#: kana, Hangul, fullwidth forms, and the scripts written without spaces between words (Thai,
#: Lao, Myanmar, Khmer), whose words the line breaker finds by dictionary.
BREAKS_WITHOUT_SPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_LONG_WORD = re.compile(rf"[^\s{BREAKS_WITHOUT_SPACE}]{{{WORD_CHARS + 1},}}")


def too_large(size: int, most: int = CAPTURE_BYTES) -> str:
    """Say that a capture of `size` bytes is over the most briefgen reads."""
    return (
        f"is too large ({size:,} bytes; a capture holds at most {most:,}): keep the page or "
        "document of the declaration itself"
    )


def text_problem(text: str) -> str | None:
    """Return why a text is too long to print, or None: too many characters, or too long a word."""
    if len(text) > TEXT_CHARS:
        return f"{len(text):,} characters; a text holds at most {TEXT_CHARS:,}"
    found = _LONG_WORD.search(text)
    if found is not None:
        return (
            f"has a word of {len(found.group()):,} characters ('{found.group()[:20]}…'); a word "
            f"(a run without a space) holds at most {WORD_CHARS:,}: add spaces, or shorten it"
        )
    return None
