"""People, organizations, places and agreements: candidate mentions, clean-up, typing,
alias merging and mention propagation.

Candidates come from the statistical NER, the span ruler's shape patterns (agreements) and
the alias table; rules then repair what the model gets wrong in news copy (titles glued to
names, determiners, parenthesized acronyms, headings) and group mentions into entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from ..rules.lexicons import Lexicons, norm_key
from ..rules.syntax import doc_text
from .model import Candidate, Entity, EntityIndex
from .names import (
    looks_like_name,
    merge,
    merge_abbreviations,
    merge_generic_agreements,
    merge_head_nouns,
    merge_people,
    owner,
    surnames,
)

NER_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "LAW": "AGREEMENT"}
#: Which source wins an overlap: rule and alias-table matches beat the statistical model.
PRIORITY = {"alias": 0, "rule": 1, "ner": 2}
POSSESSIVE_RE = re.compile(r"(?:'s|’s)\s+")
PAREN_ALIAS_RE = re.compile(r"\s*\((?P<short>[A-Z][A-Za-z0-9.&\-]{1,14})\)")
HEADING_MAX_WORDS = 15
#: How far before a name the words of a title are looked for ("Secretary of Economy").
TITLE_WINDOW_CHARS = 60
# A heading or headline: a line without sentence-final punctuation, or an all-caps wire line.
_SENTENCE_END = (".", "!", "?", '"', "”", ":", ";", ",")


def heading_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of headline and section-heading lines: a line standing alone (the
    start of the text, a blank line or a finished sentence before it; a blank line, an
    indented paragraph or the end after it) that does not end a sentence, or an all-caps
    wire headline. Wrapped wire lines, which run on into the next line, are body text."""
    lines = text.splitlines(keepends=True)
    ranges = []
    pos = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped:
            prev = lines[i - 1].strip() if i else ""
            before_ok = not prev or prev.endswith((".", "!", "?", '"', "”"))
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            after_ok = not nxt.strip() or nxt[:1] in (" ", "\t")
            words = stripped.split()
            upper = stripped.isupper() and len(words) >= 2
            short = len(words) <= HEADING_MAX_WORDS and not stripped.endswith(_SENTENCE_END)
            if upper or (before_ok and after_ok and short):
                start = pos + line.index(stripped[0])
                ranges.append((start, start + len(stripped)))
        pos += len(line)
    return ranges


def _overlaps(s: int, e: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s < re_ and e > rs for rs, re_ in ranges)


