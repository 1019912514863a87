"""Who may see and change 三亮 三比 三评 records: scoped to the user's subtree.

Standards, plates and monthly scores are edited in scope; pledges, ratings,
stars and rankings are only read in the admin (they change through
`pledges.services`). The viewsets, hooks and admin views all ask these.
"""

from pledges.models import (
    IdentityPlate,
    MonthlyLeaderScore,
    MonthlyRanking,
    Pledge,
    Rating,
    ServiceStandard,
    StarRating,
)
from portal.permissions import (
    OrganisationScopedPermissionPolicy,
    ViewOnlyPermissionPolicy,
    ViewOnlyScopedPermissionPolicy,
    member_of,
    organisation_in_scope,
)

standard_policy = OrganisationScopedPermissionPolicy(ServiceStandard, organisation_path="window")
plate_policy = OrganisationScopedPermissionPolicy(
    IdentityPlate, organisation_path="member__organisation"
)
monthly_score_policy = OrganisationScopedPermissionPolicy(
    MonthlyLeaderScore, organisation_path="window"
)


# Pledges, ratings and stars change only through `pledges.services`; the admin lists and
# inspects those of the user's subtree. A pledge is a member's or a unit's, a rating a
# window's or a pledge's: a row is in scope if any of its organisations is.
pledge_policy = ViewOnlyScopedPermissionPolicy(
    Pledge, organisation_path=("organisation", "member__organisation")
)
rating_policy = ViewOnlyScopedPermissionPolicy(
    Rating,
    organisation_path=("window", "pledge__organisation", "pledge__member__organisation"),
)
star_policy = ViewOnlyScopedPermissionPolicy(
    StarRating, organisation_path=("organisation", "member__organisation")
)
# A published 通报 is public: every unit's staff may read all of it.
ranking_policy = ViewOnlyPermissionPolicy(MonthlyRanking)


def can_edit_pledge(*, pledge: Pledge, by) -> bool:
    """The owner writes a member's pledge; a secretary in scope writes an organisation's."""
    if pledge.member_id:
        member = member_of(by)
        return member is not None and member.pk == pledge.member_id
    return organisation_in_scope(by, pledge.organisation)


def can_review_pledge(*, pledge: Pledge, by) -> bool:
    """Secretaries in scope review, but never their own pledge."""
    member = member_of(by)
    if pledge.member_id and member is not None and member.pk == pledge.member_id:
        return False
    return organisation_in_scope(by, pledge.home_organisation)
