"""Policy claims: trigger words from the lexicon, arguments from the dependency parse.

For each sentence that holds a trigger, the claim's actors are the trigger's subject resolved
to entities (pronouns and plural phrases such as "both sides" or "the three countries" to the
parties the text has just named), its targets the addressee, its action the complement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..claims.kinds import KindRules
from ..claims.parties import PartyResolver, entities_in
from ..dates.extractor import DateSpan
from ..entities.extractor import heading_ranges
from ..entities.model import Entity, EntityIndex
from ..rules.lexicons import Lexicons
from ..rules.syntax import (
    appositive_tokens,
    char_range,
    doc_text,
    has_to_infinitive,
    possessor,
    same_paragraph,
    subject,
    subtree,
    tidy_action,
    trimmed,
)

COMPLEMENT_DEPS = ("xcomp", "ccomp", "dobj", "attr", "oprd")
QUOTE_RE = re.compile(r"[“\"]([^”\"]{2,400})[”\"]")
#: The subjects of a provision or of "X is to ..." that are not parties ("the process",
#: "the reforms") are attributed to the parties under discussion.
DISCOURSE_KINDS = {"provision", "commitment"}
#: A statement joined across a quotation's sentences stops growing at this many tokens (an
#: unbalanced quote mark must not swallow the rest of the article).
QUOTE_JOIN_MAX_TOKENS = 120
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n|\n[ \t]+")


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
    #: Candidate mode: the rules that would have dropped this candidate, and its features.
    vetoes: list[str] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)


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
        self.future_modals = frozenset(words["future_modals"])
        self.hedges = frozenset(words["hedges"])
        self.condition_marks = frozenset(words["condition_marks"])
        self.forecast_verbs = frozenset(words["forecast_verbs"])
        self.reported_pronouns = frozenset(words["reported_pronouns"])
        self.feature_cues = frozenset(words["feature_cues"])
        self.parties = PartyResolver(lex)
        self.kinds = KindRules(lex, self.verbs, self.parties)

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
    def _drop_nested(
        trigs: list[Trigger], kinds: dict[int, str], forecast_verbs: frozenset[str]
    ) -> list[Trigger]:
        """One claim per statement: a trigger inside another's complement is its content,
        except that reported speech yields the inner claim ("X said he would ..."). ``kinds``
        are the built claims' kinds (a "warned" that threatens nothing reports)."""
        keep = list(trigs)
        # a non-finite verb with no subject of its own after another trigger is part of that
        # trigger's content ("continues to support the objectives ... to promote ..., provide")
        for b in trigs:
            tok = b.token
            earlier = [a for a in trigs if a.token.i < tok.i and a in keep]
            # a modal makes the verb finite even where the parser lost its subject
            own_subject = any(
                c.dep_ in ("nsubj", "nsubjpass") or c.tag_ == "MD" for c in tok.children
            )
            if earlier and tok.pos_ == "VERB" and tok.tag_ in ("VB", "VBG") and not own_subject:
                keep.remove(b)
        for a in trigs:
            for b in trigs:
                if a is b or a not in keep or b not in keep:
                    continue
                if b.token.i in {t.i for t in a.token.subtree} and b.token.i != a.token.i:
                    forecast = a.token.lemma_.lower() in forecast_verbs
                    if forecast and b.entry.get("modal"):
                        keep.remove(b)  # "predicted the bank will not change ...": a forecast
                    elif kinds[id(a)] == "report" and kinds[id(b)] != "report":
                        keep.remove(a)
                    else:
                        keep.remove(b)
        return keep

    # -- main loop -------------------------------------------------------------------------

    def __call__(self, doc: Doc, index: EntityIndex, dates: list[DateSpan]) -> list[ClaimDraft]:
        claims: list[ClaimDraft] = []
        parties: list[list[Entity]] = []  # coordinated groups named so far, latest last
        headings = heading_ranges(doc_text(doc))
        for sent in _statements(doc):
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
                kinds = {key: draft.kind for key, (_t, draft) in built.items()}
                kept = self._drop_nested([t for t, _ in built.values()], kinds, self.forecast_verbs)
                claims_here = [built[id(t)][1] for t in kept]
            claims.extend(claims_here)
            for group in [
                *self.parties.coordinations(sent, index),
                *(c.actors for c in claims_here),
            ]:
                if len(group) >= 2:
                    parties.append(group)
        seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
        unique = []
        for c in claims:
            if (c.sentence, c.trigger) not in seen:
                seen.add((c.sentence, c.trigger))
                unique.append(c)
        return unique

    def _agrees(self, pronoun: Token, outer: Token, index: EntityIndex) -> bool:
        """Whether a pronoun can stand for the subject of the verb reporting it: "it" not
        for a person ("Dawkins said if GATT does not ..., it will be neglecting"), "he" and
        "she" only for a person (or a pronoun that will resolve to one)."""
        low = pronoun.lower_
        if outer.lower_ in self.parties.person_pronouns:
            return low not in ("it",)
        found = entities_in(index, subtree(outer))
        person = any(e.label == "PERSON" for e in found)
        if low == "it":
            return not person
        if low in ("he", "she"):
            return person
        return True

    def _finite(self, verb: Token) -> bool:
        """Whether a verb is finite: tensed, or with a modal ("allows", "will require")."""
        return verb.tag_ in ("VBZ", "VBP", "VBD") or any(
            c.dep_ == "aux" and c.lower_ in self.modals for c in verb.children
        )

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
        *,
        keep_all: bool = False,
    ) -> ClaimDraft | None:
        """The claim a trigger makes, or None where a rule says it makes none; with
        ``keep_all`` (candidate mode) every such rule is recorded in ``vetoes`` instead."""
        tok = trig.token
        from_discourse = False
        vetoes: list[str] = []

        def veto(reason: str) -> bool:
            vetoes.append(reason)
            return not keep_all

        subj = possessor(tok) if trig.entry.get("pos") == "NOUN" else subject(tok)
        if subj is not None and _passive(tok) and trig.kind in ("report", "position"):
            # "Japan is expected to post ...": the subject is what is expected; the one who
            # expects is the agent ("by X"), if the sentence names one
            subj = next((g for c in tok.children if c.dep_ == "agent" for g in c.children), None)
            if any(c.dep_ == "aux" and c.lower_ in self.hedges for c in tok.children):
                subj = None  # "the levy might be rejected by the Council": a possibility
        actors: list[Entity] = []
        if subj is not None and subj.lower_ in self.reported_pronouns:
            # "The Commission said it believed ...", 'he noted that "I cannot help but
            # wonder ..."': the pronoun is the one reporting
            reporter = self.kinds.reporting_verb(tok)
            outer = subject(reporter) if reporter is not None else None
            if (
                outer is not None
                and outer.i != subj.i
                and outer.lower_ not in ("i", "we", "it")
                and self._agrees(subj, outer, index)
            ):
                subj = outer
        if subj is not None:
            actors, from_discourse = self.parties.resolve(
                subj, sent, index, parties, [c.actors for c in previous]
            )
        elif trig.entry.get("pos") != "NOUN":
            actors = self.parties.stranded(tok, sent, index)
        action = tidy_action(doc_text(doc), self._action(tok, trig))
        impersonal = subj is None or subj.lower_ == "it" or subj.dep_ == "expl"
        if not actors and impersonal and trig.kind == "report" and action is not None:
            inner = doc.char_span(action[0], action[1], alignment_mode="expand")
            inner_subj = subject(inner.root) if inner is not None else None
            if inner_subj is not None:
                actors = entities_in(index, subtree(inner_subj), skip=appositive_tokens(inner_subj))
        if not actors and source:
            actors = [
                e for _s, _e, e in index.within(sent.start_char, sent.end_char) if e.name in source
            ]
        if not actors and trig.entry.get("modal") in self.modals and veto("modal_no_party"):
            return None  # "the system will unravel" is a forecast, not a party's commitment
        if (
            trig.entry.get("modal") in self.modals
            and not self.kinds.agentive(tok)
            and veto("not_agentive")
        ):
            return None  # "they would face a cut", "the plan would have set": no undertaking
        if trig.entry.get("modal") in self.modals and self.kinds.forecast(tok) and veto("forecast"):
            return None  # "will inevitably make", "faster than many predicted": a forecast
        if trig.entry.get("modal") and subj is not None and actors and not from_discourse:
            head = index.at(subj.idx, subj.idx + len(subj))
            unnamed = subj.lower_ not in self.reported_pronouns and subj.pos_ != "PROPN"
            if head is None and unnamed and veto("no_party_acts"):
                return None  # "relations between the U.S. and Japan will ...": no party acts
        if trig.entry.get("pos") == "NOUN" and action is None and veto("noun_no_content"):
            return None  # "published China's demands": a reference to a claim, not one
        kind = trig.kind
        if trig.kind == "provision" and not self._finite(tok) and veto("not_finite"):
            return None  # "rather than allow them to fall": no term of anything
        passive_nobody = trig.kind == "commitment" and _passive(tok)
        if passive_nobody and (from_discourse or not actors) and veto("passive_no_party"):
            return None  # "the talks are intended to be ...": nobody undertakes anything
        party_acts = all(a.label != "AGREEMENT" for a in actors)
        if kind == "provision" and actors and not from_discourse and party_acts:
            # a party that "provides" acts; only an agreement provides terms. "Japan will
            # provide aid" is Japan's commitment
            future = any(c.dep_ == "aux" and c.lower_ in self.future_modals for c in tok.children)
            if not future and veto("party_provides"):
                return None
            kind = "commitment"
        if (
            not actors
            and impersonal
            and previous
            and same_paragraph(doc, previous[-1].sentence[1], sent.start_char)
        ):
            actors, from_discourse = list(previous[-1].actors), True
        if not actors and trig.kind in DISCOURSE_KINDS and parties:
            actors, from_discourse = list(parties[-1]), True
        if not actors and veto("no_actors"):
            return None
        targets = self.parties.targets(tok, trig.kind, trig.entry.get("pos") == "NOUN", index)
        quote = None
        for m in QUOTE_RE.finditer(doc_text(doc), sent.start_char, sent.end_char):
            if action is None or (m.start(1) < action[1] and m.end(1) > action[0]):
                qs, qe = m.start(1), m.end(1)
                while qe > qs and doc_text(doc)[qe - 1] in ",.;: ":
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
                condition = doc_text(doc)[rng[0] : rng[1]] if rng else None
        hedged = action is not None and any(
            t.lower_ in self.hedges
            for t in doc.char_span(action[0], action[1], alignment_mode="expand") or []
        )
        if kind == "threat" and not self.kinds.threatens(tok):
            kind = "report"  # "warned that the message did not mean ...": a warning, no threat
        if kind == "report" and action is not None:
            quoted_kind = self.kinds.first_person_kind(doc, action)
            kind = quoted_kind or kind  # '"I think he is desperate," said X': X's position
            if self.kinds.reproach(doc, action):
                kind = "position"  # "the remarks should have been made earlier": a criticism
            pressed, addressee = self.kinds.pressed(doc, action, index)
            if pressed and addressee not in actors:
                kind = "appeal"  # "said Congress must avoid ...": the speaker presses Congress
                targets = [(addressee.name, addressee.id)] if addressee else []
        said = [r for r in (action, quote) if r is not None]  # the quote may run on
        if (
            kind == "report"
            and action is not None
            and any(self.kinds.evaluative(doc, r) for r in said)
        ):
            kind = "position"  # "said the tariffs were unacceptable" states an evaluation
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
            vetoes=vetoes,
        )

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
        # the date of the statement first ("said on Monday that ..."), else the date of what
        # it is about ("would reduce tariffs in the second half of this year")
        inside: str | None = None
        for d in dates:
            in_sentence = sent.start_char <= d.start < sent.end_char and d.kind == "date"
            in_action = action is not None and action[0] <= d.start < action[1]
            if in_sentence and d.value and not in_action:
                return d.value
            if in_sentence and d.value and inside is None:
                inside = d.value
        return inside


def _statements(doc: Doc) -> list[Span]:
    """The sentences of a document, with a sentence that ends inside a quotation joined to
    the next ('He noted his country "is not as open as the American market. Nor is it
    reasonable to expect that it should be," considering ...'): one statement, one claim.
    A quotation left open at the end of a paragraph (wire style: the next paragraph reopens
    it) ends there."""
    out: list[Span] = []
    pending: Span | None = None
    text = doc_text(doc)
    for sent in doc.sents:
        # sentences keep their trailing white space: the gap starts where the words end
        if pending is not None and _PARAGRAPH_BREAK_RE.search(
            text, trimmed(pending)[1], sent.start_char + 1
        ):
            out.append(pending)
            pending = None
        cur = doc[pending.start : sent.end] if pending is not None else sent
        words = cur.text
        open_quote = words.count('"') % 2 == 1 or words.count("“") > words.count("”")
        if open_quote and len(cur) < QUOTE_JOIN_MAX_TOKENS:
            pending = cur
            continue
        out.append(cur)
        pending = None
    if pending is not None:
        out.append(pending)
    return out


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)
