from .campaigns import (
    Assessment,
    AssessmentItem,
    Campaign,
    CampaignPhase,
    EvidencePhoto,
    Inspection,
    InspectionVerdict,
    RectificationNotice,
    Transition,
)
from .checklists import ChecklistItem, ChecklistTemplate
from .meetings import Attendance, Meeting, MeetingPhoto, RoomUse

__all__ = [
    "Assessment",
    "AssessmentItem",
    "Attendance",
    "Campaign",
    "CampaignPhase",
    "ChecklistItem",
    "ChecklistTemplate",
    "EvidencePhoto",
    "Inspection",
    "InspectionVerdict",
    "Meeting",
    "MeetingPhoto",
    "RectificationNotice",
    "RoomUse",
    "Transition",
]
