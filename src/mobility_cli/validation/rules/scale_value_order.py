"""An ordinal scale's numeric values are out of order.

Ordinal grades are listed best first, and the numbers they stand for (used by the linear
formula) must follow that order, one way or the other: Denmark's 12, 10, 7 … −3 go down,
Slovakia's A = 1 … FX = 4 go up. Equal neighbours are allowed (US A+ and A are both 4.0). A
value out of order means a label and its number were swapped, and the linear formula would
rank the grades wrongly.

Failing:

```yaml
grades:
  - {label: "12", value: 12}
  - {label: "10", value: 7}
  - {label: "7", value: 10}
```

Passing:

```yaml
grades:
  - {label: "12", value: 12}
  - {label: "10", value: 10}
  - {label: "7", value: 7}
```
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from mobility_cli.compiled.scale import OrdinalScale, ScalesFile
from mobility_cli.text import format_number
from mobility_cli.validation.context import Context, DataFile
from mobility_cli.validation.finding import Finding, Level

ID = "scale-value-order"
LEVEL: Level = "error"


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    if not isinstance(data_file.model, ScalesFile):
        return
    for i, scale in enumerate(data_file.model.scales):
        if not isinstance(scale, OrdinalScale):
            continue
        valued = [(r, g.label, g.value) for r, g in enumerate(scale.grades) if g.value is not None]
        if len(valued) < 2:
            continue
        descending = valued[0][2] >= valued[-1][2]
        for (_, prev_label, prev), (r, label, value) in itertools.pairwise(valued):
            if (value > prev) if descending else (value < prev):
                order = "down" if descending else "up"
                message = (
                    f"'{label}' = {format_number(value)} breaks the order after '{prev_label}' = "
                    f"{format_number(prev)}: values on {scale.id} go {order} from the best grade"
                )
                yield data_file.finding(ID, LEVEL, ("scales", i, "grades", r, "value"), message)
