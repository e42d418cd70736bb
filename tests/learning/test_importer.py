"""The briefing importer, a pure text-processing package (learning/importer/).

The seed texts in fixtures/sources are the expectations: what the importer makes of a leaflet
must be what the fixture authors transcribed from it (fixtures/publications/*.yaml), compared
after collapsing whitespace and removing emphasis markers (`*`). No database is needed.
"""

import io
import random
import re
import time
import zipfile
from functools import cache
from pathlib import Path

import docx
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from learning import importer
from learning.importer import ParseResult, UnreadableFile, parse, read_upload, suggest_themes, word
from learning.models import Kind

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
SOURCES = FIXTURES / "sources"
DATA = Path(__file__).parent / "importer_data"

BABIES_LEAFLET = "002_eacca62d01bae456.txt"
SCHOOL_BRIEFING = "001_c811a18aa570b94e.txt"
SCHOOL_LEAFLET = "000_f40744b20be3e1c0.txt"
NEWSLETTER = "003_ceb06dae05745a7b.txt"
FULL_REPORT = "004_7a72fb35b4b18df3.txt"


# --- helpers ---------------------------------------------------------------------------------


def normalise(text):
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


@cache
def fixture_items(publication_file):
    """key -> fields of the learning items in fixtures/publications/<publication_file>.yaml."""
    records = yaml.safe_load((FIXTURES / "publications" / f"{publication_file}.yaml").read_text(encoding="utf-8"))
    return {r["fields"]["key"]: r["fields"] for r in records if r["model"] == "learning.learningitem"}


@cache
def parsed_source(filename):
    return parse((SOURCES / filename).read_text(encoding="utf-8"))


@cache
def taxonomy():
    records = yaml.safe_load((FIXTURES / "taxonomy.yaml").read_text(encoding="utf-8"))
    themes = [
        (r["fields"]["slug"], r["fields"]["name"], r["fields"]["description"])
        for r in records
        if r["model"] == "learning.theme"
    ]
    glossary_records = yaml.safe_load((FIXTURES / "glossary.yaml").read_text(encoding="utf-8"))
    glossary = [(r["fields"]["term"], r["fields"]["expansion"]) for r in glossary_records]
    return themes, glossary


def of_kind(result, kind):
    return [item for item in result.items if item.kind == kind]


def upload(name, content):
    return SimpleUploadedFile(name, content)


def docx_bytes(build):
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the babies and pre-school leaflet (002) ---------------------------------------------------


def test_babies_leaflet_gives_points_a_to_s_worded_as_the_fixture_short_text():
    expected = fixture_items("derby-review-2008-2014-part1")
    points = of_kind(parsed_source(BABIES_LEAFLET), Kind.KEY_LEARNING)

    assert [p.locator for p in points] == list("abcdefghijklmnopqrs")
    for point in points:
        fixture = expected[f"5-{point.locator}"]
        assert fixture["short_locator"] == point.locator
        assert normalise(point.text) == normalise(fixture["short_text"]), point.locator
        assert point.heading == "Working with babies and pre-school children"


def test_babies_leaflet_bullet_that_lost_its_letter_becomes_l_with_a_warning():
    result = parsed_source(BABIES_LEAFLET)
    point_l = next(item for item in result.items if item.locator == "l")

    assert point_l.text.startswith("Strategy meetings minutes should be taken")
    assert any("given the letter l)" in warning for warning in result.warnings)


def test_babies_leaflet_key_points_to_remember_are_seven_key_messages():
    expected = fixture_items("derby-babies-summary")
    messages = of_kind(parsed_source(BABIES_LEAFLET), Kind.KEY_MESSAGE)

    assert len(messages) == 7
    assert [(m.locator, m.text) for m in messages] == [
        (expected[f"kp-{n}"]["locator"], expected[f"kp-{n}"]["text"]) for n in range(1, 8)
    ]
    assert {m.heading for m in messages} == {"Key points to remember"}


