"""Photos kept as evidence (checklist items) and as records (meetings).

The stored file is always the re-encoded JPEG made by `activities.photos`,
never the uploaded bytes, so what is served is known to be an image. Files
are private (`portal.storage`): the admin shows them through a view that
checks the viewer may see the assessment or meeting.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage


class PhotoBase(models.Model):
    # Internal records: kept outside MEDIA_ROOT, shown through `photo_url`'s
    # view, which checks the viewer's scope.
    image = models.ImageField(
        _("照片"), upload_to="activities/photos/%Y/%m/", storage=private_storage
    )
    thumbnail = models.ImageField(
        _("缩略图"), upload_to="activities/thumbs/%Y/%m/", storage=private_storage
    )
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

    # "evidence" or "meeting": which record the photo belongs to, in its URL.
    photo_kind = ""

    @property
    def display_url(self) -> str:
        return reverse("activities_photo", args=[self.photo_kind, self.pk, "full"])

    @property
    def thumbnail_url(self) -> str:
        return reverse("activities_photo", args=[self.photo_kind, self.pk, "thumb"])
