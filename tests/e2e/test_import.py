"""`briefgen import`: raw captures in, draft sources out, checked by `briefgen check`.

The fixture captures below are written for these tests, in our own words: a short accord on
clean shipping, republished by a news site with material spliced in and wrapped at 72
columns, a second translation with Roman-numeral headings, and a saved web page.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.errors import SourceError
from briefgen.importer.draft import Options, run
from briefgen.importer.segment import ends_mid_sentence, label_value, segment
from briefgen.sources.capture import read_text
from briefgen.sources.load import load
from tests.support.projects import ROOT, SOURCE, filled_in, line_of, run_cli

CAPTURES = ROOT / "sources" / "captures"
XINHUA = CAPTURES / "000_53d00fd43ba9a69c.txt"
ONEAI = CAPTURES / "001_21c6862223dc0ac3.txt"

NEWS = """Coast News | Ports

Ports sign accord on cleaner berths

Delegates from twelve ports met in Tallinn on Tuesday. The text they agreed
is reproduced below.

Harbour Accord on Clean Shipping

We, the ports gathered at Tallinn, recognise that shipping carries most
of the world's trade and a growing share of its emissions.

We resolve to cut emissions from vessels at berth by half before the end
of the decade, sharing what works among ourselves.

1. Shore power

Each port will offer shore power at its busiest berths and publish how
much of it is used every year.

Ferry Operator Unveils Electric Fleet

Ports will help smaller operators connect by sharing the cost of cables
and switchgear.

Related: Twelve ports, one plan for cleaner air

2. Cleaner fuels

We will give priority at berth to vessels that run on cleaner fuels, and
review this list with shipowners every two years.

Big day for the harbour! #CleanPorts #Tallinn

— Harbour Watch (@harbourwatch) March 3, 2025

We call on shipowners and fuel suppliers to join this accord and to
report their progress openly.

Share this: Facebook | Twitter | Email

© 2025 Coast News. All rights reserved.

Previous: Dock strike ends after two days
"""

#: A second translation, one paragraph a line, with Roman-numeral headings.
SECOND = (
    "\n\n".join(
        [
            "HARBOUR ACCORD ON CLEAN SHIPPING",
            "The ports meeting in Tallinn are aware that ships move most of the trade of the "
            "world and an increasing part of its emissions.",
            "The ports decide to halve the emissions of ships at berth by the end of this decade, "
            "and to share their experience.",
            "I. Electricity from the shore",
            "Every port shall provide electricity from the shore at its busiest berths and shall "
            "publish each year how much is used.",
            "The ports shall assist small operators to connect by sharing the costs of cables and "
            "switching equipment.",
            "II. Cleaner fuels",
            "Ships using cleaner fuels shall have priority at berth; the ports shall review the "
            "list with the owners of ships every second year.",
            "The ports invite owners of ships and suppliers of fuel to join this accord and to "
            "report openly on their progress.",
        ]
    )
    + "\n"
)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Accord - Coast News</title></head>
<body><nav><a href="/">Home</a> | <a href="/ports">Ports</a></nav>
<article><h1>Harbour Accord on Clean Shipping</h1>
<p>We, the ports gathered at Tallinn, recognise that shipping carries most of the world's
trade and a growing share of its emissions.</p>
<p>We resolve to cut emissions from vessels at berth by half before the end of the decade,
sharing what works among ourselves.</p>
<h2>1. Shore power</h2>
<p>Each port will offer shore power at its busiest berths and publish how much of it is used
every year.</p>
<h2>2. Cleaner fuels</h2>
<p>We will give priority at berth to vessels that run on cleaner fuels, and review this list
with shipowners every two years.</p>
</article>
<footer><p>© 2025 Coast News. All rights reserved.</p></footer>
</body></html>
"""

#: What an editor writes in place of each TODO of the metadata.
FILLED = {
    "work": {
        "title": "Harbour Accord on Clean Shipping",
        "adopted": date(2025, 3, 3),
        "place": "Tallinn",
        "issuer": "A meeting of twelve ports",
        "original_language": "en",
    },
    "edition": {"date": date(2026, 1, 2), "editors": "test editors"},
    "captures": {
        "publisher": "Coast News",
        "title": "Ports sign accord",
        "url": "https://example.org/accord",
        "published": None,
        "content": "A republication.",
    },
    "expressions": {"name": "A text", "title": "Harbour Accord", "authoritative": False},
}