def test_babies_leaflet_introduction_and_footer_are_not_items():
    result = parsed_source(BABIES_LEAFLET)

    assert len(result.items) == 19 + 7
    assert [item.position for item in result.items] == list(range(1, 27))
    assert not any("summary version" in item.text or "dscb@derby.gov.uk" in item.text for item in result.items)


# --- the partnership briefing (001) -----------------------------------------------------------


def test_school_age_briefing_key_learning_is_the_fixture_s_23_items():
    expected = [f for f in fixture_items("ddscp-school-age-briefing").values() if f["kind"] == Kind.KEY_LEARNING]
    items = of_kind(parsed_source(SCHOOL_BRIEFING), Kind.KEY_LEARNING)

    assert len(expected) == 23
    assert [normalise(i.text) for i in items] == [normalise(f["text"]) for f in expected]
    assert [i.locator for i in items] == [f["locator"] for f in expected]  # "1.1" ... "4.7"
    assert len(parsed_source(SCHOOL_BRIEFING).items) == 23  # introductions and their bullets are not items


def test_school_age_briefing_keeps_sub_bullets_inside_their_parent():
    items = {i.locator: i for i in parsed_source(SCHOOL_BRIEFING).items}
    expected = fixture_items("ddscp-school-age-briefing")

    # a lead-in paragraph with its bullets (section 1), and indented bullets (sections 3 and 4)
    assert items["1.4"].text.count("\n- ") == 4
    sub_bullets = [normalise(line) for line in items["3.2"].text.splitlines()[1:]]
    assert sub_bullets == [normalise(line) for line in expected["3-kl-2"]["text"].splitlines()[1:]]
    assert items["4.7"].text.count("\n- ") == 5


def test_school_age_briefing_links_become_their_words_as_the_fixture_s_source_fixes_record():
    items = parsed_source(SCHOOL_BRIEFING).items
    fixtures = fixture_items("ddscp-school-age-briefing").values()
    fixes = [fix for f in fixtures if f["kind"] == Kind.KEY_LEARNING for fix in f["source_fixes"]]
    all_text = "\n".join(item.text for item in items)

    assert len(fixes) >= 10 and all(fix["source"].endswith("](#)") for fix in fixes)
    assert all(fix["text"] in all_text and fix["source"] not in all_text for fix in fixes)
    assert "](" not in all_text and "[" not in all_text
    assert {i.heading for i in items} == {"Key learning for professionals", "Key learning for professionals includes"}


# --- the school age leaflet (000) -------------------------------------------------------------


def test_school_leaflet_gives_points_a_to_y_reading_capital_I_as_l():
    expected = fixture_items("derby-review-2008-2014-part2")
    result = parsed_source(SCHOOL_LEAFLET)
    points = of_kind(result, Kind.KEY_LEARNING)

    assert [p.locator for p in points] == list("abcdefghijklmnopqrstuvwxy")
    for point in points:
        assert normalise(point.text) == normalise(expected[f"6-{point.locator}"]["short_text"]), point.locator
    assert any("“I)” between points k) and m) was read as “l)”" in warning for warning in result.warnings)


def test_school_leaflet_key_points_to_remember():
    expected = fixture_items("derby-school-age-summary")
    messages = of_kind(parsed_source(SCHOOL_LEAFLET), Kind.KEY_MESSAGE)

    assert [m.text for m in messages] == [expected[f"kp-{n}"]["text"] for n in range(1, 7)]


# --- numbered paragraphs: the full report (004) -----------------------------------------------


