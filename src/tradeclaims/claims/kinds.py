"""What kind of claim a statement makes, beyond its trigger word: a warning that threatens
nothing reports, a will/would clause that forecasts commits nobody, a reported "must" or
"it is important that" presses someone (an appeal), a reported evaluation is a position."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..claims.parties import PartyResolver, entities_in
from ..entities.model import Entity, EntityIndex
from ..rules.lexicons import Lexicons
from ..rules.syntax import subtree

#: How far up the parse a pronoun's verb may sit below the verb reporting it.
REPORT_CLIMB_STEPS = 4


class KindRules:
    """The rules that refine a trigger's kind from the clause around it."""

    def __init__(
        self, lex: Lexicons, verbs: dict[str, dict[str, object]], parties: PartyResolver
    ) -> None:
        words = lex.raw["claim_words"]
        self.verbs = verbs
        self.parties = parties
        self.obligation_modals = frozenset(words["obligation_modals"])
        self.non_agentive = frozenset(words["non_agentive_verbs"])
        self.necessity = frozenset(words["necessity_adjectives"])
        self.necessity_verbs = frozenset(words["necessity_verbs"])
        self.forecast_markers = frozenset(words["forecast_markers"])
        self.threat_verbs = frozenset(words["threat_verbs"])
        self.evaluative_words = {str(r["lemma"]) for r in lex.triggers if r.get("evaluative")}

    def pressed(
        self, doc: Doc, action: tuple[int, int], index: EntityIndex
    ) -> tuple[bool, Entity | None]:
        """Whether a reported clause presses someone to act, and the party it names if any:
        an obligation ("Congress must avoid ...", "you must act too") or a necessity ("it is
        important that the U.S. reduce ...", "growth requires that the decline be reversed").
        """
        span = doc.char_span(action[0], action[1], alignment_mode="expand")
        if span is None:
            return False, None
        root = span.root
        necessity = root.lemma_.lower() in self.necessity_verbs or any(
            c.dep_ == "acomp" and c.lemma_.lower() in self.necessity for c in root.children
        )
        if necessity:
            clause = next((c for c in root.children if c.dep_ == "ccomp"), None)
            if clause is None:
                return False, None
            root = clause
        elif not any(c.dep_ == "aux" and c.lower_ in self.obligation_modals for c in root.children):
            return False, None
        if any(c.dep_ == "aux" and c.lower_ == "have" for c in root.children):
            return False, None  # "should have been made": a reproach about the past
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return necessity, None
        head = index.at(subj.idx, subj.idx + len(subj))
        found = [head] if head is not None else entities_in(index, subtree(subj))
        if found and (head is not None or subj.lemma_.lower() not in self.parties.non_party_heads):
            # "the U.S. trade deficit should start to decline" presses nobody: a forecast
            return True, self.parties.as_party(found[0], index)
        if found:
            return False, None
        # "you must act": the audience; "the decline be reversed": whoever can
        return subj.lower_ == "you" or necessity, None

    def forecast(self, verb: Token) -> bool:
        """Whether a will/would clause predicts rather than undertakes."""
        return any(t.lower_ in self.forecast_markers for t in verb.subtree if t.i != verb.i)

    def reproach(self, doc: Doc, action: tuple[int, int]) -> bool:
        """Whether a reported clause says what should have been done ("should have been
        made"): an evaluation of the past, not an appeal."""
        span = doc.char_span(action[0], action[1], alignment_mode="expand")
        if span is None:
            return False
        auxes = {c.lower_ for c in span.root.children if c.dep_ in ("aux", "auxpass")}
        return bool(auxes & self.obligation_modals) and "have" in auxes

    def reporting_verb(self, tok: Token) -> Token | None:
        """The reporting verb whose complement holds ``tok`` ("said ... that I ...")."""
        cur = tok
        for _ in range(REPORT_CLIMB_STEPS):
            if cur.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or cur.head.i == cur.i:
                return None
            head = cur.head
            entry = self.verbs.get(head.lemma_.lower())
            if cur.dep_ == "ccomp" and entry is not None and entry["kind"] == "report":
                return head
            cur = head
        return None

    def first_person_kind(self, doc: Doc, action: tuple[int, int]) -> str | None:
        """The kind of a quoted first-person statement ("I think ...", "we will ...")."""
        span = doc.char_span(action[0], action[1], alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ not in ("i", "we"):
            return None
        entry = self.verbs.get(root.lemma_.lower())
        return str(entry["kind"]) if entry is not None else None

    def agentive(self, verb: Token) -> bool:
        """Whether a will/would clause undertakes an action: not a state or consequence
        ("would face a cut") and not a counterfactual ("would have set")."""
        if verb.lemma_.lower() in self.non_agentive:
            return False
        auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
        return not ("have" in auxes and verb.tag_ == "VBN")

    def threatens(self, tok: Token) -> bool:
        """Whether a 'warn'/'threaten' clause announces an action against someone ("warned
        it would retaliate", "threatened to impose tariffs") rather than a danger."""
        if tok.lemma_.lower() != "warn":
            return True
        # the warned action is the complement's own verb (and its coordinated or infinitive
        # verbs), not a verb buried in a relative clause about something else
        stack = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
        while stack:
            verb = stack.pop()
            if verb.lemma_.lower() in self.threat_verbs:
                return True
            stack.extend(c for c in verb.children if c.dep_ in ("xcomp", "conj", "ccomp"))
        return False

    def evaluative(self, doc: Doc, action: tuple[int, int]) -> bool:
        """Whether a reported clause predicates an evaluation ("were unacceptable")."""
        span = doc.char_span(action[0], action[1], alignment_mode="expand")
        if span is None:
            return False
        return any(
            t.dep_ in ("acomp", "attr") and t.lemma_.lower() in self.evaluative_words for t in span
        )
