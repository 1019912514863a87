"""How values read in the admin's listings and inspect pages: 是/否 and "—", never True/False/None.

Wagtail prints a boolean field of `list_display` as "True"/"False" (and its
`BooleanColumn` says "True" to screen readers), and an inspect page prints the
raw value, "None" included. Every portal viewset mixes in `ReadableValuesMixin`
(`ScopedSnippetViewSet` does), which gives its listing a `YesNoColumn` for each
boolean field or `@admin.display(boolean=True)` attribute named in
`list_display`, and its inspect page 是/否 and "—".
"""

from django.contrib.admin.utils import label_for_field
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic.models import IndexView, InspectView

EMPTY = "—"
YES = _("是")
NO = _("否")


def readable(value):
    """A value as an admin page shows it: 是/否 for a boolean, "—" for nothing at all."""
    if value is True:
        return YES
    if value is False:
        return NO
    if value is None or value == "":
        return EMPTY
    return value


class YesNoColumn(BooleanColumn):
    """A boolean column that says 是 or 否 beside Wagtail's tick or cross, "—" for unknown.

    `yes`/`no` name the two states where 是/否 reads oddly (公开/未公开).
    """

    cell_template_name = "portal/admin/tables/yes_no_cell.html"

    def __init__(self, *args, yes=YES, no=NO, **kwargs):
        super().__init__(*args, **kwargs)
        self.yes, self.no = yes, no


def is_boolean(model, name: str) -> bool:
    """Whether `name` of `list_display` (a field, a relation path or an attribute) is a yes/no."""
    *relations, last = name.split(LOOKUP_SEP) if not hasattr(model, name) else [name]
    try:
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        field = model._meta.get_field(last)
    except FieldDoesNotExist:
        try:
            _label, attr = label_for_field(last, model, return_attr=True)
        except AttributeError:
            return False
        attr = getattr(attr, "fget", attr)
        return bool(getattr(attr, "boolean", False))
    return isinstance(field, models.BooleanField)


class ReadableIndexMixin:
    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        # Wagtail's own hook for a column built from a `list_display` name.
        if column_class is Column and is_boolean(self.model, field_name):
            column_class = YesNoColumn
        return super()._get_custom_column(field_name, column_class, **kwargs)


class ReadableInspectMixin:
    def get_field_display_value(self, field_name, field):
        return readable(super().get_field_display_value(field_name, field))


class ReadableValuesMixin:
    """Put before SnippetViewSet: its listing and inspect views say 是/否 and "—"."""

    def construct_view(self, view_class, **kwargs):
        for base, mixin in (
            (IndexView, ReadableIndexMixin),
            (InspectView, ReadableInspectMixin),
        ):
            if issubclass(view_class, base) and not issubclass(view_class, mixin):
                view_class = type(view_class.__name__, (mixin, view_class), {})
        return super().construct_view(view_class, **kwargs)
