"""Word handouts (python-docx): real headings, bullet lists and citations, so trainers can edit them.

The layout follows the HTML handout. Stored text keeps its words exactly; its little markup
(**bold**, *italic*, "- " bullets, blank lines between paragraphs) becomes Word formatting,
from the same parse as the HTML (learning/markup.py).
"""

from io import BytesIO

from django.conf import settings
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from learning import markup
from printing.handouts import short_address

BLACK = RGBColor(0, 0, 0)
FONT = "Arial"


def render(handout, caption, site_root=""):
    """The handout (or 7-minute briefing) as .docx bytes."""
    document = new_document(handout, caption)
    if handout.kind == "briefing":
        write_briefing(document, handout, site_root)
    else:
        write_handout(document, handout, site_root)
    if handout.kind != "briefing":  # a briefing says all this at the top, to keep to two pages
        write_footer_note(document, handout)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def long_date(day):
    return f"{day.day} {day:%B %Y}"


# The document ---------------------------------------------------------------------------


def new_document(handout, caption):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(18)

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 24), ("Subtitle", 13), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), BLACK
        style.font.italic = False
        style.paragraph_format.keep_with_next = True
    styles["Title"].font.bold = True
    for name in ("List Bullet", "List Bullet 2", "List Continue", "List Number"):
        styles[name].font.name = FONT
    citation = styles.add_style("Citation", WD_STYLE_TYPE.PARAGRAPH)
    citation.base_style = styles["List Continue"]
    citation.font.size, citation.font.color.rgb = Pt(9), BLACK
    citation.paragraph_format.space_after = Pt(10)

    properties = document.core_properties
    properties.title = handout.title
    properties.subject = caption
    properties.author = settings.SITE_ORGANISATION
    properties.comments = f"Produced on {long_date(handout.produced_on)} from {settings.SITE_NAME}."

    header = section.header.paragraphs[0]
    header.text = f"{handout.title} · {caption}"
    header.style.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(f"{settings.SITE_NAME}, {long_date(handout.produced_on)}. Page ")
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")

    document.add_paragraph(handout.title, style="Title")
    document.add_paragraph(caption, style="Subtitle")
    return document


def add_field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    run = paragraph.add_run()
    for tag, value in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        if tag == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {value} "
        elif tag == "text":
            element = OxmlElement("w:t")
            element.text = value
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        run._r.append(element)


def add_runs(paragraph, text, bold=False, italic=False, size=None):
    """Text with its **bold** and *italic* markers turned into formatted runs."""
    return add_parsed_runs(paragraph, markup.runs(text), bold, italic, size)


def add_parsed_runs(paragraph, runs, bold=False, italic=False, size=None):
    for run in runs:
        _run(paragraph, run.text, bold or run.bold, italic or run.italic, size)
    return paragraph


def _run(paragraph, text, bold, italic, size):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    return run


def blocks(text):
    """[(is_bullet, runs)] of stored text, read as every renderer reads it (learning/markup.py)."""
    return [(block.is_list, line) for block in markup.parse(text) for line in block.lines]


def add_wording(document, text, lead_style, lead=None, in_list=True):
    """A stored wording: its first paragraph in `lead_style` (e.g. a bullet), the rest under it."""
    first = True
    for is_bullet, line in blocks(text):
        if is_bullet:
            style = "List Bullet 2" if in_list else "List Bullet"
        elif first:
            style = lead_style
        else:
            style = "List Continue" if in_list else "Normal"
        paragraph = document.add_paragraph(style=style)
        if first and lead:
            _run(paragraph, lead, True, False, None)
        add_parsed_runs(paragraph, line)
        first = False


def add_entry(document, entry, show_kind=False, include_full=False, briefing=False):
    """One learning point: a bullet, its wording, the full wording if asked, and its citation."""
    lead = f"{entry.kind_label}: " if show_kind else None
    if entry.title:
        paragraph = document.add_paragraph(style="List Bullet")
        if lead:
            _run(paragraph, lead, True, False, None)
        _run(paragraph, entry.title, True, False, None)
        add_wording(document, entry.wording, "List Continue")
    else:
        add_wording(document, entry.wording, "List Bullet", lead=lead)
    if include_full and entry.full_text:
        _run(document.add_paragraph(style="List Continue"), "Full wording:", True, False, None)
        add_wording(document, entry.full_text, "List Continue")
    citation = document.add_paragraph(style="Citation")
    if briefing:
        label = f"{entry.kind_label}. "
        source = entry.short_citation or entry.citation
    elif entry.short_citation:
        label, source = "Short wording: ", f"{entry.short_citation}. Full wording: {entry.citation}"
    else:
        label, source = "Source: ", entry.citation
    _run(citation, label, False, False, None)
    _run(citation, f"{source}.", False, True, None)


