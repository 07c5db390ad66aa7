"""YAML front matter: the ``---`` block at the top of a text or Markdown file that static-site
generators and pandoc read (``source:``, ``published:``, ``title:``, ...).

The block is metadata, not article text: the article is everything after the closing ``---``
(or ``...``) line and the blank line that follows it, and every offset counts from there.

Only the flat ``key: value`` form is read (plain, single- or double-quoted scalars; ``#``
comments), which is what news scrapers write; it is parsed here rather than by a YAML
library so that a date stays the string it was written as and nothing in the block can
build objects. Lines that are not top-level ``key: value`` pairs (list items, nested
mappings, continuation lines) are skipped. A ``---`` first line without that shape (a
horizontal rule, a separator line) is not front matter and stays in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A front-matter block is looked for in this many leading characters only.
MAX_FRONT_MATTER_CHARS = 16_384
#: Keys naming the publication date, the headline and the original location, in order of
#: preference; every other key is kept as it is in ``FrontMatter.extra``.
PUBLISHED_KEYS = ("published", "date", "pubdate", "publication_date")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "source", "link")

_OPEN_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)
_PAIR_RE = re.compile(r"^([A-Za-z_][\w\-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_BLANK_RE = re.compile(r"[ \t]*(?:\r?\n|\Z)")


@dataclass
class FrontMatter:
    """The fields of a front-matter block and where the article body starts."""

    fields: dict[str, str] = field(default_factory=dict)
    #: Offset (code points) of the first character of the body in the file's text.
    offset: int = 0

    def first(self, keys: tuple[str, ...]) -> str | None:
        return next((self.fields[k] for k in keys if self.fields.get(k)), None)

    @property
    def published(self) -> str | None:
        return self.first(PUBLISHED_KEYS)

    @property
    def title(self) -> str | None:
        return self.first(TITLE_KEYS)

    @property
    def url(self) -> str | None:
        return self.first(URL_KEYS)

    @property
    def extra(self) -> dict[str, str]:
        """The keys that are not the date, the title or the URL."""
        known = {*PUBLISHED_KEYS, *TITLE_KEYS, *URL_KEYS}
        return {k: v for k, v in self.fields.items() if k not in known}


def _scalar(raw: str | None) -> str:
    value = (raw or "").strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"')
    return re.sub(r"\s+#.*$", "", value)  # a trailing comment


def split_front_matter(text: str) -> FrontMatter:
    """The front matter of ``text`` and the offset of its body; ``FrontMatter()`` (offset 0)
    where the text has none.

    >>> fm = split_front_matter("---\\npublished: 2014-06-07\\n---\\n\\nHeadline\\n")
    >>> fm.published, fm.offset
    ('2014-06-07', 31)
    """
    opening = _OPEN_RE.match(text)
    if opening is None:
        return FrontMatter()
    closing = _CLOSE_RE.search(text, opening.end(), MAX_FRONT_MATTER_CHARS)
    if closing is None:
        return FrontMatter()
    fields: dict[str, str] = {}
    for line in text[opening.end() : closing.start()].splitlines():
        if not line.strip() or line.lstrip().startswith("#") or line[0] in " \t-":
            continue  # blank, comment, nested or list line
        pair = _PAIR_RE.match(line)
        if pair is None:
            return FrontMatter()  # prose between two rules: not front matter
        fields[pair.group(1).lower()] = _scalar(pair.group(2))
    if not fields:
        return FrontMatter()
    offset = closing.end()
    blank = _BLANK_RE.match(text, offset)
    if blank is not None and blank.end() > offset and offset < len(text):
        offset = blank.end()
    return FrontMatter(fields, offset)
