"""Reading a PDF for the importer: `check_pdf` while the upload request is open, `parse_pdf` in a
background job.

Board staff receive every review as a PDF, laid out for print: columns, running headers and
footers, page numbers, footnotes, hyphenated line ends. pdfminer.six reads the text layer with
each character's position, size and font; this module turns those lines back into the text a
person would copy out (one paragraph a line, blank lines between paragraphs, list points on
their own lines, indented when nested), without the furniture of the page, and hands it to the
same `parse` as every other format. Each item then records the page it starts on.

Pure text processing: no database, nothing of the admin. Every refusal is an UnreadableFile whose
message tells the uploader what to do instead.
"""

import bisect
import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from learning.importer.parsing import parse
from learning.importer.results import MAX_TEXT_CHARS, ParseResult, UnreadableFile

logger = logging.getLogger(__name__)

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 300
MIN_LETTERS_PER_PAGE = 10  # fewer than this on average: no real text layer (a scan)

_PAGE_NUMBER_RE = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.IGNORECASE)
_MARKER_RE = re.compile(
    r"(?:[•·▪●◦‣○■□➢►\uf0b7\uf0a7-]\s|\(?[a-zA-Z]\)\s|[a-z]\.\s|\(?(?:ii|iii|iv|vi|vii|viii|ix)\)\s"
    r"|(?:\d{1,2}|[A-Z])(?:\.\d{1,3}){1,2}\.?\s|\d{1,3}[.)]\s)"
)
_BULLETS = "•·▪●◦‣○■□➢►\uf0b7\uf0a7"
_HYPHENS = ("-", "\u00ad", "\u2010")
_LONE_BULLETS = ("o", "§", "\uf0a7", "\uf0d8")
_TERMINAL = ".!?:;"
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FOOTNOTE_MARK_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹\d*†‡]+\.?\s")


# --- the messages --------------------------------------------------------------------------------


def _not_a_pdf_message() -> str:
    return (
        "The file is not a PDF, although its name ends in .pdf (it may be a web page or another kind of file "
        "renamed). Open it and save or print it as a PDF, or paste the text."
    )


def _damaged_message() -> str:
    return (
        "The PDF could not be read: it seems to be damaged or incomplete (an interrupted download can do this). "
        "Download or save it again, then upload the new copy, or paste the text."
    )


def _encrypted_message() -> str:
    return (
        "The PDF is protected with a password, so its text cannot be read. Ask the sender for a copy without a "
        "password, or open it, save a copy without the password and upload that, or paste the text."
    )


def _too_many_pages_message(pages: int) -> str:
    return (
        f"The PDF has {pages:,} pages; the limit is {MAX_PDF_PAGES:,}. Upload the part with the learning "
        "points (most PDF readers can save a range of pages), or paste the text."
    )


def _too_large_message(size: int) -> str:
    return (
        f"The PDF is too large ({size / (1024 * 1024):.1f} MB); the limit is {MAX_PDF_BYTES // (1024 * 1024)} MB. "
        "Save a smaller copy (without pictures, or only the pages with the learning points), or paste the text."
    )


def _empty_message() -> str:
    return "The PDF is empty: it has no pages. Check you chose the right file."


def _too_much_text_message(characters: int, pages: int) -> str:
    return (
        f"The PDF has too much text to import in one go: {characters:,} characters over {pages:,} pages, and "
        f"the limit is {MAX_TEXT_CHARS:,}. Upload the pages with the learning points (most PDF readers can save "
        "a range of pages), or import it in parts."
    )


def _scanned_message() -> str:
    return (
        "This PDF has no text layer; it looks scanned (its pages are pictures of text). Run OCR on it (text "
        "recognition, in most PDF editors) and upload the result, or paste the text."
    )


# --- checking while the request is open ----------------------------------------------------------


