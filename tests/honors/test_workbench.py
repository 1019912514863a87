"""Honours on the workbench: nominations the committee has to review."""

import pytest

from honors.models import HonorRollEntry
from portal.workbench import staff_todos
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
