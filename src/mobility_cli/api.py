"""The public Python API; the command line is one client of it (examples: docs/api.md).

>>> from mobility_cli import convert_grade
>>> convert_grade("14", scale="fr-20", school="ing").converted
'23'
>>> convert_grade(14, scale="fr-20", school="ing").converted
'23'
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mobility_cli.catalog import Catalog
from mobility_cli.compiled.table import ConversionTable, Programme
from mobility_cli.conversion.engine import Converter, find_programme
from mobility_cli.conversion.transcript import CourseInput, CourseResult, Summary, convert_course
from mobility_cli.errors import InputError, MobilityError, UnknownIdError

if TYPE_CHECKING:  # the readers and the stream are imported when a transcript is converted
    from mobility_cli.streaming import Course, TranscriptStream

GradeInput = str | int | float | Decimal

__all__ = [
    "Course",
    "CourseInput",
    "CourseResult",
    "GradeInput",
    "Summary",
    "TranscriptReport",
    "TranscriptStream",
    "convert_grade",
    "convert_grades",
    "convert_transcript",
    "converter_for",
    "load_catalog",
    "stream_transcript",
]


def __getattr__(name: str) -> Any:
    if name in ("Course", "TranscriptStream"):  # public, but a single grade needs neither
        from mobility_cli import streaming

        return getattr(streaming, name)
    raise AttributeError(f"module 'mobility_cli.api' has no attribute {name!r}")


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """The bundled data, overlaid by ``MOBILITY_DATA_DIR`` and ``data_dir``."""
    return Catalog.from_options(data_dir)


def _programme(
    catalog: Catalog, table: ConversionTable, name: str
) -> tuple[Programme | None, str | None]:
    """The table's programme named ``name``; else a programme of the school that the catalogue
    knows (by Italian or English name or alias), which converts by the school's rules."""
    from mobility_cli.eligibility.programmes import programme_index

    with contextlib.suppress(UnknownIdError):
        return find_programme(table, name), None
    found = programme_index(catalog.programme_files()).find(name, school=table.id)
    if isinstance(found, ValueError):
        known = ", ".join(p.id for p in table.programmes) or "none"
        raise MobilityError(f"{found}; table '{table.id}' has rules for: {known}")
    for spelling in (found.id, found.name, *found.aliases):
        with contextlib.suppress(UnknownIdError):
            return find_programme(table, spelling), None
    return None, (
        f"programme {found.id} ({found.name}) has no rules of its own in table '{table.id}': "
        "converted by the school's rules"
    )


def converter_for(catalog: Catalog, school: str, programme: str | None = None) -> Converter:
    """A converter for a school's table (and a programme of it, by id, name or alias; a
    programme the table has no rules for converts by the school's rules, with a note)."""
    table = catalog.table(school)
    chosen, note = _programme(catalog, table, programme) if programme else (None, None)
    converter = Converter(table, catalog.scales(), chosen, host_tables=catalog.grading_tables)
    if note:
        converter.notes.append(note)
    return converter


def grade_text(grade: GradeInput) -> str:
    """A grade as printed: text as it is, numbers as written (14 → '14', 7.5 → '7.5')."""
    if isinstance(grade, str):
        return grade
    if isinstance(grade, bool) or not isinstance(grade, int | float | Decimal):
        raise TypeError(f"a grade is text or a number, not {type(grade).__name__}")
    if isinstance(grade, Decimal):
        return f"{grade:f}"
    return repr(grade)


def convert_grades(
    grades: Iterable[GradeInput],
    *,
    scale: str,
    school: str,
    programme: str | None = None,
    catalog: Catalog | None = None,
) -> list[CourseResult]:
    """Convert grades as printed, numbered from 1; each result is ``ok`` or ``error``."""
    catalog = catalog or load_catalog()
    scale = catalog.scale(scale).id
    converter = converter_for(catalog, school, programme)
    results = [
        convert_course(
            CourseInput(row=row, course="", grade=grade_text(grade)),
            converter,
            scale,
            credits_required=False,
        )
        for row, grade in enumerate(grades, start=1)
    ]
    for result in results:  # what holds for the whole run holds for each grade
        result.notes[:0] = converter.notes
    catalog.note_data(converter.used)
    return results


