"""The little markup stored wording carries, read in one place.

Stored text is the source's own words with a few marks kept from the extraction: blank lines
separate paragraphs, lines that start "- " or "• " are bullets, and **bold** and *italic*
mark emphasis. `parse()` reads that into blocks of lines of runs: a tree of plain strings,
never HTML. Every renderer walks the same tree: HTML (learning/text.py, which escapes each
string as it builds elements), Word (printing/docx.py) and plain text (`plain()`).
"""

import re
from dataclasses import dataclass

_BLOCK_BREAK = re.compile(r"\n\s*\n")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.S)
BULLETS = ("- ", "• ")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph (one line of runs) or a bullet list (one line of runs per bullet)."""

    is_list: bool
    lines: tuple  # tuple[tuple[Run, ...], ...]


def parse(text):
    """The blocks of stored text, in order."""
    blocks = []
    for chunk in _BLOCK_BREAK.split((text or "").strip()):
        blocks.extend(_chunk_blocks(chunk))
    return blocks


def _chunk_blocks(chunk):
    """Consecutive plain lines join into one paragraph; consecutive bullets into one list."""
    blocks, lines, in_list = [], [], False
    for line in (line.strip() for line in chunk.splitlines()):
        if not line:
            continue
        is_bullet = line.startswith(BULLETS)
        if lines and is_bullet != in_list:
            blocks.append(_block(lines, in_list))
            lines = []
        in_list = is_bullet
        lines.append(line[2:] if is_bullet else line)
    if lines:
        blocks.append(_block(lines, in_list))
    return blocks


def _block(lines, is_list):
    if is_list:
        return Block(True, tuple(runs(line) for line in lines))
    return Block(False, (runs(" ".join(lines)),))


def runs(text):
    """Inline runs: **bold** first, then *italic* inside and between them."""
    result = []
    for piece, bold in _split(text or "", _BOLD):
        result.extend(Run(part, bold, italic) for part, italic in _split(piece, _ITALIC))
    return tuple(result)


def _split(text, pattern):
    """(text, marked) pieces of `text`, where `marked` says whether `pattern` wrapped it."""
    pieces, position = [], 0
    for match in pattern.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(1), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return [(piece, marked) for piece, marked in pieces if piece]


def plain(text):
    """Stored text without its emphasis markers (lines and bullets kept as they are)."""
    return "".join(run.text for run in runs(text))


def strip_markers(text):
    """One line of plain text: emphasis markers gone, and any stray asterisk with them."""
    return plain(text).replace("*", "")
