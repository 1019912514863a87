"""Browser-facing security headers: a Content-Security-Policy everywhere, strict off the admin."""

import pytest

from portal.services.library import public_collection
from tests.portal.test_library import make_document


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.strip().split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_public_pages_forbid_inline_and_foreign_scripts(client, home):
    policy = directives(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_sign_in_page_has_the_strict_policy(client):
    policy = directives(client.get("/accounts/login/"))
    assert policy["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_admin_has_its_own_policy_only_under_admin(client, secretary_a):
    client.force_login(secretary_a.user)
    admin_policy = directives(client.get("/admin/"))
    assert "'unsafe-inline'" in admin_policy["script-src"]
    assert admin_policy["object-src"] == ["'none'"]
    site_policy = directives(client.get("/accounts/login/"))
    assert "'unsafe-inline'" not in site_policy["script-src"]


@pytest.mark.django_db
def test_documents_download_as_attachments_that_cannot_run_anything(client, branch_a):
    document = make_document("公开通知", public_collection(branch_a))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert directives(response)["default-src"] == ["'none'"]
