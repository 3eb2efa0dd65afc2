"""A bands method picks `interpolate` but a band names labels.

`pick: interpolate` maps a band's numeric source range linearly onto its home range, so each
band with a home range needs `min` and `max`. A label band (`label: B`) has no range to
interpolate across: give it one home grade, or use another `pick` for the method.

Failing:

```yaml
method: bands
pick: interpolate
bands:
  - {min: 16, max: 20, to: ["28", "30L"]}
  - {label: B, to: ["24", "27"]}
```

Passing:

```yaml
method: bands
pick: interpolate
bands:
  - {min: 16, max: 20, to: ["28", "30L"]}
  - {min: 12, max: 15, to: ["24", "27"]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.compiled.table import ConversionTable
from mobility_cli.validation.context import Context, DataFile
from mobility_cli.validation.finding import Finding, Level
from mobility_cli.validation.tables import bands_methods

ID = "table-band-interpolate"
LEVEL: Level = "error"


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    if not isinstance(data_file.model, ConversionTable):
        return
    for at in bands_methods(data_file.model):
        if at.method.pick != "interpolate":
            continue
        for k, band in enumerate(at.method.bands):
            if band.source_labels() and not isinstance(band.to, str):
                key = "label" if band.label is not None else "labels"
                message = (
                    f"band {k + 1}: pick interpolate needs a numeric range (min/max), "
                    f"not labels ({', '.join(band.source_labels())})"
                )
                yield data_file.finding(ID, LEVEL, at.band_loc(k, key), message)
