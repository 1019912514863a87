"""Certificates (荣誉证书 and other numbered documents), their numbering and batch jobs."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from honors.storage import certificate_storage
from honors.text import wording_error
from portal.models import Member, Organisation

from .roll import HonorRollEntry
from .titles import Award


class CertificateSequence(models.Model):
    """The last number issued per issuer and year; locked while a number is taken."""

    issuer = models.ForeignKey(
        Organisation, verbose_name=_("颁发单位"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用到的编号"), default=0)

    class Meta:
        verbose_name = _("证书编号序列")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="honors_sequence_issuer_year")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last}"


class CertificateQuerySet(models.QuerySet):
    def valid(self) -> "CertificateQuerySet":
        return self.filter(revoked_on__isnull=True)


class Certificate(models.Model):
    """A numbered, verifiable document: for an award, a roll entry, or anything else.

    The holder, title, period and issuer are copied in when the certificate is
    issued or regenerated, so the public verification page reads one row and
    stays true to what was printed.
    """

    class Kind(models.TextChoices):
        AWARD = "award", _("称号证书")
        ROLL_ENTRY = "roll_entry", _("功德榜证书")
        DOCUMENT = "document", _("证明文件")

    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    issuer = models.ForeignKey(
        Organisation, verbose_name=_("颁发单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    sequence = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    award = models.OneToOneField(
        Award,
        verbose_name=_("称号授予"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    roll_entry = models.OneToOneField(
        HonorRollEntry,
        verbose_name=_("功德榜条目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    source = models.CharField(
        _("来源"),
        max_length=100,
        blank=True,
        help_text=_("其他模块签发证明时的业务记录，例如 volunteers.service_record:7。"),
    )
    heading = models.CharField(_("证书名称"), max_length=40, default="荣誉证书")
    holder_name = models.CharField(_("持有人"), max_length=100)
    holder_name_public = models.BooleanField(
        _("公开持有人姓名"),
        default=True,
        help_text=_("未同意公开展示的功德榜人员，验证页面只显示姓氏。"),
    )
    title_text = models.CharField(_("称号或名称"), max_length=100)
    period_text = models.CharField(_("期次"), max_length=40, blank=True)
    issuer_name = models.CharField(_("颁发单位名称"), max_length=100)
    body_text = models.TextField(_("证书正文"), blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("持有人（党员）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    holder_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("持有人（组织）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    issued_on = models.DateField(_("颁发日期"))
    file = models.FileField(
        _("PDF 文件"), storage=certificate_storage, upload_to="certificates/", blank=True
    )
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["-year", "issuer", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"], name="honors_certificate_issuer_year_seq"
            ),
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="honors_certificate_unique_source"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="award", award__isnull=False, roll_entry__isnull=True)
                    | Q(kind="roll_entry", award__isnull=True, roll_entry__isnull=False)
                    | Q(kind="document", award__isnull=True, roll_entry__isnull=True)
                ),
                name="honors_certificate_kind_matches_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name} {self.title_text}"

    def get_absolute_url(self) -> str:
        return reverse("honors:verify", args=[self.number])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None

    @property
    def is_generated(self) -> bool:
        return bool(self.file)

    @property
    def public_revoke_reason(self) -> str:
        """Why a unit lost its title (摘牌) is public; a person's reason may be private."""
        if self.is_revoked and self.holder_organisation_id and not self.member_id:
            return self.revoke_reason
        return ""

    @property
    def public_holder_name(self) -> str:
        if self.holder_name_public or not self.holder_name:
            return self.holder_name
        return self.holder_name[0] + "*" * (len(self.holder_name) - 1)

    def verification_url(self) -> str:
        """The absolute URL printed as the QR code; SITE_URL, never the request host."""
        return settings.SITE_URL + self.get_absolute_url()


