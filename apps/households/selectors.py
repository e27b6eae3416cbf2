"""Reads of the household registry, always scoped to the user's regions."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from apps.accounts.access import can_see_import, is_city_office, scope_queryset
from apps.accounts.access import get_object_in_scope as _in_scope

from .models import Household, HouseholdImport, Member

HEAD_OF_HOUSEHOLD = "户主"


def head_name(household: str = "pk") -> Subquery:
    """The name of the household's 户主 (the first one, should a file name two);
    ``household`` names the outer query's household id (``"household_id"`` from
    a row pointing at a household)."""
    heads = Member.objects.filter(household=OuterRef(household), relationship=HEAD_OF_HOUSEHOLD)
    return Subquery(heads.order_by("pk").values("name")[:1])


def households_for(user) -> QuerySet[Household]:
    return scope_queryset(
        Household.objects.select_related("village__county", "village__town", "assisting_unit"),
        user,
    ).annotate(member_count=Count("members"), head_name=head_name())


def search_q(text: str) -> Q:
    """Name, household number or ID number (full, or its last digits)."""
    text = text.strip().upper()
    if not text:
        return Q()
    return (
        Q(number__icontains=text)
        | Q(members__name__contains=text)
        | Q(members__id_number=text)
        | (Q(members__id_number__endswith=text) if len(text) >= 4 else Q(pk__in=[]))
    )


def household_detail(user, pk: int) -> Household:
    queryset = Household.objects.select_related(
        "village__county", "village__town", "assisting_unit"
    ).prefetch_related(Prefetch("members", queryset=Member.objects.order_by("pk")))
    return _in_scope(queryset, user, pk=pk)


def member_detail(user, pk: int) -> Member:
    return _in_scope(Member.objects.select_related("household__village"), user, pk=pk)


def imports_for(user) -> QuerySet[HouseholdImport]:
    jobs = HouseholdImport.objects.select_related("uploaded_by")
    return jobs if is_city_office(user) else jobs.filter(uploaded_by=user)


def import_for(user, pk: int) -> HouseholdImport:
    from django.http import Http404

    job = HouseholdImport.objects.select_related("uploaded_by").filter(pk=pk).first()
    if job is None or not can_see_import(user, job):
        raise Http404
    return job
