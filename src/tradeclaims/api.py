"""The Python API: :func:`extract` for one text, :class:`Extractor` for streams."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any, Literal, overload

from spacy.language import Language
from spacy.tokens import Doc

from .errors import (
    ExtractionError,
    InputDecodeError,
    InputTooLargeError,
    RecordError,
    TradeclaimsError,
)
from .io.readers import MAX_INPUT_BYTES, Document, parse_published
from .io.split import PIECE_CHARS, char_batches, make_doc, merge, split_points
from .pipeline.assemble import from_doc
from .pipeline.loading import load, set_context, shared_pipeline
from .schema import ArticleExtraction, ErrorRecord, text_id

Record = Document | dict[str, Any] | str
#: The longest text :class:`Extractor` takes by default (characters); see ``max_chars``.
MAX_TEXT_CHARS = MAX_INPUT_BYTES


class Extractor:
    """A loaded pipeline that turns texts into :class:`ArticleExtraction` results.

    >>> ex = Extractor()
    >>> for result in ex.pipe([{"text": "...", "published": "2026-01-30"}]):
    ...     print(result.claims)
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        base_model: str | None = None,
        piece_chars: int = PIECE_CHARS,
        max_chars: int = MAX_TEXT_CHARS,
    ) -> None:
        self.nlp = nlp if nlp is not None else load(base_model)
        self.piece_chars = piece_chars
        self.max_chars = max_chars

    def _doc(self, record: Document | dict[str, Any] | str) -> Doc:
        doc_in = _as_document(record)
        doc = make_doc(self.nlp, doc_in.text)
        set_context(doc, published=doc_in.published, source=doc_in.source, title=doc_in.title)
        doc._.tradeclaims_year = doc_in.year
        return doc

    def __call__(
        self,
        text: str,
        *,
        published: str | date | None = None,
        source: str | None = None,
        title: str | None = None,
    ) -> ArticleExtraction:
        """Extract everything from one text."""
        record = Document(text, source, parse_published(published, source=source), title)
        return next(self.pipe([record]))

    def _pipe_valid(
        self,
        records: Iterable[Document | dict[str, Any] | str],
        batch_size: int = 16,
        n_process: int = 1,
    ) -> Iterator[ArticleExtraction]:
        """Results of records that passed :meth:`validate`, one per record, in input order.
        Texts longer than ``split.PIECE_CHARS`` are processed in paragraph-aligned pieces and
        merged, offsets mapped back to the whole text."""
        originals: dict[int, Document] = {}
        inputs: dict[int, Document] = {}

        def pieces() -> Iterator[tuple[Doc, tuple[int, int, int]]]:
            for i, record in enumerate(records):
                doc_in = _as_document(record)
                inputs[i] = doc_in
                ranges = split_points(doc_in.text, self.piece_chars)
                if len(ranges) > 1:
                    originals[i] = doc_in
                for start, end in ranges:
                    part = replace(doc_in, text=doc_in.text[start:end])
                    yield self._doc(part), (i, start, len(ranges))

        collected: list[tuple[int, ArticleExtraction]] = []
        stream = self._stream(pieces(), batch_size, n_process)
        for doc, (index, offset, count) in stream:
            result = from_doc(doc)
            if count == 1:
                yield _with_input(result, inputs.pop(index))
                continue
            collected.append((offset, result))
            if len(collected) == count:
                whole = originals.pop(index)
                meta = result.article.model_copy(
                    update={
                        "id": text_id(whole.text),
                        "char_count": len(whole.text),
                    }
                )
                yield _with_input(merge(whole.text, meta, collected), inputs.pop(index))
                collected = []

    def _stream(
        self, pieces: Iterator[tuple[Doc, Any]], batch_size: int, n_process: int
    ) -> Iterator[tuple[Doc, Any]]:
        """``nlp.pipe`` over the pieces, in batches bounded by characters as well as by count
        (see ``split.BATCH_CHARS``), so that a long document's pieces do not share one batch."""
        if n_process != 1:
            yield from self.nlp.pipe(
                pieces, as_tuples=True, batch_size=batch_size, n_process=n_process
            )
            return
        for group in char_batches(pieces, batch_size):
            yield from self.nlp.pipe(group, as_tuples=True, batch_size=len(group))

    # -- validation and the errors="raise" | "record" modes ---------------------------------

    @overload
    def pipe(
        self,
        records: Iterable[Record],
        *,
        batch_size: int = ...,
        n_process: int = ...,
        errors: Literal["raise"] = ...,
        as_tuples: Literal[False] = ...,
    ) -> Iterator[ArticleExtraction]: ...

    @overload
    def pipe(
        self,
        records: Iterable[Record],
        *,
        batch_size: int = ...,
        n_process: int = ...,
        errors: Literal["record"],
        as_tuples: Literal[False] = ...,
    ) -> Iterator[ArticleExtraction | ErrorRecord]: ...

    @overload
    def pipe(
        self,
        records: Iterable[tuple[Record, Any]],
        *,
        batch_size: int = ...,
        n_process: int = ...,
        errors: Literal["raise", "record"] = ...,
        as_tuples: Literal[True],
    ) -> Iterator[tuple[ArticleExtraction | ErrorRecord, Any]]: ...

    def pipe(
        self,
        records: Iterable[Any],
        *,
        batch_size: int = 16,
        n_process: int = 1,
        errors: Literal["raise", "record"] = "raise",
        as_tuples: bool = False,
    ) -> Iterator[Any]:
        """Stream results, one per record, in input order. Records are strings, dicts with
        ``text`` (and optional ``published``, ``source``/``id``, ``title``, ``url``) or
        :class:`Document` objects, validated as batch validates its inputs (:meth:`validate`).
        ``errors="raise"``: a bad record raises its coded :class:`TradeclaimsError` (the
        results before it have been yielded). ``errors="record"``: it yields an
        :class:`ErrorRecord` in its place and the stream goes on, as does a record whose
        extraction fails. Texts longer than ``split.PIECE_CHARS`` are processed in
        paragraph-aligned pieces and merged, offsets mapped back to the whole text.

        With ``as_tuples=True``, as in ``spacy.Language.pipe``, records are
        ``(record, context)`` pairs and ``(result, context)`` pairs come out: the context
        (any object, e.g. your own row id) is carried through untouched."""
        if errors not in ("raise", "record"):
            raise ValueError(f'errors must be "raise" or "record", not {errors!r}')
        if as_tuples:
            return self._pipe_tuples(
                records, batch_size=batch_size, n_process=n_process, errors=errors
            )
        if errors == "record":
            return self._pipe_recording(records, batch_size)
        valid = (self.validate(record, index) for index, record in enumerate(records))
        return self._pipe_valid(valid, batch_size, n_process)

    def _pipe_tuples(
        self,
        pairs: Iterable[tuple[Any, Any]],
        *,
        batch_size: int,
        n_process: int,
        errors: Literal["raise", "record"],
    ) -> Iterator[tuple[Any, Any]]:
        """``pipe(as_tuples=True)``: results come out in input order, one per record, so the
        contexts are paired back from a queue."""
        contexts: deque[Any] = deque()

        def records() -> Iterator[Any]:
            for pair in pairs:
                try:
                    record, context = pair
                except (TypeError, ValueError):
                    raise TypeError(
                        "with as_tuples=True, records must be (record, context) pairs, "
                        f"not {type(pair).__name__}"
                    ) from None
                contexts.append(context)
                yield record

        stream = (
            self._pipe_recording(records(), batch_size)
            if errors == "record"
            else self._pipe_valid(
                (self.validate(r, i) for i, r in enumerate(records())), batch_size, n_process
            )
        )
        for result in stream:
            yield result, contexts.popleft()

    def validate(self, record: object, index: int = 0) -> Document:
        """The :class:`Document` of a record, or a coded error: TC108 for a record that is not
        a string, a dict with a string ``text`` or a :class:`Document`; TC104 for a
        ``published`` that is not an ISO date; TC103 for text with a lone surrogate; TC107
        for text over ``max_chars``."""
        where = f"record {index}"
        if isinstance(record, Document):
            doc = record
        elif isinstance(record, str):
            doc = Document(record)
        elif isinstance(record, dict):
            source = record.get("source") or record.get("id")
            where = str(source) if source is not None else where
            text = record.get("text")
            if not isinstance(text, str):
                kind = (
                    "no text field 'text'" if text is None else f"'text' is {type(text).__name__}"
                )
                raise RecordError(f"{kind}; it must be a string", source=where)
            title = record.get("title")
            url = record.get("url")
            doc = Document(
                text=text,
                source=str(source) if source is not None else None,
                published=parse_published(record.get("published"), source=where),
                title=title if isinstance(title, str) else None,
                url=url if isinstance(url, str) else None,
            )
        else:
            raise RecordError(
                "a record is a string, a dict with 'text' or a Document, not "
                f"{type(record).__name__}"
                + (" (decode bytes first)" if isinstance(record, bytes) else ""),
                source=where,
            )
        where = doc.source or where
        if not isinstance(doc.text, str):
            raise RecordError(
                f"text is {type(doc.text).__name__}; it must be a string", source=where
            )
        if len(doc.text) > self.max_chars:
            raise InputTooLargeError(
                f"{len(doc.text):,} characters: over the limit of {self.max_chars:,}; raise it "
                "with Extractor(max_chars=...) (--max-bytes on the command line)",
                source=where,
            )
        try:
            doc.text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputDecodeError(
                f"not valid Unicode: a lone surrogate U+{ord(doc.text[exc.start]):04X} at "
                f"offset {exc.start}",
                source=where,
            ) from None
        if doc.published is not None:
            doc = replace(doc, published=parse_published(doc.published, source=where))
        return doc

    def _pipe_recording(
        self, records: Iterable[Record], batch_size: int
    ) -> Iterator[ArticleExtraction | ErrorRecord]:
        """errors="record": invalid records and failed extractions become error records."""
        chunk: list[tuple[int, Document]] = []

        def flush() -> Iterator[ArticleExtraction | ErrorRecord]:
            try:
                results = list(self._pipe_valid([d for _, d in chunk], batch_size))
            except Exception:  # find the failing record: one at a time
                results = None
            if results is not None:
                yield from results
            else:
                for index, doc in chunk:
                    try:
                        yield next(self._pipe_valid([doc]))
                    except Exception as exc:  # one bad record must not end the stream
                        error = (
                            exc
                            if isinstance(exc, TradeclaimsError)
                            else ExtractionError(f"{type(exc).__name__}: {exc}", source=doc.source)
                        )
                        yield _error_record(doc.source or f"record {index}", error)
            chunk.clear()

        for index, record in enumerate(records):
            try:
                chunk.append((index, self.validate(record, index)))
            except TradeclaimsError as exc:
                yield from flush()
                yield _error_record(exc.source or f"record {index}", exc)
                continue
            if len(chunk) >= batch_size:
                yield from flush()
        yield from flush()


