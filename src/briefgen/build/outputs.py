"""Where each kind of output lives inside a work's output folder."""

from __future__ import annotations

#: The formats each kind of output is made in, its first when a format must be chosen for it
#: (citations are records, made in RECORD_EXTENSIONS whatever the formats).
KIND_FORMATS = {
    "edition": ("pdf", "docx", "html", "akn"),
    "comparison": ("pdf", "docx", "html"),
    "brief": ("pdf", "docx", "html"),
    "notice": ("pdf", "html"),
    "pack": ("pdf", "docx"),
}

#: File extensions of the citation record formats.
RECORD_EXTENSIONS = {"csl-json": "json", "bibtex": "bib", "ris": "ris"}
#: File extensions of the formats whose extension is not their name.
EXTENSIONS = {"akn": "akn.xml"}


def filename(kind: str, expressions: tuple[str, ...], fmt: str) -> str:
    """Return an output's file name, e.g. edition-en-xinhua.pdf or brief.html."""
    ext = EXTENSIONS.get(fmt, fmt)
    if kind in ("brief", "pack", "notice"):
        return f"{kind}.{ext}"
    if kind == "citation":
        return f"citations.{RECORD_EXTENSIONS[fmt]}"
    return f"{kind}-{'-'.join(expressions)}.{ext}"
