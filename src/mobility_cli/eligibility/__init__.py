"""Who may apply to a mobility call: requirements compiled once per call, checked row by row,
and ranked by the call's named formula.

>>> from mobility_cli.eligibility import check_applicant
>>> check_applicant("polimi-2026-2027-first-engineering", programme="Physics Engineering",
...                 level="MSc", year="1", months_abroad="10").reasons[0]
'10 months already abroad leave 2 of the 12 allowed per study cycle, less than the shortest stay of 3 months'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported in the functions: the CLI imports `eligibility.fields` at start-up
    from mobility_cli.catalog import Catalog
    from mobility_cli.eligibility.checker import Checker, Verdict


def checker_for(catalog: Catalog, call_id: str) -> Checker:
    """The compiled checker of a call; raises ``UnknownIdError`` (with the known ids) for an
    unknown call, ``DataFileError`` for a broken call or programme file."""
    from mobility_cli.eligibility.checker import Checker
    from mobility_cli.eligibility.programmes import programme_index

    return Checker(catalog.call(call_id), programme_index(catalog.programme_files()))


def check_applicant(call_id: str, *, catalog: Catalog | None = None, **values: str) -> Verdict:
    """Check one applicant given as field → text (``programme="Ingegneria Fisica"``, ``level="LM"``,
    ``average="24,5"`` …), exactly as a CSV row would give them; the id defaults to
    'applicant'. A status of ``error`` means a value the call needs is missing or unreadable."""
    from mobility_cli.catalog import Catalog

    return checker_for(catalog or Catalog.from_options(), call_id).check_one(values)


__all__ = ["check_applicant", "checker_for"]