def fill(path: Path) -> dict[str, Any]:
    """Do what the editor does: fill the metadata, confirm every flagged removal."""
    data = filled_in(path, FILLED)
    for iv in data["interventions"]:
        if iv["reason"].startswith("TODO"):
            iv["reason"] = "Not part of the declaration: " + iv["reason"].split(" as ", 1)[1]
    for p in data["paragraphs"]:
        p.pop("note", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return data


def words(text: str) -> str:
    return " ".join(text.split())


def collate(project: Path, data: dict[str, Any], expr: str) -> None:
    """Assert the source accounts for every word of the capture, once, in order.

    Read as the collation reads it: section by section, `before: P` removals (before the
    section's heading when P opens the section), the heading with its `heading: S` removals
    just before or just after it, then each paragraph followed by its `after: P` removals.
    """
    capture_id = next(e["capture"] for e in data["expressions"] if e["id"] == expr)
    record = next(c for c in data["captures"] if c["id"] == capture_id)
    removed: dict[tuple[str, str], list[str]] = {}
    for iv in data["interventions"]:
        if iv["capture"] == capture_id and iv["action"] == "remove":
            ((kind, target),) = iv["at"].items()
            removed.setdefault((kind, target), []).append(iv["text"])
    expected = words(read_text(project / "sources" / record["file"]))
    seq: list[str] = []
    for section in data["sections"]:
        paras = [p for p in data["paragraphs"] if p["section"] == section["id"]]
        if paras:
            seq += removed.pop(("before", paras[0]["id"]), [])
        heading = (section["heading"] or {}).get(expr)
        at_heading = removed.pop(("heading", section["id"]), [])
        title = [heading] if isinstance(heading, str) else []
        after = []
        for text in at_heading:  # each stands just before the heading, or else just after it
            if expected.startswith(words(" ".join([*seq, text]))):
                seq.append(text)
            else:
                after.append(text)
        seq += title + after
        for i, p in enumerate(paras):
            if i:
                seq += removed.pop(("before", p["id"]), [])
            if isinstance(p["text"][expr], str):
                seq.append(p["text"][expr])
                seq += _listed(p.get("items") or [], expr)
            seq += removed.pop(("after", p["id"]), [])
    assert not removed
    assert words(" ".join(seq)) == expected


def _listed(items: list[dict[str, Any]], expr: str) -> list[str]:
    """A list's words as the capture prints them: each item's label "(a)", its text, then the
    items of its own list."""
    out: list[str] = []
    for item in items:
        if isinstance(item["text"][expr], str):
            out += [f"({item['label']})", item["text"][expr]]
            out += _listed(item.get("items") or [], expr)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "in").mkdir()
    return tmp_path


def capture(project: Path, name: str, text: str) -> Path:
    path = project / "in" / name
    path.write_bytes(text.encode("utf-8"))
    return path


def import_(project: Path, path: Path, work: str, expression: str, **kw: Any) -> Any:
    opts = Options(path, work, expression, kw.pop("language", "en"), **kw)
    return run(opts, project / "sources")


