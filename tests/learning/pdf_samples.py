"""Small PDFs made from the seed texts, for the PDF importer's tests and benchmark.

Each seed text (fixtures/sources/*.txt, the extractions of the boards' own PDFs) is laid out
again as HTML and printed with WeasyPrint, in memory, in the layouts real briefings use: two
columns, running headers and footers with page numbers, footnotes, a lettered list with a
hanging indent, tables, and justified text hyphenated at line ends. Nothing binary is
committed: the tests make these at run time.

The bad PDFs are made cheaply: encrypted with pypdf, cut short, HTML renamed, a page holding only
an image, and more pages than the importer takes (blank pages, which pypdf writes in
milliseconds).
"""

import html
import io
import re
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"

BABIES_LEAFLET = "002_eacca62d01bae456.txt"
SCHOOL_BRIEFING = "001_c811a18aa570b94e.txt"
SCHOOL_LEAFLET = "000_f40744b20be3e1c0.txt"
NEWSLETTER = "003_ceb06dae05745a7b.txt"
FULL_REPORT = "004_7a72fb35b4b18df3.txt"

RUNNING_HEADER = "Derby Safeguarding Children Board"
BASE_CSS = """
@page { size: A5; margin: 22mm 14mm 22mm 14mm;
  @top-center { content: "%(header)s"; font-size: 8pt; }
  @bottom-center { content: %(footer)s; font-size: 8pt; } }
body { font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 10pt; line-height: 1.3; }
p, li { margin: 0 0 0.7em 0; }
h1, h2, h3, h4 { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; margin: 1em 0 0.5em 0; }
h1 { font-size: 14pt; } h2 { font-size: 12pt; } h3, h4 { font-size: 11pt; }
ul { margin: 0 0 0.7em 0; padding-left: 1.5em; }
ul ul { margin: 0.35em 0 0 0; }
li { margin-bottom: 0.35em; }
table { border-collapse: collapse; margin: 0 0 0.8em 0; font-size: 8pt; }
td, th { border: 0.5pt solid #444; padding: 2pt 4pt; vertical-align: top; }
p.point { padding-left: 1.6em; text-indent: -1.6em; margin-bottom: 0.35em; }
.footnote { float: footnote; font-size: 7.5pt; }
.two-columns { column-count: 2; column-gap: 8mm; }
"""
FOOTERS = {
    "page_of": '"Page " counter(page) " of " counter(pages)',
    "bare": "counter(page)",
}
_LETTER_LINE = re.compile(r"^- (?P<letter>[a-zA-Z])\) (?P<rest>.*)$")
_FOOTNOTE_LINE = re.compile(r"^(?P<mark>[¹²³⁴⁵⁶⁷⁸⁹])\s+(?P<rest>.*)$")
_POINT_LINE = re.compile(r"^(?:\d{1,3}[.)]|\.\.|\(?[a-zA-Z]\)|(?:\d{1,2}|[A-Z])\.\d{1,3}) ")


def seed_text(name: str) -> str:
    """The seed text as the fixture authors transcribed it."""
    return (SOURCES / name).read_text(encoding="utf-8")


# --- seed text to HTML ---------------------------------------------------------------------------


def inline_html(text: str) -> str:
    """One line of seed text as HTML: links keep their words, `**`/`*` become bold and italic."""
    text = text.replace("\\*", "\x00")
    text = re.sub(r"<(https?://[^<>\s]+|mailto:[^<>\s]+)>", r"\1", text)
    kept_tags = re.findall(r"</?b>", text)
    text = re.sub(r"</?b>", "\x01", text)
    text = html.escape(text, quote=False)
    for tag in kept_tags:
        text = text.replace("\x01", tag, 1)
    text = re.sub(r"\[([^\[\]]*)\]\(([^()\s]*)\)", r"<a>\1</a>", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
    return text.replace("\x00", "*")


def _blocks(text: str) -> list[list[str]]:
    """The seed text's blocks: runs of non-blank lines."""
    blocks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip("\n"))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _list_html(lines: list[str], lettered: bool) -> str:
    """Bulleted lines as nested <ul>s (indented lines nest), or as a lettered <ol> with generated
    markers when every line is "- x) ..." and `lettered` is asked for."""
    matches = [_LETTER_LINE.match(line) for line in lines]
    if lettered and all(matches):
        return "".join(
            f'<p class="point">{match.group("letter")})\u2002{inline_html(match.group("rest"))}</p>'
            for match in matches
        )
    out, depth = ["<ul>"], 0
    for line in lines:
        level = 1 if line.startswith(" ") else 0
        body = inline_html(line.strip()[2:])
        if level > depth:
            out[-1] = out[-1].removesuffix("</li>")
            out.append("<ul>")
        elif level < depth:
            out.append("</ul></li>")
        depth = level
        out.append(f"<li>{body}</li>")
    out.append("</ul></li>" * depth + "</ul>")
    return "".join(out)


