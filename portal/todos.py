"""Portal's own work on the workbench: members of the subtree still short of their yearly
学时, linked to the 学习情况 matrix filtered to them. Registered from `apps.py`.

No individual ranking: the matrix lists them by organisation and name, never by hours.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.workbench import Todo, capped_count


def members_below_study_requirement(user, requirement=None):
    """The members the matrix shows with ``?below=1`` for this year and the user's subtree."""
    from portal.permissions import scope_for
    from portal.selectors.study import below_requirement, matrix_members

    scope = scope_for(user)
    organisation = None if scope is True else scope
    members = matrix_members(organisation=organisation, year=timezone.localdate().year)
    return below_requirement(members, requirement)


def staff_todos(user, member) -> list[Todo]:
    from portal.models import StudyRequirementSettings
    from portal.permissions import is_staff_role
    from portal.templatetags.portal_tags import hours as format_hours

    if not is_staff_role(user):
        return []
    requirement = StudyRequirementSettings.load()
    year = timezone.localdate().year
    return [
        Todo(
            key="portal.study_below",
            label=_("未达到年度学时要求的党员"),
            count=capped_count(members_below_study_requirement(user, requirement)),
            url=f"{reverse('portal_study_matrix')}?year={year}&below=1",
            hint=_("%(year)s年要求：党员 %(m)s 学时，书记、党委委员 %(l)s 学时")
            % {
                "year": year,
                "m": format_hours(requirement.member_hours),
                "l": format_hours(requirement.leader_hours),
            },
        )
    ]