def check_pdf(data: bytes) -> int:
    """The number of pages of an uploaded PDF, checked quickly enough to run in the upload request
    (a few milliseconds, even for 500 pages: only the cross-reference table and page count are read).

    Raises UnreadableFile for a file that is not a PDF, is empty, damaged, too large, locked with a
    password, or has more than MAX_PDF_PAGES pages, so the uploader hears at once rather than
    from a background job.
    """
    data = bytes(data or b"")
    if not data.strip():
        raise UnreadableFile("The file is empty.")
    if len(data) > MAX_PDF_BYTES:
        raise UnreadableFile(_too_large_message(len(data)))
    if b"%PDF-" not in data[:1024]:  # where every PDF reader looks for it
        raise UnreadableFile(_not_a_pdf_message())
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableFile(_damaged_message())  # cut short: the end of every PDF says %%EOF
    pages = _page_count(_open_document(data))
    if pages == 0:
        raise UnreadableFile(_empty_message())
    if pages > MAX_PDF_PAGES:
        raise UnreadableFile(_too_many_pages_message(pages))
    return pages


def _open_document(data: bytes):
    """The pdfminer document, or UnreadableFile for a locked or damaged file."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableFile(_encrypted_message()) from None
    except Exception:  # pdfminer raises many kinds of error for a damaged file: each means the same
        raise UnreadableFile(_damaged_message()) from None


def _page_count(document) -> int:
    """The page count the page tree declares (read without visiting every page)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(document.catalog["Pages"])["Count"])
        return int(count)
    except Exception:
        raise UnreadableFile(_damaged_message()) from None


# --- the lines of a page -------------------------------------------------------------------------


@dataclass
class _Line:
    """One line of text as printed: where it sits on the page and how it is set."""

    text: str
    x0: float
    x1: float
    top: float  # from the top of the page, in points
    bottom: float
    size: float  # the body size of its characters
    bold: bool
    page: int
    column_left: float = 0.0
    column_right: float = 0.0


@dataclass
class _Paragraph:
    """Lines that read as one paragraph or one list point, and the page it starts on."""

    lines: list[_Line]
    page: int
    indent: int = 0
    footnote: bool = False
    heading: bool = False  # set larger than the body text: a heading

    @property
    def last(self) -> _Line:
        return self.lines[-1]


@dataclass
class _Page:
    """A page's body lines in reading order, and its footnotes."""

    number: int
    lines: list[_Line]
    footnotes: list[_Line] = field(default_factory=list)


def _page_lines(layout, number: int) -> list[_Line]:
    """The text lines of one pdfminer page, in reading order (see `_reading_order`)."""
    from pdfminer.layout import LTTextBox, LTTextLine

    height = layout.height
    lines: list[_Line] = []
    for element in layout:
        if not isinstance(element, LTTextBox):
            continue
        for line in element:
            if isinstance(line, LTTextLine):
                made = _make_line(line, height, number)
                if made is not None:
                    lines.append(made)
    return _reading_order(_merge_rows(_merge_markers(lines), layout.width), layout.width)


def _reading_order(lines: list[_Line], width: float) -> list[_Line]:
    """Lines top to bottom, a two-column stretch read left column first.

    A line across the middle of the page (a heading or table over both columns, or any line of
    single-column text) ends a stretch; between two such lines, the lines wholly left of the
    middle come before those wholly right of it. pdfminer's own ordering of text boxes mixes the
    columns of a page like the briefings' two-column leaflets, so it is not used.
    """
    middle, slack = width / 2, width * 0.02
    ordered: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []
    for line in sorted(lines, key=lambda line: (round(line.top, 1), line.x0)):
        if line.x1 <= middle + slack:
            left.append(line)
        elif line.x0 >= middle - slack and left:
            right.append(line)
        elif line.x0 >= middle - slack:
            ordered.append(line)
        else:
            ordered.extend(left + right)
            left, right = [], []
            ordered.append(line)
    return ordered + left + right


