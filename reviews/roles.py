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
PUBLISH_PERMISSIONS = {
    "reviews": ["publish_publication", "publish_review"],
    "learning": ["publish_learningitem"],
}


def role_permissions(role):
    """(app_label, codename) pairs for a role."""
    draft_actions = ["view", "add", "change"] + (["delete"] if role == PUBLISHER else [])
    live_actions = ["view", "add", "change", "delete"] if role == PUBLISHER else ["view"]
    pairs = _pairs(DRAFTABLE_MODELS, draft_actions) + _pairs(ALWAYS_LIVE_MODELS, live_actions)
    if role == PUBLISHER:
        pairs += [(app, codename) for app, codenames in PUBLISH_PERMISSIONS.items() for codename in codenames]
    return pairs


def _pairs(models_by_app, actions):
    return [
        (app, f"{action}_{model}") for app, models in models_by_app.items() for model in models for action in actions
    ]


def apply_roles(Group, Permission):
    for role in (EDITOR, PUBLISHER):
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in role_permissions(role)
        ]
        group.permissions.set(permissions)
