"""PDF handouts: WeasyPrint renders the same HTML template the print page uses.

The page margins (title at the top, page numbers at the bottom) come from the @page rules in
assets/scss/_print.scss. Stylesheets are read from disk through the static files machinery:
WeasyPrint never fetches anything over the network.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


def static_file(name):
    """The file on disk for a static name: collected (production) or found in the sources."""
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except (NotImplementedError, ValueError, OSError):  # remote storage, or a name outside the root
        pass
    found = finders.find(name)
    return Path(found) if found else None


class StaticFilesFetcher(URLFetcher):
    """Serves this site's static files from disk and refuses every other address."""

    def __init__(self, base_url):
        super().__init__(timeout=1)
        self.static_root_url = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url, headers=None):
        if url.startswith(self.static_root_url):
            name = unquote(urlsplit(url).path)[len(urlsplit(self.static_root_url).path) :]
            path = static_file(name) if ".." not in name.split("/") else None
            if path is not None and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})
        raise ValueError(f"Handouts only load this site's static files from disk, not {url}")


def render(html, base_url):
    """PDF bytes for an HTML handout; `base_url` is the site's root (for links and static files)."""
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url), media_type="print")
    # A tagged PDF: headings, lists and reading order for screen readers (and the language, from <html lang>).
    return document.write_pdf(pdf_tags=True)
