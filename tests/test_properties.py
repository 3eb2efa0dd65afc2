"""Properties of every bundled scale and table (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mobility_cli.api import converter_for, load_catalog
from mobility_cli.catalog import TABLES_DIR
from mobility_cli.compiled.scale import NumericScale, OrdinalScale, Scale
from mobility_cli.conversion.grades import Grade, GradeError, format_number, parse_grade

CATALOG = load_catalog()
SCALES = sorted(CATALOG.scales().values(), key=lambda s: s.id)
TABLES = CATALOG.ids(TABLES_DIR)
HOME = CATALOG.scale("it-30")


def passing_grades(scale: Scale) -> st.SearchStrategy[str]:
    """Printed passing grades of a scale, as a transcript would show them."""
    if isinstance(scale, OrdinalScale):
        return st.sampled_from([g.label for g in scale.grades[: scale.rank_of_pass() + 1]])
    assert isinstance(scale, NumericScale)
    if scale.values:
        return st.sampled_from([format_number(v) for v in scale.values if scale.is_passing(v)])
    low, high = sorted((scale.pass_, scale.best))
    step = scale.step or Decimal("0.01")
    count = int((high - low) / step)
    return (
        st.integers(0, count)
        .map(lambda k: format_number(low + k * step))
        .filter(lambda text: scale.on_scale(Decimal(text)))
    )


def home_rank(grade: Grade) -> tuple[Decimal, int]:
    assert grade.value is not None
    return (grade.value, 1 if grade.honours else 0)


def better_or_equal(scale: Scale, a: Grade, b: Grade) -> bool:
    """Is ``a`` at least as good as ``b`` on ``scale``?"""
    if isinstance(scale, OrdinalScale):
        assert a.rank is not None and b.rank is not None
        return a.rank <= b.rank
    assert a.value is not None and b.value is not None
    if a.honours != b.honours:
        return a.honours
    return a.value >= b.value if scale.higher_is_better else a.value <= b.value


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_better_foreign_grade_never_gives_worse_home_grade(data: st.DataObject) -> None:
    table = data.draw(st.sampled_from(TABLES))
    scale = data.draw(st.sampled_from(SCALES))
    converter = converter_for(CATALOG, table)
    first = data.draw(passing_grades(scale))
    second = data.draw(passing_grades(scale))
    a, b = parse_grade(scale, first), parse_grade(scale, second)
    try:
        home_a = converter.convert(first, scale.id).home
        home_b = converter.convert(second, scale.id).home
    except GradeError:
        return  # a scale the table cannot convert (no rule applies): the row is an error
    if better_or_equal(scale, a, b):
        assert home_rank(home_a) >= home_rank(home_b), (table, scale.id, first, second)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_passing_grade_lands_in_18_to_30_lode(data: st.DataObject) -> None:
    table = data.draw(st.sampled_from(TABLES))
    scale = data.draw(st.sampled_from(SCALES))
    text = data.draw(passing_grades(scale))
    try:
        home = converter_for(CATALOG, table).convert(text, scale.id).home
    except GradeError:
        return
    assert home.value is not None
    assert Decimal(18) <= home.value <= Decimal(30)
    assert parse_grade(HOME, home.label).passing


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_parsing_what_we_print_gives_the_same_grade(data: st.DataObject) -> None:
    scale = data.draw(st.sampled_from(SCALES))
    grade = parse_grade(scale, data.draw(passing_grades(scale)))
    assert parse_grade(scale, grade.label) == grade
