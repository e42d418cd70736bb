"""What every content app shares and nothing else owns."""

from django.db import models
from django.utils import timezone


class ContentVersion(models.Model):
    """One row: a number that goes up by one whenever any public content changes.

    Kept in the database (not in a process's memory), so every server process sees a change
    made through any other the moment it is committed, and drops whatever it cached for the
    old number."""

    number = models.BigIntegerField(default=1)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"Content version {self.number}"
