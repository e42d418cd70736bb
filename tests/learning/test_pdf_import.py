"""Reading PDFs for the importer (learning/importer/pdf.py): `check_pdf` and `parse_pdf`.

The PDFs are made at test time from the seed texts (tests/learning/pdf_samples.py) in the layouts
boards' reports use. The expectation is what `parse` makes of the seed text itself: the same
items, kinds, locators and headings, worded alike (compared after collapsing whitespace and
removing emphasis markers), with the page each item starts on. No database is needed.
"""

import random
import re
import time

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from learning import importer
from learning.importer import MAX_PDF_PAGES, ParsedItem, UnreadableFile, check_pdf, parse, parse_pdf
from learning.importer.pdf import _join_line, pdf_text
from tests.learning import pdf_samples

QUICK = 1.0  # seconds: every refusal is given while the upload request is open


def normalise(text):
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def squashed(text):
    """Letters and digits only, lower case: how an item's wording is looked for in a page's text."""
    return "".join(char.lower() for char in text if char.isalnum())


def described(items):
    return [(item.kind, item.locator, item.heading, normalise(item.text)) for item in items]


@pytest.fixture(scope="session")
def good_pdfs():
    return {name: pdf_samples.good_pdf(name) for name in pdf_samples.GOOD_LAYOUTS}


@pytest.fixture(scope="session")
def imported(good_pdfs):
    return {name: parse_pdf(data) for name, data in good_pdfs.items()}


@pytest.fixture(scope="session")
def page_texts(good_pdfs):
    """name -> the squashed text of each page, read independently of the importer."""
    import io

    from pdfminer.high_level import extract_text

    return {
        name: [squashed(page) for page in extract_text(io.BytesIO(data)).split("\f")]
        for name, data in good_pdfs.items()
    }


@pytest.fixture(scope="session")
def bad_pdfs():
    return {
        "encrypted": pdf_samples.encrypted_pdf(),
        "truncated": pdf_samples.truncated_pdf(),
        "garbage": pdf_samples.garbage_pdf(),
        "html": pdf_samples.html_renamed(),
        "too many pages": pdf_samples.many_pages_pdf(MAX_PDF_PAGES + 1),
        "500 pages": pdf_samples.many_pages_pdf(500),
        "no pages": pdf_samples.no_pages_pdf(),
        "empty": b"",
        "too large": b"%PDF-1.7\n" + b"0" * importer.MAX_PDF_BYTES + b"\n%%EOF\n",
    }


# --- good PDFs: the seed items word for word, with their pages ------------------------------------


@pytest.mark.parametrize("name", list(pdf_samples.GOOD_LAYOUTS))
def test_each_layout_yields_the_seed_items_word_for_word(imported, name):
    seed, _ = pdf_samples.GOOD_LAYOUTS[name]
    expected = parse(pdf_samples.seed_text(seed))

    assert expected.items
    assert described(imported[name].items) == described(expected.items)


def test_babies_leaflet_points_match_the_fixture_short_wording(imported):
    path = pdf_samples.SOURCES.parent / "publications" / "derby-review-2008-2014-part1.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    fixture = {r["fields"]["key"]: r["fields"] for r in records if r["model"] == "learning.learningitem"}
    points = [item for item in imported["leaflet_lettered"].items if item.kind == "key_learning"]

    assert [point.locator for point in points] == list("abcdefghijklmnopqrs")
    for point in points:
        assert normalise(point.text) == normalise(fixture[f"5-{point.locator}"]["short_text"]), point.locator


@pytest.mark.parametrize("name", list(pdf_samples.GOOD_LAYOUTS))
def test_each_item_records_the_page_it_starts_on(imported, page_texts, name):
    pages = page_texts[name]
    for item in imported[name].items:
        assert item.page is not None, item.text[:60]
        start = squashed(item.text)[:20]
        assert start in pages[item.page - 1], (item.page, item.text[:60])
        earlier = "".join(pages[: item.page - 1])
        assert start not in earlier or item.text.split()[0] in ("-",) or pages.count(start) != 1


def test_pages_run_in_order_and_reach_the_last_pages(imported, good_pdfs):
    for name, result in imported.items():
        pages = [item.page for item in result.items]
        assert pages == sorted(pages), name
        assert pages[-1] >= 2, name


def test_a_two_column_page_is_read_column_by_column(imported):
    items = {item.locator: item for item in imported["leaflet_two_columns"].items if item.kind == "key_learning"}

    assert list(items) == list("abcdefghijklmnopqrstuvwxy")
    assert items["m"].text.endswith("before disregarding the suspicion or concern about abuse.")


@pytest.mark.parametrize("name", list(pdf_samples.GOOD_LAYOUTS))
def test_running_headers_footers_and_page_numbers_are_dropped(good_pdfs, imported, name):
    text, _ = pdf_text(good_pdfs[name])
    paragraphs = [paragraph.strip() for paragraph in text.split("\n\n")]
    _, options = pdf_samples.GOOD_LAYOUTS[name]
    header = options.get("header", pdf_samples.RUNNING_HEADER)

    assert header not in paragraphs
    if options["footer"] == "bare":  # (elsewhere a table of contents has numbers of its own)
        assert not [p for p in paragraphs if re.fullmatch(r"\d+", p)]
    assert not re.search(r"Page \d+ of \d+", text)
    for item in imported[name].items:
        assert not re.search(r"Page \d+ of \d+", item.text)
        assert not item.text.startswith(header + " ")


