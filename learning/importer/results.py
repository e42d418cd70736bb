"""What the importer hands back, shared by its modules so none of them imports another just for a type.

`parse` returns a ParseResult of ParsedItems, `read_upload` refuses a file with UnreadableFile, and
MAX_TEXT_CHARS is how much text one import takes, whether pasted or read from a Word document.
"""

from dataclasses import dataclass, field

MAX_TEXT_CHARS = 200_000

NO_TEXT = "There was no text to import."
UNEXPECTED = "The text could not be split because of an unexpected problem, so it has been kept as one item."


class UnreadableFile(ValueError):
    """An upload that cannot be turned into text; the message is meant for the person uploading."""


@dataclass
class ParsedItem:
    """One draft learning item found in the text."""

    kind: str  # a Kind value
    locator: str  # "a", "5.1", "1", "2.3" or ""
    heading: str  # the heading the item stands under, or ""
    text: str  # the source wording, its own marker removed; sub-bullets as "\n- " lines
    position: int  # order in the source, from 1
    page: int | None = None  # the page it starts on, for an item read from a PDF


@dataclass
class ParseResult:
    """The draft items, and what staff should check about how they were found."""

    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
