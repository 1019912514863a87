"""Nothing a user created or earned is hard-deleted: what a delete would take with it.

Django's deletion collector finds every row a delete would remove (CASCADE),
blank out (SET_NULL) or is stopped by (PROTECT). A delete is refused when any
of those rows belongs to the project's own apps, unless it is only a part of
the object itself (a checklist's items, a campaign's phases: `ParentalKey`
children edited in the same form). The refusal names what is in the way in
Chinese and, where the model offers one, the way to do it instead
(`deletion_alternative`: 转出/离开, 关闭, 取消…), so the admin never answers
500 with a `ProtectedError` and no pledge, rating, 学时 or grade disappears
with the person or unit it belongs to. A model whose rows are themselves
what someone earned (an award) sets `deletion_refused = True`: its rows are
never deleted from the interface, whatever hangs off them.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalKey

PROJECT_APPS = frozenset({"portal", "honors", "volunteers", "pledges", "activities"})


@dataclass
class DeletionCheck:
    """What stands in the way of deleting some objects; empty when nothing does."""

    kept: Counter = field(default_factory=Counter)  # verbose_name_plural -> rows
    alternative: str = ""
    refused_itself: bool = False

    @property
    def allowed(self) -> bool:
        return not self.kept

    @property
    def reasons(self) -> list[str]:
        return [
            _("%(what)s（%(count)d）") % {"count": count, "what": what}
            for what, count in sorted(self.kept.items(), key=lambda item: -item[1])
        ]

    @property
    def message(self) -> str:
        if self.allowed:
            return ""
        if self.refused_itself:
            text = _("不能删除：它本身就是要保留的历史记录。")
        else:
            text = _("不能删除：它关联着 %(reasons)s，删除会丢失这些历史记录。") % {
                "reasons": "、".join(self.reasons)
            }
        return f"{text}{self.alternative}" if self.alternative else text


def _is_own_part(model, deleted_models) -> bool:
    return any(
        isinstance(f, ParentalKey) and f.related_model in deleted_models
        for f in model._meta.get_fields()
        if f.concrete
    )


def _count(model, rows: int, deleted_models, counter: Counter) -> None:
    if rows and model._meta.app_label in PROJECT_APPS and not _is_own_part(model, deleted_models):
        counter[str(capfirst(model._meta.verbose_name_plural))] += rows


def _count_objects(objects, deleted_models, counter: Counter) -> None:
    for model, rows in Counter(type(obj) for obj in objects).items():
        _count(model, rows, deleted_models, counter)


def _count_queryset(queryset, deleted_models, counter: Counter) -> None:
    model = queryset.model
    if model in deleted_models or model._meta.app_label not in PROJECT_APPS:
        return
    if _is_own_part(model, deleted_models):
        return
    _count(model, queryset.count(), deleted_models, counter)


def check_deletion(instances) -> DeletionCheck:
    """Runs the delete collector without deleting anything."""
    instances = list(instances)
    if not instances:
        return DeletionCheck()
    model = type(instances[0])
    deleted_models = {type(obj) for obj in instances}
    check = DeletionCheck(alternative=str(getattr(model, "deletion_alternative", "") or ""))
    if getattr(model, "deletion_refused", False):
        check.kept[str(capfirst(model._meta.verbose_name_plural))] += len(instances)
        check.refused_itself = True
        return check
    collector = Collector(using=router.db_for_write(model))
    try:
        collector.collect(instances)
    except ProtectedError as error:
        _count_objects(error.protected_objects, deleted_models, check.kept)
        return check
    except RestrictedError as error:
        _count_objects(error.restricted_objects, deleted_models, check.kept)
        return check
    for collected_model, objects in collector.data.items():
        if collected_model not in deleted_models:
            _count(collected_model, len(objects), deleted_models, check.kept)
    for queryset in collector.fast_deletes:
        _count_queryset(queryset, deleted_models, check.kept)
    # SET_NULL: the rows stay but lose who or what they were about.
    for (_field, _value), querysets in collector.field_updates.items():
        for queryset in querysets:
            if hasattr(queryset, "model"):
                _count_queryset(queryset, deleted_models, check.kept)
            else:
                _count_objects(queryset, deleted_models, check.kept)
    return check
