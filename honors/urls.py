"""Public URLs of the honours app: certificate verification and my certificates."""

from django.urls import path

from honors.views import public as views

app_name = "honors"

urlpatterns = [
    path("certificates/", views.lookup, name="lookup"),
    path("certificates/<str:number>/", views.verify, name="verify"),
    path("me/certificates/", views.my_certificates, name="my_certificates"),
    path("me/certificates/<str:number>/pdf/", views.download, name="download"),
]
