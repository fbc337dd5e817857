"""A corpus of malformed sources, briefs, registers and command lines.

Each case breaks a copy of the bundled project one way and runs briefgen on it. Every case must
end with exit 1 (2 for a usage error), a message naming the file (and its line and field where
there is one), no traceback, nothing written under sources/ and the earlier build untouched.
Most cases run `check` and `build` in-process; a handful, the ones that used to crash the
interpreter, run in a real subprocess.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.limits import CAPTURE_BYTES, TEXT_CHARS, WORD_CHARS
from tests.support.projects import ROOT, WORK, run_cli

SRC = f"sources/{WORK}.yaml"
BRIEF = f"sources/{WORK}.brief.yaml"
REG = f"sources/{WORK}.numbers.yaml"


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, and what briefgen must say about it."""

    id: str
    edit: Callable[[Path], None]
    file: str = SRC
    field: str = ""
    line: str | None = None  # a text of the broken file whose line the message must name
    words: str = ""  # words the message must contain
    args: tuple[str, ...] = ("check",)
    code: int = 1
    subprocess: bool = False
    audit: str = ""  # for a case from the issue-23 audit: what briefgen did before (AUDIT)
    env: tuple[tuple[str, str], ...] = ()  # environment variables the command runs with


#: What briefgen did with a bad input before the issue-23 audit's cases were fixed: the corpus
#: keeps at least one case of each class the audit found (clean: the message was right already).
AUDIT = ("clean", "traceback", "hang", "wrongly accepted", "leak", "data loss")


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / name
        text = path.read_text("utf-8")
        assert old in text, f"fixture edit: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return edit


def _append(name: str, more: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / name
        path.write_text(path.read_text("utf-8") + more, "utf-8")

    return edit


def _write(name: str, content: bytes) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / name).write_bytes(content)

    return edit


def _nothing(root: Path) -> None:
    pass


CAPTURE = "sources/captures/000_53d00fd43ba9a69c.txt"


def _zip(name: str, project_file: str, content: bytes) -> Callable[[Path], None]:
    """A ZIP named `name` holding no Word parts, and a briefgen.toml naming it."""

    def edit(root: Path) -> None:
        with zipfile.ZipFile(root / name, "w") as package:
            package.writestr("notes.txt", "not a Word document")
        (root / project_file).write_bytes(content)

    return edit


def _capture_loop(root: Path) -> None:
    """Name, as the capture, a symlink that leads to a symlink leading back to it."""
    folder = root / "sources" / "captures"
    (folder / "loop-a").symlink_to("loop-b")
    (folder / "loop-b").symlink_to("loop-a")
    _replace(SRC, "    file: captures/000_53d00fd43ba9a69c.txt", "    file: captures/loop-a")(root)


def _grow(name: str, size: int) -> Callable[[Path], None]:
    """Make a file `size` bytes long (a sparse file: nothing is written)."""

    def edit(root: Path) -> None:
        with (root / name).open("r+b") as f:
            f.truncate(size)

    return edit


def src(id: str, old: str, new: str, where: str, words: str, line: str | None = "") -> Case:
    """A case made by replacing one text of the source; the message names the new text's line."""
    anchor = new.strip().splitlines()[0] if line == "" else line
    return Case(id, _replace(SRC, old, new), SRC, where, anchor, words)


def brief(id: str, old: str, new: str, where: str, words: str, line: str | None = "") -> Case:
    anchor = new.strip().splitlines()[0] if line == "" else line
    return Case(id, _replace(BRIEF, old, new), BRIEF, where, anchor, words)


def register(id: str, old: str, new: str, words: str, line: str | None = None) -> Case:
    return Case(id, _replace(REG, old, new), REG, "", line, words)


def cli(id: str, args: tuple[str, ...], code: int, words: str, file: str = "") -> Case:
    return Case(id, _nothing, file, "", None, words, args, code)


#: A capture in our own words, for the import cases.
ACCORD = (
    "We, the river towns, agree to keep the banks open to walkers all year.\n\n"
    "We will mend the paths that floods wash away before the next spring.\n"
)


def _capture(name: str, content: bytes = ACCORD.encode()) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / "in").mkdir(exist_ok=True)
        (root / "in" / name).write_bytes(content)

    return edit


def _fifo(root: Path) -> None:
    (root / "in").mkdir(exist_ok=True)
    if not (root / "in" / "pipe.txt").exists():
        os.mkfifo(root / "in" / "pipe.txt")


def _linked_source(root: Path) -> None:
    """A work drafted in a folder outside sources/, its source symlinked into sources/."""
    from briefgen.importer.draft import Options, run

    _capture("first.txt")(root)
    elsewhere = root / "elsewhere"
    if not (elsewhere / "linked-out.yaml").exists():
        run(Options(root / "in" / "first.txt", "linked-out", "en", "en"), elsewhere)
    (root / "sources" / "linked-out.yaml").symlink_to(elsewhere / "linked-out.yaml")
    _capture("second.txt", ACCORD.replace("We", "Nous").encode())(root)


