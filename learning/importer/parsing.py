"""Split the text of a new briefing or summary leaflet into draft learning items.

Pure functions, no database access: the admin import view (learning/admin_import.py) reads
the upload with `read_upload`, splits the text with `parse` and offers themes for each
item with `suggest_themes`; staff then confirm what is saved.

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

Paragraphs outside lists are introduction or narrative, not items, with two exceptions
directly under a kind heading: several paragraphs that each lead into bullets are one item
each (bullets kept inside), and paragraphs standing alone with no list at all are items.
Bullets and plain numbered lists outside any kind heading are items only when the text has
no kind headings at all. If nothing is found, each paragraph becomes an item; a text that
cannot be split at all becomes one item. Every such guess is reported in `warnings`.

The wording is kept as the source gives it. Only the item's own marker is removed, plus
extraction markup: markdown links "[words](#)" become their words, "<http://...>" its
address, and HTML tags are dropped. Emphasis markers (`*`) are kept.
"""

import contextlib
import html
import io
import logging
import math
import re
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import docx  # python-docx
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph

from learning.models import KIND_PLURALS, Kind

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
# A .docx is a zip archive, so a small upload can unpack to gigabytes ("zip bomb"). These limits
# are far above any briefing or report (its document.xml is 1-3 MB), refuse a bomb in
# milliseconds, and keep the costliest file inside them to under a second and 80 MB.
MAX_DOCX_PART_BYTES = 8 * 1024 * 1024  # any one part, unpacked
MAX_DOCX_UNPACKED_BYTES = 16 * 1024 * 1024  # all parts together, unpacked
MAX_DOCX_ENTRIES = 500  # a Word document has a dozen or two parts, plus one per picture
MAX_DOCX_RATIO = 100  # Word's XML shrinks about 10 times; a bomb's hundreds of times
DOCX_RATIO_FLOOR = 1024 * 1024  # small parts may shrink more, and cannot do harm
MAX_DOCX_PARAGRAPHS = 20_000  # paragraphs, in table cells too; a long report has a few thousand
MAX_DOCX_MARKUP = 400_000  # XML elements and attributes, ~250 bytes each parsed; a long report has <100,000
DOCX_READ_CHUNK = 64 * 1024
DOCX_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # all that Word writes
ZIP_ENCRYPTED = 0x1  # general purpose flag bit 0
ALLOWED_EXTENSIONS = (".txt", ".md", ".docx")

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


@dataclass
class ParseResult:
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Reading uploads
# ---------------------------------------------------------------------------


def read_upload(uploaded_file) -> str:
    """The text of an uploaded .txt, .md or .docx file.

    Raises UnreadableFile, with a plain-English message, for any other kind of file, a file
    that is too large, empty, binary or not decodable as text, or a damaged Word document.
    """
    name = getattr(uploaded_file, "name", "") or ""
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        shown = f"“{extension}” files" if extension else "Files without an extension"
        raise UnreadableFile(f"{shown} cannot be imported. Upload a .txt, .md or .docx file, or paste the text.")
    data = _read_limited(uploaded_file)
    if not data.strip():
        raise UnreadableFile("The file is empty.")
    text = _docx_text(data) if extension == ".docx" else _decode_text(data)
    if not text.strip():
        raise UnreadableFile("The file has no text in it.")
    return text


def _read_limited(uploaded_file) -> bytes:
    """The file's bytes, refusing files over MAX_UPLOAD_BYTES (without reading much more)."""
    size = getattr(uploaded_file, "size", None)
    if isinstance(size, int) and size > MAX_UPLOAD_BYTES:
        raise UnreadableFile(_too_large_message(size))
    if hasattr(uploaded_file, "seek"):
        with contextlib.suppress(OSError, ValueError):
            uploaded_file.seek(0)
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(_too_large_message(len(data)))
    return data


def _too_large_message(size: int) -> str:
    limit = MAX_UPLOAD_BYTES / (1024 * 1024)
    return (
        f"The file is too large ({size / (1024 * 1024):.1f} MB); the limit is {limit:g} MB. "
        "Split it, or paste the part with the learning points."
    )


