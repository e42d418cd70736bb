"""The benchmark's parts, on a tiny corpus: it builds what it says and measures what the pages do."""

import pytest

from benchmarks import pages as benchmark
from learning.models import LearningItem
from search.services import search_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(seeded):
    before = LearningItem.objects.published().count()
    made = benchmark.build_corpus(60, seed=7)
    return before, made


def test_build_corpus_adds_published_indexed_items(corpus):
    before, made = corpus
    assert made == 60
    assert LearningItem.objects.published().count() == before + 60
    synthetic = LearningItem.objects.filter(publication__slug__startswith=benchmark.SYNTHETIC_PREFIX)
    word = synthetic.first().text.split()[3].strip(".,;:()").lower()
    found = search_items(LearningItem.objects.published(), word).queryset
    assert found.filter(publication__slug__startswith=benchmark.SYNTHETIC_PREFIX).exists()


def test_search_measures_compare_each_search_with_the_naive_baseline(corpus):
    measures = benchmark.search_measures(repeat=1)
    names = [m.name for m in measures]
    for label, raw in benchmark.SEARCHES.items():
        for kind in ("search", "naive icontains", "naive, capped"):
            assert f"{kind}: {label} ({raw})" in names
    assert f"search: question, 8 words ({benchmark.QUESTION})" in names
    assert all(m.queries <= 10 for m in measures)
    common = {m.name.split(":")[0]: m.results for m in measures if "common word" in m.name}
    assert common["search"] > 0 and common["naive icontains"] > 0


def test_on_postgresql_each_search_is_set_beside_the_raw_full_text_floor(corpus):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    measures = {m.name: m for m in benchmark.search_measures(repeat=1)}
    for label, raw in benchmark.SEARCHES.items():
        floor = measures[f"raw PostgreSQL: {label} ({raw})"]
        assert floor.queries == 1
    common = f"common word ({benchmark.SEARCHES['common word']})"
    assert measures[f"raw PostgreSQL: {common}"].results > 0


def test_table_reports_speed_ups(corpus):
    table = benchmark.format_table(60, "sqlite", benchmark.search_measures(repeat=1))
    assert "speed-up at p95 for common word (child)" in table
    assert table.splitlines()[0].startswith("N = 60 synthetic items")
