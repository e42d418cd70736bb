"""Reading an uploaded file as text: .txt and .md decoded here, .docx handed to learning/importer/word.py.

Every refusal is an UnreadableFile whose message tells the person uploading what to do instead,
because the admin form shows it to them as it is.
"""

import contextlib
import unicodedata
from pathlib import Path

from learning.importer.results import UnreadableFile
from learning.importer.word import docx_text

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
ALLOWED_EXTENSIONS = (".txt", ".md", ".docx")


def read_upload(uploaded_file) -> str:
    """The text of an uploaded .txt, .md or .docx file.

    Raises UnreadableFile, with a plain-English message, for any other kind of file, a file
    that is too large, empty, binary or not decodable as text, or a damaged Word document.
    """
    name = getattr(uploaded_file, "name", "") or ""
    extension = Path(name).suffix.lower()
    if extension == ".pdf":
        raise UnreadableFile(
            "“.pdf” files cannot be imported here: PDFs are accepted by the PDF import, which reads them in "
            "the background and shows its progress. Upload the PDF there, or paste the text."
        )
    if extension not in ALLOWED_EXTENSIONS:
        shown = f"“{extension}” files" if extension else "Files without an extension"
        raise UnreadableFile(f"{shown} cannot be imported. Upload a .txt, .md or .docx file, or paste the text.")
    data = _read_limited(uploaded_file)
    if not data.strip():
        raise UnreadableFile("The file is empty.")
    text = docx_text(data) if extension == ".docx" else _decode_text(data)
    if not text.strip():
        raise UnreadableFile("The file has no text in it.")
    return text


def is_pdf_upload(uploaded_file) -> bool:
    """True for an upload to send to the PDF import: named .pdf, or starting with the PDF header
    "%PDF-" whatever its name (a PDF saved without its extension). Reads only the first bytes."""
    name = getattr(uploaded_file, "name", "") or ""
    if Path(name).suffix.lower() == ".pdf":
        return True
    try:
        if hasattr(uploaded_file, "seek"):
            uploaded_file.seek(0)
        start = uploaded_file.read(1024)
        if hasattr(uploaded_file, "seek"):
            uploaded_file.seek(0)
    except (OSError, ValueError, AttributeError):
        return False
    if isinstance(start, str):
        start = start.encode("utf-8", errors="replace")
    return b"%PDF-" in bytes(start or b"")[:1024]


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
    """The refusal of a file over MAX_UPLOAD_BYTES, with both sizes so the uploader knows how far over it is."""
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
    """The refusal of a file that is not text, naming the likely cause (a renamed PDF or image)."""
    return (
        "The file does not contain readable text (it may be a PDF, an image or another binary file "
        "renamed). Save it as plain text (UTF-8) or as a Word .docx file, or paste the text."
    )
