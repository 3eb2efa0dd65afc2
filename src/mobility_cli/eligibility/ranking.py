"""Ranking rules: named formulas with parameters declared in the call file, never code from data.

``polimi-merit`` is the engineering schools' merit score ("Formula Spinelli", PoliMi guidelines
of December 2015)::

    score = average + credits_weight × (credits / (years_enrolled − 1) − baseline_credits_per_year)
            − penalty_per_exchange × previous_exchanges

with ``average`` the credit-weighted average over the whole career (bachelor and master),
``credits`` all credits earned, ``years_enrolled`` the total years of enrolment. The guidelines
give 0.1, 30 and 5 for the three parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from mobility_cli.compiled.call import PolimiMeritRanking
from mobility_cli.eligibility.fields import Applicant
from mobility_cli.text import format_number


class ScoreRule(Protocol):
    """A compiled ranking rule."""

    @property
    def name(self) -> str: ...

    @property
    def fields(self) -> tuple[str, ...]: ...

    def describe(self) -> str: ...

    def score(self, applicant: Applicant) -> Decimal:
        """The score, rounded as the call declares; :class:`Undefined` when the formula is not
        defined for the applicant."""
        ...

    def score_of(self, values: Sequence[object], key: Hashable | None = None) -> Decimal:
        """:meth:`score` of the values of :attr:`fields`, in that order (none of them None).
        ``key``, when given, determines every value after the first (their cells' texts, say):
        the rule may remember what it derives from them under it rather than under the values,
        whose hashing can cost more than the score."""
        ...


class Undefined(ValueError):
    """The formula has no value for this applicant (not an error in the data): the applicant
    stays eligible, without a score, and the message says why."""


MAX_TERMS = 20_000
FIRST_YEAR = (
    "the merit formula is undefined for first-year applicants (years enrolled − 1 = 0); "
    "the call's rule for them is not known"
)


class PolimiMerit:
    """The engineering schools' merit formula ("Formula Spinelli")."""

    name = "polimi-merit"
    fields: tuple[str, ...] = ("average", "credits", "years_enrolled", "previous_exchanges")

    def __init__(
        self, credits_weight: Decimal, baseline: Decimal, penalty: Decimal, quantum: Decimal
    ) -> None:
        self.credits_weight = credits_weight
        self.baseline = baseline
        self.penalty = penalty
        self.quantum = quantum
        self._terms: dict[Hashable, tuple[Decimal, Decimal]] = {}

    @classmethod
    def from_model(cls, ranking: PolimiMeritRanking) -> PolimiMerit:
        p = ranking.parameters
        return cls(
            p.credits_weight,
            p.baseline_credits_per_year,
            p.penalty_per_exchange,
            Decimal(1).scaleb(-ranking.decimals),
        )

    def describe(self) -> str:
        return (
            f"polimi-merit: average + {format_number(self.credits_weight)} × (credits / "
            f"(years enrolled − 1) − {format_number(self.baseline)}) − "
            f"{format_number(self.penalty)} × previous exchanges"
        )

    def score(self, applicant: Applicant) -> Decimal:
        return self.score_of([getattr(applicant, field) for field in self.fields])

    def score_of(self, values: Sequence[object], key: Hashable | None = None) -> Decimal:
        # the credits' and exchanges' terms repeat across a cohort (a few hundred credits, a few
        # years and exchanges): remembered, and summed in the formula's own order, so that the
        # sum is the same to the last digit
        if key is None:
            key = (values[1], values[2], values[3])
        terms = self._terms.get(key)
        if terms is None:
            terms = self._terms_of(key, *values[1:])
        credits_term, exchanges_term = terms
        exact = values[0] + credits_term - exchanges_term  # type: ignore[operator]
        return exact.quantize(self.quantum, ROUND_HALF_UP)

    def _terms_of(
        self, key: Hashable, credits: object, years: object, exchanges: object
    ) -> tuple[Decimal, Decimal]:
        assert isinstance(credits, Decimal) and isinstance(years, int)
        assert isinstance(exchanges, int)
        if years < 2:
            raise Undefined(FIRST_YEAR)
        per_year = credits / Decimal(years - 1)
        terms = self.credits_weight * (per_year - self.baseline), self.penalty * exchanges
        if len(self._terms) < MAX_TERMS:
            self._terms[key] = terms
        return terms


RULES: dict[str, Callable[[PolimiMeritRanking], ScoreRule]] = {
    "polimi-merit": PolimiMerit.from_model,
}
"""Rule name (``ranking.rule`` in a call file) → how to compile it."""


def compile_ranking(ranking: PolimiMeritRanking) -> ScoreRule:
    return RULES[ranking.rule](ranking)


class Scored(Protocol):
    @property
    def score(self) -> Decimal | None: ...


S = TypeVar("S", bound=Scored)


def rank(items: Iterable[S]) -> list[tuple[int, S]]:
    """Scored items best first, each with its place; equal scores share a place (1, 2, 2, 4)
    and keep their input order. Items without a score are left out."""
    scored = [(item.score, item) for item in items if item.score is not None]
    scored.sort(key=lambda pair: -pair[0])
    places: list[tuple[int, S]] = []
    previous: Decimal | None = None
    for position, (score, item) in enumerate(scored, start=1):
        place = places[-1][0] if places and score == previous else position
        places.append((place, item))
        previous = score
    return places