def _decode_text(data: bytes) -> str:
    """Decode a plain-text file: UTF-8 (or UTF-16 with a byte order mark), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(_binary_message()) from None
    if b"\x00" in data:
        raise UnreadableFile(_binary_message())
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(_binary_message())
    if _looks_binary(text):
        raise UnreadableFile(_binary_message())
    return text


def _looks_binary(text: str) -> bool:
    """True when the text has more control characters than a text file would."""
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    return controls > max(8, len(text) // 100)


def _binary_message() -> str:
    return (
        "The file does not contain readable text (it may be a PDF, an image or another binary file "
        "renamed). Save it as plain text (UTF-8) or as a Word .docx file, or paste the text."
    )


def _docx_text(data: bytes) -> str:
    """Paragraphs of a Word document in order: headings as "#" lines, list paragraphs as "- " lines.

    A .docx is a zip archive, so a small upload can unpack to gigabytes ("zip bomb"). Every part
    is unpacked here first, through a read that stops at the limits, and python-docx is handed
    only those checked bytes: it never unpacks anything itself, and its parse and the walk over
    the paragraphs are bounded too.
    """
    parts = _unpacked_docx_parts(data)
    _check_docx_markup(parts)
    package = _rebuilt_package(parts)
    del parts  # python-docx keeps its own copy of every part
    try:
        document = docx.Document(package)
        del package
        lines = _bounded_docx_lines(document)
    except UnreadableFile:
        raise
    except Exception as error:  # python-docx raises many kinds of errors for damaged files
        logger.info("Unreadable .docx upload: %r", error)
        raise UnreadableFile(_corrupt_docx_message()) from None
    return _join_docx_lines(lines)


def _unpacked_docx_parts(data: bytes) -> dict[str, bytes]:
    """{name: unpacked bytes} for every part of the archive, or UnreadableFile.

    The sizes the archive declares are checked first, so a bomb is refused before anything is
    unpacked; they can lie, so each part is then unpacked in chunks and refused as soon as the
    bytes actually produced pass a limit.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_docx_entries(infos)
            parts, unpacked = {}, 0
            for info in infos:
                parts[info.filename] = _read_docx_part(archive, info, MAX_DOCX_UNPACKED_BYTES - unpacked)
                unpacked += len(parts[info.filename])
    except UnreadableFile:
        raise
    # zipfile's errors for damaged, encrypted or oddly compressed archives (UnreadableFile, a
    # ValueError, is re-raised above).
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise UnreadableFile(_corrupt_docx_message()) from None
    return parts


def _check_docx_entries(infos) -> None:
    """Refuse an archive from what it declares: too many parts, parts that are not a Word
    document's, or sizes and compression no real document has."""
    if len(infos) > MAX_DOCX_ENTRIES:
        raise UnreadableFile(_docx_too_many_parts_message(len(infos)))
    names = [info.filename for info in infos]
    if "word/document.xml" not in names or len(set(names)) != len(names):
        raise UnreadableFile(_corrupt_docx_message())  # a part named twice: readers disagree on which counts
    for info in infos:
        if info.compress_type not in DOCX_COMPRESSIONS or info.flag_bits & ZIP_ENCRYPTED:
            raise UnreadableFile(_corrupt_docx_message())
        if info.file_size > MAX_DOCX_PART_BYTES:
            raise UnreadableFile(_docx_too_large_message())
        if _suspiciously_compressed(info.file_size, info.compress_size):
            raise UnreadableFile(_docx_compression_message())
    if sum(info.file_size for info in infos) > MAX_DOCX_UNPACKED_BYTES:
        raise UnreadableFile(_docx_too_large_message())


