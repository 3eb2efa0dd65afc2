"""A data file's provenance is dated in the future, or non-official without notes.

Every data file must say where its numbers come from (`provenance` with `source`, `date`
and `status`; a missing one is a `schema` error). Beyond that: a `date` in the future is a
typo (2062 for 2026), and a file whose `status` is `derived` or `illustrative` must say in
`notes` what was assumed or is missing, because every command that uses it shows the first
sentence of those notes to the user.

Failing:

```yaml
provenance:
  source: DM 313/2016 Allegato 5
  date: 2062-11-26
  status: illustrative
```

Passing:

```yaml
provenance:
  source: DM 313/2016 Allegato 5
  date: 2026-11-26
  status: illustrative
  notes: Not the school's rule, which is not published; the national formula stands in.
```
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from mobility_cli.validation.context import Context, DataFile
from mobility_cli.validation.finding import Finding, Level

ID = "provenance"
LEVEL: Level = "warning"


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    provenance = data_file.model.provenance
    if provenance.date > datetime.date.today():
        message = f"date {provenance.date} is in the future"
        yield data_file.finding(ID, LEVEL, ("provenance", "date"), message)
    if provenance.status != "official" and not provenance.notes.strip():
        message = (
            f"status is {provenance.status} but there are no notes: say what is assumed or missing"
        )
        yield data_file.finding(ID, LEVEL, ("provenance", "status"), message)
