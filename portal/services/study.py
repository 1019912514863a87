"""Study records: crediting 学时 and reading a member's progress against the requirement.

Only the fact of having studied is recorded, never time spent online and never
a ranking: the 2023 national rules against 指尖上的形式主义 forbid both.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Member, StudyArticlePage, StudyRecord, StudyRequirementSettings
from portal.text_limits import clean_text

MAX_CREDIT_HOURS = Decimal("99.9")  # what StudyRecord.hours (4 digits, 1 decimal) holds


class StudyError(Exception):
    """A study action that cannot be done; the message is shown to the member."""


def mark_article_studied(*, member: Member, article: StudyArticlePage) -> StudyRecord:
    """Credits the article's 学时 once; marking it again returns the existing record."""
    if not article.live:
        raise StudyError(_("这篇文章尚未发布，不能标记学习。"))
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

    Other apps call this so attendance recorded once also counts as study;
    calling it again for the same key corrects the credit instead of adding one.
    """
    if not source_key:
        # Without a key the credit could not be found again to correct or withdraw it.
        raise StudyError(_("缺少来源标识，无法记录学时。"))
    if source not in StudyRecord.Source.values or source == StudyRecord.Source.ARTICLE:
        raise StudyError(_("文章学习请在文章页面标记“已学习”。"))
    hours = Decimal(hours)
    if hours < 0 or hours > MAX_CREDIT_HOURS:
        raise StudyError(_("学时应在 0 到 99.9 之间。"))
    title = clean_text(title, model=StudyRecord, field="title", error=StudyError)
    if not title:
        raise StudyError(_("请填写学习内容。"))
    record, _created = StudyRecord.objects.update_or_create(
        member=member,
        source=source,
        source_key=source_key,
        defaults={"title": title, "hours": hours, "studied_on": studied_on},
    )
    return record


def withdraw_study_credit(*, member: Member, source: str, source_key: str) -> None:
    """Removes a credit whose origin no longer holds (marked absent after all)."""
    if not source_key:
        return
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
    """The member's 学时 in the year against their role's requirement (32, or 56 for leaders)."""
    year = year or timezone.localdate().year
    requirement = StudyRequirementSettings.load()
    hours = StudyRecord.objects.filter(member=member).in_year(year).total_hours()
    return YearProgress(year=year, hours=hours, required=requirement.required_for(member))
