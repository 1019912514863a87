"""Each organisation's place in Wagtail's image and document library.

An organisation has two collections that follow the organisation tree: its own
(内部资料, where uploads go by default and documents are served only to users
whose scope covers the organisation) and a 公开资料 child for files meant for
the public. `portal.services.library` keeps them in step with the tree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationCollection(models.Model):
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="library_collections",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("文件夹"),
        on_delete=models.CASCADE,
        related_name="organisation_link",
    )
    is_public = models.BooleanField(_("公开"), default=False)

    class Meta:
        verbose_name = _("组织资料库")
        verbose_name_plural = _("组织资料库")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "is_public"], name="one_collection_per_org_and_privacy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {'公开资料' if self.is_public else '内部资料'}"