def _make_line(line, height: float, number: int):
    """A _Line from pdfminer's, with small raised digits (footnote calls) as superscripts."""
    from pdfminer.layout import LTChar

    chars = [char for char in line if isinstance(char, LTChar)]
    if not chars:
        return None
    sizes = Counter(round(char.size, 1) for char in chars if char.get_text().strip())
    if not sizes:
        return None
    size = sizes.most_common(1)[0][0]
    baseline = max(char.y0 for char in chars if round(char.size, 1) == size)
    parts = []
    for item in line:
        text = item.get_text()
        if isinstance(item, LTChar) and text.isdigit() and item.size < 0.8 * size and item.y0 > baseline + 0.15 * size:
            text = text.translate(_SUPERSCRIPT_DIGITS)
        parts.append(text)
    text = " ".join("".join(parts).split())
    if not text:
        return None
    visible = [char for char in chars if char.get_text().strip()]
    bold = sum("bold" in char.fontname.lower() for char in visible) >= 0.9 * len(visible)
    return _Line(text, line.x0, line.x1, height - line.y1, height - line.y0, size, bold, number)


def _merge_markers(lines: list[_Line]) -> list[_Line]:
    """A bullet or list marker printed apart from its text (a hanging indent) joined to the text
    beside it on the same baseline, as one line starting "- " (a bullet) or with the marker."""
    markers = [line for line in lines if _is_lone_marker(line.text)]
    if not markers:
        return lines
    taken: set[int] = set()
    for marker in markers:
        beside = [
            line
            for line in lines
            if line is not marker
            and id(line) not in taken
            and not _is_lone_marker(line.text)
            and abs(line.bottom - marker.bottom) < 0.5 * line.size
            and -1 <= line.x0 - marker.x1 < 4 * line.size
        ]
        if not beside:
            continue
        line = min(beside, key=lambda line: line.x0)
        bullet = "-" if marker.text[0] in _BULLETS or marker.text in _LONE_BULLETS else marker.text
        line.text, line.x0 = f"{bullet} {line.text}", marker.x0
        taken.add(id(marker))
    return [line for line in lines if id(line) not in taken]


def _merge_rows(lines: list[_Line], width: float) -> list[_Line]:
    """Pieces of text on one baseline (the cells of a table row) as one line, cells apart by a tab,
    so a row is read across. Pieces on either side of the middle of the page are not joined: in
    two columns they belong to different columns."""
    middle, slack = width / 2, width * 0.02
    rows: list[_Line] = []
    for line in sorted(lines, key=lambda line: (round(line.bottom), line.x0)):
        row = rows[-1] if rows else None
        if (
            row is not None
            and abs(row.bottom - line.bottom) < 0.3 * line.size
            and line.x0 >= row.x1 - 1
            and not (row.x1 <= middle + slack and line.x0 >= middle - slack)
        ):
            row.text, row.x1, row.bold = f"{row.text}\t{line.text}", line.x1, row.bold and line.bold
        else:
            rows.append(line)
    return rows


def _is_lone_marker(text: str) -> bool:
    """A line that is only a bullet or a list marker ("•", "a)", "5.1"; Word's "o" and "§" for
    nested bullets, set in Courier and Wingdings, count only standing alone)."""
    if text in _LONE_BULLETS:
        return True
    return len(text) <= 5 and (text[0] in _BULLETS or bool(_MARKER_RE.fullmatch(text + " ")))


# --- running headers, footers and footnotes ------------------------------------------------------


