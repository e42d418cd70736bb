"""Word uploads that would unpack to far too much ("zip bombs"), or take minutes to read, are
refused early with a plain message, and python-docx is never asked to open them.

None of these tests times anything: each counts what was unpacked or read instead, so a
regression shows as a number, on any machine.
"""

import io
import re
import zipfile
from collections import Counter
from unittest import mock

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.importer import UnreadableFile, read_upload, word
from tests.docx_bombs import PARAGRAPH, bomb, real_docx, understating, unpacked_sizes, with_body

TOO_LARGE = "The Word document is too large to import"
TOO_COMPRESSED = "compressed far more than Word compresses a document"
DAMAGED = "could not be opened as a Word document"
TOO_LONG = "The Word document is too long to import in one go"


def upload(data, name="briefing.docx"):
    return SimpleUploadedFile(name, data)


@pytest.fixture(scope="module")
def bomb_38_mb():
    """About 140 KB that unpacks to 38 MB: the size in the security review."""
    return bomb(38_000_000)


@pytest.fixture
def unpacked(monkeypatch):
    """{part name: bytes zipfile has unpacked and handed over}, counted as they are read (`refusal`
    clears it first, so building the test's file does not count)."""
    counts = Counter()
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = read(self, n)
        counts[self.name] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return counts


def refusal(data, unpacked=None) -> str:
    """The importer's message refusing `data`, checking that python-docx was never asked to open
    it (a guard stands in for it while the file is read); `unpacked` counts only what the read
    itself unpacked."""
    if unpacked is not None:
        unpacked.clear()
    guard = mock.Mock(side_effect=AssertionError("python-docx was asked to open the file"))
    with mock.patch.object(docx, "Document", guard), pytest.raises(UnreadableFile) as refused:
        read_upload(upload(data))
    assert guard.call_count == 0, f"python-docx was asked to open the file, and the message was: {refused.value}"
    return str(refused.value)


def test_the_bomb_is_what_the_review_describes(bomb_38_mb):
    assert len(bomb_38_mb) < 200_000
    assert unpacked_sizes(bomb_38_mb)["word/document.xml"] > 37_900_000


def test_a_bomb_is_refused_from_its_declared_size_before_anything_is_unpacked(bomb_38_mb, unpacked):
    assert TOO_LARGE in refusal(bomb_38_mb, unpacked)
    assert sum(unpacked.values()) == 0


def test_a_bomb_under_the_size_limits_is_refused_for_how_tightly_it_is_packed(unpacked):
    data = bomb(word.MAX_DOCX_PART_BYTES - 100_000)
    assert unpacked_sizes(data)["word/document.xml"] <= word.MAX_DOCX_PART_BYTES
    assert TOO_COMPRESSED in refusal(data, unpacked)
    assert sum(unpacked.values()) == 0


def test_a_header_that_understates_the_size_gets_no_more_than_it_claims(bomb_38_mb, unpacked):
    lying = understating(bomb_38_mb, claimed=1000)
    assert unpacked_sizes(lying)["word/document.xml"] == 1000
    assert DAMAGED in refusal(lying, unpacked)
    assert unpacked["word/document.xml"] <= 1000


def test_the_read_itself_stops_as_soon_as_a_part_passes_the_size_limit(bomb_38_mb, monkeypatch, unpacked):
    """Even if the declared sizes were believed, the bytes actually unpacked are counted."""
    monkeypatch.setattr(word, "_check_docx_entries", lambda infos: None)
    assert TOO_LARGE in refusal(bomb_38_mb, unpacked)
    assert unpacked["word/document.xml"] <= word.MAX_DOCX_PART_BYTES + word.DOCX_READ_CHUNK


def test_the_read_itself_stops_as_soon_as_a_part_is_packed_too_tightly(monkeypatch, unpacked):
    monkeypatch.setattr(word, "_check_docx_entries", lambda infos: None)
    data = bomb(word.MAX_DOCX_PART_BYTES - 100_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        packed = archive.getinfo("word/document.xml").compress_size
    assert TOO_COMPRESSED in refusal(data, unpacked)
    assert unpacked["word/document.xml"] <= word.MAX_DOCX_RATIO * packed + word.DOCX_READ_CHUNK


def test_an_archive_of_too_many_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real_docx())) as original, zipfile.ZipFile(buffer, "w") as archive:
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        for n in range(word.MAX_DOCX_ENTRIES):
            archive.writestr(f"word/media/image{n}.png", b"x")
    assert re.search(r"it is made of \d{3} parts, and the limit is 500", refusal(buffer.getvalue()))


