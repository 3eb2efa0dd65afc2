"""Is a call upcoming, open or closed at a given instant, and how long is left?

A call is open from ``opens`` (inclusive) until ``closes`` (exclusive): at 12:00:00 on the
closing day a noon deadline has passed. Durations are measured in UTC, so a window that spans
a change of the clocks is an hour shorter or longer than its calendar days, as it is for the
applicant. ``--as-of`` dates without a time or offset are read in each call's own time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from mobility_cli.compiled.call import Call

UTC = dt.timezone.utc
WindowState = Literal["upcoming", "open", "closed", "unknown"]


@dataclass(frozen=True)
class AsOf:
    """The instant to judge calls at: an absolute one, or a local date-time read per call."""

    moment: dt.datetime

    @classmethod
    def parse(cls, text: str) -> AsOf:
        """'2026-01-09', '2026-01-09T11:59', '2026-01-09T10:59:59Z', '…+01:00'."""
        cleaned = text.strip()
        try:
            if len(cleaned) == 10:
                moment = dt.datetime.combine(dt.date.fromisoformat(cleaned), dt.time())
            else:
                moment = dt.datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"'{text}' is not a date (2026-01-09) or a date-time (2026-01-09T11:30, "
                "2026-01-09T10:30Z, 2026-01-09T11:30+01:00)"
            ) from None
        if not 1900 <= moment.year <= 9998:  # moving 0001-01-01 to another zone overflows
            raise ValueError(f"'{text}' is out of range: give a year from 1900 to 9998")
        return cls(moment)

    @classmethod
    def now(cls) -> AsOf:
        return cls(dt.datetime.now(UTC))

    def in_zone(self, zone: ZoneInfo) -> dt.datetime:
        if self.moment.tzinfo is not None:
            return self.moment.astimezone(zone)
        # A local time skipped by the clocks lands just after the change, like a wall clock.
        return self.moment.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


@dataclass(frozen=True)
class Window:
    """A call's state at one instant, and the seconds until its next edge."""

    state: WindowState
    at: dt.datetime
    seconds_left: int | None  # until closing when open, until opening when upcoming

    def describe(self) -> str:
        if self.state == "open" and self.seconds_left is not None:
            return f"open, closes in {humanise(self.seconds_left)}"
        if self.state == "upcoming" and self.seconds_left is not None:
            return f"upcoming, opens in {humanise(self.seconds_left)}"
        if self.state == "unknown":
            return "unknown (no closing date)"
        return self.state


def seconds_between(start: dt.datetime, end: dt.datetime) -> int:
    """Elapsed seconds (aware date-times in one zone subtract as wall clocks: go through UTC)."""
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds())


def window(call: Call, as_of: AsOf) -> Window:
    """The call's state at ``as_of``; without a closing date the state is ``unknown``. A call
    whose opening is not published counts as open until it closes."""
    now = as_of.in_zone(call.zone)
    if call.closes is None:
        return Window("unknown", now, None)
    if call.opens is not None and now < call.opens:
        return Window("upcoming", now, seconds_between(now, call.opens))
    if now < call.closes:
        return Window("open", now, seconds_between(now, call.closes))
    return Window("closed", now, None)


def humanise(seconds: int) -> str:
    """'2 days 3 hours', '5 hours 20 minutes', '45 seconds': the largest unit and the next."""
    units = (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1))
    amounts: list[tuple[int, str]] = []
    rest = max(seconds, 0)
    for name, size in units:
        count, rest = divmod(rest, size)
        amounts.append((count, name))
    first = next((i for i, (count, _) in enumerate(amounts) if count), None)
    if first is None:
        return "0 seconds"
    shown = [(count, name) for count, name in amounts[first : first + 2] if count]
    return " ".join(f"{count} {name}{'' if count == 1 else 's'}" for count, name in shown)
