"""One base for every app's admin snippets: what the listing hides does not exist for the user.

Wagtail checks model permissions ("may change service standards") but not
which objects: its edit, delete, history, usage, inspect and copy views, its
choosers (`/admin/snippets/choose/<app>/<model>/`, `results/`, `chosen/<pk>/`)
and its bulk actions fetch any row by id. `ScopedSnippetViewSet` gives each
of those views the viewset's own `get_queryset` and answers 404 for an object
outside it, so a secretary of branch A who types the id of branch B's row sees
what they would see for a row that does not exist, and nothing is changed.

By default the queryset is the registered OrganisationScopedPermissionPolicy's
subtree (`portal.permissions.scoped`); a viewset with another rule overrides
`get_queryset` and every view, chooser and bulk action follows it. A model
that belongs to no unit (a shared definition, a published 通报) is listed in
`GLOBAL_SNIPPET_MODELS`; tests check that every registered snippet is one or
the other.

Forms are the other half: give the viewset an `edit_handler` built with
`portal.forms.ScopedModelForm` (Wagtail ignores a bare `base_form_class`
attribute on the viewset) so the choices are narrowed too.
"""

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import get_list_or_404
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.permissions import OrganisationScopedPermissionPolicy
from portal.viewsets.display import ReadableValuesMixin

# "app_label.ModelName" of snippets that belong to no one unit, with the reason. Shared
# definitions serve every tree; see portal.permissions.SharedDefinitionPermissionPolicy.
GLOBAL_SNIPPET_MODELS = {
    "honors.HonorCategory": "功德榜类别: a shared definition",
    "honors.Title": "称号: a shared definition",
    "activities.ChecklistTemplate": "检查标准: a shared definition",
    "pledges.MonthlyRanking": "月评比通报: published to everyone, read-only",
}


def _valid_pk(queryset, pk):
    """`pk` as the model's primary key, or None for "abc", "²", "1 OR 1=1"."""
    try:
        return queryset.model._meta.pk.to_python(pk)
    except (ValidationError, ValueError, TypeError):
        return None


def get_in_scope(queryset, pk):
    """The object `pk` of `queryset`; Http404 if it is outside it or `pk` is malformed."""
    value = _valid_pk(queryset, pk)
    if value is None:
        raise Http404
    try:
        return queryset.get(pk=value)
    except ObjectDoesNotExist as error:
        raise Http404 from error


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


class ScopedChooserViewMixin:
    """A chooser view that lists and names only objects of `scoped_queryset(request)`."""

    scoped_queryset = None

    def get_object_list(self):
        return self.scoped_queryset(self.request)


class ScopedChooseView(ScopedChooserViewMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooserViewMixin, ChooseResultsView):
    pass


class ScopedChosenView(ScopedChooserViewMixin, SnippetChosenView):
    def get(self, request, pk):
        return self.get_chosen_response(get_in_scope(self.get_object_list(), pk))


class ScopedChosenMultipleView(ScopedChooserViewMixin, SnippetChosenMultipleView):
    def get_objects(self, pks):
        queryset = self.get_object_list()
        values = [value for pk in pks if (value := _valid_pk(queryset, pk)) is not None]
        return queryset.filter(pk__in=values)


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser of a scoped viewset; `scoped_queryset` is the viewset's get_queryset."""

    scoped_queryset = None
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    # Objects are made in their own admin pages (scoped forms, services), never in a picker.
    create_action_label = None

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scoped_queryset=self.scoped_queryset, **kwargs)


class ScopedSnippetViewSetMixin(ReadableValuesMixin):
    """Put before SnippetViewSet (or use ScopedSnippetViewSet); `get_queryset` scopes every view."""

    chooser_viewset_class = ScopedSnippetChooserViewSet

    def get_queryset(self, request):
        policy = self.permission_policy
        if not isinstance(policy, OrganisationScopedPermissionPolicy):
            raise ImproperlyConfigured(
                f"{type(self).__name__} needs get_queryset() or an "
                "OrganisationScopedPermissionPolicy for its model."
            )
        return policy.scoped_queryset(request.user)

    def scoped_queryset(self, request):
        """The scope as the views use it: never None (Wagtail's "use the default")."""
        queryset = self.get_queryset(request)
        return self.model._default_manager.all() if queryset is None else queryset

    def construct_view(self, view_class, **kwargs):
        # Every view that loads one object by id: edit, delete, history, usage,
        # inspect, copy, revisions, lock... (the way Wagtail's own
        # inject_view_methods makes a subclass of a view class).
        if hasattr(view_class, "get_object"):
            if not issubclass(view_class, ScopedObjectMixin):
                view_class = type(view_class.__name__, (ScopedObjectMixin, view_class), {})
            kwargs["scoped_queryset"] = self.scoped_queryset
        return super().construct_view(view_class, **kwargs)

    @property
    def chooser_viewset(self):
        return self.chooser_viewset_class(
            self.get_chooser_admin_url_namespace(),
            model=self.model,
            url_prefix=self.get_chooser_admin_base_path(),
            icon=self.icon,
            per_page=self.chooser_per_page,
            scoped_queryset=self.scoped_queryset,
        )


class ScopedSnippetViewSet(ScopedSnippetViewSetMixin, SnippetViewSet):
    """The base of every app's snippet viewsets (see the module's docstring)."""


class SharedSnippetViewSet(ReadableValuesMixin, SnippetViewSet):
    """The base of a `GLOBAL_SNIPPET_MODELS` model's viewset: no scope, the same readable values."""


def snippet_scope(model, request):
    """The objects of snippet `model` that `request.user` may see in the admin."""
    viewset = getattr(model, "snippet_viewset", None)
    if isinstance(viewset, ScopedSnippetViewSetMixin):
        return viewset.scoped_queryset(request)
    return model._default_manager.all()


class ScopedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, whose confirm page lists only objects in the user's scope.

    Wagtail's own names every id it is given, out-of-scope ones under "you have no
    permission"; here they do not exist, and a page of none at all is a 404.
    """

    @classmethod
    def get_queryset(cls, model, object_ids):
        queryset = model._default_manager.all()
        values = [v for pk in object_ids if (v := _valid_pk(queryset, pk)) is not None]
        return get_list_or_404(queryset, pk__in=values)

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        visible = set(
            snippet_scope(self.model, self.request)
            .filter(pk__in=[o.pk for o in objects + extra["items_with_no_access"]])
            .values_list("pk", flat=True)
        )
        objects = [o for o in objects if o.pk in visible]
        no_access = [o for o in extra["items_with_no_access"] if o.pk in visible]
        if not objects and not no_access:
            raise Http404
        return objects, {**extra, "items_with_no_access": no_access}
