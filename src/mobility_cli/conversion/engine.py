"""Picking the method for a grade: programme rules, then the school's, in the declared order.

``Converter`` is built once per table (and programme) and converts grades as printed; parsed
and converted grades are cached, so a cohort of 100,000 rows repeats little work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mobility_cli.compiled.common import Provenance
from mobility_cli.compiled.grading import GradingTable
from mobility_cli.compiled.scale import NumericScale, Scale
from mobility_cli.compiled.table import ANY_SCALE, ConversionTable, Method, Programme, Rule
from mobility_cli.conversion.bands import convert_bands, describe_bands, invert_bands
from mobility_cli.conversion.context import CourseContext, MethodContext, no_host_tables
from mobility_cli.conversion.distribution import (
    convert_distribution,
    describe_distribution,
    home_grades,
    invert_distribution,
)
from mobility_cli.conversion.grades import Grade, GradeError, parse_grade
from mobility_cli.conversion.inverse import Inverse
from mobility_cli.conversion.linear import convert_linear, describe_linear, invert_linear
from mobility_cli.conversion.result import Conversion, NoInput, NotApplicable
from mobility_cli.errors import MobilityError, UnknownIdError
from mobility_cli.text import format_number

MethodFunction = Callable[[Any, Grade, Scale, NumericScale, MethodContext], Conversion]

# One entry per method: its model in models/table.py, its function here.
METHODS: dict[str, MethodFunction] = {
    "linear": convert_linear,
    "bands": convert_bands,
    "distribution": convert_distribution,
}

InverseFunction = Callable[[Any, Grade, Scale, NumericScale, MethodContext], Inverse]

# Each method's inverse, from its own module: the worst source grade reaching a home grade.
INVERSES: dict[str, InverseFunction] = {
    "linear": invert_linear,
    "bands": invert_bands,
    "distribution": invert_distribution,
}

DescriptionFunction = Callable[[Any], str]

# Each method in one line, from its own module, as ``mobility tables`` lists it.
DESCRIPTIONS: dict[str, DescriptionFunction] = {
    "linear": describe_linear,
    "bands": describe_bands,
    "distribution": describe_distribution,
}


def _rules_for(rules: tuple[Rule, ...], scale_id: str) -> list[Rule]:
    explicit = [r for r in rules if scale_id in r.scales]
    fallback = [r for r in rules if ANY_SCALE in r.scales]
    return explicit + fallback


def find_programme(table: ConversionTable, name: str) -> Programme:
    """A programme of the table by id, name or alias (case- and accent-insensitive)."""
    from mobility_cli.text import normalise_header

    wanted = normalise_header(name)
    for programme in table.programmes:
        names = (programme.id, programme.name, *programme.aliases)
        if wanted in {normalise_header(n) for n in names}:
            return programme
    raise UnknownIdError(f"programme of table '{table.id}'", name, [p.id for p in table.programmes])


class Converter:
    """Converts grades for one conversion table (and optionally one programme in it).

    ``host_tables`` gives the host grading tables of the data directories, read only when a
    ``distribution`` method needs them. ``used`` collects the data conversions relied on beyond
    the table's rows (reference groups, host tables), with their provenance.
    """

    def __init__(
        self,
        table: ConversionTable,
        scales: Mapping[str, Scale],
        programme: Programme | None = None,
        *,
        host_tables: Callable[[], Sequence[GradingTable]] = no_host_tables,
    ) -> None:
        home = scales.get(table.target.scale)
        if not isinstance(home, NumericScale):
            raise MobilityError(
                f"table '{table.id}': target scale '{table.target.scale}' is not a numeric scale"
            )
        for group in table.reference_groups:
            try:
                home_grades(group, home)
            except GradeError as exc:
                raise MobilityError(
                    f"table '{table.id}', reference group '{group.id}': {exc}"
                ) from None
        self.table = table
        self.programme = programme
        self.scales = scales
        self.home = home
        self.host_tables = host_tables
        self.used: dict[str, Provenance] = {}
        self.notes: list[str] = []  # for the whole run (the programme's rules are the school's)
        # A failure is cached as its message: re-raising one exception object would grow its
        # traceback on every raise (a cohort repeating a bad grade would leak memory).
        self._cache: dict[tuple[str, str, CourseContext], Conversion | str] = {}

    def methods_for(self, scale_id: str) -> list[tuple[Method, str]]:
        """The methods to try for a source scale, in order, each with where it is declared."""
        found: list[tuple[Method, str]] = []
        if self.programme is not None:
            where = f"programme {self.programme.id}"
            found += [
                (m, where) for r in _rules_for(self.programme.rules, scale_id) for m in r.methods
            ]
        where = f"table {self.table.id}"
        found += [(m, where) for r in _rules_for(self.table.rules, scale_id) for m in r.methods]
        return found

    def scale(self, scale_id: str) -> Scale:
        """A scale by id, in any case ('FR-20' in a row is fr-20)."""
        scale = self.scales.get(scale_id)
        if scale is None:
            folded = scale_id.casefold()
            scale = next((s for k, s in self.scales.items() if k.casefold() == folded), None)
        if scale is None:
            raise GradeError(str(UnknownIdError("scale", scale_id, sorted(self.scales))))
        return scale

    def convert(self, text: str, scale_id: str, course: CourseContext | None = None) -> Conversion:
        """Convert a grade as printed; raise :class:`GradeError` with the reason when it can't.

        ``course`` carries what the transcript row says beyond the grade (a host distribution);
        it is part of the cache key, so rows with different distributions never share a result.
        """
        course = course or CourseContext()
        key = (scale_id, text, course)
        cached = self._cache.get(key)
        if cached is None:
            try:
                cached = self._convert(text, scale_id, course)
            except GradeError as exc:
                cached = str(exc)
            if len(self._cache) < 100_000:
                self._cache[key] = cached
        if isinstance(cached, str):
            raise GradeError(cached)
        self.used.update(cached.uses)
        return cached

    def _convert(self, text: str, scale_id: str, course: CourseContext) -> Conversion:
        source = self.scale(scale_id)
        grade = parse_grade(source, text)
        if not grade.passing:
            pass_mark = source.pass_ if isinstance(source, NumericScale) else None
            shown = format_number(pass_mark) if pass_mark is not None else str(source.pass_)
            raise GradeError(
                f"'{text}' is a failing grade on {scale_id} (lowest pass {shown}): not converted"
            )
        if grade.span is not None:
            return self._convert_span(grade, source, course)
        done = self._apply(grade, source, course)
        return done.replace(notes=(grade.note,)) if grade.note else done

    def _convert_span(self, grade: Grade, source: Scale, course: CourseContext) -> Conversion:
        """A word alone ('Notable') converts only when its whole range converts alike."""
        assert grade.span is not None
        ends = [
            self._apply(grade.replace(label=format_number(v), value=v, span=None), source, course)
            for v in grade.span
        ]
        low, high = (format_number(v) for v in grade.span)
        first, last = (e.home.label for e in ends)
        if first != last:
            raise GradeError(
                f"'{grade.label}' stands for {low}–{high} on {source.id}, which convert to "
                f"{first}–{last} here: give the number"
            )
        rule = (
            f"'{grade.label}' is {low}–{high} on {source.id}, and all of it converts alike: "
            f"{ends[0].rule}"
        )
        return ends[0].replace(rule=rule)

    def _apply(self, grade: Grade, source: Scale, course: CourseContext) -> Conversion:
        scale_id = source.id
        context = MethodContext(self.table, course, self.programme, self.host_tables)
        skipped: list[str] = []
        quiet: list[str] = []  # methods without input (no distribution): the ordinary case
        for method, where in self.methods_for(scale_id):
            try:
                done = METHODS[method.method](method, grade, source, self.home, context)
            except NotApplicable as exc:
                (quiet if isinstance(exc, NoInput) else skipped).append(
                    f"{method.method} ({where}): {exc}"
                )
                continue
            if skipped:
                done = done.replace(rule=f"{done.rule} [fallback; {'; '.join(skipped)}]")
            return done
        if not skipped and not quiet:
            raise GradeError(f"table '{self.table.id}' has no rule for scale {scale_id}")
        raise GradeError("no method applies: " + "; ".join(skipped or quiet))
