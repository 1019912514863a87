"""Members' own pages on the public site (我的), built for phones."""

from django.urls import path

from portal.views import me, study

app_name = "portal"

urlpatterns = [
    path("me/", me.me, name="me"),
    path("me/reminders/", me.reminders, name="reminders"),
    path("me/study/", study.my_study, name="my_study"),
    path("study/articles/<int:article_id>/studied/", study.mark_studied, name="mark_studied"),
]
