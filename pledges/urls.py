"""Members' own pledge pages (我的承诺, 党员互评); the public pages are PledgeWallPage's routes."""

from django.urls import path

from pledges.views import member

app_name = "pledges"

urlpatterns = [
    path("me/pledges/", member.my_pledges, name="my_pledges"),
    path("me/pledges/new/", member.new_pledge, name="new_pledge"),
    path("me/pledges/<int:pk>/edit/", member.edit_pledge, name="edit_pledge"),
    path("me/pledges/<int:pk>/submit/", member.submit_pledge, name="submit_pledge"),
    path("me/pledges/<int:pk>/updates/new/", member.add_update, name="add_update"),
    path("me/pledges/<int:pk>/repledge/", member.repledge, name="repledge"),
    path("me/reviews/<int:round_id>/", member.review_round, name="review_round"),
]
