"""The image and document library in the admin and on the site, scoped like everything else.

Registers the collection permission policies from `portal.permissions`, the
admin API listings that pickers use, and the check before a document is
served. Imported by `portal.wagtail_hooks`.
"""

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry, register_permission_policy

from portal.permissions import OrganisationCollectionPermissionPolicy, may_view_library_file

# exact_class: Wagtail registers its own policies for these models in its apps'
# ready(), which may run after this module is imported; exact registrations win.
register_permission_policy(
    get_image_model(),
    OrganisationCollectionPermissionPolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)
register_permission_policy(
    get_document_model(),
    OrganisationCollectionPermissionPolicy(
        get_document_model(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    ),
    exact_class=True,
)


class ScopedLibraryAPIMixin:
    """The admin API lists only files the user may choose or change (Wagtail's lists all)."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        allowed = policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        )
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class ScopedImagesAdminAPIViewSet(ScopedLibraryAPIMixin, ImagesAdminAPIViewSet):
    pass


class ScopedDocumentsAdminAPIViewSet(ScopedLibraryAPIMixin, DocumentsAdminAPIViewSet):
    pass


@hooks.register("construct_admin_api", order=100)
def scope_library_api(router):
    # After Wagtail's own hooks (order 0), which register the unscoped endpoints.
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("before_serve_document")
def check_document_scope(document, request):
    if may_view_library_file(request.user, document.collection):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return TemplateResponse(request, "403.html", status=403)


class InScopeBulkActionMixin:
    """Bulk actions on images and documents never name a file outside the user's scope.

    Wagtail lists every id it was given, with its title, under "items you
    cannot act on"; ids of files the user cannot even choose are dropped.
    """

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        policy = policy_registry.get_by_type(self.model)
        visible = set(
            policy.instances_user_has_any_permission_for(
                self.request.user, ["choose", "change"]
            ).values_list("pk", flat=True)
        )
        extra["items_with_no_access"] = [
            obj for obj in extra["items_with_no_access"] if obj.pk in visible
        ]
        return objects, extra


def _register_scoped_bulk_actions():
    from wagtail.documents.views import bulk_actions as document_actions
    from wagtail.images.views import bulk_actions as image_actions

    for module in (image_actions, document_actions):
        for name in module.__all__:
            action = getattr(module, name)
            scoped = type(f"InScope{name}", (InScopeBulkActionMixin, action), {})
            # After Wagtail's own registrations (order 0), which these replace.
            hooks.register("register_bulk_action", scoped, order=100)


_register_scoped_bulk_actions()
