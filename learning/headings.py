"""What an item is called, in one place: its own heading where the source gives one, otherwise
its first words (LearningItem.heading), and how a card splits its wording into a heading and
the rest so that no words are shown twice (`card_parts`).

Only the source's own words are used: a heading made from the text is its first words, cut at a
word boundary and marked with "…" when cut, never reworded.
"""

import re

from learning import markup

HEADING_WORDS = 10  # about ten words: enough to tell items apart in a tab list or a bookmark
# A first sentence up to this long is a card's whole link, the rest of the text below it; a
# longer one is cut after CARD_CUT_WORDS.
CARD_LEAD_WORDS = 30
CARD_CUT_WORDS = 20
ELLIPSIS = "…"
NBSP = "\u00a0"
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_PARAGRAPH_END = re.compile(r"\n\s*\n|\n\s*(?:- |• )")
_TRAILING = ",;:–—-"


def _one_line(text):
    """Stored text as one plain line: emphasis markers and bullets gone, spaces collapsed."""
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line[2:] if line.startswith(markup.BULLETS) else line for line in lines]
    return " ".join(markup.strip_markers(" ".join(line for line in lines if line)).split())


def first_words(text, limit=HEADING_WORDS):
    """A heading from stored text: its first sentence when that is short (up to `limit` words and
    a couple more), without the full stop; otherwise its first `limit` words, cut at a word
    boundary, and "…" (kept on the same line as the last word)."""
    line = _one_line(text)
    sentence = _SENTENCE_END.split(line, maxsplit=1)[0]
    if len(sentence.split()) <= limit + 2:
        return sentence.rstrip(".;:, ") or sentence
    words = line.split()
    return " ".join(words[:limit]).rstrip(_TRAILING + " ") + NBSP + ELLIPSIS


def heading(title, text, limit=HEADING_WORDS):
    """An item's heading: its own title, or its text's first words."""
    own = _one_line(title)
    return own or first_words(text, limit)


def card_parts(text, limit=CARD_LEAD_WORDS, cut_at=CARD_CUT_WORDS):
    """(lead, rest) for a card with no title of its own, so that its words are shown once: the
    lead (plain, the card's link) is the text's first sentence up to `limit` words, or the first
    `cut_at` words and "…" of a longer one; `rest` is the stored text after it, shown below the
    link ("" when the lead is all of it; starting "…" where the lead cut a sentence). None where
    the text starts with a list, or the cut would split emphasis: the card then shows `heading`
    and the text whole."""
    stored = (text or "").strip()
    if not stored or stored.startswith(markup.BULLETS):
        return None
    paragraph = _PARAGRAPH_END.split(stored, maxsplit=1)[0]  # up to a blank line or a bullet
    sentence = _SENTENCE_END.split(paragraph, maxsplit=1)[0]
    words = list(re.finditer(r"\S+", sentence))
    if len(words) <= limit:
        lead, cut = sentence, False
    else:
        lead, cut = sentence[: words[cut_at - 1].end()], True
    if lead.count("*") % 2:  # the cut falls inside emphasis
        return None
    rest = stored[len(lead) :].strip()
    lead = " ".join(markup.strip_markers(lead).split())
    if cut:
        return lead.rstrip(_TRAILING + " ") + NBSP + ELLIPSIS, ELLIPSIS + " " + rest
    return lead, rest