def _furniture(pages: list[list[_Line]]) -> set[tuple[int, int]]:
    """(page, index) of the lines that are page furniture: page numbers, and lines repeated at the
    top or bottom of most pages (the digits in them ignored, so "Page 3 of 10" repeats too)."""
    edges = [
        (page, index, _shape(lines[index].text)) for page, lines in enumerate(pages) for index in _edge_indexes(lines)
    ]
    pages_with = Counter(shape for _, shape in {(page, shape) for page, _, shape in edges})
    enough = max(2, (len(pages) + 1) // 2)
    return {
        (page, index)
        for page, index, shape in edges
        if pages_with[shape] >= enough or _PAGE_NUMBER_RE.fullmatch(pages[page][index].text.strip())
    }


def _edge_indexes(lines: list[_Line]) -> list[int]:
    """The lines nearest the top and the bottom of a page: where headers and footers sit."""
    if not lines:
        return []
    by_top = sorted(range(len(lines)), key=lambda i: lines[i].top)
    return sorted(set(by_top[:2] + by_top[-2:]))


def _shape(text: str) -> str:
    """A line with its digits hidden, so each page's "Page 3 of 10" reads alike."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _split_footnotes(lines: list[_Line], body_size: float) -> tuple[list[_Line], list[_Line]]:
    """The page's body lines, and its footnotes: the run of smaller lines below the text that starts
    with a note mark ("1", "¹", "*")."""
    if not lines:
        return lines, []
    body_bottom = max((line.bottom for line in lines if line.size >= 0.95 * body_size), default=0.0)
    notes = [line for line in lines if line.size < 0.9 * body_size and line.top >= body_bottom - 0.1 * body_size]
    if not notes or not _FOOTNOTE_MARK_RE.match(min(notes, key=lambda line: line.top).text + " "):
        return lines, []
    ids = {id(line) for line in notes}
    return [line for line in lines if id(line) not in ids], sorted(notes, key=lambda line: line.top)


# --- lines to paragraphs -------------------------------------------------------------------------


def _set_columns(pages: list[_Page], width: float) -> None:
    """Each line's column edges, measured over the whole document: the left and right column of
    a two-column layout, or the text block of a single column. A page holding only indented
    bullets is measured against the same margin as the rest, so nesting reads alike on every page."""
    middle = width / 2
    sides: dict[str, list[_Line]] = {"left": [], "right": []}
    for page in pages:
        for line in page.lines:
            sides["right" if line.x0 >= middle * 0.98 else "left"].append(line)
    for lines in sides.values():
        if not lines:
            continue
        left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
        for line in lines:
            line.column_left, line.column_right = left, right


def _starts_point(line: _Line) -> bool:
    """True when a line begins a list point or numbered paragraph."""
    return bool(_MARKER_RE.match(line.text + " "))


def _new_paragraph(paragraph: _Paragraph, line: _Line) -> bool:
    """Whether `line` starts a new paragraph after `paragraph` on the same page: a new column, a
    list marker, a change of type size, a gap wider than between lines, or a line indented
    further than its paragraph's (past the hanging indent a list point's wrapped lines have)."""
    previous = paragraph.last
    if line.top < previous.top - 0.5 * line.size:
        return True  # a new column
    if _starts_point(line) or abs(line.size - previous.size) > 0.5:
        return True
    hanging = 4 if _starts_point(paragraph.lines[0]) else 2
    gap = line.top - previous.bottom
    return gap > 0.6 * max(line.size, previous.size) or line.x0 > previous.x0 + hanging * line.size


def _paragraphs(page: _Page) -> list[_Paragraph]:
    """The page's lines grouped into paragraphs."""
    paragraphs: list[_Paragraph] = []
    for line in page.lines:
        if paragraphs and not _new_paragraph(paragraphs[-1], line):
            paragraphs[-1].lines.append(line)
        else:
            paragraphs.append(_Paragraph([line], page.number, indent=_indent(line)))
    return paragraphs


def _indent(line: _Line) -> int:
    """Spaces of indent for a list point, from how far in from its column it is printed."""
    if not _starts_point(line):
        return 0
    return max(0, round((line.x0 - line.column_left) / (1.5 * line.size)))


def _is_cut(paragraph: _Paragraph) -> bool:
    """True when a paragraph ends at a column or page break mid-sentence: its last line runs to the
    column's edge and does not end a sentence."""
    last = paragraph.last
    full = last.x1 >= last.column_right - 3 * last.size
    return full and bool(last.text) and last.text[-1] not in _TERMINAL


