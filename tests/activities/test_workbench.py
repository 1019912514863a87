"""Inspections on the workbench: applications waiting for the 考核验收小组."""

import pytest

from portal.workbench import staff_todos
from tests.activities.conftest import submit

pytestmark = pytest.mark.django_db


def test_inspector_sees_submitted_applications_per_campaign_and_the_branch_does_not(
    client, inspector, secretary_a, secretary_b, assessment_a, assessment_b, campaign
):
    submit(assessment_a, secretary_a.user)
    submit(assessment_b, secretary_b.user)
    todos = {t.key: t for t in staff_todos(inspector.user)}
    todo = todos[f"activities.inspect.{campaign.pk}"]
    assert todo.count == 2
    assert todo.url == f"/admin/activities/campaigns/{campaign.pk}/"
    # The branch applied; inspecting is not its work.
    assert not [t for t in staff_todos(secretary_a.user) if t.key.startswith("activities.inspect")]