def _table_html(lines: list[str]) -> str:
    """Tab-separated lines as a table, one row a line."""
    rows = "".join(
        "<tr>" + "".join(f"<td>{inline_html(cell)}</td>" for cell in line.split("\t")) + "</tr>" for line in lines
    )
    return f"<table>{rows}</table>"


def _paragraph_html(lines: list[str]) -> str:
    """Lines of one paragraph; a markdown hard break (two trailing spaces) is kept as <br>."""
    parts = []
    for line in lines:
        parts.append(inline_html(line.strip()))
        parts.append("<br>" if line.endswith("  ") else " ")
    return "<p>" + "".join(parts[:-1]) + "</p>"


def _footnote_calls(body: str, footnotes: dict[str, str]) -> str:
    """Superscript marks in the wording become WeasyPrint footnotes (the text at the page's foot)."""
    for mark, note in footnotes.items():
        body = body.replace(mark, f'<span class="footnote">{note}</span>', 1)
    return body


def _restore_lost_letters(blocks: list[list[str]]) -> None:
    """A lone bullet between lettered points X) and X+2) was point X+1) before extraction lost its
    letter (the seed's README says so): give it back, as the original PDF printed it."""
    for index in range(1, len(blocks) - 1):
        block, before, after = blocks[index], blocks[index - 1], blocks[index + 1]
        last, first = _LETTER_LINE.match(before[-1]), _LETTER_LINE.match(after[0])
        lone_bullet = len(block) == 1 and block[0].startswith("- ") and not _LETTER_LINE.match(block[0])
        if lone_bullet and last and first and ord(first.group("letter")) - ord(last.group("letter").lower()) == 2:
            blocks[index] = [f"- {chr(ord(first.group('letter')) - 1)}) {block[0][2:]}"]


def seed_html(text: str, lettered: bool = False, footnotes: bool = False) -> str:
    """The body HTML for a seed text: headings, paragraphs, lists, tables and (optionally) footnotes.

    lettered: lettered points are printed as hanging-indented paragraphs "a) ..." (as a Word
    document's lettered list prints), the letter the extraction lost restored.
    """
    blocks = _blocks(text)
    if lettered:
        _restore_lost_letters(blocks)
    notes = {}
    if footnotes:
        for block in blocks:
            match = _FOOTNOTE_LINE.match(block[0])
            if match and len(block) == 1:
                notes[match.group("mark")] = inline_html(match.group("rest"))
    parts = []
    for block in blocks:
        first = block[0].strip()
        if footnotes and _FOOTNOTE_LINE.match(first) and len(block) == 1:
            continue
        heading = re.match(r"(#{1,4})\s+(.*)$", first)
        if heading and len(block) == 1:
            level = len(heading.group(1))
            parts.append(f"<h{level}>{inline_html(heading.group(2))}</h{level}>")
        elif all(line.lstrip().startswith("- ") for line in block):
            parts.append(_list_html(block, lettered))
        elif any("\t" in line for line in block):
            parts.append(_table_html(block))
        elif len(block) > 1 and all(_POINT_LINE.match(line) for line in block):
            parts.extend(_paragraph_html([line]) for line in block)
        else:
            parts.append(_paragraph_html(block))
    body = "\n".join(parts)
    return _footnote_calls(body, notes) if notes else body


