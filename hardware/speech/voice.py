"""A voice an engine offers, as ``[speech] voice`` names it and the admin window lists it.

The type lives in ``app.ports`` (the windows see it without importing hardware); it is
re-exported here for the engines.
"""

from __future__ import annotations

from app.ports import Voice

__all__ = ["Voice"]
