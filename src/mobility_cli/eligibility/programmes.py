"""Matching what an export writes in its programme and school cells to the catalogue.

A cell matches a programme's id, name or alias, in any case and with or without accents
("INGEGNERIA FISICA", "Ingegneria  fisica"). One name can stand for programmes at several levels
(Physics Engineering is a bachelor and a master): the applicant's level and school pick one.
Answers are cached per distinct cell, so a million rows repeat little work.

:func:`find_programme` is the one public lookup "a catalogue programme by any spelling,
optionally within a school" (used by ``check`` and by ``convert --programme``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from mobility_cli.compiled.programme import Bounds, Cycle, ProgrammesFile, School, StudyProgramme
from mobility_cli.eligibility.fields import Limits
from mobility_cli.text import closest, normalise_header

MAX_CACHED = 50_000
SIMILAR = 0.8
"""How alike (difflib ratio) a cell and a known name must be for a did-you-mean, compared
without the words every programme shares ("Ingegneria", "Engineering"): below it a suggestion
would mislead ("Ingegneria Civile" is not "Ingegneria Gestionale"), above it the cell is a
typo ("Ingegneria Mecanica")."""
SHARED_WORDS = frozenset(
    ("ingegneria", "engineering", "and", "e", "of", "in", "per", "di", "del", "dell", "della", "l")
)
UNKNOWN_PROGRAMME = "not a programme the data know; add it in `programmes/` of a --data-dir"


class MatchError(ValueError):
    """The cell names no programme (or school), or several: the message says which and why;
    ``key`` is the kind of problem, without the cell (the summary counts keys)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _distinct(key: str) -> str:
    """'ingegneria dell automazione' → 'automazione': the words that tell names apart."""
    return " ".join(w for w in key.split() if w not in SHARED_WORDS) or key


def _suggestion(key: str, spellings: Mapping[str, str]) -> str:
    """A did-you-mean for an unknown cell, when a known spelling is close enough."""
    by_distinct: dict[str, str] = {}
    for known, spelling in spellings.items():
        by_distinct.setdefault(_distinct(known), spelling)
    close = closest(_distinct(key), list(by_distinct), SIMILAR)
    return f" (did you mean '{by_distinct[close]}'?)" if close else ""


def _career(cycle: Cycle, cycles: Mapping[str, Cycle]) -> tuple[Decimal, int]:
    """Credits and years of a whole career ending with ``cycle`` (a master's adds the bachelor's)."""
    credits, years = cycle.credits, cycle.years
    seen = {cycle.level}
    while cycle.after is not None and cycle.after not in seen:
        cycle = cycles[cycle.after]
        seen.add(cycle.level)
        credits, years = credits + cycle.credits, years + cycle.years
    return credits, years


def limits_of(bounds: Bounds, level: str | None) -> Limits:
    """The bounds of an applicant at ``level``; the widest of every cycle when the level is
    unknown or has no declared cycle (PhD, staff)."""
    cycles: dict[str, Cycle] = {c.level: c for c in bounds.cycles}
    chosen = [cycles[level]] if level in cycles else list(cycles.values())
    grace = bounds.grace_years
    careers = [_career(c, cycles) for c in chosen]
    years = max(c.years for c in chosen) + grace
    if level in cycles:
        cycle = cycles[level]
        words = (
            f"the {level} cycle lasts {cycle.years} years, {grace} more allowed; a career up "
            f"to it has {careers[0][0]} credits"
        )
    else:
        words = "the level is not known: the widest study cycle's bounds"
    return Limits(
        average=bounds.average,
        year=years,
        credits=max(credits for credits, _ in careers),
        years_enrolled=max(y for _, y in careers) + grace,
        months_abroad=Decimal(12 * years),
        cycle=words,
    )


