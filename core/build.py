"""Which deploy this is: what is kept across processes (whole pages, cards) is kept per build."""

import functools
import hashlib
from pathlib import Path

from django.conf import settings


@functools.cache
def build_identifier():
    """What a deploy changes in pages besides content: the project's code and templates, its
    pinned requirements, the static files' manifest and the settings (SITE_NAME, say). Read once
    per process; every process of one deploy works out the same."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    packages = sorted(path.parent for path in base.glob("*/__init__.py") if path.parent.name != "tests")
    folders = [*packages, *(Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", []))]
    files = sorted({path for folder in folders for path in folder.rglob("*") if path.suffix in (".py", ".html")})
    files += [base / "requirements.txt", Path(settings.STATIC_ROOT) / "staticfiles.json"]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
            digest.update(path.read_bytes())
    for name in sorted(name for name in dir(settings) if name.isupper()):
        value = getattr(settings, name)
        value = repr(sorted(map(repr, value)) if isinstance(value, set | frozenset) else value)
        if " at 0x" not in value:  # an object's address differs between processes
            digest.update(f"{name}={value}".encode())
    return digest.hexdigest()
