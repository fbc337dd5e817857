"""Printed paragraph numbers ("4. We agree …") are the paragraphs' numbers, as data.

The captures are our own words, written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from briefgen.importer.draft import Options, run
from briefgen.importer.markdown import read
from briefgen.importer.segment import segment

NUMBERED = (
    "1. We, the ports, met at Tallinn on a clear day in May.\n\n"
    "2. We agree to keep the berths open\nto every ship in need.\n\n"
    "3. We will share the logs of arrivals.\n\n"
    "5. We ask the towns to help us.\n\n"
    "5. We will meet again next spring.\n\n"
    "6. Done at Tallinn.\n"
)


def test_the_printed_number_is_taken_out_of_the_text() -> None:
    seg = segment(NUMBERED)
    assert [(b.kind, b.number, b.marker, b.text[:12]) for b in seg.blocks] == [
        ("paragraph", "1", "1.", "We, the port"),
        ("paragraph", "2", "2.", "We agree to "),
        ("paragraph", "3", "3.", "We will shar"),
        ("paragraph", "5", "5.", "We ask the t"),
        ("paragraph", "5", "5.", "We will meet"),
        ("paragraph", "6", "6.", "Done at Tall"),  # short, but numbered as a paragraph is
    ]


def test_one_number_alone_stays_text() -> None:
    seg = segment("We met in May.\n\n2. The second day was calm.\n\nWe part.\n")
    assert [(b.number, b.text[:6]) for b in seg.paragraphs] == [
        (None, "We met"),
        (None, "2. The"),
        (None, "We par"),
    ]


def test_gaps_and_repeats_are_flagged_never_renumbered(tmp_path: Path) -> None:
    capture = tmp_path / "harbour.txt"
    capture.write_text(NUMBERED, "utf-8")
    report = run(Options(capture, "harbour", "en", "en"), tmp_path / "sources")
    data = yaml.safe_load((tmp_path / "sources" / "harbour.yaml").read_text("utf-8"))
    paras = data["paragraphs"]
    assert [(p["number"], p.get("printed", False)) for p in paras] == [
        ("1", True),
        ("2", True),
        ("3", True),
        ("5", True),
        ("5A", False),  # numbers are unique: the repeat gets a letter, and a TODO
        ("6", True),
    ]
    assert paras[3]["note"].startswith("TODO: the capture's numbering goes from 3 to 5 (no 4)")
    assert paras[4]["note"].startswith("TODO: the capture prints the number 5 again")
    (removal,) = [iv for iv in data["interventions"] if iv["id"] == "en-number-5a"]
    assert removal["at"] == {"paragraph": paras[4]["id"]} and removal["text"] == "5."
    assert removal["reason"].startswith("TODO:")
    summary = "\n".join(report.lines())
    assert "numbered as the capture prints them: 5 paragraphs" in summary
    assert "line 8: the capture's numbering goes from 3 to 5 (no 4)" in summary
    assert "line 10: the capture prints the number 5 again; numbered 5A" in summary


def test_a_capture_without_numbers_is_numbered_in_order(tmp_path: Path) -> None:
    capture = tmp_path / "plain.txt"
    capture.write_text("We met in May.\n\nWe part in June.\n", "utf-8")
    report = run(Options(capture, "plain", "en", "en"), tmp_path / "sources")
    data = yaml.safe_load((tmp_path / "sources" / "plain.yaml").read_text("utf-8"))
    assert [(p["number"], "printed" in p) for p in data["paragraphs"]] == [
        ("1", False),
        ("2", False),
    ]
    assert "numbered as the capture prints" not in "\n".join(report.lines())


def test_an_ordered_list_is_numbered_paragraphs_after_a_heading_items_after_to() -> None:
    numbered = read("## Berths\n\n1.  We meet at dawn.\n\n2.  We part at dusk.\n")
    assert [(b.kind, b.number, b.marker, b.text) for b in numbered.blocks[1:]] == [
        ("paragraph", "1", "1.", "We meet at dawn."),
        ("paragraph", "2", "2.", "We part at dusk."),
    ]
    assert all(not b.spans for b in numbered.blocks[1:])  # the marker is the number, not markup
    items = read("## Berths\n\nWe agree to:\n\n1.  meet at dawn;\n\n2.  part at dusk.\n")
    (lead_in,) = items.paragraphs
    assert (lead_in.number, [(i.label, i.text) for i in lead_in.items]) == (
        None,
        [("1", "meet at dawn;"), ("2", "part at dusk.")],
    )


def test_an_escaped_number_is_the_paragraphs_and_not_markup() -> None:
    (block,) = read("12\\. We meet **at dawn**.\n").blocks
    assert (block.number, block.marker, block.text) == ("12", "12\\.", "We meet at dawn.")
    assert [(s.before, s.after) for s in block.spans] == [("**at dawn**.", "at dawn.")]


def test_unnumbered_paragraphs_past_z_get_numbers_above_every_printed_one(
    tmp_path: Path,
) -> None:
    numbered = [f"{n}. We agree on point {n} of the plan." for n in range(1, 16)]
    unnumbered = [f"We note point {n} of the plan." for n in range(1, 29)]
    capture = tmp_path / "long.txt"
    capture.write_text("\n\n".join(numbered + unnumbered) + "\n", "utf-8")
    run(Options(capture, "long", "en", "en"), tmp_path / "sources")
    data = yaml.safe_load((tmp_path / "sources" / "long.yaml").read_text("utf-8"))
    numbers = [p["number"] for p in data["paragraphs"]]
    assert numbers[14:17] == ["15", "15A", "15B"]
    assert numbers[-2:] == ["16", "17"]  # after 15Z: unique, and each with a TODO note
    assert len(set(numbers)) == len(numbers)
    assert data["paragraphs"][-1]["note"].startswith("TODO: the capture prints no number")


def test_four_digit_numbers_are_printed_numbers() -> None:
    seg = segment("1000. We meet.\n\n1001. We part.\n")
    assert [(b.number, b.text) for b in seg.paragraphs] == [
        ("1000", "We meet."),
        ("1001", "We part."),
    ]