def seed_document(
    text: str,
    *,
    columns=False,
    lettered=False,
    footnotes=False,
    hyphenate=False,
    footer="page_of",
    header=RUNNING_HEADER,
):
    """A whole HTML document for a seed text, with running header and footer (hyphenate: justified,
    words broken at line ends as a typesetter breaks them)."""
    css = BASE_CSS % {"header": header, "footer": FOOTERS[footer]}
    if hyphenate:
        css += "body { hyphens: auto; text-align: justify; }"
    body = seed_html(text, lettered=lettered, footnotes=footnotes)
    if columns:
        body = f'<div class="two-columns">{body}</div>'
    head = f'<head><meta charset="utf-8"><style>{css}</style></head>'
    return f'<!DOCTYPE html><html lang="en">{head}<body>{body}</body></html>'


def html_to_pdf(document: str) -> bytes:
    """PDF bytes for an HTML document (WeasyPrint, in memory, nothing fetched)."""
    from weasyprint import HTML

    return HTML(string=document).write_pdf()


# --- the good PDFs -------------------------------------------------------------------------------

# name -> (seed file, layout options)
GOOD_LAYOUTS = {
    "leaflet_lettered": (BABIES_LEAFLET, {"lettered": True, "footer": "page_of"}),
    "leaflet_two_columns": (SCHOOL_LEAFLET, {"columns": True, "footer": "bare"}),
    "briefing_footnotes": (SCHOOL_BRIEFING, {"footnotes": True, "footer": "page_of", "header": "DDSCP briefing"}),
    "newsletter_two_columns": (
        NEWSLETTER,
        {"columns": True, "footer": "page_of", "header": "LRSCB newsletter, issue 2"},
    ),
    "report_tables": (FULL_REPORT, {"footer": "page_of"}),
    "report_hyphenated": (
        FULL_REPORT,
        {"hyphenate": True, "footer": "page_of", "header": "Review of SCRs 2008 – 2014"},
    ),
}


def good_pdf(name: str) -> bytes:
    """One of GOOD_LAYOUTS printed as a PDF."""
    seed, options = GOOD_LAYOUTS[name]
    return html_to_pdf(seed_document(seed_text(seed), **options))


def repeated_pdf(pages: int) -> bytes:
    """A PDF of about `pages` pages made of the seed texts in turn (repeated, or the first part of
    them for a short one), for timing the import of a long report."""
    texts = [seed_text(name) for name in (FULL_REPORT, SCHOOL_BRIEFING, BABIES_LEAFLET, NEWSLETTER, SCHOOL_LEAFLET)]
    blocks = "\n\n".join(texts).split("\n\n")
    per_round = _page_count(html_to_pdf(seed_document("\n\n".join(blocks))))
    wanted = max(1, round(len(blocks) * pages / per_round))
    repeated = (blocks * (wanted // len(blocks) + 1))[:wanted]
    return html_to_pdf(seed_document("\n\n".join(repeated)))


def _page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


# --- the bad PDFs --------------------------------------------------------------------------------


def encrypted_pdf(password: str = "secret") -> bytes:
    """A good PDF locked with a password (as a board might receive a confidential report)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf("leaflet_lettered"))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    """A good PDF cut off halfway, as an interrupted download leaves it."""
    data = good_pdf("leaflet_lettered")
    return data[: len(data) // 2]


def garbage_pdf() -> bytes:
    """The PDF header followed by nothing a reader can use."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40


def html_renamed() -> bytes:
    """A web page saved with a .pdf name."""
    return b"<!DOCTYPE html><html><head><title>Briefing</title></head><body><p>Not a PDF</p></body></html>"


def image_only_pdf() -> bytes:
    """A scanned page: one image and no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for row in range(40, 760, 24):
        draw.rectangle((40, row, 560, row + 10), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=72)
    return buffer.getvalue()


def scanned_with_page_numbers_pdf(pages: int = 3) -> bytes:
    """Scanned pages that a scanner stamped with page numbers: the only text is the furniture."""
    import base64

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (60, 80), 200).save(buffer, format="PNG")
    source = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    css = BASE_CSS % {"header": "Scanned", "footer": FOOTERS["page_of"]}
    body = "".join(f'<img src="{source}" style="width: 100%; break-after: page">' for _ in range(pages))
    return html_to_pdf(f"<!DOCTYPE html><html><head><style>{css}</style></head><body>{body}</body></html>")


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of `pages` blank pages, made in milliseconds."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=420, height=595)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def no_pages_pdf() -> bytes:
    """A well-formed PDF with no pages at all."""
    return many_pages_pdf(0)