def _read_docx_part(archive, info, allowance: int) -> bytes:
    """One part's unpacked bytes, read in chunks: refused as soon as it passes the per-part
    limit, the `allowance` left of the total, or a believable compression ratio, whatever its
    header said (zipfile unpacks only as much as each read asks for)."""
    limit = min(MAX_DOCX_PART_BYTES, allowance)
    chunks, size = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(DOCX_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                raise UnreadableFile(_docx_too_large_message())
            if _suspiciously_compressed(size, info.compress_size):
                raise UnreadableFile(_docx_compression_message())
            chunks.append(chunk)
    return b"".join(chunks)


def _suspiciously_compressed(unpacked: int, packed: int) -> bool:
    """True for a large part packed far tighter than any Word document: text and XML shrink
    about ten times, and only a file built to be unpacked ("zip bomb") shrinks hundreds of times."""
    return unpacked > DOCX_RATIO_FLOOR and unpacked > MAX_DOCX_RATIO * max(packed, 1)


def _check_docx_markup(parts: dict[str, bytes]) -> None:
    """Refuse XML with far more elements and attributes than a long report has: parsed, each
    costs about 250 bytes, and 8 MB of empty paragraphs would otherwise take 300 MB. Counting
    "<" less "</", plus "=", is a quick scan that never undercounts them."""
    markup = sum(
        content.count(b"<") - content.count(b"</") + content.count(b"=")
        for name, content in parts.items()
        if name.endswith((".xml", ".rels"))
    )
    if markup > MAX_DOCX_MARKUP:
        raise UnreadableFile(_docx_too_much_markup_message())


def _rebuilt_package(parts: dict[str, bytes]) -> io.BytesIO:
    """The checked parts as a new, uncompressed archive: what python-docx opens is exactly what
    was checked, and storing without compression costs no CPU."""
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    package.seek(0)
    return package


def _bounded_docx_lines(document) -> list[tuple[bool, str]]:
    """The document's (is_list, line) pairs, refused once past MAX_DOCX_PARAGRAPHS paragraphs
    or MAX_TEXT_CHARS characters: the import could not take more text anyway, and stopping
    there keeps a document of millions of tiny or empty paragraphs from taking minutes."""
    lines, characters = [], 0
    for count, line in enumerate(_docx_lines(document), start=1):
        characters += len(line[1])
        if count > MAX_DOCX_PARAGRAPHS or characters > MAX_TEXT_CHARS:
            raise UnreadableFile(_docx_too_long_message())
        lines.append(line)
    return lines


def _docx_too_large_message() -> str:
    part, total = MAX_DOCX_PART_BYTES // (1024 * 1024), MAX_DOCX_UNPACKED_BYTES // (1024 * 1024)
    return (
        f"The Word document is too large to import: unpacked, it comes to more than {part} MB of text and "
        f"formatting or {total} MB in all, far more than a briefing or report needs. Save a copy without "
        "pictures, split it, or paste the text."
    )


def _docx_compression_message() -> str:
    return (
        "The Word document cannot be imported: it is compressed far more than Word compresses a document, "
        "so it may be damaged or made to overload the site. Open it in Word and save it again as .docx, "
        "or paste the text."
    )


def _docx_too_many_parts_message(count: int) -> str:
    return (
        f"The Word document cannot be imported: it is made of {count:,} parts, and the limit is "
        f"{MAX_DOCX_ENTRIES:,}. Save a copy without pictures, or paste the text."
    )


def _docx_too_long_message() -> str:
    return (
        f"The Word document is too long to import in one go: the limit is {MAX_TEXT_CHARS:,} characters "
        f"and {MAX_DOCX_PARAGRAPHS:,} paragraphs. Split it, or paste the part with the learning points."
    )


def _docx_too_much_markup_message() -> str:
    return (
        f"The Word document has too much formatting to import: more than {MAX_DOCX_MARKUP:,} pieces of "
        "layout, far more than a briefing or report has. Split it, or paste the text."
    )


def _corrupt_docx_message() -> str:
    return (
        "The file could not be opened as a Word document: it may be damaged, or an older .doc file "
        "renamed. Open it in Word and save it again as .docx, or paste the text."
    )


def _docx_lines(document):
    """(is_list, line) pairs for the document's paragraphs, tables read row by row."""
    style_name = _style_namer(document)
    for block in document.iter_inner_content():
        paragraphs = _table_paragraphs(block) if isinstance(block, Table) else [block]
        for paragraph in paragraphs:
            yield _docx_paragraph_line(paragraph, style_name(paragraph))


def _table_paragraphs(table):
    """The paragraphs of a table's cells, row by row, each cell once. The rows are read from
    the XML rather than with python-docx's `row.cells`, which repeats a cell once for each
    column it spans (a file can claim a billion) and searches up the table for each cell
    merged with the one above."""
    for row in table._tbl.tr_lst:
        for cell in row.tc_lst:
            if cell.vMerge == "continue":  # merged with the cell above, whose text is read already
                continue
            for paragraph in cell.p_lst:
                yield Paragraph(paragraph, table)


def _style_namer(document):
    """A function giving a paragraph's style name, from a table of the document's styles made
    once. python-docx searches the whole style sheet for each paragraph it is asked about
    (0.4 ms with Word's usual styles, and a file can hold thousands), which made a document
    of many paragraphs take minutes. Same rules: an unknown style, or one that is not a
    paragraph style, means the default paragraph style."""
    first, default = {}, ""
    for style in document.styles:
        first.setdefault(style.style_id, style)
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.element.default:
            default = style.name or ""  # the last default counts
    names = {key: style.name or "" for key, style in first.items() if style.type == WD_STYLE_TYPE.PARAGRAPH}

    def style_name(paragraph) -> str:
        return names.get(paragraph._p.style, default)

    return style_name


def _docx_paragraph_line(paragraph, style: str):
    """One paragraph as (is_list, line)."""
    text = paragraph.text.replace("\r", "").replace("\n", " ").strip()
    level = _docx_list_level(paragraph, style)
    if not text:
        return False, ""
    if level is not None:
        return True, "  " * level + "- " + text
    heading = re.match(r"(?:Heading (\d)|Title)$", style)
    if heading:
        return False, "#" * int(heading.group(1) or 1) + " " + text
    return False, text


def _docx_list_level(paragraph, style: str):
    """0-based list level of a list paragraph, or None if it is not in a list."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is not None and num_pr.numId is not None and num_pr.numId.val != 0:
        return int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
    if style.startswith("List"):
        match = re.search(r"(\d)$", style)
        return int(match.group(1)) - 1 if match else 0
    return None


def _join_docx_lines(lines) -> str:
    """Blank lines between paragraphs; consecutive list paragraphs on consecutive lines."""
    out = []
    previous_list = False
    for is_list, line in lines:
        if not line:
            continue
        if out:
            out.append("\n" if is_list and previous_list else "\n\n")
        out.append(line)
        previous_list = is_list
    return "".join(out)


# ---------------------------------------------------------------------------
# Parsing: public entry point
# ---------------------------------------------------------------------------


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
    blocks = _scan_lines(text)
    blocks = _join_broken_paragraphs(blocks)
    _classify_headings(blocks)
    _fix_lettered_runs(blocks, warnings)
    _fix_repeated_numbers(blocks, warnings)
    drafts, paragraphs = _assemble(blocks)
    if not drafts:
        return _fallback(text, paragraphs, warnings)
    items = [_draft_to_item(draft, index) for index, draft in enumerate(drafts, start=1)]
    items = [item for item in items if item.text]
    if not items:
        return _fallback(text, paragraphs, warnings)
    warnings.extend(_duplicate_locator_warnings(items))
    return ParseResult(items=[_renumber(item, i) for i, item in enumerate(items, start=1)], warnings=warnings)


# ---------------------------------------------------------------------------
# Stage 1: lines to blocks
# ---------------------------------------------------------------------------

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
class _Block:
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
        return " ".join(line for line in self.lines if line)


def _scan_lines(text: str) -> list[_Block]:
    """Group lines into blocks: a marker line starts a list point, following lines continue it."""
    blocks: list[_Block] = []
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
            if _kind_of_heading(_heading_title(stripped)) is None:
                open_block.lines.append(stripped)
                continue
        if block is None:
            block = _Block("text", [line.strip()])
        block.after_blank, blank = blank, False
        blocks.append(block)
        closed = block.type == "heading" or (block.type == "text" and _kind_of_heading(_heading_title(block.text)))
        open_block = None if closed else block
    return blocks


def _indent_of(line: str) -> int:
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
        return _Block("heading", [match.group("rest").rstrip("#").strip()], markdown=True)
    for kind, pattern in (("para", _PARA_RE), ("letter", _LETTER_RE), ("roman", _ROMAN_RE), ("number", _NUMBER_RE)):
        match = pattern.match(body)
        if match:
            raw = match.group("label") if kind != "letter" else match.group("a") or match.group("b") or match.group("c")
            rest = _strip_wrapping_bold(match.group("rest"), bool(match.group("bold")))
            label = raw.lower() if kind == "letter" else raw
            return _Block(kind, [rest], label=label, raw_label=raw, indent=indent)
    match = _BULLET_RE.match(body) or _LOST_BULLET_RE.match(body)
    if match:
        return _Block("bullet", [match.group("rest")], indent=indent)
    return None


def _strip_wrapping_bold(rest: str, opened_bold: bool) -> str:
    """Drop the closing "**" of a line wrapped in bold before its marker ("**3.4 Text**")."""
    if opened_bold and rest.endswith("**"):
        return rest[:-2].rstrip()
    return rest


# ---------------------------------------------------------------------------
# Stage 2: tidy and classify blocks
# ---------------------------------------------------------------------------

_FOOTNOTE_START = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_TERMINAL = ".!?:;"


def _join_broken_paragraphs(blocks: list[_Block]) -> list[_Block]:
    """Rejoin text split by a page break: a paragraph starting in lower case continues the one
    before it (skipping footnotes) when that one does not end a sentence."""
    kept: list[_Block] = []
    for block in blocks:
        starts_lower = block.type == "text" and block.after_blank and _starts_lower(block.lines[0])
        target = _continued_block(kept) if starts_lower else None
        if target is not None:
            target.lines.extend(block.lines)
        else:
            kept.append(block)
    return kept


def _continued_block(kept: list[_Block]):
    """The block a lower-case paragraph continues, if any (looks back past footnotes only)."""
    for block in reversed(kept):
        if block.type == "text" and block.lines[0].startswith(tuple(_FOOTNOTE_START)):
            continue
        if block.type == "heading":
            return None
        last = block.lines[-1].rstrip("*_ ")
        return block if last and last[-1] not in _TERMINAL else None
    return None


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip("*_ ")
    return bool(stripped) and "a" <= stripped[0] <= "z"


def _classify_headings(blocks: list[_Block]) -> None:
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
    return block is not None and block.type == kind


def _is_subheading_bullet(block: _Block, after) -> bool:
    """A top-level bullet that is all bold and introduces paragraphs or points, as reports use."""
    if block.indent or after is None or after.type not in ("para", "letter", "number", "text"):
        return False
    return bool(re.fullmatch(r"\*\*[^*]+\*\*", block.text))


_SECTION_RE = re.compile(r"(?:(?:section|part|chapter)\s+)?(?P<number>\d{1,2})\.?\s+(?P<title>\S.*)$", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"(?:appendix|annex|appendices)\b", re.IGNORECASE)


def _describe_heading(block: _Block, text: str, explicit: bool, numbered_only: bool = False) -> None:
    """Turn the block into a heading if its text reads as one (explicit: it is marked as one)."""
    title = _heading_title(text)
    if not explicit and text.rstrip("*_ ").endswith(":") and _kind_of_heading(title) is None:
        return  # a lead-in ("The review found that:"), not a heading
    section = _SECTION_RE.match(title)
    if section and (explicit or _heading_shaped(section.group("title"))):
        number, title = section.group("number"), section.group("title")
        _make_heading(block, title, _kind_of_heading(title), resets=True, section=number)
        return
    if numbered_only:
        return
    if _APPENDIX_RE.match(title) and (explicit or _heading_shaped(title)):
        _make_heading(block, title, None, resets=True)
        return
    kind = _kind_of_heading(title)
    if kind is not None or explicit or _heading_shaped(title):
        _make_heading(block, title, kind)


def _make_heading(block: _Block, title: str, kind, resets: bool = False, section: str = "") -> None:
    block.type, block.title, block.kind, block.resets, block.section = "heading", title, kind, resets, section


def _heading_title(text: str) -> str:
    """A heading as it should be shown: without markdown, emphasis or a closing colon."""
    title = _clean_inline(text).replace("**", "").strip().strip("*_").strip()
    return title[:-1].rstrip() if title.endswith(":") else title


def _heading_shaped(title: str) -> bool:
    """Short, starts with a capital, and does not end like a sentence or a lead-in."""
    words = title.split()
    if not words or len(words) > 12 or len(title) > 120:
        return False
    if title[-1] in ".,;:" or "://" in title or "@" in title:
        return False
    first = title[0]
    return first.isalpha() and first.isupper() and sum(char.isalpha() for char in title) >= 3


_KIND_HEADINGS = [
    (Kind.KEY_MESSAGE, r"key points to remember|key messages?|messages for (?:practice|practitioners)"),
    (Kind.GOOD_PRACTICE, r"(?:examples of )?good practice|what went well"),
    (Kind.WHAT_HAS_CHANGED, r"what has changed|what's changed|what have we changed|changes to practice"),
    (Kind.RECOMMENDATION, r"recommendations?"),
    (Kind.RESEARCH_FINDING, r"what (?:the )?research (?:tells us|says|shows)|research(?: findings?)?"),
    (Kind.NATIONAL_FINDING, r"national findings?"),
    (Kind.GUIDANCE, r"guidance|further guidance|useful (?:links|resources)"),
    (
        Kind.KEY_LEARNING,
        r"key learning|(?:the )?key points|learning points|lessons learn(?:ed|t)"
        r"|learning for (?:practice|practitioners|professionals)|what (?:we|has been) learn(?:ed|t)",
    ),
]
_KIND_HEADING_RES = [(kind, re.compile(rf"(?:{pattern})\b", re.IGNORECASE)) for kind, pattern in _KIND_HEADINGS]


def _kind_of_heading(title: str):
    """The Kind a heading introduces ("Good practice" -> good_practice), or None."""
    words = title.split()
    if not words or len(words) > 12 or len(title) > 120:
        return None
    if (title.endswith(".") and len(words) > 4) or ". " in title:
        return None
    for kind, pattern in _KIND_HEADING_RES:
        if pattern.match(title):
            return kind
    return None


def _fix_lettered_runs(blocks: list[_Block], warnings: list[str]) -> None:
    """Repair lettered runs: roman sub-points, "I)" read for "l)", and a bullet that lost its letter."""
    _mark_roman_numerals(blocks)
    for index, block in enumerate(blocks):
        if block.type == "letter" and block.raw_label == "I":
            previous, following = _neighbour_letter(blocks, index, -1), _neighbour_letter(blocks, index, +1)
            if _letters_around(previous, following, "l"):
                block.label = "l"
                warnings.append("“I)” between points k) and m) was read as “l)”. Please check.")
        elif block.type == "bullet" and _lost_letter(blocks, index):
            missing = chr(ord(blocks[index - 1].label) + 1)
            block.type, block.label = "letter", missing
            warnings.append(
                f"A bullet between points {blocks[index - 1].label}) and {blocks[index + 1].label}) had no letter; "
                f"it has been given the letter {missing}). Please check."
            )


def _letters_around(previous, following, letter: str) -> bool:
    if previous is None or following is None:
        return False
    return ord(previous.label) + 1 == ord(letter) == ord(following.label) - 1


def _neighbour_letter(blocks: list[_Block], index: int, step: int):
    """The nearest lettered point before (step -1) or after (+1), not looking past a heading."""
    position = index + step
    while 0 <= position < len(blocks):
        block = blocks[position]
        if block.type == "heading":
            return None
        if block.type == "letter":
            return block
        position += step
    return None


def _lost_letter(blocks: list[_Block], index: int) -> bool:
    """A plain bullet directly between lettered points X) and X+2), at their indent."""
    if index == 0 or index + 1 >= len(blocks):
        return False
    before, after = blocks[index - 1], blocks[index + 1]
    if before.type != "letter" or after.type != "letter" or len(before.label) != 1 or len(after.label) != 1:
        return False
    return ord(after.label) - ord(before.label) == 2 and blocks[index].indent == before.indent


def _mark_roman_numerals(blocks: list[_Block]) -> None:
    """ "(i)" after "(b)" is a roman sub-point, not point i; so are "(v)" after "(iv)" and "(x)" after "(ix)"."""
    last_letter = ""
    last_roman = ""
    for index, block in enumerate(blocks):
        if block.type == "heading":
            last_letter = last_roman = ""
        elif block.type == "roman":
            last_roman = block.label
        elif block.type == "letter":
            if _is_roman_letter(blocks, index, last_letter, last_roman):
                block.type = "roman"
            if block.type == "roman":
                last_roman = block.label
            else:
                last_letter, last_roman = block.label, ""


def _is_roman_letter(blocks: list[_Block], index: int, last_letter: str, last_roman: str) -> bool:
    block = blocks[index]
    if block.raw_label == "i":
        return bool(last_letter and last_letter != "h") or _starts_roman_run(blocks, index)
    return (block.label, last_roman) in (("v", "iv"), ("x", "ix"))


def _starts_roman_run(blocks: list[_Block], index: int) -> bool:
    """True when the next list point after blocks[index] is "(ii)"."""
    for block in blocks[index + 1 :]:
        if block.type in LIST_TYPES:
            return block.type == "roman" and block.label == "ii"
    return False


def _fix_repeated_numbers(blocks: list[_Block], warnings: list[str]) -> None:
    """Numbered points that all carry the same number: "1." each time is markdown's way of writing
    1, 2, 3; any other number ("5.", "5.", "5.") means the real numbers were lost."""
    runs: list[list[_Block]] = []
    for block in blocks:
        if block.type == "number":
            if runs and runs[-1] and runs[-1][-1].label == block.label:
                runs[-1].append(block)
            else:
                runs.append([block])
        elif block.type != "bullet":
            runs.append([])
    for run in runs:
        if len(run) > 1 and run[0].label == "1":
            for number, block in enumerate(run, start=1):
                block.label = str(number)
        elif len(run) > 1:
            warnings.append(
                f"{len(run)} paragraphs are all numbered “{run[0].label}.” (the rest of their numbers seems lost); "
                "they have been imported without a locator."
            )
            for block in run:
                block.label = ""


# ---------------------------------------------------------------------------
# Stage 3: blocks to items
# ---------------------------------------------------------------------------


@dataclass
class _Draft:
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

    def apply(self, heading: _Block) -> None:
        if heading.resets:
            self.section, self.kind, self.explicit = heading.section, Kind.KEY_LEARNING, False
        if heading.kind is not None:
            self.kind, self.explicit = heading.kind, True
        self.heading, self.counter = heading.title, 0

    def next_bullet_locator(self) -> str:
        self.counter += 1
        return f"{self.section}.{self.counter}" if self.section else str(self.counter)


def _assemble(blocks: list[_Block]):
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


def _segments(blocks: list[_Block]):
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


def _segment_drafts(contents: list[_Block], state: _State, allow_lists: bool, fresh: bool) -> list[_Draft]:
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


def _count_lead_ins(contents: list[_Block]) -> int:
    """Paragraphs directly followed by bullets."""
    return sum(
        1
        for block, following in zip(contents, contents[1:], strict=False)
        if block.type == "text" and following.type == "bullet"
    )


def _new_draft(state: _State, locator: str, block: _Block, origin: str, keep: bool = True) -> _Draft:
    return _Draft(state.kind, locator, state.heading, list(block.lines), origin, indent=block.indent, keep=keep)


def _draft_to_item(draft: _Draft, position: int) -> ParsedItem:
    """The item's text: its own lines joined, then its sub-bullets as "- " lines."""
    text = _clean_inline(" ".join(line for line in draft.lines if line))
    subs = [_clean_inline(sub) for sub in draft.subs]
    text = "\n".join([text, *(f"- {sub}" for sub in subs if sub)]) if text else "\n".join(f"- {s}" for s in subs if s)
    return ParsedItem(kind=str(draft.kind), locator=draft.locator, heading=draft.heading, text=text, position=position)


