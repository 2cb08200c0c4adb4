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

from .client import __all__  # one list of the public names, kept in client.py
__version__ = "0.1.0"
