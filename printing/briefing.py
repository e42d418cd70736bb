"""The 7-minute briefing for a theme, in the seven parts partnerships use, on two A4 pages at most.

Every part is filled from stored content only; nothing is summarised or reworded:

1. Background: the theme's description (the editors' plain-English text) and which
   published documents the learning comes from.
2. Why it matters: national findings (what national reviews found) and what has changed
   locally because of the reviews.
3. Key information: the key points to remember (the leaflets' key messages) and research findings.
4. Key learning: the key learning points, in their short wording where there is one.
5. What practitioners should do: recommendations for practice, then good practice.
6. Reflective questions: the questions the texts themselves ask (items, then the
   introductions of their sections), then the fixed general template, labelled as not
   coming from the reviews.
7. Further information and sources: guidance the texts name, every source with its full
   citation, and where the full themed summary lives.

To stay within two pages each part prints a few whole items, within a budget of characters,
and says how many more the full themed summary holds. An item is never cut short. A part the
theme has nothing for is left out (never a line saying so), and the parts printed are numbered
in turn; background, questions and sources are always there.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from core.models import published
from learning.models import Kind
from printing.handouts import (
    GENERAL_QUESTIONS,
    GENERAL_QUESTIONS_HEADING,
    GENERAL_QUESTIONS_NOTE,
    Entry,
    printable_items,
    questions_for,
    sources_for,
)

# (kinds, most items, most characters) for each part that prints items. An item counts its
# title, its wording and an allowance for its citation line. Checked on every seed theme and on
# long synthetic ones (tests/printing/test_briefing.py): the briefing never runs past two pages.
BUDGETS = {
    2: ((Kind.NATIONAL_FINDING, Kind.WHAT_HAS_CHANGED), 3, 650),
    3: ((Kind.KEY_MESSAGE, Kind.RESEARCH_FINDING), 3, 550),
    4: ((Kind.KEY_LEARNING,), 4, 900),
    5: ((Kind.RECOMMENDATION, Kind.GOOD_PRACTICE), 3, 650),
    7: ((Kind.GUIDANCE,), 2, 250),
}
CITATION_ALLOWANCE = 120
# The parts that share the room of a part the theme has nothing for, most useful first.
SPARE_ORDER = (4, 5, 2, 3, 7)
EXTRA_WITH_SPARE = 2
# Questions quoted in part 6: at most this many, within this many characters.
MAX_QUESTIONS = 4
QUESTION_BUDGET = 500
GENERAL_QUESTIONS_IN_BRIEFING = 3
# Items of each kind read to fill the parts and find questions (a theme may have thousands).
CANDIDATES_PER_KIND = 40
# Documents cited in full in part 7 (every printed item also cites its own document).
MAX_SOURCES = 4


@dataclass
class Part:
    number: int
    heading: str
    entries: list = field(default_factory=list)
    more: int = 0  # items of these kinds the briefing has no room for
    shown_number: int = 0  # its number as printed, once parts with nothing are left out

    ALWAYS = (1, 6, 7)  # background, reflective questions, sources: never empty

    @property
    def has_content(self):
        return self.number in self.ALWAYS or bool(self.entries) or bool(self.more)

    @property
    def note(self):
        """Says what the briefing leaves out, pointing to the full themed summary."""
        if not self.more:
            return ""
        if self.entries:
            shown = len(self.entries)
            return f"{shown} of {shown + self.more} shown here; the full themed summary has them all."
        items = f"{self.more} item{'s' if self.more != 1 else ''}"
        return f"{items}, too long for a two-page briefing, in the full themed summary."


@dataclass
class Briefing:
    theme: object
    parts: dict
    item_count: int
    questions: list
    sources: list  # the documents of what is printed, with full citations
    all_source_count: int = 0  # the documents the theme's learning comes from
    more_sources: int = 0  # sources of printed items beyond MAX_SOURCES (each item still cites its own)
    produced_on: object = None
    address: str = ""
    summary_address: str = ""
    general_questions_heading = GENERAL_QUESTIONS_HEADING
    general_questions_note = GENERAL_QUESTIONS_NOTE
    general_questions = GENERAL_QUESTIONS[:GENERAL_QUESTIONS_IN_BRIEFING]
    kind = "briefing"

    @property
    def title(self):
        return f"7-minute briefing: {self.theme.name}"

    @property
    def filename(self):
        return f"{self.theme.slug}-7-minute-briefing"

    @property
    def is_empty(self):
        return not self.item_count

    @property
    def ordered_parts(self):
        """The parts with something to print, in order, numbered in turn."""
        parts = [self.parts[number] for number in sorted(self.parts) if self.parts[number].has_content]
        for shown, part in enumerate(parts, start=1):
            part.shown_number = shown
        return parts

    @property
    def parts_in_words(self):
        """ "Seven parts", or as many as are printed."""
        words = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven"]
        count = len(self.ordered_parts)
        return f"{words[count] if count < len(words) else count} part{'s' if count != 1 else ''}"


def size_of(entry):
    return len(entry.title) + len(entry.wording) + CITATION_ALLOWANCE


def pick(candidates, most, budget, chosen=()):
    """Whole entries in source order, adding to `chosen` while they fit; (chosen, characters used)."""
    chosen, used = list(chosen), 0
    for entry in candidates:
        if len(chosen) >= most:
            break
        if entry not in chosen and used + size_of(entry) <= budget:
            chosen.append(entry)
            used += size_of(entry)
    return sorted(chosen, key=candidates.index), used


def fitting_questions(questions):
    """The first questions, whole, within MAX_QUESTIONS and QUESTION_BUDGET."""
    chosen, used = [], 0
    for question in questions:
        size = len(question.text) + len(question.source)
        if len(chosen) < MAX_QUESTIONS and used + size <= QUESTION_BUDGET:
            chosen.append(question)
            used += size
    return chosen


def document_count(items):
    """How many published documents the wordings of `items` come from (full or short), in two queries."""
    documents = set(items.order_by().values_list("publication_id", flat=True).distinct())
    short = items.exclude(short_text="").filter(published("short_publication__"))
    documents |= set(short.order_by().values_list("short_publication_id", flat=True).distinct())
    return len(documents)


def for_theme(theme, produced_on=None):
    on_theme = printable_items().for_theme(theme)
    counts = on_theme.kind_counts()
    # A briefing prints a handful of each kind: the first few of each are all it needs, in one query.
    entries = [Entry(item) for item in on_theme.first_of_each_kind(CANDIDATES_PER_KIND).in_source_order()]
    by_kind = {}
    for entry in entries:
        by_kind.setdefault(entry.item.kind, []).append(entry)

    headings = {
        1: "Background",
        2: "Why it matters",
        3: "Key information",
        4: "Key learning",
        5: "What practitioners should do",
        6: "Reflective questions",
        7: "Further information and sources",
    }
    parts = {number: Part(number, heading) for number, heading in headings.items()}
    candidates = {
        number: [e for kind in kinds for e in by_kind.get(kind, [])] for number, (kinds, _m, _b) in BUDGETS.items()
    }
    for number, (_kinds, most, budget) in BUDGETS.items():
        parts[number].entries, _used = pick(candidates[number], most, budget)
    # A part the theme has nothing for (no national findings, say) leaves its room to the others.
    spare = sum(budget for number, (_kinds, _most, budget) in BUDGETS.items() if not candidates[number])
    for number in SPARE_ORDER:
        most = BUDGETS[number][1] + EXTRA_WITH_SPARE
        parts[number].entries, used = pick(candidates[number], most, spare, parts[number].entries)
        spare -= used
    for number, (kinds, _most, _budget) in BUDGETS.items():
        parts[number].more = sum(counts.get(kind, 0) for kind in kinds) - len(parts[number].entries)

    # Questions come from the theme's items, printed or not (the first CANDIDATES_PER_KIND of each kind).
    questions = fitting_questions(questions_for(entries))
    printed = [entry for part in parts.values() for entry in part.entries]
    sources = sources_for(printed, questions)
    return Briefing(
        theme=theme,
        parts=parts,
        item_count=sum(counts.values()),
        questions=questions,
        sources=sources[:MAX_SOURCES],
        more_sources=max(0, len(sources) - MAX_SOURCES),
        all_source_count=document_count(on_theme),
        produced_on=produced_on or timezone.localdate(),
    )
