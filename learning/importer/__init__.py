"""The briefing importer: turn the text of a new briefing or summary leaflet into draft learning items.

Pure text processing, no database access and nothing of the admin: the admin import view
(learning/admin_import.py) reads the upload with `read_upload`, splits the text with `parse` and
offers themes for each item with `suggest_themes`; staff then confirm, and learning/services.py
saves what they kept. This module is the public face; the work is done in:

- uploads.py: reading .txt and .md uploads, and the upload limits;
- word.py: reading .docx uploads, bounded against zip bombs (the MAX_DOCX_* limits);
- parsing.py: `parse`, the pipeline over blocks.py, headings.py, repairs.py and items.py;
- source_markup.py: tidying the markup an extraction leaves in the wording;
- themes.py: theme suggestions, with their own stemmer;
- results.py: what they hand back (ParsedItem, ParseResult, UnreadableFile, the warnings).
"""

from learning.importer.parsing import parse
from learning.importer.results import MAX_TEXT_CHARS, NO_TEXT, UNEXPECTED, ParsedItem, ParseResult, UnreadableFile
from learning.importer.themes import suggest_themes
from learning.importer.uploads import MAX_UPLOAD_BYTES, read_upload

__all__ = [
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "NO_TEXT",
    "UNEXPECTED",
    "ParseResult",
    "ParsedItem",
    "UnreadableFile",
    "parse",
    "read_upload",
    "suggest_themes",
]
