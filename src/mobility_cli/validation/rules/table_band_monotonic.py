"""A better source grade gets a worse home grade.

Going up the passing grades of the source scale, the home grade a bands method gives
(after its `pick` policy and rounding) must never go down; equal is fine. A drop is almost
always two rows swapped or a typo in `to`. The finding is at the band that gives the lower
grade, and names the band that gave the higher one to a worse grade.

Failing:

```yaml
bands:
  - {label: A, to: "30"}
  - {label: B, to: "25"}
  - {label: C, to: "26"}
```

Passing:

```yaml
bands:
  - {label: A, to: "30"}
  - {label: B, to: "28"}
  - {label: C, to: "26"}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from mobility_cli.compiled.scale import NumericScale
from mobility_cli.compiled.table import ConversionTable
from mobility_cli.conversion.bands import convert_bands
from mobility_cli.conversion.grades import Grade, GradeError
from mobility_cli.conversion.result import NotApplicable
from mobility_cli.validation.context import Context, DataFile
from mobility_cli.validation.finding import Finding, Level
from mobility_cli.validation.tables import Coverage, coverages

ID = "table-band-monotonic"
LEVEL: Level = "error"


def _rank(home: Grade) -> tuple[Decimal, bool]:
    return (home.value if home.value is not None else Decimal(0), home.honours)


def _drops(cov: Coverage, home: NumericScale) -> Iterator[tuple[int, str]]:
    """(band index, message) for each band that gives less than a band for a worse grade."""
    best: tuple[Grade, Grade, int] | None = None  # source grade, its home grade, its band
    told: set[tuple[int, int]] = set()
    for grade, bands in zip(cov.grades, cov.matches, strict=True):
        if not bands:
            continue
        try:
            result = convert_bands(cov.at.method, grade, cov.source, home).home
        except (GradeError, NotApplicable):  # an invalid target: table-band-target's
            continue
        if best is not None and _rank(result) < _rank(best[1]):
            if (best[2], bands[0]) not in told:
                told.add((best[2], bands[0]))
                yield (
                    bands[0],
                    (
                        f"band {bands[0] + 1} gives {result.label} to {grade.label}, less than the "
                        f"{best[1].label} that band {best[2] + 1} gives to the worse grade "
                        f"{best[0].label} ({cov.source.id})"
                    ),
                )
            continue
        best = (grade, result, bands[0])


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    table = data_file.model
    if not isinstance(table, ConversionTable):
        return
    home = context.scales.get(table.target.scale)
    if not isinstance(home, NumericScale):
        return
    for cov in coverages(table, context.scales):
        for band, message in _drops(cov, home):
            yield data_file.finding(ID, LEVEL, cov.at.band_loc(band), message)
