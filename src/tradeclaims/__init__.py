"""tradeclaims: source-grounded facts from trade-news articles.

>>> from tradeclaims import extract
>>> result = extract(text, published="2026-01-30")
>>> result.claims[0].kind
'report'
"""

from __future__ import annotations

from .api import Extractor, extract
from .errors import (
    GoldFormatError,
    InputDecodeError,
    InputNotFoundError,
    InputReadError,
    InvalidDateError,
    MissingComponentError,
    ModelNotFoundError,
    ResourceError,
    TradeclaimsError,
)
from .io.readers import Document, read_document
from .pipeline.assemble import from_doc
from .pipeline.loading import add_to_pipeline, load
from .schema import (
    SCHEMA_VERSION,
    Agreement,
    ArticleExtraction,
    ArticleMeta,
    Claim,
    DateItem,
    Money,
    Organization,
    Percentage,
    Person,
    Place,
    Quantity,
    Span,
    json_schema,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Agreement",
    "ArticleExtraction",
    "ArticleMeta",
    "Claim",
    "DateItem",
    "Document",
    "Extractor",
    "GoldFormatError",
    "InputDecodeError",
    "InputNotFoundError",
    "InputReadError",
    "InvalidDateError",
    "MissingComponentError",
    "ModelNotFoundError",
    "Money",
    "Organization",
    "Percentage",
    "Person",
    "Place",
    "Quantity",
    "ResourceError",
    "Span",
    "TradeclaimsError",
    "__version__",
    "add_to_pipeline",
    "extract",
    "from_doc",
    "json_schema",
    "load",
    "read_document",
]
