"""Output of ``mobility programmes``: one row per study programme of the catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from mobility_cli.compiled.programme import StudyProgramme
from mobility_cli.formats import Writers
from mobility_cli.io.csv_writer import write_csv
from mobility_cli.output import render_table, write_json

COLUMNS = ("id", "school", "level", "name_it", "name_en", "aliases", "note")
NOT_STATED = "not stated"


def programme_dict(programme: StudyProgramme) -> dict[str, Any]:
    """A programme as data: a name or level the sources do not give is ``None``."""
    return {
        "id": programme.id,
        "school": programme.school,
        "level": programme.level,
        "name_it": programme.name_it or None,
        "name_en": programme.name_en or None,
        "aliases": list(programme.aliases),
        "note": " ".join(programme.note.split()),
    }


def _rows(programmes: Sequence[StudyProgramme]) -> list[dict[str, Any]]:
    """The programmes as data, by school, level and id."""
    ordered = sorted(programmes, key=lambda p: (p.school, p.level or "~", p.id))
    return [programme_dict(p) for p in ordered]


def write_json_report(out: IO[str], programmes: Sequence[StudyProgramme]) -> None:
    write_json(out, {"programmes": _rows(programmes)})


def write_csv_report(out: IO[str], programmes: Sequence[StudyProgramme]) -> None:
    rows = (
        [*(r[c] or "" for c in COLUMNS[:5]), "; ".join(r["aliases"]), r["note"]]
        for r in _rows(programmes)
    )
    write_csv(out, COLUMNS, rows)


def write_table_report(out: IO[str], programmes: Sequence[StudyProgramme]) -> None:
    rows = _rows(programmes)
    table_rows = [
        [
            r["id"],
            r["school"],
            r["level"] or NOT_STATED,
            r["name_it"] or "—",
            r["name_en"] or "—",
            ", ".join(r["aliases"]),
        ]
        for r in rows
    ]
    render_table(out, f"{len(rows)} programme(s)", COLUMNS[:6], table_rows)


WRITERS: Writers[Sequence[StudyProgramme]] = Writers(
    {"table": write_table_report, "csv": write_csv_report, "json": write_json_report}
)
"""``mobility programmes``: the programmes in each format, by school, level and id."""
