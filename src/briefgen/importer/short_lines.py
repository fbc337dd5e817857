"""Decide whether a short line between paragraphs is a section heading or a headline spliced in.

A plain-text capture marks an unnumbered heading only by its shape: a short line without
closing punctuation between two paragraphs. A news site's headline spliced into the text has
the same shape. The evidence, weighed here on one text (segment.py) and again against the
other texts of the work (draft.py):

- for a heading: it is title-cased (or in capitals); it is followed by a paragraph; the
  paragraph before it ends a sentence and the one after it begins one (it is not
  mid-paragraph); and, once a second text is added, that text has a short line at the same
  place;
- against: it sits mid-paragraph; it reads as a sentence (a headline's verb, quotation marks);
  the text's other headings are numbered and this line is not; the other text has no short
  line there.

Every decision says which evidence it rests on, in words the editor reads in the flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words a title leaves in small letters ("Access to Justice", "Droits de l'Homme").
_SMALL = frozenset(
    " ".join(
        [
            "a an and as at by for from in into of on or the to with via vs",
            "à au aux d de des du en et l la le les ou par pour sur",
            "al con del el las los o para por y",
        ]
    ).split()
)
#: A newsroom headline's verbs (en, fr, es); a section heading is a noun phrase.
_VERB = re.compile(
    r"\b(is|are|was|were|will|would|has|have|had|says|said|calls|urges|warns|announces|"
    r"unveils|launches|signs|agrees|vows|plans|wins|opens|hits|hails|backs|slams|rejects|seeks|"
    r"welcomes|praises|meets|est|sont|sera|seront|ont|dit|"
    r"annonce|appelle|signe|lance|dévoile|es|será|dice|anuncia|firma|lanza)\b",
    re.I,
)
_QUOTES = tuple('"“”«»„')
_CLOSING = tuple('.!?;:,…"”’)»」。！？')


@dataclass(frozen=True)
class Verdict:
    """What one text's evidence says of a short line."""

    heading: bool
    why: str  # the evidence, in words the editor reads
    #: a flagged line that a short line at the same place in another text would make a heading
    candidate: bool = False


def title_cased(text: str) -> bool:
    """Every word but the small ones begins with a capital (or the line is in capitals)."""
    letters = [c for c in text if c.isalpha()]
    if not letters or all(c.upper() == c.lower() for c in letters):
        return False  # a script without case: no evidence either way
    if all(c.isupper() for c in letters if c.upper() != c.lower()):
        return True
    tokens = [w.strip("()[]'\"“”‘’«»—–-") for w in text.split()]
    tokens = [w for w in tokens if w and w[0].isalpha()]
    big = [w for w in tokens[1:] if w.lower() not in _SMALL and "'" not in w[:2]]
    return bool(tokens) and tokens[0][0].isupper() and all(w[0].isupper() for w in big)


def sentence_like(text: str) -> str:
    """Why a short line reads as a sentence (a headline), or ""."""
    verb = _VERB.search(text)
    if verb:
        return f"it reads as a sentence: it has the verb '{verb.group(0)}'"
    if any(q in text for q in _QUOTES):
        return "it reads as a sentence: it quotes someone"
    return ""


def weigh(text: str, before: str | None, after: str | None, numbered: bool) -> Verdict:
    """Weigh a short line between the paragraph `before` it and the one `after` it.

    `after` is None when the next block is not a paragraph; `numbered` says whether the text's
    other headings are numbered.
    """
    against: list[str] = []
    if before is not None and not before.rstrip().endswith(_CLOSING):
        against.append("it sits mid-paragraph: the text before it does not end a sentence")
    elif after is not None and after[:1].islower():
        against.append("it sits mid-paragraph: the text after it begins in small letters")
    sentence = sentence_like(text)
    if sentence:
        against.append(sentence)
    if after is None:
        against.append("no paragraph follows it")
    shape: list[str] = []
    if not title_cased(text):
        shape.append("it is not title-cased")
    if numbered:
        shape.append("the text's other headings are numbered and this line is not")
    if not against and not shape:
        return Verdict(True, "an unnumbered heading: a short line, title-cased, followed by a "
                       "paragraph")  # fmt: skip
    why = (
        "a short line without closing punctuation between two paragraphs, like a headline "
        f"spliced in ({'; '.join([*against, *shape])})"
    )
    return Verdict(False, why, candidate=not against)


def partnered(other: str) -> str:
    """The reason given to a heading that another text's short line at its place confirms."""
    return f"an unnumbered heading: a short line followed by a paragraph, and {other}"


def unpartnered(other: str) -> str:
    """The reason given to a short line that another text has no short line beside."""
    return (
        "a short line without closing punctuation between two paragraphs, like a headline "
        f"spliced in (the {other} text has no heading at this place)"
    )
