"""A band's home grade is not a passing grade of the home scale.

What a band gives (`to: "27"`, or a range `to: ["24", "27"]`) must be a passing home grade:
18–30 or 30L on PoliMi's `it-30` scale. A `to: "17"` would register a failed exam, a
`to: "31"` a grade that does not exist.

Failing:

```yaml
bands:
  - {label: A, to: "31"}
```

Passing:

```yaml
bands:
  - {label: A, to: "30L"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.compiled.scale import NumericScale
from mobility_cli.compiled.table import ConversionTable
from mobility_cli.conversion.grades import GradeError, parse_grade
from mobility_cli.text import format_number
from mobility_cli.validation.context import Context, DataFile
from mobility_cli.validation.finding import Finding, Level
from mobility_cli.validation.tables import bands_methods

ID = "table-band-target"
LEVEL: Level = "error"


def _passing(home: NumericScale) -> str:
    span = f"{format_number(home.pass_)}–{format_number(home.best)}"
    return f"{span} or {home.honours.label}" if home.honours else span


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    table = data_file.model
    if not isinstance(table, ConversionTable):
        return
    home = context.scales.get(table.target.scale)
    if not isinstance(home, NumericScale):
        return  # table-scales reports it
    for at in bands_methods(table):
        for k, band in enumerate(at.method.bands):
            targets = (band.to,) if isinstance(band.to, str) else band.to
            for label in targets:
                try:
                    passing = parse_grade(home, label).passing
                except GradeError:
                    passing = False
                if not passing:
                    message = (
                        f"band {k + 1}: '{label}' is not a passing grade on {home.id} "
                        f"({_passing(home)})"
                    )
                    yield data_file.finding(ID, LEVEL, at.band_loc(k, "to"), message)
