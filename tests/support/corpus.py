"""A two-work collection in our own words: two themes, a paragraph and a list item assigned."""

from __future__ import annotations

from pathlib import Path

import yaml

from .projects import make_work

COLLECTION = """format: briefgen-collection/1
id: rivers
title: Declarations on shared rivers
description: Two statements by river towns, read side by side.
works: [upstream-accord, delta-charter]
themes:
  - id: water-quality
    label: Water quality
    definition: What the towns promise about clean water.
  - id: data-sharing
    label: Sharing data
    definition: What the towns measure and share with each other.
"""


def make_corpus(root: Path, themes: int = 2) -> Path:
    """Write two works and the collection `rivers` holding them; return the project root.

    upstream-accord (adopted 2024-07-04): para 1 is on both themes, item (b) of para 2 on
    data; delta-charter (adopted 2019-03-01, so first in date order): para 2 on both themes.
    themes: more than 2 adds themes with nothing assigned (a wide matrix).
    """
    make_work(
        root,
        {
            "upstream-accord": [
                "The towns keep the river clean for fish and people.",
                "The towns agree to:",
                "The accord is reviewed every year.",
            ]
        },
        work_id="upstream-accord",
        items={
            2: [
                ("a", {"upstream-accord": "meet twice a year;"}),
                ("b", {"upstream-accord": "publish the gauge readings of every weir."}),
            ]
        },
    )
    make_work(
        root,
        {
            "delta-charter": [
                "The delta towns form a council.",
                "The council shares its water samples and keeps the delta clean.",
            ]
        },
        work_id="delta-charter",
    )
    assign = {
        "upstream-accord": lambda d: (
            d["paragraphs"][0].__setitem__("themes", ["water-quality", "data-sharing"]),
            d["paragraphs"][1]["items"][1].__setitem__("themes", ["data-sharing"]),
        ),
        "delta-charter": lambda d: (
            d["paragraphs"][1].__setitem__("themes", ["water-quality", "data-sharing"]),
            d["work"].__setitem__("adopted", "2019-03-01"),
            d["work"].__setitem__("title", "Delta Charter"),
        ),
    }
    for work, change in assign.items():
        path = root / "sources" / f"{work}.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        if work == "upstream-accord":
            data["work"]["title"] = "Upstream Accord"
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    text = COLLECTION
    for n in range(3, themes + 1):
        text += (
            f"  - id: extra-{n}\n    label: Extra theme {n}\n"
            f"    definition: A theme nothing is assigned to ({n}).\n"
        )
    folder = root / "sources" / "collections"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rivers.yaml").write_text(text, "utf-8")
    return root