def test_a_part_named_twice_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real_docx())) as original, zipfile.ZipFile(buffer, "w") as archive:
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("word/document.xml", b"<w:document/>")
    assert DAMAGED in refusal(buffer.getvalue())


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_compression_word_never_uses_is_refused(compression):
    """bzip2 packs a bomb a thousand times tighter than deflate does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real_docx())) as original, zipfile.ZipFile(buffer, "w") as archive:
        for info in original.infolist():
            archive.writestr(info.filename, original.read(info), compress_type=compression)
    assert DAMAGED in refusal(buffer.getvalue())


def test_xml_with_far_more_elements_than_a_report_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(word, "MAX_DOCX_MARKUP", 10_000)
    assert "too much formatting to import" in refusal(with_body(b"<w:p/>" * 6_000))


def test_the_walk_over_the_paragraphs_stops_at_the_paragraph_limit(monkeypatch):
    monkeypatch.setattr(word, "MAX_DOCX_PARAGRAPHS", 100)
    walked = mock.Mock(wraps=word._docx_paragraph_line)
    monkeypatch.setattr(word, "_docx_paragraph_line", walked)
    with pytest.raises(UnreadableFile, match=TOO_LONG):
        read_upload(upload(with_body(PARAGRAPH * 1_000)))
    assert walked.call_count == 101


def test_the_walk_stops_once_there_is_more_text_than_an_import_takes(monkeypatch):
    walked = mock.Mock(wraps=word._docx_paragraph_line)
    monkeypatch.setattr(word, "_docx_paragraph_line", walked)
    long_paragraph = b"<w:p><w:r><w:t>" + b"See the child. " * 6_000 + b"</w:t></w:r></w:p>"  # 90,000 characters
    with pytest.raises(UnreadableFile, match=re.escape("the limit is 200,000 characters")):
        read_upload(upload(with_body(long_paragraph * 10)))
    assert walked.call_count == 3


def test_a_cell_spanning_two_billion_columns_is_read_once(monkeypatch):
    """python-docx's row.cells would repeat the cell once per column it claims to span."""

    def build(document):
        table = document.add_table(rows=1, cols=1)
        table.cell(0, 0).text = "Wide cell"
        table.cell(0, 0)._tc.get_or_add_tcPr().grid_span = 2**31 - 1

    data = real_docx(build)
    monkeypatch.setattr(docx.table._Row, "cells", property(lambda row: pytest.fail("row.cells was used")))
    assert read_upload(upload(data)) == "Wide cell"


def test_a_cell_merged_down_several_rows_is_read_once():
    def build(document):
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).merge(table.cell(2, 0)).text = "Merged down three rows"
        for row in range(3):
            table.cell(row, 1).text = f"Row {row + 1}"

    text = read_upload(upload(real_docx(build)))
    assert text.split("\n\n") == ["Merged down three rows", "Row 1", "Row 2", "Row 3"]


def test_paragraph_styles_are_named_as_python_docx_names_them():
    def build(document):
        document.add_heading("A heading", level=2)
        document.add_paragraph("A bullet.", style="List Bullet 2")
        document.add_paragraph("Plain.")
        unknown = document.add_paragraph("Unknown style.")
        unknown._p.get_or_add_pPr().style = "NoSuchStyle"
        character = document.add_paragraph("A character style's id.")
        character._p.get_or_add_pPr().style = "Heading1Char"

    document = docx.Document(io.BytesIO(real_docx(build)))
    style_name = word._style_namer(document)
    assert [style_name(p) for p in document.paragraphs] == [p.style.name for p in document.paragraphs]
    assert [style_name(p) for p in document.paragraphs] == ["Heading 2", "List Bullet 2", "Normal", "Normal", "Normal"]


def test_a_long_real_report_is_well_inside_the_limits(unpacked):
    paragraphs = 1_500  # about 140,000 characters, near the limit of 200,000

    def build(document):
        for n in range(paragraphs):
            document.add_heading(f"Section {n}", level=2) if n % 50 == 0 else None
            run = document.add_paragraph(style="List Bullet").add_run(
                f"Point {n}: practitioners should see the child on their own and record what the child says."
            )
            run.bold = n % 7 == 0

    data = real_docx(build)
    unpacked.clear()
    text = read_upload(upload(data))
    assert text.count("- Point ") == paragraphs
    assert "## Section 50" in text
    sizes = unpacked_sizes(data)
    assert sizes["word/document.xml"] < word.MAX_DOCX_PART_BYTES / 4
    assert unpacked["word/document.xml"] >= sizes["word/document.xml"]  # read whole, through the checks
