"""Joining and leaving teams, volunteer numbers and consent to be named."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Member
from volunteers.models import Team, TeamMembership, VolunteerProfile

from .common import VolunteerError

MAX_TEAMS = 2


def ensure_profile(*, member: Member) -> VolunteerProfile:
    """Gives a member a volunteer number the first time they volunteer."""
    profile = VolunteerProfile.objects.filter(member=member).first()
    if profile:
        return profile
    try:
        with transaction.atomic():
            return VolunteerProfile.objects.create(
                member=member, number=f"ZY{timezone.localdate().year}{member.pk:06d}"
            )
    except IntegrityError:
        return VolunteerProfile.objects.get(member=member)


@transaction.atomic
def join_team(*, team: Team, member: Member) -> TeamMembership:
    """Joining is voluntary and self-chosen (自愿参加、自主选择), at most two teams at once."""
    # Locking the member serialises two joins from one person on two phones,
    # so the two-team count below cannot be read twice before either writes.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    if not team.is_active:
        raise VolunteerError(_("该服务队已停止招募。"))
    current = list(
        TeamMembership.objects.filter(member=member, left_at__isnull=True).select_related("team")
    )
    if any(m.team_id == team.pk for m in current):
        raise VolunteerError(_("您已经是该服务队队员。"))
    if len(current) >= MAX_TEAMS:
        names = "、".join(f"“{m.team.name}”" for m in current)
        raise VolunteerError(
            _("每名党员最多同时参加两支志愿服务队，您已参加%(names)s。请先退出一支再加入。")
            % {"names": names}
        )
    ensure_profile(member=member)
    return TeamMembership.objects.create(team=team, member=member)


@transaction.atomic
def leave_team(*, team: Team, member: Member) -> TeamMembership:
    """Leaving ends the membership; records and sign-ups stay in the team's history."""
    membership = (
        TeamMembership.objects.select_for_update()
        .filter(team=team, member=member, left_at__isnull=True)
        .first()
    )
    if membership is None:
        raise VolunteerError(_("您不是该服务队队员。"))
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    return membership


def end_memberships_of_departed(sender, *, member: Member, change, **kwargs) -> int:
    """A member who transferred out or left is no longer in any team or leading one.

    The memberships end (their history stays with the team); nothing is deleted.
    """
    ended = TeamMembership.objects.filter(member=member, left_at__isnull=True).update(
        left_at=timezone.now()
    )
    for team in member.led_teams.all():
        team.leaders.remove(member)
    return ended


def set_public_name_consent(*, member: Member, consent: bool) -> VolunteerProfile:
    profile = ensure_profile(member=member)
    profile.public_name_consent = consent
    profile.consent_changed_at = timezone.now()
    profile.save(update_fields=["public_name_consent", "consent_changed_at"])
    return profile


def set_id_number(*, member: Member, id_number: str) -> VolunteerProfile:
    """Records the ID number a proof must carry (《志愿服务记录与证明出具办法》 art. 16)."""
    profile = ensure_profile(member=member)
    profile.id_number = id_number.strip().upper()
    profile.full_clean(exclude=["member", "number"])
    profile.save(update_fields=["id_number"])
    return profile
