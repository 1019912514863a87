"""Models of 三亮 三比 三评, one module per concern."""

from .pages import PledgeWallPage
from .pledges import FulfilmentUpdate, IdentityPlate, Pledge, PledgeItem, PledgeQuerySet
from .rankings import MonthlyLeaderScore, MonthlyRanking, RankingEntry
from .ratings import Rating, RatingQuerySet
from .reviews import (
    AssessmentVote,
    DemocraticGrade,
    LeaderReview,
    PeerRating,
    ReviewRound,
    SelfAssessment,
)
from .standards import ServiceStandard
from .stars import StarRating, StarSettings

__all__ = [
    "AssessmentVote",
    "DemocraticGrade",
    "FulfilmentUpdate",
    "IdentityPlate",
    "LeaderReview",
    "MonthlyLeaderScore",
    "MonthlyRanking",
    "PeerRating",
    "Pledge",
    "PledgeItem",
    "PledgeQuerySet",
    "PledgeWallPage",
    "RankingEntry",
    "Rating",
    "RatingQuerySet",
    "ReviewRound",
    "SelfAssessment",
    "ServiceStandard",
    "StarRating",
    "StarSettings",
]
