"""Matching what an export writes in its programme and school cells to the catalogue.

A cell matches a programme's id, name or alias, in any case and with or without accents
("INGEGNERIA FISICA", "Ingegneria  fisica"). One name can stand for programmes at several levels
(Physics Engineering is a bachelor and a master): the applicant's level and school pick one.
Answers are cached per distinct cell, so a million rows repeat little work.
"""

from __future__ import annotations

from collections.abc import Mapping

from mobility_cli.io.csvio import normalise_header
from mobility_cli.models.programme import School, StudyProgramme
from mobility_cli.text import closest

MAX_CACHED = 50_000


class MatchError(ValueError):
    """The cell names no programme (or school), or several: the message says which and why;
    ``key`` is the kind of problem, without the cell (the summary counts keys)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _suggestion(key: str, spellings: Mapping[str, str]) -> str:
    close = closest(key, list(spellings))
    return f" (did you mean '{spellings[close]}'?)" if close else ""


class ProgrammeIndex:
    """Schools and programmes by every spelling; :meth:`match` finds one programme for a row."""

    def __init__(
        self, programmes: Mapping[str, StudyProgramme], schools: Mapping[str, School]
    ) -> None:
        self.programmes = dict(programmes)
        self.schools = dict(schools)
        self._by_key: dict[str, list[StudyProgramme]] = {}
        self._programme_spelling: dict[str, str] = {}
        for programme in self.programmes.values():
            for spelling in (programme.name, *programme.aliases, programme.id):
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
            raise MatchError("unknown programme", f"unknown programme '{text}'{hint}")
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
