"""The portal's models, one module per concern."""

from .members import Member, MemberQuerySet, MembershipChange
from .organisations import Organisation, OrganisationQuerySet
from .pages import HomePage, StudyArticlePage, StudyIndexPage, StudyTopic
from .study import StudyRecord, StudyRequirementSettings
from .submissions import SubmissionReceipt
from .two_step import TwoStepRequirement

__all__ = [
    "HomePage",
    "Member",
    "MemberQuerySet",
    "MembershipChange",
    "Organisation",
    "OrganisationQuerySet",
    "StudyArticlePage",
    "StudyIndexPage",
    "StudyRecord",
    "StudyRequirementSettings",
    "StudyTopic",
    "TwoStepRequirement",
    "SubmissionReceipt",
]
