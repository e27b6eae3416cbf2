"""Region choices in forms: regions gone from the official division list are
not offered for new records, and stay valid on the records that point to them."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.forms import BaseForm

from .models import Region
from .selectors import pickable_regions


def offer_active_regions(form: BaseForm) -> None:
    """Limit every region choice of ``form`` (its querysets as they are) to
    active regions and those its record (``form.instance``) already names."""
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or queryset.model is not Region:
            continue
        field.queryset = pickable_regions(queryset, keep=_recorded(form, name))


def _recorded(form: BaseForm, name: str):
    """The region ids the form's saved record holds in field ``name`` (no query:
    a foreign key's id, or a subquery of a many-to-many)."""
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return ()
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return ()
    if model_field.many_to_many:
        return getattr(instance, name).values("pk")
    if model_field.many_to_one:
        value = getattr(instance, model_field.attname)
        return () if value is None else (value,)
    return ()
