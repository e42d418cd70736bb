"""How fast a PDF is imported: `make bench-import` (python -m benchmarks.imports).

A 20-page and a 100-page PDF are made from the seed texts (repeated, printed by WeasyPrint as in
tests/learning/pdf_samples.py), then each is imported as the background job does it: `parse_pdf`,
then `suggest_themes` for every item, against the seed taxonomy and glossary. Prints pages per
second for each; the target is at least 20 pages/s on the 2-core machine. No database is used.
"""

import argparse
import os
import time
from pathlib import Path

TARGET_PAGES_PER_SECOND = 20
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _taxonomy():
    """(themes, glossary) from the seed fixtures, as suggest_themes takes them."""
    import yaml

    records = yaml.safe_load((FIXTURES / "taxonomy.yaml").read_text(encoding="utf-8"))
    themes = [
        (r["fields"]["slug"], r["fields"]["name"], r["fields"]["description"])
        for r in records
        if r["model"] == "learning.theme"
    ]
    glossary_records = yaml.safe_load((FIXTURES / "glossary.yaml").read_text(encoding="utf-8"))
    glossary = [(r["fields"]["term"], r["fields"]["expansion"]) for r in glossary_records]
    return themes, glossary


def time_import(data: bytes, themes, glossary) -> dict:
    """One import of the PDF, timed: {"pages", "items", "seconds", "pages_per_second", "cpu_pages_per_second"}.

    The CPU figure is what the import costs this process, whatever else the machine is running:
    on a busy 2-core machine the wall-clock figure can be half of it."""
    from learning.importer import check_pdf, parse_pdf, suggest_themes

    started, cpu_started = time.perf_counter(), time.process_time()
    pages = check_pdf(data)
    result = parse_pdf(data)
    for item in result.items:
        suggest_themes(item.text, themes, glossary)
    seconds, cpu = time.perf_counter() - started, max(time.process_time() - cpu_started, 1e-9)
    return {
        "pages": pages,
        "items": len(result.items),
        "seconds": seconds,
        "pages_per_second": pages / seconds,
        "cpu_pages_per_second": pages / cpu,
    }


def import_speed(sizes=(20, 100), pdfs=None) -> list[dict]:
    """Time the import of a PDF of each size (pages, approximately) and print pages per second.

    `pdfs` maps a label to ready-made PDF bytes instead (the tests pass a tiny one)."""
    from tests.learning.pdf_samples import repeated_pdf

    themes, glossary = _taxonomy()
    if pdfs is None:
        pdfs = {f"{size}-page PDF": repeated_pdf(size) for size in sizes}
    rows = []
    for label, data in pdfs.items():
        row = {"label": label, **time_import(data, themes, glossary)}
        rows.append(row)
        verdict = "meets" if row["pages_per_second"] >= TARGET_PAGES_PER_SECOND else "misses"
        print(
            f"{label}: {row['pages']} pages, {row['items']} items in {row['seconds']:.2f} s: "
            f"{row['pages_per_second']:.1f} pages/s ({verdict} the target of {TARGET_PAGES_PER_SECOND}); "
            f"{row['cpu_pages_per_second']:.1f} pages per CPU second"
        )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20,100", help="Comma-separated page counts (default 20,100).")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.test_settings")
    import django

    django.setup()
    import_speed(tuple(int(size) for size in options.sizes.split(",") if size.strip()))


if __name__ == "__main__":
    main()