@pytest.mark.parametrize("publication", ["derby-review-2008-2014-part1", "derby-review-2008-2014-part2"])
def test_full_report_numbered_paragraphs_and_lettered_points_match_the_fixture(publication):
    items_by_text = {normalise(item.text): item for item in parsed_source(FULL_REPORT).items}
    marked = {
        key: f
        for key, f in fixture_items(publication).items()
        if f["locator"] and f["kind"] in (Kind.KEY_LEARNING, Kind.GOOD_PRACTICE, Kind.WHAT_HAS_CHANGED)
    }

    assert len(marked) >= 35
    for key, fixture in marked.items():
        item = items_by_text.get(normalise(fixture["text"]))
        assert item is not None, key
        assert (item.kind, item.locator) == (fixture["kind"], fixture["locator"]), key
        if fixture["title"]:  # what-has-changed paragraphs stand under their own headings
            assert item.heading == fixture["title"], key


def test_full_report_paragraphs_that_lost_their_numbers_are_kept_without_a_locator():
    result = parsed_source(FULL_REPORT)
    expected = fixture_items("derby-review-2008-2014-part1")
    texts = {normalise(item.text): item for item in result.items}

    for key in ("5-whc-epo-1", "5-whc-epo-2", "5-whc-epo-3"):
        item = texts[normalise(expected[key]["text"])]
        assert (item.kind, item.locator) == (Kind.WHAT_HAS_CHANGED, "")
    assert any("all numbered “5.”" in warning for warning in result.warnings)
    assert any("used more than once" in warning for warning in result.warnings)  # a) ... in sections 5 and 6


def test_full_report_joins_a_point_split_by_a_page_break():
    item = next(i for i in parsed_source(FULL_REPORT).items if i.locator == "q")

    assert normalise(item.text) == normalise(fixture_items("derby-review-2008-2014-part1")["5-q"]["text"])


def test_numbered_paragraphs_under_headings():
    text = """Good practice

5.1 A practitioner recognised the risk from the first home visit.

5.2 A social worker challenged the decision not to hold a conference.

What has changed

5.3 An escalation policy was published.
- It is reviewed every year.
"""
    result = parse(text)

    assert [(i.kind, i.locator, i.text) for i in result.items] == [
        (Kind.GOOD_PRACTICE, "5.1", "A practitioner recognised the risk from the first home visit."),
        (Kind.GOOD_PRACTICE, "5.2", "A social worker challenged the decision not to hold a conference."),
        (Kind.WHAT_HAS_CHANGED, "5.3", "An escalation policy was published.\n- It is reviewed every year."),
    ]
    assert result.warnings == []


# --- the newsletter (003): lost bullets, recommendations, numbered research ---------------------


def test_newsletter_lists_match_the_fixture():
    expected = fixture_items("leicestershire-rutland-learning-review-2")
    result = parsed_source(NEWSLETTER)
    texts = {normalise(item.text): item for item in result.items}

    listed = {k: f for k, f in expected.items() if f["locator"]}
    assert len(listed) == 9 + 3 + 3 + 7 + 10
    for key, fixture in listed.items():
        item = texts[normalise(fixture["text"])]
        assert (item.kind, item.locator) == (fixture["kind"], fixture["locator"]), key
    assert len(result.items) == len(listed)  # the narrative about the Munro review is not split into items


