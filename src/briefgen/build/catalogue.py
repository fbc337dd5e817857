"""The outputs of the whole build folder: the catalogue (index.html) and its search index.

They are made from the manifest a build is about to write, so they list exactly what the
folder will hold: the works built now and those an earlier build left (a `--work` build
lists every work). A build makes them when it writes HTML, or when the folder already has a
catalogue (a `--format pdf` build then keeps it true to the folder); otherwise not.

The search index is Pagefind's: one record per numbered paragraph of every HTML edition in
the folder, read from the edition page itself (its text marked `data-pagefind-body`, each
paragraph its `id`), so a result's link is the paragraph's pinpoint,
`<work>/edition-en.html#para-13`. Pagefind answers, by default, only in the language of the
page searching; the catalogue's one index holds every language's paragraphs. Pagefind makes
the index before the manifest is written, which records a digest of its files (a build remakes
an index whose files differ from it); the writer puts it in place whole with the other files
(build/writer.py).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import lxml.html

from ..documents.catalogue import Collected, Listed, Shelf, Shelved, result_title
from ..errors import BuildError, Problem
from ..model.corpus import Corpus
from ..model.declaration import Declaration
from ..outputs import FORMATS, KIND_NAMES, SITE_KINDS, SiteKind
from ..render.context import Context, words
from .inputs import code_digest, templates_digest
from .writer import Tree


def facts(decl: Declaration) -> dict[str, Any]:
    """Return what the catalogue says of a work, as the manifest keeps it."""
    w = decl.source.work
    return {
        "title": w.title,
        "issuer": w.issuer,
        "adopted": w.adopted.isoformat(),
        "languages": list(dict.fromkeys(e.language for e in decl.source.expressions)),
        "texts": {e.id: e.name for e in decl.source.expressions},
        "edition": decl.edition(None).version,
        "edition_date": decl.edition(None).date.isoformat(),
    }


def collection_facts(corpus: Corpus) -> dict[str, Any]:
    """Return what the catalogue says of a collection, as the manifest keeps it."""
    return {"title": corpus.collection.title, "works": [w.id for w in corpus.works]}


def size_of(entry: Mapping[str, Any], out_dir: Path) -> int:
    """Return an output's size: the manifest's, or the file's for an older manifest."""
    said = entry.get("bytes")
    if isinstance(said, int):
        return said
    try:
        return (out_dir / str(entry["path"])).stat().st_size
    except OSError:
        return 0


def _listed(outs: list[dict[str, Any]], texts: list[str], out_dir: Path) -> tuple[Listed, ...]:
    return tuple(
        Listed(
            e["path"],
            str(e.get("kind")),
            tuple(e.get("expressions") or ()),
            str(e.get("format")),
            size_of(e, out_dir),
        )
        for e in sorted(outs, key=lambda e: _order(e, texts))
    )


def shelf(
    entries: list[dict[str, Any]],
    works: Mapping[str, Any],
    out_dir: Path,
    collections: Mapping[str, Any] | None = None,
) -> Shelf:
    """Return the catalogue's view of a build folder from its manifest: its entries, the facts
    of its works and of its collections (a collection's entries name it, not a work)."""
    by_work: dict[str, list[dict[str, Any]]] = {}
    by_collection: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        if e.get("collection") is not None:
            by_collection.setdefault(str(e["collection"]), []).append(e)
        else:
            by_work.setdefault(str(e.get("work")), []).append(e)
    shelved = []
    for work_id, outs in by_work.items():
        f = works.get(work_id) or {}
        adopted = f.get("adopted")
        texts = dict(f.get("texts") or {})
        shelved.append(
            Shelved(
                id=work_id,
                title=str(f.get("title") or work_id),
                issuer=f.get("issuer"),
                adopted=date.fromisoformat(adopted) if adopted else None,
                languages=tuple(f.get("languages") or ()),
                texts=texts,
                edition=str(f.get("edition") or outs[0].get("edition") or ""),
                outputs=_listed(outs, list(texts), out_dir),
            )
        )
    collected = []
    for c_id, outs in sorted(by_collection.items()):
        f = (collections or {}).get(c_id) or {}
        collected.append(
            Collected(
                c_id,
                str(f.get("title") or c_id),
                tuple(f.get("works") or ()),
                _listed(outs, [], out_dir),
            )
        )
    dates = [str(f["edition_date"]) for f in works.values() if f.get("edition_date")]
    return Shelf(
        tuple(sorted(shelved, key=lambda w: (w.title.casefold(), w.id))),
        tuple(collected),
        latest=date.fromisoformat(max(dates)) if dates else None,
    )


