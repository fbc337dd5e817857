"""Projects to run briefgen on: a copy of the bundled one, or a small work written inline."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "shanghai-declaration-2024.yaml"
WORK = "shanghai-declaration-2024"
EXPRESSIONS = ("en-xinhua", "en-1ai")

#: The families the templates and the DOCX styles name (render/html/templates/common.css,
#: render/docx/document.py).
#: The faces the templates and briefgen's Word styles name, one or more per script.
FONT_FAMILIES = (
    "Noto Serif",
    "Noto Sans",
    "DejaVu Sans Mono",
    "Noto Naskh Arabic",
    "Noto Kufi Arabic",
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
)


def make_work(
    root: Path,
    texts: dict[str, list[str | None]],
    *,
    work_id: str = "test-declaration",
    languages: dict[str, str] | None = None,
    headings: dict[str, str] | None = None,
    items: dict[int, list[tuple[str | None, dict[str, str | None]]]] | None = None,
    marker: str = "({})",
    titles: dict[str, str] | None = None,
    original: str = "en",
    sub_items: dict[tuple[int, str], list[tuple[str | None, dict[str, str | None]]]] | None = None,
) -> Path:
    """Write sources/<work_id>.yaml with one capture per expression; return the YAML path.

    items: paragraph number -> its list, each item (label or None, {expression: text, or
    None where absent}); the capture prints each present item on a line of its own after the
    paragraph's lead-in, its label in `marker`'s form ("-" for an item without a label).
    titles: expression -> its title (default "Test Declaration (expr)"); original: the work's
    original language.
    sub_items: (paragraph number, item label) -> that item's own list, the same way; the
    capture prints it on the lines after the item's.
    """
    languages = languages or {}
    items = items or {}
    sub_items = sub_items or {}

    def line(expr: str, label: str | None, text: str) -> str:
        return f"{marker.format(label) if label else '-'} {text}"

    def captured(expr: str, n: int, lead: str) -> str:
        lines = [lead]
        for label, texts_ in items.get(n, []):
            if texts_.get(expr) is None:
                continue
            lines.append(line(expr, label, texts_[expr] or ""))
            lines += [
                line(expr, sub, subs[expr] or "")
                for sub, subs in sub_items.get((n, label or ""), [])
                if subs.get(expr) is not None
            ]
        return "\n".join(lines)

    sources = root / "sources"
    (sources / "captures").mkdir(parents=True, exist_ok=True)
    captures: list[dict[str, Any]] = []
    expressions: list[dict[str, Any]] = []
    for expr, paras in texts.items():
        # None: the paragraph is absent from it
        kept = [captured(expr, n, p) for n, p in enumerate(paras, 1) if p is not None]
        body = "\n\n".join(([headings[expr]] if headings else []) + kept) + "\n"
        path = sources / "captures" / f"{expr}.txt"
        path.write_text(body, "utf-8")
        captures.append(
            {
                "id": f"c-{expr}",
                "file": f"captures/{expr}.txt",
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "publisher": "Test Publisher",
                "title": f"Test capture {expr}",
                "url": f"https://example.org/{expr}",
                "published": None,
                "content": "Fixture.",
            }
        )
        expressions.append(
            {
                "id": expr,
                "language": languages.get(expr, "en"),
                "name": f"Text {expr}",
                "title": (titles or {}).get(expr, f"Test Declaration ({expr})"),
                "authoritative": False,
                "capture": f"c-{expr}",
            }
        )
    count = len(next(iter(texts.values())))
    data = {
        "format": "briefgen/1",
        "work": {
            "id": work_id,
            "title": "Test Declaration",
            "adopted": "2024-07-04",
            "place": "Geneva",
            "issuer": "A Test Conference",
            "original_language": original,
        },
        "edition": {"date": "2026-01-02", "editors": "test editors"},
        "captures": captures,
        "expressions": expressions,
        "sections": [
            {
                "id": "main",
                "number": "1" if headings else None,
                "heading": dict(headings) if headings else None,
            }
        ],
        "paragraphs": [
            {
                "id": f"p{i}",
                "number": str(i),
                "section": "main",
                "text": {
                    e: {"absent": True} if paras[i - 1] is None else paras[i - 1]
                    for e, paras in texts.items()
                },
            }
            for i in range(1, count + 1)
        ],
    }
    for n, listed in items.items():
        data["paragraphs"][n - 1]["items"] = [
            {
                "id": f"p{n}-{label or j}",
                "label": label,
                "text": {e: {"absent": True} if t is None else t for e, t in texts_.items()},
            }
            for j, (label, texts_) in enumerate(listed, 1)
        ]
    for (n, above), listed in sub_items.items():
        item = next(it for it in data["paragraphs"][n - 1]["items"] if it["label"] == above)
        item["items"] = [
            {
                "id": f"p{n}-{above}-{label or j}",
                "label": label,
                "text": {e: {"absent": True} if t is None else t for e, t in texts_.items()},
            }
            for j, (label, texts_) in enumerate(listed, 1)
        ]
    out = sources / f"{work_id}.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return out


def private_fonts(folder: Path) -> dict[str, str]:
    """Give builds run with the returned environment fonts of their own; return that environment.

    A build's input digests cover the fonts installed (inputs.fonts_digest), so a font that
    anything else installs on the machine while a test runs changes them between two builds
    the test compares. Here fontconfig, in `fc-list` and in WeasyPrint alike, sees only the
    fonts the templates name (links to the installed files), in `folder/fonts`, and keeps no
    cache (a font added there is seen at once).
    """
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    for family in FONT_FAMILIES:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\\n", family],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for file in listing.splitlines():
            if not (fonts / Path(file).name).exists():  # a collection holds several families
                # linked, not copied: the CJK collections are 20-27 MB each
                (fonts / Path(file).name).symlink_to(file)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{escape(str(fonts))}</dir></fontconfig>\n",
        "utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


def line_of(file: Path | str, words: str) -> int:
    """The number (from 1) of the one line of a file, or of a text, that holds these words."""
    text = file.read_text("utf-8") if isinstance(file, Path) else file
    found = [n for n, line in enumerate(text.splitlines(), 1) if words in line]
    assert len(found) == 1, f"{words!r} is on lines {found}, not on one line"
    return found[0]


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run briefgen in a real subprocess, as a user would (env: variables to add)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _others(folder: str, names: list[str]) -> list[str]:
    """The names in the bundled sources folder that are not the Shanghai Declaration's."""
    work = SOURCE.removesuffix(".yaml")
    if Path(folder) != ROOT / "sources":
        return []
    return [n for n in names if n.endswith(".yaml") and not n.startswith(work)]


