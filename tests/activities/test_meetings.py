"""Organisational life: attendance, 党课 → 学时, compliance flags and the year's export."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Attendance, Meeting, MeetingPhoto, RoomUse
from activities.selectors import branch_compliance
from activities.services import meetings as services
from portal.models import StudyRecord
from tests.activities.conftest import jpeg
from tests.factories import OrganisationFactory
from tests.helpers import error_beside

K = Meeting.Kind
pytestmark = pytest.mark.django_db


def lecture(branch, **kwargs) -> Meeting:
    defaults = {
        "organisation": branch,
        "kind": K.LECTURE,
        "title": "弘扬伟大建党精神",
        "held_on": datetime.date(2026, 5, 21),
        "status": Meeting.Status.HELD,
        "study_hours": Decimal("2.0"),
    }
    return Meeting.objects.create(**{**defaults, **kwargs})


def test_lecture_attendance_credits_and_withdraws_study_hours(secretary_a, member_a, branch_a):
    meeting = lecture(branch_a)
    services.record_attendance(
        meeting=meeting,
        by=secretary_a.user,
        entries={member_a.pk: (True, ""), secretary_a.pk: (False, "外出培训")},
    )
    record = StudyRecord.objects.get(member=member_a)
    assert record.source == StudyRecord.Source.LECTURE
    assert record.hours == Decimal("2.0") and record.studied_on == datetime.date(2026, 5, 21)
    assert record.title == "党课：弘扬伟大建党精神"
    assert not StudyRecord.objects.filter(member=secretary_a).exists()

    # Recording again does not double the credit.
    services.record_attendance(
        meeting=meeting, by=secretary_a.user, entries={member_a.pk: (True, "")}
    )
    assert StudyRecord.objects.filter(member=member_a).count() == 1

    services.record_attendance(
        meeting=meeting, by=secretary_a.user, entries={member_a.pk: (False, "病假")}
    )
    assert not StudyRecord.objects.filter(member=member_a).exists()


def test_editing_a_lecture_in_the_admin_moves_the_credit(client, secretary_a, member_a, branch_a):
    meeting = lecture(branch_a)
    services.record_attendance(
        meeting=meeting, by=secretary_a.user, entries={member_a.pk: (True, "")}
    )
    client.force_login(secretary_a.user)
    url = reverse("wagtailsnippets_activities_meeting:edit", args=[meeting.pk])
    response = client.post(
        url,
        {
            "organisation": branch_a.pk,
            "kind": K.LECTURE,
            "title": "弘扬伟大建党精神",
            "held_on": "2026-05-22",
            "place": "党员活动室",
            "host": "",
            "status": "held",
            "study_hours": "3.0",
            "minutes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = StudyRecord.objects.get(member=member_a)
    assert record.hours == Decimal("3.0") and record.studied_on == datetime.date(2026, 5, 22)


def test_other_meetings_credit_nothing(secretary_a, member_a, branch_a):
    meeting = lecture(branch_a, kind=K.THEME_DAY)
    services.record_attendance(
        meeting=meeting, by=secretary_a.user, entries={member_a.pk: (True, "")}
    )
    assert not StudyRecord.objects.exists()


def test_absence_needs_a_reason_and_nothing_is_saved(secretary_a, member_a, branch_a):
    meeting = lecture(branch_a)
    with pytest.raises(services.MeetingError, match="请填写缺席原因：甲党员"):
        services.record_attendance(
            meeting=meeting,
            by=secretary_a.user,
            entries={secretary_a.pk: (True, ""), member_a.pk: (False, " ")},
        )
    assert not Attendance.objects.exists() and not StudyRecord.objects.exists()


def test_secretary_cannot_record_another_branch(secretary_a, member_b, branch_b):
    meeting = lecture(branch_b)
    with pytest.raises(PermissionDenied):
        services.record_attendance(
            meeting=meeting, by=secretary_a.user, entries={member_b.pk: (True, "")}
        )
    own = lecture(secretary_a.organisation)
    with pytest.raises(services.MeetingError, match="只能记录本组织党员"):
        services.record_attendance(
            meeting=own, by=secretary_a.user, entries={member_b.pk: (True, "")}
        )


def test_attendance_page_bad_input_and_other_branch(
    client, secretary_a, member_a, branch_a, branch_b
):
    client.force_login(secretary_a.user)
    other = lecture(branch_b)
    assert client.get(reverse("activities_meeting_record", args=[other.pk])).status_code == 404
    meeting = lecture(branch_a)
    url = reverse("activities_meeting_record", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"attendance-{member_a.pk}": "absent"})
    assert response.status_code == 400 and "请填写缺席原因" in response.content.decode()
    response = client.post(url, {f"attendance-{member_a.pk}": "late"})
    assert response.status_code == 400 and "出勤选项无效" in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 400 and "请至少记录一名党员的出勤" in response.content.decode()
    ok = client.post(url, {f"attendance-{member_a.pk}": "present"})
    assert ok.status_code == 302
    assert StudyRecord.objects.filter(member=member_a).count() == 1


def test_meeting_photos_all_or_nothing(client, secretary_a, branch_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary_a.user)
    meeting = lecture(branch_a)
    url = reverse("activities_meeting_record", args=[meeting.pk])
    bad = SimpleUploadedFile("合影.png", b"GIF89a-but-truncated", content_type="image/png")
    response = client.post(url, {"action": "photos", "photos": [jpeg(), bad]})
    assert response.status_code == 400
    assert "“合影.png”不是图片" in response.content.decode()
    assert not MeetingPhoto.objects.exists()
    assert client.post(url, {"action": "photos", "photos": [jpeg()]}).status_code == 302
    assert MeetingPhoto.objects.count() == 1


@pytest.mark.parametrize(
    "content",
    [b"GIF89a-but-truncated", b"GIF89a/*<script>alert(1)</script>*/=1;", b"%PDF-1.4 not a photo"],
)
def test_a_photo_that_is_not_an_image_is_refused_beside_the_photo_input(
    client, secretary_a, branch_a, content
):
    """Issue 13: the reason sits on the file input (a GIF/script polyglot, a PDF renamed)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary_a.user)
    url = reverse("activities_meeting_record", args=[lecture(branch_a).pk])
    bad = SimpleUploadedFile("合影.png", content, content_type="image/png")
    response = client.post(url, {"action": "photos", "photos": [bad]})
    assert response.status_code == 400
    assert "“合影.png”不是图片" in error_beside(response, "photos")
    assert not MeetingPhoto.objects.exists()