class EntityExtractor:
    """Builds the :class:`EntityIndex` of a document from its NER and rule spans."""

    def __init__(self, lex: Lexicons, rules_key: str) -> None:
        self.lex = lex
        self.rules_key = rules_key
        self.countries = frozenset(lex.place_aliases.values())
        filters = lex.raw["filters"]
        self.generic_agreement_words = frozenset(filters["generic_agreement_words"])
        self.credit_tags = frozenset(filters["credit_tags"])
        self.agreement_acronyms = frozenset(filters["agreement_acronyms"])
        self.family_first = frozenset(filters["family_name_first"])
        heads = "|".join(map(re.escape, filters["institution_heads"]))
        self.institution_re = re.compile(rf"(?:{heads})\s+of\s+[A-Z]")
        tails = "|".join(map(re.escape, filters["place_generic_tails"]))
        self.place_tail_re = re.compile(rf"\s+(?:{tails})$")
        heads = "|".join(map(re.escape, filters["agreement_heads"]))
        self.agreement_head_re = re.compile(rf"\b(?:{heads})\b")
        org_heads = "|".join(map(re.escape, filters["org_heads"]))
        self.org_head_words = frozenset(filters["org_heads"])
        self.wrapped_org_head_re = re.compile(rf"\n(?:{org_heads})\b")
        suffixes = "|".join(map(re.escape, filters["corporate_suffixes"]))
        self.corporate_suffix_re = re.compile(rf"(?:\s*\([A-Z][\w.]*\))?\s+(?:{suffixes})\b\.?")
        months = "|".join(sorted(lex.temporal["months"], key=len, reverse=True))
        self.dateline_re = re.compile(
            rf"(?m)^[ \t]*(?P<place>[A-Z][A-Z.'\-]*(?:[ ][A-Z][A-Z.'\-]*){{0,3}}),[ \t]+"
            rf"(?:[A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*){{0,2}},[ \t]+)?"
            rf"(?:(?i:{months}))\.?[ \t]+\d{{1,2}}\b"
        )
        heads = "|".join(sorted(map(re.escape, filters["org_title_heads"]), key=len, reverse=True))
        self.org_title_name_re = re.compile(
            rf"\s(?P<title>(?i:{heads}))\s+(?P<name>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){{0,3}})$"
        )
        self.org_title_end_re = re.compile(rf"\s+(?:{heads})$")
        forms = sorted(lex.alias_to_name, key=len, reverse=True)
        self.alias_re = re.compile(
            r"(?<![\w\-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w\-])"
        )

    # -- candidates -----------------------------------------------------------------------

    def candidates(self, doc: Doc) -> list[Candidate]:
        text = doc_text(doc)
        cands: list[Candidate] = []
        for ent in doc.ents:
            label = NER_LABELS.get(ent.label_)
            if label:
                cands.append(Candidate(ent.start_char, ent.end_char, label, "ner"))
        for span in doc.spans.get(self.rules_key, []):
            if span.label_ in ("AGREEMENT", "ORG"):
                cands.append(Candidate(span.start_char, span.end_char, span.label_, "rule"))
        for m in self.dateline_re.finditer(text):
            # wire datelines: "    TAIPEI, March 2 - ..." names the place the story is filed from
            cands.append(Candidate(m.start("place"), m.end("place"), "PLACE", "rule"))
        for m in self.alias_re.finditer(text):
            label, _ = self.lex.alias_to_name[m.group()]
            cands.append(Candidate(m.start(), m.end(), label, "alias"))
        out: list[Candidate] = []
        for cand in cands:
            out.extend(self._clean(text, cand))
        return out

    def _clean(self, text: str, cand: Candidate) -> list[Candidate]:
        """Strip determiners, possessives and punctuation; split 'Long Form (ACR'."""
        s, e = cand.start, cand.end
        piece = text[s:e]
        # never across a paragraph break (headlines glue to the next paragraph); a soft line
        # wrap inside a name ("National Press\nClub") is kept
        brk = re.search(r"\n\s*\n|\n[ \t]+", piece)
        if brk:
            e = s + brk.start()
        if cand.label == "ORG":
            wrapped = self.wrapped_org_head_re.match(text, e)
            if wrapped:  # "National Press" + "\nClub": a name wrapped onto the next line
                e = wrapped.end()
            suffix = self.corporate_suffix_re.match(text, e)
            if suffix:  # "S.G. Warburg" + " (USA) Inc"
                e = suffix.end()
        if cand.label == "ORG" and (m := self.org_title_name_re.search(text, s, e)):
            # "House Ways and Means Committee Chairman Dan Rostenkowski" tagged as one
            # organization: the organization, then the person its title introduces; the
            # model may stop inside the name ("... Chairman Lloyd" + " Bentsen")
            rest = re.match(r"(?:[ \t]+[A-Z][a-z][\w'\-]*){1,2}", text[m.end("name") :])
            end = m.end("name") + (rest.end() if rest else 0)
            name = text[m.start("name") : end].split()
            if len(name) >= 2 and name[-1] not in self.org_head_words:
                org = self._clean(text, Candidate(s, m.start("title"), "ORG", cand.source))
                return [*org, Candidate(m.start("name"), end, "PERSON", cand.source)]
        if cand.label == "ORG" and (t := self.org_title_end_re.search(text, s, e)):
            e = t.start()  # "Senate Finance Committee Chairman": the committee
        poss = POSSESSIVE_RE.search(text, s, e) if cand.label == "ORG" else None
        if poss is not None and poss.end() < e and text[poss.end()].isupper():
            # "China's Ministry of Commerce", "the State Council's Development Research
            # Center": the owner and the organization are two mentions
            owner_label = "PLACE" if text[s : poss.start()] in self.countries else "ORG"
            return [
                *self._clean(text, Candidate(s, poss.start(), owner_label, cand.source)),
                *self._clean(text, Candidate(poss.end(), e, "ORG", cand.source)),
            ]
        parts: list[tuple[int, int]] = []
        paren = text.find("(", s, e)
        # only a trailing parenthesis defines an alias: "S.G. Warburg (USA) Inc" stays whole
        if paren != -1 and ")" not in text[paren:e].rstrip(")") and text[paren:e].count("(") == 1:
            parts.append((s, paren))
            parts.append((paren + 1, e))
        else:
            parts.append((s, e))
        out = []
        for ps, pe in parts:
            ps, pe = self._trim(text, ps, pe)
            if pe - ps >= 2:
                out.append(Candidate(ps, pe, cand.label, cand.source))
        return out

    def _trim(self, text: str, s: int, e: int) -> tuple[int, int]:
        changed = True
        while changed and s < e:
            changed = False
            for prefix in self.lex.strip_prefixes:
                if text.startswith(prefix + " ", s) or text.startswith(prefix + "\xa0", s):
                    s += len(prefix) + 1
                    changed = True
            while s < e and (text[s].isspace() or text[s] in "\"“”'‘(,;:-—"):
                s += 1
                changed = True
        while s < e and (text[e - 1].isspace() or text[e - 1] in '"“”)(,;:-—'):
            e -= 1
        while True:
            m = re.search(r"\s+(?:and|of|the|for|&)$", text[s:e])
            if not m:
                break
            e = s + m.start()
        for poss in ("'s", "’s"):
            if text.endswith(poss, s, e):
                e -= len(poss)
        if text.endswith("'", s, e) or text.endswith("’", s, e):
            e -= 1
        # a trailing period is part of "U.S." or "Inc." but not of a sentence
        if (
            e - s > 1
            and text[e - 1] == "."
            and not re.search(r"(?:\b[A-Z]\.|Inc\.|Co\.|Corp\.|Ltd\.)$", text[s:e])
        ):
            e -= 1
        return s, e

    # -- typing ---------------------------------------------------------------------------

    def _retype(self, text: str, cand: Candidate) -> Candidate | None:
        """Fix a candidate's type or reject it; None drops it."""
        lex = self.lex
        surface = text[cand.start : cand.end]
        words = surface.split()
        if surface in lex.degrees or (not surface[0].isupper() and not surface[0].isdigit()):
            return None
        if "/" in surface and any(p.strip() in self.credit_tags for p in surface.split("/")):
            return None  # "Xinhua/Li Xin", "Photo/IC": a credit, not an entity
        if surface in self.agreement_acronyms or re.fullmatch(r"[A-Z][A-Za-z]*FTA", surface):
            return Candidate(cand.start, cand.end, "AGREEMENT", cand.source)
        if surface in lex.alias_to_name:
            return Candidate(cand.start, cand.end, lex.alias_to_name[surface][0], cand.source)
        if cand.label == "PLACE":
            if self.institution_re.match(surface):  # "Port of Long Beach": an institution
                return Candidate(cand.start, cand.end, "ORG", cand.source)
            tail = self.place_tail_re.search(surface)
            if tail and tail.start() > 0:  # "the Asia-Pacific region": the name is the place
                cand = Candidate(cand.start, cand.start + tail.start(), "PLACE", cand.source)
                surface = text[cand.start : cand.end]
                words = surface.split()
        if (
            surface in lex.place_aliases or surface in self.countries
        ) and cand.label != "AGREEMENT":
            return Candidate(cand.start, cand.end, "PLACE", cand.source)
        if surface in lex.demonyms:
            return None
        if cand.label == "PERSON":
            if any(w in lex.person_blocklist for w in words) or any(c.isdigit() for c in surface):
                return None
            if len(words) == 1 and surface.isupper():
                return None
        elif cand.label == "ORG":
            # "Prime Minister Nakasone" tagged ORG: a short name right after a title is a person
            before = text[max(0, cand.start - TITLE_WINDOW_CHARS) : cand.start]
            title = lex.title_before_re.search(before)
            if (
                len(words) <= 3
                and looks_like_name(surface)
                and title
                and title.group("title")[0].isupper()
            ):
                return Candidate(cand.start, cand.end, "PERSON", cand.source)
            # "told Reuters Taiwan would": a known name run together with a place
            known = next(
                (
                    f
                    for f in (" ".join(words[:i]) for i in range(len(words) - 1, 0, -1))
                    if f in lex.alias_to_name
                ),
                None,
            )
            if known and cand.source == "ner":
                rest = surface[len(known) :].strip()
                if rest in self.countries or rest in lex.place_aliases:
                    return Candidate(cand.start, cand.start + len(known), "ORG", "alias")
            head = re.split(r"\s+(?:of|for|on)\s+", surface, maxsplit=1)[0].split()[-1].lower()
            if head in lex.non_org_heads or surface in lex.known_titles:
                return None
            if self._follows_title_head(text, cand.start) and surface in lex.portfolios:
                return None
        elif cand.label == "AGREEMENT":
            if cand.source == "ner" and not self.agreement_head_re.search(surface):
                return None
            content = [
                w
                for w in re.split(r"[\s\-]+", surface)
                if w.lower() not in self.generic_agreement_words
            ]
            if not content:
                return None
        return cand

    def _follows_title_head(self, text: str, start: int) -> bool:
        before = text[max(0, start - TITLE_WINDOW_CHARS) : start]
        m = re.search(r"(\w[\w.\-]*)\s+(?:of|for)\s+(?:the\s+)?$", before)
        return bool(m and m.group(1).lower() in self.lex.title_heads)

    def _split_title(self, text: str, cand: Candidate) -> Candidate:
        """'Economy Marcelo Ebrard' after 'Secretary of' -> the person 'Marcelo Ebrard';
        'Ambassador Jamieson Greer' -> 'Jamieson Greer'."""
        if cand.label not in ("PERSON", "ORG") or cand.source != "ner":
            return cand
        surface = text[cand.start : cand.end]
        if self._follows_title_head(text, cand.start):
            for port in self.lex.portfolios:
                if surface.startswith(port + " "):
                    rest = cand.start + len(port) + 1
                    if looks_like_name(text[rest : cand.end]):
                        return Candidate(rest, cand.end, "PERSON", cand.source)
        words = surface.split(" ")
        lead = 0
        while lead < len(words) - 1 and (
            words[lead].lower() in self.lex.title_words or words[lead] in self.lex.honorifics
        ):
            lead += 1
        stripped = words[:lead]
        has_head = any(
            w.lower() in self.lex.title_heads or w in self.lex.honorifics for w in stripped
        )
        name_words = words[lead:]
        if (
            has_head
            and looks_like_name(" ".join(name_words))
            and name_words[0].lower() not in self.lex.title_words
        ):
            offset = len(" ".join(words[:lead])) + 1
            return Candidate(cand.start + offset, cand.end, "PERSON", cand.source)
        return cand

    # -- assembly -------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> EntityIndex:
        text = doc_text(doc)
        headings = heading_ranges(text)
        cands = []
        for cand in self.candidates(doc):
            # In headings the model's organizations are mostly headline fragments ("Mexico
            # Report Progress in ..."), and in all-caps wire lines its people too; places
            # stay. Known forms are propagated into headings afterwards.
            heading = next((h for h in headings if h[0] <= cand.start and cand.end <= h[1]), None)
            if heading is not None and cand.source in ("ner", "rule"):
                upper = text[heading[0] : heading[1]].isupper()
                keep = ("PLACE",) if upper else ("PLACE", "PERSON")
                if cand.label not in keep:
                    continue
            fixed = self._retype(text, self._split_title(text, cand))
            if fixed:
                cands.append(fixed)
        accepted = self._resolve(cands, text)
        entities = self._group(text, accepted)
        self._propagate(text, entities)
        _renumber(entities)
        for ent in entities:
            table = self.lex.place_codes if ent.label == "PLACE" else self.lex.wikidata
            ent.code = table.get(ent.name)
        datelines = [m.span("place") for m in self.dateline_re.finditer(text)]
        return EntityIndex(entities, datelines=datelines)

    def _resolve(self, cands: list[Candidate], text: str) -> list[Candidate]:
        """Keep non-overlapping candidates, best source and longest first. Places may sit
        inside an agreement's formal title ('Agreement between the United States ...')."""
        order = sorted(cands, key=lambda c: (-(c.end - c.start), PRIORITY[c.source], c.start))
        accepted: list[Candidate] = []
        for cand in order:
            clash = [a for a in accepted if cand.start < a.end and cand.end > a.start]
            if not clash:
                accepted.append(cand)
                continue
            if cand.label == "PLACE" and all(
                a.label == "AGREEMENT" and " between " in text[a.start : a.end] for a in clash
            ):
                accepted.append(cand)
        return sorted(accepted, key=lambda c: c.start)

    def _group(self, text: str, cands: list[Candidate]) -> list[Entity]:
        lex = self.lex
        groups: dict[tuple[str, str], Entity] = {}
        alias_links: list[tuple[Candidate, Candidate]] = []
        for cand in cands:
            m = PAREN_ALIAS_RE.match(text, cand.end)
            if m:
                short = next((c for c in cands if c.start == m.start("short")), None)
                if short is not None and short.label in (cand.label, "ORG", "AGREEMENT"):
                    alias_links.append((cand, short))
        for cand in cands:
            # a name wrapped across a line ("European\nElectrical ...") is one name
            surface = " ".join(text[cand.start : cand.end].split())
            known = lex.alias_to_name.get(surface)
            if known is None and cand.label == "AGREEMENT":
                known = lex.name_key_to_name.get(norm_key(surface))
            label = cand.label
            if known and label in ("ORG", "AGREEMENT"):
                label, name = known
            elif label == "PLACE":
                name = lex.canonical_place(surface)
                if name == surface and surface.isupper() and len(surface) > 4:
                    name = surface.title()  # wire datelines: "WASHINGTON"
            elif label == "PERSON":
                name = surface
            else:
                name = surface
            key = (label, norm_key(name) if label != "PERSON" else name)
            ent = groups.get(key)
            if ent is None:
                ent = groups[key] = Entity("", label, name, known=bool(known))
            ent.mentions.append((cand.start, cand.end))
            if surface != name:
                ent.aliases.add(surface)
        entities = list(groups.values())
        for long, short in alias_links:
            merge(entities, owner(entities, long), owner(entities, short))
        for ent in [e for e in entities if e.label == "ORG" and " " not in e.name]:
            person = next(
                (
                    p
                    for p in entities
                    if p.label == "PERSON" and ent.name in surnames(p.name, self.family_first)
                ),
                None,
            )
            if person is not None:
                person.mentions.extend(ent.mentions)
                entities.remove(ent)
        merge_people(entities, self.family_first)
        merge_generic_agreements(entities, self.agreement_acronyms)
        merge_abbreviations(text, entities)
        merge_head_nouns(entities)
        return entities

    def _propagate(self, text: str, entities: list[Entity]) -> None:
        """Find further mentions of known forms: heading words, surnames, acronyms the model
        missed, and the parts of hyphenated compounds ('U.S.-USMCA goods trade')."""
        taken = [m for ent in entities for m in ent.mentions]
        forms: dict[str, Entity] = {}
        for ent in entities:
            surfaces = {text[s:e] for s, e in ent.mentions} | ent.aliases
            if ent.label == "PLACE":
                surfaces |= {a for a, n in self.lex.place_aliases.items() if n == ent.name}
            if ent.label == "PERSON":
                surfaces |= {s for s in surnames(ent.name, self.family_first) if len(s) > 2}
            for surface in surfaces:
                if len(surface) >= 2 and surface[0].isupper():
                    forms.setdefault(surface, ent)
                    # wire capitals: "TAIWAN" in the headline, "ROSTENKOWSKI"
                    if ent.label in ("PLACE", "PERSON") and len(surface) >= 4:
                        forms.setdefault(surface.upper(), ent)
        if not forms:
            return
        pattern = re.compile(
            r"(?<![\w\-])(?:"
            + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            + r")(?![\w])"
        )
        for m in pattern.finditer(text):
            s, e = m.span()
            # hyphen after the form: only a compound of known forms ("U.S.-USMCA")
            if e < len(text) and text[e] == "-" and not self._compound_of_forms(text, s, forms):
                continue
            if not _overlaps(s, e, taken):
                forms[m.group()].mentions.append((s, e))
                taken.append((s, e))
        for m in re.finditer(r"(?<![\w\-])[A-Z][\w.]*(?:-[A-Z][\w.]*)+", text):
            # inside a longer name ("U.S.-Mexico-Canada Agreement") the parts are not mentions
            if any(s < m.start() or e > m.end() for s, e in taken if _overlaps(s, e, [m.span()])):
                continue
            pos = m.start()
            for part in m.group().split("-"):
                if part in forms and not _overlaps(pos, pos + len(part), taken):
                    forms[part].mentions.append((pos, pos + len(part)))
                    taken.append((pos, pos + len(part)))
                pos += len(part) + 1

    @staticmethod
    def _compound_of_forms(text: str, start: int, forms: dict[str, Entity]) -> bool:
        m = re.match(r"[\w.]+(?:-[\w.]+)+", text[start:])
        return bool(m) and all(p in forms for p in m.group().split("-")) if m else False


def _renumber(entities: list[Entity]) -> None:
    prefix = {"PERSON": "P", "ORG": "O", "PLACE": "L", "AGREEMENT": "A"}
    counters: dict[str, int] = {}
    for ent in sorted(entities, key=lambda x: min(x.mentions)):
        counters[ent.label] = counters.get(ent.label, 0) + 1
        ent.id = f"{prefix[ent.label]}{counters[ent.label]}"
        ent.mentions = sorted(set(ent.mentions))
        # canonical name: the longest proper form seen, unless the alias table names it
        if not ent.known and ent.label in ("ORG", "AGREEMENT", "PERSON"):
            forms = {text_form for text_form in [ent.name, *ent.aliases] if text_form}
            longest = max(forms, key=len)
            if longest != ent.name:
                ent.aliases.add(ent.name)
                ent.name = longest
                ent.aliases.discard(longest)
