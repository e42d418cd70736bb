"""Blocks to items, the parser's last stage: which blocks are learning items, under which kind
and heading, with which locator, and what to do when none are.

Paragraphs outside lists are introduction or narrative, not items, with two exceptions directly
under a kind heading: several paragraphs that each lead into bullets are one item each (bullets
kept inside), and paragraphs standing alone with no list at all are items. Bullets and plain
numbered lists outside any kind heading are items only when the text has no kind headings at
all. If nothing is found, `fallback` makes each paragraph an item, or the whole text one item.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from learning.importer.blocks import LIST_TYPES, Block
from learning.importer.results import NO_TEXT, ParsedItem, ParseResult
from learning.importer.source_markup import clean_inline
from learning.models import KIND_PLURALS, Kind


@dataclass
class _Draft:
    """An item in the making: its lines and sub-points gather here before the text is cleaned."""

    kind: str
    locator: str
    heading: str
    lines: list[str]
    origin: str  # the block type it came from, or "group" for a lead-in paragraph with its bullets
    indent: int = 0
    keep: bool = True
    subs: list[str] = field(default_factory=list)


@dataclass
class _State:
    """What the headings read so far say about the text that follows."""

    kind: str = Kind.KEY_LEARNING
    explicit: bool = False  # under a heading that set the kind
    heading: str = ""
    section: str = ""
    counter: int = 0  # bullets counted since the last heading

    def apply(self, heading: Block) -> None:
        """Move under `heading`: a section ends the kind set before it, a kind heading sets one."""
        if heading.resets:
            self.section, self.kind, self.explicit = heading.section, Kind.KEY_LEARNING, False
        if heading.kind is not None:
            self.kind, self.explicit = heading.kind, True
        self.heading, self.counter = heading.title, 0

    def next_bullet_locator(self) -> str:
        """Bullets have no label of their own, so they are numbered within their section: "2.3", or "3"."""
        self.counter += 1
        return f"{self.section}.{self.counter}" if self.section else str(self.counter)


def assemble(blocks: list[Block]):
    """Drafts for the items, and the narrative paragraphs (with their kind and heading) for the fallback."""
    has_kind_headings = any(block.type == "heading" and block.kind is not None for block in blocks)
    state = _State()
    drafts: list[_Draft] = []
    paragraphs: list[tuple[str, str, str]] = []
    for heading, contents in _segments(blocks):
        if heading is not None:
            state.apply(heading)
        fresh = heading is not None and heading.kind is not None
        allow_lists = state.explicit or not has_kind_headings
        paragraphs.extend((state.kind, state.heading, block.text) for block in contents if block.type == "text")
        drafts.extend(_segment_drafts(contents, state, allow_lists, fresh))
    return [draft for draft in drafts if draft.keep], paragraphs


def _segments(blocks: list[Block]):
    """(heading block or None, the blocks under it) in order."""
    heading, contents = None, []
    for block in blocks:
        if block.type == "heading":
            if heading is not None or contents:
                yield heading, contents
            heading, contents = block, []
        else:
            contents.append(block)
    if heading is not None or contents:
        yield heading, contents


def _segment_drafts(contents: list[Block], state: _State, allow_lists: bool, fresh: bool) -> list[_Draft]:
    """The drafts in the blocks under one heading.

    Directly under a heading that sets the kind, paragraphs are items when there is no list
    at all, and when two or more paragraphs each lead into bullets, each paragraph with its
    bullets is one item. Elsewhere only list points are items; bullets and plain numbered
    lists only under such a heading, or anywhere when the text has no such headings.
    """
    if fresh and not any(block.type in LIST_TYPES for block in contents):
        return [_new_draft(state, "", block, "text") for block in contents if block.type == "text"]
    grouping = fresh and _count_lead_ins(contents) >= 2
    drafts: list[_Draft] = []
    parent = None
    for index, block in enumerate(contents):
        following = contents[index + 1] if index + 1 < len(contents) else None
        if block.type == "text":
            parent = None
            if grouping and following is not None and following.type == "bullet":
                parent = _new_draft(state, state.next_bullet_locator(), block, "group")
                drafts.append(parent)
        elif block.type in ("letter", "para"):
            parent = _new_draft(state, block.label, block, block.type)
            drafts.append(parent)
        elif block.type == "number":
            parent = _new_draft(state, block.label, block, "number", keep=allow_lists)
            drafts.append(parent)
        elif block.type == "roman":
            if parent is not None:
                parent.subs.append(f"({block.raw_label}) {block.text}")
            else:
                parent = _new_draft(state, block.label, block, "letter")
                drafts.append(parent)
        elif parent is not None and (parent.origin != "bullet" or block.indent > parent.indent):
            parent.subs.append(block.text)
        else:
            locator = state.next_bullet_locator() if allow_lists else ""
            parent = _new_draft(state, locator, block, "bullet", keep=allow_lists)
            drafts.append(parent)
    return drafts


def _count_lead_ins(contents: list[Block]) -> int:
    """Paragraphs directly followed by bullets."""
    return sum(
        1
        for block, following in zip(contents, contents[1:], strict=False)
        if block.type == "text" and following.type == "bullet"
    )


def _new_draft(state: _State, locator: str, block: Block, origin: str, keep: bool = True) -> _Draft:
    """A draft under the current kind and heading, starting with the block's lines."""
    return _Draft(state.kind, locator, state.heading, list(block.lines), origin, indent=block.indent, keep=keep)


