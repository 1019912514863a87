"""Admin pages: dashboard, self-assessment, inspection, scoped to the user's branch."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Assessment, EvidencePhoto
from activities.services import assessment as services
from tests.activities.conftest import jpeg, submit
from tests.factories import OrganisationFactory
from tests.helpers import error_beside

Status = Assessment.Status
pytestmark = pytest.mark.django_db


def test_dashboard_shows_counts_and_overdue_first(client, committee, campaign, branch_a, branch_b):
    late = services.start_assessment(campaign=campaign, organisation=branch_a)
    services.start_assessment(campaign=campaign, organisation=branch_b)
    Assessment.objects.filter(pk=late.pk).update(
        status=Status.RECTIFYING, rectify_deadline=datetime.date(2026, 1, 5)
    )
    client.force_login(committee.user)
    response = client.get(reverse("activities_dashboard", args=[campaign.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "act-state--rectifying" in html and "整改逾期 2026-01-05" in html
    rows = response.context["dashboard"].rows
    assert rows[0].assessment == late and rows[0].overdue
    counts = dict((s, n) for s, _label, n in response.context["dashboard"].counts)
    assert counts[Status.RECTIFYING] == 1 and counts[Status.DRAFT] == 1


@pytest.mark.parametrize("extra", [0])
def test_dashboard_query_count_does_not_grow_with_participants(client, committee, campaign, extra):
    def bulk(n):
        start = Assessment.objects.count()
        for i in range(start, start + n):
            organisation = OrganisationFactory(
                name=f"支部{i}", parent=committee.organisation, code=f"B{i:04d}"
            )
            Assessment.objects.create(
                campaign=campaign,
                organisation=organisation,
                template_version=1,
                status=[Status.DRAFT, Status.PASSED, Status.RECTIFYING][i % 3],
                rectify_deadline=datetime.date(2026, 1, 1) if i % 3 == 2 else None,
            )

    client.force_login(committee.user)
    url = reverse("activities_dashboard", args=[campaign.pk])
    bulk(10)
    client.get(url)  # warm caches (site, menu)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    bulk(490)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["dashboard"].rows) == 500
    assert len(large.captured_queries) == len(small.captured_queries)


def test_secretary_sees_only_their_own_assessment(
    client, secretary_a, assessment_a, assessment_b, campaign
):
    client.force_login(secretary_a.user)
    response = client.get(reverse("activities_dashboard", args=[campaign.pk]))
    assert [r.assessment for r in response.context["dashboard"].rows] == [assessment_a]
    assert client.get(reverse("activities_assessment", args=[assessment_b.pk])).status_code == 404
    url = reverse("activities_self_assessment", args=[assessment_b.pk])
    assert client.get(url).status_code == 404
    item = assessment_b.items.first()
    assert client.post(url, {f"met-{item.pk}": "yes"}).status_code == 404
    assert not assessment_b.items.exclude(self_met=None).exists()


def test_self_assessment_form_saves_answers_and_photos(client, secretary_a, assessment_a):
    client.force_login(secretary_a.user)
    url = reverse("activities_self_assessment", args=[assessment_a.pk])
    assert client.get(url).status_code == 200
    door = assessment_a.items.get(text="有醒目的门牌")
    data = {f"met-{i.pk}": "yes" for i in assessment_a.items.all()}
    data[f"note-{door.pk}"] = "门牌挂在走廊入口"
    data[f"photo-{door.pk}"] = jpeg(name="门牌.jpg")
    response = client.post(url, data)
    assert response.status_code == 302
    door.refresh_from_db()
    assert door.self_met is True and door.self_note == "门牌挂在走廊入口"
    assert door.photos.count() == 1


def test_apply_from_the_form_lists_blocking_items(client, secretary_a, assessment_a):
    client.force_login(secretary_a.user)
    url = reverse("activities_self_assessment", args=[assessment_a.pk])
    data = {f"met-{i.pk}": "yes" for i in assessment_a.items.all()}
    data[f"met-{assessment_a.items.get(text='有党旗党徽').pk}"] = "no"
    data["apply"] = "1"
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "以下 2 项不符合申报条件" in html
    assert "六有·有醒目的门牌（缺少照片）" in html and "六有·有党旗党徽（未达标）" in html
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.DRAFT


@pytest.mark.parametrize(
    "upload, message",
    [
        (("门牌.jpg", b"MZ\x90\x00 not a picture"), "不是图片"),
        (("empty.jpg", b""), "空文件"),
        (("huge.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10)), "超过 5 MB"),
    ],
)
def test_bad_photo_upload_is_refused_and_nothing_saved(
    client, secretary_a, assessment_a, upload, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary_a.user)
    door = assessment_a.items.get(text="有醒目的门牌")
    data = {f"met-{i.pk}": "yes" for i in assessment_a.items.all()}
    data[f"photo-{door.pk}"] = SimpleUploadedFile(upload[0], upload[1], content_type="image/jpeg")
    response = client.post(reverse("activities_self_assessment", args=[assessment_a.pk]), data)
    assert response.status_code == 400
    assert message in error_beside(response, f"photo-{door.pk}")
    assert not EvidencePhoto.objects.exists()
    assert not assessment_a.items.exclude(self_met=None).exists()


def test_a_too_long_note_is_refused_beside_that_items_note(client, secretary_a, assessment_a):
    client.force_login(secretary_a.user)
    door = assessment_a.items.get(text="有醒目的门牌")
    data = {f"met-{i.pk}": "yes" for i in assessment_a.items.all()}
    data[f"note-{door.pk}"] = "门" * 501
    response = client.post(reverse("activities_self_assessment", args=[assessment_a.pk]), data)
    assert response.status_code == 400
    assert "说明不能超过500字" in error_beside(response, f"note-{door.pk}")
    assert not assessment_a.items.exclude(self_met=None).exists()


def test_bad_answer_value_is_a_400(client, secretary_a, assessment_a):
    client.force_login(secretary_a.user)
    item = assessment_a.items.first()
    response = client.post(
        reverse("activities_self_assessment", args=[assessment_a.pk]), {f"met-{item.pk}": "maybe"}
    )
    assert response.status_code == 400
    assert "自查结果无效" in response.content.decode()


def test_only_inspection_group_reaches_the_inspection_form(
    client, secretary_a, committee, inspector, assessment_a
):
    submit(assessment_a, secretary_a.user)
    url = reverse("activities_inspection", args=[assessment_a.pk])
    for outsider in (secretary_a.user, committee.user):
        client.force_login(outsider)
        # Wagtail's admin turns PermissionDenied into a redirect with an error message.
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"result": "pass"}).status_code in (302, 403)
        assert not assessment_a.inspections.exists()
    client.force_login(inspector.user)
    assert client.get(url).status_code == 200
    data = {f"verdict-{i.pk}": "yes" for i in assessment_a.items.all()}
    data["result"] = "pass"
    assert client.post(url, data).status_code == 302
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.PASSED and assessment_a.award is not None


def test_inspection_form_bad_input(client, secretary_a, inspector, assessment_a):
    submit(assessment_a, secretary_a.user)
    client.force_login(inspector.user)
    url = reverse("activities_inspection", args=[assessment_a.pk])
    data = {f"verdict-{i.pk}": "yes" for i in assessment_a.items.all()}
    flag = assessment_a.items.get(text="有党旗党徽")
    data[f"verdict-{flag.pk}"] = "no"
    for extra, message in [
        ({}, "请选择总体结论"),
        ({"result": "fail", "deadline": "下个月"}, "整改期限格式不正确"),
        ({"result": "fail", "deadline": "2000-01-01"}, "整改期限须晚于检查日期"),
        ({"result": "pass"}, "不能判定为合格"),
    ]:
        response = client.post(url, {**data, **extra})
        assert response.status_code == 400, extra
        assert message in response.content.decode()
    assert client.get(url + "?inspection=abc").status_code == 404
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.SUBMITTED and not assessment_a.inspections.exists()


def test_assessment_page_apply_button_and_history(client, secretary_a, assessment_a):
    client.force_login(secretary_a.user)
    url = reverse("activities_assessment", args=[assessment_a.pk])
    response = client.post(url, {"action": "apply"})
    assert response.status_code == 400
    assert "不符合申报条件" in response.content.decode()
    assert client.post(url, {"action": "nonsense"}).status_code == 400


def test_committee_schedules_a_spot_check(client, committee, secretary_a, inspector, assessment_a):
    submit(assessment_a, secretary_a.user)
    services.record_inspection(
        assessment=assessment_a,
        by=inspector.user,
        verdicts={i.pk: (True, "") for i in assessment_a.items.all()},
        passed=True,
    )
    client.force_login(committee.user)
    url = reverse("activities_assessment", args=[assessment_a.pk])
    bad = client.post(url, {"action": "schedule", "kind": "spot_check", "scheduled_on": "明天"})
    assert bad.status_code == 400 and "计划日期格式不正确" in bad.content.decode()
    day = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    assert (
        client.post(
            url, {"action": "schedule", "kind": "spot_check", "scheduled_on": day}
        ).status_code
        == 302
    )
    assert assessment_a.inspections.filter(result="pending").count() == 1
    client.force_login(secretary_a.user)
    refused = client.post(url, {"action": "schedule", "kind": "spot_check", "scheduled_on": day})
    assert refused.status_code in (302, 403)
    assert assessment_a.inspections.filter(result="pending").count() == 1


def test_campaign_list_for_a_secretary_shows_their_campaign(
    client, secretary_a, assessment_a, campaign
):
    client.force_login(secretary_a.user)
    response = client.get(reverse("activities_campaigns"))
    assert response.status_code == 200
    assert str(campaign) in response.content.decode()


def test_plain_member_cannot_reach_the_admin_views(client, member_a, assessment_a):
    client.force_login(member_a.user)
    response = client.get(reverse("activities_assessment", args=[assessment_a.pk]))
    assert response.status_code in (302, 403)


def checked(html: str, name: str, value: str) -> bool:
    return re.search(rf'name="{re.escape(name)}" value="{value}"\s+checked', html) is not None


def test_refused_inspection_keeps_every_answer(client, secretary_a, inspector, assessment_a):
    """One item left unanswered: 400 naming it, and the inspector's other answers still there."""
    submit(assessment_a, secretary_a.user)
    client.force_login(inspector.user)
    url = reverse("activities_inspection", args=[assessment_a.pk])
    items = list(assessment_a.items.all())
    skipped, flag, *rest = items
    data = {f"verdict-{i.pk}": "yes" for i in rest}
    data[f"verdict-{flag.pk}"] = "no"
    data[f"note-{flag.pk}"] = "党旗褪色"
    data.update(result="fail", deadline="2099-03-01", comments="请在三月前更换党旗")
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "以下项目未给出验收意见" in html and skipped.text in html
    assert checked(html, f"verdict-{flag.pk}", "no")
    assert all(checked(html, f"verdict-{i.pk}", "yes") for i in rest)
    assert not checked(html, f"verdict-{skipped.pk}", "yes")
    assert not checked(html, f"verdict-{skipped.pk}", "no")
    assert 'value="党旗褪色"' in html
    assert checked(html, "result", "fail") and not checked(html, "result", "pass")
    assert 'value="2099-03-01"' in html and "请在三月前更换党旗</textarea>" in html
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.SUBMITTED and not assessment_a.inspections.exists()


