"""Rebuilding trained weights under models/ from the gold files."""
