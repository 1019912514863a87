"""Study records: crediting 学时 and reading a member's progress against the requirement."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models import Member, StudyArticlePage, StudyRecord, StudyRequirementSettings


class StudyError(Exception):
    """A study action that cannot be done; the message is shown to the member."""


def mark_article_studied(*, member: Member, article: StudyArticlePage) -> StudyRecord:
    """Credits the article's 学时 once; marking it again returns the existing record."""
    if not article.live:
        raise StudyError("这篇文章尚未发布，不能标记学习。")
    existing = StudyRecord.objects.filter(member=member, article=article).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return StudyRecord.objects.create(
                member=member,
                article=article,
                source=StudyRecord.Source.ARTICLE,
                title=article.title,
                hours=article.study_hours,
                studied_on=timezone.localdate(),
            )
    except IntegrityError:
        # A double tap on a slow phone: the first request already saved it.
        return StudyRecord.objects.get(member=member, article=article)


def credit_study(
    *,
    member: Member,
    title: str,
    hours: Decimal,
    studied_on: date,
    source: str = StudyRecord.Source.LECTURE,
    source_key: str,
) -> StudyRecord:
    """Credits study done elsewhere (a 党课 attended) once per `source_key`.

    Other apps call this so attendance recorded once also counts as study.
    """
    if hours < 0:
        raise StudyError("学时不能为负数。")
    record, _created = StudyRecord.objects.update_or_create(
        member=member,
        source=source,
        source_key=source_key,
        defaults={"title": title, "hours": hours, "studied_on": studied_on},
    )
    return record


def withdraw_study_credit(*, member: Member, source: str, source_key: str) -> None:
    """Removes a credit whose origin no longer holds (marked absent after all)."""
    StudyRecord.objects.filter(member=member, source=source, source_key=source_key).delete()


@dataclass(frozen=True)
class YearProgress:
    year: int
    hours: Decimal
    required: Decimal

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        return min(100, int(self.hours * 100 / self.required))

    @property
    def remaining(self) -> Decimal:
        return max(Decimal("0"), self.required - self.hours)

    @property
    def met(self) -> bool:
        return self.hours >= self.required


def year_progress(*, member: Member, year: int | None = None) -> YearProgress:
    year = year or timezone.localdate().year
    requirement = StudyRequirementSettings.load()
    hours = StudyRecord.objects.filter(member=member).in_year(year).total_hours()
    return YearProgress(year=year, hours=hours, required=requirement.required_for(member))
