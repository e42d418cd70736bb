"""Split the text of a new briefing or summary leaflet into draft learning items: `parse`.

What `parse` recognises:

- lettered points "a) ", "(a) ", "- a) " (locator "a"), including the extraction noise
  "I)" for "l)" between k) and m), and one bullet that lost its letter in a lettered run;
- numbered paragraphs "5.1 " (locator "5.1") and plain numbered lists "1. " / "1) ";
- bullets "- ", "• ", "* " and lost bullets ".."; indented bullets, and bullets straight
  after a lettered or numbered point, are kept inside their parent as "\\n- " lines;
- headings that set the kind of what follows ("Good practice", "What has changed",
  "Key learning", "Recommendations", "Key messages", "What research tells us", ...),
  numbered section headings ("2 Effective use of ...", "## 5 Working with ...") which
  end the kind set before them, and other short headings, which items record as `heading`.

Which paragraphs and lists become items, and what happens when nothing is found, is described
in learning/importer/items.py. Every guess is reported in `warnings`.

The wording is kept as the source gives it. Only the item's own marker is removed, plus
extraction markup: markdown links "[words](#)" become their words, "<http://...>" its
address, HTML tags are dropped, and so are bold markers ("**words**", "__words__", a stray
"**"), keeping the words. Italic markers (`*words*`) are kept.

The stages, each in its own module: lines to blocks (blocks.py, with headings.py for what a
heading says), label repairs (repairs.py), blocks to items (items.py).
"""

import logging
import unicodedata

from learning.importer.blocks import classify_headings, join_broken_paragraphs, scan_lines
from learning.importer.items import assemble, draft_to_item, duplicate_locator_warnings, fallback, renumber
from learning.importer.repairs import fix_lettered_runs, fix_repeated_numbers
from learning.importer.results import MAX_TEXT_CHARS, NO_TEXT, UNEXPECTED, ParsedItem, ParseResult
from learning.models import Kind

logger = logging.getLogger(__name__)


def parse(text) -> ParseResult:
    """Split pasted or uploaded text into draft items. Never raises; problems become warnings."""
    text = _clean_input(text)
    if not text.strip():
        return ParseResult(warnings=[NO_TEXT])
    if len(text) > MAX_TEXT_CHARS:
        return ParseResult(
            warnings=[
                f"The text is too long to import in one go ({len(text):,} characters; the limit is "
                f"{MAX_TEXT_CHARS:,}). Import it in parts."
            ]
        )
    try:
        return _parse_text(text)
    except Exception:  # the contract is never to raise: keep everything as one item instead
        logger.exception("Importer failed to split a text")
        body = "\n".join(" ".join(line.split()) for line in text.strip().split("\n"))
        return ParseResult(items=[ParsedItem(str(Kind.KEY_LEARNING), "", "", body, 1)], warnings=[UNEXPECTED])


def _clean_input(text) -> str:
    """Any input as a str with "\\n" line ends, without NULs, other control characters or BOMs."""
    if text is None:
        return ""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = str(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\ufeff", "").replace("\u200b", "").replace("\u00a0", " ")
    return "".join(char for char in text if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs"))


def _parse_text(text: str) -> ParseResult:
    """The parsing pipeline: lines to blocks, blocks tidied and classified, then items."""
    warnings: list[str] = []
    blocks = scan_lines(text)
    blocks = join_broken_paragraphs(blocks)
    classify_headings(blocks)
    fix_lettered_runs(blocks, warnings)
    fix_repeated_numbers(blocks, warnings)
    drafts, paragraphs = assemble(blocks)
    if not drafts:
        return fallback(text, paragraphs, warnings)
    items = [draft_to_item(draft, index) for index, draft in enumerate(drafts, start=1)]
    items = [item for item in items if item.text]
    if not items:
        return fallback(text, paragraphs, warnings)
    warnings.extend(duplicate_locator_warnings(items))
    return ParseResult(items=[renumber(item, i) for i, item in enumerate(items, start=1)], warnings=warnings)
