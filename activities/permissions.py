"""Who may do what with a campaign's assessments.

The branch works on its own assessment (scope from `portal.permissions`); only
members of the 考核验收小组 group record inspection verdicts; the committee
schedules spot checks and year-end re-inspections.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from activities.models import Meeting, RoomUse
from portal.permissions import OrganisationScopedPermissionPolicy, organisation_in_scope

INSPECTION_GROUP = "考核验收小组"
INSPECTION_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("activities", "inspect_assessment"),
    ("activities", "view_assessment"),
    ("activities", "view_campaign"),
    ("activities", "view_inspection"),
]


def ensure_inspection_group() -> Group:
    """Creates or refreshes the 考核验收小组 group; its members are added by the committee."""
    group, _created = Group.objects.get_or_create(name=INSPECTION_GROUP)
    wanted = [
        permission
        for app_label, codename in INSPECTION_PERMISSIONS
        if (
            permission := Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
        )
    ]
    group.permissions.add(*wanted)
    return group


def refresh_inspection_group(sender, app_config=None, **kwargs) -> None:
    # Permissions of every app exist only after the last app's post_migrate.
    last_app = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if app_config is None or app_config.label != last_app.label:
        return
    ensure_inspection_group()


def can_manage(user, organisation) -> bool:
    """The branch (or the committee above it) fills in and applies for this organisation."""
    return bool(
        user
        and user.has_perm("activities.change_assessment")
        and organisation_in_scope(user, organisation)
    )


def can_inspect(user, organisation) -> bool:
    return bool(
        user
        and user.has_perm("activities.inspect_assessment")
        and organisation_in_scope(user, organisation)
    )


def can_schedule(user, organisation) -> bool:
    return bool(
        user
        and user.has_perm("activities.add_inspection")
        and organisation_in_scope(user, organisation)
    )


def can_record_meetings(user, organisation) -> bool:
    return bool(
        user
        and user.has_perm("activities.change_meeting")
        and organisation_in_scope(user, organisation)
    )


# A branch keeps its own 三会一课 and room-use records; the committee above reads them all.
meeting_policy = OrganisationScopedPermissionPolicy(Meeting, organisation_path="organisation")
room_use_policy = OrganisationScopedPermissionPolicy(RoomUse, organisation_path="organisation")
