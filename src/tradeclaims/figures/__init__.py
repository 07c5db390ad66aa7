"""Money figures, percentages and counted quantities."""