class Project:
    """A throwaway copy of the bundled project whose source can be edited."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # the Shanghai Declaration alone, with the captures, and no collection: the other works
        # of the bundled collection are not what these tests edit, and a collection's outputs
        # (tested in test_collection_outputs.py and test_bundled_collection.py) would double
        # every build here. Its theme assignments become comments, so every line keeps its
        # number (tests name lines of the bundled source).
        shutil.copytree(
            ROOT / "sources",
            root / "sources",
            ignore=lambda folder, names: [*_others(folder, names), "collections"],
        )
        self.source = root / "sources" / SOURCE
        self.source.write_text(
            re.sub(
                r"(?m)^(\s+)themes: (.*)$",
                r"\1# themes of the bundled collection: \2",
                self.source.read_text("utf-8"),
            ),
            "utf-8",
        )

    def text(self) -> str:
        return self.source.read_text("utf-8")

    def replace(self, old: str, new: str, count: int = 1) -> None:
        """Edit the source text; the old text must be there."""
        text = self.text()
        assert old in text, f"fixture edit: {old!r} not in the source"
        self.source.write_text(text.replace(old, new, count), "utf-8")

    def edit(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Edit the source as data and write it back as YAML."""
        data = yaml.safe_load(self.text())
        change(data)
        self.source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    def capture(self, capture_id: str) -> Path:
        """The file of a capture of the source, by its id."""
        data = yaml.safe_load(self.text())
        file = next(c["file"] for c in data["captures"] if c["id"] == capture_id)
        return self.source.parent / file

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, cwd=self.root)


# ----------------------------------------------------------------------------- a typo corrected

# Para 16 of the 1AI text lacks a comma after "etc."; the correction tests correct it.
OLD = "institutions, etc. to share"
NEW = "institutions, etc., to share"
TYPO = {
    "date": "2026-11-22",
    "expression": "en-1ai",
    "paragraphs": ["international-cooperation-on-testing"],
    "type": "typo",
    "reason": "A comma is missing after etc.",
    "before": "etc. to",
    "after": "etc., to",
}


def edit(project: Project, change: Any) -> None:
    """Edit a project's source as data and write it back as YAML."""
    project.edit(change)


def paragraph(data: dict[str, Any], pid: str) -> dict[str, Any]:
    """The paragraph of a source (as data) with this id."""
    return next(p for p in data["paragraphs"] if p["id"] == pid)


def correct_typo(data: dict[str, Any]) -> None:
    """Correct para 16 of the 1AI text and record the correction."""
    p = paragraph(data, "international-cooperation-on-testing")
    assert OLD in p["text"]["en-1ai"]
    p["text"]["en-1ai"] = p["text"]["en-1ai"].replace(OLD, NEW)
    data["corrections"] = [TYPO]


def correct_word(source: Path, para: str, expression: str, before: str, after: str) -> None:
    """Change one word of a paragraph of a source file, recorded as a correction made today,
    in one save (a work of make_work's: its paragraphs' ids are p1, p2, …)."""
    data = yaml.safe_load(source.read_text("utf-8"))
    p = paragraph(data, para)
    assert before in p["text"][expression], f"fixture edit: {before!r} not in {para}"
    p["text"][expression] = p["text"][expression].replace(before, after)
    data["corrections"] = [
        {
            "date": datetime.date.today().isoformat(),
            "expression": expression,
            "paragraphs": [para],
            "type": "typo",
            "reason": f"{after.capitalize()}, not {before}.",
            "before": before,
            "after": after,
        }
    ]
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def filled_in(path: Path, filled: dict[str, Any]) -> dict[str, Any]:
    """Return a drafted source as data with its metadata TODOs filled from `filled` (work,
    edition, and each capture's and expression's fields), as an editor fills them."""
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    for key, value in filled["work"].items():
        if data["work"][key] == "TODO":
            data["work"][key] = value
    data["edition"] = filled["edition"]
    for part in ("captures", "expressions"):
        for record in data[part]:
            for key, value in filled[part].items():
                if record.get(key) == "TODO":
                    record[key] = value
    return data
