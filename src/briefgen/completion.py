"""Shell completion of the names a command takes: work ids, collection ids, template files.

Each completer reads as little as it can (a source's `work: id:` line, not the whole source):
a TAB must answer at once, and a broken source completes what it can instead of failing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_WORK = re.compile(r"^work:\s*(?:#.*)?$")
_ID = re.compile(r"""^\s+id:\s*["']?([^"'\s#]+)""")
_TOP_ID = re.compile(r"""^id:\s*["']?([^"'\s#]+)""")


def _sources(ctx: Any) -> Path:
    """Return the sources folder the command line names, or the project's."""
    from .project import load

    given = ctx.params.get("sources")
    return Path(given) if given else load(Path.cwd()).sources


def _work_id(path: Path) -> str | None:
    """Return the id of a source's work, read from its `work:` block's `id:` line."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for n, line in enumerate(lines):
        if _WORK.match(line):
            for inner in lines[n + 1 :]:
                if inner.strip() and not inner[0].isspace():
                    break
                if found := _ID.match(inner):
                    return found.group(1)
    return None


def work_ids(ctx: Any, args: list[str], incomplete: str) -> list[str]:
    """Complete a work id from the sources folder."""
    from .sources.load import source_files

    try:
        ids = {_work_id(p) for p in source_files(_sources(ctx))}
    except Exception:  # a completion offers nothing rather than a traceback
        return []
    return sorted(i for i in ids if i is not None and i.startswith(incomplete))


def collection_ids(ctx: Any, args: list[str], incomplete: str) -> list[str]:
    """Complete a collection id from the sources' collections folder."""
    from .sources.collections import collection_files

    found = []
    try:
        for path in collection_files(_sources(ctx)):
            for line in path.read_text("utf-8").splitlines():
                if match := _TOP_ID.match(line):
                    found.append(match.group(1))
                    break
    except Exception:  # a completion offers nothing rather than a traceback
        return []
    return sorted(i for i in found if i.startswith(incomplete))


def template_names(ctx: Any, args: list[str], incomplete: str) -> list[str]:
    """Complete the name of a bundled template file (what `templates --copy` takes)."""
    from .render.html.jinja import BUNDLED
    from .scaffold import REFERENCE

    names = [p.relative_to(BUNDLED).as_posix() for p in BUNDLED.rglob("*") if p.is_file()]
    return sorted(n for n in [*names, REFERENCE] if n.startswith(incomplete))