def _joined(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """Paragraphs a column or page break split, put back together."""
    kept: list[_Paragraph] = []
    for paragraph in paragraphs:
        previous = kept[-1] if kept else None
        first = paragraph.lines[0]
        flowed = previous is not None and (first.page != previous.last.page or first.top < previous.last.top)
        if flowed and _is_cut(previous) and not _starts_point(first) and first.size == previous.last.size:
            previous.lines.extend(paragraph.lines)
        else:
            kept.append(paragraph)
    return kept


def _is_heading(paragraph: _Paragraph, body_size: float) -> bool:
    """A short paragraph set larger than the body text, not a list point: a heading, which the
    parser is told of as a markdown heading does ("## ..."), since it cannot see type sizes."""
    first = paragraph.lines[0]
    return (
        len(paragraph.lines) <= 3
        and all(line.size >= 1.08 * body_size for line in paragraph.lines)
        and not (_starts_point(first) and not re.match(r"\d{1,2}\.?\s", first.text))
    )


def _paragraph_text(paragraph: _Paragraph, vocabulary: set[str]) -> str:
    """A paragraph's lines as one line: hyphenated line ends closed up, bold kept as **...**."""
    text = ""
    for line in paragraph.lines:
        text = _join_line(text, line.text, vocabulary) if text else line.text
    if paragraph.heading:
        return "## " + text
    if all(line.bold for line in paragraph.lines) and not paragraph.footnote:
        marker = _MARKER_RE.match(text + " ")
        head, rest = (text[: marker.end()], text[marker.end() :]) if marker else ("", text)
        text = f"{head}**{rest.strip()}**" if rest.strip() else text
    return " " * paragraph.indent + text


def _join_line(text: str, following: str, vocabulary: set[str]) -> str:
    """Two lines of one paragraph joined, closing up a word broken by a hyphen where that is safe.

    Before a lower-case word: a soft hyphen always goes; a typesetter's hyphen (U+2010, which
    layout engines such as WeasyPrint print at a break; before any letter) goes unless the
    document writes the word with a hyphen elsewhere; a plain hyphen ("multi-" + "agency") stays
    unless the document spells the word whole elsewhere and never hyphenated ("safe-" +
    "guarding" when "safeguarding" is in it).
    """
    broken = following[:1].islower() or (text.endswith("\u2010") and following[:1].isalpha())
    if text.endswith(_HYPHENS) and broken and len(text) > 1 and text[-2].isalpha():
        head = re.search(r"(\w+)\W$", text)
        tail = re.match(r"\w+", following)
        if not (head and tail):
            return text + following
        whole, hyphened = (head.group(1) + tail.group(0)).lower(), f"{head.group(1)}-{tail.group(0)}".lower()
        mark = text[-1]
        if mark == "\u00ad" or (mark == "\u2010" and hyphened not in vocabulary):
            return text[:-1] + following
        if mark == "-" and whole in vocabulary and hyphened not in vocabulary:
            return text[:-1] + following
        return text[:-1] + "-" + following
    if text.endswith("/"):
        return text + following
    return f"{text} {following}"


# --- the whole document --------------------------------------------------------------------------


def _read_pages(data: bytes, progress) -> tuple[list[list[_Line]], float]:
    """Every page's lines, and the widest page's width, calling progress(pages_done, pages_total) after each page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    total = check_pdf(data)
    pages, width = [], 0.0
    params = LAParams(line_margin=0.3, char_margin=2.0, boxes_flow=None)  # boxes are not used: no need to order them
    for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=params, maxpages=MAX_PDF_PAGES), 1):
        pages.append(_page_lines(layout, number))
        width = max(width, layout.width)
        if progress is not None:
            progress(number, total)
    return pages, width


def _body_size(pages: list[list[_Line]]) -> float:
    """The size most of the text is set in (weighted by length)."""
    sizes: Counter = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _document_text(pages: list[list[_Line]], width: float, dropped: set) -> tuple[str, list[tuple[int, int]]]:
    """The text to parse, and (offset, page) where each paragraph starts in it, without the
    `dropped` lines (the page furniture `_furniture` found)."""
    body_size = _body_size(pages)
    kept_pages = []
    for index, lines in enumerate(pages):
        lines = [line for i, line in enumerate(lines) if (index, i) not in dropped]
        body, notes = _split_footnotes(lines, body_size)
        kept_pages.append(_Page(index + 1, body, notes))
    _set_columns(kept_pages, width)
    paragraphs = _joined([paragraph for page in kept_pages for paragraph in _paragraphs(page)])
    for paragraph in paragraphs:
        paragraph.heading = _is_heading(paragraph, body_size)
    notes = [_Paragraph([line], page.number, footnote=True) for page in kept_pages for line in page.footnotes]
    notes = _note_paragraphs(notes)
    vocabulary = {
        word.lower().replace("\u2010", "-")
        for lines in pages
        for line in lines
        for word in re.findall(r"\w+(?:[-\u2010]\w+)*", line.text)
    }
    vocabulary |= {part for word in vocabulary for part in word.split("-")}
    pieces, starts, offset = [], [], 0
    for paragraph in paragraphs + notes:
        text = _paragraph_text(paragraph, vocabulary)
        starts.append((offset, paragraph.page))
        pieces.append(text)
        offset += len(text) + 2
    return "\n\n".join(pieces), starts


def _note_paragraphs(notes: list[_Paragraph]) -> list[_Paragraph]:
    """Footnote lines grouped into notes (a line with a mark starts one), kept after the text so
    they are never read into the middle of an item."""
    grouped: list[_Paragraph] = []
    for note in notes:
        line = note.lines[0]
        if grouped and not _FOOTNOTE_MARK_RE.match(line.text + " ") and grouped[-1].page == note.page:
            grouped[-1].lines.append(line)
        else:
            grouped.append(note)
    for note in grouped:
        mark = _FOOTNOTE_MARK_RE.match(note.lines[0].text + " ")
        if mark:
            digits = re.sub(r"[^\d⁰¹²³⁴⁵⁶⁷⁸⁹]", "", mark.group(0)).translate(_SUPERSCRIPT_DIGITS)
            first = note.lines[0]
            first.text = f"{digits} {first.text[mark.end() :].strip()}" if digits else first.text
    return grouped


def _item_pages(result: ParseResult, text: str, starts: list[tuple[int, int]]) -> None:
    """Set each item's page: the page of the paragraph its wording starts in."""
    flat, positions = _searchable(text)
    offsets = [offset for offset, _ in starts]
    cursor = 0
    for item in result.items:
        probe = _searchable(item.text.split("\n")[0])[0][:40]
        found = flat.find(probe, cursor) if probe else -1
        if found < 0 and probe:
            found = flat.find(probe)
        if found < 0:
            continue
        cursor = found
        original = positions[found]
        item.page = starts[max(0, bisect.bisect_right(offsets, original) - 1)][1]


def _searchable(text: str) -> tuple[str, list[int]]:
    """The text's letters and digits only, lower-cased, with each one's offset in the original:
    an item's wording is found again whatever parse did to its spaces, marks and markup."""
    kept, positions = [], []
    for offset, char in enumerate(text):
        if char.isalnum():
            kept.append(char.lower())
            positions.append(offset)
    return "".join(kept), positions


def pdf_text(data: bytes, progress=None) -> tuple[str, list[tuple[int, int]]]:
    """The PDF's text as `parse` reads it, and where each page's paragraphs start in it."""
    pages, width = _read_pages(data, progress)
    dropped = _furniture(pages)
    letters = sum(
        char.isalpha()
        for page, lines in enumerate(pages)
        for index, line in enumerate(lines)
        if (page, index) not in dropped
        for char in line.text
    )
    if letters < MIN_LETTERS_PER_PAGE * max(1, len(pages)):  # page numbers stamped on a scan are no text layer
        raise UnreadableFile(_scanned_message())
    return _document_text(pages, width, dropped)


def parse_pdf(data: bytes, progress=None) -> ParseResult:
    """The draft items of a PDF, each with the page it starts on.

    progress(pages_done, pages_total) is called after each page is read. Raises only
    UnreadableFile: for the files check_pdf refuses, for a PDF with no text layer (a scan), for
    more text than one import takes (MAX_TEXT_CHARS), and for a file that turns out damaged past
    its first pages.
    """
    try:
        text, starts = pdf_text(data, progress)
        if len(text) > MAX_TEXT_CHARS:
            raise UnreadableFile(_too_much_text_message(len(text), check_pdf(data)))
        result = parse(text)
        _item_pages(result, text, starts)
        return result
    except UnreadableFile:
        raise
    except Exception:
        logger.exception("The PDF importer failed to read a file")
        raise UnreadableFile(_damaged_message()) from None
