"""撤销 is the one word for revoking a title, reachable from the certificate list, in scope."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from honors import services
from honors.models import Award, Certificate
from tests.helpers import snippet_url

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


def give_revoke_rights(*secretaries):
    """As a committee may delegate: view certificates, change (revoke) awards."""
    permissions = Permission.objects.filter(
        content_type__app_label="honors", codename__in=["view_certificate", "change_award"]
    )
    for secretary in secretaries:
        secretary.user.user_permissions.add(*permissions)


@pytest.fixture
def plaque_award_a(branch_a, plaque_title):
    return services.grant_award(title=plaque_title, holder=branch_a, period="2025年度")


def revoke_url(award, next_url):
    return f"{reverse('honors_admin:revoke', args=[award.pk])}?next={next_url}"


def test_the_certificate_list_offers_revoke_and_it_returns_there(client, committee, plaque_award_a):
    certificates = snippet_url(Certificate, "list")
    client.force_login(committee.user)
    listing = client.get(certificates).content.decode()
    assert reverse("honors_admin:revoke", args=[plaque_award_a.pk]) in listing
    assert "摘牌" not in listing and "取消称号" not in listing

    page = client.get(revoke_url(plaque_award_a, certificates))
    html = page.content.decode()
    assert "撤销称号" in html and "确认撤销" in html and "摘牌" not in html
    response = client.post(
        revoke_url(plaque_award_a, certificates),
        {"reason": "复查未通过", "revoked_on": TODAY, "next": certificates},
    )
    assert response.status_code == 302 and response["Location"] == certificates
    plaque_award_a.refresh_from_db()
    assert plaque_award_a.is_revoked
    assert Certificate.objects.get(award=plaque_award_a).is_revoked
    after = client.get(certificates).content.decode()
    assert "已撤销" in after
    assert reverse("honors_admin:revoke", args=[plaque_award_a.pk]) not in after


def test_the_award_list_says_revoke_and_revoked_for_a_plaque_too(client, committee, plaque_award_a):
    client.force_login(committee.user)
    listing = client.get(snippet_url(Award, "list")).content.decode()
    assert reverse("honors_admin:revoke", args=[plaque_award_a.pk]) in listing
    assert "摘牌" not in listing and "取消称号" not in listing
    services.revoke_award(award=plaque_award_a, reason="复查未通过", by=committee.user)
    listing = client.get(snippet_url(Award, "list")).content.decode()
    assert "已撤销（" in listing and "已摘牌" not in listing


def test_branch_b_s_secretary_cannot_revoke_branch_a_s_title(client, secretary_b, plaque_award_a):
    """Even with the rights delegated to them, branch B's secretary has no 撤销 for A."""
    give_revoke_rights(secretary_b)
    revoke = reverse("honors_admin:revoke", args=[plaque_award_a.pk])

    client.force_login(secretary_b.user)
    assert revoke not in client.get(snippet_url(Certificate, "list")).content.decode()
    assert client.get(revoke).status_code == 302  # Wagtail's PermissionDenied: to the dashboard
    response = client.post(revoke, {"reason": "越权撤销", "revoked_on": TODAY})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    plaque_award_a.refresh_from_db()
    assert not plaque_award_a.is_revoked


def test_another_committee_has_no_revoke_for_this_committee_s_certificates(client, plaque_award_a):
    from tests.factories import CommitteeAdminFactory

    client.force_login(CommitteeAdminFactory(name="外单位管理员").user)
    revoke = reverse("honors_admin:revoke", args=[plaque_award_a.pk])
    assert revoke not in client.get(snippet_url(Certificate, "list")).content.decode()
    assert client.post(revoke, {"reason": "越权", "revoked_on": TODAY}).status_code == 302
    plaque_award_a.refresh_from_db()
    assert not plaque_award_a.is_revoked


def test_a_revoke_never_sends_the_user_to_another_site(client, committee, plaque_award_a):
    client.force_login(committee.user)
    response = client.post(
        reverse("honors_admin:revoke", args=[plaque_award_a.pk]),
        {"reason": "复查未通过", "revoked_on": TODAY, "next": "https://evil.example/"},
    )
    assert response["Location"] == snippet_url(Award, "list")


def test_the_certificate_list_costs_the_same_queries_for_many_rows(
    client, committee, branch_a, plaque_title
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory

    client.force_login(committee.user)
    services.grant_award(title=plaque_title, holder=branch_a, period="2025年度")
    client.get(snippet_url(Certificate, "list"))  # the session's first page loads its caches
    with CaptureQueriesContext(connection) as one:
        client.get(snippet_url(Certificate, "list"))
    for n in range(10):
        unit = OrganisationFactory(name=f"第{n}党支部", parent=branch_a)
        services.grant_award(title=plaque_title, holder=unit, period="2025年度")
    with CaptureQueriesContext(connection) as many:
        client.get(snippet_url(Certificate, "list"))
    assert len(many) == len(one)
