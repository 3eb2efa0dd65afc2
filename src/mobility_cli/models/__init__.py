"""Pydantic models of the data files; ``MODEL_FOR_KIND`` maps a file's ``kind:`` to its model."""

from __future__ import annotations

from pydantic import BaseModel

from mobility_cli.models import call, common, grading, programme, scale, table
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

MODEL_CLASSES: dict[str, type[BaseModel]] = {
    name: model
    for module in (common, scale, table, grading, call, programme)
    for name, model in vars(module).items()
    if isinstance(model, type)
    and issubclass(model, BaseModel)
    and model.__module__ == module.__name__
    and model.model_fields  # not the field-less base StrictModel
}
"""Every model by name; each compiles into the class of the same name in ``mobility_cli.compiled``."""

__all__ = [
    "MODEL_CLASSES",
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
