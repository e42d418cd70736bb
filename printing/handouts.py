"""What a handout holds: a themed summary, the summary of a selection from the filtered list,
or a trainer's pack, assembled from published items only and ready for the three renderers
(HTML/print, PDF, Word).

Nothing here rewrites the learning: every wording is the stored text exactly. The only
words of our own are headings, labels and the fixed, clearly labelled general questions.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from learning import markup
from learning.models import KIND_PLURALS, Kind, LearningItem, Theme
from learning.options import filter_options
from learning.selectors import find_items

# A handout (and a pack) never holds more than this many items: about 60 printed pages.
HANDOUT_CAP = 200

# The order of a themed summary: the learning first, then the evidence of change, then
# what national reviews and research found, the reminders, and where to read more.
KIND_ORDER = [
    Kind.KEY_LEARNING,
    Kind.RECOMMENDATION,
    Kind.GOOD_PRACTICE,
    Kind.WHAT_HAS_CHANGED,
    Kind.NATIONAL_FINDING,
    Kind.RESEARCH_FINDING,
    Kind.KEY_MESSAGE,
    Kind.GUIDANCE,
]
# The summary leaflets call their key messages "Key points to remember".
HEADINGS = {**KIND_PLURALS, Kind.KEY_MESSAGE: "Key points to remember"}

GENERAL_QUESTIONS_HEADING = "General questions for discussion (not from the reviews)"
GENERAL_QUESTIONS_NOTE = (
    "These prompts are the same on every handout. They were written for this site to start a "
    "discussion; they are not findings of any review."
)
GENERAL_QUESTIONS = (
    "Which of these points do you recognise from your own work with children and families?",
    "What would you do differently tomorrow because of them?",
    "What gets in the way of doing this in our team, and what would help?",
    "Who else needs to hear this learning, and how will we share it?",
    "How would we know that our practice has changed for children?",
)

# A sentence ends at . ! or ? followed by a space; a question is a sentence ending in "?"
# (allowing a closing quote or bracket after it).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_QUESTION_END = re.compile(r"\?[\"'’”)\]]*$")


def printable_items():
    """Published items with everything a handout prints, in one query (no N+1)."""
    return LearningItem.objects.published().select_related("publication__board", "section", "short_publication__board")


def questions_in(text):
    """The questions a stored text asks, each an exact substring of it, in order.

    Bullet lines ("- What might be preventing the child attending school?") and sentences
    inside a paragraph ("... Who is keeping the child safe? How do we know ...?") both count.
    """
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith(("- ", "• ")):
            line = line[2:].strip()
        for sentence in _SENTENCE_BREAK.split(line):
            sentence = sentence.strip()
            if _QUESTION_END.search(sentence) and len(sentence) > 3:
                found.append(sentence)
    return found


def full_citation(publication):
    """Board (year). Title. Kind. Web address, where the document gives one."""
    year = publication.year or (publication.published_on.year if publication.published_on else None)
    parts = [f"{publication.board.name} ({year if year else 'no date given'}).", f"{publication.title}."]
    parts.append(f"{publication.get_kind_display()}.")
    if publication.url:
        parts.append(f"Available at {publication.url}")
    return " ".join(parts)


def short_address(url):
    """A web address without its scheme, for print: "learning.example.org/themes/neglect/"."""
    return re.sub(r"^https?://", "", url or "")


@dataclass
class Entry:
    """One learning item as a handout prints it."""

    item: LearningItem

    @cached_property
    def uses_short(self):
        # The short wording is printed first where there is one, unless its leaflet has been
        # withdrawn (a draft or withdrawn document is never cited on a handout).
        return self.item.shows_short_wording and self.item.short_publication_id is not None

    @property
    def wording(self):
        """The wording printed first: the short one where there is one."""
        return self.item.short_text if self.uses_short else self.item.text

    @property
    def full_text(self):
        """The full wording, when it differs from the one printed first."""
        return self.item.text if self.uses_short else ""

    @property
    def title(self):
        return markup.strip_markers(self.item.title).strip()

    @property
    def kind_label(self):
        return self.item.get_kind_display()

    @property
    def citation(self):
        return self.item.citation

    @property
    def short_citation(self):
        """Where the short wording comes from, e.g. "Derby SCB, Working with babies (summary), point 3"."""
        if not self.uses_short:
            return ""
        publication = self.item.short_publication
        bits = [publication.board.short_name, publication.citation_title]
        if self.item.short_locator:
            bits.append(f"point {self.item.short_locator}")
        return ", ".join(bits)


@dataclass
class Group:
    kind: str
    heading: str
    entries: list


@dataclass
class Question:
    """A question one of the texts asks, quoted exactly, with where it comes from."""

    text: str
    source: str
    path: str  # the item, or the section in its publication, on this site
    publication: object = None


@dataclass
class Source:
    publication: object
    items: int = 0

    @property
    def citation(self):
        return full_citation(self.publication)


@dataclass
class Handout:
    kind: str  # "theme", "selection" or "pack"
    title: str
    groups: list
    description: str = ""
    scope: list = field(default_factory=list)  # what was chosen, e.g. ["Age group: School age"]
    total: int = 0  # how many items matched, before the cap
    include_full: bool = False
    show_kind: bool = False  # a pack keeps the trainer's order, so each item says what it is
    notices: list = field(default_factory=list)
    theme: object = None
    produced_on: date = field(default_factory=timezone.localdate)
    address: str = ""  # where the current version lives (set by the view)
    filename: str = "handout"

    general_questions_heading = GENERAL_QUESTIONS_HEADING
    general_questions_note = GENERAL_QUESTIONS_NOTE
    general_questions = GENERAL_QUESTIONS

    @property
    def entries(self):
        return [entry for group in self.groups for entry in group.entries]

    @property
    def item_count(self):
        return sum(len(group.entries) for group in self.groups)

    @property
    def is_empty(self):
        return not self.item_count

    @property
    def truncated(self):
        return self.total > self.item_count

    @cached_property
    def questions(self):
        return questions_for(self.entries)

    @cached_property
    def sources(self):
        return sources_for(self.entries, self.questions)


def group_entries(items):
    """Items grouped by kind in KIND_ORDER, keeping their order within each kind."""
    groups = {kind: [] for kind in KIND_ORDER}
    for item in items:
        groups.setdefault(Kind(item.kind), []).append(Entry(item))
    return [Group(kind.value, HEADINGS[kind], entries) for kind, entries in groups.items() if entries]


def questions_for(entries):
    """Questions the printed wordings ask, then those the introductions of their sections ask."""
    questions, seen, sections = [], set(), {}
    for entry in entries:
        for text in questions_in(entry.wording):
            if text not in seen:
                seen.add(text)
                questions.append(Question(text, entry.citation, entry.item.get_absolute_url(), entry.item.publication))
        section = entry.item.section
        if section is not None and section.introduction:
            sections.setdefault(section.pk, (section, entry.item.publication))
    for section, publication in sections.values():
        label = f"section {section.number}" if section.number else f"“{section.title}”"
        source = f"{publication.board.short_name}, {publication.citation_title}, introduction to {label}"
        for text in questions_in(section.introduction):
            if text not in seen:
                seen.add(text)
                path = f"{publication.get_absolute_url()}#section-{section.key}"
                questions.append(Question(text, source, path, publication))
    return questions


def sources_for(entries, questions=()):
    """Every document the printed wordings (and quoted questions) come from, in order of first
    use, with how many of the printed items each gives."""
    sources = {}
    for entry in entries:
        publications = [entry.item.publication]
        if entry.uses_short:
            publications.insert(0, entry.item.short_publication)
        for publication in publications:
            sources.setdefault(publication.pk, Source(publication)).items += 1
    for question in questions:
        if question.publication is not None:
            sources.setdefault(question.publication.pk, Source(question.publication))
    return list(sources.values())


def capped(queryset, limit=None):
    """(at most `limit` items, how many there are in all): one query, two when over the limit."""
    limit = limit or HANDOUT_CAP
    items = list(queryset[: limit + 1])
    if len(items) <= limit:
        return items, len(items)
    return items[:limit], queryset.count()


def cap_notice(total, shown, narrowing, more_than=False):
    return (
        f"There are {'more than ' if more_than else ''}{total:,} items, so this handout holds the first {shown:,}. "
        f"To print the rest, narrow it down {narrowing}."
    )


def for_theme(theme, include_full=False):
    """A themed summary: the theme's published items by kind, in source order."""
    items, total = capped(printable_items().for_theme(theme).in_source_order())
    handout = Handout(
        kind="theme",
        title=theme.name,
        description=theme.description,
        groups=group_entries(items),
        total=total,
        include_full=include_full,
        theme=theme,
        filename=f"{theme.slug}-summary",
    )
    if handout.truncated:
        handout.notices.append(cap_notice(total, len(items), "by age group or agency on the theme page"))
    return handout


