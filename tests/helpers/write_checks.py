"""What the write matrices share: a snapshot of the database to compare,
whether a response refused the write, the admin form's own data, and valid
form values naming county A's or county B's rows."""

from __future__ import annotations

from django.apps import apps
from django.forms import MultiWidget
from django.forms.models import model_to_dict

from apps.inspections.models import Campaign, FindingCategory

SLUG = "zhanjiang-2020"
REFUSED = (403, 404)
# A valid ID number nobody in the demo has (female, born 1949-12-31).
NEW_ID_NUMBER = "11010519491231002X"


def snapshot(target=None) -> dict:
    """Row counts of every project model, and the target's field values."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("apps.")
    }
    if target is not None:
        fresh = type(target)._base_manager.get(pk=target.pk)
        counts["target"] = model_to_dict(fresh)
    return counts


def changed_keys(before: dict, after: dict) -> list[str]:
    return [key for key in before if before[key] != after.get(key)]


def form_errors(response) -> bool:
    """Whether an admin or portal page came back with its form refused."""
    context = response.context
    if context is None or response.status_code != 200:
        return False
    forms = []
    if "adminform" in context:
        forms.append(context["adminform"].form)
        for inline in context.get("inline_admin_formsets", []):
            forms.extend(inline.formset.forms)
            if inline.formset.non_form_errors():
                return True
    for key in ("form", "upload_form"):
        if key in context and hasattr(context[key], "errors"):
            forms.append(context[key])
    return any(form.errors for form in forms)


def refused(response) -> bool:
    return response.status_code in REFUSED or form_errors(response)


def initial_data(response) -> dict:
    """What the admin page's forms would post unchanged (management forms too)."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.initial_forms)
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field.widget, MultiWidget):
                parts = field.widget.decompress(value)
                for index, part in enumerate(parts):
                    if part is not None:
                        data[f"{key}_{index}"] = part
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = value
    return data


def demo_campaign():
    return Campaign.objects.get(slug=SLUG)


def member_values(objects, s) -> dict:
    return {
        "household": objects[f"household_{s}"].pk,
        "name": "新增成员",
        "id_number": NEW_ID_NUMBER,
        "sex": "female",
        "birth_date": "1949-12-31",
        "relationship": "之女",
    }


def finding_values(objects, s) -> dict:
    return {
        "campaign": demo_campaign().pk,
        "region": objects[f"village_{s}"].pk,
        "category": FindingCategory.objects.filter(is_active=True).first().pk,
        "source": demo_campaign().kind,
        "severity": "minor",
        "description": "跨县写入检查",
    }
