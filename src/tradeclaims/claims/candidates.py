"""Claim candidates for a trained decision: every lexicon trigger and every finite clause head
of a sentence, built into a draft by the same argument rules as the rule claims, but with
nothing dropped (what a rule would drop is recorded as a veto) and with the features a model
reads to decide whether the candidate is a claim and of which kind.

The features are chosen to generalize across articles and sources: the trigger's and the
content clause's lemmas, modality, tense, person, negation, conditions, evaluative words, the
rule's own verdict, the kind of party speaking, the sentence's shape. No feature names an
article, an entity or a position in a particular text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from ..dates.extractor import DateSpan
from ..entities.extractor import heading_ranges
from ..entities.model import Entity, EntityIndex
from ..rules.syntax import doc_text, same_paragraph, subject, trimmed

if TYPE_CHECKING:
    from .extractor import ClaimDraft, ClaimExtractor, Trigger

#: Dependency labels of the verbs proposed as candidates besides the lexicon's triggers.
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "parataxis", "advcl", "xcomp", "relcl"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
QUOTE_MARKS = frozenset("\"“‘'")
_PERSON = {"i": "1", "we": "1", "us": "1", "our": "1", "you": "2", "your": "2"}


def extra_triggers(sent: Span, known: list[Trigger], trigger_cls: type[Trigger]) -> list[Trigger]:
    """Clause heads that no lexicon entry proposes: finite verbs (or verbs with a modal or
    'to') heading a main, complement or coordinated clause, and copulas with a predicate."""
    taken = {t.token.i for t in known}
    out = []
    for tok in sent:
        if tok.i in taken or tok.dep_ not in CLAUSE_DEPS:
            continue
        verb = tok.pos_ == "VERB" or (
            tok.pos_ == "AUX" and any(c.dep_ in ("acomp", "attr") for c in tok.children)
        )
        finite = tok.tag_ in FINITE_TAGS or any(
            c.dep_ in ("aux", "auxpass") and (c.tag_ == "MD" or c.tag_ in FINITE_TAGS)
            for c in tok.children
        )
        if verb and (finite or tok.dep_ == "xcomp"):
            entry: dict[str, object] = {"pos": "VERB", "synthetic": True}
            out.append(trigger_cls(tok, "report", entry, tok.idx, tok.idx + len(tok)))
    return out


def propose(
    ex: ClaimExtractor, doc: Doc, index: EntityIndex, dates: list[DateSpan]
) -> list[ClaimDraft]:
    """Every candidate of a document, with its features (``ClaimDraft.features``)."""
    from .extractor import Trigger, _statements

    out: list[ClaimDraft] = []
    parties: list[list[Entity]] = []
    headings = heading_ranges(doc_text(doc))
    rows: list[_Statement] = []
    for n, sent in enumerate(_statements(doc)):
        first, last = trimmed(sent)
        heading = any(s <= first and last <= e for s, e in headings)
        trigs = ex._triggers(sent)
        trigs += extra_triggers(sent, trigs, Trigger)
        real = [t for t in trigs if not t.attribution]
        source = next((ex._source_text(t) for t in trigs if t.attribution), None)
        built: list[tuple[Trigger, ClaimDraft]] = []
        for trig in real:
            draft = ex._build(doc, sent, trig, index, dates, parties, out, source, keep_all=True)
            if draft is not None:
                built.append((trig, draft))
        sources = (
            [e for _s, _e, e in index.within(sent.start_char, sent.end_char) if e.name in source]
            if source
            else []
        )
        speech = [
            d.actors
            for t, d in built
            if t.kind == "report" and not t.entry.get("synthetic") and d.actors
        ]
        rows.append(_Statement(n, sent, heading, built, sources, speech[0] if speech else sources))
        here = [d for _t, d in built]
        out.extend(here)
        for group in [
            *ex.parties.coordinations(sent, index),
            *(c.actors for c in here if not c.vetoes and not c.features.get("synthetic")),
        ]:
            if len(group) >= 2:
                parties.append(group)
    filed = dateline_date(index, dates)
    for i, row in enumerate(rows):
        quoted = row.sent.text.lstrip()[:1] in QUOTE_MARKS
        neighbours = [rows[j] for j in (i - 1, i + 1) if 0 <= j < len(rows)]
        for trig, draft in row.built:
            found = _reporter(draft, row.built)
            said_by = found[1].actors if found is not None else row.sources
            from_quote = False
            if not said_by and not draft.actors and quoted:
                # a quoted sentence between sentences that name its speaker ('"The trade war
                # hurts them, not us." ... Trump said'): the speaker's claim
                said_by = next(
                    (r.speakers for r in neighbours if r.speakers and _adjacent(doc, r, row)),
                    [],
                )
                from_quote = bool(said_by)
            if said_by:
                # reported speech is the speaker's claim (guideline rule 4); the parties named
                # inside it stay beside the speaker ("X said China will ...": X and China)
                draft.actors = [*said_by, *(a for a in draft.actors if a not in said_by)]
            draft.actors = with_agreement_parties(draft.actors, index)
            said = found[0] if found is not None else trig
            if draft.date is None and filed and said.kind == "report" and said.token.tag_ == "VBD":
                # "BEIJING, Aug. 3 (Xinhua) -- China said ...": a statement the story reports
                # in the past tense was made on the day the story is filed
                draft.date = filed
            draft.features = features(
                ex, doc, row.sent, trig, draft, heading=row.heading, index=row.n
            )
            if found is not None:
                draft.features["reported"] = 1.0
                draft.features[f"reporter={found[0].token.lemma_.lower()}"] = 1.0
                draft.features[f"reporter_kind={found[0].kind}"] = 1.0
            elif row.sources:
                draft.features["attributed_to_source"] = 1.0
            if from_quote:
                draft.features["quote_speaker"] = 1.0
    return out


#: How far after a dateline's place its date may start ("BEIJING, Aug. 3", "GENEVA, May 4").
DATELINE_DATE_GAP = 4


def dateline_date(index: EntityIndex, dates: list[DateSpan]) -> str | None:
    """The day a story is filed, from its dateline, if it has one with a full date value."""
    for _start, end in index.datelines[:1]:
        for d in dates:
            if 0 <= d.start - end <= DATELINE_DATE_GAP and d.granularity == "day" and d.value:
                return d.value
    return None


def _adjacent(doc: Doc, a: _Statement, b: _Statement) -> bool:
    """Whether two neighbouring statements are in the same paragraph."""
    first, second = (a, b) if a.n < b.n else (b, a)
    return same_paragraph(doc, trimmed(first.sent)[1], second.sent.start_char)


@dataclass
class _Statement:
    n: int
    sent: Span
    heading: bool
    built: list[tuple[Trigger, ClaimDraft]]
    sources: list[Entity]  # the parties an attribution names ("according to X")
    speakers: list[Entity]  # who speaks in it: a speech verb's actors, else the attribution


def with_agreement_parties(actors: list[Entity], index: EntityIndex) -> list[Entity]:
    """An agreement acting ("the USMCA provides ...") is joined by its parties, the places and
    organizations its name spells out ("United States-Mexico-Canada Agreement"): a
    provision's actors are the parties to the agreement (guideline rule 4)."""
    out = list(actors)
    for ent in actors:
        if ent.label != "AGREEMENT":
            continue
        text = " ".join([ent.name, *ent.aliases])
        for other in index.entities:
            if other.label in ("PLACE", "ORG") and other not in out:
                forms = [other.name, *other.aliases]
                if any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text) for f in forms if f):
                    out.append(other)
    return out


