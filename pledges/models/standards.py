"""亮标准: the service items a window publishes, with procedure, materials, time limit and fee."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation


class ServiceStandard(models.Model):
    window = models.ForeignKey(
        Organisation,
        verbose_name=_("服务窗口"),
        on_delete=models.CASCADE,
        related_name="service_standards",
        limit_choices_to={"kind": Organisation.Kind.WINDOW},
    )
    name = models.CharField(_("服务事项"), max_length=100)
    procedure = models.TextField(_("办事流程"), max_length=1000)
    materials = models.TextField(_("申报材料"), max_length=1000, blank=True)
    time_limit = models.CharField(
        _("承诺时限"), max_length=40, help_text=_("例如：即办、3个工作日。")
    )
    fee = models.CharField(
        _("收费标准"), max_length=100, blank=True, help_text=_("不收费请留空，页面显示“免费”。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("服务标准")
        verbose_name_plural = _("服务标准")
        ordering = ["window__path", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "name"],
                name="standard_unique_name_per_window",
                violation_error_message=_("该窗口已有同名服务事项。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.window} · {self.name}"

    @property
    @admin.display(description=_("收费标准"))
    def fee_display(self) -> str:
        return self.fee or str(_("免费"))
