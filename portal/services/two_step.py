"""Two-step sign-in is required of everyone who can see members' personal data.

Secretaries and committee admins (and superusers) get `TWO_STEP_GRACE_DAYS`
to enrol an authenticator from the first time the admin asks; after that the
admin opens only on the set-up page. A committee admin resets a member's
lost authenticator for their subtree; the reset is kept in the member's
history, and the member must enrol again at their next sign-in.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.models import Member, TwoStepRequirement
from portal.permissions import holds_every_power_of, is_staff_role, organisation_in_scope

RESET_PERMISSION = "portal.assign_role"
RESET_ACTION = "portal.two_step_reset"


@dataclass(frozen=True)
class Enrolment:
    """Where an account stands: enrolled, in its grace period, or past its deadline."""

    enrolled: bool
    deadline: datetime | None = None

    @property
    def overdue(self) -> bool:
        return not self.enrolled and self.deadline is not None and timezone.now() >= self.deadline


def is_required_for(user) -> bool:
    return is_staff_role(user)


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def enrolment_of(user) -> Enrolment:
    if has_authenticator(user):
        return Enrolment(enrolled=True)
    requirement, _created = TwoStepRequirement.objects.get_or_create(
        user=user, defaults={"required_since": timezone.now()}
    )
    grace = timedelta(days=settings.TWO_STEP_GRACE_DAYS)
    return Enrolment(enrolled=False, deadline=requirement.required_since + grace)


def can_reset(*, by, member: Member) -> bool:
    return (
        member.user_id is not None
        and by.has_perm(RESET_PERMISSION)
        and organisation_in_scope(by, member.organisation)
        and holds_every_power_of(by=by, account=member.user)
        and by.pk != member.user_id
    )


@transaction.atomic
def reset_two_step(*, member: Member, by) -> int:
    """Removes a member's authenticators and recovery codes; returns how many were removed."""
    if not can_reset(by=by, member=member):
        raise ValidationError(_("您无权重置该党员的两步验证。"))
    removed, _details = Authenticator.objects.filter(user_id=member.user_id).delete()
    # No new grace: whoever lost the phone enrols again at the next sign-in.
    past = timezone.now() - timedelta(days=settings.TWO_STEP_GRACE_DAYS)
    TwoStepRequirement.objects.update_or_create(
        user_id=member.user_id, defaults={"required_since": past}
    )
    log(instance=member, action=RESET_ACTION, user=by)
    return removed
