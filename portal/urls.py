"""Site URLs: accounts, members' own pages, admin, and Wagtail's page tree last."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import accounts, health
from portal.views import display as display_views
from portal.views import errors as error_views
from portal.views import favicon as favicon_views
from portal.views import frontpage as frontpage_views
from portal.views import language as language_views
from portal.views import search as search_views

urlpatterns = [
    # For the load balancer (ready: the database) and monitoring (every component).
    path("health/", health.FullView.as_view(), name="health"),
    path("health/ready/", health.ReadyView.as_view(), name="health_ready"),
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
    path("favicon.ico", favicon_views.favicon, name="favicon"),
    path("display/<str:mode>/", display_views.switch_display, name="switch_display"),
    path("notices/", frontpage_views.notice_list, name="notices"),
    path("notices/<int:pk>/", frontpage_views.notice_detail, name="notice"),
    # One certificate lookup, honors' /certificates/: the old address keeps working.
    path(
        "certificate-lookup/",
        RedirectView.as_view(pattern_name="honors:lookup", permanent=True, query_string=True),
        name="certificate_lookup",
    ),
    path("captcha/", include("captcha.urls")),
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
