"""Landscape-aware growing from any training loop, through `lag serve`. Standard library only."""

from .client import (
    Decision,
    LagClient,
    LagError,
    LagInputError,
    LagUnavailable,
    Ranked,
    Selection,
    SelectionStatus,
    Trial,
)

__all__ = [
    "LagClient",
    "Selection",
    "Trial",
    "Decision",
    "Ranked",
    "SelectionStatus",
    "LagError",
    "LagInputError",
    "LagUnavailable",
]
__version__ = "0.1.0"