# --- markers, headings and kinds --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "locator"),
    [
        ("- a) Share information early.", "a"),
        ("a) Share information early.", "a"),
        ("(a) Share information early.", "a"),
        ("5.1 Share information early.", "5.1"),
        ("**5.1 Share information early.**", "5.1"),
        ("1. Share information early.", "1"),
        ("1) Share information early.", "1"),
        ("- Share information early.", "1"),
        ("• Share information early.", "1"),
        ("* Share information early.", "1"),
        ("..Share information early.", "1"),
        ("\uf0b7 Share information early.", "1"),
    ],
)
def test_the_item_s_own_marker_is_removed(line, locator):
    result = parse(f"{line}\n{line.replace('early', 'often').replace('5.1', '5.2').replace('a)', 'b)')}")

    assert result.items[0].text == "Share information early."
    assert result.items[0].locator == locator


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Good practice", Kind.GOOD_PRACTICE),
        ("Examples of good practice", Kind.GOOD_PRACTICE),
        ("What has changed in Derby?", Kind.WHAT_HAS_CHANGED),
        ("Key learning", Kind.KEY_LEARNING),
        ("Key learning for professionals", Kind.KEY_LEARNING),
        ("Key points", Kind.KEY_LEARNING),
        ("Recommendations", Kind.RECOMMENDATION),
        ("Recommendations for practice:", Kind.RECOMMENDATION),
        ("Key messages", Kind.KEY_MESSAGE),
        ("Key points to remember:", Kind.KEY_MESSAGE),
        ("Research", Kind.RESEARCH_FINDING),
        ("What research tells us", Kind.RESEARCH_FINDING),
        ("## National findings", Kind.NATIONAL_FINDING),
        ("### **Good Practice**", Kind.GOOD_PRACTICE),
    ],
)
def test_headings_set_the_kind_of_what_follows(heading, kind):
    result = parse(f"Introduction to the leaflet.\n\n{heading}\n\n- First point.\n- Second point.")

    assert [(i.kind, i.text) for i in result.items] == [(kind, "First point."), (kind, "Second point.")]
    assert result.items[0].heading == heading.strip("#* :")


def test_kind_defaults_to_key_learning_and_a_numbered_section_heading_ends_a_kind():
    text = "z) Point z.\n\nKey messages\n\n- Message.\n\n2 Working with teenagers\n\na) Point a.\nb) Point b."
    result = parse(text)

    assert [(i.kind, i.locator, i.heading) for i in result.items] == [
        (Kind.KEY_LEARNING, "z", ""),
        (Kind.KEY_MESSAGE, "1", "Key messages"),
        (Kind.KEY_LEARNING, "a", "Working with teenagers"),
        (Kind.KEY_LEARNING, "b", "Working with teenagers"),
    ]


def test_introduction_paragraphs_and_background_lists_are_not_items():
    text = """Introduction

This leaflet sets out the learning from a review. The review found that:

- the family moved three times;
- the child was not registered with a GP.

Key learning

- Check that every child is registered with a GP.
- Share information when a family moves.
"""
    result = parse(text)

    assert [i.text for i in result.items] == [
        "Check that every child is registered with a GP.",
        "Share information when a family moves.",
    ]


def test_paragraphs_directly_under_a_kind_heading_with_no_list_are_items():
    result = parse("Good practice\n\nA health visitor who persisted.\n\nA teacher who listened.")

    assert [(i.kind, i.locator, i.text) for i in result.items] == [
        (Kind.GOOD_PRACTICE, "", "A health visitor who persisted."),
        (Kind.GOOD_PRACTICE, "", "A teacher who listened."),
    ]


def test_bullets_after_a_lettered_point_and_indented_bullets_are_sub_bullets():
    text = (
        "a) Use the toolkit.\n- Complete it with the family.\nb) Record the outcome.\n\n"
        "Key messages\n\n- Top.\n  - Under.\n- Next."
    )
    result = parse(text)

    assert [i.text for i in result.items] == [
        "Use the toolkit.\n- Complete it with the family.",
        "Record the outcome.",
        "Top.\n- Under.",
        "Next.",
    ]


def test_roman_numerals_after_a_lettered_point_are_its_sub_points():
    result = parse("(a) abuse is suspected; and\n\n(b) either —\n\n(i) the child has died; or\n\n(ii) was harmed.")

    assert [(i.locator, i.text) for i in result.items] == [
        ("a", "abuse is suspected; and"),
        ("b", "either —\n- (i) the child has died; or\n- (ii) was harmed."),
    ]


def test_extraction_markup_and_bold_are_removed_but_italic_kept():
    result = parse(
        "- Read the [Threshold Document](#) and <http://example.org/a>.\n"
        "- Year 6<sup>th</sup> pupils &amp; staff, **bold**, __bold__, stray ** and *italic*.\n"
        "- See [the site](https://example.org/page)."
    )

    assert [i.text for i in result.items] == [
        "Read the Threshold Document and http://example.org/a.",
        "Year 6th pupils & staff, bold, bold, stray and *italic*.",
        "See the site (https://example.org/page).",
    ]


