"""What every pledge operation may refuse with: a `PledgeError` whose message the user reads."""

from django.utils.translation import gettext as _


class PledgeError(Exception):
    """A refused operation; the message is in Chinese and meant for the user."""


class RateLimited(PledgeError):
    pass


class AlreadyRated(PledgeError):
    pass


class ProofNeeded(PledgeError):
    """Several ratings came from this address today: the next one needs the 验证码."""


def check_year(year) -> None:
    """A review round or star period names a real year, not a typo that files it in 0202."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PledgeError(_("年度应在 2000 至 2100 之间。"))
