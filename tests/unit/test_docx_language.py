"""Chinese words in a DOCX run of another language are tagged Chinese for Word's fonts."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn

from briefgen.documents.blocks import Text
from briefgen.render.docx.writer import Target, inline


def _langs(content: tuple[Text, ...], lang: str | None) -> list[dict[str, str]]:
    doc = docx.Document()
    paragraph = doc.add_paragraph()
    inline(paragraph, content, Target(doc, lang=lang))
    out = []
    for r in paragraph._p.iter(qn("w:r")):
        found = r.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        out.append(
            {k.split("}")[1]: v for k, v in (found.attrib if found is not None else {}).items()}
        )
    return out


def test_an_english_run_with_chinese_words_says_both() -> None:
    attribution = Text("Attribution: 由 China Government 在 中华人民共和国")
    assert _langs((attribution,), "en") == [{"val": "en", "eastAsia": "zh-CN"}]


def test_a_run_of_no_language_with_chinese_words_is_east_asian_chinese() -> None:
    assert _langs((Text("安全"),), None) == [{"eastAsia": "zh-CN"}]


def test_english_alone_and_chinese_text_keep_their_tags() -> None:
    assert _langs((Text("safety"),), "en") == [{"val": "en"}]
    assert _langs((Text("安全", lang="zh"),), "en") == [{"eastAsia": "zh-CN"}]