def test_fresh_inspection_form_has_nothing_checked(client, secretary_a, inspector, assessment_a):
    submit(assessment_a, secretary_a.user)
    client.force_login(inspector.user)
    html = client.get(reverse("activities_inspection", args=[assessment_a.pk])).content.decode()
    assert " checked" not in html


def test_refused_self_assessment_keeps_the_typed_answers(client, secretary_a, assessment_a):
    """A bad photo saves nothing, but the branch does not have to answer every item again."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary_a.user)
    url = reverse("activities_self_assessment", args=[assessment_a.pk])
    door = assessment_a.items.get(text="有醒目的门牌")
    flag = assessment_a.items.get(text="有党旗党徽")
    data = {f"met-{i.pk}": "yes" for i in assessment_a.items.all()}
    data[f"met-{flag.pk}"] = "no"
    data[f"note-{door.pk}"] = "门牌挂在走廊入口"
    data[f"photo-{door.pk}"] = SimpleUploadedFile("门牌.jpg", b"not an image", "image/jpeg")
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "照片未能保存" in html
    assert checked(html, f"met-{door.pk}", "yes") and checked(html, f"met-{flag.pk}", "no")
    assert 'value="门牌挂在走廊入口"' in html
    assert not assessment_a.items.exclude(self_met=None).exists()
