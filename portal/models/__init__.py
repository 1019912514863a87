"""The portal's models, one module per concern."""

from .calendar import WorkingDaySettings
from .digests import ReminderDigest, ReminderPreference
from .members import Member, MemberQuerySet, MembershipChange
from .organisations import Organisation, OrganisationQuerySet
from .pages import HomePage, StudyArticlePage, StudyIndexPage, StudyTopic
from .study import StudyRecord, StudyRequirementSettings
from .two_step import TwoStepRequirement

__all__ = [
    "HomePage",
    "Member",
    "MemberQuerySet",
    "MembershipChange",
    "Organisation",
    "OrganisationQuerySet",
    "ReminderDigest",
    "ReminderPreference",
    "StudyArticlePage",
    "StudyIndexPage",
    "StudyRecord",
    "StudyRequirementSettings",
    "StudyTopic",
    "TwoStepRequirement",
    "WorkingDaySettings",
]