def _order(entry: Mapping[str, Any], texts: list[str]) -> tuple[int, list[int], int, str]:
    """Sort a work's outputs as the outputs table plans them: kind, then its texts, then format."""
    kinds, formats = list(KIND_NAMES), [f.name for f in FORMATS]
    kind, fmt = entry.get("kind"), entry.get("format")
    shown = [texts.index(e) if e in texts else len(texts) for e in entry.get("expressions") or ()]
    return (
        kinds.index(kind) if kind in kinds else len(kinds),
        shown,
        formats.index(fmt) if fmt in formats else len(formats),
        str(entry["path"]),
    )


@dataclass(frozen=True)
class Record:
    """One paragraph in the search index: its pinpoint link, its words, its title."""

    url: str
    content: str
    title: str


def records(path: str, page: bytes, result: Callable[[str, str], str]) -> list[Record]:
    """Return a search record for each numbered paragraph an HTML edition holds.

    Only the text the page marks for search (`data-pagefind-body`) is read; a paragraph the
    text lacks ("absent") has no record. A paragraph's list items are part of its record.
    """
    tree = lxml.html.document_fromstring(page)
    title = " ".join(tree.findtext(".//title", "").split())
    found = []
    for p in tree.xpath('//*[@data-pagefind-body]//*[@data-block="numbered"][@id]'):
        if "absent" in (p.get("class") or "").split():
            continue
        number = " ".join("".join(p.xpath('./span[@class="num"]//text()')).split())
        body = "".join(p.xpath('./span[@class="body"]//text()'))
        after = p.getnext()
        if after is not None and after.tag == "ol" and "items" in (after.get("class") or ""):
            body += " " + after.text_content()
        text = " ".join(body.split())
        if text:
            found.append(Record(f"{path}#{p.get('id')}", text, result(title, number)))
    return found


def _service() -> Any:
    """Return Pagefind's service, reading each answer as soon as it comes.

    The pagefind package's own reader pauses 0.1 s before reading each answer, so it indexes
    ten records a second (a work of 40 paragraphs took 4 s; a corpus of 20,000, an hour).
    This one reads them as they arrive, resolving each request as the package's does, and
    takes an answer of any length (the package's stops at 2 MiB): the whole index comes back
    in one, so that Pagefind writes nothing to disk and the build's writer writes every file.
    """
    from pagefind.service import PagefindService

    class Prompt(PagefindService):
        async def launch(self) -> Prompt:
            self._backend = await asyncio.create_subprocess_exec(
                self._bin,
                "--service",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                limit=2**40,  # an answer's length: only memory bounds it
            )
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            return self

        async def _wait_for_responses(self) -> None:
            assert self._backend.stdout is not None
            try:
                while True:
                    line = await self._backend.stdout.readuntil(b",")
                    self._answer(json.loads(base64.b64decode(line[:-1])))
            except asyncio.IncompleteReadError:
                self._fail("its process stopped")
            except (ValueError, KeyError):
                self._fail("its answer could not be read")

        async def close(self) -> None:
            # every request has had its answer (or failed): Pagefind ends when its input does
            # (the package's own close terminates it, whatever it is doing)
            self._poll_task.cancel()
            if self._backend.stdin is not None:
                self._backend.stdin.close()
            try:
                await asyncio.wait_for(self._backend.wait(), timeout=30)
            except TimeoutError:
                self._backend.kill()
                await self._backend.wait()

        def _fail(self, why: str) -> None:
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(RuntimeError(why))

        def _answer(self, answer: dict[str, Any]) -> None:
            payload = answer["payload"]
            message_id = answer.get("message_id")
            if message_id is None and payload.get("original_message"):  # an unparsed request
                message_id = json.loads(payload["original_message"]).get("message_id")
            future = self._responses.get(message_id) if isinstance(message_id, int) else None
            if future is None or future.done():
                return
            if payload["type"] == "Error":
                future.set_exception(RuntimeError(payload["message"]))
            else:
                future.set_result(payload)

    return Prompt()


async def _index(items: list[Record], lang: str) -> dict[str, bytes]:
    from pagefind.index import IndexConfig

    service = await _service().launch()
    try:
        index = await service.create_index(IndexConfig(force_language=lang))
        for r in items:
            await index.add_custom_record(
                url=r.url, content=r.content, language=lang, meta={"title": r.title}
            )
        return {str(f["path"]): f["content"] for f in await index.get_files()}
    except (OSError, RuntimeError) as err:  # its pipe broken, or no answer
        await service.close()
        if service._backend.returncode:  # it ended first: say so, whatever the pipe said
            raise RuntimeError(f"its process stopped, exit {service._backend.returncode}") from err
        raise
    finally:
        await service.close()


