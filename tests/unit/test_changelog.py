"""The changelog and the version: `briefgen --version` is the newest release CHANGELOG.md lists."""

from __future__ import annotations

import re

import briefgen
from tests.support.projects import ROOT

RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def test_the_version_is_the_newest_release_of_the_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    releases = RELEASE.findall(text)
    assert releases, "no release heading '## [X.Y.Z] - YYYY-MM-DD' in CHANGELOG.md"
    newest, _ = releases[0]
    assert briefgen.__version__ == newest


def test_the_changelog_keeps_an_unreleased_section_above_the_releases() -> None:
    headings = re.findall(r"^## \[([^\]]+)\]", (ROOT / "CHANGELOG.md").read_text("utf-8"), re.M)
    assert headings[0] == "Unreleased"
    versions = [tuple(int(n) for n in v.split(".")) for v in headings[1:]]
    assert versions == sorted(versions, reverse=True), "releases newest first"
