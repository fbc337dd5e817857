"""The one whitespace rule: how spaces are compared with a capture and how texts are printed.

A run of spaces, and a no-break space next to an ordinary space ("end.\u00a0 Next"), is one
space: in the comparison with a capture and in every output, without a recorded intervention
(it is not a change of wording). A no-break space that typography needs is kept, in both: in
French before `:` `;` `?` `!` `»` and after `«`, and between groups of digits ("10 000").
U+202F (the narrow no-break space) counts as a no-break space.
"""

from __future__ import annotations

import re

NO_BREAK = "\u00a0\u202f"
#: A run of spaces and no-break spaces holding at least one ordinary space (or tab).
_RUN = re.compile(r"[ \t\u00a0\u202f]*[ \t][ \t\u00a0\u202f]*")
#: A no-break space that typography needs, between two characters that are not spaces.
_NEEDED = re.compile(
    r"(?<=\S)[\u00a0\u202f](?=[:;?!»])|(?<=«)[\u00a0\u202f](?=\S)|(?<=\d)[\u00a0\u202f](?=\d)"
)
#: Each no-break space, the needed ones in group 1.
_NO_BREAK = re.compile(f"({_NEEDED.pattern})|[{NO_BREAK}]")
#: Whitespace that divides words: any but the no-break space kept by `compared`.
_DIVIDE = re.compile(r"[^\S\u00a0]+")


def collapse(text: str) -> str:
    """Return a text as printed: each run of spaces holding an ordinary one made one space.

    A lone no-break space is kept as it stands; line breaks are left alone.
    """
    return _RUN.sub(" ", text)


def compared(text: str) -> str:
    """Return a text's spacing as compared with a capture.

    Runs collapse as in `collapse`; a no-break space typography needs becomes U+00A0 (the
    narrow one too), and every other no-break space an ordinary space.
    """
    return _NO_BREAK.sub(lambda m: "\u00a0" if m.group(1) else " ", collapse(text))


def split(text: str) -> list[str]:
    """Cut a compared text into words at whitespace; a kept no-break space divides none."""
    return [w for w in _DIVIDE.split(text) if w]
