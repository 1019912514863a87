"""Photos kept as evidence (checklist items) and as records (meetings).

The stored file is always the re-encoded JPEG made by `activities.photos`,
never the uploaded bytes, so what is served is known to be an image.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PhotoBase(models.Model):
    image = models.ImageField(_("照片"), upload_to="activities/photos/%Y/%m/")
    thumbnail = models.ImageField(_("缩略图"), upload_to="activities/thumbs/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.caption or self.image.name
