"""An applicant's programme cell finds its programme by id, name or alias, in any case and
with or without accents; level and school pick between programmes of the same name."""

from __future__ import annotations

import pytest

from mobility_cli.catalog import Catalog
from mobility_cli.eligibility.fields import parse_level
from mobility_cli.eligibility.programmes import MatchError, ProgrammeIndex, programme_index


@pytest.fixture(scope="module")
def index() -> ProgrammeIndex:
    return programme_index(Catalog.from_options().programme_files())


@pytest.mark.parametrize(
    ("cell", "level", "expected"),
    [
        ("mechanical-msc", None, "mechanical-msc"),
        ("Mechanical Engineering", None, "mechanical-msc"),
        ("INGEGNERIA  MECCANICA", None, "mechanical-msc"),
        ("ingegneria meccanica ", "msc", "mechanical-msc"),
        ("Ingegneria Fisica", "bsc", "physics-bsc"),
        ("Ingegneria Fisica", "msc", "physics-msc"),
        ("Ingegneria dell’Automazione", "bsc", "automation-bsc"),  # typographic apostrophe
        ("INGEGNERIA DELL'AUTOMAZIONE", "msc", "automation-msc"),
        ("Architettura", "msc", "architecture"),  # level not stated: any level matches
        ("Ingégneria Gestionale", None, "management-msc"),  # a stray accent
    ],
)
def test_a_cell_finds_its_programme(
    index: ProgrammeIndex, cell: str, level: str | None, expected: str
) -> None:
    found = index.find(cell, level)
    assert not isinstance(found, MatchError), found
    assert found.id == expected


@pytest.mark.parametrize(
    ("cell", "level", "school", "message"),
    [
        (
            "Ingegneria Mecanica",
            None,
            None,
            "unknown programme 'Ingegneria Mecanica' (did you mean 'Ingegneria Meccanica'?)",
        ),
        (
            "Basket weaving",
            None,
            None,
            "unknown programme 'Basket weaving': not a programme the data know; add it in "
            "`programmes/` of a --data-dir",
        ),
        (
            "Ingegneria Fisica",
            None,
            None,
            "programme 'Ingegneria Fisica' may be physics-bsc or physics-msc: give the level (or the id)",
        ),
        (
            "Mechanical Engineering",
            "bsc",
            None,
            "programme 'Mechanical Engineering' is offered as msc (mechanical-msc), not as bsc",
        ),
        (
            "Mechanical Engineering",
            None,
            "design",
            "programme 'Mechanical Engineering' is not in school design (it is in ing)",
        ),
    ],
)
def test_a_cell_that_names_no_single_programme_says_why(
    index: ProgrammeIndex, cell: str, level: str | None, school: str | None, message: str
) -> None:
    found = index.find(cell, level, school)
    assert isinstance(found, MatchError)
    assert str(found) == message


def test_schools_by_id_name_or_alias(index: ProgrammeIndex) -> None:
    assert index.school("3I") == "ing"
    assert index.school("school of design") == "design"
    assert index.school("auic") == "auic"
    unknown = index.school("Scuola di Magia")
    assert isinstance(unknown, MatchError) and str(unknown).startswith(
        "unknown school 'Scuola di Magia'"
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Laurea", "bsc"),
        ("laurea triennale", "bsc"),
        ("BSc", "bsc"),
        ("Laurea Magistrale", "msc"),
        ("LM", "msc"),
        ("M.Sc.", "msc"),
        ("ciclo unico", "single-cycle"),
        ("Laurea Magistrale a Ciclo Unico", "single-cycle"),
        ("LMCU", "single-cycle"),
        ("PhD", "phd"),
        ("Dottorato", "phd"),
        ("docente", "staff"),
    ],
)
def test_level_spellings(text: str, level: str) -> None:
    assert parse_level(text) == level


def test_an_unknown_level_lists_the_spellings() -> None:
    with pytest.raises(ValueError, match="level 'Master of Arts' is not one of BSc/Laurea"):
        parse_level("Master of Arts")


def test_bundled_catalogue_is_consistent(index: ProgrammeIndex) -> None:
    assert set(index.schools) == {"auic", "ing", "icat", "design"}
    assert len(index.programmes) >= 12
    for programme in index.programmes.values():
        assert programme.school in index.schools
        assert programme.name.strip() and programme.note.strip(), programme.id
