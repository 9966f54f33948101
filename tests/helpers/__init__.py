"""Helpers shared by several test modules (one place, instead of a copy per module)."""
