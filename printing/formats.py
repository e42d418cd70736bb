"""The three formats every handout comes in: a page to print (HTML), a PDF and a Word document.

This table is the one place that knows a format's URL (route and name), content type, file
extension and renderer. The URLs (printing/urls.py), the handout views (printing/views/) and
the print links other pages show (printing/templatetags/) all read it, so a format is added
or changed here alone.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header

from printing import docx, downloads, pdf


def render_page(request, template, context):
    """A page of the site: the print stylesheet turns it into the handout on paper."""
    return render_to_string(template, {**context, "layout": "base.html", "pdf": False}, request)


def render_pdf(request, template, context):
    """The same template in the bare PDF layout, laid out by WeasyPrint."""
    html = render_to_string(template, {**context, "layout": "printing/pdf_layout.html", "pdf": True}, request)
    return pdf.render(html, base_url=request.build_absolute_uri("/"))


def render_docx(request, template, context):
    """Word documents are built from the handout itself, not from a template."""
    return docx.render(context["handout"], context["caption"], site_root=context["site_root"])


@dataclass(frozen=True)
class Format:
    """One format: `extension` is empty for the page, which is shown rather than downloaded."""

    key: str
    extension: str
    content_type: str
    renderer: Callable

    @property
    def is_download(self):
        return bool(self.extension)

    def route(self, route):
        """The page at "route/"; a download at "route.pdf" or "route.docx"."""
        return f"{route}.{self.extension}" if self.is_download else f"{route}/"

    def url_name(self, name):
        """The page keeps the handout's own URL name; downloads add "_pdf" or "_docx"."""
        return f"{name}_{self.key}" if self.is_download else name

    def page_path(self, path):
        """The address of the handout's page, from its address in this format."""
        return path.removesuffix(f".{self.extension}") + "/" if self.is_download else path

    def respond(self, request, template, context):
        """The handout in this format; a download is named after the handout and the day it was
        made, and made in one of the few slots for making files (printing/downloads.py)."""
        if self.is_download:
            with downloads.making():
                content = self.renderer(request, template, context)
        else:
            content = self.renderer(request, template, context)
        response = HttpResponse(content, content_type=self.content_type)
        if self.is_download:
            handout = context["handout"]
            filename = f"{handout.filename}-{handout.produced_on:%Y-%m-%d}.{self.extension}"
            response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        return response


FORMATS = {
    fmt.key: fmt
    for fmt in (
        Format("html", "", "text/html; charset=utf-8", render_page),
        Format("pdf", "pdf", "application/pdf", render_pdf),
        Format("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    )
}


def format_urls(name, *args, query=""):
    """{"html": ..., "pdf": ..., "docx": ...}: one handout's address in every format, with the same query."""
    suffix = f"?{query}" if query else ""
    return {key: reverse(f"printing:{fmt.url_name(name)}", args=args) + suffix for key, fmt in FORMATS.items()}