# --- what cannot be split -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t \n", None, "\x00\x00\n\x00", "<b></b>"])
def test_empty_text_gives_no_items_and_a_warning(text):
    result = parse(text)

    assert result.items == []
    assert result.warnings == [importer.NO_TEXT] == ["There was no text to import."]


def test_enormous_text_gives_no_items_and_a_warning():
    result = parse("- A point.\n" * 30_000)

    assert result.items == []
    assert len(result.warnings) == 1 and "too long" in result.warnings[0]


def test_text_that_cannot_be_split_is_one_item_with_a_warning():
    text = "Practitioners should always   consider the lived experience of the child, and record it."
    result = parse(text)

    assert [(i.kind, i.locator, i.text) for i in result.items] == [
        (
            Kind.KEY_LEARNING,
            "",
            "Practitioners should always consider the lived experience of the child, and record it.",
        )
    ]
    assert len(result.warnings) == 1 and "kept as one item" in result.warnings[0]


def test_paragraphs_become_items_when_nothing_else_is_found():
    result = parse("The first finding.\n\nThe second finding,\nwrapped over two lines.")

    assert [i.text for i in result.items] == ["The first finding.", "The second finding, wrapped over two lines."]
    assert len(result.warnings) == 1 and "each paragraph has been made an item" in result.warnings[0]


HOSTILE = [
    "\x00" * 1000,
    "a" * 199_000,
    " " * 150_000 + "x",
    "[" * 100_000,
    "[" + "a" * 90_000 + "](" + "b" * 90_000,
    "<a " * 60_000,
    "- " * 90_000,
    "a) " * 60_000,
    "#" * 100_000 + " x",
    "\n" * 150_000,
    "5.1 " * 45_000,
    "¹ footnote\n\n" * 8_000 + "lower case\n\n" * 8_000,
    "I) x\n\n" * 20_000,
    "(i) x\n" * 20_000,
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "\ud800\udfff lone surrogates \ud800",
    "\u202e right-to-left override \u200b\ufeff",
    "**\n**\n*\n#\n##\n..\n...\n-\n•\n(a)\n5.\n",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises_and_is_quick(text):
    started = time.monotonic()
    result = parse(text)

    assert time.monotonic() - started < 20  # linear time; generous for a busy two-core machine
    assert_well_formed(result)


def test_fuzz_random_strings_never_raise():
    tokens = [
        "- ", "a) ", "(b) ", "I) ", "k) ", "m) ", "5.1 ", "5. ", "1. ", "..", "**", "*", "#", "## ", "\n", "\n\n",
        " ", "\t", "\r", "\x0c", "\x00", "<b>", "</b>", "<script>", "[x](#)", "](", "Key learning", "Good practice:",
        "What has changed", "Key points to remember:", "word", "Word.", "lower", ":", "(", ")", "[", "]", "•", "é",
        "’", "&amp;", "(i) ", "(ii) ", "¹", "2 Section title", "Appendix 1", "\ud800", "\u202e", "http://x.org",
    ]  # fmt: skip
    rng = random.Random(20240601)
    for _ in range(400):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 80)))
        assert_well_formed(parse(text))
    for _ in range(200):
        text = "".join(chr(rng.randint(0, 0x2FFFF)) for _ in range(rng.randint(0, 300)))
        assert_well_formed(parse(text))


def assert_well_formed(result):
    assert isinstance(result, ParseResult)
    assert importer.UNEXPECTED not in result.warnings  # the safety net was not needed
    assert result.items or result.warnings
    assert [i.position for i in result.items] == list(range(1, len(result.items) + 1))
    for item in result.items:
        assert item.kind in Kind.values
        assert item.text and item.text == item.text.strip()
        assert "\x00" not in item.text
        assert isinstance(item.locator, str) and isinstance(item.heading, str)


