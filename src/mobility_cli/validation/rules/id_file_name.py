"""A file's `id` differs from its file name.

The catalogue finds a conversion table (or a call) by its file name:
`--school ing` reads `conversion_tables/ing.yaml`. A file whose `id:` says something else
is found under a name it does not use, and its own id finds nothing; keep the two equal.

Failing (`conversion_tables/ing.yaml`):

```yaml
kind: conversion_table
schema_version: 1
id: ing-2024
```

Passing:

```yaml
kind: conversion_table
schema_version: 1
id: ing
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.validation.context import Context, DataFile, definitions
from mobility_cli.validation.finding import Finding, Level

ID = "id-file-name"
LEVEL: Level = "warning"


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    stem = data_file.path.stem
    for definition in definitions(data_file):
        if definition.loc == ("id",) and definition.ident != stem:
            message = (
                f"id '{definition.ident}' differs from the file name '{data_file.path.name}': "
                f"the catalogue finds it as '{stem}'"
            )
            yield data_file.finding(ID, LEVEL, definition.loc, message)
