"""Where the seed content lives and in which order it loads."""

from pathlib import Path

from django.conf import settings

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"


def seed_fixture_paths():
    """Boards and vocabularies first, then one file per publication (alphabetical)."""
    first = [
        FIXTURES_DIR / name
        for name in ("boards.yaml", "taxonomy.yaml", "glossary.yaml", "synonyms.yaml", "publications.yaml")
    ]
    publications = sorted((FIXTURES_DIR / "publications").glob("*.yaml"))
    return [path for path in first if path.exists()] + publications
