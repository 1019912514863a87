"""Honours on the workbench: nominations the committee has to review."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from honors.models import CertificateBatch, HonorRollEntry
from portal.workbench import staff_todos
from tests.factories import CommitteeAdminFactory
from tests.honors.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_nominations_count_matches_the_review_buttons_and_skips_own(
    client, committee, branch_a, secretary_a
):
    for _ in range(3):
        EntryFactory(
            organisation=branch_a,
            status=HonorRollEntry.Status.SUBMITTED,
            nominated_by=secretary_a.user,
        )
    EntryFactory(
        organisation=branch_a, status=HonorRollEntry.Status.SUBMITTED, nominated_by=committee.user
    )
    EntryFactory(organisation=branch_a, status=HonorRollEntry.Status.APPROVED)
    counts = {t.key: t.count for t in staff_todos(committee.user)}
    assert counts["honors.nominations"] == 3
    client.force_login(committee.user)
    page = client.get("/admin/honors/pending/").content.decode()
    assert page.count(">审核</a>") == 3
    # A secretary nominates but does not review: nothing waits on them here.
    assert "honors.nominations" not in {t.key for t in staff_todos(secretary_a.user)}


def _batch(organisation, status, *, minutes_ago=0):
    batch = CertificateBatch.objects.create(
        kind=CertificateBatch.Kind.ROLL, period="2025年度", organisation=organisation, status=status
    )
    when = timezone.now() - timedelta(minutes=minutes_ago)
    CertificateBatch.objects.filter(pk=batch.pk).update(created_at=when, heartbeat_at=when)
    return batch


def test_failed_and_stalled_batches_wait_on_the_committee_and_the_link_lists_them(
    client, committee, branch_a, settings
):
    settings.HONORS_BATCH_STALL_SECONDS = 300
    failed = _batch(branch_a, "failed")
    stalled = _batch(branch_a, "running", minutes_ago=30)
    _batch(branch_a, "running", minutes_ago=1)  # moving along: needs nobody
    _batch(branch_a, "done")
    _batch(branch_a, "cancelled")
    _batch(CommitteeAdminFactory().organisation, "failed")  # another committee's tree
    todos = {t.key: t for t in staff_todos(committee.user)}
    assert todos["honors.batches"].count == 2
    client.force_login(committee.user)
    page = client.get(todos["honors.batches"].url).content.decode()
    listed = {int(pk) for pk in re.findall(r'data-object-id="(\d+)"', page)}
    assert listed == {failed.pk, stalled.pk}