def test_a_missing_absence_reason_is_shown_on_that_members_reason(
    client, secretary_a, member_a, branch_a
):
    client.force_login(secretary_a.user)
    url = reverse("activities_meeting_record", args=[lecture(branch_a).pk])
    response = client.post(url, {"action": "attendance", f"attendance-{member_a.pk}": "absent"})
    assert response.status_code == 400
    assert "请填写缺席原因" in error_beside(response, f"reason-{member_a.pk}")
    assert not Attendance.objects.exists()


def _held(org, kind, month, day=10, year=2026):
    return Meeting.objects.create(
        organisation=org,
        kind=kind,
        title=f"{month}月{kind}",
        held_on=datetime.date(year, month, day),
        status=Meeting.Status.HELD,
    )


def test_compliance_flags_months_and_quarters_short_of_the_rule(branch_a, branch_b):
    group = OrganisationFactory(name="第一党小组", kind="group", parent=branch_a)
    for month in (1, 2, 3):
        _held(branch_a, K.THEME_DAY, month)
        _held(branch_a, K.COMMITTEE, month)
        _held(group, K.GROUP, month)
    _held(branch_a, K.CONGRESS, 3)
    _held(branch_a, K.LECTURE, 2)
    # A planned meeting does not count.
    Meeting.objects.create(
        organisation=branch_b,
        kind=K.THEME_DAY,
        title="计划",
        held_on=datetime.date(2026, 1, 5),
    )
    _held(branch_b, K.THEME_DAY, 2)
    rows = branch_compliance(
        branches=[branch_a, branch_b], year=2026, today=datetime.date(2026, 4, 15)
    )
    a, b = rows
    assert a.compliant, a.shortfalls
    assert a.counts[K.THEME_DAY] == 3 and a.counts[K.GROUP] == 3
    assert not b.compliant
    assert "主题党日每月一次：1月、3月 未开展" in b.shortfalls
    assert "支委会每月一次：1月、2月、3月 未开展" in b.shortfalls
    assert "支部党员大会每季度一次：第1季度未开展" in b.shortfalls
    assert "党课每季度一次：第1季度未开展" in b.shortfalls
    assert "每月1至2次组织生活：1月、3月 没有组织生活" in b.shortfalls
    # branch_b has no 党小组, so no 党小组会 is required of it.
    assert not any("党小组会" in s for s in b.shortfalls)


def test_compliance_page_is_scoped(client, secretary_a, committee, branch_a, branch_b):
    client.force_login(secretary_a.user)
    response = client.get(reverse("activities_compliance"), {"year": "abc"})
    assert response.status_code == 200
    assert [r.branch for r in response.context["rows"]] == [branch_a]
    client.force_login(committee.user)
    response = client.get(reverse("activities_compliance"))
    assert {r.branch for r in response.context["rows"]} == {branch_a, branch_b}


def test_year_export_opens_with_the_right_rows(client, secretary_a, member_a, branch_a, branch_b):
    meeting = lecture(branch_a)
    services.record_attendance(
        meeting=meeting,
        by=secretary_a.user,
        entries={member_a.pk: (True, ""), secretary_a.pk: (False, "外出培训")},
    )
    _held(branch_a, K.THEME_DAY, 3)
    _held(branch_a, K.THEME_DAY, 3, year=2025)
    _held(branch_b, K.THEME_DAY, 4)
    RoomUse.objects.create(
        organisation=branch_a,
        used_on=datetime.date(2026, 5, 21),
        purpose="党课",
        equipment="电视机、碟机",
        meeting=meeting,
    )
    client.force_login(secretary_a.user)
    response = client.get(reverse("activities_compliance_export", args=[branch_a.pk, 2026]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["日期", "类型", "主题"]
    assert len(rows) == 4  # header, theme day, lecture, room use
    assert rows[1][1] == "主题党日" and rows[1][0].date() == datetime.date(2026, 3, 10)
    assert rows[2][1:3] == ["党课", "弘扬伟大建党精神"]
    assert rows[2][7:11] == [2, 1, "甲书记（外出培训）", 2]
    assert rows[3][1] == "活动室使用" and rows[3][9] == "电视机、碟机"
    # Another branch's year is not the secretary's to download.
    other = client.get(reverse("activities_compliance_export", args=[branch_b.pk, 2026]))
    assert other.status_code == 404


def test_a_too_long_absence_reason_is_refused_and_nothing_is_saved(secretary_a, member_a, branch_a):
    meeting = lecture(branch_a)
    with pytest.raises(services.MeetingError, match="缺席原因不能超过 200 个字"):
        services.record_attendance(
            meeting=meeting,
            by=secretary_a.user,
            entries={secretary_a.pk: (True, ""), member_a.pk: (False, "病" * 201)},
        )
    assert not Attendance.objects.exists() and not StudyRecord.objects.exists()