def convert_grade(
    grade: GradeInput,
    *,
    scale: str,
    school: str,
    programme: str | None = None,
    catalog: Catalog | None = None,
) -> CourseResult:
    """Convert one grade, as printed or as a number; the result's ``status`` is ``ok`` or
    ``error``, its ``notes`` a list of what was accepted beyond the scale's plain grades."""
    return convert_grades(
        [grade], scale=scale, school=school, programme=programme, catalog=catalog
    )[0]


@dataclass
class TranscriptReport:
    """Every course's result, one summary per student (one for a plain transcript), and the
    run's notes (how the file was read, a programme converted by its school's rules)."""

    results: list[CourseResult]
    summaries: list[Summary]
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """False when any course was not converted: the averages cover only the others."""
        return all(summary.complete for summary in self.summaries)

    @property
    def cohort(self) -> bool:
        return any(r.student_id for r in self.results)


def _path_courses(
    path: str, catalog: Catalog, scale: str | None, notes: list[str]
) -> Iterator[CourseInput]:
    """The courses of a file (CSV, workbook or ELMO XML), read while they are converted."""
    from mobility_cli.io.transcripts import read_transcript_file

    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by _closing, when the courses are read
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        read, courses, _ = read_transcript_file(stream, path, scales=catalog.scales, scale=scale)
    except BaseException:
        stream.close()
        raise
    notes += read
    return _closing(stream, courses, path)


def _closing(stream: IO[bytes], courses: Iterable[CourseInput], path: str) -> Iterator[CourseInput]:
    with stream:
        try:
            yield from courses
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _courses(
    source: str | os.PathLike[str] | Iterable[CourseInput] | Iterable[Mapping[str, object]],
    catalog: Catalog,
    scale: str | None,
    notes: list[str],
) -> Iterable[CourseInput]:
    """The courses of a path (CSV or ELMO XML), of plain dicts, or given as they are."""
    from mobility_cli.io.transcripts import TranscriptRows, transcript_dicts

    if isinstance(source, str | os.PathLike):
        return _path_courses(os.fspath(source), catalog, scale, notes)
    if isinstance(source, TranscriptRows):  # a CSV being read: its stream keys on raw cells
        return source
    rows: Iterator[Any] = iter(source)  # streamed: a cohort is never in memory twice
    first = next(rows, None)
    if first is None:
        return []
    chained: Iterator[Any] = itertools.chain([first], rows)
    return chained if isinstance(first, CourseInput) else transcript_dicts(chained)


TranscriptSource = str | os.PathLike[str] | Iterable[CourseInput] | Iterable[Mapping[str, object]]


def stream_transcript(
    courses: TranscriptSource,
    *,
    school: str,
    programme: str | None = None,
    scale: str | None = None,
    catalog: Catalog | None = None,
    source: str = "the transcript",
) -> TranscriptStream:
    """Convert a transcript or a cohort as a stream: the same sources as
    :func:`convert_transcript`, and :class:`TranscriptStream` says how to read the results and
    then the summaries. Memory grows with the students, not with the courses; a student's
    rows may be anywhere in the file.
    """
    from mobility_cli.streaming import TranscriptStream

    catalog = catalog or load_catalog()
    if scale is not None:
        scale = catalog.scale(scale).id
    if isinstance(courses, str | os.PathLike) and source == "the transcript":
        source = os.fspath(courses)
    converter = converter_for(catalog, school, programme)
    notes: list[str] = []
    found = _courses(courses, catalog, scale, notes)
    return TranscriptStream(
        found, converter, scale=scale, catalog=catalog, source=source, notes=notes
    )


def convert_transcript(
    courses: TranscriptSource,
    *,
    school: str,
    programme: str | None = None,
    scale: str | None = None,
    catalog: Catalog | None = None,
    source: str = "the transcript",
) -> TranscriptReport:
    """Convert a transcript: a path (CSV or ELMO XML), rows of plain dicts keyed by any
    accepted header, or :class:`CourseInput` records. Raise :class:`InputError` when there
    are no courses; ``source`` names the transcript in that error (a file name, for instance).
    Every result is kept: for a large cohort, :func:`stream_transcript` keeps none.
    """
    stream = stream_transcript(
        courses, school=school, programme=programme, scale=scale, catalog=catalog, source=source
    )
    results = list(stream)
    return TranscriptReport(results, list(stream.summaries()), stream.notes)
