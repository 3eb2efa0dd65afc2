"""Two bands of one method match the same source grade.

Bands are inclusive at both ends and the first matching band wins, so in an overlap the later
band silently never applies to the shared grades. Ranges that meet at a point overlap too
(`10–12` and `12–14` both hold 12): write `10–11.99` and `12–14`, at the precision of the
source scale. Checked on every passing grade of the source scale at its granularity.

Failing:

```yaml
bands:
  - {min: 10, max: 12, to: "18"}
  - {min: 12, max: 14, to: "21"}
```

Passing:

```yaml
bands:
  - {min: 10, max: 11.99, to: "18"}
  - {min: 12, max: 14, to: "21"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.compiled.table import ConversionTable
from mobility_cli.conversion.grades import Grade
from mobility_cli.validation.context import Context, DataFile
from mobility_cli.validation.finding import Finding, Level
from mobility_cli.validation.tables import coverages, describe

ID = "table-band-overlap"
LEVEL: Level = "error"


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    if not isinstance(data_file.model, ConversionTable):
        return
    for cov in coverages(data_file.model, context.scales):
        shared: dict[tuple[int, int], list[Grade]] = {}
        for grade, bands in zip(cov.grades, cov.matches, strict=True):
            for later in bands[1:]:
                shared.setdefault((bands[0], later), []).append(grade)
        for (first, later), grades in shared.items():
            line, _ = data_file.position(cov.at.band_loc(first))
            message = (
                f"band {later + 1} overlaps band {first + 1} (line {line}) on "
                f"{describe(grades)} ({cov.source.id}); the first band wins there"
            )
            yield data_file.finding(ID, LEVEL, cov.at.band_loc(later), message)
