"""Roles as Django groups: what committee admins and branch secretaries may do in the admin.

The groups only say which kinds of object a role may touch; *which* objects
(their own organisation's subtree) is decided by `portal.permissions`.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from portal.models import Member

COMMITTEE_GROUP = "党委管理员"
SECRETARY_GROUP = "支部书记"

# The image and document library: these are model permissions, applied by
# `portal.permissions.OrganisationCollectionPermissionPolicy` at the user's own
# organisation's collection, never at the shared root.
LIBRARY_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]

# (app_label, codename) per group; apps added later extend these lists.
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    COMMITTEE_GROUP: [
        ("wagtailadmin", "access_admin"),
        ("portal", "add_organisation"),
        ("portal", "change_organisation"),
        ("portal", "view_organisation"),
        ("portal", "add_member"),
        ("portal", "change_member"),
        ("portal", "view_member"),
        ("portal", "assign_role"),
        ("portal", "view_studyrecord"),
        ("portal", "change_studyrequirementsettings"),
        ("portal", "change_workingdaysettings"),
        ("portal", "view_reminderdigest"),
        *LIBRARY_PERMISSIONS,
    ],
    SECRETARY_GROUP: [
        ("wagtailadmin", "access_admin"),
        ("portal", "view_organisation"),
        ("portal", "add_member"),
        ("portal", "change_member"),
        ("portal", "view_member"),
        ("portal", "view_studyrecord"),
        ("portal", "view_reminderdigest"),
        *LIBRARY_PERMISSIONS,
    ],
}
# Page permissions each group holds on the study column, when it exists.
STUDY_PAGE_PERMISSIONS = {
    COMMITTEE_GROUP: ["add_page", "change_page", "publish_page", "delete_page"],
    SECRETARY_GROUP: ["add_page", "change_page", "publish_page"],
}

ROLE_GROUPS = {
    Member.Role.COMMITTEE: COMMITTEE_GROUP,
    Member.Role.SECRETARY: SECRETARY_GROUP,
}


def extend_role_permissions(group: str, permissions: list[tuple[str, str]]) -> None:
    """Lets a feature app add its own model permissions to a role (call from AppConfig.ready)."""
    for permission in permissions:
        if permission not in ROLE_PERMISSIONS[group]:
            ROLE_PERMISSIONS[group].append(permission)


@transaction.atomic
def ensure_role_groups() -> dict[str, Group]:
    """Creates or refreshes the role groups; safe to run after every migrate."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

    groups = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, codename in codenames:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.add(*wanted)
        groups[name] = group

        # Collection permissions would apply the same files to every branch;
        # earlier versions granted them on the root collection.
        GroupCollectionPermission.objects.filter(group=group).delete()

        study_index = Page.objects.filter(slug="study", depth=3).first()
        if study_index is not None:
            for codename in STUDY_PAGE_PERMISSIONS[name]:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=study_index, permission=permission
                )
    return groups


@transaction.atomic
def assign_role(*, member: Member, role: str) -> Member:
    """Sets a member's role and the matching admin group on their account."""
    member.role = role
    member.save(update_fields=["role", "updated_at"])
    if member.user_id:
        groups = ensure_role_groups()
        user = member.user
        user.groups.remove(*groups.values())
        group_name = ROLE_GROUPS.get(role)
        if group_name:
            user.groups.add(groups[group_name])
    return member
