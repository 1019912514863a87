"""Members' and leaders' volunteer pages, under /me/volunteer/ (phones first)."""

from django.urls import path

from volunteers.views import leader, ledger, member

app_name = "volunteers"

urlpatterns = [
    path("", member.my_hours, name="my_hours"),
    path("consent/", member.consent, name="consent"),
    path("teams/<int:team_id>/join/", member.join, name="join"),
    path("teams/<int:team_id>/leave/", member.leave, name="leave"),
    path("activities/<int:activity_id>/sign-up/", member.sign_up_view, name="sign_up"),
    path("activities/<int:activity_id>/cancel/", member.cancel_view, name="cancel"),
    path("checkin/<str:token>/", member.check_in_view, name="check_in"),
    path("records/new/", member.new_record, name="new_record"),
    path("records/<int:record_id>/", member.record_detail, name="record"),
    path("records/<int:record_id>/edit/", member.edit_record_view, name="edit_record"),
    path("corrections/new/", member.new_correction, name="new_correction"),
    path("proof/", member.proof, name="proof"),
    path("lead/", leader.lead, name="lead"),
    path("lead/teams/<int:team_id>/", leader.lead_team, name="lead_team"),
    path("lead/teams/<int:team_id>/activities/new/", leader.new_activity, name="new_activity"),
    path("lead/activities/<int:activity_id>/", leader.lead_activity, name="lead_activity"),
    path(
        "lead/activities/<int:activity_id>/attendance/<int:sign_up_id>/",
        leader.attendance_view,
        name="attendance",
    ),
    path("lead/activities/<int:activity_id>/back-entry/", leader.back_entry, name="back_entry"),
    path("lead/activities/<int:activity_id>/donations/", leader.donations, name="donations"),
    path("lead/records/<int:record_id>/review/", leader.review, name="review"),
    path("lead/records/approve/", leader.bulk_approve, name="bulk_approve"),
    path(
        "lead/corrections/accept/",
        leader.bulk_accept_corrections,
        name="bulk_accept_corrections",
    ),
    path("lead/corrections/<int:correction_id>/decide/", leader.decide, name="decide"),
    path("ledger/", ledger.ledger, name="ledger"),
    path("ledger.xlsx", ledger.ledger_export, name="ledger_export"),
]
