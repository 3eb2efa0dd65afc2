"""Output of ``mobility calls``: every call with its window and state, or one call in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from rich.text import Text

from mobility_cli.compiled.call import Call
from mobility_cli.eligibility.checker import Checker
from mobility_cli.eligibility.fields import BY_NAME, FIELDS
from mobility_cli.eligibility.window import AsOf, Window, humanise, window
from mobility_cli.formats import Writers
from mobility_cli.io.csv_writer import write_csv
from mobility_cli.output import console, render_table, write_json

COLUMNS = (
    "id",
    "type",
    "academic_year",
    "semester",
    "opens",
    "closes",
    "timezone",
    "status",
    "seconds_left",
    "time_left",
    "title",
)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def call_dict(call: Call, state: Window) -> dict[str, Any]:
    """One call's listing: the window as ISO date-times with their offset, the state, and
    the seconds (and words) until it closes, or opens when upcoming."""
    return {
        "id": call.id,
        "type": call.type,
        "academic_year": call.academic_year,
        "semester": call.semester,
        "opens": _iso(call.opens),
        "closes": _iso(call.closes),
        "timezone": call.timezone,
        "status": state.state,
        "seconds_left": state.seconds_left,
        "time_left": humanise(state.seconds_left) if state.seconds_left is not None else None,
        "title": call.title,
    }


def _local(moment: dt.datetime | None, call: Call) -> str:
    """'2026-01-09 12:00 CET': the call's local time, with the zone's name for that date."""
    return moment.astimezone(call.zone).strftime("%Y-%m-%d %H:%M %Z") if moment else "—"


@dataclass(frozen=True)
class CallStates:
    """Every call with its window judged at one moment: what a writer of the list gets."""

    as_of: AsOf
    states: list[tuple[Call, Window]]

    @classmethod
    def of(cls, calls: Sequence[Call], as_of: AsOf) -> CallStates:
        return cls(as_of, [(call, window(call, as_of)) for call in calls])


def write_json_report(out: IO[str], listing: CallStates) -> None:
    calls = [call_dict(c, w) for c, w in listing.states]
    write_json(out, {"as_of": listing.as_of.moment.isoformat(), "calls": calls})


def write_csv_report(out: IO[str], listing: CallStates) -> None:
    rows = ([call_dict(c, w)[name] for name in COLUMNS] for c, w in listing.states)
    write_csv(out, COLUMNS, rows)


def write_table_report(out: IO[str], listing: CallStates) -> None:
    rows = [
        [c.id, c.academic_year or "—", _local(c.opens, c), _local(c.closes, c), w.describe()]
        for c, w in listing.states
    ]
    title = f"calls as of {listing.as_of.moment.isoformat(sep=' ', timespec='minutes')}"
    render_table(out, title, ["id", "year", "opens", "closes", "status"], rows)


WRITERS: Writers[CallStates] = Writers(
    {"table": write_table_report, "csv": write_csv_report, "json": write_json_report}
)
"""``mobility calls``: every call with its state, in each format."""


def write_template(out: IO[str], checker: Checker, lang: str) -> list[str]:
    """The header row of an applicants file for the call (English headers separated by ``,``,
    Italian by ``;`` as Excel in an Italian locale expects); returns a note for stderr naming
    the required and the optional columns."""
    required, optional = checker.template()
    chosen = [f for f in (f.name for f in FIELDS) if f in required or f in optional]
    italian = lang == "it"
    names = [BY_NAME[f].italian if italian else BY_NAME[f].headers[0] for f in chosen]
    write_csv(out, names, (), ";" if italian else ",")

    def shown(fields: Sequence[str]) -> str:
        return ", ".join(BY_NAME[f].italian if italian else f for f in fields) or "none"

    return [f"required: {shown(required)}", f"optional: {shown(optional)}"]


def show_call(out: IO[str], checker: Checker, as_of: AsOf) -> None:
    """One call for a person: window and state, who may apply, each requirement in words, the
    ranking rule, what the data do not know, and where it all comes from."""
    call = checker.call
    text = console(out)
    text.print(Text(f"{call.id} — {call.title}", style="bold"))
    facts = [
        ("type", call.type),
        ("academic year", call.academic_year or "—"),
        ("semester", call.semester or "—"),
        ("opens", _local(call.opens, call)),
        ("closes", _local(call.closes, call)),
        ("time zone", call.timezone),
        ("status", window(call, as_of).describe()),
    ]
    for label, value in facts:
        text.print(Text(f"{label}: {value}"))
    if call.description:
        text.print(Text(call.description.strip(), style="dim"))
    text.print(Text("requirements:", style="bold"))
    if not checker.requirements:
        text.print(Text("  none known (any programme in the catalogue)"))
    for requirement in checker.requirements:
        text.print(Text(f"  - {requirement.describe()}"))
    if call.eligible.note:
        text.print(Text(f"  ({call.eligible.note.strip()})", style="dim"))
    if call.preferences is not None:
        prefs = call.preferences
        text.print(
            Text(
                f"preferences: up to {prefs.short_mobility or '—'} for short mobility, "
                f"{prefs.double_degree or '—'} for a double degree"
            )
        )
    if checker.ranking is not None:
        text.print(Text(f"ranking: {checker.ranking.describe()}"))
    for gap in call.gaps:
        text.print(Text(f"not known: {' '.join(gap.split())}", style="yellow"))
    prov = call.provenance
    text.print(Text(f"status of the data: {prov.status} (as of {prov.date})"))
    text.print(Text(f"source: {' '.join(prov.source.split())}", style="dim"))
