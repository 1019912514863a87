"""Who may manage what: a secretary's scope is their organisation's subtree.

Every admin listing and every per-object check asks `scope_for`, so the rule
"a secretary of branch A cannot touch branch B" lives in one place.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


def member_of(user):
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    try:
        return user.member
    except Exception:  # RelatedObjectDoesNotExist: an account with no profile
        return None


def scope_for(user):
    """True for the whole tree, an Organisation for its subtree, None for nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return True
    member = member_of(user)
    if member is None:
        return None
    from portal.models import Member

    if member.role in {Member.Role.SECRETARY, Member.Role.COMMITTEE}:
        return member.organisation
    return None


def is_staff_role(user) -> bool:
    return scope_for(user) is not None


def organisation_in_scope(user, organisation) -> bool:
    scope = scope_for(user)
    if scope is True:
        return True
    if scope is None or organisation is None:
        return False
    return organisation.path.startswith(scope.path)


class OrganisationScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to objects inside the user's organisation subtree.

    `organisation_path` names the lookup from the model to an Organisation
    ("organisation", "member__organisation", or "" for Organisation itself).
    """

    def __init__(self, model, organisation_path: str = "organisation", **kwargs):
        super().__init__(model, **kwargs)
        self.organisation_path = organisation_path

    def _path_lookup(self) -> str:
        prefix = f"{self.organisation_path}__" if self.organisation_path else ""
        return f"{prefix}path__startswith"

    def scoped_queryset(self, user, queryset=None):
        queryset = self.model._default_manager.all() if queryset is None else queryset
        scope = scope_for(user)
        if scope is True:
            return queryset
        if scope is None:
            return queryset.none()
        return queryset.filter(**{self._path_lookup(): scope.path})

    def _organisation_of(self, instance):
        obj = instance
        if not self.organisation_path:
            return obj
        for part in self.organisation_path.split("__"):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return organisation_in_scope(user, self._organisation_of(instance))

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
    from portal.models import Member

    if member.role in {Member.Role.SECRETARY, Member.Role.COMMITTEE}:
        return member.organisation
    return None


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
        from portal.services.library import internal_collection

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
        collection = internal_collection(scope)
        return granted + [
            ScopeCollectionPermission(collection=collection, permission=permission)
            for permission in permissions
        ]
