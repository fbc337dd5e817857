"""Works unlike the bundled one, built to every format: what each output says and leaves out.

Three fixture works, written here in our own words, each built once for the module:

- valletta: one text, authoritative, no brief, glossary, related instruments or pack settings;
  its issuer is not a meeting (`adoption` says how it was adopted) and its title starts "The";
- lisbon: two English texts, one authoritative, a brief with no context and no related
  instruments, a pack without comparison or annex;
- nairobi: three texts (English, French, Chinese), a glossary, no brief.
"""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from pypdf import PdfReader

from tests.support.pdf import pdf_text
from tests.support.projects import run_cli

# Long enough that some pages of the edition hold a single paragraph.
_SOUNDINGS = " ".join(
    f"For survey zone {k}, each state will publish its soundings, tide records and seabed "
    f"charts openly, in formats others can read without cost, within one year of collection."
    for k in range(1, 31)
)
VALLETTA = [
    "We, the coastal states gathered in Valletta, recognise that knowledge of the sea is "
    "shared by everyone who depends on it.",
    _SOUNDINGS,
    "We will meet again in two years to review what has been done and to agree on the next "
    "steps. " + _SOUNDINGS.replace("survey zone", "coastal sector"),
]
LISBON_OFFICIAL = [
    "Public records belong to the public, and archives hold them in trust for all.",
    "Every archive should publish a catalogue of its holdings that anyone can search.",
    "Records should be kept in formats that will still be readable in fifty years.",
    "Archives should share their methods, so that small archives can learn from large ones.",
]
LISBON_DIGEST = [
    "Public records belong to the public; archives keep them in trust for everyone.",
    "Each archive should publish a searchable catalogue of what it holds.",
    "Records should be stored in formats that can still be read in fifty years' time.",
    "Archives should share how they work, so small archives can learn from big ones.",
]
NAIROBI = {
    "en": [
        "Weather data helps every farmer, sailor and city plan for tomorrow.",
        "We will exchange weather data freely between our national services.",
        "We will train forecasters together and share the results of our research.",
    ],
    "fr": [
        "Les données météorologiques aident chaque agriculteur, marin et ville à préparer demain.",
        "Nous échangerons librement les données météorologiques entre nos services nationaux.",
        "Nous formerons ensemble les prévisionnistes et partagerons les résultats de nos travaux.",
    ],
    "zh": [
        "气象数据帮助每一位农民、水手和城市为明天做好准备。",
        "我们将在各国气象部门之间自由交换气象数据。",
        "我们将共同培训预报员，并分享研究成果。",
    ],
}
NAMES = {
    "en-official": "Official English text",
    "en-digest": "Unofficial English digest",
    "en": "English text",
    "fr": "French text",
    "zh": "Chinese text",
}


