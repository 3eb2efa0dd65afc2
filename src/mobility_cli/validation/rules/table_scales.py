"""A table names a scale that does not exist (or a home scale that is not numeric).

Every id in a conversion table's `scales:` lists (other than `"*"`, any scale), its
`target.scale`, and a grading table's `scale` must be a scale of the catalogue: the bundled scales, `--data-dir`'s, the `scales/` folder next to
the table, or a scales file validated in the same run. The home scale must be numeric, since
home grades are numbers (18–30 and 30L at PoliMi), and count upwards to a best grade above 0,
since averages and the base on 110 are fractions of it.

Failing:

```yaml
rules:
  - scales: [fr20]
    methods:
      - {method: linear}
```

Passing:

```yaml
rules:
  - scales: [fr-20]
    methods:
      - {method: linear}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.compiled.grading import GradingTable
from mobility_cli.compiled.scale import NumericScale
from mobility_cli.compiled.table import ANY_SCALE, ConversionTable
from mobility_cli.validation.context import Context, DataFile, did_you_mean
from mobility_cli.validation.finding import Finding, Level
from mobility_cli.validation.tables import rules_of

ID = "table-scales"
LEVEL: Level = "error"


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    table = data_file.model
    known = sorted(context.scales)
    if isinstance(table, GradingTable) and table.scale not in context.scales:
        message = f"unknown scale '{table.scale}'{did_you_mean(table.scale, known)}"
        yield data_file.finding(ID, LEVEL, ("scale",), message)
    if not isinstance(table, ConversionTable):
        return
    for rule, at in rules_of(table):
        for s, ident in enumerate(rule.scales):
            if ident != ANY_SCALE and ident not in context.scales:
                message = f"unknown scale '{ident}'{did_you_mean(ident, known)}"
                yield data_file.finding(ID, LEVEL, (*at, "scales", s), message)
    home_id = table.target.scale
    home = context.scales.get(home_id)
    if home is None:
        message = f"unknown target scale '{home_id}'{did_you_mean(home_id, known)}"
        yield data_file.finding(ID, LEVEL, ("target", "scale"), message)
    elif not isinstance(home, NumericScale):
        message = f"target scale '{home_id}' is not numeric: home grades must be numbers"
        yield data_file.finding(ID, LEVEL, ("target", "scale"), message)
    elif not (home.best > home.worst and home.best > 0):
        # averages and the base on 110 are fractions of the home best, counted upwards
        message = f"target scale '{home_id}' must count upwards to a best grade above 0"
        yield data_file.finding(ID, LEVEL, ("target", "scale"), message)
