"""Keeping the running hours totals right: a delta per change, a rebuild from the records.

Every service that changes what a record counts (approve, edit back to
待审核, accept a correction) takes the record's contribution before and after
and calls `record_changed` inside its own transaction; a deleted record does
the same through a post_delete receiver. The increments are F() expressions,
so two approvals for one member at once both count. `refresh_hours_totals`
rebuilds every row from the records (the nightly task and the management
command `refresh_hours_totals`): it locks the totals against those increments
while it reads, so an approval during the rebuild is neither lost nor
counted twice.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from portal.models import Member
from volunteers.models import (
    ActivityMonthTotal,
    MemberHoursTotal,
    OrganisationMonthTotal,
    OrganisationYearTotal,
    ServiceRecord,
    TeamHoursTotal,
)
from volunteers.models.totals import next_month

TOTALS = (
    MemberHoursTotal,
    TeamHoursTotal,
    OrganisationYearTotal,
    OrganisationMonthTotal,
    ActivityMonthTotal,
)


@dataclass(frozen=True)
class Contribution:
    """What one record adds to the totals: nothing unless it is approved service."""

    member_id: int
    organisation_id: int
    team_id: int
    activity_id: int | None
    served_on: date
    hours: Decimal

    @property
    def month(self) -> date:
        return self.served_on.replace(day=1)


def contribution(record: ServiceRecord) -> Contribution | None:
    if not record.counts:
        return None
    return Contribution(
        member_id=record.member_id,
        organisation_id=record.member.organisation_id,
        team_id=record.team_id,
        activity_id=record.activity_id,
        served_on=record.served_on,
        hours=Decimal(record.hours),
    )


def _add(model, key: dict, changes: dict) -> None:
    changes = {field: value for field, value in changes.items() if value}
    if not changes:
        return
    rows = model.objects.filter(**key)
    increments = {field: F(field) + value for field, value in changes.items()}
    if rows.update(**increments):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **changes)
    except IntegrityError:  # created meanwhile by another approval: add to it
        rows.update(**increments)


def _people_change(member_id: int, start: date, end: date, records_change: int) -> int:
    """+1 when the member's first counted record of [start, end) appears, -1 when the last goes."""
    if not records_change:
        return 0
    now = (
        ServiceRecord.objects.counted()
        .filter(member_id=member_id, served_on__gte=start, served_on__lt=end)
        .count()
    )
    return int(now > 0) - int(now - records_change > 0)


def record_changed(before: Contribution | None, after: Contribution | None) -> None:
    """Moves the totals from what the record counted to what it counts now; call it in the
    transaction that saved the record, after the save."""
    if before == after:
        return
    deltas: dict = defaultdict(lambda: defaultdict(Decimal))
    member_id = (before or after).member_id
    for change, sign in ((before, -1), (after, 1)):
        if change is None:
            continue
        for key in (
            (MemberHoursTotal, (("member_id", change.member_id), ("year", change.served_on.year))),
            (TeamHoursTotal, (("team_id", change.team_id), ("year", change.served_on.year))),
            (
                OrganisationYearTotal,
                (("organisation_id", change.organisation_id), ("year", change.served_on.year)),
            ),
            (
                OrganisationMonthTotal,
                (("organisation_id", change.organisation_id), ("month", change.month)),
            ),
        ):
            deltas[key]["hours"] += change.hours * sign
            deltas[key]["records"] += sign
        if change.activity_id:
            key = (
                ActivityMonthTotal,
                (
                    ("activity_id", change.activity_id),
                    ("organisation_id", change.organisation_id),
                    ("month", change.month),
                ),
            )
            deltas[key]["records"] += sign
    # The people counts read the member's other records: two approvals of one member at
    # once must not both see themselves as the month's first (the services lock records
    # before members, so this keeps their order).
    list(Member.objects.select_for_update().filter(pk=member_id).values_list("pk"))
    for (model, key), changes in deltas.items():
        key = dict(key)
        records = int(changes["records"])
        if model is OrganisationMonthTotal:
            month = key["month"]
            changes["people"] = _people_change(member_id, month, next_month(month), records)
        elif model is OrganisationYearTotal:
            year = key["year"]
            changes["people"] = _people_change(
                member_id, date(year, 1, 1), date(year + 1, 1, 1), records
            )
        if model is not ActivityMonthTotal:
            changes["records"] = int(changes["records"])
        else:
            changes = {"records": int(changes["records"])}
        _add(model, key, changes)


def record_deleted(sender, instance: ServiceRecord, **kwargs) -> None:
    """post_delete receiver: the services delete nothing, but a shell or an erasure may."""
    record_changed(contribution(instance), None)


def _lock_totals() -> None:
    if connection.vendor == "postgresql":
        # Conflicts with the row updates of `record_changed`, not with reads.
        with connection.cursor() as cursor:
            for model in TOTALS:
                cursor.execute(f'LOCK TABLE "{model._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def _rebuild(model, group: dict, totals: dict, records=None) -> int:
    """Replaces `model`'s rows by the records grouped on `group` (row field: expression)."""
    aliases = {f"key_{field}": expression for field, expression in group.items()}
    rows = (
        (records if records is not None else ServiceRecord.objects.counted())
        .annotate(**aliases)
        .values(*aliases)
        .annotate(**totals)
        .order_by()
    )
    model.objects.all().delete()
    created = model.objects.bulk_create(
        (
            model(
                **{field: row[f"key_{field}"] for field in group},
                **{field: row[field] for field in totals},
            )
            for row in rows.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )
    return len(created)


def refresh_hours_totals() -> int:
    """Rebuilds every running total from the approved records; returns the rows written."""
    with transaction.atomic():
        rows = _rebuild_all()
    if connection.vendor == "postgresql":
        # Every row was replaced: fresh statistics, or the planner guesses from the old ones.
        with connection.cursor() as cursor:
            for model in TOTALS:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return rows


def _rebuild_all() -> int:
    _lock_totals()
    year, month = ExtractYear("served_on"), TruncMonth("served_on")
    hours = {"hours": Sum("hours"), "records": Count("pk")}
    counted = ServiceRecord.objects.counted()
    organisation = F("member__organisation_id")
    return (
        _rebuild(MemberHoursTotal, {"member_id": F("member_id"), "year": year}, hours)
        + _rebuild(TeamHoursTotal, {"team_id": F("team_id"), "year": year}, hours)
        + _rebuild(
            OrganisationYearTotal,
            {"organisation_id": organisation, "year": year},
            hours | {"people": Count("member_id", distinct=True)},
        )
        + _rebuild(
            OrganisationMonthTotal,
            {"organisation_id": organisation, "month": month},
            hours | {"people": Count("member_id", distinct=True)},
        )
        + _rebuild(
            ActivityMonthTotal,
            {"activity_id": F("activity_id"), "organisation_id": organisation, "month": month},
            {"records": Count("pk")},
            counted.filter(activity__isnull=False),
        )
    )
