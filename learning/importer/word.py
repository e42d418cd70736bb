"""Reading a Word document (.docx) as text, bounded against files built to overload the site.

A .docx is a zip archive, so a small upload can unpack to gigabytes ("zip bomb"). Every part is
unpacked here first, through a read that stops at the limits below, and python-docx is handed
only those checked bytes: it never unpacks anything itself, and its parse and the walk over the
paragraphs are bounded too. The text comes out as the importer's parser reads it: headings as
"#" lines, list paragraphs as "- " lines, tables row by row.
"""

import io
import logging
import re
import zipfile
import zlib

import docx  # python-docx
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph

from learning.importer.results import MAX_TEXT_CHARS, UnreadableFile

logger = logging.getLogger(__name__)

# These limits are far above any briefing or report (its document.xml is 1-3 MB), refuse a bomb in
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


def docx_text(data: bytes) -> str:
    """Paragraphs of a Word document in order: headings as "#" lines, list paragraphs as "- " lines.

    Raises UnreadableFile for a damaged document or one past the limits, checked in the order
    that costs least: what the archive declares, the bytes unpacked, the markup, then the walk.
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