def _renumber(item: ParsedItem, position: int) -> ParsedItem:
    item.position = position
    return item


def _fallback(text: str, paragraphs: list[tuple[str, str, str]], warnings: list[str]) -> ParseResult:
    """No list points found: each paragraph is an item, or, with one paragraph or none, the whole text."""
    paragraphs = [(kind, heading, _clean_inline(body)) for kind, heading, body in paragraphs]
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
    lines = (re.sub(r"[ \t]+", " ", _clean_inline(line)).strip() for line in text.split("\n"))
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return ParsedItem(kind=str(kind), locator="", heading="", text=body, position=1)


def _duplicate_locator_warnings(items: list[ParsedItem]) -> list[str]:
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


# ---------------------------------------------------------------------------
# Inline clean-up of extraction markup
# ---------------------------------------------------------------------------

_LINK_RE = re.compile(r"\[(?P<words>[^\[\]\n]*)\]\((?P<url>[^()\s]*)\)")
_AUTOLINK_RE = re.compile(r"<(?P<url>(?:https?://|mailto:|www\.)[^<>\s]+)>")
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_SPACES_RE = re.compile(r"[ \t]+")


def _clean_inline(text: str) -> str:
    """Remove extraction markup from a line, keeping the words: links, autolinks, HTML tags, escapes."""
    if not text:
        return ""
    text = _LINK_RE.sub(_link_words, text)
    text = _AUTOLINK_RE.sub(lambda match: match.group("url").removeprefix("mailto:"), text)
    text = _TAG_RE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return _SPACES_RE.sub(" ", text).strip()


