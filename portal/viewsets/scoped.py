"""One rule for every app's admin snippets: what the listing hides does not exist for the user.

Wagtail checks model permissions ("may change service standards") but not
which objects: its edit, delete, history, usage, inspect and copy views fetch
any row by id. `ScopedSnippetViewSetMixin` gives each of those views the
viewset's own `get_queryset` and answers 404 for an object outside it, so a
secretary of branch A who types the id of branch B's row sees what they would
see for a row that does not exist, and nothing is changed.

Forms are the other half: give the viewset an `edit_handler` built with
`portal.forms.ScopedModelForm` (Wagtail ignores a bare `base_form_class`
attribute on the viewset) so the choices are narrowed too.
"""

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from portal.permissions import OrganisationScopedPermissionPolicy


class ScopedObjectMixin:
    """For a single-object admin view: 404 unless the object is in `scoped_queryset(request)`."""

    scoped_queryset = None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is None or self.scoped_queryset is None:  # a create view has no object
            return obj
        if not self.scoped_queryset(self.request).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class ScopedSnippetViewSetMixin:
    """Put before SnippetViewSet; its `get_queryset` is the scope of every view.

    By default that is the registered OrganisationScopedPermissionPolicy's
    subtree; a viewset with another rule (several organisation paths,
    select_related) overrides `get_queryset` and the views follow it.
    """

    def get_queryset(self, request):
        policy = self.permission_policy
        if not isinstance(policy, OrganisationScopedPermissionPolicy):
            raise ImproperlyConfigured(
                f"{type(self).__name__} needs get_queryset() or an "
                "OrganisationScopedPermissionPolicy for its model."
            )
        return policy.scoped_queryset(request.user)

    def construct_view(self, view_class, **kwargs):
        # Every view that loads one object by id: edit, delete, history, usage,
        # inspect, copy, revisions, lock... (the way Wagtail's own
        # inject_view_methods makes a subclass of a view class).
        if hasattr(view_class, "get_object"):
            if not issubclass(view_class, ScopedObjectMixin):
                view_class = type(view_class.__name__, (ScopedObjectMixin, view_class), {})
            kwargs["scoped_queryset"] = self.get_queryset
        return super().construct_view(view_class, **kwargs)
