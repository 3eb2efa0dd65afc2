"""``mobility validate``: rules over data files, findings, and their formats.

``validate(paths, catalog)`` checks files and directories (the catalogue's data when
``paths`` is empty) and returns a :class:`Report`; ``formats.WRITERS`` writes it.
"""

from __future__ import annotations

from mobility_cli.validation.finding import Finding, Level
from mobility_cli.validation.runner import Report, validate

__all__ = ["Finding", "Level", "Report", "validate"]