def _link_words(match) -> str:
    """ "[words](#)" -> "words"; a link with a real address keeps the address after the words."""
    words, url = match.group("words").strip(), match.group("url").strip()
    bare = re.sub(r"^(?:https?://|mailto:)", "", url).rstrip("/")
    if not url or url.startswith("#") or bare == words.rstrip("/") or not words:
        return words or url
    return f"{words} ({url})"


# ---------------------------------------------------------------------------
# Theme suggestions
# ---------------------------------------------------------------------------

NAME_WEIGHT = 3
MIN_SCORE = 3.0

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either every few for from further had has
    have having he her here hers him his how however i if in into is it its itself just may me might more most
    must my near need needs no nor not now of off on once only or other our out over own same she should so some
    such than that the their them then there these they this those through to too under until up upon us very
    was we were what when where whether which while who whom why will with within without would you your
    including especially often well make making made sure use using used get getting way ways one two three
    """
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_IRREGULAR = {"children": "child", "men": "man", "women": "woman", "people": "person", "parental": "parent"}
_SUFFIXES = (
    "ational", "ations", "ation", "ating", "ated", "ates", "ate", "ments", "ment", "ness", "ings", "ing",
    "ively", "ive", "ful", "ally", "ly", "ies", "ied", "ed", "es", "er", "s", "e",
)  # fmt: skip
_WORD_RE = re.compile(r"[a-z]+")


def suggest_themes(text, themes, glossary, limit=4) -> list[str]:
    """Theme slugs that suit an item's text, best first, at most `limit`.

    `themes` is a list of (slug, name, description) and `glossary` of (term, expansion).
    Acronyms in the text are expanded first (CSE -> child sexual exploitation). Then each
    theme scores the words (stemmed: bruising ~ bruise) it shares with the text, a word of
    the theme's name counting NAME_WEIGHT times a word of its description, each weighted
    by how few themes use it. Themes scoring under MIN_SCORE are not suggested.
    """
    if not text or not themes or limit <= 0:
        return []
    try:
        index = _theme_index(tuple((str(s), str(n or ""), str(d or "")) for s, n, d in themes))
        expanded = _expand_acronyms(str(text), tuple((str(t), str(e)) for t, e in glossary or ()))
    except (TypeError, ValueError):
        return []
    words = set(_stems(expanded))
    scored = []
    for order, (slug, name_stems, description_stems) in enumerate(index.themes):
        score = NAME_WEIGHT * sum(index.weight[s] for s in name_stems & words)
        score += sum(index.weight[s] for s in description_stems & words)
        if score >= MIN_SCORE:
            scored.append((-score, order, slug))
    return [slug for _, _, slug in sorted(scored)[:limit]]


@dataclass(frozen=True)
class _ThemeIndex:
    themes: tuple  # (slug, name stems, description stems not in the name)
    weight: dict  # stem -> inverse theme frequency


@lru_cache(maxsize=8)
def _theme_index(themes: tuple) -> _ThemeIndex:
    rows = []
    frequency: Counter = Counter()
    for slug, name, description in themes:
        name_stems = frozenset(_stems(name))
        description_stems = frozenset(_stems(description)) - name_stems
        rows.append((slug, name_stems, description_stems))
        frequency.update(name_stems | description_stems)
    total = len(rows)
    weight = {stem: math.log(1 + total / count) for stem, count in frequency.items()}
    return _ThemeIndex(tuple(rows), weight)


def _expand_acronyms(text: str, glossary: tuple) -> str:
    """The text followed by the expansions of the glossary terms it uses (matched case-sensitively)."""
    pattern, expansions = _glossary_matcher(glossary)
    if pattern is None:
        return text
    found = {match.group(0) for match in pattern.finditer(text)}
    return " ".join([text, *(expansions[term] for term in sorted(found))])


@lru_cache(maxsize=8)
def _glossary_matcher(glossary: tuple):
    expansions = {term: expansion for term, expansion in glossary if term.strip()}
    if not expansions:
        return None, {}
    alternatives = "|".join(re.escape(term) for term in sorted(expansions, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), expansions


def _stems(text: str) -> list[str]:
    """Lower-case word stems of the text, without common words."""
    return [_stem(word) for word in _WORD_RE.findall(text.lower()) if word not in _STOPWORDS and len(word) > 2]


def _stem(word: str) -> str:
    """A light suffix-stripping stemmer: enough for bruising/bruises/bruise -> "bruis"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ies", "ied") else stem
    return word