def _reporter(
    draft: ClaimDraft, built: list[tuple[Trigger, ClaimDraft]]
) -> tuple[Trigger, ClaimDraft] | None:
    """The lexicon trigger with actors whose content holds this candidate's trigger (the
    innermost), if any."""
    best: tuple[Trigger, ClaimDraft] | None = None
    for trig, other in built:
        if other is draft or trig.entry.get("synthetic") or not other.actors or not other.action:
            continue
        start, end = other.action
        if start <= draft.trigger[0] and draft.trigger[1] <= end:
            size = end - start
            if best is None or (best[1].action and size < best[1].action[1] - best[1].action[0]):
                best = (trig, other)
    return best


def _person(tok: Token | None) -> str:
    if tok is None:
        return "none"
    if tok.lower_ in _PERSON:
        return _PERSON[tok.lower_]
    return "3pron" if tok.pos_ == "PRON" else ("3prop" if tok.pos_ == "PROPN" else "3noun")


def features(
    ex: ClaimExtractor,
    doc: Doc,
    sent: Span,
    trig: Trigger,
    draft: ClaimDraft,
    *,
    heading: bool,
    index: int,
) -> dict[str, float]:
    """The features of one candidate (binary unless said otherwise)."""
    tok = trig.token
    f: dict[str, float] = {"bias": 1.0}

    def on(name: str) -> None:
        f[name] = 1.0

    synthetic = bool(trig.entry.get("synthetic"))
    if synthetic:
        on("synthetic")
    on(f"lex_kind={'none' if synthetic else trig.kind}")
    on(f"rule_kind={draft.kind}")
    on(f"trig={tok.lemma_.lower()}")
    on(f"trig_tag={tok.tag_}")
    on(f"trig_dep={tok.dep_}")
    if trig.entry.get("modal"):
        on(f"trig_modal={trig.entry['modal']}")
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt"):
            on(f"trig_{c.dep_}={c.lower_}")
        if c.dep_ in ("acomp", "attr", "dobj"):
            on(f"trig_{c.dep_}={c.lemma_.lower()}")
    for v in draft.vetoes:
        on(f"veto={v}")
    subj = subject(tok)
    on(f"subj_person={_person(subj)}")
    if subj is not None and subj.pos_ != "PROPN":
        on(f"subj={subj.lemma_.lower()}")
    on(f"n_actors={min(len(draft.actors), 2)}")
    for a in draft.actors:
        on(f"actor={a.label}")
    if draft.from_discourse:
        on("from_discourse")
    if draft.targets:
        on("has_targets")
    for name in ("negated", "hedged"):
        if getattr(draft, name):
            on(name)
    if draft.condition:
        on("condition")
    if draft.modality:
        on(f"modality={draft.modality}")
    if draft.quote:
        on("quote")
    if draft.source:
        on("attributed")
    if heading:
        on("heading")
    if index == 0:
        on("first_statement")
    text = doc_text(doc)
    before = text[sent.start_char : tok.idx]
    if before.count('"') % 2 or before.count("“") > before.count("”"):
        on("inside_quote")
    if draft.action is not None:
        span = doc.char_span(draft.action[0], draft.action[1], alignment_mode="expand")
        if span is not None and len(span):
            root = span.root
            on(f"cont={root.lemma_.lower()}")
            on(f"cont_tag={root.tag_}")
            for c in root.children:
                if c.dep_ in ("aux", "auxpass", "neg"):
                    on(f"cont_{c.dep_}={c.lower_}")
            on(f"cont_subj_person={_person(subject(root))}")
            for t in span:
                low = t.lower_
                if low in ex.feature_cues:
                    on(f"cue={low}")
                if low in _PERSON:
                    on(f"cont_person={_PERSON[low]}")
            if ex.kinds.evaluative(doc, draft.action):
                on("evaluative")
            f["action_len"] = min(len(span), 40) / 40
    else:
        on("no_action")
    return f
