"""A numeric scale's own grades are off its step grid or its list of values.

When a scale declares `step`, its grades are `worst + k × step`; when it declares `values`,
those are its only grades. Either way `best`, `worst` and `pass` must be grades of the
scale, every listed value must lie between `best` and `worst`, and the honours mark and the
aliases must stand for grades on the scale. Otherwise a transcript's grade is refused, or a
word is accepted that no number could be.

Failing:

```yaml
- type: numeric
  id: nl-10
  best: 10
  worst: 1
  pass: 5.5
  step: 1
```

Passing:

```yaml
- type: numeric
  id: nl-10
  best: 10
  worst: 1
  pass: 5.5
  step: 0.1
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from mobility_cli.compiled.scale import NumericScale, ScalesFile
from mobility_cli.text import format_number
from mobility_cli.validation.context import Context, DataFile, Loc
from mobility_cli.validation.finding import Finding, Level

ID = "scale-grid"
LEVEL: Level = "error"


def _grid(scale: NumericScale) -> str:
    if scale.values:
        return "its values (" + ", ".join(format_number(v) for v in scale.values) + ")"
    assert scale.step is not None
    return f"its grid ({format_number(scale.worst)} + k × {format_number(scale.step)})"


def _problems(scale: NumericScale, at: Loc) -> Iterator[tuple[Loc, str]]:
    low, high = sorted((scale.best, scale.worst))
    for v, value in enumerate(scale.values):
        if not low <= value <= high:
            yield (
                (*at, "values", v),
                f"value {format_number(value)} is outside {format_number(low)}–{format_number(high)}",
            )
        elif scale.step is not None and (value - scale.worst) % scale.step:
            yield (
                (*at, "values", v),
                f"value {format_number(value)} is off the step {format_number(scale.step)}",
            )
    if scale.values or scale.step is not None:
        for key, value in (("best", scale.best), ("worst", scale.worst), ("pass", scale.pass_)):
            if not scale.on_scale(value):
                yield (*at, key), f"{key} {format_number(value)} is not on {_grid(scale)}"
    marks: list[tuple[Loc, str, Decimal]] = []
    if scale.honours is not None:
        marks.append(
            ((*at, "honours", "value"), f"honours {scale.honours.label}", scale.honours.value)
        )
    marks += [
        ((*at, "aliases", word), f"alias '{word}'", value) for word, value in scale.aliases.items()
    ]
    for loc, what, value in marks:
        if not scale.on_scale(value):
            yield (
                loc,
                f"{what} stands for {format_number(value)}, which is not a grade on {scale.id}",
            )


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    if not isinstance(data_file.model, ScalesFile):
        return
    for i, scale in enumerate(data_file.model.scales):
        if isinstance(scale, NumericScale):
            for loc, message in _problems(scale, ("scales", i)):
                yield data_file.finding(ID, LEVEL, loc, message)
