"""Site URLs: accounts, members' own pages, admin, and Wagtail's page tree last."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import accounts
from portal.views import errors as error_views
from portal.views import language as language_views
from portal.views import search as search_views

urlpatterns = [
    # Before Wagtail's and allauth's own: admin sign-in and two-step set-up go
    # through allauth and portal.accounts' guards.
    path("admin/", include(accounts.admin_login_urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/2fa/", include(accounts.mfa_guard_urlpatterns)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:language_code>/", language_views.switch_language, name="switch_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", search_views.search, name="search"),
    path("", include("portal.member_urls")),
    path("", include("honors.urls")),
    path("me/volunteer/", include("volunteers.urls")),
    path("", include("pledges.urls")),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    # As in production (README, nginx): documents only through /documents/<id>/,
    # which checks who may download them, never straight from MEDIA_ROOT.
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/documents/", error_views.page_not_found)
    ]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"