def _error_record(source: str, exc: TradeclaimsError) -> ErrorRecord:
    return ErrorRecord(source=source, error=exc.code, kind=type(exc).__name__, message=exc.message)


def _with_input(result: ArticleExtraction, doc_in: Document) -> ArticleExtraction:
    """The result with what the input said about itself beyond the text: its URL, file,
    front matter and other metadata, and, where asked, the text."""
    if not (doc_in.url or doc_in.path or doc_in.metadata or doc_in.keep_text):
        return result
    result.article = result.article.model_copy(
        update={
            "url": doc_in.url,
            "path": doc_in.path,
            "text_offset": doc_in.text_offset,
            "metadata": dict(doc_in.metadata),
            "text": doc_in.text if doc_in.keep_text else None,
        }
    )
    return result


def _as_document(record: Document | dict[str, Any] | str) -> Document:
    if isinstance(record, Document):
        return record
    if isinstance(record, str):
        return Document(record)
    source = record.get("source") or record.get("id")
    return Document(
        text=str(record.get("text") or ""),
        source=str(source) if source is not None else None,
        published=parse_published(record.get("published"), source=source),
        title=record.get("title"),
        url=record.get("url"),
    )


def extract(
    text: str,
    *,
    published: str | date | None = None,
    source: str | None = None,
    title: str | None = None,
) -> ArticleExtraction:
    """Extract people, organizations, places, agreements, dates, figures and claims from
    one article. ``published`` (YYYY-MM-DD) anchors relative dates. The pipeline is loaded
    once per process."""
    return Extractor(shared_pipeline())(text, published=published, source=source, title=title)
