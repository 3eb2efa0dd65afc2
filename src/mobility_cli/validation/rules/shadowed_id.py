"""An id in `--data-dir` replaces a bundled one.

A data directory given with `--data-dir` (or `MOBILITY_DATA_DIR`) is layered over the bundled
data, and an id defined there replaces the bundled definition: that is how an office ships
its own `ing` table. It is reported as a warning so that a replacement is always deliberate
(`--strict` makes it fail).

Failing (`--data-dir office/`, with `office/conversion_tables/ing.yaml`):

```yaml
kind: conversion_table
schema_version: 1
id: ing
```

Passing:

```yaml
kind: conversion_table
schema_version: 1
id: ing-office
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.validation.context import Context, definitions
from mobility_cli.validation.finding import Finding, Level

ID = "shadowed-id"
LEVEL: Level = "warning"


def check(context: Context) -> Iterator[Finding]:
    bundled = {
        (d.namespace, d.ident): d
        for data_file in context.files
        if data_file.root == context.bundled
        for d in definitions(data_file)
    }
    for data_file in context.checked():
        if data_file.root not in context.overlays:
            continue
        for d in definitions(data_file):
            replaced = bundled.get((d.namespace, d.ident))
            if replaced is not None:
                what = d.namespace.replace("_", " ")
                message = f"{what} id '{d.ident}' replaces the bundled one at {replaced.where}"
                yield data_file.finding(ID, LEVEL, d.loc, message)
