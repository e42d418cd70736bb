"""The two staff roles. Editors write drafts; Publishers also publish, withdraw and delete.

Kept here (not only in the migration) so tests and `manage.py` can check or re-apply them.
"""

EDITOR = "Editor"
PUBLISHER = "Publisher"

CONTENT_MODELS = {
    "reviews": ["board", "publication", "section", "review"],
    "learning": ["learningitem", "theme", "agegroup", "audience", "glossaryterm", "synonym"],
}
PUBLISH_PERMISSIONS = {
    "reviews": ["publish_publication", "publish_review"],
    "learning": ["publish_learningitem"],
}


def role_permissions(role):
    """(app_label, codename) pairs for a role."""
    actions = ["view", "add", "change"] + (["delete"] if role == PUBLISHER else [])
    pairs = [
        (app, f"{action}_{model}") for app, models in CONTENT_MODELS.items() for model in models for action in actions
    ]
    if role == PUBLISHER:
        pairs += [(app, codename) for app, codenames in PUBLISH_PERMISSIONS.items() for codename in codenames]
    return pairs


def apply_roles(Group, Permission):
    for role in (EDITOR, PUBLISHER):
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in role_permissions(role)
        ]
        group.permissions.set(permissions)
