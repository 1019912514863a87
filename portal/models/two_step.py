"""When an account that sees members' personal data was first asked to turn on two-step sign-in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TwoStepRequirement(models.Model):
    """The start of an account's grace period for enrolling an authenticator.

    Made the first time a secretary or committee admin opens the admin without
    one, so that an existing admin gets the same grace as a new one; moved back
    when a committee admin resets a lost authenticator, so the next sign-in
    enrols at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_step_requirement",
        verbose_name=_("账号"),
    )
    required_since = models.DateTimeField(_("要求开启时间"))

    class Meta:
        verbose_name = _("两步验证要求")
        verbose_name_plural = _("两步验证要求")

    def __str__(self) -> str:
        return f"{self.user} · {self.required_since:%Y-%m-%d}"
