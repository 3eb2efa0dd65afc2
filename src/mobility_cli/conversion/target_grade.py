"""The lowest foreign grade that reaches a home grade (``mobility target``).

The converter's methods are tried in its own order; the first that applies answers with its
inverse (see :mod:`mobility_cli.conversion.inverse`). The answer is then converted forward, so
the rule shown is the one that decides it, and the next worse grade of the scale is converted
too: both must agree with the inverse, or the command says the table cannot be inverted
exactly for this scale rather than print a wrong answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from mobility_cli.conversion.bands import home_ladder
from mobility_cli.conversion.context import MethodContext
from mobility_cli.conversion.engine import INVERSES, Converter
from mobility_cli.conversion.grades import Grade, GradeError, parse_grade
from mobility_cli.conversion.inverse import Unreachable, next_worse, reaches
from mobility_cli.conversion.result import NotApplicable
from mobility_cli.errors import MobilityError


@dataclass(frozen=True)
class TargetResult:
    """One answer: ``grade`` is ``None`` when no grade of the scale reaches ``target``; ``rule``
    is then the reason."""

    target: str
    scale: str
    school: str
    programme: str | None
    grade: str | None
    converted: str | None
    rule: str

    @property
    def reachable(self) -> bool:
        return self.grade is not None


def home_target(converter: Converter, text: str) -> Grade:
    """A target as written ("27", "30 e lode"); :class:`MobilityError` when it is not a passing
    home grade."""
    home = converter.home
    try:
        target = parse_grade(home, text)
    except GradeError as exc:
        raise MobilityError(f"target {exc}") from None
    if not target.passing or not any(
        rung.label == target.label and rung.honours == target.honours for rung in home_ladder(home)
    ):
        raise MobilityError(f"target '{text}' is not a passing grade on {home.id}")
    return target


def _check(converter: Converter, scale_id: str, grade: Grade, target: Grade) -> None:
    """The answer must reach the target and the grade below it must not (exactness)."""
    source = converter.scale(scale_id)
    below = next_worse(source, grade)
    if below is None:
        return
    try:
        lower = converter.convert(below.label, scale_id).home
    except GradeError:
        return  # the grade below is not converted at all: it certainly does not reach
    if reaches(lower, target):
        raise MobilityError(
            f"table '{converter.table.id}' converts {scale_id} grades by more than one method, "
            f"so its inverse is not exact: {below.label} also gives {lower.label}"
        )


def lowest_grade(converter: Converter, target: Grade, scale_id: str) -> TargetResult:
    """The worst grade on ``scale_id`` that ``converter`` turns into ``target`` or better."""
    source = converter.scale(scale_id)
    table, programme = converter.table, converter.programme
    context = MethodContext(table, programme=programme, host_tables=converter.host_tables)

    def answer(grade: str | None, converted: str | None, rule: str) -> TargetResult:
        chosen = programme.id if programme is not None else None
        return TargetResult(target.label, scale_id, table.id, chosen, grade, converted, rule)

    skipped: list[str] = []
    for method, where in converter.methods_for(scale_id):
        try:
            inverse = INVERSES[method.method](method, target, source, converter.home, context)
        except Unreachable as exc:
            return answer(None, None, f"{method.method} ({where}): {exc}")
        except NotApplicable as exc:
            skipped.append(f"{method.method} ({where}): {exc}")
            continue
        except GradeError as exc:
            raise MobilityError(f"{method.method} ({where}): {exc}") from None
        try:
            done = converter.convert(inverse.grade.label, scale_id)
        except GradeError as exc:
            raise MobilityError(f"{inverse.grade.label} ({scale_id}): {exc}") from None
        if not reaches(done.home, target):
            raise MobilityError(
                f"table '{table.id}': {inverse.grade.label} ({scale_id}) gives {done.home.label}, "
                f"not {target.label}: the {method.method} inverse disagrees with the table"
            )
        _check(converter, scale_id, inverse.grade, target)
        return answer(inverse.grade.label, done.home.label, done.rule)
    if not skipped:
        raise MobilityError(f"table '{table.id}' has no rule for scale {scale_id}")
    return answer(None, None, "no method applies: " + "; ".join(skipped))


def target_ladder(converter: Converter, scale_id: str) -> list[TargetResult]:
    """Every passing home grade, worst first, with the lowest grade on ``scale_id`` for it."""
    return [lowest_grade(converter, rung, scale_id) for rung in home_ladder(converter.home)]
