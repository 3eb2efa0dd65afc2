"""Pydantic models of the data files; ``MODEL_FOR_KIND`` maps a file's ``kind:`` to its model."""

from __future__ import annotations

from mobility_cli.models.call import Call
from mobility_cli.models.common import DataFileHeader, Provenance
from mobility_cli.models.grading import GradingTable
from mobility_cli.models.programme import ProgrammesFile
from mobility_cli.models.scale import NumericScale, OrdinalScale, Scale, ScalesFile
from mobility_cli.models.table import ConversionTable

MODEL_FOR_KIND: dict[str, type[DataFileHeader]] = {
    "scales": ScalesFile,
    "conversion_table": ConversionTable,
    "grading_table": GradingTable,
    "call": Call,
    "programmes": ProgrammesFile,
}

__all__ = [
    "MODEL_FOR_KIND",
    "ConversionTable",
    "DataFileHeader",
    "GradingTable",
    "NumericScale",
    "OrdinalScale",
    "Provenance",
    "Scale",
    "ScalesFile",
]
