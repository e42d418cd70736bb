"""The briefing importer: turn the text of a new briefing or summary leaflet into draft learning items.

Pure text processing, no database access and nothing of the admin: the admin import view
(learning/admin_import.py) reads the upload with `read_upload`, splits the text with `parse` and
offers themes for each item with `suggest_themes`; staff then confirm, and learning/services.py
saves what they kept. This module is the public face; the work is done in:

- uploads.py: reading .txt and .md uploads, and the upload limits;
- word.py: reading .docx uploads, bounded against zip bombs (the MAX_DOCX_* limits);
- pdf.py: PDFs: `check_pdf` in the upload request (page count, or a clear refusal), `parse_pdf` in a
  background job (text without headers, footers and page numbers, parsed, each item's page set);
- parsing.py: `parse`, the pipeline over blocks.py, headings.py, repairs.py and items.py;
- source_markup.py: tidying the markup an extraction leaves in the wording;
- themes.py: theme suggestions with the words that triggered them (`theme_suggestions`), with their
  own stemmer;
- results.py: what they hand back (ParsedItem, ParseResult, UnreadableFile, the warnings).
"""

from learning.importer.parsing import parse
from learning.importer.pdf import MAX_PDF_BYTES, MAX_PDF_PAGES, check_pdf, parse_pdf
from learning.importer.results import MAX_TEXT_CHARS, NO_TEXT, UNEXPECTED, ParsedItem, ParseResult, UnreadableFile
from learning.importer.themes import Suggestion, suggest_themes, theme_suggestions
from learning.importer.uploads import MAX_UPLOAD_BYTES, is_pdf_upload, read_upload

__all__ = [
    "MAX_PDF_BYTES",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "NO_TEXT",
    "UNEXPECTED",
    "ParseResult",
    "ParsedItem",
    "Suggestion",
    "UnreadableFile",
    "check_pdf",
    "is_pdf_upload",
    "parse",
    "parse_pdf",
    "read_upload",
    "suggest_themes",
    "theme_suggestions",
]
