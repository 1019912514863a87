"""Crediting 学时: once per article, once per 党课, and progress against the role's requirement."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.models import StudyRecord, StudyRequirementSettings
from portal.services.study import (
    StudyError,
    credit_study,
    mark_article_studied,
    withdraw_study_credit,
    year_progress,
)
from tests.factories import MemberFactory, SecretaryFactory, make_article

pytestmark = pytest.mark.django_db


def test_marking_an_article_credits_its_hours_once(study):
    member = MemberFactory()
    article = make_article(title="党章学习", study_hours=Decimal("2.5"))

    first = mark_article_studied(member=member, article=article)
    second = mark_article_studied(member=member, article=article)

    assert first.pk == second.pk
    assert first.hours == Decimal("2.5")
    assert first.title == "党章学习"
    assert first.source == StudyRecord.Source.ARTICLE
    assert StudyRecord.objects.filter(member=member).count() == 1
    assert year_progress(member=member).hours == Decimal("2.5")


def test_an_unpublished_article_cannot_be_marked(study):
    member = MemberFactory()
    article = make_article()
    article.unpublish()
    article.refresh_from_db()

    with pytest.raises(StudyError, match="尚未发布"):
        mark_article_studied(member=member, article=article)
    assert not StudyRecord.objects.exists()


def test_editing_an_article_later_does_not_change_hours_already_credited(study):
    member = MemberFactory()
    article = make_article(study_hours=Decimal("1"))
    mark_article_studied(member=member, article=article)

    article.study_hours = Decimal("3")
    article.save_revision().publish()

    assert year_progress(member=member).hours == Decimal("1")


def test_a_lecture_is_credited_once_per_key_and_corrected_on_a_second_call():
    member = MemberFactory()
    credit_study(
        member=member,
        title="七一党课",
        hours=Decimal("2"),
        studied_on=date(2025, 7, 1),
        source_key="meeting:7",
    )
    record = credit_study(
        member=member,
        title="七一专题党课",
        hours=Decimal("3"),
        studied_on=date(2025, 7, 1),
        source_key="meeting:7",
    )

    assert StudyRecord.objects.filter(member=member).count() == 1
    assert record.source == StudyRecord.Source.LECTURE
    assert record.title == "七一专题党课"
    assert year_progress(member=member, year=2025).hours == Decimal("3")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source_key": ""}, "来源标识"),
        ({"hours": Decimal("-1")}, "0 到 99.9"),
        ({"hours": Decimal("100")}, "0 到 99.9"),
        ({"title": "   "}, "学习内容"),
        ({"source": StudyRecord.Source.ARTICLE}, "文章页面"),
        ({"source": "nonsense"}, "文章页面"),
    ],
)
def test_bad_credit_is_refused_and_nothing_is_saved(kwargs, message):
    member = MemberFactory()
    arguments = {
        "member": member,
        "title": "党课",
        "hours": Decimal("2"),
        "studied_on": date(2025, 3, 1),
        "source_key": "meeting:1",
    } | kwargs

    with pytest.raises(StudyError, match=message):
        credit_study(**arguments)
    assert not StudyRecord.objects.exists()


def test_withdrawing_a_credit_removes_only_that_credit():
    member = MemberFactory()
    for key in ("meeting:1", "meeting:2"):
        credit_study(
            member=member,
            title="党课",
            hours=Decimal("2"),
            studied_on=date(2025, 3, 1),
            source_key=key,
        )

    withdraw_study_credit(member=member, source=StudyRecord.Source.LECTURE, source_key="meeting:1")
    withdraw_study_credit(member=member, source=StudyRecord.Source.LECTURE, source_key="")

    assert list(StudyRecord.objects.values_list("source_key", flat=True)) == ["meeting:2"]


def test_progress_counts_only_the_year_and_every_source(study):
    member = MemberFactory()
    this_year = timezone.localdate().year
    mark_article_studied(member=member, article=make_article(study_hours=Decimal("1.5")))
    credit_study(
        member=member,
        title="党课",
        hours=Decimal("2"),
        studied_on=date(this_year, 1, 2),
        source_key="m:1",
    )
    credit_study(
        member=member,
        title="去年的党课",
        hours=Decimal("9"),
        studied_on=date(this_year - 1, 12, 31),
        source_key="m:0",
    )

    progress = year_progress(member=member)

    assert progress.hours == Decimal("3.5")
    assert progress.required == Decimal("32")
    assert progress.remaining == Decimal("28.5")
    assert progress.percent == 10
    assert not progress.met


def test_secretaries_carry_the_heavier_requirement_and_settings_change_it():
    member = MemberFactory()
    secretary = SecretaryFactory()
    assert year_progress(member=member).required == Decimal("32")
    assert year_progress(member=secretary).required == Decimal("56")

    settings = StudyRequirementSettings.load()
    settings.member_hours = Decimal("40")
    settings.leader_hours = Decimal("60")
    settings.save()

    assert year_progress(member=member).required == Decimal("40")
    assert year_progress(member=secretary).required == Decimal("60")


def test_progress_is_met_and_capped_at_full():
    member = MemberFactory()
    credit_study(
        member=member,
        title="集中轮训",
        hours=Decimal("40"),
        studied_on=timezone.localdate(),
        source_key="training:1",
    )
    progress = year_progress(member=member)
    assert progress.met
    assert progress.percent == 100
    assert progress.remaining == 0
