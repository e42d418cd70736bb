"""Ids the admin reads from a request, kept to ids the database can hold.

Django's admin and django-simple-history hand some ids from the address or a form straight
to a query: "abc" in an object's History address, a tampered checkbox of a bulk action, or,
in a related field, a number too large for the database (SQLite raises OverflowError past
2**63 - 1) each made a 500 where a 404 or a form error is meant. `IdCheckingAdmin` checks
them with `parse_id` first. The content admins have it through `LiveContentAdmin`; users and
groups get it from `check_ids_in`.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

from core.ids import parse_id


def acceptable_key(value, field) -> bool:
    """Whether `value` could be a value of `field`: for a whole-number field, an id in the
    database's range; anything else is left for the field's own checks."""
    while field.is_relation and field.target_field is not field:  # a primary key that is a foreign key
        field = field.target_field
    return not isinstance(field, models.IntegerField) or parse_id(value) is not None


def key_field(queryset, to_field_name):
    """The model field a choice field's values are matched against."""
    opts = queryset.model._meta
    return opts.get_field(to_field_name) if to_field_name else opts.pk


class IdChoiceField(forms.ModelChoiceField):
    """A related object chosen by id, refusing a value that cannot be one before any query.
    The admin's autocomplete widget looks the submitted value up again to show it, so a
    value refused is not shown either."""

    def to_python(self, value):
        if value not in self.empty_values and not acceptable_key(value, key_field(self.queryset, self.to_field_name)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        field = key_field(self.queryset, self.to_field_name)
        return data if data in self.empty_values or acceptable_key(data, field) else None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Related objects chosen by id: Django checks each value, then fetches them all with
    `__in`, which a number too large for the database breaks; refused before either."""

    def clean(self, value):
        field = key_field(self.queryset, self.to_field_name)
        for key in value if isinstance(value, list | tuple) else []:
            if not acceptable_key(key, field):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                )
        return super().clean(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        if not isinstance(data, list | tuple):
            return data
        field = key_field(self.queryset, self.to_field_name)
        return [key for key in data if acceptable_key(key, field)]


class IdCheckingAdmin(admin.ModelAdmin):
    """Checks the ids of the object's address, a bulk action's ticked rows, the list's edited
    rows and related fields before the admin queries with them."""

    def history_view(self, request, object_id, extra_context=None):
        """django-simple-history looks the object up with the address's id as it is."""
        if not acceptable_key(unquote(object_id), self.opts.pk):
            raise Http404("No such object.")
        return super().history_view(request, object_id, extra_context)

    def response_action(self, request, queryset):
        """Django filters by the ticked rows' values as they are: leave out any that cannot be
        an id (none left is Django's "Items must be selected")."""
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        kept = [key for key in selected if acceptable_key(key, self.opts.pk)]
        if kept != selected:
            post = request.POST.copy()
            post.setlist(helpers.ACTION_CHECKBOX_NAME, kept)
            request.POST = post
        return super().response_action(request, queryset)

    def _get_list_editable_queryset(self, request, prefix):
        """Django checks the edited rows' ids with the primary key's `to_python`, which lets a
        number too large for the database through; treat that as the tampering Django already
        handles (the whole list, whose forms then refuse the id)."""
        edited = self._get_edited_object_pks(request, prefix)
        if all(acceptable_key(key, self.opts.pk) for key in edited):
            return super()._get_list_editable_queryset(request, prefix)
        return self.get_queryset(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def check_ids_in(site, models_to_check):
    """Register each model's admin again with IdCheckingAdmin mixed in: for the admins that
    come with Django (users and groups), which the site does not define itself."""
    for model in models_to_check:
        model_admin = type(site.get_model_admin(model))
        if issubclass(model_admin, IdCheckingAdmin):
            continue
        site.unregister(model)
        site.register(model, type(model_admin.__name__, (IdCheckingAdmin, model_admin), {}))
