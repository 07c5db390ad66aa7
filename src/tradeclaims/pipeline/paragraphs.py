"""The paragraph-aware sentence splitter (``tradeclaims_paragraphs``): runs before the parser
so that headlines, headings, bylines and wire datelines never run into the next sentence."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..rules.syntax import doc_text

#: A line shorter than this that ends without punctuation is a heading or byline line, not a
#: wrapped line of running text (wire copy wraps at 60 to 70 characters).
SHORT_LINE_CHARS = 45
# "PEKING, March 3 -", "TAUPO, New Zealand, March 23 -"
DATELINE_PREFIX_RE = re.compile(
    r"[ \t]*[A-Z][A-Z .'\-]+,(?:[ \t]+[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*){0,2},)?"
    r"[ \t]+[A-Z][a-z]+\.?[ \t]+\d{1,2},?[ \t]*$"
)


_WIRE_CONJUNCTIONS = ("And", "Or", "Of", "To", "With", "For")
_ABBREVIATION_END_RE = re.compile(r"(?:\b[A-Z]\.){2,}$")


class ParagraphSplitter:
    """Starts a sentence at every paragraph break (a blank line, or a new line that is
    indented) and after short heading-like lines, so that headlines, headings and bylines
    never run into the next sentence; wrapped lines of running text are left alone. Runs
    before the parser, which respects preset sentence starts."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        for i in range(1, len(doc)):
            # a wire dateline ("PEKING, March 3 - ") is not part of the first sentence's subject
            if doc[i - 1].text in ("-", "--") and DATELINE_PREFIX_RE.match(
                text, text.rfind("\n", 0, doc[i - 1].idx) + 1, doc[i - 1].idx
            ):
                doc[i].is_sent_start = True
                continue
            prev = doc[i - 1]
            if "\n" in prev.whitespace_:
                gap = prev.whitespace_
                brk = prev.idx + len(prev)
            elif prev.is_space and "\n" in prev.text:
                gap = prev.text
                brk = prev.idx
            else:
                continue
            after_newline = gap.rsplit("\n", 1)[1]
            line_start = text.rfind("\n", 0, brk) + 1
            line = text[line_start:brk].strip()
            paragraph = gap.count("\n") > 1 or after_newline != ""
            heading = len(line) < SHORT_LINE_CHARS and not line.endswith((",", ";"))
            # "... in favor of U.S.\ncompanies": a lower-case word continues the sentence
            # and so does Reuters' capitalized conjunction after "U.S.": "the U.S.\nAnd Japan"
            continues = not paragraph and (
                doc[i].text[:1].islower()
                or (doc[i].text in _WIRE_CONJUNCTIONS and _ABBREVIATION_END_RE.search(line))
            )
            if continues:
                continue
            if paragraph or heading or line.endswith((".", "?", "!", ":", '"', "”")):
                doc[i].is_sent_start = True
        return doc


@Language.factory("tradeclaims_paragraphs")
def make_paragraph_splitter(nlp: Language, name: str) -> ParagraphSplitter:
    """Factory of :class:`ParagraphSplitter`."""
    return ParagraphSplitter()
