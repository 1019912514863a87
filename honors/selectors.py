"""Reads for the public pages and members' pages, each a fixed number of queries."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.images import get_image_model

from honors.models import Award, Certificate, CertificateBatch, HonorCategory, HonorRollEntry
from portal.models import Member, Organisation
from portal.permissions import in_subtree

PHOTO_SPEC = "fill-240x300"
YEAR = re.compile(r"\d{4}")


def _photos() -> Prefetch:
    # Renditions come with the images, so a roll of 300 photos is still two queries.
    return Prefetch("photo", queryset=get_image_model().objects.prefetch_renditions(PHOTO_SPEC))


def public_periods() -> list[str]:
    periods = set(HonorRollEntry.objects.published().values_list("period", flat=True).distinct())
    return sorted(periods, reverse=True)


def default_period(periods: list[str], *, today: date | None = None) -> str:
    """The latest complete roll: the newest period whose year is over.

    A first approval for the new year must not replace last year's full roll
    with a one-person list; the new period stays one click away in the switch.
    Periods without a year (editors' own names) count as complete.
    """
    year = (today or timezone.localdate()).year
    for period in periods:
        match = YEAR.search(period)
        if match is None or int(match.group()) < year:
            return period
    return periods[0] if periods else ""


def public_roll(*, period: str = "", organisation_code: str = "") -> dict:
    """The published roll for one period (the latest complete one by default), by category."""
    periods = public_periods()
    if period not in periods:
        period = default_period(periods)
    entries = (
        HonorRollEntry.objects.published()
        .filter(period=period)
        .select_related("category", "organisation")
        .prefetch_related(_photos())
        .order_by("category__sort_order", "organisation__path", "person_name", "pk")
    )
    organisations = list(
        Organisation.objects.filter(
            honor_roll_entries__status=HonorRollEntry.Status.APPROVED,
            honor_roll_entries__consent_to_publish=True,
            honor_roll_entries__period=period,
        )
        .distinct()
        .order_by("path")
    )
    current_org = next((o for o in organisations if o.code == organisation_code), None)
    if current_org is not None:
        entries = in_subtree(entries, current_org, "organisation")
    grouped: dict[int, list[HonorRollEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.category_id, []).append(entry)
    categories = [
        {"category": category, "entries": grouped.get(category.pk, [])}
        for category in HonorCategory.objects.all()
    ]
    return {
        "periods": periods,
        "current_period": period,
        "organisations": organisations,
        "current_org": current_org,
        "categories": [c for c in categories if c["entries"]],
        "entry_count": sum(len(c["entries"]) for c in categories),
    }


def organisation_honours(*, code: str) -> dict | None:
    """An organisation's public page: the titles it holds today and its people on the roll."""
    organisation = Organisation.objects.filter(code=code, is_active=True).first()
    if organisation is None:
        return None
    awards = list(
        Award.objects.current()
        .filter(organisation=organisation)
        .select_related("title", "issuer")
        .order_by("title__sort_order", "-granted_on")
    )
    member_awards = list(
        Award.objects.current()
        .filter(member__organisation=organisation)
        .select_related("title", "member")
        .order_by("title__sort_order", "member__name")
    )
    entries = list(
        HonorRollEntry.objects.published()
        .filter(organisation=organisation)
        .select_related("category")
        .order_by("-period", "category__sort_order", "person_name")
    )
    return {
        "organisation": organisation,
        "awards": awards,
        "member_awards": member_awards,
        "entries": entries,
    }


def certificates_of(*, member: Member):
    return Certificate.objects.filter(member=member).order_by("-issued_on", "-pk")


def front_page_honours(*, limit: int) -> dict:
    """The front page's 最新荣誉 panel: the people most recently placed on the public roll."""
    from honors.models import HonorRollPage

    entries = list(
        HonorRollEntry.objects.published()
        .select_related("category", "organisation")
        .order_by(F("reviewed_at").desc(nulls_last=True), "-pk")[:limit]
    )
    return {"entries": entries, "roll_page": HonorRollPage.objects.live().first()}


def batches_needing_attention(batches):
    """Certificate batches that wait on a person: failed, or still 排队中/生成中/打包中 without
    progress for longer than HONORS_BATCH_STALL_SECONDS (`CertificateBatch.is_stalled`).

    Either way someone presses 重试 or 取消; a batch that is moving along needs
    nobody and is left out. The batch list filtered by ``?attention=1`` shows
    this same queryset, so the workbench's count is that list's length.
    """
    stalled_before = timezone.now() - timedelta(seconds=settings.HONORS_BATCH_STALL_SECONDS)
    return batches.annotate(progress_at=Coalesce("heartbeat_at", "created_at")).filter(
        Q(status=CertificateBatch.Status.FAILED)
        | Q(status__in=CertificateBatch.ACTIVE, progress_at__lt=stalled_before)
    )
