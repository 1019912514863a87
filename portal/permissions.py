"""Who may manage what: a secretary's scope is their organisation's subtree.

The rule "a secretary of branch A cannot touch branch B" is written once, here:
`scope_for` says whose subtree a user manages, `scoped` narrows any queryset to
it by the lookup path from the model to its Organisation, `organisation_in_scope`
answers for one object. Every app's querysets, viewsets, choosers and forms go
through these three; each app's own predicates (who may review, who may lead)
live in `<app>/permissions.py` and are built on them.
"""

from dataclasses import dataclass

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

# The subtree rule itself lives in `portal.scoping` (the models use it too); it is
# offered here as well, so a view asks one module for everything about scope.
from portal.scoping import (  # noqa: F401
    Subtrees,
    in_subtree,
    is_staff_role,
    lookup_paths,
    member_of,
    scope_for,
    scoped,
    subtree_q,
)


def organisation_in_scope(user, organisation) -> bool:
    scope = scope_for(user)
    if scope is True:
        return True
    if scope is None or organisation is None:
        return False
    return organisation.path.startswith(scope.path)


def organisations_in_scope(user):
    """The organisations `user` manages, for choice fields and filters."""
    from portal.models import Organisation

    return scoped(Organisation.objects.all(), user, "")


def manages_shared_definitions(user) -> bool:
    """Titles, honour categories and checklist templates serve every tree: only a superuser
    or the committee at the top of the one tree may change them, never a second tree's."""
    # Every admin menu item asks: answered once per request, on the request's user object.
    known = getattr(user, "_manages_shared_definitions", None)
    if known is not None:
        return known
    scope = scope_for(user)
    if scope is True:
        answer = True
    elif scope is None or scope.parent_id is not None:
        answer = False
    else:
        from portal.models import Organisation

        others = Organisation.objects.filter(parent__isnull=True).exclude(pk=scope.pk)
        answer = not others.exists()
    if user is not None:
        user._manages_shared_definitions = answer
    return answer


def organisation_at(instance, path: str):
    """The Organisation reached from `instance` by the lookup `path` ("" is the instance)."""
    obj = instance
    for part in path.split("__") if path else ():
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


class OrganisationScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to objects inside the user's organisation subtree.

    `organisation_path` names the lookup from the model to an Organisation
    ("organisation", "member__organisation", or "" for Organisation itself), or
    a tuple of them when a row belongs to a unit by any of several (see `subtree_q`).
    """

    def __init__(self, model, organisation_path: str | tuple[str, ...] = "organisation", **kwargs):
        super().__init__(model, **kwargs)
        self.organisation_paths = lookup_paths(organisation_path)

    def scoped_queryset(self, user, queryset=None):
        queryset = self.model._default_manager.all() if queryset is None else queryset
        return scoped(queryset, user, *self.organisation_paths)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return any(
            organisation_in_scope(user, organisation_at(instance, path))
            for path in self.organisation_paths
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scoped_queryset(user)


class ViewOnlyScopedPermissionPolicy(OrganisationScopedPermissionPolicy):
    """Rows that change only through a service: listed and inspected in the admin, never
    added, edited or deleted there, not even by a superuser, who would skip the service's rules."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


def holds_every_power_of(*, by, account) -> bool:
    """Whether `by` already holds every power `account` has.

    Acting for an account (handing out its set-password link, editing its
    profile) must never give the actor more than they have: a secretary who
    could open a superuser's or a committee admin's account would own the
    whole site. So the account must be no superuser or staff unless `by` is,
    hold no model, page or collection permission `by` lacks, and manage (if
    it manages anything) only inside `by`'s subtree.
    """
    if account is None:
        return True
    if by is None or not by.is_authenticated or not by.is_active:
        return False
    if by.is_superuser:
        return True
    if account.is_superuser or (account.is_staff and not by.is_staff):
        return False
    if not _powers(account) <= _powers(by):
        return False
    managed = _managed_scope(account)
    if managed is None:
        return True
    return organisation_in_scope(by, managed)


def _powers(user) -> set:
    """Model permissions, plus the page and collection permissions Wagtail keeps per group."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    groups = user.groups.all()
    pages = GroupPagePermission.objects.filter(group__in=groups).values_list(
        "page_id", "permission_id"
    )
    collections = GroupCollectionPermission.objects.filter(group__in=groups).values_list(
        "collection_id", "permission_id"
    )
    return (
        set(user.get_all_permissions())
        | {("page", *pair) for pair in pages}
        | {("collection", *pair) for pair in collections}
    )


def _managed_scope(account):
    """The subtree `account` manages by its role, whether or not it is active now."""
    member = member_of(account)
    if member is None:
        return None
    return member.organisation if member.manages_members else None


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """The same for rows that belong to no one unit (a published 月评比 通报)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class SharedDefinitionPermissionPolicy(ModelPermissionPolicy):
    """Definitions every tree uses: anyone with the model permission reads them; only
    `manages_shared_definitions` may add, change or delete them."""

    def user_has_permission(self, user, action):
        if not super().user_has_permission(user, action):
            return False
        return action == "view" or manages_shared_definitions(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.all()


def organisation_of_collection(collection):
    """The OrganisationCollection that owns a collection (its nearest linked ancestor), or None."""
    from portal.models import OrganisationCollection

    if collection is None:
        return None
    return (
        OrganisationCollection.objects.select_related("organisation")
        .filter(collection__in=collection.get_ancestors(inclusive=True))
        .order_by("-collection__depth")
        .first()
    )


def may_view_library_file(user, collection) -> bool:
    """Whether a user may download a file in this collection.

    Files outside every organisation's collection and files in a 公开资料
    collection are public; an organisation's internal files are for the
    users whose scope covers that organisation.
    """
    link = organisation_of_collection(collection)
    if link is None or link.is_public:
        return True
    return organisation_in_scope(user, link.organisation)


@dataclass(frozen=True)
class ScopeCollectionPermission:
    """Reads like Wagtail's GroupCollectionPermission: a permission at a collection, by scope."""

    collection: object
    permission: object

    @property
    def collection_id(self):
        return self.collection.pk


class OrganisationCollectionPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions for images and documents, with the role groups'
    model permissions applied at the user's own organisation collection.

    The role groups (支部书记, 党委管理员) hold "may add/choose/change images" as
    plain model permissions, the same for every branch; *where* they apply is
    the scope rule: the collection of the user's organisation and everything
    below it. Collection permissions a superuser grants to a group by hand in
    the admin keep working as Wagtail defines them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail caches a user's collection permissions under one attribute for
        # every collection policy; these lists differ per model, so each has its own.
        self.permission_cache_name = (
            f"_scoped_collection_permissions_{self.auth_model._meta.label_lower}"
        )

    def get_all_permissions_for_user(self, user):
        granted = list(super().get_all_permissions_for_user(user))
        scope = scope_for(user)
        if scope is None or scope is True:
            return granted
        from portal.models import OrganisationCollection

        app_label = self.auth_model._meta.app_label
        permissions = [
            permission
            for permission in self._get_permission_objects_for_actions(
                ["add", "change", "choose", "delete"]
            )
            if user.has_perm(f"{app_label}.{permission.codename}")
        ]
        if not permissions:
            return granted
        # Made when the organisation is saved and after every migrate (portal.services.library).
        link = (
            OrganisationCollection.objects.select_related("collection")
            .filter(organisation=scope, is_public=False)
            .first()
        )
        if link is None:
            return granted
        collection = link.collection
        return granted + [
            ScopeCollectionPermission(collection=collection, permission=permission)
            for permission in permissions
        ]
