"""Who a claim is by and whom it is directed at: subjects, pronouns, plural phrases and
addressees resolved to the article's entities."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..entities.model import Entity, EntityIndex
from ..rules.lexicons import Lexicons
from ..rules.syntax import appositive_tokens, doc_text, possessor, subtree

#: "he" refers to a person quoted in one of this many preceding claims.
SPEAKER_MEMORY_CLAIMS = 3
#: How many tokens before a nominal trigger an addressee ("conveying to X their support") may sit.
ADDRESSEE_WINDOW_TOKENS = 12
#: "the editorial said" looks back this far (characters) for the newspaper that wrote it.
OUTLET_WINDOW_CHARS = 1500
_STRANDED_GAP_RE = re.compile(r"\s*(?:,[^,;\n]{1,40},)?\s*")


class PartyResolver:
    """Resolves the tokens of a parse to the parties (entities) they refer to."""

    def __init__(self, lex: Lexicons) -> None:
        words = lex.raw["claim_words"]
        self.plural_pronouns = frozenset(words["plural_pronouns"])
        self.person_pronouns = frozenset(words["person_pronouns"])
        self.party_nouns = frozenset(words["party_nouns"])
        self.meeting_verbs = frozenset(words["meeting_verbs"])
        self.media_nouns = frozenset(words["media_nouns"])
        self.count_words: dict[str, int] = dict(words["count_words"])
        self.capitals: dict[str, str] = dict(lex.raw["places"]["capitals"])
        self.non_party_heads = frozenset(words["non_party_heads"])

    def resolve(
        self,
        subj: Token,
        sent: Span,
        index: EntityIndex,
        parties: list[list[Entity]],
        previous: list[list[Entity]],
    ) -> tuple[list[Entity], bool]:
        """Entities a subject refers to, and whether they came from earlier text."""
        low = subj.lower_
        if low in self.person_pronouns:
            # "he" is the person the story has been quoting, else the last one named
            for actors in reversed(previous[-SPEAKER_MEMORY_CLAIMS:]):
                speakers = [a for a in actors if a.label == "PERSON"]
                if speakers:
                    return [speakers[0]], True
            # a person named earlier in the same sentence is rarely "he" ("a bill introduced
            # by Senator Bentsen, he said"): the last person named before the sentence first
            before = [e for s, _e, e in index.within(0, sent.start_char) if e.label == "PERSON"]
            people = before or [e for s, _e, e in index.within(0, subj.idx) if e.label == "PERSON"]
            return ([people[-1]] if people else []), True
        if low in ("who", "which", "that") and subj.head.dep_ == "relcl":
            return self._antecedent(subj, index), False
        if subj.dep_ == "dobj":  # "told Reuters Taiwan would ...": the object speaks
            ent = index.at(subj.idx, subj.idx + len(subj))
            return ([self.as_party(ent, index)] if ent else []), False
        if subj.lemma_.lower() in self.media_nouns and not entities_in(index, subtree(subj)):
            outlet = self._outlet(subj, index)
            return ([outlet] if outlet else []), outlet is not None
        count = None
        plural = low in self.plural_pronouns or (
            subj.lemma_.lower() in self.party_nouns and subj.tag_ in ("NNS",)
        )
        if subj.lemma_.lower() in self.party_nouns or low == "both":
            for c in subj.children:
                if c.lower_ in self.count_words:
                    count = self.count_words[c.lower_] or None
                    plural = True
            if low in ("both", "sides"):
                count = count or 2
        if subj.lemma_.lower() in self.non_party_heads:
            return [], False  # "EC firms said": unnamed firms, not the EC
        if not plural or subj.lower_ in ("we", "our"):
            found = entities_in(index, subtree(subj), skip=appositive_tokens(subj))
            found = _without_affiliations(subj, found, index)
            if found:
                return [self.as_party(e, index) for e in found], False
            if not plural:
                return [], False
        if low in ("their", "they"):
            local = self.sentence_group(sent, subj, index)
            if len(local) >= 2:
                return local, False
        for group in reversed(parties):
            if count is None or len(group) == count:
                return list(group), True
        return [], False

    def stranded(self, verb: Token, sent: Span, index: EntityIndex) -> list[Entity]:
        """The speaker of a verb the parser left without a subject: the entity right before
        it, past an appositive set off by commas ("Rostenkowski, D-Ill., predicted")."""
        text = doc_text(verb.doc)
        before = [
            (s, e, ent)
            for s, e, ent in index.within(sent.start_char, verb.idx)
            if ent.label in ("PERSON", "ORG", "PLACE")
        ]
        if not before:
            return []
        _s, end, ent = before[-1]
        if _STRANDED_GAP_RE.fullmatch(text[end : verb.idx]):
            return [self.as_party(ent, index)]
        return []

    def as_party(self, ent: Entity, index: EntityIndex) -> Entity:
        """A capital acting as its government ("Taipei has said") is the country, when the
        text names the country."""
        country = self.capitals.get(ent.name) if ent.label == "PLACE" else None
        if country is None:
            return ent
        return next((e for e in index.of_label("PLACE") if e.name == country), ent)

    @staticmethod
    def _antecedent(rel: Token, index: EntityIndex) -> list[Entity]:
        """'... counsellor in its Washington embassy, Chen Shibiao, who said': the person (else
        the organization, else the place) the relative clause hangs on."""
        noun = rel.head.head
        inside = {t.i for t in rel.head.subtree}
        head = noun
        while head.dep_ == "appos" and head.head.i != head.i:
            head = head.head
        span = subtree(head)
        found = [
            ent
            for s, _e, ent in index.within(span.start_char, span.end_char)
            if ent.label in ("PERSON", "ORG", "PLACE")
            and not any(t.i in inside for t in span if t.idx == s)
        ]
        for label in ("PERSON", "ORG", "PLACE"):
            of_label = [e for e in found if e.label == label]
            if of_label:
                return of_label[-1:]
        return []

    def _outlet(self, subj: Token, index: EntityIndex) -> Entity | None:
        """'the editorial said': the latest organization named as a newspaper or agency
        before it ("The official International Business newspaper today published ...")."""
        text = doc_text(subj.doc)
        best = None
        for s, e, ent in index.within(max(0, subj.idx - OUTLET_WINDOW_CHARS), subj.idx):
            if ent.label != "ORG":
                continue
            around = text[max(0, s - 20) : e + 15].lower()
            if any(w in self.media_nouns for w in around.split()):
                best = ent
        return best

    @staticmethod
    def sentence_group(sent: Span, pron: Token, index: EntityIndex) -> list[Entity]:
        """'X joined Y ... their support': the main clause's subject and object entities."""
        root = sent.root
        group: list[Entity] = []
        for child in root.children:
            if child.dep_ in ("nsubj", "dobj") and child.i < pron.i:
                head_tokens = [child, *[c for c in child.conjuncts]]
                for t in head_tokens:
                    ent = index.at(t.idx, t.idx + len(t))
                    if (
                        ent is not None
                        and ent not in group
                        and ent.label in ("ORG", "PERSON", "PLACE")
                    ):
                        group.append(ent)
        return group

    def targets(
        self, tok: Token, kind: str, nominal: bool, index: EntityIndex
    ) -> list[tuple[str, str | None]]:
        """The parties a claim is directed at: an appeal's addressee ("urges X to",
        "called on X"), a nominal claim's to-phrase ("conveying to X their support")."""
        heads: list[Token] = []
        if kind == "appeal":
            for c in tok.children:
                if c.dep_ in ("dobj", "dative"):
                    heads.append(c)
                elif c.dep_ in ("prep",) and c.lower_ in ("on", "upon"):
                    heads.extend(g for g in c.children if g.dep_ == "pobj")
        if nominal:
            # "conveying to X their support": the to-phrase ending right before the possessor
            poss = possessor(tok)
            for prep in tok.doc[max(0, tok.i - ADDRESSEE_WINDOW_TOKENS) : tok.i]:
                if prep.lower_ == "to" and prep.dep_ in ("prep", "dative") and poss is not None:
                    objs = [
                        g
                        for g in prep.children
                        if g.dep_ == "pobj" and g.right_edge.i == poss.i - 1
                    ]
                    heads.extend(objs)
        out: list[tuple[str, str | None]] = []
        for h in heads:
            ent = index.at(h.idx, h.idx + len(h))
            if ent is not None:
                out.append((ent.name, ent.id))
            else:
                words = [t for t in h.doc[h.left_edge.i : h.i + 1] if t.dep_ not in ("det", "poss")]
                if words:
                    out.append((h.doc[words[0].i : h.i + 1].text, None))
        return out

    def coordinations(self, sent: Span, index: EntityIndex) -> list[list[Entity]]:
        """Coordinated party lists ('the United States, Mexico and Canada')."""
        groups = []
        for tok in sent:
            if tok.dep_ == "conj" or not list(tok.conjuncts):
                continue
            members = []
            for t in (tok, *tok.conjuncts):
                ent = index.at(t.idx, t.idx + len(t))
                if ent is not None and ent.label in ("PLACE", "ORG") and ent not in members:
                    members.append(ent)
            if len(members) >= 2:
                groups.append(members)
        # "X met (with) Y": the two sides of a meeting are a party group too
        for tok in sent:
            if tok.lemma_.lower() not in self.meeting_verbs:
                continue
            sides = [c for c in tok.children if c.dep_ in ("nsubj", "dobj")]
            sides += [
                g
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "with"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            members = []
            for t in sides:
                ent = index.at(t.idx, t.idx + len(t))
                if ent is not None and ent not in members:
                    members.append(ent)
            if len(members) >= 2:
                # envoys meet for their countries: "both sides" are the countries when known
                places = {e.name: e for e in index.of_label("PLACE")}
                countries = [
                    places.get(m.country or "") if m.label == "PERSON" else m for m in members
                ]
                groups.append([c for c in countries if c] if all(countries) else members)
        return groups


def entities_in(
    index: EntityIndex, span: Span, skip: tuple[int, int] | None = None
) -> list[Entity]:
    out: list[Entity] = []
    for s, e, ent in index.within(span.start_char, span.end_char):
        if (skip and skip[0] <= s < skip[1]) or (s, e) in index.datelines:
            continue
        if ent.label in ("PERSON", "ORG", "PLACE", "AGREEMENT") and ent not in out:
            out.append(ent)
    return out


def _without_affiliations(subj: Token, found: list[Entity], index: EntityIndex) -> list[Entity]:
    """'P.S. Tam of Morgan Guaranty Trust said', 'House Ways and Means Committee Chairman Dan
    Rostenkowski said': the person speaks, not the organization he works for."""
    people = [e for e in found if e.label == "PERSON"]
    if not people:
        return found
    heads = [index.at(t.idx, t.idx + len(t)) for t in (subj, *subj.conjuncts)]
    if heads and all(h is not None and h.label == "PERSON" for h in heads):
        return [h for i, h in enumerate(heads) if h is not None and h not in heads[:i]]
    affiliated = set()
    for tok in subtree(subj):
        if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "at", "from", "for"):
            ent = index.at(tok.idx, tok.idx + len(tok))
            boss = tok.head.head
            if ent is not None and index.at(boss.idx, boss.idx + len(boss)) in people:
                affiliated.add(id(ent))
    return [e for e in found if id(e) not in affiliated]