def index(items: list[Record], lang: str, shown: str) -> dict[str, bytes]:
    """Return the files of Pagefind's index of the records; BuildError if Pagefind fails."""
    try:
        return asyncio.run(_index(items, lang))
    except Exception as err:  # the Pagefind binary missing, or failing
        raise BuildError(
            Problem(
                shown,
                f"cannot build the search index (Pagefind: {err}); earlier files are unchanged",
            )
        ) from err


@dataclass(frozen=True)
class Site:
    """The files and folders of the whole build folder, and the manifest's record of them."""

    files: list[tuple[Path, bytes]]
    trees: list[Tree]
    record: dict[str, Any]


def wanted(kind: SiteKind, formats: set[str], out_dir: Path) -> bool:
    """Return whether a build makes a site output: it writes its format, or one is there."""
    return bool(formats & set(kind.formats)) or (out_dir / kind.file).is_file()


def site(
    entries: list[dict[str, Any]],
    works: Mapping[str, Any],
    collections: Mapping[str, Any],
    out_dir: Path,
    rendered: Mapping[str, bytes],
    ctx: Context,
    formats: set[str],
    force: bool,
    previous: Mapping[str, Any],
) -> Site:
    """Return the catalogue and its search index for a manifest about to be written.

    previous: the manifest's earlier record of them; when nothing they show has changed and
    they are in place, nothing is rewritten (unless forced).
    """
    files: list[tuple[Path, bytes]] = []
    trees: list[Tree] = []
    record: dict[str, Any] = {}
    for kind in SITE_KINDS:
        if not wanted(kind, formats, out_dir):
            continue
        inputs = _digest(entries, {"works": works, "collections": collections}, ctx)
        before = previous.get(kind.name) or {}
        target = out_dir / kind.file
        if (
            not force
            and before.get("inputs") == inputs
            and _sha(target) == before.get("sha256")
            and (kind.folder is None or _tree_sha(out_dir / kind.folder) == before.get("tree"))
        ):
            record[kind.name] = dict(before)
            continue
        data = kind.renderer()(shelf(entries, works, out_dir, collections), ctx)
        files.append((target, data))
        record[kind.name] = {"path": kind.file, "inputs": inputs, "sha256": _hex(data)}
        if kind.folder is not None:
            made = _search_index(entries, rendered, out_dir, ctx)
            record[kind.name]["tree"] = _listing_sha(made)
            trees.append((out_dir / kind.folder, _writer(made)))
    return Site(files, trees, record)


def _listing_sha(files: Mapping[str, bytes]) -> str:
    """The digest of a folder's files: every relative path with its bytes' SHA-256."""
    return _hex("\n".join(f"{p}\t{_hex(files[p])}" for p in sorted(files)).encode("utf-8"))


def _tree_sha(folder: Path) -> str | None:
    """The digest of a folder's files as they are on disk (None: no such folder, or unreadable)."""
    if not folder.is_dir() or folder.is_symlink():
        return None
    try:
        found = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file() or p.is_symlink()
        }
    except OSError:
        return None
    return _listing_sha(found)


def _writer(files: Mapping[str, bytes]) -> Callable[[Path], None]:
    def fill(folder: Path) -> None:
        for rel, data in sorted(files.items()):
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    return fill


def _search_index(
    entries: list[dict[str, Any]], rendered: Mapping[str, bytes], out_dir: Path, ctx: Context
) -> dict[str, bytes]:
    """Return the files of Pagefind's index of every HTML edition in the folder, by path."""
    m = words(ctx)
    found: list[Record] = []
    for e in entries:
        if e.get("kind") != "edition" or e.get("format") != "html":
            continue
        page = rendered.get(e["path"])
        if page is None:
            try:
                page = (out_dir / e["path"]).read_bytes()
            except OSError:
                continue
        found += records(e["path"], page, lambda t, n: result_title(m, t, n))
    made = index(found, ctx.lang, "pagefind")
    # not Pagefind's own search UIs: the catalogue has one
    return {path: data for path, data in made.items() if not Path(path).name.startswith(_UI)}


#: What Pagefind writes for search pages of its own making, which the catalogue never loads.
_UI = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")


def _digest(entries: list[dict[str, Any]], works: Mapping[str, Any], ctx: Context) -> str:
    """Hash what the catalogue shows: the entries, the facts of works and collections, and
    what changes its words (language, date, templates, code)."""
    shown = {
        "outputs": [(e["path"], e.get("sha256"), e.get("bytes")) for e in entries],
        "works": works,
        "lang": ctx.lang,
        "date": ctx.build_date.isoformat() if ctx.build_date else None,
        "templates": templates_digest(ctx.templates_dir),
        "code": code_digest(),
    }
    return _hex(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def _hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha(path: Path) -> str | None:
    try:
        return _hex(path.read_bytes()) if path.is_file() else None
    except OSError:
        return None
