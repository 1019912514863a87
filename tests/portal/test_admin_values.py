"""The admin's listings and inspect pages say 是/否 and "—", and every label is Chinese."""

import re

import pytest
from django.apps import apps
from wagtail.models import Orderable, Page
from wagtail.snippets.models import get_snippet_models

from portal.viewsets.display import ReadableValuesMixin
from tests.helpers import build_world, make_superuser, snippet_url

pytestmark = pytest.mark.django_db

RAW = re.compile(r"\b(True|False|None)\b")
PORTAL_APPS = ("portal", "honors", "pledges", "volunteers", "activities")


def main_text(response) -> str:
    """What a person reads in the page's main area (screen-reader-only text included)."""
    html = response.content.decode()
    html = re.search(r"(?s)<main.*?</main>", html).group(0)
    html = re.sub(r"(?s)<script.*?</script>|<svg.*?</svg>", "", html)
    return re.sub(r"<[^>]+>", " ", html)


def cells(response) -> list[str]:
    """The text of each cell of a listing's rows."""
    found = re.findall(r"(?s)<td[^>]*>(.*?)</td>", response.content.decode())
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in found]


@pytest.fixture
def world(settings, tmp_path):
    return build_world(settings, tmp_path)


def test_every_snippet_viewset_shows_readable_values():
    plain = [
        model._meta.label
        for model in get_snippet_models()
        if not isinstance(model.snippet_viewset, ReadableValuesMixin)
    ]
    assert plain == []


def test_no_listing_or_inspect_page_prints_true_false_or_none(client, world):
    client.force_login(make_superuser())
    seen = []
    for label, obj in world.objects.items():
        model = type(obj)
        if model not in get_snippet_models():
            continue
        urls = [snippet_url(model, "list")]
        if model.snippet_viewset.inspect_view_enabled:
            urls.append(snippet_url(model, "inspect", obj.pk))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert not RAW.findall(main_text(response)), (
                label,
                url,
                RAW.findall(main_text(response)),
            )
            seen.append(url)
    # 功德榜提名, 志愿服务队, 党员身份牌, records, pledges, ratings and stars among them.
    assert len(seen) > 20


def test_boolean_columns_say_yes_or_no(client, world):
    from honors.models import HonorRollEntry, Title

    client.force_login(make_superuser())
    titles = cells(client.get(snippet_url(Title, "list")))
    assert "是" in titles or "否" in titles
    nominations = cells(client.get(snippet_url(HonorRollEntry, "list")))
    assert "否" in nominations  # the world's nomination has no consent to publish


def test_an_empty_value_on_an_inspect_page_is_a_dash(client, world):
    from honors.models import Certificate

    certificate = world.of("honors.Certificate")
    assert certificate.revoked_on is None
    client.force_login(make_superuser())
    text = main_text(client.get(snippet_url(Certificate, "inspect", certificate.pk)))
    assert re.search(r"撤销日期\s*—", text)


def test_every_field_of_the_portal_s_models_has_a_chinese_label():
    inherited = {f.name for f in Page._meta.get_fields()} | {"sort_order"}
    english = []
    for app in PORTAL_APPS:
        for model in apps.get_app_config(app).get_models():
            names = [model._meta.verbose_name]
            for field in model._meta.get_fields():
                if not field.concrete or field.auto_created:
                    continue
                if issubclass(model, Page | Orderable) and field.name in inherited:
                    continue
                names.append(field.verbose_name)
            english += [
                f"{model._meta.label}: {name}"
                for name in names
                if not re.search(r"[\u4e00-\u9fff]", str(name))
            ]
    assert english == []


def test_a_rating_s_inspect_page_leaves_out_the_anonymous_keys(client, world):
    from pledges.models import Rating

    rating = world.of("pledges.Rating")
    client.force_login(make_superuser())
    text = main_text(client.get(snippet_url(Rating, "inspect", rating.pk)))
    assert "服务窗口" in text
    assert "访客标识" not in text and rating.visitor not in text
