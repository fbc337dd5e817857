"""Keep the message catalogues up to date with the code (`make messages`), or check them.

    python scripts/messages.py           # extract the messages, update every catalogue
    python scripts/messages.py --check   # exit 1, naming each problem, if anything is stale

The messages are the English strings the code passes to `m._(...)` and `m.n_(...)` (see
src/briefgen/i18n.py) and to `_()`/`ngettext()` in the Jinja templates. They are extracted with
Babel into src/briefgen/locale/briefgen.pot; each shipped catalogue (locale/<lang>.po) is then
updated from it: new messages added untranslated, gone ones dropped. `--check` says what a
catalogue lacks: a message untranslated or fuzzy (English is exempt: its messages are the
msgids), a translation whose `{placeholders}` differ from its message's, a template out of date.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "briefgen"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "briefgen.pot"
SHIPPED = ("ar", "en", "es", "fr", "ru", "zh")
KEYWORDS = {"_": None, "n_": (1, 2), "gettext": None, "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**/templates/**.j2", "jinja2")]
PLACEHOLDER = re.compile(r"\{(\w*)\}")
FIXED = datetime(2026, 1, 1, tzinfo=UTC)


def extract() -> Catalog:
    """The messages of the code and templates, as a catalogue template."""
    catalog = Catalog(project="briefgen", domain="briefgen", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(PACKAGE), METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments)
    return catalog


def render(catalog: Catalog) -> bytes:
    """A catalogue as written: sorted, without source lines or dates, so diffs show words."""
    catalog.creation_date = catalog.revision_date = FIXED
    catalog.project, catalog.version = "briefgen", ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "briefgen authors"
    catalog.fuzzy = False
    lang = f"in {catalog.locale.english_name}" if catalog.locale else "(the template)"
    catalog.header_comment = (
        f"# The messages briefgen writes around a text, {lang}.\n"
        "# Updated from the code by `make messages` (scripts/messages.py); translate msgstr."
    )
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, sort_output=True)
    return out.getvalue()


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain="briefgen")


def problems(template: Catalog) -> list[str]:
    """What is stale or missing in the template and each shipped catalogue."""
    found = []
    if not TEMPLATE.is_file() or TEMPLATE.read_bytes() != render(template):
        found.append(f"{TEMPLATE.relative_to(ROOT)}: out of date with the code (run make messages)")
    for lang in SHIPPED:
        path = LOCALE / f"{lang}.po"
        if not path.is_file():
            found.append(f"{path.relative_to(ROOT)}: missing (run make messages)")
            continue
        catalog = read(path, lang)
        where = path.relative_to(ROOT)
        for message in template:
            if not message.id:
                continue
            have = catalog.get(message.id)
            if have is None:
                found.append(f"{where}: lacks {message.id!r} (run make messages)")
                continue
            strings = have.string if isinstance(have.string, tuple) else (have.string,)
            if lang != "en" and (have.fuzzy or not all(strings)):
                found.append(f"{where}: {message.id!r} is not translated")
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            wanted = set(PLACEHOLDER.findall(" ".join(ids)))
            for s in strings:
                if s and set(PLACEHOLDER.findall(s)) != wanted:
                    found.append(f"{where}: {s!r} has other placeholders than {ids[0]!r}")
        for message in catalog:
            if message.id and message.id not in template and not message.obsolete:
                found.append(f"{where}: {message.id!r} is no longer used (run make messages)")
    return found


def update(template: Catalog) -> None:
    TEMPLATE.write_bytes(render(template))
    for lang in SHIPPED:
        path = LOCALE / f"{lang}.po"
        catalog = read(path, lang) if path.is_file() else Catalog(locale=lang, domain="briefgen")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path.write_bytes(render(catalog))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args()
    template = extract()
    if args.check:
        found = problems(template)
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    update(template)
    return 0


if __name__ == "__main__":
    sys.exit(main())
