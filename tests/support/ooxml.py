"""Validate every part of a DOCX against the OOXML schemas in tests/schemas/ooxml (see its
README): WordprocessingML parts against wml.xsd, the theme against DrawingML, properties,
relationships and content types against their OPC schemas.

Before validating, each part goes through markup-compatibility processing as a consumer does
(ECMA-376 Part 3): elements and attributes of namespaces a part declares `mc:Ignorable`
(Word 2010's w14 in the template's settings and fonts) are dropped.
"""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas" / "ooxml"
XSD = "{http://www.w3.org/2001/XMLSchema}"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
LOCAL = {  # imports that name no file or a web address: our local copies
    "http://www.w3.org/XML/1998/namespace": "xml.xsd",
    "http://purl.org/dc/elements/1.1/": "dc.xsd",
    "http://purl.org/dc/terms/": "dcterms.xsd",
}
#: Which schema validates a part, by the root element's namespace.
BY_NAMESPACE = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "wml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": (
        "opc-xsd/opc-coreProperties.xsd"
    ),
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": (
        "shared-documentPropertiesExtended.xsd"
    ),
    "http://schemas.openxmlformats.org/package/2006/relationships": (
        "opc-xsd/opc-relationships.xsd"
    ),
    "http://schemas.openxmlformats.org/package/2006/content-types": (
        "opc-xsd/opc-contentTypes.xsd"
    ),
}


@functools.cache
def schema(name: str) -> etree.XMLSchema:
    """Load one schema with its imports resolved to the local copies."""
    tree = etree.parse(str(SCHEMAS / name))
    for imp in tree.getroot().iter(f"{XSD}import"):
        local = LOCAL.get(imp.get("namespace", ""))
        if local:
            imp.set("schemaLocation", (SCHEMAS / local).as_uri())
    return etree.XMLSchema(tree)


def _ignore_extensions(root: Any) -> Any:
    """Drop what a consumer that knows only the standard ignores (mc:Ignorable namespaces)."""
    prefixes = (root.get(f"{{{MC}}}Ignorable") or "").split()
    ignorable = {root.nsmap[p] for p in prefixes if p in root.nsmap} | {MC}
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace in ignorable and el.getparent() is not None:
            el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            if etree.QName(attr).namespace in ignorable:
                del el.attrib[attr]
    return root


def problems(path: Path) -> dict[str, list[str]]:
    """Return each part of a DOCX with its schema errors (an empty list when it is valid)."""
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                out[name] = ["not an XML part: no schema checks it"]
                continue
            root = _ignore_extensions(etree.fromstring(z.read(name)))
            namespace = etree.QName(root).namespace or ""
            if namespace not in BY_NAMESPACE:
                out[name] = [f"no schema for a part in {namespace!r}"]
                continue
            xsd = schema(BY_NAMESPACE[namespace])
            xsd.validate(root)
            out[name] = [f"line {e.line}: {e.message}" for e in xsd.error_log]
    return out
