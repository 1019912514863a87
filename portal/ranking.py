"""The one tie rule for every ranking on the site: equal scores share a place, the next is skipped.

Window rankings (前三、后三、红旗窗口), the volunteers' hours board and the 十星
boards all rank this way, and each page states it with TIE_RULE.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

TIE_RULE = _("得分相同者名次并列，其后名次顺延（如 1、2、2、4）；前三、后三包括并列者。")


def competition_ranks(scores: Mapping[object, Decimal]) -> dict[object, int]:
    """Ranks with ties sharing a place and the next place skipped (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    return {key: ordered.index(score) + 1 for key, score in scores.items()}
