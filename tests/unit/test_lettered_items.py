"""Plain-text captures with lettered items: "(a) …" after a line ending in ':' are the items
of that paragraph, and a roman run "(i) …" after an item ending in ':' that item's own list;
one per line or one per block, labels decided by the sequence."""

from __future__ import annotations

from briefgen.importer.segment import Item, Passage, segment


def shape(items: tuple[Item, ...]) -> list[tuple[str | None, str, list[object]]]:
    return [(i.label, i.text, shape(i.items)) for i in items]


def lead(text: str) -> Passage:
    return next(p for p in segment(text).paragraphs if p.items)


ONE_PER_LINE = """\
The meeting of the harbour towns,

1. Thanks the keepers for their care of the lamps;

2. Asks the keepers:
(a) to light the lamps at dusk;
(b) to write down each night:
(i) the ships that passed;
(ii) the height of the waves, measured
at midnight from the pier;
(iii) the colour of the sky;
(c) to rest by day.

3. Closes the meeting.
"""


def test_items_one_per_line_nest_a_roman_run_under_the_item_before_it() -> None:
    para = lead(ONE_PER_LINE)
    assert para.text == "Asks the keepers:"
    assert (para.first, para.last) == (5, 12)
    assert shape(para.items) == [
        ("a", "to light the lamps at dusk;", []),
        (
            "b",
            "to write down each night:",
            [
                ("i", "the ships that passed;", []),
                ("ii", "the height of the waves, measured at midnight from the pier;", []),
                ("iii", "the colour of the sky;", []),
            ],
        ),
        ("c", "to rest by day.", []),
    ]
    assert para.items[1].items[1].first == 9 and para.items[1].items[1].last == 10
    texts = [p.text for p in segment(ONE_PER_LINE).paragraphs]
    assert texts[-1] == "Closes the meeting."
    assert not any(t.startswith("(") for t in texts)


def test_items_one_per_block_are_items_too() -> None:
    text = ONE_PER_LINE.replace(":\n(", ":\n\n(").replace(";\n(", ";\n\n(")
    assert "\n\n(ii)" in text
    assert shape(lead(text).items) == shape(lead(ONE_PER_LINE).items)


def test_i_after_h_is_a_letter_unless_h_leads_in() -> None:
    letters = "abcdefghij"
    run = "\n".join(f"({x}) to keep promise {x};" for x in letters)
    flat = lead(f"We agree:\n{run}\n")
    assert [i.label for i in flat.items] == list(letters)
    nested = lead(f"We agree:\n{run.replace('promise h;', 'these:')}\n")
    assert [i.label for i in nested.items] == list("abcdefgh")
    assert [i.label for i in nested.items[-1].items] == ["i"]


def test_a_roman_list_of_its_own_and_a_label_out_of_sequence() -> None:
    para = lead("We agree:\n(i) to meet;\n(ii) to part.\n")
    assert [(i.label, i.items) for i in para.items] == [("i", ()), ("ii", ())]
    # "(c)" with no "(a)" before it is no list: the passage stays a paragraph
    seg = segment("We agree:\n\n(c) to meet again soon;\n")
    assert [p.text for p in seg.paragraphs] == ["We agree:", "(c) to meet again soon;"]
    assert not any(p.items for p in seg.paragraphs)