class CertificateBatch(models.Model):
    """One "generate all" job; done/total are polled by the admin while it runs."""

    class Kind(models.TextChoices):
        ROLL = "roll", _("善行功德榜")
        TITLE = "title", _("称号")

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        ZIPPING = "zipping", _("打包中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    ACTIVE = (Status.PENDING, Status.RUNNING, Status.ZIPPING)

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("期次"), max_length=20)
    title = models.ForeignKey(
        "honors.Title",
        verbose_name=_("称号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("范围"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("只生成该组织及其下级的证书。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    certificates = models.ManyToManyField(
        Certificate, verbose_name=_("证书"), related_name="+", blank=True
    )
    zip_file = models.FileField(
        _("压缩包"), storage=certificate_storage, upload_to="batches/", blank=True
    )
    error = models.TextField(_("错误信息"), blank=True)
    heartbeat_at = models.DateTimeField(
        _("最近进展"),
        null=True,
        blank=True,
        help_text=_("最近一次有证书生成（或重新派发）的时间；久无进展即视为停滞。"),
    )

    class Meta:
        verbose_name = _("证书批量生成")
        verbose_name_plural = _("证书批量生成")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        subject = self.title.name if self.title_id else self.get_kind_display()
        return f"{self.period} {subject}（{self.done}/{self.total}）"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status not in self.ACTIVE

    @property
    def last_progress_at(self):
        return self.heartbeat_at or self.created_at

    @property
    def is_stalled(self) -> bool:
        """Still active but without progress for longer than HONORS_BATCH_STALL_SECONDS."""
        from django.utils import timezone

        limit = datetime.timedelta(seconds=settings.HONORS_BATCH_STALL_SECONDS)
        return not self.is_finished and timezone.now() - self.last_progress_at > limit


def _check_wording(value: str) -> None:
    if error := wording_error(value):
        raise ValidationError(error)


_WORDING_HELP = _(
    "占位符在证书上换成实际内容：{获得者} 获得者姓名（组织称号为单位名称）、"
    "{称号} 称号名称、{期次} 期次（如 2025年度）、{颁发单位} 落款单位。"
)


@register_setting(icon="doc-full")
class CertificateSettings(BaseGenericSetting):
    """The wording the committee prints on certificates, edited in the admin."""

    issuer_name = models.CharField(
        _("颁发单位名称"),
        max_length=100,
        blank=True,
        help_text=_("印在证书落款和印章上，留空则用颁发组织的名称。"),
    )
    heading = models.CharField(_("证书标题"), max_length=20, default="荣誉证书")
    person_wording = models.TextField(
        _("个人称号措辞"),
        default="{获得者} 同志：\n"
        "在{期次}工作中表现突出，被授予“{称号}”称号。\n特发此证，以资鼓励。",
        validators=[_check_wording],
        help_text=_WORDING_HELP,
    )
    organisation_wording = models.TextField(
        _("组织称号措辞"),
        default="{获得者}：\n在{期次}工作中成绩显著，被授予“{称号}”称号。\n特发此证，以资鼓励。",
        validators=[_check_wording],
        help_text=_WORDING_HELP,
    )
    roll_wording = models.TextField(
        _("善行功德榜措辞"),
        default="{获得者} 同志：\n入选{期次}善行功德榜“{类别}”类典型。\n特发此证，以资鼓励。",
        validators=[_check_wording],
        help_text=_(
            "占位符在证书上换成实际内容：{获得者} 入选人姓名、{类别} 功德榜类别（如 敬业）、"
            "{期次} 期次（如 2025年度）、{颁发单位} 落款单位。"
        ),
    )

    panels = [
        FieldPanel("issuer_name"),
        FieldPanel("heading"),
        MultiFieldPanel(
            [
                FieldPanel("person_wording"),
                FieldPanel("organisation_wording"),
                FieldPanel("roll_wording"),
            ],
            heading=_("证书措辞"),
        ),
    ]

    class Meta:
        verbose_name = _("证书设置")
