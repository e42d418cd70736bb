"""`make bench-wagtail` times the same searches as `make bench`, on PostgreSQL only (it runs in a
virtual environment of its own, so only what needs no Wagtail is tried here)."""

import pytest

from benchmarks import pages
from benchmarks.wagtail import run


def test_wagtail_is_timed_on_make_benchs_own_searches():
    expected = {**pages.SEARCHES, "question, 8 words": pages.QUESTION, "question, broadened": pages.BROADENED_QUESTION}
    assert expected == run.SEARCHES


def test_it_takes_a_postgresql_address_apart():
    assert run.database("postgres://someone:secret@db.example.org:5433/w100") == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "w100",
        "USER": "someone",
        "PASSWORD": "secret",
        "HOST": "db.example.org",
        "PORT": "5433",
    }
    with pytest.raises(SystemExit, match="PostgreSQL"):
        run.database("sqlite:////tmp/w.sqlite3")
