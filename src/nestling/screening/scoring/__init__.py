"""The pure scoring engine: instrument definitions as data, their validator, and scoring.

Nothing in this package imports Django, so it is tested without a database.
"""

from .definition import Definition
from .engine import Answer, Result, ScoringError, flagged_items, score
from .library import DefinitionError, Library, UnknownInstrument, default_library, load_library
from .validate import validate_definition

__all__ = [
    "Answer",
    "Definition",
    "DefinitionError",
    "Library",
    "Result",
    "ScoringError",
    "UnknownInstrument",
    "default_library",
    "flagged_items",
    "load_library",
    "score",
    "validate_definition",
]
