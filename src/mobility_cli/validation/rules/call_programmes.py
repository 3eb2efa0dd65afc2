"""A call names a school or programme that the programme catalogue does not define.

Every id in a call's `eligible.schools` and `eligible.programmes` must be a school or
programme of a programmes file in sight: the bundled catalogue, `--data-dir`'s, the
`programmes/` folder next to the call, or a programmes file validated in the same run.
`mobility check` refuses to run a call that names an unknown one.

Failing:

```yaml
eligible:
  schools: [3i]
  programmes: [mechanical-mcs]
```

Passing:

```yaml
eligible:
  schools: [ing]
  programmes: [mechanical-msc]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from mobility_cli.compiled.call import Call
from mobility_cli.compiled.programme import ProgrammesFile
from mobility_cli.validation.context import Context, DataFile, did_you_mean
from mobility_cli.validation.finding import Finding, Level

ID = "call-programmes"
LEVEL: Level = "error"


def check(data_file: DataFile, context: Context) -> Iterator[Finding]:
    call = data_file.model
    if not isinstance(call, Call):
        return
    known: dict[str, set[str]] = {"schools": set(), "programmes": set()}
    for other in context.files:
        if isinstance(other.model, ProgrammesFile):
            known["schools"].update(s.id for s in other.model.schools)
            known["programmes"].update(p.id for p in other.model.programmes)
    for key, listed in (
        ("schools", call.eligible.schools),
        ("programmes", call.eligible.programmes),
    ):
        for index, ident in enumerate(listed):
            if ident not in known[key]:
                what = key[:-1]
                hint = did_you_mean(ident, sorted(known[key]))
                message = f"unknown {what} '{ident}'{hint}"
                yield data_file.finding(ID, LEVEL, ("eligible", key, index), message)
