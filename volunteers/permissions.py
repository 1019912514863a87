"""Who may run a team and review its hours, built on portal's one scoping rule."""

from django.db.models import Q

from portal.models import Member, Organisation
from portal.permissions import subtree_q
from volunteers.models import ServiceRecord, Team


def is_secretary_over(member: Member, organisation: Organisation) -> bool:
    """A secretary or committee admin whose organisation contains `organisation`."""
    return member.manages_members and member.organisation.contains(organisation)


def is_leader_of(member: Member, team: Team) -> bool:
    return team.leaders.filter(pk=member.pk).exists()


def can_manage_team(member: Member, team: Team) -> bool:
    """Leaders run their team; the secretary of the organisation that set it up may too."""
    return is_leader_of(member, team) or is_secretary_over(member, team.organisation)


def can_review(member: Member, record: ServiceRecord) -> bool:
    """The team's leaders, or a secretary of the volunteer's own branch (or above)."""
    return is_leader_of(member, record.team) or is_secretary_over(
        member, record.member.organisation
    )


def reviewable_parts(member: Member, queryset) -> list:
    """Rows of `queryset` (records or corrections) `member` may review, in two parts: their
    teams' and their subtree's members'.

    Each part walks its own index: one the team index, the other the member
    index from the subtree's members (found by the organisation path's prefix
    index), so a branch secretary's queue reads that branch's rows and not every
    pending row in the city. (An OR of the two could use neither.) Subqueries,
    not joins on leaders: a team with two leaders lists a record once.
    """
    rows = queryset.order_by()
    parts = [rows.filter(team__in=Team.objects.filter(leaders=member).values("pk"))]
    if member.manages_members:
        subtree = Member.objects.in_subtree(member.organisation).values("pk")
        parts.append(rows.filter(member__in=subtree))
    return parts


def reviewable_filter(member: Member, queryset) -> Q:
    """`reviewable_parts` as one condition: their ids joined by UNION."""
    first, *others = (part.values("pk") for part in reviewable_parts(member, queryset))
    return Q(pk__in=first.union(*others) if others else first)


def managed_teams_filter(member: Member) -> Q:
    """Teams `member` leads, and for a secretary every team set up in their subtree."""
    condition = Q(leaders=member)
    if member.manages_members:
        condition |= subtree_q(member.organisation, "organisation")
    return condition