def test_non_string_input_does_not_raise():
    assert parse(b"- A point.\n- Another.").items[0].text == "A point."
    assert parse(12345).items[0].text == "12345"


# --- uploads --------------------------------------------------------------------------------------


def test_read_upload_markdown_file():
    path = DATA / "briefing.md"
    result = parse(read_upload(upload(path.name, path.read_bytes())))

    assert [(i.kind, i.locator, i.heading) for i in result.items] == [
        (Kind.KEY_LEARNING, "1", "Key learning"),
        (Kind.KEY_LEARNING, "2", "Key learning"),
        (Kind.KEY_LEARNING, "3", "Key learning"),
        (Kind.GOOD_PRACTICE, "1", "Good practice"),
        (Kind.GOOD_PRACTICE, "2", "Good practice"),
        (Kind.WHAT_HAS_CHANGED, "5.1", "Escalation"),
        (Kind.WHAT_HAS_CHANGED, "5.2", "Escalation"),
    ]
    assert result.items[0].text.endswith("using the Voice of the Child guidance.")
    assert result.items[1].text.splitlines()[1:] == ["- Use the bruising protocol.", "- Tell the health visitor."]


def test_read_upload_docx_built_with_python_docx():
    def build(document):
        document.add_heading("Learning from a review", level=1)
        document.add_paragraph("This briefing is for all practitioners.")
        document.add_heading("Key learning", level=2)
        document.add_paragraph("See the child on their own.", style="List Bullet")
        document.add_paragraph("Record what the child says.", style="List Bullet 2")
        document.add_paragraph("Share information early.", style="List Bullet")
        document.add_heading("Good practice", level=2)
        document.add_paragraph("A school nurse who made a referral.", style="List Number")
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Contact"
        table.cell(0, 1).text = "01234 567890"

    text = read_upload(upload("briefing.docx", docx_bytes(build)))
    result = parse(text)

    assert text.startswith("# Learning from a review\n\nThis briefing is for all practitioners.\n\n## Key learning\n")
    assert [(i.kind, i.locator, i.text) for i in result.items] == [
        (Kind.KEY_LEARNING, "1", "See the child on their own.\n- Record what the child says."),
        (Kind.KEY_LEARNING, "2", "Share information early."),
        (Kind.GOOD_PRACTICE, "1", "A school nurse who made a referral."),
    ]


def test_read_upload_plain_text_in_utf8_and_windows_1252():
    assert read_upload(upload("a.txt", "- The child’s voice.".encode())) == "- The child’s voice."
    assert read_upload(upload("a.TXT", "- The child’s voice.".encode("cp1252"))) == "- The child’s voice."
    assert read_upload(upload("a.txt", "\ufeff- Point.".encode())) == "- Point."
    assert read_upload(upload("a.txt", "- Point.".encode("utf-16"))) == "- Point."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leaflet.pdf", b"%PDF-1.4 ...", "“.pdf” files cannot be imported"),
        ("leaflet", b"text", "Files without an extension cannot be imported"),
        ("leaflet.doc", b"text", "“.doc” files cannot be imported"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "does not contain readable text"),
        ("bad.txt", b"caf\xc3 \x81\x8d\x8f\x90\x9d", "does not contain readable text"),
        ("controls.md", bytes(range(1, 32)) * 20, "does not contain readable text"),
        ("broken.docx", b"PK\x03\x04 this is not really a zip file", "could not be opened as a Word document"),
        ("text.docx", b"just some text renamed", "could not be opened as a Word document"),
        ("empty.txt", b"", "The file is empty."),
        ("blank.md", b"  \n\n ", "The file is empty."),
    ],
)
def test_read_upload_refuses_unreadable_files_with_a_plain_message(name, content, message):
    with pytest.raises(UnreadableFile, match=re.escape(message)):
        read_upload(upload(name, content))


def test_read_upload_refuses_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(UnreadableFile, match="could not be opened as a Word document"):
        read_upload(upload("fake.docx", buffer.getvalue()))


