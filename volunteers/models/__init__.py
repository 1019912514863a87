"""The volunteers app's models, one module per concern."""

from .activities import Activity, ActivityQuerySet, SignUp
from .pages import VolunteerIndexPage
from .records import (
    CorrectionRequest,
    RecordVersion,
    ServiceRecord,
    ServiceRecordQuerySet,
)
from .settings import VolunteerSettings
from .teams import Team, TeamMembership, TeamQuerySet, VolunteerProfile

__all__ = [
    "Activity",
    "ActivityQuerySet",
    "CorrectionRequest",
    "RecordVersion",
    "ServiceRecord",
    "ServiceRecordQuerySet",
    "SignUp",
    "Team",
    "TeamMembership",
    "TeamQuerySet",
    "VolunteerIndexPage",
    "VolunteerProfile",
    "VolunteerSettings",
]
