"""The assessment lifecycle, from self-assessment to 摘牌, and the rules along the way."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from activities.models import Assessment, Inspection, RectificationNotice, Transition
from activities.services import assessment as services
from activities.services.reminders import send_due_reminders
from activities.tasks import enforce_rectification_deadlines
from honors.models import Award, Certificate
from honors.services import holds_title
from tests.activities.conftest import all_met, jpeg, photos_for, submit, verdicts

Status = Assessment.Status
pytestmark = pytest.mark.django_db


def test_full_lifecycle_ends_in_automatic_removal_of_the_plaque(
    assessment_a, secretary_a, inspector, branch_a, client
):
    with time_machine.travel(datetime.datetime(2026, 5, 20, 10, 0), tick=False):
        submit(assessment_a, secretary_a.user)
    with time_machine.travel(datetime.datetime(2026, 6, 20, 10, 0), tick=False):
        services.record_inspection(
            assessment=assessment_a,
            by=inspector.user,
            verdicts=verdicts(assessment_a),
            passed=True,
            comments="六有八牌一岗齐全。",
        )
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.PASSED
    award = assessment_a.award
    assert award.title.name == "标准化党员活动室" and award.title.has_plaque
    assert award.period == "2026年度" and award.granted_on == datetime.date(2026, 6, 20)
    assert Certificate.objects.filter(award=award).exists()
    assert holds_title(branch_a, "标准化党员活动室", on=datetime.date(2026, 7, 1))

    # Year-end re-inspection finds the room turned into a store; a notice with a deadline.
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, 0), tick=False):
        scheduled = services.schedule_inspection(
            assessment=assessment_a,
            kind=Inspection.Kind.YEAR_END,
            on=datetime.date(2026, 12, 10),
            by=inspector.user,
        )
    with time_machine.travel(datetime.datetime(2026, 12, 10, 9, 0), tick=False):
        services.record_inspection(
            assessment=assessment_a,
            by=inspector.user,
            inspection=scheduled,
            verdicts=verdicts(assessment_a, failing=["有党旗党徽"]),
            passed=False,
            comments="党旗党徽缺失。",
            deadline=datetime.date(2026, 12, 25),
        )
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.RECTIFYING
    notice = RectificationNotice.objects.get(assessment=assessment_a)
    assert [i.text for i in notice.items.all()] == ["有党旗党徽"]
    assert notice.deadline == datetime.date(2026, 12, 25)
    # The plaque stays until the deadline.
    assert holds_title(branch_a, "标准化党员活动室", on=datetime.date(2026, 12, 20))

    # On the deadline itself nothing happens; the day after, the beat task removes the plaque.
    with time_machine.travel(datetime.datetime(2026, 12, 25, 0, 30), tick=False):
        assert enforce_rectification_deadlines() == {"revoked": 0, "overdue": 0}
    with time_machine.travel(datetime.datetime(2026, 12, 26, 0, 10), tick=False):
        assert enforce_rectification_deadlines() == {"revoked": 1, "overdue": 0}
    assessment_a.refresh_from_db()
    award.refresh_from_db()
    assert assessment_a.status == Status.REVOKED
    assert award.revoked_on == datetime.date(2026, 12, 26)
    assert "年终复查不合格" in award.revoke_reason and "2026年12月25日" in award.revoke_reason
    certificate = Certificate.objects.get(award=award)
    assert certificate.is_revoked and certificate.revoke_reason == award.revoke_reason
    assert not holds_title(branch_a, "标准化党员活动室", on=datetime.date(2026, 12, 27))
    # Anyone checking the plaque's certificate sees that it was withdrawn, and why.
    page = client.get(certificate.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026年12月25日前整改，期满仍未达标，予以摘牌" in html

    history = list(
        Transition.objects.filter(assessment=assessment_a).values_list(
            "from_status", "to_status", "by"
        )
    )
    assert history == [
        (Status.DRAFT, Status.SUBMITTED, secretary_a.user.pk),
        (Status.SUBMITTED, Status.PASSED, inspector.user.pk),
        (Status.PASSED, Status.RECTIFYING, inspector.user.pk),
        (Status.RECTIFYING, Status.REVOKED, None),
    ]
    # Running the task again changes nothing.
    with time_machine.travel(datetime.datetime(2026, 12, 27, 0, 10), tick=False):
        assert enforce_rectification_deadlines() == {"revoked": 0, "overdue": 0}


def test_failed_acceptance_then_rectified_and_passed(assessment_a, secretary_a, inspector):
    submit(assessment_a, secretary_a.user)
    services.record_inspection(
        assessment=assessment_a,
        by=inspector.user,
        verdicts=verdicts(assessment_a, failing=["墙上挂“入党誓词”牌"]),
        passed=False,
        deadline=datetime.date.today() + datetime.timedelta(days=30),
    )
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.RECTIFYING and assessment_a.award is None
    services.apply_for_acceptance(assessment=assessment_a, by=secretary_a.user)
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.RESUBMITTED
    services.record_inspection(
        assessment=assessment_a, by=inspector.user, verdicts=verdicts(assessment_a), passed=True
    )
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.PASSED and assessment_a.award is not None
    assert assessment_a.notices.get().closed_on == datetime.date.today()


def test_missed_deadline_without_a_plaque_is_flagged_not_revoked(
    assessment_a, secretary_a, inspector
):
    submit(assessment_a, secretary_a.user)
    with time_machine.travel(datetime.datetime(2026, 6, 10, 9, 0), tick=False):
        services.record_inspection(
            assessment=assessment_a,
            by=inspector.user,
            verdicts=verdicts(assessment_a, failing=["有党旗党徽"]),
            passed=False,
            deadline=datetime.date(2026, 6, 30),
        )
    report = services.enforce_deadlines(today=datetime.date(2026, 7, 5))
    assert (report.revoked, report.overdue) == (0, 1)
    assert Assessment.objects.get(pk=assessment_a.pk).status == Status.RECTIFYING


def test_veto_item_blocks_application_and_names_it(window_template, committee, titles, window):
    from tests.activities.conftest import make_campaign
    from tests.factories import SecretaryFactory

    secretary = SecretaryFactory(organisation=window.parent)
    campaign = make_campaign(window_template, committee.organisation)
    assessment = services.start_assessment(campaign=campaign, organisation=window)
    answers = all_met(assessment)
    veto = assessment.items.get(text="与服务对象争吵，造成不良影响的")
    answers[veto.pk] = (False, "3月有一起争吵被投诉")
    services.save_self_assessment(assessment=assessment, by=secretary.user, answers=answers)
    with pytest.raises(services.AssessmentError) as error:
        services.apply_for_acceptance(assessment=assessment, by=secretary.user)
    message = str(error.value)
    assert "以下 1 项不符合申报条件" in message
    assert "一票否决·与服务对象争吵，造成不良影响的（存在一票否决情形）" in message
    assert "六条禁令" not in message
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT and not assessment.transitions.exists()


def test_every_blocking_item_is_listed(assessment_a, secretary_a):
    answers = all_met(assessment_a)
    flag = assessment_a.items.get(text="有党旗党徽")
    answers[flag.pk] = (False, "")
    del answers[assessment_a.items.get(text="墙上挂“入党誓词”牌").pk]
    # The optional soft item may stay unanswered; the door plate has no photo yet.
    del answers[assessment_a.items.get(text="坚持每月组织党员过1-2次组织生活").pk]
    services.save_self_assessment(assessment=assessment_a, by=secretary_a.user, answers=answers)
    with pytest.raises(services.AssessmentError) as error:
        services.apply_for_acceptance(assessment=assessment_a, by=secretary_a.user)
    assert str(error.value) == (
        "以下 3 项不符合申报条件，暂不能申报：1. 六有·有醒目的门牌（缺少照片）；"
        "2. 六有·有党旗党徽（未达标）；3. 八牌·墙上挂“入党誓词”牌（未自查）"
    )


def test_illegal_transitions_are_refused_with_the_state_named(assessment_a, secretary_a, inspector):
    with pytest.raises(services.AssessmentError, match="该单位尚未申报|当前状态为“自查中”"):
        services.record_inspection(
            assessment=assessment_a,
            by=inspector.user,
            verdicts=verdicts(assessment_a),
            passed=True,
        )
    submit(assessment_a, secretary_a.user)
    with pytest.raises(services.AssessmentError, match="当前状态为“已申报”，不能申报"):
        services.apply_for_acceptance(assessment=assessment_a, by=secretary_a.user)
    with pytest.raises(services.AssessmentError, match="自查结果不能修改"):
        services.save_self_assessment(
            assessment=assessment_a, by=secretary_a.user, answers=all_met(assessment_a)
        )
    with pytest.raises(services.AssessmentError, match="只有已达标的单位才安排复查"):
        services.schedule_inspection(
            assessment=assessment_a,
            kind=Inspection.Kind.SPOT_CHECK,
            on=datetime.date.today(),
            by=inspector.user,
        )
    assert services.ALLOWED.get((Status.REVOKED, Status.PASSED)) is None


def test_inspection_verdicts_must_be_consistent(assessment_a, secretary_a, inspector):
    submit(assessment_a, secretary_a.user)
    partial = verdicts(assessment_a)
    partial.pop(assessment_a.items.get(text="有党旗党徽").pk)
    with pytest.raises(services.AssessmentError, match="以下项目未给出验收意见：六有·有党旗党徽"):
        services.record_inspection(
            assessment=assessment_a, by=inspector.user, verdicts=partial, passed=True
        )
    with pytest.raises(services.AssessmentError, match="不能判定为合格"):
        services.record_inspection(
            assessment=assessment_a,
            by=inspector.user,
            verdicts=verdicts(assessment_a, failing=["有党旗党徽"]),
            passed=True,
        )
    with pytest.raises(services.AssessmentError, match="请填写整改期限"):
        services.record_inspection(
            assessment=assessment_a,
            by=inspector.user,
            verdicts=verdicts(assessment_a, failing=["有党旗党徽"]),
            passed=False,
        )
    assert not Inspection.objects.exists()
    assert not Award.objects.exists()


def test_only_the_inspection_group_records_inspections(
    assessment_a, secretary_a, committee, inspector
):
    submit(assessment_a, secretary_a.user)
    for outsider in (secretary_a.user, committee.user):
        with pytest.raises(PermissionDenied):
            services.record_inspection(
                assessment=assessment_a,
                by=outsider,
                verdicts=verdicts(assessment_a),
                passed=True,
            )
    assert Assessment.objects.get(pk=assessment_a.pk).status == Status.SUBMITTED


def test_secretary_cannot_touch_another_branch(assessment_b, secretary_a):
    with pytest.raises(PermissionDenied):
        services.save_self_assessment(
            assessment=assessment_b, by=secretary_a.user, answers=all_met(assessment_b)
        )
    with pytest.raises(PermissionDenied):
        services.apply_for_acceptance(assessment=assessment_b, by=secretary_a.user)
    assert not assessment_b.items.exclude(self_met=None).exists()


def test_bad_photo_saves_nothing(assessment_a, secretary_a):
    door = assessment_a.items.get(text="有醒目的门牌")
    fake = jpeg(name="门牌.jpg")
    fake.file.seek(0)
    script = type(fake)("门牌.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
    with pytest.raises(services.AssessmentError) as error:
        services.save_self_assessment(
            assessment=assessment_a,
            by=secretary_a.user,
            answers=all_met(assessment_a),
            photos={door.pk: [jpeg(), script]},
        )
    assert "“门牌.jpg”不是图片" in str(error.value)
    assert not door.photos.exists()
    assert not assessment_a.items.exclude(self_met=None).exists()


def test_start_assessment_refuses_the_wrong_kind_of_unit(campaign, window):
    with pytest.raises(services.AssessmentError, match="不是党支部"):
        services.start_assessment(campaign=campaign, organisation=window)


def test_reminders_reach_the_branch_secretary(assessment_a, secretary_a, inspector):
    secretary_a.user.email = "sec@example.cn"
    secretary_a.user.save()
    submit(assessment_a, secretary_a.user)
    services.record_inspection(
        assessment=assessment_a,
        by=inspector.user,
        verdicts=verdicts(assessment_a, failing=["有党旗党徽"]),
        passed=False,
        deadline=datetime.date(2026, 12, 20),
        on=datetime.date(2026, 12, 1),
    )
    assert send_due_reminders(today=datetime.date(2026, 12, 12)) == 0
    assert send_due_reminders(today=datetime.date(2026, 12, 13)) == 1
    assert mail.outbox[-1].to == ["sec@example.cn"]
    assert "限期整改还有7天到期" in mail.outbox[-1].body


def test_photos_are_checked_by_content_and_resized(assessment_a, secretary_a):
    door = assessment_a.items.get(text="有醒目的门牌")
    services.save_self_assessment(
        assessment=assessment_a,
        by=secretary_a.user,
        answers={},
        photos={door.pk: [jpeg(size=(4000, 3000), name="门牌.png")]},
    )
    photo = door.photos.get()
    from PIL import Image

    with Image.open(photo.image.path) as image:
        assert image.format == "JPEG" and max(image.size) == 1600
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) == 400
    assert photos_for  # imported helper in use elsewhere


def test_a_too_long_verdict_note_is_refused_not_cut(assessment_a, secretary_a, inspector):
    with time_machine.travel(datetime.datetime(2026, 5, 20, 10, 0), tick=False):
        submit(assessment_a, secretary_a.user)
    notes = verdicts(assessment_a)
    first = next(iter(notes))
    notes[first] = (True, "好" * 501)
    with pytest.raises(services.AssessmentError, match="不能超过500字"):
        services.record_inspection(
            assessment=assessment_a, by=inspector.user, verdicts=notes, passed=True
        )
    assert not Inspection.objects.filter(assessment=assessment_a).exists()
