"""Where the seed content lives, in which order it loads, and how it is loaded.

Loading adds only what the database does not have yet. Staff withdraw, correct, retag and
delete seed content in the admin, so an object that is already there is left exactly as it
is (text, status, tags, version, history), and an object whose history shows that staff
deleted or renamed it is not brought back. What was kept but differs from the seed's copy
is reported, so an operator can see what staff changed.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction

from learning.models import LearningItem

try:  # the C loader when PyYAML has it, as Django's own YAML deserializer does: ten times faster
    from yaml import CSafeLoader as SafeLoader
except ImportError:
    from yaml import SafeLoader

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


@dataclass
class SeedReport:
    """What loading the seed did, for the operator who ran it."""

    added: list = field(default_factory=list)  # labels of the objects added
    kept: int = 0
    differing: list = field(default_factory=list)  # (label, names of the fields that differ)
    withheld: list = field(default_factory=list)  # labels of objects staff deleted or renamed
    dependants: int = 0  # objects not added because they belong to or point at a withheld one


def load_missing(paths, dry_run=False):
    """Add the seed objects the database lacks, in fixture order, in one transaction.

    A dry run does the same work and then rolls it back, so its report is exactly what a real
    run would do.
    """
    loader = SeedLoader()
    with transaction.atomic():
        for path in paths:
            for raw in read_fixture(path):
                loader.take(raw)
        loader.link_forward_references()
        LearningItem.objects.stamp_first_public()
        if dry_run:
            transaction.set_rollback(True)
    return loader.report


def read_fixture(path):
    """The fixture's objects as plain dicts, so each can be checked before it is deserialized."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SafeLoader) or []


def label(model, natural_key):
    """How the report names an object: `learning.learningitem derby-babies-summary/kp-1`."""
    return f"{model._meta.label_lower} {'/'.join(str(part) for part in natural_key)}"


class SeedLoader:
    """Takes the seed's objects one at a time and saves only the new ones (raw, as loaddata)."""

    def __init__(self):
        self.report = SeedReport()
        self.withheld = set()  # (model, natural key) of seed objects staff deleted or renamed
        self.deferred = []  # saved objects whose forward references are linked at the end
        self.history_keys = {}  # model -> natural keys its history has ever held

    def take(self, raw):
        """Add one fixture object if it is new, or compare it with the database's copy if not."""
        model = apps.get_model(raw["model"])
        refers_to_withheld = self.refers_to_withheld(model, raw)
        try:
            seed = deserialize_one(self.without_withheld_tags(model, raw))
        except ObjectDoesNotExist:
            if not refers_to_withheld:
                raise
            self.report.dependants += 1  # its natural key goes through the withheld object: not there
            return
        if seed.object.pk is not None:
            self.compare(model, raw, seed)
        elif refers_to_withheld:
            self.report.dependants += 1
        else:
            self.add(model, seed)

    def add(self, model, seed):
        """Save a seed object the database lacks, unless its history shows staff removed it."""
        natural_key = seed.object.natural_key()
        history_keys = self.natural_keys_in_history(model)
        if natural_key in history_keys:
            self.withhold(model, natural_key)
            return
        try:
            save_alone(seed)
        except IntegrityError as error:
            if not history_keys:  # nobody has edited this model: the seed itself is wrong
                raise
            self.withhold(model, natural_key, f"it clashes with an object already there: {error}")
            return
        self.report.added.append(label(model, natural_key))
        if seed.deferred_fields:
            self.deferred.append(seed)

    def withhold(self, model, natural_key, reason=""):
        """Leave a seed object out, and everything that belongs to or points at it."""
        self.withheld.add((model, natural_key))
        self.report.withheld.append(label(model, natural_key) + (f" ({reason})" if reason else ""))

    def refers_to_withheld(self, model, raw):
        """Whether the object belongs to, or points at, something staff removed. If it is new it
        cannot be added, as its foreign key would have nothing to point at."""
        for name, value in raw["fields"].items():
            relation = model._meta.get_field(name)
            if relation.many_to_one and self.is_withheld(relation.related_model, value):
                return True
        return False

    def without_withheld_tags(self, model, raw):
        """The fixture object without tags (many-to-many values) that staff removed."""
        fields = dict(raw["fields"])
        for name, values in fields.items():
            relation = model._meta.get_field(name)
            if relation.many_to_many and values:
                fields[name] = [value for value in values if not self.is_withheld(relation.related_model, value)]
        return {**raw, "fields": fields}

    def is_withheld(self, model, reference):
        """Whether a natural-key reference in a fixture (a list) names a withheld object."""
        return isinstance(reference, list) and (model, tuple(reference)) in self.withheld

    def natural_keys_in_history(self, model):
        """Every natural key an object of this model has had, from django-simple-history.

        Asked only about a seed object that is missing: if some object once had its natural
        key, staff deleted that object (history type "-") or renamed it after an edit, and
        either way adding the seed's copy back would undo their change.
        """
        if model not in self.history_keys:
            self.history_keys[model] = historical_natural_keys(model)
        return self.history_keys[model]

    def compare(self, model, raw, seed):
        """Keep the database's copy; note the fields where the seed's copy differs."""
        self.report.kept += 1
        current = model._default_manager.get(pk=seed.object.pk)
        differing = [name for name in raw["fields"] if not seed_matches(model._meta.get_field(name), seed, current)]
        if differing:
            self.report.differing.append((label(model, current.natural_key()), differing))

    def link_forward_references(self):
        """Fill in references to objects that came later in the seed, as loaddata does."""
        for seed in self.deferred:
            seed.save_deferred_fields()


def deserialize_one(raw):
    """One fixture object as a DeserializedObject: its primary key is filled in when an object
    with its natural key is already in the database."""
    return next(serializers.deserialize("python", [raw], handle_forward_references=True))


def save_alone(seed):
    """Save one new object raw (as loaddata does), in a savepoint of its own.

    Staff renaming a seed object (a theme's slug, say) leaves no trace of the old natural key,
    because seed objects are saved raw and raw saves record no history. The seed's copy then
    looks new, and saving it clashes with the renamed object on another unique field (the
    theme's name). The savepoint lets the load leave it out and carry on.
    """
    with transaction.atomic():
        seed.save()


def historical_natural_keys(model):
    """The natural keys in a model's history (empty for a model without history)."""
    history = getattr(model, "history", None)
    if history is None:
        return set()
    keys = set()
    for record in history.iterator():
        try:
            keys.add(record.instance.natural_key())
        except ObjectDoesNotExist:  # a key built from a related object that is gone too
            continue
    return keys


def seed_matches(model_field, seed, current):
    """Whether the seed's value of one field equals the database's."""
    if model_field in seed.deferred_fields:  # the seed points at something the database lacks
        return False
    if model_field.many_to_many:
        seed_values = set(seed.m2m_data.get(model_field.name, []))
        return seed_values == set(getattr(current, model_field.name).values_list("pk", flat=True))
    return model_field.value_from_object(seed.object) == model_field.value_from_object(current)
