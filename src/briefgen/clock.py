"""The date a build happens on: SOURCE_DATE_EPOCH when set, else today (UTC).

SOURCE_DATE_EPOCH follows reproducible-builds.org's specification: whole seconds since
1970-01-01 00:00 UTC, digits only. A value that is not one is an error, not ignored, so a
build never quietly carries today's date where a fixed one was asked for. An empty value is
taken as unset, as CI systems pass it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from .errors import Problem, UsageError

#: The latest SOURCE_DATE_EPOCH: 9999-12-31 23:59:59 UTC, the last moment a date holds.
LAST_EPOCH = 253402300799


def source_date() -> date | None:
    """Return the date of SOURCE_DATE_EPOCH, if set: outputs then carry it as their date.

    Raise UsageError for a value that is not whole seconds from 0 to LAST_EPOCH.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    digits = epoch.isascii() and epoch.isdigit() and len(epoch) <= len(str(LAST_EPOCH))
    if not digits or int(epoch) > LAST_EPOCH:
        shown = epoch if len(epoch) <= 40 else epoch[:40] + "…"
        raise UsageError(
            Problem(
                "SOURCE_DATE_EPOCH",
                f"{shown!r} is not a build date: give whole seconds since 1970-01-01 UTC, "
                f"0 to {LAST_EPOCH} (9999-12-31), or unset it",
            )
        )
    return datetime.fromtimestamp(int(epoch), tz=UTC).date()


def today() -> tuple[date, str]:
    """Return the day a build happens on and how it is known, for messages."""
    when = source_date()
    if when is not None:
        return when, "the build date set by SOURCE_DATE_EPOCH"
    return datetime.now(UTC).date(), "today"
