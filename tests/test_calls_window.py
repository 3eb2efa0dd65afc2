"""Deadline status around the closing instant, in the call's time zone (Europe/Rome), including
days when the clocks change; and `mobility calls` as a person and a script see it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from calls_support import write_call
from conftest import Run
from mobility_cli.catalog import Catalog
from mobility_cli.compiled.call import Call
from mobility_cli.eligibility.window import AsOf, humanise, window


def call_closing(tmp_path: Path, closes: str, opens: str | None = None) -> Call:
    window_lines = f"closes: {closes}\n" + (f"opens: {opens}\n" if opens else "")
    write_call(tmp_path, window_lines)
    return Catalog.from_options(tmp_path).call("test-call")


@pytest.mark.parametrize(
    ("as_of", "state", "seconds_left"),
    [
        ("2026-01-09T11:59:59", "open", 1),  # local time, read in Europe/Rome
        ("2026-01-09T12:00:00", "closed", None),  # the closing instant itself is closed
        ("2026-01-09T10:59:59Z", "open", 1),  # CET is UTC+1 in January
        ("2026-01-09T11:00:00Z", "closed", None),
        ("2026-01-09T11:59:59+01:00", "open", 1),
        ("2026-01-09", "open", 12 * 3600),  # a date is midnight in the call's zone
        ("2026-01-10", "closed", None),
    ],
)
def test_winter_deadline(tmp_path: Path, as_of: str, state: str, seconds_left: int | None) -> None:
    call = call_closing(tmp_path, "2026-01-09 12:00:00")
    found = window(call, AsOf.parse(as_of))
    assert (found.state, found.seconds_left) == (state, seconds_left)


@pytest.mark.parametrize(
    ("as_of", "state", "seconds_left"),
    [
        # 29 March 2026: clocks go from 02:00 CET to 03:00 CEST; noon is 10:00 UTC
        ("2026-03-29T09:59:59Z", "open", 1),
        ("2026-03-29T10:00:00Z", "closed", None),
        ("2026-03-29T11:59:59", "open", 1),
        # from the day before, noon to noon is 23 hours, not 24
        ("2026-03-28T12:00:00", "open", 23 * 3600),
        ("2026-03-29", "open", 11 * 3600),
        # 02:30 does not exist that night: read as 03:30 CEST, like a wall clock
        ("2026-03-29T02:30:00", "open", 8 * 3600 + 30 * 60),
    ],
)
def test_deadline_on_the_day_clocks_go_forward(
    tmp_path: Path, as_of: str, state: str, seconds_left: int | None
) -> None:
    call = call_closing(tmp_path, "2026-03-29 12:00:00")
    found = window(call, AsOf.parse(as_of))
    assert (found.state, found.seconds_left) == (state, seconds_left)


def test_deadline_after_the_clocks_go_back(tmp_path: Path) -> None:
    # 25 October 2026: 03:00 CEST becomes 02:00 CET; noon on the 25th is 11:00 UTC
    call = call_closing(tmp_path, "2026-10-25 12:00:00")
    assert window(call, AsOf.parse("2026-10-25T10:59:59Z")).state == "open"
    assert window(call, AsOf.parse("2026-10-25T11:00:00Z")).state == "closed"
    assert window(call, AsOf.parse("2026-10-24T12:00:00")).seconds_left == 25 * 3600


def test_upcoming_until_it_opens(tmp_path: Path) -> None:
    call = call_closing(tmp_path, "2026-05-05 12:00:00", opens="2026-04-15 09:00:00")
    before = window(call, AsOf.parse("2026-04-15T08:00:00"))
    assert (before.state, before.seconds_left) == ("upcoming", 3600)
    assert before.describe() == "upcoming, opens in 1 hour"
    assert window(call, AsOf.parse("2026-04-15T09:00:00")).state == "open"


def test_a_call_without_a_closing_date_is_unknown() -> None:
    athens = Catalog.from_options().call("athens-march")
    assert window(athens, AsOf.now()).state == "unknown"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 seconds"),
        (45, "45 seconds"),
        (3600, "1 hour"),
        (3660, "1 hour 1 minute"),
        (2 * 86400 + 5 * 60, "2 days"),
        (90061, "1 day 1 hour"),
    ],
)
def test_time_left_in_words(seconds: int, words: str) -> None:
    assert humanise(seconds) == words


def test_as_of_that_is_not_a_date_is_exit_2(run: Run) -> None:
    result = run("calls", "--as-of", "next friday")
    assert result.exit_code == 2
    assert "--as-of: 'next friday' is not a date" in result.stderr


def test_calls_as_csv_honour_the_time_zone(run: Run) -> None:
    result = run("calls", "--as-of", "2026-01-09T10:30:00Z", "--format", "csv")
    assert result.exit_code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    first = rows["polimi-2026-2027-first-engineering"]
    assert (first["status"], first["seconds_left"], first["time_left"]) == (
        "open",
        "1800",
        "30 minutes",
    )
    assert first["closes"] == "2026-01-09T12:00:00+01:00" and first["timezone"] == "Europe/Rome"
    assert rows["ka107-2019-2020-s2"]["status"] == "closed"
    assert rows["ka107-2019-2020-s2"]["closes"] == "2019-10-21T12:00:00+02:00"
    assert rows["athens-november"]["status"] == "unknown"


def test_calls_as_json_and_as_a_table(run: Run) -> None:
    document = json.loads(run("calls", "--as-of", "2019-10-21", "-f", "json").stdout)
    ka107 = next(c for c in document["calls"] if c["id"] == "ka107-2019-2020-s2")
    assert (ka107["status"], ka107["time_left"]) == ("open", "12 hours")
    table = run("calls", "--as-of", "2019-10-21", "-f", "table").stdout
    assert "2019-10-21 12:00 CEST" in table and "open, closes in 12 hours" in table


def test_one_call_in_words(run: Run) -> None:
    result = run("calls", "polimi-2026-2027-first-engineering", "--as-of", "2026-01-08")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "closes: 2026-01-09 12:00 CET" in out
    assert "status: open, closes in 1 day 12 hours" in out
    assert "first year of the course completed before the mobility" in out
    assert "preferences: up to 6 for short mobility, 3 for a double degree" in out
    assert (
        "ranking: polimi-merit: average + 0.1 × (credits / (years enrolled − 1) − 30) − 5 × previous exchanges"
        in out
    )
    assert "not known: The opening date is not in the sources" in out
    assert "polimi-2026-2027-first-engineering.yaml is derived" in result.stderr


def test_unknown_call_lists_the_known_ones(run: Run) -> None:
    result = run("calls", "ka107-2019")
    assert result.exit_code == 2
    assert "unknown call 'ka107-2019'" in result.stderr and "ka107-2019-2020-s2" in result.stderr
    assert result.stdout == ""
