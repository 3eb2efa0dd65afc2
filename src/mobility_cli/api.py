"""The public Python API; the command line is one client of it.

>>> from mobility_cli import convert_grade
>>> convert_grade("14", scale="fr-20", school="ing").converted
'23'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mobility_cli.catalog import Catalog
from mobility_cli.conversion.engine import Converter, find_programme
from mobility_cli.conversion.transcript import (
    CourseInput,
    CourseResult,
    Summary,
    convert_course,
    convert_courses,
    summarise,
)
from mobility_cli.errors import InputError


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """The bundled data, overlaid by ``MOBILITY_DATA_DIR`` and ``data_dir``."""
    return Catalog.from_options(data_dir)


def converter_for(catalog: Catalog, school: str, programme: str | None = None) -> Converter:
    """A converter for a school's table (and a programme of it, by id, name or alias)."""
    table = catalog.table(school)
    chosen = find_programme(table, programme) if programme else None
    return Converter(table, catalog.scales(), chosen, host_tables=catalog.grading_tables)


def _note_data_used(catalog: Catalog, converter: Converter) -> None:
    """Let the catalogue report reference groups and host tables that are not official."""
    for name, provenance in converter.used.items():
        catalog.note_data(name, provenance)


def convert_grades(
    grades: Iterable[str],
    *,
    scale: str,
    school: str,
    programme: str | None = None,
    catalog: Catalog | None = None,
) -> list[CourseResult]:
    """Convert grades as printed, numbered from 1; each result is ``ok`` or ``error``."""
    catalog = catalog or load_catalog()
    catalog.scale(scale)
    converter = converter_for(catalog, school, programme)
    results = [
        convert_course(
            CourseInput(row=row, course="", grade=grade), converter, scale, credits_required=False
        )
        for row, grade in enumerate(grades, start=1)
    ]
    _note_data_used(catalog, converter)
    return results


def convert_grade(
    grade: str,
    *,
    scale: str,
    school: str,
    programme: str | None = None,
    catalog: Catalog | None = None,
) -> CourseResult:
    """Convert one grade as printed; the result's ``status`` is ``ok`` or ``error``."""
    return convert_grades(
        [grade], scale=scale, school=school, programme=programme, catalog=catalog
    )[0]


@dataclass
class TranscriptReport:
    """Every course's result, and one summary per student (one for a plain transcript)."""

    results: list[CourseResult]
    summaries: list[Summary]

    @property
    def cohort(self) -> bool:
        return any(r.student_id for r in self.results)


def summarise_by_student(results: list[CourseResult], converter: Converter) -> list[Summary]:
    """One summary per student id, in order of first appearance (one summary if no ids)."""
    order: dict[str | None, list[CourseResult]] = {}
    for result in results:
        order.setdefault(result.student_id, []).append(result)
    return [summarise(rows, converter, student) for student, rows in order.items()]


def convert_transcript(
    courses: Iterable[CourseInput],
    *,
    school: str,
    programme: str | None = None,
    scale: str | None = None,
    catalog: Catalog | None = None,
    source: str = "the transcript",
) -> TranscriptReport:
    """Convert a transcript's courses; raise :class:`InputError` when there are none.

    ``source`` names the transcript in that error (a file name, for instance).
    """
    catalog = catalog or load_catalog()
    if scale is not None:
        catalog.scale(scale)
    converter = converter_for(catalog, school, programme)
    results = list(convert_courses(courses, converter, scale))
    _note_data_used(catalog, converter)
    if not results:
        raise InputError(f"{source}: no courses (only a header, or empty)")
    return TranscriptReport(results, summarise_by_student(results, converter))