def test_footnotes_are_kept_out_of_the_items_and_the_paragraphs_they_fall_in(good_pdfs, imported):
    text, _ = pdf_text(good_pdfs["briefing_footnotes"])
    items = " ".join(item.text for item in imported["briefing_footnotes"].items)

    assert "¹ Professionals is a collective term used in the briefing to include practitioners and managers" in text
    assert "² Wellbeing: Why it Matters to health policy DOH" in text
    assert "collective term" not in items and "Why it Matters" not in items
    # the footnote at the foot of page 1 is not read into the paragraph it interrupts, which reads
    # on across the page break ("... behaviour. All" | footnote | footer | "professionals should ...")
    assert "through their behaviour. All professionals should seek to understand" in text
    assert "physical and\n\nemotional development" in text  # as the seed text has it
    assert "help all professionals¹ coming into contact" in text


def test_progress_is_reported_after_each_page(good_pdfs):
    calls = []
    parse_pdf(good_pdfs["leaflet_lettered"], progress=lambda done, total: calls.append((done, total)))
    total = check_pdf(good_pdfs["leaflet_lettered"])

    assert calls == [(page, total) for page in range(1, total + 1)]


def test_check_pdf_counts_the_pages_of_a_good_pdf(good_pdfs):
    assert check_pdf(good_pdfs["report_tables"]) >= 20
    assert check_pdf(good_pdfs["leaflet_lettered"]) >= 2


# --- line joining -------------------------------------------------------------------------------


def test_hyphenated_line_ends_keep_the_hyphen_unless_the_document_spells_the_word_whole():
    vocabulary = {"safeguarding", "multi-agency", "multi", "agency"}

    assert _join_line("a multi-", "agency meeting", vocabulary) == "a multi-agency meeting"
    assert _join_line("children's safe-", "guarding needs", vocabulary) == "children's safeguarding needs"
    assert _join_line("a well-", "known risk", vocabulary) == "a well-known risk"
    assert _join_line("welfare/", "safeguarding", vocabulary) == "welfare/safeguarding"
    assert _join_line("the end of a", "line", vocabulary) == "the end of a line"


# --- bad PDFs: a clear message, quickly ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("encrypted", "protected with a password"),
        ("truncated", "damaged or incomplete"),
        ("garbage", "damaged or incomplete"),
        ("html", "is not a PDF"),
        ("too many pages", f"has {MAX_PDF_PAGES + 1} pages; the limit is {MAX_PDF_PAGES}"),
        ("500 pages", f"has 500 pages; the limit is {MAX_PDF_PAGES}"),
        ("no pages", "no pages"),
        ("empty", "The file is empty."),
        ("too large", "the limit is 20 MB"),
    ],
)
def test_check_pdf_and_parse_pdf_refuse_bad_files_quickly_and_clearly(bad_pdfs, name, message):
    for read in (check_pdf, parse_pdf):
        started = time.perf_counter()
        with pytest.raises(UnreadableFile, match=re.escape(message)):
            read(bad_pdfs[name])
        assert time.perf_counter() - started < QUICK, (name, read.__name__)


def test_a_scanned_pdf_with_no_text_layer_says_so():
    data = pdf_samples.image_only_pdf()

    assert check_pdf(data) == 1  # it is a good PDF: only reading it finds there is no text
    with pytest.raises(UnreadableFile, match="This PDF has no text layer; it looks scanned") as caught:
        parse_pdf(data)
    assert "OCR" in str(caught.value) and "paste the text" in str(caught.value)


def test_more_text_than_one_import_takes_is_refused_with_the_numbers(good_pdfs, monkeypatch):
    from learning.importer import pdf

    monkeypatch.setattr(pdf, "MAX_TEXT_CHARS", 1000)
    with pytest.raises(UnreadableFile, match=r"too much text to import in one go: [\d,]+ characters over 3 pages"):
        parse_pdf(good_pdfs["leaflet_lettered"])


def test_a_scan_stamped_with_page_numbers_is_still_a_scan():
    data = pdf_samples.scanned_with_page_numbers_pdf()

    assert check_pdf(data) >= 2
    with pytest.raises(UnreadableFile, match="no text layer"):
        parse_pdf(data)


def test_parse_pdf_never_raises_anything_but_unreadable_file(good_pdfs):
    data = good_pdfs["leaflet_lettered"]
    rng = random.Random(15)
    for _ in range(12):
        damaged = bytearray(data)
        for _ in range(30):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            result = parse_pdf(bytes(damaged))
        except UnreadableFile as error:
            assert str(error)
        else:
            assert isinstance(result, importer.ParseResult)


# --- uploads --------------------------------------------------------------------------------------


def test_is_pdf_upload_by_extension_or_header():
    assert importer.is_pdf_upload(SimpleUploadedFile("Report.PDF", b"anything"))
    assert importer.is_pdf_upload(SimpleUploadedFile("report", b"%PDF-1.7\n..."))
    assert not importer.is_pdf_upload(SimpleUploadedFile("report.docx", b"PK\x03\x04"))
    upload = SimpleUploadedFile("notes.txt", b"%PDF- is how a PDF starts")
    assert importer.is_pdf_upload(upload)
    assert upload.read() == b"%PDF- is how a PDF starts"  # left at the start for the next reader


def test_read_upload_points_a_pdf_to_the_pdf_import():
    with pytest.raises(UnreadableFile, match="PDFs are accepted by the PDF import"):
        importer.read_upload(SimpleUploadedFile("leaflet.pdf", b"%PDF-1.4 ..."))


def test_parsed_items_made_without_a_page_have_none():
    assert ParsedItem("key_learning", "a", "", "Text.", 1).page is None
