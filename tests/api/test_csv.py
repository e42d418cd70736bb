"""The results page as CSV: the same rows as the page (every page of them), the columns an
analyst needs, cells that cannot run as formulas, UTF-8 with a BOM, streamed."""

import csv
import io
import re

import pytest
from django.utils import timezone

from api import downloads
from core.models import Status
from tests.factories import LearningItemFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_columns_and_provenance(client, content):
    response = client.get("/learning/results.csv?theme=neglect")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="learning-results-{today}.csv"'
    rows = read_csv(response)
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == downloads.COLUMNS
    item = content["items"][0]
    assert row["ID"] == str(item.pk)
    assert row["URL"] == "http://testserver/learning/derby-report/5-a/"
    assert row["API URL"] == "http://testserver/api/v1/items/derby-report/5-a/"
    assert row["Kind"] == "Key learning point"
    assert row["Title"] == "Listen to the child"
    assert row["Text"] == item.text
    assert row["Short text"] == "Listen to the child."
    assert row["Publication"] == "Derby report"
    assert row["Board"] == "Derby Safeguarding Children Board"
    assert row["Section"] == "5 Learning"
    assert row["Locator"] == "a"
    assert row["Citation"] == item.citation
    assert row["Review"] == "Case A"
    assert row["Themes"] == "Neglect"
    assert row["Age groups"] == "Babies"
    assert row["Agencies"] == "Police"
    assert row["Source year"] == "2015"
    assert row["Added to site"] == today


def test_unpublished_items_and_draft_reviews_are_left_out(client, content):
    rows = read_csv(client.get("/learning/results.csv"))
    assert [row["ID"] for row in rows] == [str(item.pk) for item in content["items"]]
    assert rows[1]["Review"] == ""  # its review is a draft
    rows = read_csv(client.get("/learning/results.csv?q=neglect"))
    assert [row["ID"] for row in rows] == [str(content["items"][0].pk)]


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab first", "'\tTab first"),
        ("\rReturn first", "'\rReturn first"),
        ("Plain = text", "Plain = text"),
        ('<script>alert("x")</script>', '<script>alert("x")</script>'),
    ],
)
def test_cells_that_would_run_as_formulas_are_prefixed(client, content, stored, written):
    item = content["items"][0]
    item.title = stored
    item.save()
    rows = read_csv(client.get("/learning/results.csv?theme=neglect"))
    assert rows[0]["Title"] == written


def test_script_in_a_stored_field_stays_data(client, content):
    item = content["items"][0]
    item.text = '<script>alert("x")</script> & <b>bold</b>'
    item.save()
    response = client.get("/learning/results.csv?theme=neglect")
    assert response["Content-Type"].startswith("text/csv")  # never HTML, so a browser never runs it
    assert read_csv(response)[0]["Text"] == item.text


def test_unknown_filter_values_are_ignored_as_on_the_page(client, content):
    rows = read_csv(client.get("/learning/results.csv?theme=no-such&page=abc&page=99999999999999999999"))
    assert len(rows) == 2


@pytest.fixture
def many(db):
    theme = ThemeFactory(slug="neglect")
    publication = PublicationFactory(slug="big")
    for n in range(53):
        LearningItemFactory(
            publication=publication,
            position=n,
            text=f"Neglect learning number {n}.",
            themes=[theme],
            status=Status.PUBLISHED if n % 10 else Status.DRAFT,
        )


def page_keys(client, query):
    keys, url = [], "/learning/?" + query
    while url:
        html = client.get(url).content.decode()
        keys += re.findall(r'href="/learning/big/(item-\d+)/"', html)
        following = re.search(r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"', html)
        url = "/learning/" + following.group(1).replace("&amp;", "&") if following else None
    return keys


@pytest.mark.parametrize("query", ["theme=neglect", "q=neglect", "q=neglect&sort=newest", "theme=neglect&sort=newest"])
def test_every_row_of_every_page_in_the_same_order(client, many, query):
    response = client.get("/api/v1/items/?page_size=100&" + query)
    api_keys = [item["key"] for item in response.json()["results"]]
    rows = read_csv(client.get("/learning/results.csv?" + query))
    keys = [row["URL"].rstrip("/").rsplit("/", 1)[1] for row in rows]
    assert len(keys) == 47
    assert keys == api_keys
    assert keys == page_keys(client, query)


def test_rows_are_capped(client, many, settings):
    settings.API_CSV_MAX_ROWS = 10
    assert len(read_csv(client.get("/learning/results.csv?theme=neglect"))) == 10
