"""The Python API: :func:`extract` for one text, :class:`Extractor` for streams."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any, Literal, overload

from spacy.language import Language
from spacy.tokens import Doc

from .io.readers import Document, parse_published
from .io.split import PIECE_CHARS, merge, split_points
from .pipeline.assemble import from_doc
from .pipeline.loading import load, set_context, shared_pipeline
from .schema import ArticleExtraction, text_id


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
    ) -> None:
        self.nlp = nlp if nlp is not None else load(base_model)
        self.piece_chars = piece_chars

    def _doc(self, record: Document | dict[str, Any] | str) -> Doc:
        doc_in = _as_document(record)
        doc = self.nlp.make_doc(doc_in.text)
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

    @overload
    def pipe(
        self,
        records: Iterable[Document | dict[str, Any] | str],
        *,
        batch_size: int = ...,
        n_process: int = ...,
        as_tuples: Literal[False] = ...,
    ) -> Iterator[ArticleExtraction]: ...

    @overload
    def pipe(
        self,
        records: Iterable[tuple[Document | dict[str, Any] | str, Any]],
        *,
        batch_size: int = ...,
        n_process: int = ...,
        as_tuples: Literal[True],
    ) -> Iterator[tuple[ArticleExtraction, Any]]: ...

    def pipe(
        self,
        records: Iterable[Any],
        *,
        batch_size: int = 16,
        n_process: int = 1,
        as_tuples: bool = False,
    ) -> Iterator[Any]:
        """Stream results, one per record, in input order. Records are strings, dicts with
        ``text`` (and optional ``published``, ``source``/``id``, ``title``) or
        :class:`Document` objects. Texts longer than ``split.PIECE_CHARS`` are processed in
        paragraph-aligned pieces and merged, offsets mapped back to the whole text.

        With ``as_tuples=True``, as in ``spacy.Language.pipe``, records are
        ``(record, context)`` pairs and ``(result, context)`` pairs come out: the context
        (any object, e.g. your own row id) is carried through untouched."""
        if as_tuples:
            yield from self._pipe_tuples(records, batch_size=batch_size, n_process=n_process)
            return
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
        stream = self.nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process)
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

    def _pipe_tuples(
        self, pairs: Iterable[tuple[Any, Any]], *, batch_size: int, n_process: int
    ) -> Iterator[tuple[ArticleExtraction, Any]]:
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

        for result in self.pipe(records(), batch_size=batch_size, n_process=n_process):
            yield result, contexts.popleft()


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
