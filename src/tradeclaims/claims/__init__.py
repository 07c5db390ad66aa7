"""Policy claims: candidate triggers, their arguments (parties) and their kinds."""
