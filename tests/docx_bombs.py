"""Word documents built to overload an importer ("zip bombs"), for the upload limit tests.

Each starts as a real .docx made by python-docx, so only the part under test is unusual.
"""

import io
import struct
import zipfile

import docx

# One short paragraph, repeated: 38 MB of these compress about 270 times, to about 140 KB.
PARAGRAPH = b"<w:p><w:r><w:t>a) See the child.</w:t></w:r></w:p>"


def real_docx(build=None) -> bytes:
    """A small real Word document, made by python-docx (`build(document)` adds content)."""
    document = docx.Document()
    if build is None:
        document.add_paragraph("Key learning")
    else:
        build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_body(body: bytes, source: bytes | None = None) -> bytes:
    """A real .docx whose word/document.xml body is `body`; every part compressed as Word does."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source or real_docx())) as original, zipfile.ZipFile(out, "w") as archive:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == "word/document.xml":
                head, rest = content.split(b"<w:body>")
                content = head + b"<w:body>" + body + b"<w:sectPr/>" + rest[rest.index(b"</w:body>") :]
            archive.writestr(info.filename, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def bomb(unpacked_bytes: int, paragraph: bytes = PARAGRAPH) -> bytes:
    """A real .docx whose document.xml is `paragraph` repeated to about `unpacked_bytes`."""
    return with_body(paragraph * (unpacked_bytes // len(paragraph)))


def understating(data: bytes, name: str = "word/document.xml", claimed: int = 1000) -> bytes:
    """`data` with the sizes recorded for `name` (in its local header and the central directory)
    changed to say it unpacks to `claimed` bytes, whatever it really unpacks to."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            (length,) = struct.unpack_from("<H", data, start + name_length_at)
            if bytes(data[start + name_at : start + name_at + length]) == encoded:
                struct.pack_into("<I", data, start + size_at, claimed)
            start += 4
    return bytes(data)


def unpacked_sizes(data: bytes) -> dict[str, int]:
    """{part name: the size its header declares}."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: info.file_size for info in archive.infolist()}
