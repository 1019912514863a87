"""The portal's models, one module per concern."""

from .calendar import WorkingDaySettings
from .digests import ReminderDigest, ReminderPreference
from .frontpage import Notice, NoticeQuerySet, PortalSettings
from .library import OrganisationCollection
from .members import Member, MemberQuerySet, MembershipChange
from .organisations import Organisation, OrganisationQuerySet
from .pages import HomePage, StudyArticlePage, StudyIndexPage, StudyTopic
from .study import StudyRecord, StudyRequirementSettings
from .submissions import SubmissionReceipt
from .two_step import TwoStepRequirement

__all__ = [
    "HomePage",
    "Notice",
    "NoticeQuerySet",
    "PortalSettings",
    "Member",
    "MemberQuerySet",
    "MembershipChange",
    "Organisation",
    "OrganisationCollection",
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
    "SubmissionReceipt",
]
