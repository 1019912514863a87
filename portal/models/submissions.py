"""A receipt for each form post, so that a double tap does the work once (portal.submissions)."""

from django.db import models


class SubmissionReceipt(models.Model):
    # sha256 of who posted, where, and exactly what (the rendered form's CSRF
    # token included, so each rendering of a form is a new submission).
    key = models.CharField(max_length=64, primary_key=True)
    created_at = models.DateTimeField(db_index=True)
    done = models.BooleanField(default=False)
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=200, blank=True, default="")
    location = models.TextField(blank=True, default="")
    body = models.BinaryField(blank=True, default=b"")
    # The first answer's cookies (messages, the rating visitor id), for the repeat.
    cookies = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "表单提交记录"
        verbose_name_plural = "表单提交记录"

    def __str__(self) -> str:
        return self.key
