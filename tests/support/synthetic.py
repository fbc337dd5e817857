"""A corpus of synthetic works: varied length, one to three texts each, every one checkable.

Used by the scale-out tests (a handful of works) and by `benchmarks/run.py --corpus N`;
(tests/support/corpus.py is another thing: a collection of two works in our own words).
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import yaml

WORDS = [
    "governance",
    "development",
    "cooperation",
    "safety",
    "security",
    "data",
    "countries",
    "shared",
    "international",
    "technology",
    "research",
    "public",
    "ethics",
    "capacity",
    "standards",
    "models",
    "training",
    "access",
    "rights",
    "oversight",
    "transparency",
]
LANGUAGES = ("en", "fr", "es")


def work_id(n: int) -> str:
    """The id of the corpus's n-th work."""
    return f"corpus-{n:05d}"


def make_corpus(
    root: Path,
    works: int,
    *,
    seed: int = 21,
    paragraphs: tuple[int, int] = (4, 40),
    words: tuple[int, int] = (20, 90),
) -> dict[str, tuple[int, int]]:
    """Write `works` sources (and their captures) under root/sources.

    Return each work's id with its number of paragraphs and of texts.

    Each work has 1 to 3 texts (en, fr, es: words drawn from one vocabulary, so every text is
    its capture's word for word), a number of paragraphs drawn from `paragraphs` and paragraphs
    of `words` words; a work of over 12 paragraphs has a headed section every 8.
    """
    rng = random.Random(seed)
    sources = root / "sources"
    (sources / "captures").mkdir(parents=True, exist_ok=True)
    made = {}
    for n in range(works):
        count, texts = rng.randint(*paragraphs), rng.randint(1, 3)
        made[_work(sources, n, rng, count, LANGUAGES[:texts], words)] = (count, texts)
    return made


def _work(
    sources: Path,
    n: int,
    rng: random.Random,
    count: int,
    texts: tuple[str, ...],
    words: tuple[int, int],
) -> str:
    wid = work_id(n)
    per_section = 8 if count > 12 else None
    section_of = [i // per_section + 1 if per_section else 1 for i in range(count)]
    captures: list[dict[str, Any]] = []
    expressions: list[dict[str, Any]] = []
    body: dict[str, list[str]] = {}
    for lang in texts:
        body[lang] = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(*words))).capitalize() + "."
            for _ in range(count)
        ]
        lines = []
        for i, para in enumerate(body[lang]):
            if per_section and i % per_section == 0:
                lines.append(f"{section_of[i]}. Part {section_of[i]}")
            lines.append(para)
        text = "\n\n".join(lines) + "\n"
        name = f"{wid}-{lang}.txt"
        (sources / "captures" / name).write_text(text, "utf-8")
        captures.append(
            {
                "id": f"c-{lang}",
                "file": f"captures/{name}",
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "publisher": "Synthetic",
                "title": f"Work {n} ({lang})",
                "url": f"https://example.org/{wid}/{lang}",
                "published": None,
                "content": "Generated for a corpus test.",
            }
        )
        expressions.append(
            {
                "id": lang,
                "language": lang,
                "name": f"Text {lang}",
                "title": f"Synthetic Declaration {n}",
                "authoritative": False,
                "capture": f"c-{lang}",
            }
        )
    sections: list[dict[str, Any]] = (
        [
            {"id": f"s{k}", "number": str(k), "heading": {e: f"{k}. Part {k}" for e in texts}}
            for k in range(1, section_of[-1] + 1)
        ]
        if per_section
        else [{"id": "s1", "number": None, "heading": None}]
    )
    data = {
        "format": "briefgen/1",
        "work": {
            "id": wid,
            "title": f"Synthetic Declaration {n}",
            "adopted": "2024-01-01",
            "place": "Nowhere",
            "issuer": "A Corpus",
            "original_language": "en",
        },
        "edition": {"date": "2026-01-01", "editors": "corpus"},
        "captures": captures,
        "expressions": expressions,
        "sections": sections,
        "paragraphs": [
            {
                "id": f"p{i}",
                "number": str(i),
                "section": f"s{section_of[i - 1]}",
                "text": {e: body[e][i - 1] for e in texts},
            }
            for i in range(1, count + 1)
        ],
    }
    (sources / f"{wid}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return wid