def draft_to_item(draft: _Draft, position: int) -> ParsedItem:
    """The item's text: its own lines joined, then its sub-bullets as "- " lines."""
    text = clean_inline(" ".join(line for line in draft.lines if line))
    subs = [clean_inline(sub) for sub in draft.subs]
    text = "\n".join([text, *(f"- {sub}" for sub in subs if sub)]) if text else "\n".join(f"- {s}" for s in subs if s)
    return ParsedItem(kind=str(draft.kind), locator=draft.locator, heading=draft.heading, text=text, position=position)


def renumber(item: ParsedItem, position: int) -> ParsedItem:
    """The item at its place among the items kept (drafts whose text came out empty are dropped)."""
    item.position = position
    return item


def fallback(text: str, paragraphs: list[tuple[str, str, str]], warnings: list[str]) -> ParseResult:
    """No list points found: each paragraph is an item, or, with one paragraph or none, the whole text."""
    paragraphs = [(kind, heading, clean_inline(body)) for kind, heading, body in paragraphs]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph[2]]
    if len(paragraphs) >= 2:
        warnings.append(
            "No lettered points, numbered paragraphs or bullet lists were found, so each paragraph has been made "
            "an item. Untick those that are only introduction or background."
        )
        items = [
            ParsedItem(kind=str(kind), locator="", heading=heading, text=body, position=index)
            for index, (kind, heading, body) in enumerate(paragraphs, start=1)
        ]
        return ParseResult(items=items, warnings=warnings)
    kind = paragraphs[0][0] if paragraphs else Kind.KEY_LEARNING
    item = _whole_text_item(text, kind)
    if not item.text:
        return ParseResult(warnings=[*warnings, NO_TEXT])
    warnings.append("The text could not be split into separate points, so it has been kept as one item.")
    return ParseResult(items=[item], warnings=warnings)


def _whole_text_item(text: str, kind) -> ParsedItem:
    """The whole text as one item, line breaks kept but runs of blank lines and spaces closed up."""
    lines = (re.sub(r"[ \t]+", " ", clean_inline(line)).strip() for line in text.split("\n"))
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return ParsedItem(kind=str(kind), locator="", heading="", text=body, position=1)


def duplicate_locator_warnings(items: list[ParsedItem]) -> list[str]:
    """A warning when two items of one kind share a locator (two lists each lettered from a), say)."""
    counts = Counter((item.kind, item.locator) for item in items if item.locator)
    repeated: dict[str, list[str]] = {}
    for (kind, locator), n in counts.items():
        if n > 1:
            repeated.setdefault(kind, []).append(locator)
    if not repeated:
        return []
    shown = "; ".join(
        f"{KIND_PLURALS[Kind(kind)].lower()} {', '.join(locators[:5])}{' …' if len(locators) > 5 else ''}"
        for kind, locators in repeated.items()
    )
    return [
        f"Some locators are used more than once ({shown}): the text seems to hold more than one list lettered "
        "or numbered from the start. Check the locators before confirming."
    ]
