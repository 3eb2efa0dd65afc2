"""A band's source side is not on its source scale.

A range band (`min`–`max`) must lie between the source scale's `worst` and `best`; a label
band's labels must be grades of the source scale (its labels, aliases or honours mark, as a
transcript prints them). A band off the scale matches nothing a student can bring: usually a
band written for another scale, or a typo such as `min: 120` on a 0–100 scale.

Failing (source scale `fr-20`, 0–20):

```yaml
bands:
  - {min: 16, max: 200, to: "30"}
```

Passing:

```yaml
bands:
  - {min: 16, max: 20, to: "30"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.compiled.scale import NumericScale, OrdinalScale, Scale
from mobility_cli.compiled.table import Band, ConversionTable
from mobility_cli.conversion.grades import GradeError, parse_grade
from mobility_cli.text import format_number
from mobility_cli.validation.context import Context, DataFile, Loc
from mobility_cli.validation.finding import Finding, Level
from mobility_cli.validation.tables import BandsAt, bands_methods

ID = "table-band-range"
LEVEL: Level = "error"


def _off_scale(band: Band, source: Scale, at: BandsAt, k: int) -> Iterator[tuple[Loc, str]]:
    if band.label is not None or band.labels:
        names = [(band.label, at.band_loc(k, "label"))] if band.label is not None else []
        names += [(label, at.band_loc(k, "labels", i)) for i, label in enumerate(band.labels)]
        for name, loc in names:
            try:
                parse_grade(source, name)
            except GradeError:
                yield loc, f"band {k + 1}: '{name}' is not a grade on {source.id}"
        return
    if isinstance(source, OrdinalScale):
        if all(g.value is None for g in source.grades):
            yield (
                at.band_loc(k),
                f"band {k + 1}: {source.id} has labels only, so a range matches nothing",
            )
        return
    assert isinstance(source, NumericScale) and band.min is not None and band.max is not None
    low, high = sorted((source.best, source.worst))
    bounds = f"{format_number(low)}–{format_number(high)}"
    for key, value in (("min", band.min), ("max", band.max)):
        if not low <= value <= high:
            yield (
                at.band_loc(k, key),
                f"band {k + 1}: {key} {format_number(value)} is outside {source.id} ({bounds})",
            )


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    if not isinstance(data_file.model, ConversionTable):
        return
    for at in bands_methods(data_file.model):
        for source in at.sources(context.scales):
            for k, band in enumerate(at.method.bands):
                for loc, message in _off_scale(band, source, at, k):
                    yield data_file.finding(ID, LEVEL, loc, message)
