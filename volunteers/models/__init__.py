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
from .totals import (
    ActivityMonthTotal,
    HoursTotal,
    MemberHoursTotal,
    OrganisationMonthTotal,
    OrganisationYearTotal,
    TeamHoursTotal,
)

__all__ = [
    "Activity",
    "ActivityMonthTotal",
    "ActivityQuerySet",
    "CorrectionRequest",
    "HoursTotal",
    "MemberHoursTotal",
    "OrganisationMonthTotal",
    "OrganisationYearTotal",
    "RecordVersion",
    "ServiceRecord",
    "ServiceRecordQuerySet",
    "SignUp",
    "Team",
    "TeamHoursTotal",
    "TeamMembership",
    "TeamQuerySet",
    "VolunteerIndexPage",
    "VolunteerProfile",
    "VolunteerSettings",
]
