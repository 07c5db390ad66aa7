"""People, organizations, places and agreements: candidates, names, alias merging,
person attributes."""
