"""Rule data (the lexicons under models/) and helpers over spaCy's parse shared by the
extractors."""