def test_read_upload_refuses_a_damaged_word_document():
    good = docx_bytes(lambda document: document.add_paragraph("Hello"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as damaged:
        for info in source.infolist():
            data = b"<w:document><not-closed" if info.filename == "word/document.xml" else source.read(info)
            damaged.writestr(info, data)
    with pytest.raises(UnreadableFile, match="could not be opened as a Word document"):
        read_upload(upload("damaged.docx", buffer.getvalue()))


def test_read_upload_refuses_files_over_the_size_limit():
    too_big = b"- point\n" * (importer.MAX_UPLOAD_BYTES // 8 + 1)

    with pytest.raises(UnreadableFile, match=r"too large \(2\.0 MB\); the limit is 2 MB"):
        read_upload(upload("big.txt", too_big))
    stream = io.BytesIO(too_big)  # a file object that does not say its size
    stream.name = "big.md"
    with pytest.raises(UnreadableFile, match="too large"):
        read_upload(stream)


def test_read_upload_refuses_a_docx_that_would_unpack_to_far_too_much():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (word.MAX_DOCX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < importer.MAX_UPLOAD_BYTES

    with pytest.raises(UnreadableFile, match="too large to import"):
        read_upload(upload("bomb.docx", buffer.getvalue()))


# --- theme suggestions ------------------------------------------------------------------------------


def test_acronyms_and_words_suggest_child_sexual_exploitation():
    themes, glossary = taxonomy()

    assert (
        suggest_themes("Use the DSCB CSE Risk Assessment toolkit.", themes, glossary)[0] == "child-sexual-exploitation"
    )
    assert "child-sexual-exploitation" in suggest_themes("Young people at risk of sexual exploitation.", themes, [])
    assert "child-sexual-exploitation" not in suggest_themes("Use the DSCB Risk Assessment toolkit.", themes, glossary)


@pytest.mark.parametrize(
    ("publication", "key", "expected_first"),
    [
        ("derby-review-2008-2014-part1", "5-b", "physical-abuse-and-bruising"),  # bruising
        ("derby-review-2008-2014-part1", "5-c", "physical-abuse-and-bruising"),  # "bruise"
        ("derby-review-2008-2014-part1", "5-f", "escalation-and-professional-disagreement"),
        ("derby-review-2008-2014-part1", "5-m", "record-keeping"),
        ("derby-review-2008-2014-part2", "6-w", "health-registration"),
        ("ddscp-school-age-briefing", "1-kl-1", "criminal-exploitation-and-gangs"),
    ],
)
def test_theme_suggestions_for_real_items(publication, key, expected_first):
    themes, glossary = taxonomy()
    fields = fixture_items(publication)[key]
    suggestions = suggest_themes(fields["short_text"] or fields["text"], themes, glossary)

    assert suggestions[0] == expected_first
    assert 1 <= len(suggestions) <= 4
    assert set(suggestions) <= {slug for slug, _, _ in themes}


def test_theme_suggestions_expand_acronyms_such_as_aces():
    themes, glossary = taxonomy()
    text = fixture_items("ddscp-school-age-briefing")["1-kl-2"]["text"]

    assert {"trauma-and-adverse-childhood-experiences", "domestic-abuse"} <= set(suggest_themes(text, themes, glossary))


def test_theme_suggestions_limits_and_edge_cases():
    themes, glossary = taxonomy()
    text = "Bruising, neglect, domestic abuse, self-harm, missing from school, CSE and gangs."

    assert len(suggest_themes(text, themes, glossary, limit=2)) == 2
    assert suggest_themes(text, themes, glossary, limit=0) == []
    assert suggest_themes("", themes, glossary) == []
    assert suggest_themes("The and of it.", themes, glossary) == []
    assert suggest_themes(text, [], glossary) == []
    assert suggest_themes(text, themes, glossary) == suggest_themes(text, themes, glossary)  # deterministic
