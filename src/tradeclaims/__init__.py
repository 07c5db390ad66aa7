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
    ModelNotFoundError,
    ResourceError,
    TradeclaimsError,
)
from .io.readers import Document, read_document
from .pipeline.loading import load
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
    "extract",
    "json_schema",
    "load",
    "read_document",
]
