"""The organisation tree: 党委 → 党总支 → 党支部 → 党小组, and 服务窗口 units."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.scoping import in_subtree


class OrganisationQuerySet(models.QuerySet):
    def subtree_of(self, organisation: "Organisation") -> "OrganisationQuerySet":
        """The organisation and everything below it, in one indexed prefix query."""
        return in_subtree(self, organisation, "")

    def branches(self) -> "OrganisationQuerySet":
        return self.filter(kind=Organisation.Kind.BRANCH)

    def windows(self) -> "OrganisationQuerySet":
        return self.filter(kind=Organisation.Kind.WINDOW)

    def active(self) -> "OrganisationQuerySet":
        return self.filter(is_active=True)


class Organisation(index.Indexed, models.Model):
    """One unit of the tree.

    A materialised `path` (ids joined by "/") makes "everything a secretary may
    see" a single `path LIKE 'x/%'` query, whatever the depth of the tree.
    """

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("党委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")
        GROUP = "group", _("党小组")
        WINDOW = "window", _("服务窗口")

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(
        _("编码"),
        max_length=20,
        unique=True,
        help_text=_("英文字母或数字，用于证书编号等，例如 JYJ、LNZX-MZ。"),
    )
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True, editable=False)
    path = models.CharField(
        _("组织路径"), max_length=255, editable=False, db_index=True, default=""
    )

    objects = OrganisationQuerySet.as_manager()

    # Shown when a delete would take the unit's history with it (portal.deletion).
    deletion_alternative = _("撤销或合并的组织请在组织列表中点「关闭」，注明日期，历史记录会保留。")

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("is_active"),
        # Admin listings filter by the user's subtree (path__startswith).
        index.FilterField("path"),
    ]

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path is part of the row's identity in the tree, so it is kept
        # right on every save; moving a node moves its whole subtree with it.
        with transaction.atomic():
            old_path = self.path
            if self.pk is None:
                self.path = ""
                super().save(*args, **kwargs)
                kwargs = {}
            new_path = (self.parent.path if self.parent_id else "") + f"{self.pk}/"
            self.path = new_path
            super().save(*args, **kwargs)
            if old_path and old_path != new_path:
                for child in Organisation.objects.filter(parent=self):
                    child.save()

    def clean(self) -> None:
        if (
            self.parent_id
            and self.pk
            and (self.parent_id == self.pk or self.parent.path.startswith(self.path))
        ):
            raise ValidationError({"parent": _("上级组织不能是本组织或其下级组织。")})

    def ancestors(self) -> models.QuerySet:
        ids = [int(part) for part in self.path.split("/") if part]
        return Organisation.objects.filter(pk__in=ids).order_by("path")

    def contains(self, other: "Organisation | None") -> bool:
        return bool(other) and other.path.startswith(self.path)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")
