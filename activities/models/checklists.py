"""Checklist templates the committee keeps: 六有八牌一岗 for rooms, five sections for windows."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class ChecklistTemplate(ClusterableModel):
    """A versioned list of requirements; assessments copy its items when they start.

    `version` goes up each time the committee saves a change, so an assessment
    can say which edition it was made against.
    """

    class Kind(models.TextChoices):
        ROOM = "room", _("党员活动室")
        WINDOW = "window", _("服务窗口")

    name = models.CharField(_("名称"), max_length=60, unique=True)
    kind = models.CharField(_("对象"), max_length=10, choices=Kind.choices)
    title_name = models.CharField(
        _("授予称号"),
        max_length=40,
        help_text=_("验收合格后授予的称号，须与荣誉称号中的名称一致，例如 标准化党员活动室。"),
    )
    description = models.TextField(_("说明"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("检查标准")
        verbose_name_plural = _("检查标准")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class ChecklistItem(Orderable):
    template = ParentalKey(
        ChecklistTemplate,
        verbose_name=_("检查标准"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    section = models.CharField(
        _("类别"), max_length=40, help_text=_("例如 六有、八牌、一岗、窗口建设、一票否决。")
    )
    text = models.CharField(_("检查内容"), max_length=300)
    is_required = models.BooleanField(_("必须达标"), default=True)
    photo_required = models.BooleanField(_("须上传照片"), default=False)
    is_veto = models.BooleanField(
        _("一票否决"),
        default=False,
        help_text=_("勾选后，该项描述的是否决情形：存在该情形即取消申报资格。"),
    )

    panels = [
        FieldRowPanel([FieldPanel("section"), FieldPanel("text")]),
        FieldRowPanel(
            [FieldPanel("is_required"), FieldPanel("photo_required"), FieldPanel("is_veto")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("检查项目")
        verbose_name_plural = _("检查项目")

    def __str__(self) -> str:
        return f"{self.section}·{self.text}"
