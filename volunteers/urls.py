"""Members' and leaders' volunteer pages, under /me/volunteer/ (phones first)."""

from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.my_hours, name="my_hours"),
    path("consent/", views.consent, name="consent"),
    path("teams/<int:team_id>/join/", views.join, name="join"),
    path("teams/<int:team_id>/leave/", views.leave, name="leave"),
    path("activities/<int:activity_id>/sign-up/", views.sign_up_view, name="sign_up"),
    path("activities/<int:activity_id>/cancel/", views.cancel_view, name="cancel"),
    path("checkin/<str:token>/", views.check_in_view, name="check_in"),
    path("records/new/", views.new_record, name="new_record"),
    path("records/<int:record_id>/", views.record_detail, name="record"),
    path("records/<int:record_id>/edit/", views.edit_record_view, name="edit_record"),
    path("corrections/new/", views.new_correction, name="new_correction"),
    path("proof/", views.proof, name="proof"),
    path("lead/", views.lead, name="lead"),
    path("lead/teams/<int:team_id>/", views.lead_team, name="lead_team"),
    path("lead/teams/<int:team_id>/activities/new/", views.new_activity, name="new_activity"),
    path("lead/activities/<int:activity_id>/", views.lead_activity, name="lead_activity"),
    path(
        "lead/activities/<int:activity_id>/attendance/<int:sign_up_id>/",
        views.attendance_view,
        name="attendance",
    ),
    path("lead/activities/<int:activity_id>/back-entry/", views.back_entry, name="back_entry"),
    path("lead/activities/<int:activity_id>/donations/", views.donations, name="donations"),
    path("lead/records/<int:record_id>/review/", views.review, name="review"),
    path("lead/records/approve/", views.bulk_approve, name="bulk_approve"),
    path(
        "lead/corrections/accept/",
        views.bulk_accept_corrections,
        name="bulk_accept_corrections",
    ),
    path("lead/corrections/<int:correction_id>/decide/", views.decide, name="decide"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
]