def _linked_captures(root: Path) -> None:
    """A sources folder whose captures/ is a symlink to a folder outside it."""
    _capture("accord.txt")(root)
    (root / "outside").mkdir(exist_ok=True)
    (root / "linked").mkdir(exist_ok=True)
    if not (root / "linked" / "captures").is_symlink():
        (root / "linked" / "captures").symlink_to(root / "outside")


def _entry(name: str, kind: str) -> Callable[[Path], None]:
    """A name that is no readable file: a symlink loop, a dangling symlink, a FIFO, a folder."""

    def edit(root: Path) -> None:
        path = root / name
        if kind == "loop":
            path.symlink_to(path.name)
        elif kind == "dangling":
            path.symlink_to("nowhere.yaml")
        elif kind == "fifo":
            os.mkfifo(path)
        else:
            path.mkdir()

    return edit


def _sparse(name: str, size: int) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        with open(root / name, "wb") as f:
            f.truncate(size)

    return edit


def imp(
    id: str,
    edit: Callable[[Path], None],
    capture: str,
    file: str,
    words: str,
    audit: str,
    work: str = "river-towns",
    more: tuple[str, ...] = (),
    code: int = 1,
) -> Case:
    """An import case: the capture `edit` makes, imported as a new work (or `more` options)."""
    args = ("import", capture, "--work", work, "--expression", "en", "--language", "en", *more)
    return Case(id, edit, file, "", None, words, args, code, audit=audit)


ELF = b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x02\x00>\x00" + b"We agree.\n" * 40


#: A second text to import into the bundled source (a paragraph of its own, re-typed).
SECOND_TEXT = b"We are fully aware of the far-reaching impact of artificial intelligence.\n"
IMPORT_SECOND = (
    "import",
    "second-text.txt",
    "--work",
    WORK,
    "--expression",
    "fr",
    "--language",
    "fr",
)


def existing_source(
    id: str, old: str, new: str, where: str, words: str, line: str, *more: tuple[str, str]
) -> Case:
    """An import of a second text into a source that check refuses: refused as check does
    (`more`: further (old, new) replacements of the same source)."""

    def edit(root: Path) -> None:
        for a, b in ((old, new), *more):
            _replace(SRC, a, b)(root)
        (root / "second-text.txt").write_bytes(SECOND_TEXT)

    return Case(id, edit, SRC, where, line, words, IMPORT_SECOND, audit="traceback")


PLACE = "  place: Shanghai"
TITLE = "  title: Shanghai Declaration on Global AI Governance\n  short_title:"
DEEP_FLOW = "deep: " + "[" * 30000 + "]" * 30000 + "\n"
DEEP_BLOCK = "deep:\n" + "".join("  " * i + f"k{i}:\n" for i in range(400)) + "  " * 400 + "v\n"
P1_NUMBER = '    number: "1"\n    section: preamble'
LAUGHS = "lol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
)
DEEP_ALIAS = "d0: &d0 " + "[" * 60 + "x" + "]" * 60 + "\nd1: " + "[" * 60 + "*d0" + "]" * 60 + "\n"
PARA_TEXT = "      en-xinhua: >-\n        We are fully aware"

