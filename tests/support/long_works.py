"""A long work in three languages, generated: paragraphs of very different lengths per
language, a headed section every few paragraphs, and now and then a paragraph with a list.

Its words are made up here (a small vocabulary per language), so the fixture is our own text;
the comparison's layout (render/html/templates/comparison.css) is what it exercises: rows
from two lines to more than a page, section rows, the header on every page.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import yaml

#: Made-up words of each language's flavour, enough to fill lines of different widths.
VOCABULARY = {
    "en": "the states agree to share plain rules for common work in open trade and fair health "
    "water schools roads markets safety review every year with public reports",
    "fr": "les états conviennent de partager des règles claires pour le travail commun dans un "
    "commerce ouvert et juste santé eau écoles routes marchés sécurité examen annuel",
    "es": "los estados acuerdan compartir reglas claras para el trabajo común en un comercio "
    "abierto y justo salud agua escuelas caminos mercados seguridad examen anual",
}

#: The section heading of each language ("{n}" is the section's number).
HEADINGS = {
    "en": "{n}. Common work, part {n}",
    "fr": "{n}. Travail commun, partie {n}",
    "es": "{n}. Trabajo común, parte {n}",
}

#: Added to a long heading (long_work's long_headings): enough to wrap in a pack's contents.
LONGER = {
    "en": ": how the states share plain rules for health, water, schools and roads, and review "
    "their common work every year in public reports",
    "fr": " : comment les états partagent des règles claires pour la santé, l'eau, les écoles "
    "et les routes, et examinent leur travail commun chaque année",
    "es": ": cómo los estados comparten reglas claras para la salud, el agua, las escuelas y "
    "los caminos, y examinan su trabajo común cada año",
}


def _sentence(rng: random.Random, vocabulary: str, length: int) -> str:
    words = vocabulary.split(" ")
    chosen = " ".join(rng.choice(words) for _ in range(max(3, length)))
    return chosen[0].upper() + chosen[1:] + "."


def long_work(
    root: Path,
    paragraphs: int,
    *,
    languages: tuple[str, ...] = ("en", "fr", "es"),
    per_section: int = 4,
    seed: int = 20,
    work_id: str = "long-declaration",
    long_headings: tuple[int, ...] = (),
) -> Path:
    """Write sources/<work_id>.yaml and its captures; return the YAML path.

    Each paragraph has a base length of 15 to 160 words (one in nine 350 to 500: a row longer
    than a landscape page), and each language a factor of 0.4 to 1.8 of it, so the columns
    of a row differ a lot; one paragraph in seven has a list of three to five items. The
    sections numbered in long_headings have a heading of some thirty words.
    """

    def heading(lang: str, n: int) -> str:
        return HEADINGS[lang].format(n=n) + (LONGER[lang] if n in long_headings else "")

    rng = random.Random(seed)
    sections = (paragraphs + per_section - 1) // per_section
    texts: dict[str, list[str]] = {lang: [] for lang in languages}
    lists: dict[int, list[dict[str, str]]] = {}
    for i in range(1, paragraphs + 1):
        base = rng.randint(350, 500) if i % 9 == 5 else rng.randint(15, 160)
        for lang in languages:
            words = round(base * rng.uniform(0.4, 1.8))
            texts[lang].append(_sentence(rng, VOCABULARY[lang], words))
        if i % 7 == 3:
            lists[i] = [
                {lang: _sentence(rng, VOCABULARY[lang], rng.randint(8, 40)) for lang in languages}
                for _ in range(rng.randint(3, 5))
            ]
    sources = root / "sources"
    (sources / "captures").mkdir(parents=True, exist_ok=True)
    captures: list[dict[str, Any]] = []
    expressions: list[dict[str, Any]] = []
    for lang in languages:
        lines: list[str] = []
        for i, text in enumerate(texts[lang], 1):
            if (i - 1) % per_section == 0:
                lines.append(heading(lang, (i - 1) // per_section + 1))
            lines.append(
                "\n".join(
                    [text]
                    + [
                        f"({chr(96 + j)}) {item[lang]}"
                        for j, item in enumerate(lists.get(i, []), 1)
                    ]
                )
            )
        body = "\n\n".join(lines) + "\n"
        (sources / "captures" / f"{lang}.txt").write_text(body, "utf-8")
        captures.append(
            {
                "id": f"c-{lang}",
                "file": f"captures/{lang}.txt",
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "publisher": "Test Publisher",
                "title": f"Long capture {lang}",
                "url": f"https://example.org/long/{lang}",
                "published": None,
                "content": "Generated fixture.",
            }
        )
        expressions.append(
            {
                "id": f"{lang}-text",
                "language": lang,
                "name": f"Text {lang}",
                "title": f"Long Declaration ({lang})",
                "authoritative": lang == languages[0],
                "capture": f"c-{lang}",
            }
        )
    data = {
        "format": "briefgen/1",
        "work": {
            "id": work_id,
            "title": "Long Declaration",
            "adopted": "2024-07-04",
            "place": "Geneva",
            "issuer": "A Test Conference",
            "original_language": languages[0],
        },
        "edition": {"date": "2026-01-02", "editors": "test editors"},
        "captures": captures,
        "expressions": expressions,
        "sections": [
            {
                "id": f"s{k}",
                "number": str(k),
                "heading": {f"{lang}-text": heading(lang, k) for lang in languages},
            }
            for k in range(1, sections + 1)
        ],
        "paragraphs": [
            {
                "id": f"p{i}",
                "number": str(i),
                "section": f"s{(i - 1) // per_section + 1}",
                "text": {f"{lang}-text": texts[lang][i - 1] for lang in languages},
                **(
                    {
                        "items": [
                            {
                                "id": f"p{i}-{chr(96 + j)}",
                                "label": chr(96 + j),
                                "text": {f"{lang}-text": item[lang] for lang in languages},
                            }
                            for j, item in enumerate(lists[i], 1)
                        ]
                    }
                    if i in lists
                    else {}
                ),
            }
            for i in range(1, paragraphs + 1)
        ],
    }
    out = sources / f"{work_id}.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return out
