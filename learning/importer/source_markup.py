"""The markup an extraction leaves in source text, tidied away before the wording is kept.

Pasted and converted briefings carry markdown links "[words](#)", autolinks "<http://...>", HTML
tags, entities, backslash escapes and bold markers ("**bold**", "__bold__", a stray "**");
`clean_inline` keeps the words and drops the rest. A source's bold is mostly layout (a lead-in,
a name set off) and a stray "**" is extraction noise that shows as stars on the page, so the
imported wording has neither; staff add bold in the admin where a point needs it. Italic
(`*words*`) is kept, because stored text marks emphasis that way (learning/markup.py reads
it there, for a title such as *Don't Shake your Baby*). The
helpers here look past the markers where the parser needs to see how a line starts or ends, or
whether it is all bold, before the wording is cleaned.

This is source tidying, not the reading of stored text, so it does not use learning/markup.py:
its bold and italic rules are for finished wording, while these follow what extraction produces.
"""

import html
import re

# Around emphasised source text, with spaces: skipped when looking at how a line starts or ends.
EMPHASIS_EDGE = "*_ "

_LINK_RE = re.compile(r"\[(?P<words>[^\[\]\n]*)\]\((?P<url>[^()\s]*)\)")
_AUTOLINK_RE = re.compile(r"<(?P<url>(?:https?://|mailto:|www\.)[^<>\s]+)>")
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_SPACES_RE = re.compile(r"[ \t]+")
_ALL_BOLD_RE = re.compile(r"\*\*[^*]+\*\*")
_UNDERSCORE_BOLD_RE = re.compile(r"(?<![\w_])__(?=[^\s_])(?P<words>[^_\n]+?)(?<=[^\s_])__(?![\w_])")


def clean_inline(text: str) -> str:
    """Remove extraction markup from a line, keeping the words: links, autolinks, HTML tags, bold
    markers, escapes (an escaped "\\*" stays a star)."""
    if not text:
        return ""
    text = _LINK_RE.sub(_link_words, text)
    text = _AUTOLINK_RE.sub(lambda match: match.group("url").removeprefix("mailto:"), text)
    text = _TAG_RE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = without_bold(text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return _SPACES_RE.sub(" ", text).strip()


def without_bold(text: str) -> str:
    """The text without bold markers: "**words**" and "__words__" keep their words, a stray
    "**" goes. Single stars (italic) and escaped stars stay."""
    text = _UNDERSCORE_BOLD_RE.sub(lambda match: match.group("words"), text)
    return re.sub(r"(?<!\\)\*\*", "", text)


def _link_words(match) -> str:
    """ "[words](#)" -> "words"; a link with a real address keeps the address after the words."""
    words, url = match.group("words").strip(), match.group("url").strip()
    bare = re.sub(r"^(?:https?://|mailto:)", "", url).rstrip("/")
    if not url or url.startswith("#") or bare == words.rstrip("/") or not words:
        return words or url
    return f"{words} ({url})"


def without_emphasis(text: str) -> str:
    """The text without "**" anywhere or emphasis around it, as a heading is shown ("**Good practice**")."""
    return text.replace("**", "").strip().strip("*_").strip()


def strip_wrapping_bold(rest: str, opened_bold: bool) -> str:
    """Drop the closing "**" of a line wrapped in bold before its marker ("**3.4 Text**")."""
    if opened_bold and rest.endswith("**"):
        return rest[:-2].rstrip()
    return rest


def is_all_bold(text: str) -> bool:
    """True for text that is one bold stretch ("**Neglect**"), as reports write a sub-heading."""
    return bool(_ALL_BOLD_RE.fullmatch(text))
