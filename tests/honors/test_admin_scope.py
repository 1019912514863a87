"""The 荣誉表彰 admin: nominations, awards and certificates of branch B are out of branch A's
reach, and another committee's; certificates change only through the services."""

import pytest
from django.urls import reverse

from honors import services
from honors.models import Award, Certificate, HonorRollEntry
from tests.factories import (
    CommitteeAdminFactory,
    MemberFactory,
    OrganisationFactory,
)
from tests.helpers import choice_ids, snippet_url


def assert_refused(response) -> None:
    """A PermissionDenied in the admin is Wagtail's redirect to the dashboard."""
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def nomination_data(organisation, member, category, deed="事迹"):
    return {
        "organisation": organisation.pk,
        "member": member.pk if member else "",
        "person_name": "" if member else "群众甲",
        "unit": "",
        "category": category.pk,
        "period": "2025年度",
        "deed": deed,
        "consent_to_publish": "on",
    }


@pytest.fixture
def entry_b(secretary_b, member_b, category):
    return services.nominate(
        by=secretary_b.user,
        member=member_b,
        category=category,
        period="2025年度",
        deed="乙的事迹",
        consent_to_publish=True,
    )


@pytest.fixture
def other_committee(db):
    """The admin of a second, unrelated committee tree."""
    admin = CommitteeAdminFactory(name="外单位管理员")
    OrganisationFactory(name="外单位支部", parent=admin.organisation)
    return admin


# -- Nominations -----------------------------------------------------------------------


def test_nomination_form_offers_only_the_secretarys_branch(
    client, secretary_a, branch_a, branch_b, member_a, member_b
):
    client.force_login(secretary_a.user)
    response = client.get(snippet_url(HonorRollEntry, "add"))
    organisations = choice_ids(response, "organisation")
    assert branch_a.pk in organisations and branch_b.pk not in organisations
    members = choice_ids(response, "member")
    assert member_a.pk in members and member_b.pk not in members


def test_nominating_someone_of_another_branch_is_refused(
    client, secretary_a, branch_b, member_b, category
):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(HonorRollEntry, "add"), nomination_data(branch_b, member_b, category)
    )
    assert response.status_code in (200, 400)
    assert "选择一个有效的选项" in response.content.decode() or "只能选择" in (
        response.content.decode()
    )
    assert not HonorRollEntry.objects.exists()


def test_another_branchs_nomination_is_unlisted_and_404(client, secretary_a, entry_b):
    client.force_login(secretary_a.user)
    listing = client.get(snippet_url(HonorRollEntry, "list")).content.decode()
    assert "乙党员" not in listing
    for action in ("edit", "history", "usage"):
        response = client.get(snippet_url(HonorRollEntry, action, entry_b.pk))
        assert response.status_code == 404, action


def test_editing_another_branchs_nomination_by_post_changes_nothing(
    client, secretary_a, entry_b, branch_a, member_a, category
):
    client.force_login(secretary_a.user)
    response = client.post(
        snippet_url(HonorRollEntry, "edit", entry_b.pk),
        nomination_data(branch_a, member_a, category, deed="改写的事迹"),
    )
    assert response.status_code == 404
    entry_b.refresh_from_db()
    assert (entry_b.deed, entry_b.person_name) == ("乙的事迹", "乙党员")


# -- Awards and certificates ------------------------------------------------------------


@pytest.fixture
def award_a(member_a, person_title):
    return services.grant_award(title=person_title, holder=member_a, period="2025年度")


def test_another_committee_cannot_reach_an_award_or_its_certificate(
    client, other_committee, award_a
):
    certificate = Certificate.objects.get(award=award_a)
    client.force_login(other_committee.user)
    listing = client.get(snippet_url(Award, "list")).content.decode()
    assert "甲党员" not in listing
    assert client.get(snippet_url(Award, "edit", award_a.pk)).status_code == 404
    assert client.get(snippet_url(Award, "history", award_a.pk)).status_code == 404
    assert client.get(snippet_url(Certificate, "inspect", certificate.pk)).status_code == 404
    assert_refused(client.get(reverse("honors_admin:revoke", args=[award_a.pk])))
    response = client.post(
        reverse("honors_admin:revoke", args=[award_a.pk]),
        {"reason": "越权撤销", "revoked_on": "2026-01-05"},
    )
    assert_refused(response)
    award_a.refresh_from_db()
    assert not award_a.is_revoked
    assert_refused(client.get(reverse("honors_admin:certificate_pdf", args=[certificate.pk])))
    assert_refused(client.post(reverse("honors_admin:award_certificate", args=[award_a.pk])))


def test_award_form_offers_only_own_members_and_refuses_another_committees(
    client, committee, other_committee, member_a, person_title
):
    client.force_login(other_committee.user)
    response = client.get(snippet_url(Award, "add"))
    assert member_a.pk not in choice_ids(response, "member")
    response = client.post(
        snippet_url(Award, "add"),
        {"title": person_title.pk, "member": member_a.pk, "period": "2025年度", "reason": ""},
    )
    assert response.status_code in (200, 400)
    assert not Award.objects.exists()


def test_another_committee_cannot_review_a_nomination(client, other_committee, entry_b):
    client.force_login(other_committee.user)
    url = reverse("honors_admin:review", args=[entry_b.pk])
    assert_refused(client.post(url, {"decision": "approve"}))
    entry_b.refresh_from_db()
    assert entry_b.status == HonorRollEntry.Status.SUBMITTED


def test_certificates_are_read_only_even_for_a_superuser(client, superuser, award_a):
    certificate = Certificate.objects.get(award=award_a)
    number = certificate.number
    client.force_login(superuser)
    assert client.get(snippet_url(Certificate, "inspect", certificate.pk)).status_code == 200
    assert_refused(client.get(snippet_url(Certificate, "edit", certificate.pk)))
    response = client.post(
        snippet_url(Certificate, "edit", certificate.pk),
        {"number": "FAKE-0001", "holder_name": "冒名", "kind": certificate.kind},
    )
    assert_refused(response)
    assert_refused(client.get(snippet_url(Certificate, "add")))
    assert_refused(client.post(snippet_url(Certificate, "delete", certificate.pk)))
    certificate.refresh_from_db()
    assert (certificate.number, certificate.holder_name) == (number, "甲党员")


def test_an_award_cannot_be_issued_in_another_committees_name(
    client, committee, other_committee, person_title
):
    own_member = MemberFactory(name="外单位党员", organisation=other_committee.organisation)
    client.force_login(other_committee.user)
    issuers = choice_ids(client.get(snippet_url(Award, "add")), "issuer")
    assert other_committee.organisation.pk in issuers
    assert committee.organisation.pk not in issuers
    response = client.post(
        snippet_url(Award, "add"),
        {
            "title": person_title.pk,
            "member": own_member.pk,
            "period": "2025年度",
            "reason": "",
            "issuer": committee.organisation.pk,
        },
    )
    assert response.status_code in (200, 400)
    assert not Award.objects.exists()
