"""Helpers the tests share, imported as `tests.support.<module>` from either tier.

projects  the bundled project and fixture projects built inline (make_work), the CLI in a
          subprocess, private fonts, the typo correction the correction tests apply
pdf       reading PDFs back: their text, words with positions, structure elements
ooxml     validating a DOCX against the OOXML schemas
browser   Debian's chromium driven by Playwright
files     snapshots of folders, a watch in a subprocess, a build checked against its manifest
"""
