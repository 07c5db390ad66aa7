"""The spaCy components of tradeclaims, their factories, and loading the pipeline.

``components`` (the extraction stages) and ``paragraphs`` (the sentence splitter) register the
factories; ``docdata`` says what they leave on the Doc; ``assemble`` builds the Pydantic result
from a Doc; ``loading`` builds the pipeline from ``models/config.cfg`` or adds the stages to
yours.
"""