class ProgrammeIndex:
    """Schools and programmes by every spelling; :meth:`match` finds one programme for a row."""

    def __init__(
        self,
        programmes: Mapping[str, StudyProgramme],
        schools: Mapping[str, School],
        bounds: Bounds | None = None,
    ) -> None:
        self.programmes = dict(programmes)
        self.schools = dict(schools)
        self.bounds = bounds
        self._by_key: dict[str, list[StudyProgramme]] = {}
        self._programme_spelling: dict[str, str] = {}
        for programme in self.programmes.values():
            names = (programme.name, programme.name_it, programme.name_en)
            for spelling in (*filter(None, names), *programme.aliases, programme.id):
                key = normalise_header(spelling)
                bucket = self._by_key.setdefault(key, [])
                if programme not in bucket:
                    bucket.append(programme)
                self._programme_spelling.setdefault(key, spelling)
        self._school_by_key: dict[str, str] = {}
        self._school_spelling: dict[str, str] = {}
        for school in self.schools.values():
            for spelling in (school.name, *school.aliases, school.id):
                key = normalise_header(spelling)
                self._school_by_key.setdefault(key, school.id)
                self._school_spelling.setdefault(key, spelling)
        self._school_cache: dict[str, str | MatchError] = {}
        self._cache: dict[tuple[str, str | None, str | None], StudyProgramme | MatchError] = {}

    def school(self, text: str) -> str | MatchError:
        """The id of the school a cell names, or why it names none (with a did-you-mean)."""
        found = self._school_cache.get(text)
        if found is None:
            key = normalise_header(text)
            found = self._school_by_key.get(key) or MatchError(
                "unknown school",
                f"unknown school '{text}'{_suggestion(key, self._school_spelling)}",
            )
            if len(self._school_cache) < MAX_CACHED:
                self._school_cache[text] = found
        return found

    def find(
        self, text: str, level: str | None = None, school: str | None = None
    ) -> StudyProgramme | MatchError:
        """The programme a cell names, narrowed by the applicant's level and school id — or
        why there is none. Returned, not raised: a cached exception raised again would
        grow its traceback on every row."""
        cache_key = (text, level, school)
        found = self._cache.get(cache_key)
        if found is None:
            try:
                found = self._match(text, level, school)
            except MatchError as exc:
                found = exc.with_traceback(None)
            if len(self._cache) < MAX_CACHED:
                self._cache[cache_key] = found
        return found

    def _match(self, text: str, level: str | None, school: str | None) -> StudyProgramme:
        key = normalise_header(text)
        candidates = self._by_key.get(key)
        if not candidates:
            hint = _suggestion(key, self._programme_spelling)
            raise MatchError(
                "unknown programme",
                f"unknown programme '{text}'{hint or ': ' + UNKNOWN_PROGRAMME}",
            )
        if school is not None:
            in_school = [p for p in candidates if p.school == school]
            if not in_school:
                where = ", ".join(sorted({p.school for p in candidates}))
                raise MatchError(
                    "programme not in the school given",
                    f"programme '{text}' is not in school {school} (it is in {where})",
                )
            candidates = in_school
        if level is not None:
            at_level = [p for p in candidates if p.level in (level, None)]
            if not at_level:
                offered = ", ".join(f"{p.level} ({p.id})" for p in candidates)
                raise MatchError(
                    "programme not offered at the level given",
                    f"programme '{text}' is offered as {offered}, not as {level}",
                )
            candidates = at_level
        if len(candidates) > 1:
            ids = " or ".join(p.id for p in candidates)
            raise MatchError(
                "programme name shared by several programmes",
                f"programme '{text}' may be {ids}: give the level (or the id)",
            )
        return candidates[0]


def programme_index(catalogues: Iterable[ProgrammesFile]) -> ProgrammeIndex:
    """Schools and study programmes of the catalogue's ``programmes/`` files (from
    :meth:`mobility_cli.catalog.Catalog.programme_files`), ready for matching; a later file's id
    replaces an earlier one, and its bounds, when it has any."""
    schools: dict[str, School] = {}
    programmes: dict[str, StudyProgramme] = {}
    bounds = None
    for catalogue in catalogues:
        schools.update((s.id, s) for s in catalogue.schools)
        programmes.update((p.id, p) for p in catalogue.programmes)
        bounds = catalogue.bounds or bounds
    return ProgrammeIndex(programmes, schools, bounds)


def find_programme(
    index: ProgrammeIndex, text: str, school: str | None = None, level: str | None = None
) -> StudyProgramme | MatchError:
    """The catalogue programme ``text`` names (id, Italian or English name, alias; any case,
    with or without accents), within ``school`` (an id or a school's name or alias) and at
    ``level`` (bsc, msc, single-cycle, phd) when given — or why there is none, as a
    :class:`MatchError` (``key`` "unknown programme", "programme name shared by several
    programmes", …). A name shared by a bachelor's and a master's needs the level."""
    school_id: str | MatchError | None = None if school is None else index.school(school)
    if isinstance(school_id, MatchError):
        return school_id
    return index.find(text, level, school_id)
