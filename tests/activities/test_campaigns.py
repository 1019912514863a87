"""Campaign participants and scope: withdrawing a participant keeps its history, and a
campaign of another tree — its form, its organiser choice, its dashboard — is out of reach."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from activities.models import Assessment, Campaign, Transition
from activities.services import assessment as services
from tests.activities.conftest import make_campaign, submit, verdicts
from tests.factories import CommitteeAdminFactory, OrganisationFactory, SecretaryFactory

Status = Assessment.Status
pytestmark = pytest.mark.django_db


def snippet_url(action, *args):
    return reverse(f"wagtailsnippets_activities_campaign:{action}", args=args)


def campaign_data(campaign, participants, **changes):
    """The edit form as the browser posts it: fields, the phases formset, ticked participants."""
    phases = list(campaign.phases.all())
    data = {
        "name": campaign.name,
        "year": campaign.year,
        "template": campaign.template_id,
        "organiser": campaign.organiser_id,
        "description": campaign.description,
        "participants": [org.pk for org in participants],
        "phases-TOTAL_FORMS": len(phases),
        "phases-INITIAL_FORMS": len(phases),
        "phases-MIN_NUM_FORMS": 0,
        "phases-MAX_NUM_FORMS": 1000,
    }
    for n, phase in enumerate(phases):
        data.update(
            {
                f"phases-{n}-id": phase.pk,
                f"phases-{n}-kind": phase.kind,
                f"phases-{n}-starts_on": f"{phase.starts_on:%Y-%m-%d}",
                f"phases-{n}-ends_on": f"{phase.ends_on:%Y-%m-%d}",
                f"phases-{n}-ORDER": n + 1,
            }
        )
    data.update(changes)
    return data


def answer_one(assessment, user):
    item = assessment.items.first()
    services.save_self_assessment(assessment=assessment, by=user, answers={item.pk: (True, "")})


@pytest.fixture
def other_tree(db):
    """Another county committee, its admin and one branch with a secretary."""
    admin = CommitteeAdminFactory(name="外县管理员")
    branch = OrganisationFactory(name="外县党支部", parent=admin.organisation)
    return admin, branch, SecretaryFactory(name="外县书记", organisation=branch)


# Withdrawal (service) -------------------------------------------------------------


def test_untouched_participant_is_simply_removed(committee, assessment_a):
    assert services.withdraw_participant(assessment=assessment_a, by=committee.user) is None
    assert not Assessment.objects.filter(pk=assessment_a.pk).exists()


def test_participant_with_answers_is_marked_withdrawn_and_keeps_its_history(
    committee, secretary_a, assessment_a, campaign, branch_a
):
    answer_one(assessment_a, secretary_a.user)
    services.withdraw_participant(assessment=assessment_a, by=committee.user, note="合并支部")
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.WITHDRAWN
    assert assessment_a.items.exclude(self_met=None).count() == 1
    last = assessment_a.transitions.last()
    assert (last.from_status, last.to_status, last.by, last.note) == (
        Status.DRAFT,
        Status.WITHDRAWN,
        committee.user,
        "合并支部",
    )
    # Withdrawn: no more answers, no application.
    with pytest.raises(services.AssessmentError, match="已退出"):
        services.apply_for_acceptance(assessment=assessment_a, by=secretary_a.user)
    # Taken back: 自查中 again, answers as they were.
    services.add_participants(campaign=campaign, organisations=[branch_a], by=committee.user)
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.DRAFT
    assert assessment_a.items.exclude(self_met=None).count() == 1
    assert list(assessment_a.transitions.values_list("to_status", flat=True)) == [
        Status.WITHDRAWN,
        Status.DRAFT,
    ]


def test_submitted_and_rectifying_participants_can_withdraw(
    committee, secretary_a, inspector, assessment_a
):
    submit(assessment_a, secretary_a.user)
    services.record_inspection(
        assessment=assessment_a,
        by=inspector.user,
        verdicts=verdicts(assessment_a, failing=["有党旗党徽"]),
        passed=False,
        deadline=assessment_a.campaign.phases.last().ends_on.replace(year=2099),
    )
    services.withdraw_participant(assessment=assessment_a, by=committee.user)
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.WITHDRAWN
    assert assessment_a.inspections.count() == 1 and assessment_a.notices.count() == 1


def test_a_title_holder_cannot_withdraw(committee, secretary_a, inspector, assessment_a):
    submit(assessment_a, secretary_a.user)
    services.record_inspection(
        assessment=assessment_a, by=inspector.user, verdicts=verdicts(assessment_a), passed=True
    )
    with pytest.raises(services.AssessmentError, match="持有称号，不能退出"):
        services.withdraw_participant(assessment=assessment_a, by=committee.user)
    # Failing a 复查 keeps the title until the deadline: withdrawing would dodge 摘牌.
    services.record_inspection(
        assessment=assessment_a,
        by=inspector.user,
        verdicts=verdicts(assessment_a, failing=["有党旗党徽"]),
        passed=False,
        deadline=assessment_a.campaign.phases.last().ends_on.replace(year=2099),
    )
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.RECTIFYING
    with pytest.raises(services.AssessmentError, match="持有称号，不能退出"):
        services.withdraw_participant(assessment=assessment_a, by=committee.user)
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.RECTIFYING


def test_a_secretary_cannot_withdraw_their_branch(secretary_a, assessment_a):
    with pytest.raises(PermissionDenied):
        services.withdraw_participant(assessment=assessment_a, by=secretary_a.user)
    assert Assessment.objects.filter(pk=assessment_a.pk, status=Status.DRAFT).exists()


# Withdrawal (campaign form) -------------------------------------------------------


def test_unticking_participants_in_the_form_withdraws_them(
    client, committee, secretary_a, campaign, assessment_a, assessment_b, branch_a, branch_b
):
    answer_one(assessment_a, secretary_a.user)
    client.force_login(committee.user)
    page = client.get(snippet_url("edit", campaign.pk))
    assert set(page.context["form"].initial["participants"]) == {branch_a.pk, branch_b.pk}
    response = client.post(snippet_url("edit", campaign.pk), campaign_data(campaign, []))
    assert response.status_code == 302
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.WITHDRAWN
    assert not Assessment.objects.filter(pk=assessment_b.pk).exists()
    dashboard = client.get(reverse("activities_dashboard", args=[campaign.pk]))
    assert "act-state--withdrawn" in dashboard.content.decode()
    counts = {s: n for s, _label, n in dashboard.context["dashboard"].counts}
    assert counts[Status.WITHDRAWN] == 1 and counts[Status.DRAFT] == 0
    # The withdrawn branch is unticked on the form and comes back when ticked.
    page = client.get(snippet_url("edit", campaign.pk))
    assert page.context["form"].initial["participants"] == []
    response = client.post(snippet_url("edit", campaign.pk), campaign_data(campaign, [branch_a]))
    assert response.status_code == 302
    assessment_a.refresh_from_db()
    assert assessment_a.status == Status.DRAFT


def test_unticking_a_title_holder_is_refused_and_nothing_changes(
    client, committee, secretary_a, inspector, campaign, assessment_a, assessment_b, branch_b
):
    submit(assessment_a, secretary_a.user)
    services.record_inspection(
        assessment=assessment_a, by=inspector.user, verdicts=verdicts(assessment_a), passed=True
    )
    client.force_login(committee.user)
    response = client.post(
        snippet_url("edit", campaign.pk), campaign_data(campaign, [], name="改名")
    )
    assert response.status_code in (200, 400)
    assert "甲党支部”持有称号，不能退出" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "创建标准化党员活动室"
    assert Assessment.objects.get(pk=assessment_a.pk).status == Status.PASSED
    assert Assessment.objects.filter(pk=assessment_b.pk).exists()
    assert Transition.objects.filter(to_status=Status.WITHDRAWN).count() == 0


# Scope ---------------------------------------------------------------------------


def test_organiser_and_participants_are_chosen_only_inside_the_users_tree(
    client, committee, campaign, branch_a, other_tree
):
    other_admin, other_branch, _secretary = other_tree
    client.force_login(committee.user)
    form = client.get(snippet_url("edit", campaign.pk)).context["form"]
    organisers = set(form.fields["organiser"].queryset.values_list("pk", flat=True))
    participants = set(form.fields["participants"].queryset.values_list("pk", flat=True))
    assert committee.organisation_id in organisers
    assert other_admin.organisation_id not in organisers
    assert branch_a.pk in participants and other_branch.pk not in participants
    for data in [
        campaign_data(campaign, [branch_a], organiser=other_admin.organisation_id),
        campaign_data(campaign, [branch_a, other_branch]),
    ]:
        response = client.post(snippet_url("edit", campaign.pk), data)
        assert response.status_code in (200, 400)
        assert "只能选择您所管理的组织" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.organiser == committee.organisation
    assert not campaign.assessments.exists()


def test_participants_must_sit_under_the_organiser(client, committee, room_template, branch_a):
    """A general branch organising its own campaign cannot enrol a branch beside it."""
    general = OrganisationFactory(
        name="机关总支", kind="general_branch", parent=committee.organisation
    )
    inside = OrganisationFactory(name="总支一支部", parent=general)
    campaign = make_campaign(room_template, general)
    client.force_login(committee.user)
    response = client.post(
        snippet_url("edit", campaign.pk), campaign_data(campaign, [inside, branch_a])
    )
    assert response.status_code in (200, 400)
    assert "参与单位须是“机关总支”的下级组织" in response.content.decode()
    assert not campaign.assessments.exists()
    response = client.post(snippet_url("edit", campaign.pk), campaign_data(campaign, [inside]))
    assert response.status_code == 302
    assert list(campaign.assessments.values_list("organisation", flat=True)) == [inside.pk]


def test_another_committees_campaign_is_404_in_the_admin_and_on_the_dashboard(
    client, campaign, assessment_a, other_tree
):
    other_admin, _branch, other_secretary = other_tree
    for user in (other_admin.user, other_secretary.user):
        client.force_login(user)
        assert client.get(reverse("activities_dashboard", args=[campaign.pk])).status_code == 404
        listing = client.get(reverse("activities_campaigns")).content.decode()
        assert reverse("activities_dashboard", args=[campaign.pk]) not in listing
    client.force_login(other_admin.user)
    for action in ("edit", "delete", "history"):
        assert client.get(snippet_url(action, campaign.pk)).status_code == 404, action
    assert client.post(snippet_url("delete", campaign.pk)).status_code == 404
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def test_who_opens_a_campaign_dashboard(
    client, committee, campaign, assessment_a, secretary_a, secretary_b, other_tree
):
    """The organiser and every branch under it may open it; other trees may not."""
    url = reverse("activities_dashboard", args=[campaign.pk])
    for user in (committee.user, secretary_a.user, secretary_b.user):
        client.force_login(user)
        assert client.get(url).status_code == 200
    # A secretary of a branch that is neither under the organiser nor taking part.
    _admin, other_branch, other_secretary = other_tree
    client.force_login(other_secretary.user)
    assert client.get(url).status_code == 404
    # Taking part (a campaign organised above both trees) opens it.
    client.logout()
    assert Campaign.objects.for_user(other_secretary.user).count() == 0
    Assessment.objects.create(campaign=campaign, organisation=other_branch, template_version=1)
    assert list(Campaign.objects.for_user(other_secretary.user)) == [campaign]


def test_a_secretary_cannot_edit_the_campaign_they_take_part_in(
    client, secretary_a, campaign, assessment_a
):
    client.force_login(secretary_a.user)
    assert client.get(snippet_url("edit", campaign.pk)).status_code in (403, 404)
