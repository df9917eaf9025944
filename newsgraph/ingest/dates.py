"""Parsing of article dates given by sources; an impossible date is an error, never a guess."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
EARLIEST = date(1800, 1, 1)


class DateError(ValueError):
    """A date a source gave that cannot be a publication date."""


def check_plausible(value: date) -> date:
    latest = date.today() + timedelta(days=2)
    if not EARLIEST <= value <= latest:
        raise DateError(f"implausible publication date {value.isoformat()}")
    return value


def parse_iso_date(raw: str) -> date:
    """``2025-09-11`` or an ISO datetime; anything else raises :class:`DateError`."""
    raw = raw.strip()
    m = ISO_DATE.match(raw)
    if not m:
        raise DateError(f"not an ISO date: {raw[:40]!r}")
    try:
        value = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise DateError(f"impossible date {raw[:40]!r}: {exc}") from None
    return check_plausible(value)


def parse_reuters_date(raw: str) -> date:
    """Reuters-21578 ``<DATE>``: ``26-FEB-1987 15:01:01.79``."""
    try:
        return check_plausible(datetime.strptime(raw.split()[0] if raw.split() else "", "%d-%b-%Y").date())
    except ValueError as exc:
        raise DateError(f"impossible Reuters date {raw.strip()[:40]!r}: {exc}") from None
