"""Property: no mutation of the bundled source or brief makes briefgen crash or print a traceback.

Hypothesis deletes, duplicates, retypes, renames and reorders fields, puts in random unicode,
control characters and deep nesting, and cuts or splices the YAML text itself. `check` must
answer `ok` or clean `error:` lines with exit 1; a mutated project that passes check must also
build (HTML and DOCX, opened again). The run is derandomized, so CI sees the same examples every
time; `make fuzz` runs many more, new ones each time (BRIEFGEN_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from briefgen.cli import app
from tests.support.projects import ROOT, WORK

FILES = (f"{WORK}.yaml", f"{WORK}.brief.yaml")
EXAMPLES = int(os.environ.get("BRIEFGEN_FUZZ_EXAMPLES", "100"))
#: CI sees the same examples every run; `make fuzz` (which sets the count) looks for new ones.
FIXED = "BRIEFGEN_FUZZ_EXAMPLES" not in os.environ

# Texts a person could paste: any unicode, control characters, YAML's own punctuation.
texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\x00\x07\x1b\x7f\x85\u2028\t\n\r\ufeff"),
        st.sampled_from("[]{}:-#&*!|>'\"%@`,?"),
    ),
    max_size=40,
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    texts,
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def _mutate(data: Any, draw: st.DrawFn) -> Any:
    """Apply one random structural mutation to a document (in place), return it."""
    path = draw(st.sampled_from(list(_paths(data))[1:]))
    parent, key = _parent(data, path), path[-1]
    action = draw(
        st.sampled_from(["delete", "duplicate", "retype", "rename", "reorder", "nest", "add"])
    )
    if action == "delete":
        del parent[key]
    elif action == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, parent[key])
        else:
            parent[f"{key}2"] = parent[key]
    elif action == "retype":
        parent[key] = draw(values)
    elif action == "rename" and isinstance(parent, dict):
        parent[draw(texts)] = parent.pop(key)
    elif action == "reorder":
        if isinstance(parent, list):
            parent.reverse()
        else:
            items = list(parent.items())
            order = draw(st.permutations(range(len(items))))
            parent.clear()
            parent.update(items[i] for i in order)
    elif action == "nest":
        deep: Any = parent[key]
        for _ in range(draw(st.integers(1, 150))):
            deep = [deep]
        parent[key] = deep
    elif isinstance(parent, dict):
        parent[draw(texts)] = draw(values)
    return data


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """Return (file name, text) of a mutated source or brief."""
    name = draw(st.sampled_from(FILES))
    data = yaml.safe_load((ROOT / "sources" / name).read_text("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        data = _mutate(data, draw)
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    if draw(st.integers(0, 3)) == 0:  # cut or splice the YAML text itself
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 200)))
        text = text[:at] + draw(texts) + text[end:]
    return name, text


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "sources", root / "sources")
    return root


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: {result.exception!r}"
    )
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


@settings(
    max_examples=EXAMPLES,
    derandomize=FIXED,
    database=None,
    deadline=None,
    # no shrinking: a source is large, shrinking one takes minutes; the failing input is printed
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(change=mutated())
def test_mutated_inputs_never_crash(
    change: tuple[str, str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, text = change
    target = project / "sources" / name
    original = (ROOT / "sources" / name).read_bytes()
    monkeypatch.chdir(project)
    try:
        target.write_text(text, "utf-8", errors="surrogatepass")
        code, err = _run(project, "check")
        assert code in (0, 1), err
        event(f"check exit {code}")
        if code == 1:
            lines = err.splitlines()
            assert lines and all(line.startswith("error: ") for line in lines), err
            return
        code, err = _run(project, "build", "-f", "html", "-f", "docx", "-j", "1", "-o", "built")
        assert code == 0, err
        for document in (project / "built").rglob("*.docx"):
            docx.Document(str(document))  # opens again (a NUL used to make Word refuse it)
    finally:
        target.write_bytes(original)