# Handouts and briefings ----------------------------------------------------------------------


def write_handout(document, handout, site_root):
    if handout.description:
        add_runs(document.add_paragraph(), handout.description, size=12)
    for line in handout.scope:
        document.add_paragraph(line, style="List Bullet")
    sources = handout.sources
    document.add_paragraph(
        f"{handout.item_count} learning point{'s' if handout.item_count != 1 else ''} from {len(sources)} "
        f"document{'s' if len(sources) != 1 else ''}, quoted exactly as published. "
        f"Produced on {long_date(handout.produced_on)}."
    )
    for notice in handout.notices:
        _run(document.add_paragraph(), notice, False, True, None)
    for group in handout.groups:
        document.add_heading(group.heading, level=1)
        for entry in group.entries:
            add_entry(document, entry, show_kind=handout.show_kind, include_full=handout.include_full)
    write_questions(document, handout.questions, handout, level=1)
    document.add_heading("Sources", level=1)
    write_sources(document, sources, site_root)


def write_questions(document, questions, handout, level, heading="Reflective questions"):
    document.add_heading(heading, level=level)
    if questions:
        document.add_heading("Questions the reviews ask", level=level + 1)
        for question in questions:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run("“")
            add_runs(paragraph, question.text)
            paragraph.add_run("” ")
            _run(paragraph, f"({question.source})", False, True, 9)
    document.add_heading(handout.general_questions_heading, level=level + 1)
    _run(document.add_paragraph(), handout.general_questions_note, False, True, 9)
    for question in handout.general_questions:
        document.add_paragraph(question, style="List Number")


def write_sources(document, sources, site_root, compact=False):
    for source in sources:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(source.citation)
        if compact:
            continue
        if source.items:
            paragraph.add_run(f" {source.items} point{'s' if source.items != 1 else ''} here.")
        address = short_address(site_root + source.publication.get_absolute_url())
        _run(paragraph, f" On this site: {address}", False, False, 9)


def write_briefing(document, briefing, site_root):
    """The seven parts, filled as printing/briefing.py explains (those with nothing left out)."""
    document.add_paragraph(
        f"{briefing.parts_in_words} to read in seven minutes. Every learning point is quoted exactly as published, "
        f"and only published learning is included. Produced on {long_date(briefing.produced_on)} by "
        f"{settings.SITE_ORGANISATION} from {settings.SITE_NAME}. "
        f"The current version is at {short_address(briefing.address)}"
    )
    for part in briefing.ordered_parts:
        heading = f"{part.shown_number}. {part.heading}"
        if part.number == 6:
            write_questions(document, briefing.questions, briefing, level=1, heading=heading)
            continue
        document.add_heading(heading, level=1)
        if part.number == 1:
            if briefing.theme.description:
                document.add_paragraph(briefing.theme.description)
            document.add_paragraph(
                f"This briefing draws on {briefing.item_count} published learning point"
                f"{'s' if briefing.item_count != 1 else ''} on {briefing.theme.name.lower()} from "
                f"{briefing.all_source_count} document{'s' if briefing.all_source_count != 1 else ''} by local "
                "safeguarding children boards and partnerships."
            )
            continue
        if part.note:
            _run(document.add_paragraph(), part.note, False, True, 9)
        for entry in part.entries:
            add_entry(document, entry, briefing=True)
        if part.number == 7:
            document.add_heading("Sources", level=2)
            write_sources(document, briefing.sources, site_root, compact=True)
            if briefing.more_sources:
                note = f"{briefing.more_sources} more in the full themed summary."
                _run(document.add_paragraph(), note, False, True, 9)
            document.add_paragraph(
                f"The full themed summary, with every learning point on this theme: "
                f"{short_address(briefing.summary_address)}"
            )


def write_footer_note(document, handout):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(18)
    text = (
        f"Produced on {long_date(handout.produced_on)} by {settings.SITE_ORGANISATION} from {settings.SITE_NAME}. "
        "Every learning point is quoted exactly as the document it comes from gives it. "
        "Only published learning is included."
    )
    if handout.address:
        text += f" The current version is at {short_address(handout.address)}"
    _run(paragraph, text, False, False, 9)
