"""The operations of 三亮 三比 三评, one module per concern, matching `pledges.models`:

- `pledges`: 亮承诺 (draft, review, 践诺 updates, 回头看);
- `ratings`: 群众评议 of pledges and windows;
- `reviews`: 党员互评, 领导点评 and 民主评议;
- `stars`: 一诺双评创十星;
- `rankings`: 月评比 of service windows;
- `home_paths`: each pledge's copy of its owner's unit path, kept in step with moves.

Views, admin views and tasks call these; each refuses with a `PledgeError`
whose message is shown to the user as is. `by` is always the acting account,
so the same scope rule (`portal.permissions`) guards the public site and the
admin.
"""

from .common import (
    AlreadyRated,
    PledgeError,
    ProofNeeded,
    RateLimited,
    check_year,
)
from .pledges import (
    MEMBER_ITEMS,
    ORGANISATION_MIN_ITEMS,
    add_fulfilment_update,
    clean_items,
    create_pledge,
    look_back,
    publish_pledge,
    repledge,
    return_pledge,
    submit_pledge,
    update_pledge,
)
from .rankings import (
    STANDARD_WINDOW_TITLE,
    month_end,
    previous_month,
    publish_monthly_ranking,
    window_is_standardised,
)
from .ratings import (
    RATINGS_PER_IP_PER_MINUTE,
    address_key,
    anonymous_visitor_id,
    check_held_rating,
    check_rate_limit,
    moderate_comment,
    needs_proof,
    new_visitor_id,
    rate,
    rating_organisation,
)
from .reviews import (
    cast_assessment_vote,
    close_round,
    confirm_grades,
    excellent_cap,
    open_round,
    peer_averages,
    propose_grade,
    submit_peer_rating,
    submit_self_assessment,
    vote_tallies,
    write_leader_review,
)
from .stars import (
    compute_stars,
    half_bounds,
    last_half,
)

__all__ = [
    "AlreadyRated",
    "MEMBER_ITEMS",
    "ORGANISATION_MIN_ITEMS",
    "PledgeError",
    "ProofNeeded",
    "RATINGS_PER_IP_PER_MINUTE",
    "RateLimited",
    "STANDARD_WINDOW_TITLE",
    "add_fulfilment_update",
    "address_key",
    "anonymous_visitor_id",
    "cast_assessment_vote",
    "check_held_rating",
    "check_rate_limit",
    "check_year",
    "clean_items",
    "close_round",
    "compute_stars",
    "confirm_grades",
    "create_pledge",
    "excellent_cap",
    "half_bounds",
    "last_half",
    "look_back",
    "moderate_comment",
    "month_end",
    "needs_proof",
    "new_visitor_id",
    "open_round",
    "peer_averages",
    "previous_month",
    "propose_grade",
    "publish_monthly_ranking",
    "publish_pledge",
    "rate",
    "rating_organisation",
    "repledge",
    "return_pledge",
    "submit_peer_rating",
    "submit_pledge",
    "submit_self_assessment",
    "update_pledge",
    "vote_tallies",
    "window_is_standardised",
    "write_leader_review",
]
