"""A row's verdict does not depend on the rows checked before it: the checker remembers what the
requirements said of a combination of cells, and that memory must never answer for a row whose
cells differ in anything the requirements read."""

from __future__ import annotations

import itertools

import pytest

from mobility_cli.catalog import Catalog
from mobility_cli.eligibility import checker_for
from mobility_cli.records import Record

SHAPE_PROBLEM = "row has 3 cells, the header has 9 (truncated row?)"
VARIANTS = {
    "school": ["", "ing", "auic", "nowhere"],
    "programme": ["Ingegneria Meccanica", "Architettura", "Ingegneria Mecanica", ""],
    "level": ["", "LM", "Laurea", "ciclo unico"],
    "year": ["1", "0", ""],
    "months_abroad": ["0", "9,5", "12"],
    "average": ["27", "", "x"],
}


def _records() -> list[Record]:
    records = []
    combinations = itertools.product(*VARIANTS.values())
    for line, cells in enumerate(combinations, start=2):
        values = dict(zip(VARIANTS, cells, strict=True))
        values |= {"id": "" if line % 11 == 0 else f"s{line}", "credits": "120"}
        values |= {"years_enrolled": "3", "previous_exchanges": str(line % 3)}
        records.append(Record(line, values, SHAPE_PROBLEM if line % 13 == 0 else None))
    return records


@pytest.mark.parametrize("call", ["polimi-2026-2027-first-engineering", "ka107-2019-2020-s2"])
def test_a_batch_gives_each_row_the_verdict_it_gets_alone(call: str) -> None:
    catalog = Catalog.from_options()
    records = _records()
    batch = list(checker_for(catalog, call).check_records(records))
    alone = [next(checker_for(catalog, call).check_records([r])) for r in records]
    assert batch == alone
    assert {"not_eligible", "error"} <= {v.status for v in batch}
