"""The PDF import benchmark (benchmarks/imports.py, `make bench-import`) runs and reports numbers."""

from benchmarks import imports
from tests.learning import pdf_samples


def test_import_speed_times_a_pdf_and_reports_pages_per_second(capsys):
    rows = imports.import_speed(pdfs={"tiny PDF": pdf_samples.good_pdf("leaflet_lettered")})

    assert len(rows) == 1
    row = rows[0]
    assert row["label"] == "tiny PDF"
    assert row["pages"] >= 2 and row["items"] == 26
    assert row["seconds"] > 0 and row["pages_per_second"] > 0 and row["cpu_pages_per_second"] > 0
    assert "pages/s" in capsys.readouterr().out


def test_repeated_pdf_comes_near_the_pages_asked_for():
    data = pdf_samples.repeated_pdf(8)
    pages = pdf_samples._page_count(data)

    assert 5 <= pages <= 11
