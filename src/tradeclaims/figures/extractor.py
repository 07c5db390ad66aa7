"""Money figures, percentages and quantities: exact values, qualifiers, what each figure
measures (from the syntax around it) and which figure it is a part of."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc, Span, Token

from ..rules.lexicons import Lexicons
from ..rules.syntax import doc_text

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: Parts whose sum is within this fraction of a figure are taken as its components
#: ("$683.94 billion in exports" + "$917.41 billion" of imports = "$1.601 trillion" trade).
SUM_TOLERANCE = Decimal("0.005")
#: How many following sentences may hold the components of a total.
SUM_WINDOW_SENTENCES = 3
MEASURE_MAX_CHARS = 90
#: A figure modifies a noun at most this many tokens after it ("7.1 billion dlrs trade surplus").
MODIFIED_NOUN_MAX_TOKENS = 4
#: The longest qualifier ("in excess of", "upwards of") fits in this many characters.
QUALIFIER_WINDOW_CHARS = 20
_MEASURE_CUT_RE = re.compile(
    r"\s*(?:[,;(\u2014]|\s-\s|\binclude\b|\bincludes\b|\bwas\b|\bwere\b|\bis\b|\bare\b).*$", re.S
)
_BEFORE_PREP_RE = re.compile(r"\s+(?:at|of|totaling|totalling|worth|valued at)\s+$")
# a price's unit: "18 dlrs a barrel", "$2.50 per bushel" ("a year" makes a yearly rate)
_PER_UNIT_RE = re.compile(
    r"\s+(?:a|an|per)\s+(?P<unit>[a-z]+(?:\s+ton(?:ne)?s?)?)\b(?!\s+of)", re.I
)
_MODIFIER_DEPS = ("nummod", "compound", "quantmod", "amod", "nmod")
_MEASURE_PREPS = ("with", "to", "from", "against", "on", "for")
_LEAD_JUNK_RE = re.compile(r"^[\s,;]*(?:(?:and|or)\s+)?(?:(?:the|a|an)\s+)?", re.I)


@dataclass
class Figure:
    start: int
    end: int
    text: str
    value: Decimal
    qualifier: str | None
    kind: str  # money | percent | quantity
    currency: str | None = None
    value_max: Decimal | None = None
    measure: str | None = None
    unit: str | None = None
    id: str = ""
    part_of: str | None = None
    flags: list[str] = field(default_factory=list)
    in_parens: bool = False
    per: str | None = None


def parse_number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


class FigureExtractor:
    """Finds money amounts, percentages and quantities in a document."""

    def __init__(self, lex: Lexicons) -> None:
        self.lex = lex
        intros = "|".join(map(re.escape, lex.raw["currencies"]["breakdown_intros"]))
        # what introduces a total's parts ("include", "such as") or a colon
        self.list_intro_re = re.compile(rf"\b(?:{intros})\b|:", re.I)
        self.opposing = [tuple(pair) for pair in lex.raw["currencies"]["opposing_balances"]]
        self.change_verbs = frozenset(lex.raw["currencies"]["change_verbs"])
        self.owning_verbs = frozenset(lex.raw["currencies"]["owning_verbs"])

        def alt(words: list[str]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        symbols = alt(list(lex.currency_symbols))
        codes = alt(list(lex.currency_codes))
        words = alt(list(lex.currency_words))
        long_scales = alt([s for s in lex.scales if len(s) > 2])
        short_scales = alt([s for s in lex.scales if len(s) <= 2])
        scale = rf"(?:\s*(?P<{{n}}>{long_scales})\b|(?P<{{n}}s>{short_scales})\b)"
        self.money_re = re.compile(
            rf"(?:(?P<sym>{symbols})\s?(?P<num>{NUMBER})"
            rf"(?:\s*(?:-|to|–)\s*(?:{symbols})?\s?(?P<num2>{NUMBER}))?{scale.format(n='sc')}?"
            rf"|(?P<code>{codes})\s?(?P<cnum>{NUMBER}){scale.format(n='csc')}?"
            # a bare number starts a figure only where a run of digits starts: tried inside
            # one, the search would rescan the rest of the run from every digit (quadratic)
            rf"|(?<![\w.,])(?P<wnum>{NUMBER})(?:\s*(?:-|to|–)\s*(?P<wnum2>{NUMBER}))?{scale.format(n='wsc')}?"
            rf"\s+(?P<word>{words}|{codes})\b)"
        )
        self.number_words = {
            k: int(v)
            for k, v in lex.temporal["numbers"].items()
            if v is not None and " " not in k and len(k) > 2
        }
        words_alt = alt(list(self.number_words))
        self.percent_re = re.compile(
            rf"(?<![\w.])(?P<num>{NUMBER}|{words_alt})\s?(?:%|percent\b|pct\b|per cent\b)", re.I
        )
        money_nouns = alt(lex.raw["currencies"].get("money_nouns", []))
        # "a record 7.1 billion surplus": a scaled figure before a money noun, no currency
        self.bare_money_re = re.compile(
            rf"(?<![\w.$€£¥])(?P<num>{NUMBER})\s+(?P<sc>{long_scales})\s+(?=(?:{money_nouns})\b)"
        )
        self.quantity_re = re.compile(
            rf"(?<![\w.$€£¥/\-])(?P<num>{NUMBER})(?:\s+(?P<sc>{long_scales}))?(?![\w%.,]\d|\s?%|-)",
            re.I,
        )
        quals = alt(list(lex.qualifiers))
        self.qualifier_re = re.compile(rf"(?:^|\s)(?P<q>{quals})\s+$", re.I)

    def _qualifier(self, text: str, start: int) -> str | None:
        m = self.qualifier_re.search(text[max(0, start - QUALIFIER_WINDOW_CHARS) : start])
        return self.lex.qualifiers[m.group("q").lower()] if m else None

    def _scale(self, m: re.Match[str], *names: str) -> Decimal:
        for name in names:
            if m.group(name):
                return self.lex.scales[m.group(name).lower()]
        return Decimal(1)

    def __call__(self, doc: Doc) -> tuple[list[Figure], list[Figure]]:
        """Money figures and percentages; quantities come after dates (see `quantities`)."""
        text = doc_text(doc)
        money: list[Figure] = []
        for m in self.money_re.finditer(text):
            s, e = m.span()
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] in ".,"):
                continue
            currency: str | None
            if m.group("sym"):
                currency = self.lex.currency_symbols[m.group("sym")]
                value = parse_number(m.group("num"))
                value2 = parse_number(m.group("num2")) if m.group("num2") else None
                scale = self._scale(m, "sc", "scs")
            elif m.group("code"):
                currency = self.lex.currency_codes[m.group("code")]
                value, value2 = parse_number(m.group("cnum")), None
                scale = self._scale(m, "csc", "cscs")
            else:
                word = m.group("word")
                currency = self.lex.currency_words.get(word) or self.lex.currency_codes.get(word)
                value = parse_number(m.group("wnum"))
                value2 = parse_number(m.group("wnum2")) if m.group("wnum2") else None
                scale = self._scale(m, "wsc", "wscs")
            if value is None:
                continue
            fig = Figure(
                s, e, text[s:e], value * scale, self._qualifier(text, s), "money", currency
            )
            fig.value_max = value2 * scale if value2 is not None else None
            fig.in_parens = text[:s].rstrip().endswith("(") and text[e:].lstrip().startswith(")")
            if per := _PER_UNIT_RE.match(text, e):  # "18 dlrs a barrel": a price per unit
                fig.per = per.group("unit").lower()
            money.append(fig)
        taken = [(f.start, f.end) for f in money]
        percents: list[Figure] = []
        for m in self.percent_re.finditer(text):
            s, e = m.span()
            word = m.group("num").lower()
            value = (
                Decimal(self.number_words[word])
                if word in self.number_words
                else parse_number(word)
            )
            if value is None or _overlaps(s, e, taken):
                continue
            fig = Figure(s, e, text[s:e], value, self._qualifier(text, s), "percent")
            fig.measure = self._percent_measure(doc, s, e)
            percents.append(fig)
        for m in self.bare_money_re.finditer(text):
            s, e = m.start(), m.end("sc")
            previous = [f for f in money if f.end <= s and f.currency]
            value = parse_number(m.group("num"))
            if not previous or value is None or _overlaps(s, e, [(f.start, f.end) for f in money]):
                continue
            scale = self.lex.scales[m.group("sc").lower()]
            currency = previous[-1].currency
            money.append(
                Figure(s, e, text[s:e], value * scale, self._qualifier(text, s), "money", currency)
            )
        money.sort(key=lambda f: f.start)
        for i, fig in enumerate(money, 1):
            fig.id = f"M{i}"
            fig.measure = self._money_measure(doc, fig)
        self._link_parts(doc, money)
        return money, percents

    # -- quantities ------------------------------------------------------------------------

    def quantities(self, doc: Doc, taken: list[tuple[int, int]]) -> list[Figure]:
        """Counted quantities outside the ``taken`` spans (money, percentages, dates)."""
        text = doc_text(doc)
        out = []
        for m in self.quantity_re.finditer(text):
            s, e = m.span()
            value = parse_number(m.group("num"))
            if value is None or _overlaps(s, e, taken):
                continue
            # a bare four-digit number from 1800 to 2099 is a year, not a count
            if not m.group("sc") and re.fullmatch(r"(?:18|19|20)\d\d", m.group("num")):
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            unit = self._unit(span)
            if unit is None:
                continue
            value *= self.lex.scales[m.group("sc").lower()] if m.group("sc") else 1
            fig = Figure(s, e, text[s:e], value, self._qualifier(text, s), "quantity", unit=unit)
            out.append(fig)
        return out

    @staticmethod
    def _unit(span: Span) -> str | None:
        """The noun a number counts: '520 million people' -> 'people'."""
        last = span[-1]
        head = last.head if last.dep_ in ("nummod", "compound", "quantmod") else None
        if head is None or head.pos_ not in ("NOUN", "PROPN") or head.i <= last.i:
            return None
        if head.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
            return None
        between = span.doc[last.i + 1 : head.i + 1]
        conjuncts = [c for c in head.conjuncts if c.i > head.i and c.pos_ == "NOUN"]
        if (
            conjuncts
            and head.i + 1 < len(span.doc)
            and span.doc[head.i + 1].lower_ in ("and", "or")
        ):
            # coordinated modifiers share the noun: "500 business and agricultural organizations"
            return conjuncts[0].text
        if any(t.text in (",", "and", "or", "(") for t in between):
            return head.text
        return between.text

    # -- measures ----------------------------------------------------------------------------

    def _percent_measure(self, doc: Doc, start: int, end: int) -> str | None:
        """'6.3% of the world's population' -> a share of it; 'a 25 percent tariff' -> the
        tariff; 'exports rose 5 pct' -> the change in exports."""
        text = doc_text(doc)
        m = re.match(r"\s+of\s+(?P<np>[^,;()\n]+)", text[end : end + MEASURE_MAX_CHARS + 10])
        if m:
            np = _clean_measure(m.group("np"))
            return f"share of {np}" if np else None
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        if (noun := _modified_noun(span)) is not None:
            return _clean_measure(_nominal_text(span, noun, self.owning_verbs))
        verb = span.root.head
        if span.root.dep_ in ("dobj", "npadvmod", "pobj") and verb.pos_ == "ADP":
            verb = verb.head  # "rose by 5 pct"
        if verb.lemma_.lower() in self.change_verbs:
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                np = _clean_measure(_subtree_text(subj))
                return f"change in {np}" if np else None
        return None

    def _temporal_start(self, np: str) -> bool:
        first = np.split(maxsplit=1)[0].lower().rstrip(".,") if np.split() else ""
        return first in self.lex.temporal["months"] or first.isdigit()

    def _money_measure(self, doc: Doc, fig: Figure) -> str | None:
        text = doc_text(doc)
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        if span is None:
            return None
        sent = span.sent
        if fig.in_parens:
            region = text[sent.start_char : text.rfind("(", sent.start_char, fig.start)]
            cut = max(
                region.rfind(")"),
                max((m.end() for m in self.list_intro_re.finditer(region)), default=-1),
            )
            item = region[cut + 1 :] if cut >= 0 else region
            return _clean_measure(item, cut_commas=False)
        if (noun := _modified_noun(span)) is not None:
            # "a 5.5 billion dlr deficit with Japan": the figure modifies what it measures
            return _clean_measure(_nominal_text(span, noun, self.owning_verbs))
        after = text[fig.end : sent.end_char]
        m = re.match(r"\s+(?:in|of|for|worth of)\s+(?P<np>.+)", after, re.S)
        if m and not self._temporal_start(m.group("np")):
            np = _clean_measure(m.group("np"))
            owner = _owner(span, self.owning_verbs)
            # "the three countries comprise $1.8 trillion in trade": whose trade
            if np and owner and len(np) + len(owner) + 4 <= MEASURE_MAX_CHARS:
                return f"{np} of {owner}"
            return np
        before = text[max(sent.start_char, fig.start - 2 * MEASURE_MAX_CHARS) : fig.start]
        m = _BEFORE_PREP_RE.search(before)
        if m:
            seg_start = fig.start - len(before)
            np = re.split(r"[,;()]", before[: m.start()])[-1]
            # cut at the last verb: "Germany recorded a net outflow of ..." -> "net outflow"
            np_start = seg_start + m.start() - len(np)
            seg = doc.char_span(np_start, seg_start + m.start(), alignment_mode="contract")
            if seg is not None:
                verbs = [t for t in seg if t.pos_ in ("VERB", "AUX")]
                if verbs:
                    np = doc_text(doc)[verbs[-1].idx + len(verbs[-1]) : seg.end_char]
            np = re.sub(r"^.*?\b(?:importance|value|level|total) of\s+", "", np, flags=re.I)
            return _clean_measure(np)
        root = span.root
        prep = root.head if root.dep_ == "pobj" else None
        if prep is not None and prep.lower_ in ("to", "by", "from") and prep.head.pos_ == "VERB":
            # "boosted foreign exchange reserves to 50 billion dlrs": what moved
            obj = next((c for c in prep.head.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.pos_ == "NOUN":
                return _clean_measure(_nominal_text(span, obj, self.owning_verbs))
        verb = root.head if root.dep_ in ("dobj", "pobj", "attr", "npadvmod") else None
        while verb is not None and verb.pos_ == "ADP":
            verb = verb.head if verb.head.i != verb.i else None
        if verb is not None:
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                return _clean_measure(_subtree_text(subj))
        return None

    def _link_parts(self, doc: Doc, money: list[Figure]) -> None:
        text = doc_text(doc)
        # list breakdowns: "X of $T include a ($x), b ($y)" -> parts point to the total
        for fig in money:
            if not fig.in_parens:
                continue
            span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
            if span is None:
                continue
            sent = span.sent
            totals = [
                t for t in money
                if not t.in_parens and sent.start_char <= t.start < fig.start
                and t.currency == fig.currency
            ]  # fmt: skip
            if totals and self.list_intro_re.search(text, totals[-1].end, fig.start):
                fig.part_of = totals[-1].id
        # "a 4.3 billion dlr surplus, including a 7.1 billion surplus with the U.S. and ..."
        for fig in money:
            if fig.in_parens or fig.part_of:
                continue
            span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
            if span is None:
                continue
            before = [
                t for t in money
                if span.sent.start_char <= t.start < fig.start and t.currency == fig.currency
            ]  # fmt: skip
            if not before:
                continue
            total = (
                before[-1].part_of and next((t for t in money if t.id == before[-1].part_of), None)
            ) or before[-1]
            intro = self.list_intro_re.search(text, total.end, fig.start)
            if intro and intro.group() != ":" and total.start < intro.start():
                fig.part_of = total.id
        # components that add up to an earlier figure: exports + imports = total trade
        sent_starts = [s.start_char for s in doc.sents]
        sents = {f.id: bisect_right(sent_starts, f.start) for f in money}
        for total in money:
            later = [
                f for f in money
                if f.start > total.start and f.part_of is None and not f.in_parens
                and f.currency == total.currency
                and 0 < sents[f.id] - sents[total.id] <= SUM_WINDOW_SENTENCES
                and f.value < total.value
            ]  # fmt: skip
            for i, a in enumerate(later):
                for b in later[i + 1 :]:
                    if abs(a.value + b.value - total.value) <= total.value * SUM_TOLERANCE:
                        a.part_of = b.part_of = total.id
                        break
                if a.part_of:
                    break
        for total in money:
            parts = [f for f in money if f.part_of == total.id]
            exceed = parts and sum(p.value for p in parts) > total.value * (1 + SUM_TOLERANCE)
            if exceed and not self._opposing(parts):
                total.flags.append("parts_exceed_total")

    def _opposing(self, parts: list[Figure]) -> bool:
        """Whether the parts mix measures of opposite sign (a surplus and a deficit)."""
        words = {w for p in parts for w in re.findall(r"[a-z]+", (p.measure or "").lower())}
        return any(a in words and b in words for a, b in self.opposing)


def _modified_noun(span: Span) -> Token | None:
    """The noun right after a figure that the figure modifies ("7.1 billion surplus")."""
    doc = span.doc
    after = span.end
    while after < len(doc) and doc[after].is_space:  # wire copy wraps lines anywhere
        after += 1
    if after >= len(doc) or doc[after].pos_ not in ("NOUN", "ADJ", "PROPN"):
        return None
    heads = [t.head for t in span if t.head.i >= span.end and t.dep_ in _MODIFIER_DEPS]
    nouns = [
        h for h in heads if h.pos_ in ("NOUN", "PROPN") and h.i - after <= MODIFIED_NOUN_MAX_TOKENS
    ]
    return max(nouns, key=lambda t: t.i) if nouns else None


def _nominal_text(span: Span, noun: Token, owning: frozenset[str]) -> str:
    """The noun with its modifiers after the figure and a following 'with/to/from' phrase."""
    doc = span.doc
    start = max(span.end, noun.left_edge.i) if noun.i >= span.end else noun.left_edge.i
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in _MEASURE_PREPS:
            end = child.right_edge.i + 1
            break
    text = doc[start:end].text
    # "South Korea ran a 4.3 billion dlr trade surplus": whose surplus
    subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    owned = noun.dep_ == "dobj" and noun.head.lemma_ in owning
    if owned and subj is not None and subj.pos_ == "PROPN":
        return f"{' '.join(_subtree_text(subj).split())}'s {text}"
    return text


def _owner(span: Span, owning: frozenset[str]) -> str | None:
    """The subject that owns a list of figures: 'The United States, Canada and Mexico' in
    '... comprise 520 million people, $33 trillion in GDP and $1.8 trillion in trade'."""
    token = span.root
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ != "dobj" or token.head.lemma_ not in owning:
        return None
    subj = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ != "PROPN":
        return None
    owner = " ".join(_subtree_text(subj).split())
    return "the" + owner[3:] if owner.startswith("The ") else owner


def _subtree_text(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text


def _clean_measure(np: str, *, cut_commas: bool = True) -> str | None:
    np = " ".join(np.split())
    np = _MEASURE_CUT_RE.sub("", np) if cut_commas else re.sub(r"\s*[;(].*$", "", np)
    np = _LEAD_JUNK_RE.sub("", np).strip(" .,:;)")
    if _ends_in_abbreviation(np):
        np += "."  # "with the U.S." keeps the abbreviation's last period
    if not np or len(np) > MEASURE_MAX_CHARS:
        return None
    return np


def _ends_in_abbreviation(np: str) -> bool:
    """Whether ``np`` ends in a dotted abbreviation stripped of its last period ('U.S')."""
    return re.search(r"\b(?:[A-Z]\.)+[A-Z]$", np) is not None


def _overlaps(s: int, e: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < re_ and e > rs for rs, re_ in ranges)
