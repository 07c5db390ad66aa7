"""Policy claims: trigger words from the lexicon, arguments from the dependency parse.

For each sentence that holds a trigger, the claim's actors are the trigger's subject resolved
to entities (pronouns and plural phrases such as "both sides" or "the three countries" to the
parties the text has just named), its targets the addressee, its action the complement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .dates import DateSpan
from .entities import Entity, EntityIndex, heading_ranges
from .lexicons import Lexicons
from .syntax import (
    appositive_tokens,
    char_range,
    has_to_infinitive,
    possessor,
    same_paragraph,
    subject,
    subtree,
    tidy_action,
    trimmed,
)

#: "he" refers to a person quoted in one of this many preceding claims.
SPEAKER_MEMORY_CLAIMS = 3
#: How many tokens before a nominal trigger an addressee ("conveying to X their support") may sit.
ADDRESSEE_WINDOW_TOKENS = 12
COMPLEMENT_DEPS = ("xcomp", "ccomp", "dobj", "attr", "oprd")
QUOTE_RE = re.compile(r"[“\"]([^”\"]{2,400})[”\"]")
#: The subjects of a provision or of "X is to ..." that are not parties ("the process",
#: "the reforms") are attributed to the parties under discussion.
DISCOURSE_KINDS = {"provision", "commitment"}


@dataclass
class Trigger:
    token: Token
    kind: str
    entry: dict[str, object]
    start: int
    end: int
    attribution: bool = False


@dataclass
class ClaimDraft:
    kind: str
    trigger: tuple[int, int]
    actors: list[Entity]
    targets: list[tuple[str, str | None]]  # (name, entity id)
    action: tuple[int, int] | None
    quote: tuple[int, int] | None
    date: str | None
    source: str | None
    modality: str | None
    negated: bool
    condition: str | None
    hedged: bool
    sentence: tuple[int, int]
    from_discourse: bool = False


class ClaimExtractor:
    """Extracts :class:`ClaimDraft` items from a parsed document."""

    def __init__(self, lex: Lexicons) -> None:
        self.verbs: dict[str, dict[str, object]] = {}
        self.nouns: dict[str, dict[str, object]] = {}
        self.modal_lemmas: set[str] = set()
        for row in lex.triggers:
            lemma = str(row["lemma"])
            if row.get("modal"):
                self.modal_lemmas.add(lemma)
            elif row["pos"] == "NOUN":
                self.nouns.setdefault(lemma, row)
            elif row["pos"] == "VERB":
                key = f"{lemma} {row['particle']}" if row.get("particle") else lemma
                self.verbs.setdefault(key, row)
        words = lex.raw["claim_words"]
        self.modals = frozenset(words["modals"])
        self.obligation_modals = frozenset(words["obligation_modals"])
        self.hedges = frozenset(words["hedges"])
        self.condition_marks = frozenset(words["condition_marks"])
        self.plural_pronouns = frozenset(words["plural_pronouns"])
        self.person_pronouns = frozenset(words["person_pronouns"])
        self.party_nouns = frozenset(words["party_nouns"])
        self.meeting_verbs = frozenset(words["meeting_verbs"])
        self.count_words: dict[str, int] = dict(words["count_words"])
        self.evaluative = {str(r["lemma"]) for r in lex.triggers if r.get("evaluative")}

    # -- triggers ---------------------------------------------------------------------------

    def _triggers(self, sent: Span) -> list[Trigger]:
        found: list[Trigger] = []
        for tok in sent:
            lemma = tok.lemma_.lower()
            if (
                tok.lower_ == "according"
                and tok.i + 1 < len(tok.doc)
                and tok.nbor(1).lower_ == "to"
            ):
                found.append(
                    Trigger(tok, "report", {}, tok.idx, tok.nbor(1).idx + 2, attribution=True)
                )
            elif tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux":
                particle = next(
                    (
                        c.lower_
                        for c in tok.children
                        if c.dep_ in ("prep", "prt") and f"{lemma} {c.lower_}" in self.verbs
                    ),
                    None,
                )
                entry = self.verbs.get(f"{lemma} {particle}") if particle else self.verbs.get(lemma)
                if (
                    entry
                    and tok.dep_ not in ("amod", "acl")
                    and not (lemma == "call" and not particle)
                ):
                    found.append(
                        Trigger(tok, str(entry["kind"]), entry, tok.idx, tok.idx + len(tok))
                    )
                    continue
                if lemma == "be" and "be to" in self.modal_lemmas and has_to_infinitive(tok):
                    inf = next(c for c in tok.children if c.dep_ == "xcomp")
                    found.append(
                        Trigger(tok, "commitment", {"modal": "be to"}, tok.idx, inf.idx + len(inf))
                    )
            elif tok.pos_ == "NOUN" and lemma in self.nouns and possessor(tok) is not None:
                entry = self.nouns[lemma]
                found.append(Trigger(tok, str(entry["kind"]), entry, tok.idx, tok.idx + len(tok)))
            elif tok.lower_ in self.modal_lemmas and tok.dep_ == "aux" and tok.head.pos_ == "VERB":
                head = tok.head
                # "would have to persuade" is an obligation, not a commitment
                obligation = head.lemma_.lower() == "have" and has_to_infinitive(head)
                if head.lemma_.lower() not in self.verbs and not obligation:
                    found.append(
                        Trigger(
                            head, "commitment", {"modal": tok.lower_}, tok.idx, head.idx + len(head)
                        )
                    )
        # "said" set off by commas ("The reforms, the readout said, are to ...") attributes
        for trig in found:
            if trig.kind == "report" and trig.token.dep_ in ("parataxis",):
                trig.attribution = True
        return found

    @staticmethod
    @staticmethod
    def _drop_nested(trigs: list[Trigger]) -> list[Trigger]:
        """One claim per statement: a trigger inside another's complement is its content,
        except that reported speech yields the inner claim ("X said he would ...")."""
        keep = list(trigs)
        # a non-finite verb with no subject of its own after another trigger is part of that
        # trigger's content ("continues to support the objectives ... to promote ..., provide")
        for b in trigs:
            tok = b.token
            earlier = [a for a in trigs if a.token.i < tok.i and a in keep]
            own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
            if earlier and tok.pos_ == "VERB" and tok.tag_ in ("VB", "VBG") and not own_subject:
                keep.remove(b)
        for a in trigs:
            for b in trigs:
                if a is b or a not in keep or b not in keep:
                    continue
                if b.token.i in {t.i for t in a.token.subtree} and b.token.i != a.token.i:
                    if a.kind == "report" and b.kind != "report":
                        keep.remove(a)
                    else:
                        keep.remove(b)
        return keep

    # -- main loop -------------------------------------------------------------------------

    def __call__(self, doc: Doc, index: EntityIndex, dates: list[DateSpan]) -> list[ClaimDraft]:
        claims: list[ClaimDraft] = []
        parties: list[list[Entity]] = []  # coordinated groups named so far, latest last
        headings = heading_ranges(doc.text)
        for sent in doc.sents:
            # a headline restates the story's lead: its claims would be duplicates
            first, last = trimmed(sent)
            if any(s <= first and last <= e for s, e in headings):
                continue
            trigs = self._triggers(sent)
            claims_here: list[ClaimDraft] = []
            if trigs:
                real = [t for t in trigs if not t.attribution]
                source = next((self._source_text(t) for t in trigs if t.attribution), None)
                # build first, then nest: an inner trigger that yields no claim ("the cuts
                # would go deeper": no party) must not hide the report around it
                built = {}
                for trig in real if real else trigs:
                    draft = self._build(doc, sent, trig, index, dates, parties, claims, source)
                    if draft is not None and draft.actors:
                        built[id(trig)] = (trig, draft)
                kept = self._drop_nested([t for t, _ in built.values()])
                claims_here = [built[id(t)][1] for t in kept]
            claims.extend(claims_here)
            for group in [*self._coordinations(sent, index), *(c.actors for c in claims_here)]:
                if len(group) >= 2:
                    parties.append(group)
        seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
        unique = []
        for c in claims:
            if (c.sentence, c.trigger) not in seen:
                seen.add((c.sentence, c.trigger))
                unique.append(c)
        return unique

    def _source_text(self, trig: Trigger) -> str | None:
        tok = trig.token
        if trig.attribution and tok.lower_ == "according":
            to = tok.nbor(1)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            return subtree(pobj).text if pobj is not None else None
        subj = subject(tok)
        return subtree(subj).text if subj is not None else None

    def _build(
        self,
        doc: Doc,
        sent: Span,
        trig: Trigger,
        index: EntityIndex,
        dates: list[DateSpan],
        parties: list[list[Entity]],
        previous: list[ClaimDraft],
        source: str | None,
    ) -> ClaimDraft | None:
        tok = trig.token
        from_discourse = False
        subj = possessor(tok) if trig.entry.get("pos") == "NOUN" else subject(tok)
        actors: list[Entity] = []
        if subj is not None:
            actors, from_discourse = self._resolve(subj, sent, index, parties, previous)
        action = tidy_action(doc.text, self._action(tok, trig))
        if not actors and trig.kind == "report" and action is not None:
            inner = doc.char_span(action[0], action[1], alignment_mode="expand")
            inner_subj = subject(inner.root) if inner is not None else None
            if inner_subj is not None:
                actors = _entities_in(
                    index, subtree(inner_subj), skip=appositive_tokens(inner_subj)
                )
        if not actors and source:
            actors = [
                e for _s, _e, e in index.within(sent.start_char, sent.end_char) if e.name in source
            ]
        if not actors and trig.entry.get("modal") in self.modals:
            return None  # "the system will unravel" is a forecast, not a party's commitment
        impersonal = subj is None or subj.lower_ == "it" or subj.dep_ == "expl"
        if (
            not actors
            and impersonal
            and previous
            and same_paragraph(doc, previous[-1].sentence[1], sent.start_char)
        ):
            actors, from_discourse = list(previous[-1].actors), True
        if not actors and trig.kind in DISCOURSE_KINDS and parties:
            actors, from_discourse = list(parties[-1]), True
        if not actors:
            return None
        targets = self._targets(tok, trig, index)
        quote = None
        for m in QUOTE_RE.finditer(doc.text, sent.start_char, sent.end_char):
            if action is None or (m.start(1) < action[1] and m.end(1) > action[0]):
                qs, qe = m.start(1), m.end(1)
                while qe > qs and doc.text[qe - 1] in ",.;: ":
                    qe -= 1
                quote = (qs, qe)
                break
        date = self._date(sent, dates, action)
        if date is None and from_discourse and previous:
            date = previous[-1].date
        modality = trig.entry.get("modal") or next(
            (
                c.lower_
                for c in [*tok.children, *tok.head.children]
                if c.dep_ == "aux" and c.lower_ in self.modals
            ),
            None,
        )
        negated = any(
            c.dep_ == "neg"
            for c in [*tok.children, *(tok.head.children if tok.dep_ == "xcomp" else [])]
        )
        condition = next(
            (
                subtree(c).text
                for c in tok.subtree
                if c.dep_ == "advcl"
                and any(m.dep_ == "mark" and m.lower_ in self.condition_marks for m in c.children)
            ),
            None,
        )
        if condition is None:
            cond_tok = next(
                (
                    t
                    for t in tok.subtree
                    if t.lower_ in ("until", "unless") and t.dep_ in ("prep", "mark")
                ),
                None,
            )
            if cond_tok is not None:
                rng = char_range(list(doc[cond_tok.i : sent.end]))
                condition = doc.text[rng[0] : rng[1]] if rng else None
        hedged = action is not None and any(
            t.lower_ in self.hedges
            for t in doc.char_span(action[0], action[1], alignment_mode="expand") or []
        )
        kind = trig.kind
        if kind == "report" and action is not None and self._evaluative(doc, action):
            kind = "position"  # "said the tariffs were unacceptable" states an evaluation
        if kind == "report" and action is not None:
            addressee = self._obliged_party(doc, action, index)
            if addressee is not None and addressee not in actors:
                kind = "appeal"  # "said Congress must avoid ...": the speaker presses Congress
                targets = [(addressee.name, addressee.id)]
        return ClaimDraft(
            kind=kind,
            trigger=(trig.start, trig.end),
            actors=actors,
            targets=targets,
            action=action,
            quote=quote,
            date=date,
            source=source,
            modality=str(modality) if modality else None,
            negated=negated,
            condition=condition,
            hedged=hedged,
            sentence=trimmed(sent),
            from_discourse=from_discourse,
        )

    def _obliged_party(
        self, doc: Doc, action: tuple[int, int], index: EntityIndex
    ) -> Entity | None:
        """The party a reported clause says must or should act, if it names one."""
        span = doc.char_span(action[0], action[1], alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        if not any(c.dep_ == "aux" and c.lower_ in self.obligation_modals for c in root.children):
            return None
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return index.at(subj.idx, subj.idx + len(subj)) if subj is not None else None

    def _evaluative(self, doc: Doc, action: tuple[int, int]) -> bool:
        """Whether a reported clause predicates an evaluation ("were unacceptable")."""
        span = doc.char_span(action[0], action[1], alignment_mode="expand")
        if span is None:
            return False
        return any(
            t.dep_ in ("acomp", "attr") and t.lemma_.lower() in self.evaluative for t in span
        )

    # -- arguments -------------------------------------------------------------------------

    def _resolve(
        self,
        subj: Token,
        sent: Span,
        index: EntityIndex,
        parties: list[list[Entity]],
        previous: list[ClaimDraft],
    ) -> tuple[list[Entity], bool]:
        """Entities a subject refers to, and whether they came from earlier text."""
        low = subj.lower_
        if low in self.person_pronouns:
            # "he" is the person the story has been quoting, else the last one named
            for claim in reversed(previous[-SPEAKER_MEMORY_CLAIMS:]):
                speakers = [a for a in claim.actors if a.label == "PERSON"]
                if speakers:
                    return [speakers[0]], True
            people = [e for s, _e, e in index.within(0, subj.idx) if e.label == "PERSON"]
            return ([people[-1]] if people else []), True
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
        if not plural or subj.lower_ in ("we", "our"):
            found = _entities_in(index, subtree(subj), skip=appositive_tokens(subj))
            if found:
                return found, False
            if not plural:
                return [], False
        if low in ("their", "they"):
            local = self._sentence_group(sent, subj, index)
            if len(local) >= 2:
                return local, False
        for group in reversed(parties):
            if count is None or len(group) == count:
                return list(group), True
        return [], False

    @staticmethod
    def _sentence_group(sent: Span, pron: Token, index: EntityIndex) -> list[Entity]:
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

    def _targets(
        self, tok: Token, trig: Trigger, index: EntityIndex
    ) -> list[tuple[str, str | None]]:
        heads: list[Token] = []
        if trig.kind == "appeal":
            for c in tok.children:
                if c.dep_ in ("dobj", "dative"):
                    heads.append(c)
                elif c.dep_ in ("prep",) and c.lower_ in ("on", "upon"):
                    heads.extend(g for g in c.children if g.dep_ == "pobj")
        if trig.entry.get("pos") == "NOUN":
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

    def _action(self, tok: Token, trig: Trigger) -> tuple[int, int] | None:
        doc = tok.doc
        if trig.attribution:
            if tok.dep_ == "parataxis":
                # "The reforms, the readout said, are ...": the content is the host clause
                head = tok.head
                inside = {t.i for t in tok.subtree}
                return char_range([t for t in head.subtree if t.i not in inside])
            return None
        if trig.entry.get("modal") and trig.entry.get("modal") != "be to":
            parts = [
                t
                for t in tok.subtree
                if t.dep_ not in ("nsubj", "nsubjpass", "aux", "punct") or t.i > tok.i
            ]
            parts = [t for t in parts if t.i >= tok.i]
            return char_range(parts)
        if trig.entry.get("pos") == "NOUN":
            comp = [
                c
                for c in tok.children
                if c.dep_ in ("prep", "acl") and c.lower_ in ("of", "for", "to")
            ]
            return char_range(list(subtree(comp[0]))[1:]) if comp else None
        for dep in COMPLEMENT_DEPS:
            comp = [c for c in tok.children if c.dep_ == dep]
            if comp:
                tokens = list(subtree(comp[0]))
                if dep == "ccomp":
                    tokens = [t for t in tokens if not (t.dep_ == "mark" and t.i == tokens[0].i)]
                return char_range(tokens)
        preps = [c for c in tok.children if c.dep_ == "prep" and c.i > tok.i]
        if preps:
            return char_range(list(subtree(preps[0])))
        del doc
        return None

    @staticmethod
    def _date(sent: Span, dates: list[DateSpan], action: tuple[int, int] | None) -> str | None:
        for d in dates:
            in_sentence = sent.start_char <= d.start < sent.end_char and d.kind == "date"
            in_action = action is not None and action[0] <= d.start < action[1]
            if in_sentence and d.value and not in_action:
                return d.value
        return None

    def _coordinations(self, sent: Span, index: EntityIndex) -> list[list[Entity]]:
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


def _entities_in(
    index: EntityIndex, span: Span, skip: tuple[int, int] | None = None
) -> list[Entity]:
    out: list[Entity] = []
    for s, e, ent in index.within(span.start_char, span.end_char):
        if (skip and skip[0] <= s < skip[1]) or (s, e) in index.datelines:
            continue
        if ent.label in ("PERSON", "ORG", "PLACE", "AGREEMENT") and ent not in out:
            out.append(ent)
    return out