def test_round_trip_of_the_bundled_captures_gives_the_bundled_paragraphs(
    project: Path, canonical: dict[str, Any]
) -> None:
    first = run_cli(
        "import", str(XINHUA), "--work", "shanghai", "--expression", "en-xinhua",
        "--language", "en", "--adopted", "2024-07-04", "--place", "Shanghai",
        cwd=project,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "22 paragraphs, 2 headings, 4 flagged passages" in first.stdout
    post = line_of(XINHUA, "Chinese Premier Li Qiang"), line_of(XINHUA, "(@ShanghaiEye)")
    assert "lines {}–{}: an embedded social-media post".format(*post) in first.stdout
    source = project / "sources" / "shanghai.yaml"
    draft = yaml.safe_load(source.read_text("utf-8"))
    assert draft["work"]["adopted"] == date(2024, 7, 4)
    assert draft["work"]["issuer"] == "TODO"  # never invented

    # a draft fails check, naming each TODO with its line and field, and no type error
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    line = 1 + source.read_text("utf-8").splitlines().index("  issuer: TODO")
    assert f"sources/shanghai.yaml:{line}: work.issuer: TODO: fill in who adopted" in (
        result.stderr
    )
    assert "edition.date: TODO: fill in the date of this edition" in result.stderr
    assert "interventions[2].reason: TODO: flagged by briefgen import as an embedded" in (
        result.stderr
    )
    assert all(": TODO: " in line for line in result.stderr.splitlines())  # nothing else

    second = run_cli(
        "import", str(ONEAI), "--work", "shanghai", "--expression", "en-1ai", "--language", "en",
        cwd=project,
    )  # fmt: skip
    assert second.returncode == 0, second.stderr
    lines = ONEAI.read_text("utf-8").splitlines()
    footer = line_of(ONEAI, "statement:The content is collected"), len(lines)  # to the end
    assert lines[-1].strip()
    assert "lines {}–{}: material after the last paragraph of the text".format(*footer) in (
        second.stdout
    )
    assert "aligned 22 of 22 paragraphs with existing paragraph ids; 0 doubtful" in second.stdout
    # the 1AI headings 1-3, which the Xinhua text lacks: flagged, no section made
    assert second.stdout.count("a heading of the en-1ai text where the en-xinhua text has no") == 3
    assert "heading absent" not in second.stdout
    assert (project / "sources" / "captures" / ONEAI.name).read_bytes() == ONEAI.read_bytes()

    data = fill(source)
    collate(project, data, "en-xinhua")
    collate(project, data, "en-1ai")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "paragraphs (en-1ai: 22, en-xinhua: 22)" in result.stdout
    bundled = canonical["paragraphs"]
    assert len(data["paragraphs"]) == 22
    for mine, theirs in zip(data["paragraphs"], bundled, strict=True):
        assert mine["number"] == theirs["number"]
        for expr in ("en-xinhua", "en-1ai"):
            assert words(mine["text"][expr]) == words(theirs["text"][expr])
    # the sections are the first text's: the 1AI headings it lacks are flagged, not made
    counts = [sum(p["section"] == s["id"] for p in data["paragraphs"]) for s in data["sections"]]
    assert counts == [17, 2, 3]
    assert [s["heading"] and s["heading"]["en-1ai"] for s in data["sections"]] == [
        None,
        "IV. Strengthening social participation and improving public literacy",
        "5. Improving the quality of life and social welfare",
    ]
    removed = [
        iv["text"] for iv in data["interventions"] if iv["capture"] == "001-21c6862223dc0ac3"
    ]
    assert "1. Promoting the development of artificial intelligence" in removed


def test_second_translation_aligns_like_the_bundled_source(
    project: Path, canonical: dict[str, Any]
) -> None:
    data = yaml.safe_load((ROOT / "sources" / SOURCE).read_text("utf-8"))
    data["expressions"] = [e for e in data["expressions"] if e["id"] != "en-1ai"]
    data["interventions"] = [iv for iv in data["interventions"] if iv["capture"] != "c001"]
    for term in data["glossary"]:
        term["renderings"].pop("en-1ai", None)
    for p in data["paragraphs"]:
        del p["text"]["en-1ai"]
    for s in data["sections"]:
        if s["heading"]:
            del s["heading"]["en-1ai"]
    shutil.copytree(CAPTURES, project / "sources" / "captures")
    source = project / "sources" / SOURCE
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    report = import_(project, ONEAI, "shanghai-declaration-2024", "en-1ai")
    assert not report.doubtful and not report.absent_headings
    merged = yaml.safe_load(source.read_text("utf-8"))
    mine = {p["id"]: words(p["text"]["en-1ai"]) for p in merged["paragraphs"]}
    theirs = {p["id"]: words(p["text"]["en-1ai"]) for p in canonical["paragraphs"]}
    assert mine == theirs  # the same 22 alignments
    assert [s["heading"]["en-1ai"] for s in merged["sections"] if s["heading"]][3] == (
        "IV. Strengthening social participation and improving public literacy"
    )


def test_news_republication_wrapped_at_72_columns(project: Path) -> None:
    report = import_(project, capture(project, "news.txt", NEWS), "harbour-accord", "en-news")
    seg = report.segmented
    assert [b.text for b in seg.headings] == ["1. Shore power", "2. Cleaner fuels"]
    assert len(seg.paragraphs) == 6
    assert seg.paragraphs[0].text == (
        "We, the ports gathered at Tallinn, recognise that shipping carries most of the "
        "world's trade and a growing share of its emissions."
    )
    flagged = {(b.first, b.last): b.why for b in seg.flags}
    assert flagged[(1, 6)].startswith("the site's own headline and introduction")
    assert flagged[(8, 8)].startswith("a title or headline")
    assert "headline spliced in" in flagged[(21, 21)]
    assert flagged[(26, 26)] == "a 'Related' link of the site"
    assert flagged[(33, 35)].startswith("an embedded social-media post")
    assert flagged[(40, 44)].startswith("material after the last paragraph")
    data = yaml.safe_load((project / "sources" / "harbour-accord.yaml").read_text("utf-8"))
    at = {iv["id"]: iv["at"] for iv in data["interventions"]}
    assert at == {
        "en-news-lines-1-6": {"before": "we-the-ports-gathered"},
        "en-news-lines-8-8": {"before": "we-the-ports-gathered"},
        "en-news-lines-21-21": {"after": "each-port-will-offer"},
        "en-news-lines-26-26": {"after": "ports-will-help-smaller"},
        "en-news-lines-33-35": {"after": "we-will-give-priority"},
        "en-news-lines-40-44": {"after": "we-call-on-shipowners"},
    }
    assert [p["number"] for p in data["paragraphs"]] == ["1", "2", "3", "4", "5", "6"]
    assert [s["id"] for s in data["sections"]] == ["preamble", "shore-power", "cleaner-fuels"]

    # a second translation with Roman numerals: sections matched by number
    second = import_(project, capture(project, "second.txt", SECOND), "harbour-accord", "en-2")
    assert [b.number for b in second.segmented.headings] == ["I", "II"]
    assert second.doubtful == []
    data = fill(project / "sources" / "harbour-accord.yaml")
    collate(project, data, "en-news")
    collate(project, data, "en-2")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    pairs = {p["id"]: p["text"]["en-2"] for p in data["paragraphs"]}
    assert pairs["each-port-will-offer"].startswith("Every port shall provide electricity")
    assert pairs["we-will-give-priority"].startswith("Ships using cleaner fuels")
    assert pairs["we-call-on-shipowners"].startswith("The ports invite owners")

    # a text missing a paragraph: aligned by words, and the doubt is left for the editor
    shorter = SECOND.replace("The ports shall assist small operators", "")
    shorter = shorter.replace(
        " to connect by sharing the costs of cables and switching equipment.", ""
    )
    third = import_(project, capture(project, "third.txt", shorter), "harbour-accord", "en-3")
    assert third.doubtful == ["para 4 has no counterpart in en-3 (marked absent)"]
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "paragraphs[3].text.en-3.note: TODO: no paragraph of en-3 was aligned with" in (
        result.stderr
    )
    data = yaml.safe_load((project / "sources" / "harbour-accord.yaml").read_text("utf-8"))
    assert data["paragraphs"][2]["text"]["en-3"].startswith("Every port shall provide")
    collate(project, data, "en-3")


def test_html_capture_is_kept_raw_and_read_through_its_extracted_text(project: Path) -> None:
    page = capture(project, "accord.html", PAGE)
    report = import_(project, page, "harbour-accord", "en", publisher="Coast News")
    kept = project / "sources" / "captures" / "accord.html"
    assert kept.read_bytes() == page.read_bytes()
    assert report.sha256 == hashlib.sha256(page.read_bytes()).hexdigest()
    assert len(report.segmented.paragraphs) == 4
    assert [b.number for b in report.segmented.headings] == ["1", "2"]
    data = fill(project / "sources" / "harbour-accord.yaml")
    collate(project, data, "en")
    assert data["captures"][0]["publisher"] == "Coast News"
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr


def test_import_refuses_to_overwrite(project: Path) -> None:
    path = capture(project, "news.txt", NEWS)
    import_(project, path, "harbour-accord", "en-news")
    before = (project / "sources" / "harbour-accord.yaml").read_bytes()
    again = run_cli(
        "import", str(path), "--work", "harbour-accord", "--expression", "en-news",
        "--language", "en", cwd=project,
    )  # fmt: skip
    assert again.returncode == 2
    assert again.stderr.strip() == (
        "error: sources/harbour-accord.yaml: already has an expression 'en-news'"
    )
    path.write_text(NEWS + "\nOne more line.\n", "utf-8")
    clash = run_cli(
        "import", str(path), "--work", "other", "--expression", "en", "--language", "en",
        cwd=project,
    )  # fmt: skip
    assert clash.returncode == 2 and "never overwritten" in clash.stderr
    assert not (project / "sources" / "other.yaml").exists()
    assert (project / "sources" / "harbour-accord.yaml").read_bytes() == before
    bad = run_cli(
        "import", str(path), "--work", "x", "--expression", "en", "--language", "en",
        "--adopted", "4 July", cwd=project,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "--adopted takes a date such as 2024-07-04, not '4 July'" in bad.stderr


def test_segmentation_keeps_numbered_paragraphs_and_flags_html_and_lost_characters() -> None:
    text = (
        'crossorigin="anonymous">\n\n'
        "1. We agree that every port publishes its figures on emissions at berth, each year,\n"
        "in a form that others can compare with their own.\n\n"
        "2. We agree to meet again in two years.\n\n"
        "????? ??\n\n"
        "3. We ask the secretariat to keep this accord and its signatures.\n"
    )
    seg = segment(text)
    assert [b.kind for b in seg.blocks] == ["flag", "paragraph", "paragraph", "flag", "paragraph"]
    assert "HTML fragment" in seg.blocks[0].why
    assert "lost" in seg.blocks[3].why
    assert seg.blocks[1].text.endswith(
        "each year, in a form that others can compare with their own."
    )


def test_segmentation_of_a_resolution_style_text() -> None:
    text = (
        "The Meeting of the Ports,\n\n"
        "Recalling its earlier statements on clean air in harbours,\n\n"
        "Article 1\n\n"
        "1. Decides to meet again in the second half of the year;\n\n"
        "Done at Tallinn, 3 March 2025\n\n"
        "Share this: Facebook | Email\n"
    )
    seg = segment(text)
    assert [(b.kind, b.number) for b in seg.blocks] == [
        ("paragraph", None),
        ("paragraph", None),
        ("heading", "1"),
        ("paragraph", None),
        ("paragraph", None),
        ("flag", None),
    ]
    assert seg.blocks[-1].why.startswith("material after the last paragraph")


#: The same accord in Chinese (our own translation of our fixture), headings numbered 一、二、.
CHINESE = (
    "\n\n".join(
        [
            "港口清洁航运协定",
            "聚集在塔林的各港口认识到，航运承载着世界大部分贸易，其排放份额也在增长。",
            "我们决心在本十年结束前将靠泊船舶的排放减半，并相互分享有效做法。",
            "一、岸电",
            "每个港口将在最繁忙的泊位提供岸电，并每年公布其使用量。",
            "各港口将分担电缆和开关设备的费用，帮助小型运营者接入。",
            "二、更清洁的燃料",
            "我们将在靠泊时优先安排使用更清洁燃料的船舶，并每两年与船东共同审查这一名单。",
            "我们呼吁船东和燃料供应商加入本协定，并公开报告其进展。",
        ]
    )
    + "\n"
)


def test_a_chinese_text_aligns_by_its_section_numbers(project: Path) -> None:
    import_(project, capture(project, "news.txt", NEWS), "harbour-accord", "en-news")
    report = import_(
        project, capture(project, "zh.txt", CHINESE), "harbour-accord", "zh", language="zh"
    )
    assert [b.number for b in report.segmented.headings] == ["一", "二"]
    assert report.aligned == 6 and report.doubtful == []
    assert report.flags[0][0].text == "港口清洁航运协定"  # its title line, flagged
    data = fill(project / "sources" / "harbour-accord.yaml")
    assert [s["heading"] and s["heading"]["zh"] for s in data["sections"]] == [
        None,
        "一、岸电",
        "二、更清洁的燃料",
    ]
    assert data["paragraphs"][3]["text"]["zh"].startswith("各港口将分担")
    collate(project, data, "zh")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_flag_before_the_first_heading_stands_at_that_heading(project: Path) -> None:
    text = (
        "Coast News\n\n1. Shore power\n\nShare this: Facebook\n\n"
        "Each port will offer shore power at its busiest berths.\n\n"
        "2. Cleaner fuels\n\nWe will give priority at berth to vessels that run on cleaner fuels.\n"
    )
    import_(project, capture(project, "bare.txt", text), "bare-accord", "en")
    data = fill(project / "sources" / "bare-accord.yaml")
    assert [iv["at"] for iv in data["interventions"]] == [
        {"heading": "shore-power"},
        {"heading": "shore-power"},
    ]
    assert [s["id"] for s in data["sections"]] == ["shore-power", "cleaner-fuels"]
    collate(project, data, "en")
    assert run_cli("check", cwd=project).returncode == 0


def test_a_capture_cut_mid_sentence_is_reported(project: Path) -> None:
    cut = capture(project, "cut.txt", "We agree to meet.\n\nWe ask the ports to report on their\n")
    report = import_(project, cut, "cut-accord", "en")
    assert "warning: the capture may end mid-sentence (line 3): if it stops inside a " in "\n".join(
        report.lines()
    )
    assert not ends_mid_sentence(segment(NEWS))


#: A declaration of another shape, republished by a news site: a preamble, articles whose
#: "Article N" line stands directly above their text, lettered items after a colon (the items
#: of the paragraph ending in it).
ARTICLES = """RIVER POST | Home | Environment

Ministers agree on shared rivers. The full text is as follows:

We, the ministers of the river states, meeting at Oxbow on 2 May 2026,

Aware that a river does not stop at a border,

Have agreed as follows:

Article 1
Each state will publish every year how much water it takes from the
shared rivers.

Article 2
The states will set up a panel of engineers, which shall:

(a) agree how flow is measured;

(b) read the yearly figures; and

(c) report to the ministers.

Share this: Facebook | Email
"""

#: A second translation of it, as a web page would give it: bare Roman numerals as headings,
#: a translators' note before the text, and the last two lines of the preamble run together.
ARTICLES_SECOND = (
    "\n\n".join(
        [
            "We, ministers of the states of the river, assembled at Oxbow on 2 May 2026,",
            "A translation by volunteers, offered as is.",
            "We, the ministers of the river states, meeting at Oxbow on 2 May 2026,",
            "Knowing that a river does not stop at a border, have agreed as follows:",
            "I.",
            "Each state shall publish every year how much water it takes from the shared rivers.",
            "II.",
            "The states shall create a panel of engineers, which is to:",
            "(a) agree on how flow is measured;",
            "(b) read the figures of each year; and",
            "(c) report to the ministers.",
        ][1:]  # the first line is not in this capture: it starts with the volunteers' note
    )
    + "\n"
)


def test_articles_above_their_text_and_lettered_items_of_a_list(project: Path) -> None:
    seg = segment(ARTICLES)
    assert [(b.kind, b.number, b.first) for b in seg.blocks if b.kind != "flag"] == [
        ("paragraph", None, 5),
        ("paragraph", None, 7),
        ("paragraph", None, 9),
        ("heading", "1", 11),  # "Article 1" on its own line, its text on the next one
        ("paragraph", None, 12),
        ("heading", "2", 15),
        ("paragraph", None, 16),  # "… which shall:" holds the items (a)-(c)
    ]
    # "(b) read the yearly figures; and" is an item, not a heading
    assert [(i.label, i.text) for i in seg.blocks[-2].items] == [
        ("a", "agree how flow is measured;"),
        ("b", "read the yearly figures; and"),
        ("c", "report to the ministers."),
    ]
    # bare Roman numerals on their own line are headings too
    assert [(b.kind, b.number) for b in segment("Aware of it,\n\nIV.\n\nWe agree.\n").blocks] == [
        ("paragraph", None),
        ("heading", "IV"),
        ("paragraph", None),
    ]
    # a short titled heading above its text is cut off too; a wrapped sentence is not
    titled = segment(
        "We agree as follows:\n\nArticle 1 — Open figures\nEach state will publish its "
        "figures every year, in a form that\nothers can read.\n\n"
        "Article 3 of the earlier accord shall apply to all the states that\nsigned it.\n"
    )
    assert [(b.kind, b.first) for b in titled.blocks] == [
        ("paragraph", 1),
        ("heading", 3),
        ("paragraph", 4),
        ("paragraph", 7),
    ]
    # "Article premier" in a French text is article 1, so it matches "Article 1" and "I."
    french = segment("Sommes convenus de ce qui suit :\n\nArticle premier\nChaque État publie.\n")
    assert [(b.kind, b.number) for b in french.blocks] == [
        ("paragraph", None),
        ("heading", "premier"),
        ("paragraph", None),
    ]
    assert label_value("premier") == label_value("I") == "1"
    import_(project, capture(project, "articles.txt", ARTICLES), "river-accord", "en-post")
    data = fill(project / "sources" / "river-accord.yaml")
    assert [(s["id"], s["number"]) for s in data["sections"]] == [
        ("preamble", None),
        ("article-1", "1"),
        ("article-2", "2"),
    ]
    collate(project, data, "en-post")
    assert _problems(project / "sources" / "river-accord.yaml", project) == []


def test_a_same_language_text_is_paired_by_its_words_even_when_counts_agree(
    project: Path,
) -> None:
    import_(project, capture(project, "articles.txt", ARTICLES), "river-accord", "en-post")
    fill(project / "sources" / "river-accord.yaml")
    report = import_(
        project, capture(project, "second.txt", ARTICLES_SECOND), "river-accord", "en-2"
    )
    assert report.doubtful == [
        "para 3 has no counterpart in en-2 (marked absent)",
        "en-2 line 1 has no counterpart",
    ]
    data = yaml.safe_load((project / "sources" / "river-accord.yaml").read_text("utf-8"))
    text = {p["number"]: p["text"]["en-2"] for p in data["paragraphs"]}
    # a paragraph to review, before para 1: numbered by the editor (1A would follow para 1)
    before = "TODO: a number for paragraph 1 of those before para 1"
    assert text[before] == "A translation by volunteers, offered as is."
    assert text["1"].startswith("We, the ministers of the river states")
    assert text["2"].startswith("Knowing that a river")  # not shifted by the extra paragraph
    assert text["3"]["absent"] is True  # "Have agreed as follows:" is run into para 2 there
    assert text["4"].startswith("Each state shall publish")
    assert [s["heading"]["en-2"] for s in data["sections"] if s["heading"]] == ["I.", "II."]


def test_a_dropped_word_is_reported_with_its_capture_line(project: Path) -> None:
    import_(project, capture(project, "articles.txt", ARTICLES), "river-accord", "en-post")
    path = project / "sources" / "river-accord.yaml"
    todos = "\n".join(str(p) for p in _problems(path, project))
    assert "work.issuer: TODO: fill in who adopted or issued the declaration" in todos
    assert (
        "write work.adoption where neither" in todos
    )  # the phrase for an issuer that is not a meeting
    fill(path)
    text = path.read_text("utf-8")
    path.write_text(text.replace("how much water it takes", "how much it takes"), "utf-8")
    (problem,) = _problems(path, project)
    assert problem.path == "paragraphs[3].text.en-post"
    assert problem.message.startswith(
        "para 4 (en-post) differs from capture 'articles' at line 12 (the capture has: 'water "
        "it takes from the shared …') and no intervention or correction explains it"
    )


def _problems(path: Path, root: Path) -> list[Any]:
    try:
        load(path, root)
    except SourceError as err:
        return list(err.problems)
    return []


def test_a_text_in_another_language_missing_a_paragraph_is_paired_by_length_and_marks(
    project: Path,
) -> None:
    import_(project, capture(project, "articles.txt", ARTICLES), "river-accord", "en-post")
    fill(project / "sources" / "river-accord.yaml")
    french = (
        "Nous, ministres des États riverains, réunis à Oxbow le 2 mai 2026,\n\n"
        "Sommes convenus de ce qui suit :\n\n"  # the second line of the preamble is missing
        "Article premier\nChaque État publiera chaque année la quantité d'eau qu'il prélève "
        "dans les rivières partagées.\n\n"
        "Article 2\nLes États créeront un groupe d'ingénieurs, qui devra :\n\n"
        "(a) convenir de la mesure du débit ;\n\n(b) lire les chiffres annuels ; et\n\n"
        "(c) rendre compte aux ministres.\n"
    )
    report = import_(
        project, capture(project, "fr.txt", french), "river-accord", "fr", language="fr"
    )
    assert report.doubtful[0] == "para 2 has no counterpart in fr (marked absent)"
    data = yaml.safe_load((project / "sources" / "river-accord.yaml").read_text("utf-8"))
    fr = [p["text"]["fr"] for p in data["paragraphs"][:4]]
    assert fr[0].startswith("Nous, ministres")  # its date and place, and its share of the text
    assert fr[1]["absent"] is True  # "Aware that a river does not stop at a border,"
    assert fr[2] == "Sommes convenus de ce qui suit :"  # ends with a colon as "Have agreed …:"
    assert fr[3].startswith("Chaque État publiera")
    listed = data["paragraphs"][4]["items"]  # the list of article 2, item by item
    assert [i["text"]["fr"] for i in listed] == [
        "convenir de la mesure du débit ;",
        "lire les chiffres annuels ; et",
        "rendre compte aux ministres.",
    ]


def test_an_issuer_that_is_not_a_meeting_leaves_work_adoption_to_the_editor(
    project: Path,
) -> None:
    news = capture(project, "news.txt", NEWS)
    issuer = "Heads of State and Government of the Twelve Ports"
    result = run_cli(
        "import", str(news), "--work", "harbour-accord", "--expression", "en-news",
        "--language", "en", "--issuer", issuer, cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        f"warning: work.adoption: the issuer '{issuer}' does not name a meeting; write how the "
        "work was adopted (marked TODO)"
    ) in result.stdout
    path = project / "sources" / "harbour-accord.yaml"
    draft = yaml.safe_load(path.read_text("utf-8"))
    assert list(draft["work"])[4:6] == ["issuer", "adoption"]
    fill(path)
    line = line_of(path, "  adoption: ")
    assert [str(p) for p in _problems(path, project)] == [
        f"sources/harbour-accord.yaml:{line}: work.adoption: TODO: write how the work was "
        "adopted, as the outputs print it before the place and date (e.g. 'Agreed by …', "
        f"'Issued by …'): the issuer '{issuer}' does not name a meeting, so the outputs would "
        f"otherwise print 'Adopted by the {issuer}'"
    ]


def test_an_issuer_that_is_a_meeting_needs_no_adoption(project: Path) -> None:
    import_(
        project, capture(project, "news.txt", NEWS), "harbour-accord", "en-news",
        issuer="Third Harbour Summit of the Baltic Ports",
    )  # fmt: skip
    draft = yaml.safe_load((project / "sources" / "harbour-accord.yaml").read_text("utf-8"))
    assert "adoption" not in draft["work"]


#: A declaration with unnumbered, title-cased headings, and a newsroom headline spliced in.
LAKE_EN = """Lakeside Declaration on Shared Water

We, the ministers of the five lake states, meeting at Lakeside on 4 June 2026, agree as
follows:

Clean Water

Each state will test the water of the lake every month and publish the results within
thirty days.

Each state will end new discharges of untreated waste into the lake and its rivers by 2030.

Minister Says Lake Talks Went Well

The states will help the towns on the shore to build treatment plants, sharing the costs
fairly among them.

Fisheries and Wildlife

The states will set joint limits on the catch of each species, reviewed every three years.

The states will protect the reed beds where the birds of the lake breed.

Review and Reporting

The ministers will meet every two years at Lakeside to review this declaration.
"""

#: Our own French translation: sentence-case headings, a news site's junk spliced in.
LAKE_FR = """Journal du Lac | Environnement

Déclaration de Lakeside sur l'eau partagée

Nous, ministres des cinq États du lac, réunis à Lakeside le 4 juin 2026, convenons de ce
qui suit :

Eau propre

Chaque État analysera l'eau du lac chaque mois et en publiera les résultats dans un délai
de trente jours.

Chaque État mettra fin d'ici 2030 aux nouveaux rejets de déchets non traités dans le lac et
ses rivières.

Belle journée au bord du lac ! #Lakeside
— Lac Info (@lacinfo) June 4, 2026

Les États aideront les villes riveraines à construire des stations d'épuration, en
partageant les coûts équitablement entre elles.

Pêche et faune sauvage

Les États fixeront ensemble des limites de capture pour chaque espèce, revues tous les
trois ans.

<div class="pub"></div>

Les États protégeront les roselières où nichent les oiseaux du lac.

Examen et rapports

Les ministres se réuniront tous les deux ans à Lakeside pour examiner la présente
déclaration.

© 2026 Journal du Lac. Tous droits réservés.
"""


def _import_cli(project: Path, name: str, text: str, expr: str, lang: str) -> str:
    path = capture(project, name, text)
    args = ("--work", "lake-declaration", "--expression", expr, "--language", lang)
    result = run_cli("import", str(path), *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_unnumbered_headings_in_two_languages_and_notes_only_on_doubtful_pairs(
    project: Path,
) -> None:
    out = _import_cli(project, "lake-en.txt", LAKE_EN, "en", "en")
    assert "7 paragraphs, 3 headings, 2 flagged passages" in out
    assert (
        "line 13: a short line without closing punctuation between two paragraphs, like a "
        "headline spliced in (it reads as a sentence: it has the verb 'Says')" in out
    )
    assert (
        "  line 6: 'Clean Water': an unnumbered heading: a short line, title-cased, followed by "
        "a paragraph" in out
    )
    path = project / "sources" / "lake-declaration.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert [s["heading"] and s["heading"]["en"] for s in data["sections"]] == [
        None,
        "Clean Water",
        "Fisheries and Wildlife",
        "Review and Reporting",
    ]
    assert all(s["number"] is None for s in data["sections"])
    fill(path)

    # the French headings are sentence-case: the English headings at their place decide;
    # the site's junk is flagged, not counted, so no pair is doubted
    out = _import_cli(project, "lake-fr.txt", LAKE_FR, "fr", "fr")
    assert "aligned 7 of 7 paragraphs with existing paragraph ids; 0 doubtful" in out
    assert "heading absent" not in out
    assert "the en text has the heading 'Clean Water' at this place" in out
    data = fill(path)
    assert [s["heading"] and s["heading"]["fr"] for s in data["sections"]] == [
        None,
        "Eau propre",
        "Pêche et faune sauvage",
        "Examen et rapports",
    ]
    assert not any("note" in p for p in data["paragraphs"])
    collate(project, data, "en")
    collate(project, data, "fr")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_missing_paragraph_is_the_one_note_and_an_unpartnered_line_stays_flagged(
    project: Path,
) -> None:
    _import_cli(project, "lake-en.txt", LAKE_EN, "en", "en")
    path = project / "sources" / "lake-declaration.yaml"
    fill(path)
    reeds = "Les États protégeront les roselières où nichent les oiseaux du lac.\n\n"
    shorter = LAKE_FR.replace(reeds, "")
    # a title-cased line with no heading beside it in the English text: a headline spliced in
    shorter = shorter.replace("Les États aideront", "Nouvelles Du Lac\n\nLes États aideront")
    out = _import_cli(project, "lake-fr.txt", shorter, "fr", "fr")
    assert "aligned 6 of 6 paragraphs with existing paragraph ids; 1 doubtful" in out
    assert "doubtful alignment: para 6 has no counterpart in fr (marked absent)" in out
    assert (
        "a short line without closing punctuation between two paragraphs, like a headline "
        "spliced in (the en text has no heading at this place)" in out
    )
    data = yaml.safe_load(path.read_text("utf-8"))
    notes = {p["number"]: p.get("note") for p in data["paragraphs"]}
    assert [n for n, note in notes.items() if note] == []  # no note on any correct pair
    assert data["paragraphs"][5]["text"]["fr"]["note"].startswith("TODO: no paragraph of fr")
    data = fill(path)
    collate(project, data, "fr")


def test_short_lines_flagged_in_the_first_text_stay_flagged_when_the_second_agrees(
    project: Path,
) -> None:
    """French first: its sentence-case headings are flagged. The English headings at the same
    places are flagged too, naming the French lines: a second text never makes sections."""
    out = _import_cli(project, "lake-fr.txt", LAKE_FR, "fr", "fr")
    assert (
        "line 8: a short line without closing punctuation between two paragraphs, like a "
        "headline spliced in (it is not title-cased)" in out
    )
    path = project / "sources" / "lake-declaration.yaml"
    fill(path)
    before = yaml.safe_load(path.read_text("utf-8"))
    out = _import_cli(project, "lake-en.txt", LAKE_EN, "en", "en")
    assert (
        "line 6: an unnumbered heading: a short line, title-cased, followed by a paragraph, and "
        "the fr text has the short line 'Eau propre' at this place, flagged there too: if both "
        "are a heading, add the section by hand (a second text never changes the sections) "
        "[en-lines-6-6]" in out
    )
    assert "0 doubtful" in out and "heading absent" not in out
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["sections"] == before["sections"]
    assert [p["section"] for p in data["paragraphs"]] == [
        p["section"] for p in before["paragraphs"]
    ]
    reasons = {iv["text"]: iv["reason"] for iv in data["interventions"]}
    for heading in ("Clean Water", "Fisheries and Wildlife", "Review and Reporting"):
        assert reasons[heading].startswith("TODO: flagged by briefgen import as an unnumbered")
    assert reasons["Eau propre"].startswith("Not part of the declaration")  # as confirmed
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.count(".reason: TODO: flagged by briefgen import as an unnumbered") == 3
    data = fill(path)
    collate(project, data, "fr")
    collate(project, data, "en")
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_pair_whose_numbers_differ_is_the_one_doubted(project: Path) -> None:
    """A paragraph missing and a translator's note in its place: counts agree, one pair is wrong."""
    import_(project, capture(project, "lake-en.txt", LAKE_EN), "lake-declaration", "en")
    fill(project / "sources" / "lake-declaration.yaml")
    missing = (
        "Chaque État mettra fin d'ici 2030 aux nouveaux rejets de déchets non traités dans le "
        "lac et\nses rivières.\n\n"
    )
    note = "Traduction non officielle établie par la rédaction du journal en 2026.\n\n"
    french = LAKE_FR.replace(missing, "").replace("Les États aideront", note + "Les États aideront")
    report = import_(
        project, capture(project, "lake-fr.txt", french), "lake-declaration", "fr", language="fr"
    )
    assert report.doubtful == [
        "fr line 16 is paired with para 3 on weak evidence: their numbers differ (likeness 47%, "
        "its neighbours' 67%); check the alignment"
    ]


def test_an_unnumbered_heading_with_nothing_beside_it_is_doubted(project: Path) -> None:
    import_(project, capture(project, "lake-en.txt", LAKE_EN), "lake-declaration", "en")
    fill(project / "sources" / "lake-declaration.yaml")
    french = LAKE_FR.replace("Examen et rapports\n\n", "")
    report = import_(
        project, capture(project, "lake-fr.txt", french), "lake-declaration", "fr", language="fr"
    )
    assert report.absent_headings == ["fr: the heading 'Review and Reporting'"]
    data = yaml.safe_load((project / "sources" / "lake-declaration.yaml").read_text("utf-8"))
    assert data["sections"][3]["heading"]["fr"] == {
        "absent": True,
        "note": "TODO: the fr capture has no heading here; check that the heading 'Review and "
        "Reporting' is a heading and not a headline spliced in",
    }


#: Our own words, as a web page gives them: a no-break space before the space after each stop.
SPACED = (
    "We, the ports of the coast, meet at dawn.\u00a0 We agree on three things.\u00a0 Each of "
    "us will act.\n\n"
    "We will meet again next spring.\u00a0 The chair will write to each port in turn.\n"
)


def test_a_capture_with_no_break_spaces_after_stops_imports_and_builds_single_spaced(
    project: Path,
) -> None:
    path = capture(project, "spaced.txt", SPACED)
    result = run_cli(
        "import", str(path), "--work", "dawn-accord", "--expression", "en", "--language", "en",
        "--adopted", "2024-07-04", "--place", "Tallinn", cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    source = project / "sources" / "dawn-accord.yaml"
    data = fill(source)
    texts = [p["text"]["en"] for p in data["paragraphs"]]
    assert texts[0] == (
        "We, the ports of the coast, meet at dawn. We agree on three things. Each of us will act."
    )
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 0, checked.stderr
    built = run_cli("build", "--format", "html", "--kind", "edition", cwd=project)
    assert built.returncode == 0, built.stderr
    (html,) = (project / "build").rglob("edition-*.html")
    page = html.read_text("utf-8")
    assert "meet at dawn. We agree on three things. Each of us will act." in page
    assert "\u00a0 " not in page and "&nbsp; " not in page
