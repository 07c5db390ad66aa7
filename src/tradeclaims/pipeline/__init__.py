"""The spaCy components of tradeclaims, their factories, and loading the pipeline."""
