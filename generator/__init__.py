"""Handoff: one source of truth for marketing and sales, built into a site and collateral."""

from __future__ import annotations

__version__ = "0.1.0"
