"""A receipt for each form post, so that a double tap does the work once (portal.submissions)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionReceipt(models.Model):
    # sha256 of who posted, where, and exactly what (the rendered form's CSRF
    # token included, so each rendering of a form is a new submission).
    key = models.CharField(_("摘要"), max_length=64, primary_key=True)
    created_at = models.DateTimeField(_("提交时间"), db_index=True)
    done = models.BooleanField(_("已处理完"), default=False)
    status = models.PositiveSmallIntegerField(_("应答状态码"), null=True)
    content_type = models.CharField(_("应答类型"), max_length=200, blank=True, default="")
    location = models.TextField(_("跳转地址"), blank=True, default="")
    body = models.BinaryField(_("应答内容"), blank=True, default=b"")
    # The first answer's cookies (messages, the rating visitor id), for the repeat.
    cookies = models.TextField(_("应答 Cookie"), blank=True, default="")

    class Meta:
        verbose_name = "表单提交记录"
        verbose_name_plural = "表单提交记录"

    def __str__(self) -> str:
        return self.key