def for_selection(params, include_full=False):
    """The summary of anything the filtered list can show (theme × age group × kind × agency
    × board × search words), through the list's own selector, in the list's order."""
    result = find_items(params, 1, HANDOUT_CAP, base_queryset=printable_items())
    items = list(result.page.object_list)
    scope, themes = describe_selection(result)
    if len(themes) == 1:
        title, description = themes[0].name, themes[0].description
    elif result.query:
        title, description = f"Learning matching “{result.query}”", ""
    else:
        title, description = "Selected learning", ""
    handout = Handout(
        kind="selection",
        title=title,
        description=description,
        scope=scope,
        groups=group_entries(items),
        total=result.total,
        include_full=include_full,
        notices=list(result.notices),
        theme=themes[0] if len(themes) == 1 else None,
        filename=f"{themes[0].slug}-selection" if len(themes) == 1 else "selected-learning",
    )
    if result.outcome.showing_suggestion:
        handout.notices.append(f"Nothing matched “{result.outcome.raw}”, so this shows “{result.outcome.suggestion}”.")
    if handout.truncated:
        handout.notices.append(cap_notice(result.total, len(items), "with more filters", result.count_capped))
    return handout


def describe_selection(result):
    """(["Theme: Neglect", "Age group: School age", ...], [chosen Theme objects])."""
    options = filter_options()
    labels = {name: dict(choices) for name, choices in options.items()}
    chosen = {}
    for name, value in result.filterset.active_values():
        chosen.setdefault(name, []).append(value)
    scope = []
    for name, values in chosen.items():
        label = result.filterset.filters[name].label
        scope.append(f"{label}: {', '.join(labels.get(name, {}).get(value, value) for value in values)}")
    if result.outcome.active:
        words = result.outcome.suggestion if result.outcome.showing_suggestion else result.query
        scope.insert(0, f"Search words: {words}")
    themes = list(Theme.objects.filter(slug__in=chosen.get("theme", []))) if chosen.get("theme") else []
    return scope, themes


def for_pack(items, include_full=False, notices=None, address="", title=""):
    """A trainer's pack: the items in the trainer's order, each saying what kind it is."""
    return Handout(
        kind="pack",
        title=title or "Selected learning from case reviews",
        groups=[Group("pack", "Learning in this pack", [Entry(item) for item in items])] if items else [],
        total=len(items),
        include_full=include_full,
        show_kind=True,
        notices=list(notices or []),
        address=address,
        filename=slugify(title)[:60].strip("-") or "training-pack",
    )
