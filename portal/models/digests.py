"""Daily reminder digests: each person's choice (email or none), and every digest sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .members import Member


class ReminderPreference(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("邮件提醒")
        NONE = "none", _("不提醒")

    member = models.OneToOneField(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="reminder_preference"
    )
    channel = models.CharField(
        _("提醒方式"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )

    class Meta:
        verbose_name = _("提醒方式")
        verbose_name_plural = _("提醒方式")

    def __str__(self) -> str:
        return f"{self.member} · {self.get_channel_display()}"


class ReminderDigest(models.Model):
    """One day's digest to one person: at most one a day, kept as sent."""

    member = models.ForeignKey(
        Member, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("日期"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    email = models.EmailField(_("邮箱"))
    item_count = models.PositiveIntegerField(_("待办事项数"))
    body = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("每日提醒")
        verbose_name_plural = _("每日提醒")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "sent_on"], name="portal_one_digest_per_member_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.sent_on:%Y-%m-%d}"
