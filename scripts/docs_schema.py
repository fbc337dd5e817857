"""Write the source files' field reference from the pydantic models' JSON schema.

    python scripts/docs_schema.py               # print the page (Markdown)
    python scripts/docs_schema.py --out FILE    # write it to FILE

The documentation site does not keep this page in docs/: its hook (docs/hooks.py) calls
`render()` at every `mkdocs build` and `mkdocs serve`, so the page lists the fields the code
accepts today and cannot drift from them. Types, required fields, defaults and constraints come
from each model's JSON schema (`model_json_schema()`); a record's description is its class
docstring's first paragraph, and a field's is the `#:` comment above it or the `#` comment
after it in the model's source (the only documentation those fields have in the code).
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from briefgen.model.collection import Collection
from briefgen.model.source import Brief, Source

#: The three kinds of source file: the model of each, where it lives, what it holds.
FILES: list[tuple[type[BaseModel], str, str]] = [
    (Source, "sources/<work-id>.yaml", "a work: its texts, captures, corrections"),
    (Brief, "sources/<work-id>.brief.yaml", "the one-page brief of a work"),
    (Collection, "sources/collections/<collection-id>.yaml", "a collection of works"),
]

#: The patterns of the models' shared types, as a reader says them.
PATTERNS = {
    r"^[a-z0-9][a-z0-9-]*$": "id",
    r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$": (
        "reference (paragraph-id, or paragraph-id/item-id)"
    ),
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "language tag (BCP 47: en, zh-Hans)",
    r"^[0-9a-f]{64}$": "SHA-256 (64 lowercase hexadecimal digits)",
    r"^https?://\S+$": "web address (http or https)",
}
ID_RULE = "an id is lowercase letters, digits and hyphens, starting with a letter or digit"

FIELD = re.compile(r"^\s+(\w+)\s*:")
DOC_COMMENT = re.compile(r"^\s+#:\s?(.*)$")
TRAILING = re.compile(r"#\s+(.*)$")


def models() -> dict[str, type[BaseModel]]:
    """Every model the three files are made of, by the name their JSON schema gives it."""
    found: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in found:
            return
        found[model.__name__] = model
        for field in model.model_fields.values():
            for inner in _models_in(field.annotation):
                visit(inner)

    for model, _, _ in FILES:
        visit(model)
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def field_comments(model: type[BaseModel]) -> dict[str, str]:
    """Each field's comment in the model's source: `#:` lines above it, or `# …` after it."""
    comments: dict[str, str] = {}
    pending: list[str] = []
    for line in inspect.getsource(model).splitlines()[1:]:
        doc = DOC_COMMENT.match(line)
        if doc:
            pending.append(doc.group(1).strip())
            continue
        field = FIELD.match(line)
        if field and field.group(1) in model.model_fields:
            trailing = TRAILING.search(line.split("=", 1)[-1] if "=" in line else line)
            words = [*pending, *([trailing.group(1)] if trailing else [])]
            if words:
                comments[field.group(1)] = " ".join(words)
        pending = []
    return comments


def summary(model: type[BaseModel]) -> str:
    """The first paragraph of a model's docstring, on one line."""
    doc = inspect.getdoc(model) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


def type_of(schema: dict[str, Any]) -> str:
    """How a field's JSON schema reads in the table: `text`, `list of [Capture](#capture)` …"""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "const" in schema:
        return f"`{_yaml(schema['const'])}`"
    if "enum" in schema:
        return " or ".join(f"`{_yaml(value)}`" for value in schema["enum"])
    if "anyOf" in schema:
        kinds = [type_of(s) for s in schema["anyOf"] if s.get("type") != "null"]
        nullable = any(s.get("type") == "null" for s in schema["anyOf"])
        return " or ".join(kinds) + (" or `null`" if nullable else "")
    kind = schema.get("type")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if kind == "object":
        for key, inner in schema.get("patternProperties", {}).items():
            return f"map of {PATTERNS.get(key, 'key')} to {type_of(inner)}"
        inner = schema.get("additionalProperties")
        return f"map of id to {type_of(inner)}" if isinstance(inner, dict) else "map"
    if kind == "string" and schema.get("pattern") in PATTERNS:
        return PATTERNS[schema["pattern"]]
    if kind == "string" and schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    names = {"string": "text", "boolean": "`true` or `false`", "integer": "whole number"}
    return names.get(str(kind), str(kind))


def limits(schema: dict[str, Any]) -> list[str]:
    """A field's constraints as a reader checks them: pattern, lengths, bounds."""
    found = []
    for sub in [schema, *schema.get("anyOf", []), schema.get("items", {})]:
        if "pattern" in sub and sub["pattern"] not in (r"\S", *PATTERNS):
            found.append(f"matches `{sub['pattern']}`")
        if sub.get("minItems"):
            found.append(f"at least {sub['minItems']}")
        if sub.get("maxItems"):
            found.append(f"at most {sub['maxItems']}")
        if "minimum" in sub:
            found.append(f"≥ {sub['minimum']}")
    return found


def table(model: type[BaseModel], schema: dict[str, Any]) -> list[str]:
    """The rows of one record: each field, its type, whether required, what it says."""
    comments = field_comments(model)
    required = set(schema.get("required", []))
    rows = ["| field | type | required | notes |", "| --- | --- | --- | --- |"]
    for name, prop in schema.get("properties", {}).items():
        notes = [*limits(prop)]
        if name not in required and "default" in prop and prop["default"] not in (None, [], {}):
            notes.append(f"default `{_yaml(prop['default'])}`")
        if name in comments:
            notes.append(_prose(comments[name]))
        cell = "; ".join(notes).replace("|", "\\|")
        rows.append(
            f"| `{name}` | {type_of(prop)} | {'yes' if name in required else 'no'} | {cell} |"
        )
    return rows


def _prose(comment: str) -> str:
    """A code comment as table text: Python's None is YAML's null, no raw HTML."""
    comment = re.sub(r"\bNone\b", "null", comment)
    return comment.replace("<", "&lt;").replace(">", "&gt;")


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    return str(value)


def render() -> str:
    """The whole page, as Markdown."""
    lines = [
        "# Source schema",
        "",
        "Every field of the three kinds of source file, generated from the pydantic models that",
        "read them (`src/briefgen/model/`) each time the documentation is built, so it lists",
        "what this version of briefgen accepts. [Source format](../source-format.md) explains",
        "the fields with examples; this page lists them all. A field not listed here is an",
        "error: every record rejects unknown fields. In the types, " + ID_RULE + ", and",
        "`null` is YAML's empty value (`place: null`).",
        "",
        "| file | what it holds | record |",
        "| --- | --- | --- |",
    ]
    for model, path, what in FILES:
        lines.append(f"| `{path}` | {what} | [{model.__name__}](#{model.__name__.lower()}) |")
    every = models()
    schemas: dict[str, dict[str, Any]] = {}
    for model, _, _ in FILES:
        schema = model.model_json_schema()
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    tops = [model.__name__ for model, _, _ in FILES]
    for name in tops + sorted(set(every) - set(tops)):
        model = every[name]
        lines += ["", f"## {name}", "", summary(model), "", *table(model, schemas[name])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the page, or write it to --out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="write the page here rather than print it")
    args = parser.parse_args(argv)
    page = render()
    if args.out is None:
        sys.stdout.write(page)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(page, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
