"""spasm: a terminal coach for people with back spasms."""

from __future__ import annotations

__version__ = "0.1.0"
