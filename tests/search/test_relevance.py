"""Relevance on the judged questions (fixtures/relevance/questions.yaml) never falls below the
level reached: `make relevance` prints the same figures.

Floors are the lower of SQLite's and PostgreSQL's figures when they were set, less 0.03.
"""

import pytest

from benchmarks import relevance
from core import versioning

pytestmark = pytest.mark.django_db

FLOORS = {  # kind: (recall@5, MRR, nDCG@10)
    "all": (0.82, 0.68, 0.67),
    "acronym": (0.97, 0.90, 0.88),
    "age": (0.84, 0.72, 0.70),
    "everyday": (0.77, 0.64, 0.64),
    "question": (0.78, 0.58, 0.57),
    "typo": (0.80, 0.79, 0.82),
    "what-changed": (0.91, 0.75, 0.71),
}


@pytest.fixture
def figures(seeded):
    with versioning.request_scope():
        overall, by_kind, _judged = relevance.evaluate()
    return {"all": overall, **by_kind}


def test_every_judged_answer_is_a_seed_item(seeded):
    keys = set(relevance.natural_keys(list(relevance.LearningItem.objects.values_list("pk", flat=True))))
    for question in relevance.load_questions():
        assert set(question["answers"]) <= keys, question["id"]


def test_relevance_stays_at_the_level_reached(figures):
    fallen = [
        f"{kind} {name} {figures[kind][name]:.2f} < {floor:.2f}"
        for kind, floors in FLOORS.items()
        for name, floor in zip(("recall@5", "MRR", "nDCG@10"), floors, strict=True)
        if figures[kind][name] < floor
    ]
    assert not fallen, "\n".join(fallen)
