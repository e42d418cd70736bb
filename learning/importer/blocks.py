"""Lines to blocks, the parser's first stages: each block is a heading, a paragraph of text or
one list point, with the marker it started with read off as its label.

`scan_lines` groups the lines, `join_broken_paragraphs` rejoins text a page break split, and
`classify_headings` decides which blocks are headings and what each one says (the rules are in
learning/importer/headings.py). Later stages repair the labels (repairs.py) and make items of
the blocks (items.py).
"""

import re
from dataclasses import dataclass

from learning.importer.headings import heading_title, kind_of_heading, read_heading
from learning.importer.source_markup import EMPHASIS_EDGE, is_all_bold, strip_wrapping_bold

LIST_TYPES = ("letter", "roman", "para", "number", "bullet")
BULLET_CHARS = "-*•·▪●◦‣–○■□➢►✓\uf0b7\uf0a7\uf076\uf0d8"

_PREFIX = r"(?:[-*•–]\s+)?(?P<bold>\*\*)?"
_PARA_RE = re.compile(_PREFIX + r"(?P<label>(?:\d{1,2}|[A-Z])(?:\.\d{1,3}){1,2})\.?(?:\*\*)?\s+(?P<rest>\S.*)$")
_LETTER_RE = re.compile(_PREFIX + r"(?:\((?P<a>[a-zA-Z])\)|(?P<b>[a-zA-Z])\)|(?P<c>[a-z])\.)\s+(?P<rest>\S.*)$")
_ROMAN_RE = re.compile(_PREFIX + r"\(?(?P<label>ii|iii|iv|vi|vii|viii|ix)\)\s+(?P<rest>\S.*)$")
_NUMBER_RE = re.compile(_PREFIX + r"(?P<label>\d{1,3})[.)]\s+(?P<rest>\S.*)$")
_BULLET_RE = re.compile(r"[" + re.escape(BULLET_CHARS) + r"]\s+(?P<rest>\S.*)$")
_LOST_BULLET_RE = re.compile(r"\.\.(?!\.)\s*(?P<rest>\S.*)$")
_MD_HEADING_RE = re.compile(r"(?P<hashes>#{1,6})\s+(?P<rest>\S.*)$")


@dataclass
class Block:
    """A run of source lines: a heading, a paragraph of text, or one list point."""

    type: str  # "heading", "text" or one of LIST_TYPES
    lines: list[str]
    label: str = ""
    raw_label: str = ""
    indent: int = 0
    after_blank: bool = False
    markdown: bool = False  # a "#" heading
    title: str = ""  # for headings
    kind: str | None = None  # for headings that set the kind
    resets: bool = False  # for section headings, which end the kind set before them
    section: str = ""  # the section number a section heading gives

    @property
    def text(self) -> str:
        """The block's lines as one line, as its wording is read for headings and items."""
        return " ".join(line for line in self.lines if line)


def scan_lines(text: str) -> list[Block]:
    """Group lines into blocks: a marker line starts a list point, following lines continue it."""
    blocks: list[Block] = []
    open_block = None
    blank = False
    for raw in text.split("\n"):
        if not raw.strip():
            open_block, blank = None, True
            continue
        line = raw.rstrip()
        block = _marker_block(line)
        if block is None and open_block is not None:
            stripped = line.strip()
            if kind_of_heading(heading_title(stripped)) is None:
                open_block.lines.append(stripped)
                continue
        if block is None:
            block = Block("text", [line.strip()])
        block.after_blank, blank = blank, False
        blocks.append(block)
        closed = block.type == "heading" or (block.type == "text" and kind_of_heading(heading_title(block.text)))
        open_block = None if closed else block
    return blocks


def _indent_of(line: str) -> int:
    """The line's indent in spaces, a tab counting four: nested bullets are told apart by it."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4
        else:
            break
    return width


def _marker_block(line: str):
    """A block for a line that starts with a heading or list marker, else None."""
    indent = _indent_of(line)
    body = line.strip()
    match = _MD_HEADING_RE.match(body)
    if match and indent < 4:
        return Block("heading", [match.group("rest").rstrip("#").strip()], markdown=True)
    for kind, pattern in (("para", _PARA_RE), ("letter", _LETTER_RE), ("roman", _ROMAN_RE), ("number", _NUMBER_RE)):
        match = pattern.match(body)
        if match:
            raw = match.group("label") if kind != "letter" else match.group("a") or match.group("b") or match.group("c")
            rest = strip_wrapping_bold(match.group("rest"), bool(match.group("bold")))
            label = raw.lower() if kind == "letter" else raw
            return Block(kind, [rest], label=label, raw_label=raw, indent=indent)
    match = _BULLET_RE.match(body) or _LOST_BULLET_RE.match(body)
    if match:
        return Block("bullet", [match.group("rest")], indent=indent)
    return None


_FOOTNOTE_START = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_TERMINAL = ".!?:;"


def join_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """Rejoin text split by a page break: a paragraph starting in lower case continues the one
    before it (skipping footnotes) when that one does not end a sentence."""
    kept: list[Block] = []
    for block in blocks:
        starts_lower = block.type == "text" and block.after_blank and _starts_lower(block.lines[0])
        target = _continued_block(kept) if starts_lower else None
        if target is not None:
            target.lines.extend(block.lines)
        else:
            kept.append(block)
    return kept


def _continued_block(kept: list[Block]):
    """The block a lower-case paragraph continues, if any (looks back past footnotes only)."""
    for block in reversed(kept):
        if block.type == "text" and block.lines[0].startswith(tuple(_FOOTNOTE_START)):
            continue
        if block.type == "heading":
            return None
        last = block.lines[-1].rstrip(EMPHASIS_EDGE)
        return block if last and last[-1] not in _TERMINAL else None
    return None


def _starts_lower(text: str) -> bool:
    """True when the text's first letter, past any emphasis, is lower case: a sentence carried on."""
    stripped = text.lstrip(EMPHASIS_EDGE)
    return bool(stripped) and "a" <= stripped[0] <= "z"


def classify_headings(blocks: list[Block]) -> None:
    """Mark the blocks that are headings, and what each heading means."""
    for index, block in enumerate(blocks):
        before = blocks[index - 1] if index > 0 else None
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.type == "heading":
            _describe_heading(block, block.text, explicit=True)
        elif block.type == "text" and len(block.lines) == 1:
            _describe_heading(block, block.text, explicit=False)
        elif block.type == "number" and not _is_type(before, "number") and not _is_type(after, "number"):
            _describe_heading(block, f"{block.label} {block.text}", explicit=False, numbered_only=True)
        elif block.type == "bullet" and _is_subheading_bullet(block, after):
            _describe_heading(block, block.text, explicit=True)


def _is_type(block, kind: str) -> bool:
    """True when there is a neighbouring block and it is of this type (None at either end of the text)."""
    return block is not None and block.type == kind


def _is_subheading_bullet(block: Block, after) -> bool:
    """A top-level bullet that is all bold and introduces paragraphs or points, as reports use."""
    if block.indent or after is None or after.type not in ("para", "letter", "number", "text"):
        return False
    return is_all_bold(block.text)


def _describe_heading(block: Block, text: str, explicit: bool, numbered_only: bool = False) -> None:
    """Turn the block into a heading if its text reads as one (explicit: it is marked as one)."""
    heading = read_heading(text, explicit, numbered_only)
    if heading is not None:
        block.type, block.title, block.kind = "heading", heading.title, heading.kind
        block.resets, block.section = heading.resets, heading.section
