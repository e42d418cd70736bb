"""What a line means when it reads as a heading: its title, the kind of item it introduces, and
whether it starts a numbered section (which ends the kind set before it).

Text in, meaning out: the parser's blocks (learning/importer/blocks.py) apply the meaning, so the
rules for recognising a heading can be read, and changed, in one place.
"""

import re
from dataclasses import dataclass

from learning.importer.source_markup import EMPHASIS_EDGE, clean_inline, without_emphasis
from learning.models import Kind

_SECTION_RE = re.compile(r"(?:(?:section|part|chapter)\s+)?(?P<number>\d{1,2})\.?\s+(?P<title>\S.*)$", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"(?:appendix|annex|appendices)\b", re.IGNORECASE)

_KIND_HEADINGS = [
    (Kind.KEY_MESSAGE, r"key points to remember|key messages?|messages for (?:practice|practitioners)"),
    (Kind.GOOD_PRACTICE, r"(?:examples of )?good practice|what went well"),
    (Kind.WHAT_HAS_CHANGED, r"what has changed|what's changed|what have we changed|changes to practice"),
    (Kind.RECOMMENDATION, r"recommendations?"),
    (Kind.RESEARCH_FINDING, r"what (?:the )?research (?:tells us|says|shows)|research(?: findings?)?"),
    (Kind.NATIONAL_FINDING, r"national findings?"),
    (Kind.GUIDANCE, r"guidance|further guidance|useful (?:links|resources)"),
    (
        Kind.KEY_LEARNING,
        r"key learning|(?:the )?key points|learning points|lessons learn(?:ed|t)"
        r"|learning for (?:practice|practitioners|professionals)|what (?:we|has been) learn(?:ed|t)",
    ),
]
_KIND_HEADING_RES = [(kind, re.compile(rf"(?:{pattern})\b", re.IGNORECASE)) for kind, pattern in _KIND_HEADINGS]


@dataclass(frozen=True)
class Heading:
    """What a heading says about the text under it."""

    title: str
    kind: str | None = None  # the Kind it sets, if any
    resets: bool = False  # a section or appendix heading, which ends the kind set before it
    section: str = ""  # the section number a section heading gives


def read_heading(text: str, explicit: bool, numbered_only: bool = False) -> Heading | None:
    """The Heading `text` reads as, or None (explicit: it is marked as one, by "#" or bold).

    numbered_only: only a numbered section heading counts, for a lone numbered line that would
    otherwise be a one-point list.
    """
    title = heading_title(text)
    if not explicit and text.rstrip(EMPHASIS_EDGE).endswith(":") and kind_of_heading(title) is None:
        return None  # a lead-in ("The review found that:"), not a heading
    section = _SECTION_RE.match(title)
    if section and (explicit or heading_shaped(section.group("title"))):
        title = section.group("title")
        return Heading(title, kind_of_heading(title), resets=True, section=section.group("number"))
    if numbered_only:
        return None
    if _APPENDIX_RE.match(title) and (explicit or heading_shaped(title)):
        return Heading(title, None, resets=True)
    kind = kind_of_heading(title)
    if kind is not None or explicit or heading_shaped(title):
        return Heading(title, kind)
    return None


def heading_title(text: str) -> str:
    """A heading as it should be shown: without markdown, emphasis or a closing colon."""
    title = without_emphasis(clean_inline(text))
    return title[:-1].rstrip() if title.endswith(":") else title


def heading_shaped(title: str) -> bool:
    """Short, starts with a capital, and does not end like a sentence or a lead-in."""
    words = title.split()
    if not words or len(words) > 12 or len(title) > 120:
        return False
    if title[-1] in ".,;:" or "://" in title or "@" in title:
        return False
    first = title[0]
    return first.isalpha() and first.isupper() and sum(char.isalpha() for char in title) >= 3


def kind_of_heading(title: str):
    """The Kind a heading introduces ("Good practice" -> good_practice), or None."""
    words = title.split()
    if not words or len(words) > 12 or len(title) > 120:
        return None
    if (title.endswith(".") and len(words) > 4) or ". " in title:
        return None
    for kind, pattern in _KIND_HEADING_RES:
        if pattern.match(title):
            return kind
    return None
