"""Read the collections (`sources/collections/*.yaml`) and check them against the works.

Each collection names works that must exist, themes with unique ids; each theme a work's
paragraphs or items are assigned to must be a theme of a collection that holds the work. Every
problem is one line naming the file, its line and the field.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, SourceError
from ..model.collection import Collection, assignment_problems, collection_problems
from ..model.declaration import Declaration
from .load import display, parse, read_yaml, yaml_files
from .yamlfile import line_of, parse_loc

#: Where a project's collections are, under its sources folder.
FOLDER = "collections"


def collection_files(sources_dir: Path) -> list[Path]:
    """Return the collection files of a sources folder, sorted."""
    folder = sources_dir / FOLDER
    return yaml_files(folder) if folder.is_dir() else []


def load_collections(
    sources_dir: Path, root: Path, works: list[Declaration]
) -> list[tuple[Collection, str]]:
    """Load every collection, as (collection, its path as shown), and check the collections
    against the works and the works' theme assignments against the collections; raise
    SourceError listing every problem."""
    problems: list[Problem] = []
    found: list[tuple[Collection, str]] = []
    by_id = {w.id: w for w in works}
    texts: dict[str, str] = {}
    for f in collection_files(sources_dir):
        shown = display(f, root)
        try:
            data, text = read_yaml(f, shown)
            col: Collection = parse(data, text, shown, Collection)
        except SourceError as err:
            problems += err.problems
            continue
        texts[shown] = text
        for field, message in collection_problems(col, by_id):
            problems.append(Problem(shown, message, field, line_of(text, parse_loc(field))))
        if f.stem != col.id:
            problems.append(
                Problem(shown, f"the file is named {f.name}: id must be '{f.stem}'", "id",
                        line_of(text, ("id",)))
            )  # fmt: skip
        found.append((col, shown))
    seen: dict[str, str] = {}
    for col, shown in found:
        if col.id in seen:
            also = f"duplicate collection id '{col.id}' (also {seen[col.id]})"
            problems.append(Problem(shown, also, "id", line_of(texts[shown], ("id",))))
        seen[col.id] = shown
    if not problems:
        collections = [c for c, _ in found]
        for w in works:
            text = w.source_file.read_text("utf-8") if w.source_file is not None else ""
            for field, message in assignment_problems(w, collections):
                line = line_of(text, parse_loc(field)) if text else None
                problems.append(Problem(w.path, message, field, line))
    if problems:
        raise SourceError(*problems)
    return found
