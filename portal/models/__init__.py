"""The portal's models, one module per concern."""

from .library import OrganisationCollection
from .members import Member, MemberQuerySet
from .organisations import Organisation, OrganisationQuerySet
from .pages import HomePage, StudyArticlePage, StudyIndexPage, StudyTopic
from .study import StudyRecord, StudyRequirementSettings
from .two_step import TwoStepRequirement

__all__ = [
    "HomePage",
    "Member",
    "MemberQuerySet",
    "Organisation",
    "OrganisationCollection",
    "OrganisationQuerySet",
    "StudyArticlePage",
    "StudyIndexPage",
    "StudyRecord",
    "StudyRequirementSettings",
    "StudyTopic",
    "TwoStepRequirement",
]
