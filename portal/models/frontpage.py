"""The front page's editable parts: 通知公告 notices and the site's footer details."""

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.search import index

from .organisations import Organisation


@register_setting(icon="site")
class PortalSettings(BaseGenericSetting):
    """What the footer of every page says: who runs the site, how to reach them, its ICP number."""

    host = models.CharField(
        _("主办单位"), max_length=100, blank=True, help_text=_("例如：中共某某县直机关工作委员会。")
    )
    contact = models.CharField(
        _("联系方式"),
        max_length=200,
        blank=True,
        help_text=_("电话、地址或邮箱，例如：0000-1234567，某某路 1 号。"),
    )
    icp_number = models.CharField(
        _("ICP 备案号"), max_length=50, blank=True, help_text=_("例如：某ICP备12345678号-1。")
    )
    police_number = models.CharField(
        _("公安机关备案号"), max_length=50, blank=True, help_text=_("没有可不填。")
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("host"), FieldPanel("contact")], heading=_("主办单位与联系方式")
        ),
        MultiFieldPanel([FieldPanel("icp_number"), FieldPanel("police_number")], heading=_("备案")),
    ]

    class Meta:
        verbose_name = _("网站信息")

    CACHE_KEY = "portal:site-info"
    FIELDS = ("host", "contact", "icp_number", "police_number")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def footer(cls) -> dict:
        """The footer's fields, cached so that every page does not pay a query for them."""
        info = cache.get(cls.CACHE_KEY)
        if info is None:
            # Not load(): it would create the row, and a save purges every cached page.
            settings = cls.objects.first() or cls()
            info = {name: getattr(settings, name) for name in cls.FIELDS}
            cache.set(cls.CACHE_KEY, info, timeout=None)
        return info


class NoticeQuerySet(models.QuerySet):
    def live(self, *, today=None) -> "NoticeQuerySet":
        """Published notices from their date on, until they expire; pinned ones first."""
        today = today or timezone.localdate()
        return (
            self.filter(is_published=True, published_on__lte=today)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .order_by("-is_pinned", "-published_on", "-pk")
        )


class Notice(index.Indexed, models.Model):
    """通知公告: a short notice an organisation's editors publish on the front page."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("发布单位"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    title = models.CharField(_("标题"), max_length=120)
    body = RichTextField(
        _("正文"), blank=True, features=["bold", "italic", "link", "ol", "ul", "document-link"]
    )
    published_on = models.DateField(_("发布日期"), default=timezone.localdate)
    expires_on = models.DateField(
        _("下线日期"),
        null=True,
        blank=True,
        help_text=_("过了这天不再在首页显示；不填则一直显示。"),
    )
    is_pinned = models.BooleanField(_("置顶"), default=False)
    is_published = models.BooleanField(_("公开"), default=True)

    objects = NoticeQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("body"),
        # Admin listings and pickers filter by the user's subtree (portal.permissions.scoped).
        index.RelatedFields("organisation", [index.FilterField("path")]),
    ]

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-is_pinned", "-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("published_on")),
                name="portal_notice_expires_after_publishing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.expires_on and self.published_on and self.expires_on < self.published_on:
            raise ValidationError({"expires_on": _("下线日期不能早于发布日期。")})