CASES = [
    # ---- YAML the reader refuses: every one was a traceback, a crash or silently accepted
    src(
        "impossible-date",
        "adopted: 2024-07-04",
        "adopted: 2026-02-30",
        "work.adopted",
        "'2026-02-30' is not a date that exists",
    ),
    src(
        "not-a-leap-year",
        "  date: 2026-11-21",
        "  date: 2025-02-29",
        "edition.date",
        "is not a date that exists",
    ),
    src(
        "month-13",
        "  date: 2026-11-21",
        "  date: 2026-13-01",
        "edition.date",
        "month must be in 1..12",
    ),
    src(
        "list-as-key", PLACE, "  [a, b]: Shanghai", "work", "a key must be a plain name, not a list"
    ),
    src(
        "mapping-as-key",
        PLACE,
        "  {a: 1}: Shanghai",
        "work",
        "a key must be a plain name, not a mapping",
    ),
    Case(
        "30000-nested-brackets",
        _append(SRC, DEEP_FLOW),
        SRC,
        "",
        "deep:",
        "nested more than 100 levels deep",
        subprocess=True,
    ),
    Case(
        "400-nested-mappings",
        _append(SRC, DEEP_BLOCK),
        SRC,
        "",
        "  " * 100 + "k100:",
        "nested more than 100 levels deep",
        subprocess=True,
    ),
    src(
        "binary-tag",
        PLACE,
        "  place: !!binary U2hhbmdoYWk=",
        "",
        "YAML tag '!!binary' is not allowed",
    ),
    src(
        "python-tag",
        PLACE,
        "  place: !!python/object/apply:os.system [ls]",
        "",
        "YAML tag '!!python/object/apply:os.system' is not allowed",
    ),
    src("local-tag", PLACE, "  place: !city Shanghai", "", "YAML tag '!city' is not allowed"),
    src("str-tag", PLACE, "  place: !!str Shanghai", "", "YAML tag '!!str' is not allowed"),
    src("tag-on-mapping", "work:\n", "work: !!map\n", "", "YAML tag '!!map' is not allowed"),
    Case("billion-laughs", _append(SRC, LAUGHS), SRC, "", "lol6:", "more than 2,000,000 values"),
    Case(
        "alias-in-its-anchor",
        _append(SRC, "loop: &l [a, *l]\n"),
        SRC,
        "",
        "loop:",
        "alias '*l' is inside its own anchor",
    ),
    Case(
        "undefined-alias",
        _append(SRC, "x: *nothing\n"),
        SRC,
        "",
        "x: *nothing",
        "alias '*nothing' is undefined",
    ),
    Case(
        "deep-through-aliases",
        _append(SRC, DEEP_ALIAS),
        SRC,
        "",
        "d1:",
        "nested more than 100 levels deep once its aliases are written out",
    ),
    src("raw-escape-byte", PLACE, "  place: Shang\x1bhai", "", "control character U+001B"),
    src("nul", PLACE, '  place: "Shang\\0hai"', "work.place", "control character U+0000"),
    src(
        "esc-in-paragraph",
        PARA_TEXT,
        '      en-xinhua: "\\e[31m"\n      old: >-\n        We are fully aware',
        "paragraphs[0].text.en-xinhua",
        "control character U+001B",
        line='"\\e[31m"',
    ),
    src(
        "bell-in-title",
        TITLE,
        '  title: "Shanghai\\a Declaration"\n  short_title:',
        "work.title",
        "control character U+0007",
    ),
    src("delete-char", PLACE, '  place: "Shanghai\\x7f"', "work.place", "control character U+007F"),
    src("c1-next-line", PLACE, '  place: "Shang\\Nhai"', "work.place", "control character U+0085"),
    src(
        "carriage-return", PLACE, '  place: "Shang\\rhai"', "work.place", "control character U+000D"
    ),
    src(
        "non-character",
        PLACE,
        '  place: "Shanghai\\uffff"',
        "work.place",
        "control character U+FFFF",
    ),
    src("control-in-key", PLACE, '  "pla\\x01ce": Shanghai', "work", "control character U+0001"),
    src(
        "newline-in-short-title",
        "  short_title: Shanghai Declaration",
        '  short_title: "Shanghai\\nDeclaration"',
        "work.short_title",
        "must be one line",
    ),
    src(
        "newline-in-expression-name",
        "    name: Xinhua English text",
        '    name: "Xinhua\\nEnglish text"',
        "expressions[0].name",
        "must be one line",
    ),
    src(
        "duplicate-key",
        PLACE,
        PLACE + "\n  place: Beijing",
        "work",
        "duplicate key 'place'",
        line="  place: Beijing",
    ),
    src(
        "second-document",
        "format: briefgen/1\n",
        "format: briefgen/1\n---\nx: 1\n",
        "",
        "expected one YAML document",
        line="---",
    ),
    src("unclosed-bracket", PLACE, "  place: [Shanghai", "", "malformed YAML", line=None),
    src("tab-indent", PLACE, "\tplace: Shanghai", "", "malformed YAML", line=None),
    src(
        "huge-integer",
        P1_NUMBER,
        "    number: " + "9" * 5000 + "\n    section: preamble",
        "paragraphs[0].number",
        "cannot read the value",
    ),
    src(
        "datetime-not-date",
        "adopted: 2024-07-04",
        "adopted: 2024-07-04 10:30:00",
        "work.adopted",
        "expected a date",
    ),
    Case(
        "not-utf8",
        _write(SRC, b"format: briefgen/1\nwork:\n  place: Sh\xe9nghai\n"),
        SRC,
        "",
        None,
        "not UTF-8",
    ),
    Case("empty-file", _write(SRC, b"  \n"), SRC, "", None, "file is empty"),
    Case(
        "top-level-list",
        _write(SRC, b"- format: briefgen/1\n"),
        SRC,
        "",
        None,
        "expected a mapping of fields at the top level",
    ),
    Case(
        "top-level-scalar",
        _write(SRC, b"briefgen\n"),
        SRC,
        "",
        None,
        "expected a mapping of fields at the top level",
    ),
    Case("too-large", _append(SRC, ("# padding\n" * 900_000)), SRC, "", None, "too large"),
    Case(
        "only-a-comment",
        _write(SRC, b"# nothing here\n"),
        SRC,
        "",
        None,
        "expected a mapping of fields at the top level",
    ),
    # ---- well-formed YAML, wrong data: located validation problems
    src(
        "missing-field",
        PLACE + "\n",
        "",
        "work.place",
        "missing",
        line="  id: shanghai-declaration-2024",  # the work mapping's first line
    ),
    src(
        "unknown-field",
        PLACE,
        PLACE + "\n  city: Shanghai",
        "work.city",
        "unknown field",
        line="  city: Shanghai",
    ),
    src(
        "paragraphs-a-string",
        "paragraphs:\n",
        "paragraphs: none\nold_paragraphs:\n",
        "paragraphs",
        "",
        line="paragraphs: none",
    ),
    src(
        "bad-paragraph-number",
        P1_NUMBER,
        "    number: one\n    section: preamble",
        "paragraphs[0].number",
        "must be a paragraph number",
    ),
    src(
        "bad-id",
        "  id: shanghai-declaration-2024",
        "  id: Shanghai_2024",
        "work.id",
        "lowercase letters",
    ),
    src(
        "empty-text",
        PARA_TEXT,
        '      en-xinhua: " "\n      old:',
        "paragraphs[0].text.en-xinhua",
        "empty text",
        line='      en-xinhua: " "',
    ),
    src(
        "number-as-text",
        PARA_TEXT,
        "      en-xinhua: 42\n      old:",
        "paragraphs[0].text.en-xinhua",
        "expected a text",
        line="      en-xinhua: 42",
    ),
    src("wrong-format", "format: briefgen/1", "format: briefgen/2", "format", "expected"),
    src(
        "bool-as-word",
        "    authoritative: false",
        "    authoritative: maybe",
        "expressions[0].authoritative",
        "boolean",
    ),
    src("null-title", TITLE, "  title: ~\n  short_title:", "work.title", "string"),
    src(
        "date-as-list",
        "adopted: 2024-07-04",
        "adopted: [2024, 7, 4]",
        "work.adopted",
        "expected a date",
    ),
    src(
        "null-key",
        PLACE,
        PLACE + "\n  ~: nothing",
        "work.None",
        "a key must be a name",
        line="  id: shanghai-declaration-2024",
    ),
    src(
        "nan-number",
        P1_NUMBER,
        "    number: .nan\n    section: preamble",
        "paragraphs[0].number",
        "string",
    ),
    src(
        "duplicate-number",
        '  - id: development-with-safety\n    number: "2"\n',
        '  - id: development-with-safety\n    number: "1"\n',
        "paragraphs[1].number",
        "duplicate number '1'",
        line='    number: "1"\n    section: preamble\n'
        "    themes: [safety, development, cooperation]\n"
        "    text:\n      en-xinhua: >-\n        We underline",
    ),
    src(
        "unknown-section",
        "    section: preamble\n",
        "    section: nowhere\n",
        "paragraphs[0].section",
        "unknown section 'nowhere'",
    ),
    src(
        "capture-sha-changed",
        "sha256: a57a7bb1",
        "sha256: b57a7bb1",
        "captures[0].sha256",
        "does not match its recorded SHA-256",
    ),
    src(
        "capture-missing",
        "captures/000_53d00fd43ba9a69c.txt",
        "captures/nothing.txt",
        "captures[0].file",
        "capture file not found",
    ),
    src(
        "capture-is-a-folder",
        "captures/000_53d00fd43ba9a69c.txt",
        "captures",
        "captures[0].file",
        "is not a regular file",
        line="    file: captures\n",
    ),
    src(
        "text-not-in-capture",
        PARA_TEXT,
        "      en-xinhua: >-\n        We are vaguely aware",
        "paragraphs[0].text.en-xinhua",
        "differs from capture",
    ),
    # ---- briefs
    brief(
        "brief-impossible-date",
        "date: 2026-11-21",
        "date: 2026-11-31",
        "date",
        "is not a date that exists",
    ),
    brief(
        "brief-tag",
        "work: shanghai-declaration-2024",
        "work: !!binary c2hhbmdoYWk=",
        "",
        "YAML tag '!!binary' is not allowed",
    ),
    brief(
        "brief-control-character",
        "headline: >-",
        'headline: "Shanghai\\e"\nold: >-',
        "headline",
        "control character U+001B",
    ),
    brief(
        "brief-unknown-work",
        "work: shanghai-declaration-2024",
        "work: other-declaration",
        "work",
        "unknown work 'other-declaration'",
    ),
    brief(
        "brief-unknown-paragraph",
        "cites: [research-and-development]",
        "cites: [nowhere]",
        "key_points[0].cites[0]",
        "unknown paragraph id 'nowhere'",
    ),
    brief(
        "brief-malformed", "headline: >-", "headline: [\nold: >-", "", "malformed YAML", line=None
    ),
    Case(
        "brief-top-level-list",
        _write(BRIEF, b"- a\n"),
        BRIEF,
        "",
        None,
        "expected a mapping of fields",
    ),
    Case(
        "brief-deep-nesting",
        _append(BRIEF, DEEP_FLOW),
        BRIEF,
        "",
        "deep:",
        "nested more than 100 levels deep",
    ),
    # ---- registers of published numbers
    register("register-malformed", "numbers:", "numbers: [", "malformed YAML"),
    register("register-not-a-mapping", "numbers:\n", "numbers: []\nold:\n", "'numbers' mapping"),
    register(
        "register-wrong-format",
        "format: briefgen-numbers/1",
        "format: other/1",
        "expected 'format: briefgen-numbers/1'",
    ),
    register("register-tag", "work: shanghai", "work: !!binary c2g= #", "YAML tag"),
    register(
        "register-control-character",
        "work: shanghai-declaration-2024",
        'work: "shanghai\\0"',
        "control character U+0000",
    ),
    register(
        "register-impossible-date",
        "work: shanghai-declaration-2024",
        "when: 2026-02-30",
        "is not a date that exists",
    ),
    Case(
        "number-changed-after-publication",
        _replace(REG, "impact-and-challenges: '1'", "impact-and-challenges: '9'"),
        SRC,
        "paragraphs[0].number",
        P1_NUMBER,
        "was published as para 9",
    ),
    # ---- command lines
    cli("unknown-option", ("check", "--nope"), 2, "No such option"),
    cli("unknown-format", ("build", "--format", "xyz"), 2, "Invalid value for '--format'"),
    cli("zero-jobs", ("build", "--jobs", "0"), 2, "Invalid value for '--jobs'"),
    cli("unknown-kind", ("build", "--kind", "poster"), 2, "Invalid value for '--kind'"),
    cli("cite-without-arguments", ("cite",), 2, "Missing argument"),
    cli("unknown-command", ("frobnicate",), 2, "No such command"),
    cli("cite-unknown-paragraph", ("cite", WORK, "999"), 1, "has no paragraph '999'"),
    cli("cite-unknown-work", ("cite", "nowhere", "1"), 1, "unknown work 'nowhere'", "sources"),
    cli("cite-unknown-expression", ("cite", WORK, "1", "-e", "fr"), 1, "no expression 'fr'"),
    cli("changes-bad-version", ("changes", WORK, "--since", "one"), 1, "--since takes"),
    cli(
        "missing-sources-folder",
        ("check", "--sources", "nowhere"),
        1,
        "no *.yaml sources",
        "nowhere",
    ),
    cli(
        "build-unknown-work",
        ("build", "-f", "html", "-w", "nowhere"),
        1,
        "unknown work 'nowhere'",
        "sources",
    ),
    # ---- issue 23's audit: import (each case's `audit` says what briefgen did before)
    imp(
        "import-into-a-source-symlinked-out",
        _linked_source,
        "in/second.txt",
        "sources/linked-out.yaml",
        "leads outside the sources folder through a symlink",
        "leak",
        work="linked-out",
        more=("--expression", "fr", "--language", "fr"),
    ),
    imp(
        "import-into-captures-symlinked-out",
        _linked_captures,
        "in/accord.txt",
        "linked/captures/accord.txt",
        "leads outside the sources folder through a symlink",
        "leak",
        more=("--sources", "linked"),
    ),
    imp(
        "import-proc-self-environ",
        _nothing,
        "/proc/self/environ",
        "/proc/self/environ",
        "is a file of the running system",
        "leak",
    ),
    imp(  # a sparse 200 MB file: refused by its size before a byte is read (was minutes, 6 GB)
        "import-capture-too-large",
        _sparse("in/huge.txt", 200_000_000),
        "in/huge.txt",
        "in/huge.txt",
        "is too large (200,000,000 bytes; a capture holds at most",
        "hang",
    ),
    # was "capture file not found": a FIFO is refused before it is opened, so nothing waits
    imp("import-a-fifo", _fifo, "in/pipe.txt", "in/pipe.txt", "is not a regular file", ""),
    imp(
        "import-a-250-character-work-id",
        _capture("accord.txt"),
        "in/accord.txt",
        "",
        "a work id can be at most 215",
        "leak",
        work="w" * 250,
        code=2,
    ),
    imp(
        "import-a-capture-named-with-a-newline",
        _capture("new\nline.txt"),
        "in/new\nline.txt",
        "in/new\\nline.txt",
        "the file name holds a control character (U+000A); rename the capture",
        "wrongly accepted",
    ),
    imp(
        "import-a-capture-named-in-bytes-not-utf8",
        _capture("caf\udce9.txt"),
        "in/caf\udce9.txt",
        "in/caf\\xe9.txt",
        "the file name holds a byte that is not UTF-8",
        "traceback",
    ),
    imp(
        "import-a-capture-named-like-a-temporary",
        _capture(".briefgen-tmp-accord.txt"),
        "in/.briefgen-tmp-accord.txt",
        "in/.briefgen-tmp-accord.txt",
        "names starting '.briefgen-tmp-' are briefgen's temporaries",
        "wrongly accepted",
    ),
    imp(
        "import-a-capture-name-too-long",
        _capture("n" * 240 + ".txt"),
        "in/" + "n" * 240 + ".txt",
        "in/" + "n" * 240 + ".txt",
        "the file name is 244 bytes long; a capture's can be at most 228",
        "",  # was "File name too long", naming the temporary, not the capture
    ),
    imp(
        "import-an-elf-program",
        _capture("program.txt", ELF),
        "in/program.txt",
        "in/program.txt",
        "is not a text file: it holds NUL bytes (line 1)",
        "wrongly accepted",
    ),
    imp(
        "import-utf16-without-its-byte-order-mark",
        _capture("utf16.txt", ACCORD.encode("utf-16-le")),
        "in/utf16.txt",
        "in/utf16.txt",
        "UTF-16 without a byte-order mark",
        "wrongly accepted",
    ),
    imp(
        "import-latin1",
        _capture("latin1.txt", (ACCORD.replace("e", "\u00e9") * 2).encode("latin-1")),
        "in/latin1.txt",
        "in/latin1.txt",
        "bytes cannot be read as UTF-8 (the first on line 1); save the capture as UTF-8",
        "wrongly accepted",
    ),
    # (existing sources)
    existing_source(
        "import-into-a-paragraph-without-section",
        P1_NUMBER,
        '    number: "1"',
        "paragraphs[0].section",
        "missing (a required field)",
        "  - id: impact-and-challenges",
    ),
    existing_source(
        "import-into-expressions-as-a-mapping",
        "expressions:\n  - id: en-xinhua\n",
        "expressions:\n  xinhua:\n    id: en-xinhua\n",
        "expressions",
        "Input should be a valid list",
        "  xinhua:",
        ("  - id: en-1ai\n", "  oneai:\n    id: en-1ai\n"),
    ),
    existing_source(
        "import-into-paragraphs-as-strings",
        "paragraphs:\n  - id: impact-and-challenges\n",
        "paragraphs:\n  - We are fully aware.\n  - id: impact-and-challenges\n",
        "paragraphs[0]",
        "Input should be a valid dictionary",
        "  - We are fully aware.",
    ),
    # ---- issue 23's audit: what check must refuse because an output cannot hold it
    replace(  # was accepted, and folded into the records' note
        src(
            "address-over-two-lines",
            "    url: https://www.barbadosnewstoday.com",
            '    url: "https://example.org/a\\nTY  - JOUR"\n    old: https://www.barbadosnewstoday.com',
            "captures[0].url",
            "must be an address without spaces or line breaks",
        ),
        audit="wrongly accepted",
    ),
    replace(  # check said ok; the HTML build failed writing build/pagefind/edition-en.html
        src(
            "work-id-of-a-build-folder",
            "  id: shanghai-declaration-2024",
            "  id: pagefind",
            "work.id",
            "'pagefind' is a folder of the build itself",
        ),
        audit="wrongly accepted",
    ),
    replace(  # was written raw into RIS, as a second record ("TY  - JOUR", "TI  - INJECTED")
        src(
            "issuer-with-a-line-break",
            "  issuer: World AI Conference 2024",
            '  issuer: "World AI Conference 2024\\nTY  - JOUR\\nTI  - INJECTED"\n  old:',
            "work.issuer",
            "must be one line",
        ),
        audit="wrongly accepted",
    ),
    replace(
        src(
            "edition-date-three-digit-year",
            "  date: 2026-11-21",
            "  date: 0999-11-21",
            "edition.date",
            "0999-11-21: a date an output carries needs a four-digit year (1000 to 9999)",
        ),
        audit="wrongly accepted",
    ),
    replace(
        brief(
            "brief-date-three-digit-year",
            "date: 2026-11-21",
            "date: 0999-11-21",
            "date",
            "needs a four-digit year",
        ),
        audit="wrongly accepted",
    ),
    Case(
        "reference-docx-not-a-docx",
        _write("briefgen.toml", b'formats = ["docx"]\nreference-docx = "/etc/passwd"\n'),
        "briefgen.toml",
        "reference-docx",
        'reference-docx = "/etc/passwd"',
        "'/etc/passwd' is not a DOCX (a Word document is a ZIP package)",
        audit="wrongly accepted",
    ),
    Case(
        "reference-docx-a-zip-but-not-word",
        _zip("house.docx", "briefgen.toml", b'reference-docx = "house.docx"\n'),
        "briefgen.toml",
        "reference-docx",
        'reference-docx = "house.docx"',
        "'house.docx' is not a Word document (it has no [Content_Types].xml)",
        audit="wrongly accepted",
    ),
    replace(
        cli(
            "reference-docx-option-not-a-docx",
            ("build", "-f", "html", "--reference-docx", "/etc/passwd"),
            1,
            "'/etc/passwd' is not a DOCX",
            "--reference-docx",
        ),
        audit="wrongly accepted",
    ),
    replace(
        src(
            "duplicate-section-number",
            '    number: "2"\n    heading:\n      en-xinhua: "[2.',
            '    number: "1"\n    heading:\n      en-xinhua: "[2.',
            "sections[2].number",
            "duplicate number '1' (also sections[1])",
            line='    number: "1"\n    heading:\n      en-xinhua: "[2.',
        ),
        audit="wrongly accepted",
    ),
    # ---- issue 23's audit: tracebacks and hangs
    # a *.yaml of sources/ that is no readable file: the work went missing without a word
    *(
        Case(
            f"sources-yaml-{kind}",
            _entry("sources/broken.yaml", kind),
            "sources/broken.yaml",
            "",
            None,
            words,
            audit="wrongly accepted",
        )
        for kind, words in (
            ("loop", "is a symlink loop"),
            ("dangling", "is a symlink to a file that does not exist (nowhere.yaml)"),
            ("fifo", "is not a regular file; a source is a YAML file"),
            ("folder", "is a folder; a source is a YAML file"),
        )
    ),
    Case(
        "capture-symlink-loop",
        _capture_loop,
        SRC,
        "captures[0].file",
        "    file: captures/loop-a",
        "'captures/loop-a' is a symlink loop",
        audit="traceback",
    ),
    Case(
        "project-file-not-utf8",
        _write("briefgen.toml", b'formats = ["html"]\nlang = "fr\xe9"\n'),
        "briefgen.toml",
        "",
        "lang",
        "not UTF-8 text (byte 0xe9)",
        audit="traceback",
        subprocess=True,
    ),
    Case(
        "project-file-a-folder",
        lambda root: (root / "briefgen.toml").mkdir(),
        "briefgen.toml",
        "",
        None,
        "is a folder, not a file",
        audit="wrongly accepted",
    ),
    Case(
        "project-file-malformed",
        _write("briefgen.toml", b'formats = ["html"]\njobs = \n'),
        "briefgen.toml",
        "",
        "jobs = ",
        "not valid TOML: Invalid value",
        audit="clean",
    ),
    Case(
        "source-date-epoch-past-9999",
        _nothing,
        "SOURCE_DATE_EPOCH",
        "",
        None,
        "'253402300800' is not a build date: give whole seconds since 1970-01-01 UTC, "
        "0 to 253402300799 (9999-12-31)",
        audit="traceback",
        env=(("SOURCE_DATE_EPOCH", "253402300800"),),
        subprocess=True,
    ),
    Case(
        "source-date-epoch-too-many-digits",
        _nothing,
        "SOURCE_DATE_EPOCH",
        "",
        None,
        "'99999999999999999999' is not a build date",
        audit="traceback",
        env=(("SOURCE_DATE_EPOCH", "99999999999999999999"),),
    ),
    Case(
        "source-date-epoch-not-a-number",
        _nothing,
        "SOURCE_DATE_EPOCH",
        "",
        None,
        "'1700000000 ' is not a build date",
        audit="wrongly accepted",
        env=(("SOURCE_DATE_EPOCH", "1700000000 "),),
    ),
    replace(
        src(
            "word-too-long-to-print",
            "    reason: The republishing site's own headline and introduction, not part of the "
            "declaration.",
            "    reason: " + "x" * (WORD_CHARS + 1),
            "interventions[0].reason",
            f"has a word of {WORD_CHARS + 1:,} characters ('xxxxxxxxxxxxxxxxxxxx…'); a word (a "
            f"run without a space) holds at most {WORD_CHARS:,}",
        ),
        audit="hang",
    ),
    replace(
        src(
            "text-too-long-to-print",
            "    reason: The republishing site's own headline and introduction, not part of the "
            "declaration.",
            "    reason:" + " word" * (TEXT_CHARS // 5 + 1),
            "interventions[0].reason",
            f"{TEXT_CHARS + 4:,} characters; a text holds at most {TEXT_CHARS:,}",
            line="    reason: word",
        ),
        audit="hang",
    ),
    Case(
        "capture-too-large",
        _grow(CAPTURE, CAPTURE_BYTES + 1),
        SRC,
        "captures[0].file",
        "    file: captures/000_53d00fd43ba9a69c.txt",
        f"is too large ({CAPTURE_BYTES + 1:,} bytes; a capture holds at most {CAPTURE_BYTES:,})",
        audit="hang",
    ),
]

#: Besides the two that used to crash the interpreter, a few more cases run as a user runs them.
IN_A_SUBPROCESS = {"impossible-date", "binary-tag", "nul", "register-malformed", "unknown-format"}
CASES = [replace(c, subprocess=True) if c.id in IN_A_SUBPROCESS else c for c in CASES]


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the bundled project with an HTML build made before any case breaks it."""
    root = tmp_path_factory.mktemp("bad-inputs")
    shutil.copytree(ROOT / "sources", root / "sources")
    result = run_cli("build", "--format", "html", "--jobs", "1", cwd=root)
    assert result.returncode == 0, result.stderr
    return root, _snapshot(root / "build")


def _invoke(root: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stderr


def _assert_message(case: Case, text: str, broken: str) -> None:
    assert "Traceback" not in text
    if case.code == 2 or not case.file:  # a usage error: no file to name
        assert case.words in text
        return
    lines = text.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), text
    first = next((line for line in lines if case.words in line), None)
    assert first is not None, f"{case.words!r} not in:\n{text}"
    where = re.escape(case.file)
    if case.line is not None:
        assert case.line in broken, f"{case.line!r} not in the broken file"
        line = broken[: broken.index(case.line)].count("\n") + 1
        where += f":{line}(:[0-9]+)?"
    elif case.file.endswith(".yaml"):
        where += "(:[0-9]+)?(:[0-9]+)?"
    if case.field:
        where += f": {re.escape(case.field)}"
    assert re.match(f"error: {where}: ", first), f"expected {where!r} in {first!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(
    case: Case, project: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, built = project
    sources = root / "sources"
    before = {p: p.read_bytes() for p in sources.rglob("*") if p.is_file()}
    entries = set(root.iterdir())
    for name, value in case.env:
        monkeypatch.setenv(name, value)
    try:
        case.edit(root)
        broken_file = root / case.file
        broken = broken_file.read_text("utf-8", errors="replace") if broken_file.is_file() else ""
        edited = _snapshot(sources)
        runs = [case.args] if case.args != ("check",) else [case.args, ("build", "-f", "html")]
        for args in runs:
            if case.subprocess:
                result = run_cli(*args, cwd=root, env=dict(case.env))
                code, err = result.returncode, result.stderr
            else:
                code, err = _invoke(root, args, monkeypatch)
            assert code == case.code, err
            _assert_message(case, err, broken)
            assert _snapshot(sources) == edited, "a command wrote under sources/"
            assert _snapshot(root / "build") == built, "the earlier build changed"
    finally:
        for path in sorted(sources.rglob("*"), reverse=True):  # what a case made, deepest first
            if path not in before and path.parent.resolve().is_relative_to(sources.resolve()):
                if path.is_dir() and not path.is_symlink():
                    if not any(path.iterdir()):
                        path.rmdir()
                else:
                    path.unlink()
        for path in set(root.iterdir()) - entries:  # a briefgen.toml, a capture's folder
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        for path, content in before.items():
            if path.read_bytes() != content:
                path.write_bytes(content)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 50
    assert len({c.id for c in CASES}) == len(CASES)
    # every class but data loss, whose cases take two steps: a second text restructuring the
    # first (test_import_structure.py), two imports or builds at once (test_import_safety.py,
    # test_concurrent_builds.py), a kill (test_crash.py)
    assert {c.audit for c in CASES if c.audit} == set(AUDIT) - {"data loss"}


def test_thousands_of_problems_are_counted_not_all_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each problem is located from one index of the file: 20,000 problems report at once."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    path = tmp_path / SRC
    head = path.read_text("utf-8").split("\nparagraphs:\n")[0]
    paragraphs = "".join(
        f"  - id: p{i}\n    number: x{i}\n    section: preamble\n"
        f"    text: {{en-xinhua: We, en-1ai: We}}\n"
        for i in range(20_000)
    )
    path.write_text(f"{head}\nparagraphs:\n{paragraphs}", "utf-8")
    first = head.count("\n") + 4  # the line of paragraphs[0].number
    code, err = _invoke(tmp_path, ("check",), monkeypatch)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 51
    assert lines[0] == (
        f"error: {SRC}:{first}: paragraphs[0].number: must be a paragraph number such as 13, "
        "12A or PP2 (a preambular paragraph)"
    )
    assert lines[49].startswith(f"error: {SRC}:{first + 4 * 49}: paragraphs[49].number: ")
    assert lines[50] == f"error: and 19,950 more problem(s) in {SRC}"


def test_a_long_word_is_quoted_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text that differs from its capture by a word of 999 characters was quoted whole: one
    line of 99,000 characters for 99 such words. A message quotes at most 120 of them."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    path = tmp_path / SRC
    long = " ".join(["B" * 999] * 99)
    path.write_text(path.read_text("utf-8").replace(PARA_TEXT, f"{PARA_TEXT[:-18]}{long}", 1))
    code, err = _invoke(tmp_path, ("check",), monkeypatch)
    assert code == 1
    assert "differs from capture" in err
    assert max(len(line) for line in err.splitlines()) < 600, err[:300]
