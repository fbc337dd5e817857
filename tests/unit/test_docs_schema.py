"""The source schema page of the docs site lists every field the models accept, as they say it."""

from __future__ import annotations

import re

from scripts import docs_schema


def sections(page: str) -> dict[str, str]:
    """The page's `## Record` sections, by record name."""
    parts = re.split(r"^## (\w+)$", page, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_field_of_every_record_has_a_row() -> None:
    found = sections(docs_schema.render())
    models = docs_schema.models()
    assert {"Source", "Brief", "Collection", "Paragraph", "Correction", "Theme"} <= set(models)
    assert set(found) == set(models)
    for name, model in models.items():
        rows = re.findall(r"^\| `(\w+)` \|", found[name], re.MULTILINE)
        assert rows == list(model.model_fields), name


def test_a_row_says_type_requirement_default_and_the_codes_comment() -> None:
    found = sections(docs_schema.render())
    expressions = "| `expressions` | list of [Expression](#expression) | yes | at least 1 |"
    assert expressions in found["Source"]
    assert "| `printed` | `true` or `false` | no | default `false` |" in found["Paragraph"]
    key_points = "| `key_points` | list of [KeyPoint](#keypoint) | yes | at least 5; at most 7 |"
    assert key_points in found["Brief"]
    place = next(line for line in found["Work"].splitlines() if line.startswith("| `place`"))
    assert place == (
        "| `place` | text or `null` | yes | null (`place: null`) where the captures do not say"
        " where it was adopted or published: the outputs then name no place rather than guess"
        " one |"
    )
    note = next(line for line in found["Paragraph"].splitlines() if line.startswith("| `note`"))
    assert note.endswith("| the editors' note (e.g. on alignment); not printed |")
    assert "language tag (BCP 47: en, zh-Hans)" in found["Expression"]
