"""The two staff roles. Editors write drafts; Publishers also publish, withdraw and delete,
and change whatever is live on the public site.

Boards, themes, age groups, audiences, glossary terms and synonyms have no draft state: each
shows (or acts on search) the moment it is saved, so Editors may view them but only
Publishers add, change or delete them. Publications, sections, reviews and learning items
have drafts, which Editors write; the admin keeps their live versions for Publishers.

Kept here (not only in the migration) so tests and `manage.py` can check or re-apply them.
"""

EDITOR = "Editor"
PUBLISHER = "Publisher"

DRAFTABLE_MODELS = {
    "reviews": ["publication", "section", "review"],
    "learning": ["learningitem"],
}
ALWAYS_LIVE_MODELS = {
    "reviews": ["board"],
    "learning": ["theme", "agegroup", "audience", "glossaryterm", "synonym"],
}
# Seen by both roles, changed by neither: what practitioners searched for and found nothing.
READ_ONLY_MODELS = {"search": ["unansweredsearch"]}
PUBLISH_PERMISSIONS = {
    "reviews": ["publish_publication", "publish_review"],
    "learning": ["publish_learningitem"],
}


def role_permissions(role):
    """(app_label, codename) pairs for a role."""
    draft_actions = ["view", "add", "change"] + (["delete"] if role == PUBLISHER else [])
    live_actions = ["view", "add", "change", "delete"] if role == PUBLISHER else ["view"]
    pairs = _pairs(DRAFTABLE_MODELS, draft_actions) + _pairs(ALWAYS_LIVE_MODELS, live_actions)
    pairs += _pairs(READ_ONLY_MODELS, ["view"] + (["delete"] if role == PUBLISHER else []))
    if role == PUBLISHER:
        pairs += [(app, codename) for app, codenames in PUBLISH_PERMISSIONS.items() for codename in codenames]
    return pairs


def _pairs(models_by_app, actions):
    return [
        (app, f"{action}_{model}") for app, models in models_by_app.items() for model in models for action in actions
    ]


def apply_roles(Group, Permission):
    """Give each role its permissions. Migrations call this as the models arrive, so a
    permission that does not exist yet is left for the later migration that re-applies it."""
    for role in (EDITOR, PUBLISHER):
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [
            permission
            for app, codename in role_permissions(role)
            if (permission := Permission.objects.filter(content_type__app_label=app, codename=codename).first())
        ]
        group.permissions.set(permissions)
