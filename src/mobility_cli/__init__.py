"""mobility: convert grades earned abroad into home grades, and check mobility-call eligibility.

The public API is imported lazily, so ``import mobility_cli`` (and the CLI's start-up) stays
cheap::

    from mobility_cli import check_applicant, convert_grade, convert_transcript, load_catalog
    from mobility_cli import check_batch  # a whole applicants file, streamed
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mobility_cli.api import (
        CourseInput,
        CourseResult,
        Summary,
        TranscriptReport,
        TranscriptStream,
        convert_grade,
        convert_grades,
        convert_transcript,
        converter_for,
        load_catalog,
        stream_transcript,
    )
    from mobility_cli.applicant_batch import check_batch
    from mobility_cli.eligibility import check_applicant, checker_for

_FROM_ELIGIBILITY = {"check_applicant", "checker_for"}

__all__ = [
    "CourseInput",
    "CourseResult",
    "Summary",
    "TranscriptReport",
    "TranscriptStream",
    "check_applicant",
    "check_batch",
    "checker_for",
    "convert_grade",
    "convert_grades",
    "convert_transcript",
    "converter_for",
    "load_catalog",
    "stream_transcript",
]


def __getattr__(name: str) -> Any:
    if name == "check_batch":
        from mobility_cli.applicant_batch import check_batch

        return check_batch
    if name in _FROM_ELIGIBILITY:
        from mobility_cli import eligibility

        return getattr(eligibility, name)
    if name in __all__:
        from mobility_cli import api

        return getattr(api, name)
    raise AttributeError(f"module 'mobility_cli' has no attribute {name!r}")
