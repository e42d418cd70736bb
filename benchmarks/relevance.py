"""Search relevance on the project's own judged questions (fixtures/relevance/questions.yaml).

Each question is searched the way the search page searches (learning.selectors.find_items) over
the seed content; the first ten results are judged against the items that answer it. Figures:
recall@5 (share of questions with an answer in the top five), MRR (mean of 1 / rank of the first
answer) and nDCG@10 (binary gains), overall and per kind of question.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.http import QueryDict
from django.utils.http import urlencode

from learning.models import LearningItem
from learning.selectors import find_items

QUESTIONS = Path(settings.BASE_DIR) / "fixtures" / "relevance" / "questions.yaml"
DEPTH = 10


@dataclass
class Judged:
    id: str
    kind: str
    persona: str
    question: str
    answers: set
    found: list  # natural keys of the first DEPTH results


def load_questions(path=QUESTIONS):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def natural_keys(ids):
    rows = dict(LearningItem.objects.filter(pk__in=ids).values_list("pk", "publication__slug"))
    keys = dict(LearningItem.objects.filter(pk__in=ids).values_list("pk", "key"))
    return [f"{rows[pk]}/{keys[pk]}" for pk in ids]


def judge(question):
    result = find_items(QueryDict(urlencode({"q": question["question"]})), per_page=DEPTH)
    ids = [item.pk for item in result.page.object_list]
    found = natural_keys(ids)
    return Judged(
        question["id"], question["kind"], question["persona"], question["question"], set(question["answers"]), found
    )


def first_rank(judged):
    return next((rank for rank, key in enumerate(judged.found, 1) if key in judged.answers), None)


def ndcg(judged):
    gains = sum(1 / math.log2(rank + 1) for rank, key in enumerate(judged.found, 1) if key in judged.answers)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(judged.answers), DEPTH) + 1))
    return gains / ideal if ideal else 0.0


def figures(judged_list):
    """{"recall@5", "MRR", "nDCG@10", "questions"} for a list of judged questions."""
    ranks = [first_rank(judged) for judged in judged_list]
    n = len(judged_list) or 1
    return {
        "questions": len(judged_list),
        "recall@5": sum(1 for rank in ranks if rank and rank <= 5) / n,
        "MRR": sum(1 / rank for rank in ranks if rank) / n,
        "nDCG@10": sum(ndcg(judged) for judged in judged_list) / n,
    }


def evaluate(questions=None):
    """(overall figures, {kind: figures}, judged list)."""
    judged_list = [judge(question) for question in (questions or load_questions())]
    by_kind = defaultdict(list)
    for judged in judged_list:
        by_kind[judged.kind].append(judged)
    return figures(judged_list), {kind: figures(items) for kind, items in sorted(by_kind.items())}, judged_list


def table(overall, by_kind):
    lines = [f"{'':16} {'questions':>9} {'recall@5':>9} {'MRR':>6} {'nDCG@10':>8}"]
    for name, row in [("all", overall), *by_kind.items()]:
        lines.append(
            f"{name:16} {row['questions']:>9} {row['recall@5']:>9.2f} {row['MRR']:>6.2f} {row['nDCG@10']:>8.2f}"
        )
    return "\n".join(lines)