def write_work(
    sources: Path,
    work: dict[str, Any],
    texts: dict[str, list[str]],
    authoritative: set[str],
    languages: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Write one work (its captures and YAML) into sources/; return its data."""
    (sources / "captures").mkdir(parents=True, exist_ok=True)
    captures, expressions = [], []
    for expr, paras in texts.items():
        body = "\n\n".join(paras) + "\n"
        name = f"{work['id']}-{expr}.txt"
        (sources / "captures" / name).write_text(body, "utf-8")
        captures.append(
            {
                "id": f"c-{expr}",
                "file": f"captures/{name}",
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "publisher": "Fixture Press",
                "title": f"{work['title']} ({NAMES[expr]})",
                "url": f"https://example.org/{work['id']}/{expr}",
                "published": None,
                "content": "A fixture written for the tests.",
            }
        )
        expressions.append(
            {
                "id": expr,
                "language": (languages or {}).get(expr, "en"),
                "name": NAMES[expr],
                "title": work["title"],
                "authoritative": expr in authoritative,
                "capture": f"c-{expr}",
            }
        )
    count = len(next(iter(texts.values())))
    data = {
        "format": "briefgen/1",
        "work": work,
        "edition": {"date": "2026-01-02", "editors": "test editors"},
        "captures": captures,
        "expressions": expressions,
        "sections": [{"id": "text", "number": None, "heading": None}],
        "paragraphs": [
            {
                "id": f"p{i}",
                "number": str(i),
                "section": "text",
                "text": {e: paras[i - 1] for e, paras in texts.items()},
            }
            for i in range(1, count + 1)
        ],
        **extra,
    }
    path = sources / f"{work['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return data


def work(id: str, title: str, issuer: str, **more: str) -> dict[str, Any]:
    return {
        "id": id,
        "title": title,
        "adopted": "2025-03-03",
        "place": id.capitalize(),
        "issuer": issuer,
        **more,
        "original_language": "en",
    }


LISBON_BRIEF = {
    "format": "briefgen-brief/1",
    "work": "lisbon",
    "date": "2026-01-05",
    "headline": "Archives agree to open catalogues and lasting formats",
    "summary": "The principles ask archives to hold records in trust [[p1]] and to publish "
    "searchable catalogues [[p2]].",
    "key_points": [
        {"text": "Records are held in trust for the public.", "cites": ["p1"]},
        {"text": "Catalogues are published and searchable.", "cites": ["p2"]},
        {"text": "Formats are chosen to last fifty years.", "cites": ["p3"]},
        {"text": "Methods are shared between archives.", "cites": ["p4"]},
        {"text": "Small archives learn from large ones.", "cites": ["p4", "p1"]},
    ],
    "translation_note": "The digest shortens the official wording throughout [[p2]].",
}


def make_project(root: Path) -> Path:
    """Write the three fixture works (and the Lisbon brief) into root/sources."""
    sources = root / "sources"
    write_work(
        sources,
        work(
            "valletta",
            "The Valletta Statement on Coastal Data",
            "Coastal states attending the Valletta meeting",
            adoption="Agreed by the coastal states attending the Valletta meeting",
        ),
        {"en-official": VALLETTA},
        {"en-official"},
    )
    write_work(
        sources,
        work("lisbon", "Lisbon Principles for Public Records", "The Hague Forum on Archives"),
        {"en-official": LISBON_OFFICIAL, "en-digest": LISBON_DIGEST},
        {"en-official"},
        pack={"parts": ["brief", "editions", "provenance"]},
    )
    (sources / "lisbon.brief.yaml").write_text(yaml.safe_dump(LISBON_BRIEF), "utf-8")
    write_work(
        sources,
        work("nairobi", "Nairobi Declaration on Weather Services", "Nairobi Weather Conference"),
        NAIROBI,
        {"en"},
        {"fr": "fr", "zh": "zh"},
        glossary=[
            {
                "id": "weather-data",
                "term": "weather data",
                "sense": "observations and forecasts",
                "renderings": {
                    "en": ["weather data"],
                    "fr": ["données météorologiques"],
                    "zh": ["气象数据"],
                },
            }
        ],
    )
    return root


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the three works to every format once, through the real CLI; return build/."""
    root = make_project(tmp_path_factory.mktemp("shapes"))
    result = run_cli("build", "--format", "all", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "build"


def layout_text(path: Path) -> str:
    return pdf_text(path, layout=True)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def html_text(path: Path) -> str:
    inline = re.sub(r"</?(a|span|strong|em|del|ins)\b[^>]*>", "", path.read_text("utf-8"))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def every_format(folder: Path, stem: str) -> str:
    """The text of one output in PDF, DOCX and HTML, joined: what any of them says (each
    format's text on one line, so a phrase the PDF wraps over two lines is still found)."""
    return "\n".join(
        " ".join((layout_text, docx_text, html_text)[i](folder / f"{stem}.{ext}").split())
        for i, ext in enumerate(("pdf", "docx", "html"))
    )


def test_every_format_is_written_and_nothing_that_cannot_exist(shapes: Path) -> None:
    names = {w: sorted(p.name for p in (shapes / w).iterdir()) for w in ("valletta", "lisbon")}
    editions = [f"edition-en-official.{x}" for x in ("docx", "html", "pdf")]
    records = ["citations.bib", "citations.json", "citations.ris"]
    assert names["valletta"] == sorted([*editions, *records, "pack.docx", "pack.pdf"])
    assert "comparison-en-official-en-digest.pdf" in names["lisbon"]
    assert {"brief.pdf", "brief.docx", "brief.html"} <= set(names["lisbon"])
    nairobi = {p.name for p in (shapes / "nairobi").iterdir()}
    assert {f"comparison-en-fr-zh.{x}" for x in ("pdf", "docx", "html")} <= nairobi
    assert not any(n.startswith("brief") for n in nairobi)


def test_adoption_is_phrased_as_the_source_says(shapes: Path) -> None:
    text = every_format(shapes / "valletta", "edition-en-official")
    agreed = "Agreed by the coastal states attending the Valletta meeting, Valletta, 3 March 2025"
    assert text.count(agreed) >= 3
    assert "Adopted at" not in text
    lisbon = every_format(shapes / "lisbon", "edition-en-official")
    assert "Adopted at The Hague Forum on Archives, Lisbon, 3 March 2025" in lisbon
    assert "the The" not in lisbon


def test_status_of_an_authoritative_text(shapes: Path) -> None:
    text = every_format(shapes / "valletta", "edition-en-official")
    assert text.count("Authoritative text.") == 3 and "Not an authoritative" not in text
    brief = every_format(shapes / "lisbon", "brief")
    assert brief.count("the Official English text is authoritative") == 3
    assert "no text here is authoritative" not in brief


def test_one_paragraph_running_heads_say_para(shapes: Path) -> None:
    for name in ("edition-en-official.pdf", "pack.pdf"):
        text = layout_text(shapes / "valletta" / name)
        assert re.search(r"\bpara [23]\b", text), name
        assert not re.search(r"paras (\w+)–\1\b", text), name


def test_pack_of_a_one_text_work(shapes: Path) -> None:
    pack = PdfReader(shapes / "valletta" / "pack.pdf")
    subject = str(pack.metadata.subject)
    assert subject == (
        "Clean edition (Official English text) and sources of The Valletta Statement on "
        "Coastal Data (Valletta, 2025-03-03); briefgen edition 1.0.0"
    )
    outline = [item.title for item in pack.outline if not isinstance(item, list)]
    assert outline == ["Contents", "Clean edition: Official English text", "Appendix: provenance"]
    text = layout_text(shapes / "valletta" / "pack.pdf") + docx_text(
        shapes / "valletta" / "pack.docx"
    )
    assert "Comparison" not in text and "Policy brief" not in text


def test_brief_without_context_or_related(shapes: Path) -> None:
    pdf = shapes / "lisbon" / "brief.pdf"
    assert len(PdfReader(pdf).pages) == 1
    # the heading stands below the last key point, not over it
    box = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', box)
    last_point = max(float(y1) for y0, y1, w in words if w == "ones.")
    heading = next(float(y0) for y0, y1, w in words if w == "TRANSLATION")
    assert heading > last_point
    text = every_format(shapes / "lisbon", "brief")
    assert "Context" not in text and "Related instruments" not in text
    assert text.count("The digest shortens the official wording throughout para 2.") == 3


def test_pack_holds_the_parts_the_source_names(shapes: Path) -> None:
    pack = PdfReader(shapes / "lisbon" / "pack.pdf")
    outline = [item.title for item in pack.outline if not isinstance(item, list)]
    assert outline == [
        "Contents",
        "Policy brief",
        "Clean edition: Official English text",
        "Clean edition: Unofficial English digest",
        "Appendix: provenance",
    ]
    assert str(pack.metadata.subject).startswith(
        "Policy brief, clean editions (Official English text, Unofficial English digest) and "
        "sources of the Lisbon Principles for Public Records (Lisbon, 2025-03-03)"
    )


def test_three_texts_and_a_glossary(shapes: Path) -> None:
    text = every_format(shapes / "nairobi", "comparison-en-fr-zh")
    for line in ("我们将共同培训预报员", "Nous formerons ensemble", "We will train forecasters"):
        assert text.count(line) >= 3, line
    assert text.count("données météorologiques") >= 3
    assert (
        text.count(
            "matching the English, French and Chinese forms listed in the source's glossary; they "
            "are a reading aid, not an alignment of the texts."
        )
        == 3
    )
    assert "Adopted at the Nairobi Weather Conference, Nairobi, 3 March 2025" in text
    pack = layout_text(shapes / "nairobi" / "pack.pdf")
    assert "Policy brief" not in pack and "related instruments" not in pack.lower()
    chinese = every_format(shapes / "nairobi", "edition-zh")
    assert chinese.count("我们将在各国气象部门之间自由交换气象数据。") == 3
    assert chinese.count("非作准文本。") == 3  # the Chinese edition says it in Chinese


# ----------------------------------------------------------------------------- checks


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("check", cwd=root)


def edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def test_a_one_text_brief_needs_no_translation_note(project: Path) -> None:
    brief = {**LISBON_BRIEF, "work": "valletta"}
    del brief["translation_note"]
    brief["summary"] = "The statement opens survey data [[p2]]."
    brief["key_points"] = [{"text": f"Point {i}.", "cites": ["p1"]} for i in range(5)]
    (project / "sources" / "valletta.brief.yaml").write_text(yaml.safe_dump(brief), "utf-8")
    result = run_cli("build", "-f", "html", "-f", "docx", "--kind", "brief", cwd=project)
    assert result.returncode == 0, result.stderr
    text = html_text(project / "build/valletta/brief.html")
    text += docx_text(project / "build/valletta/brief.docx")
    assert "Translation note" not in text and "same in every text" not in text
    assert text.count("the Official English text is authoritative") == 2


def test_every_brief_problem_at_once(project: Path) -> None:
    path = project / "sources" / "lisbon.brief.yaml"

    def spoil(data: dict[str, Any]) -> None:
        data["translation_note"] = None
        del data["headline"]
        data["key_points"][1]["cites"] = ["p9"]

    edit(path, spoil)
    result = check(project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    text = path.read_text("utf-8").splitlines()
    at = next(i for i, t in enumerate(text, 1) if t.strip() == "- p9")
    note = next(i for i, t in enumerate(text, 1) if "translation_note" in t)
    assert lines == [
        "error: sources/lisbon.brief.yaml:1: headline: missing (a required field)",
        f"error: sources/lisbon.brief.yaml:{at}: key_points[1].cites[0]: unknown paragraph id "
        "'p9' (see paragraphs[].id in sources/lisbon.yaml)",
        f"error: sources/lisbon.brief.yaml:{note}: translation_note: missing (the work has 2 "
        "texts: say how they differ, citing paragraphs with [[id]])",
    ]
    assert "pydantic" not in result.stderr


def test_a_two_text_brief_needs_its_translation_note(project: Path) -> None:
    path = project / "sources" / "lisbon.brief.yaml"
    edit(path, lambda d: d.update(translation_note=None))
    result = check(project)
    at = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "translation_note" in t)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: sources/lisbon.brief.yaml:{at}: translation_note: missing (the work has 2 texts: "
        "say how they differ, citing paragraphs with [[id]])\n"
    )


def test_pack_parts_the_work_lacks_are_errors(project: Path) -> None:
    path = project / "sources" / "valletta.yaml"
    edit(path, lambda d: d.update(pack={"parts": ["comparison", "editions", "related"]}))
    result = check(project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if t == "pack:")
    assert lines == [
        f"error: sources/valletta.yaml:{line + 2}: pack.parts[0]: 'comparison' cannot be in the "
        "pack: the work has one text, so nothing to compare; remove it",
        f"error: sources/valletta.yaml:{line + 4}: pack.parts[2]: 'related' cannot be in the "
        "pack: the work lists no related instruments (add 'related:'); remove it",
    ]


def test_asking_for_what_a_work_cannot_have_says_why(project: Path) -> None:
    result = run_cli("build", "--kind", "comparison", "--work", "valletta", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "note: no comparison of valletta: it has one text, so there is nothing to compare\n"
        "wrote 0 file(s)"
    )


def test_a_correction_dated_in_the_future_is_refused(project: Path) -> None:
    path = project / "sources" / "valletta.yaml"
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)

    def correct(data: dict[str, Any]) -> None:
        data["corrections"] = [
            {"date": tomorrow, "expression": "en-official", "type": "metadata", "reason": "Why."}
        ]

    edit(path, correct)
    result = check(project)
    assert result.returncode == 1
    lines = path.read_text().splitlines()
    line = next(i for i, t in enumerate(lines, 1) if f"date: {tomorrow}" in t)
    assert result.stderr.startswith(
        f"error: sources/valletta.yaml:{line}: corrections[0].date: {tomorrow} is after today "
    )


def test_a_mistyped_sha256_is_not_called_a_damaged_capture(project: Path) -> None:
    path = project / "sources" / "valletta.yaml"
    real = yaml.safe_load(path.read_text())["captures"][0]["sha256"]
    typo = real[:10] + ("0" if real[10] != "0" else "1") + real[11:]
    edit(path, lambda d: d["captures"][0].update(sha256=typo))
    result = check(project)
    assert result.returncode == 1
    message = result.stderr
    assert f"does not match its recorded SHA-256 {typo}; the file's own is {real}." in message
    assert "(the two differ in 1 of 64 digits: most likely a typing slip)" in message
    assert "correct it, if the file is the original capture" in message
    assert "restore" not in message


def test_the_notice_cites_a_paragraph_the_work_has(project: Path) -> None:
    def correct(data: dict[str, Any]) -> None:
        data["paragraphs"][0]["text"]["en-official"] = VALLETTA[0].replace("sea is", "sea is,")
        data["corrections"] = [
            {
                "date": "2026-01-03",
                "expression": "en-official",
                "paragraphs": ["p1"],
                "type": "typo",
                "reason": "A comma was missing.",
                "before": "sea is",
                "after": "sea is,",
            }
        ]

    edit(project / "sources" / "valletta.yaml", correct)
    result = run_cli("build", "-f", "html", "--kind", "notice", cwd=project)
    assert result.returncode == 0, result.stderr
    text = html_text(project / "build/valletta/notice.html")
    assert "a citation of “para 1” in the earlier edition" in text
    assert "para 13" not in text
