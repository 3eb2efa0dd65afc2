"""Some passing grades of the source scale match no band.

A bands method must cover the whole passing range of its source scale: every passing grade
at the scale's granularity (its `values`, its `step`, or for a scale with neither the finest
precision written in the bands, so `10–11.99` then `12–14` leaves no gap). A grade in a gap
is not converted by the method (a fallback method, if any, gets it). Failing grades are not
converted at all, so they need no band; nor does the honours mark of a numeric scale (a
label band or the next method handles it). The finding is at the band just above the gap.

Failing (source scale `ects`, passing A–E):

```yaml
bands:
  - {label: A, to: "30"}
  - {label: B, to: "28"}
  - {label: D, to: "23"}
  - {label: E, to: "18"}
```

Passing:

```yaml
bands:
  - {label: A, to: "30"}
  - {label: B, to: "28"}
  - {label: C, to: "26"}
  - {label: D, to: "23"}
  - {label: E, to: "18"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.compiled.table import ConversionTable
from mobility_cli.validation.context import Context, DataFile, Loc
from mobility_cli.validation.finding import Finding, Level
from mobility_cli.validation.tables import Coverage, coverages, describe

ID = "table-band-gap"
LEVEL: Level = "error"


def _gaps(cov: Coverage) -> Iterator[tuple[int, int]]:
    """(first, last) indexes of each run of uncovered grades."""
    start: int | None = None
    for i, bands in enumerate(cov.matches):
        if not bands and start is None:
            start = i
        elif bands and start is not None:
            yield start, i - 1
            start = None
    if start is not None:
        yield start, len(cov.matches) - 1


def _where(cov: Coverage, first: int, last: int) -> Loc:
    """The band just above the gap, else the one below it, else the ``bands`` key."""
    if last + 1 < len(cov.matches):
        return cov.at.band_loc(cov.matches[last + 1][0])
    if first > 0:
        return cov.at.band_loc(cov.matches[first - 1][0])
    return (*cov.at.loc, "bands")


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    if not isinstance(data_file.model, ConversionTable):
        return
    for cov in coverages(data_file.model, context.scales):
        for first, last in _gaps(cov):
            message = (
                f"no band covers {describe(cov.grades[first : last + 1])} on {cov.source.id}: "
                "passing grades this method cannot convert"
            )
            yield data_file.finding(ID, LEVEL, _where(cov, first, last), message)
