"""The date a build happens on: SOURCE_DATE_EPOCH when set, else today (UTC)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def source_date() -> date | None:
    """Return the date of SOURCE_DATE_EPOCH, if set: outputs then carry it as their date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return None


def today() -> tuple[date, str]:
    """Return the day a build happens on and how it is known, for messages."""
    when = source_date()
    if when is not None:
        return when, "the build date set by SOURCE_DATE_EPOCH"
    return datetime.now(UTC).date(), "today"
