"""Dependency-parse helpers for claims: subjects, possessors, subtrees and the character
ranges of clauses."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

#: ``doc.text`` of the Docs alive in this process (a Doc's text never changes once it is
#: made); held weakly, outside the Doc, so that nothing is serialized with it.
_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc for all the components: spaCy joins every token's
    text on each access, and the extractors read the text thousands of times per article."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def subject(tok: Token) -> Token | None:
    """The subject of a verb, climbing through xcomp/aux chains ('continues to support')."""
    cur: Token | None = tok
    while cur is not None:
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if subj is not None:
            return subj
        if cur.dep_ == "ccomp":
            # "told Reuters Taiwan would reduce": the parser took the clause's subject for
            # the object of the verb before it
            obj = next((c for c in cur.head.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.i < cur.i and obj.right_edge.i + 1 == cur.left_edge.i:
                return obj
        if cur.dep_ in ("xcomp", "conj", "ccomp") and cur.head.i != cur.i:
            cur = cur.head
        else:
            return None
    return None


def possessor(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ == "poss"), None)


def has_to_infinitive(tok: Token) -> bool:
    return any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        for c in tok.children
    ) and not any(c.dep_ == "acomp" for c in tok.children)


def subtree(tok: Token) -> Span:
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1]


def appositive_tokens(tok: Token) -> tuple[int, int] | None:
    """Character range of a subject's appositive ('Greer, the U.S. Trade Representative,')."""
    appos = [c for c in tok.children if c.dep_ in ("appos", "relcl", "acl")]
    if not appos:
        return None
    first = min(a.left_edge.idx for a in appos)
    last = max(a.right_edge.idx + len(a.right_edge) for a in appos)
    return first, last


def char_range(tokens: list[Token]) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not t.is_space]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in (")", "”", '"')):
        tokens.pop()
    while tokens and tokens[0].is_punct and tokens[0].text not in ("“", '"'):
        tokens.pop(0)
    if not tokens:
        return None
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


def trimmed(sent: Span) -> tuple[int, int]:
    text = doc_text(sent.doc)
    s, e = sent.start_char, sent.end_char
    while e > s and text[e - 1].isspace():
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


def same_paragraph(doc: Doc, end: int, start: int) -> bool:
    return "\n" not in doc_text(doc)[end:start]


def tidy_action(text: str, action: tuple[int, int] | None) -> tuple[int, int] | None:
    """Drop the infinitive marker ("to continue" -> "continue") and close a quotation the
    parse left open at the clause's edge."""
    if action is None:
        return None
    start, end = action
    if text.startswith("to ", start) and end - start > 3:
        start += 3
    piece = text[start:end]
    if piece.count("“") > piece.count("”"):
        close = text.find("”", end, end + 3)
        if close != -1:
            end = close + 1
    return start, end
