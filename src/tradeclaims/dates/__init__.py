"""Temporal expressions: finding them, normalizing them (TIMEX3) and calendar arithmetic."""
