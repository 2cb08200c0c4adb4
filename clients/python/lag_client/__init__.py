"""Landscape-aware growing from any training loop, through `lag serve`. Standard library only."""

from .client import (
    Confidence,
    Decision,
    LagClient,
    LagError,
    LagInputError,
    LagUnavailable,
    Ranked,
    Selection,
    SelectionStatus,
    Trial,
    TrackRecord,
)

from .client import __all__  # one list of the public names, kept in client.py
__version__ = "0.1.0"
