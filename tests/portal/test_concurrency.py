"""The page editor's autosave landing at the same moment as 发布 (publish) on the same article.

Each request saves a revision inside a transaction that first reads; on
SQLite with deferred transactions the second writer failed at once with
"database is locked". With IMMEDIATE transactions and a busy timeout every
save waits its turn (the SQLite test database is a file, see settings.test).
"""

import threading

import pytest
from django.db import connection, transaction

from portal.models import StudyArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

SAVES = 12


def test_autosaves_and_publishes_at_once_all_succeed(study, secretary_a):
    article = make_article(title="并发编辑的文章", slug="concurrent")
    barrier = threading.Barrier(SAVES)
    errors: list[BaseException] = []

    def edit(i: int):
        try:
            page = StudyArticlePage.objects.get(pk=article.pk)
            page.title = f"并发编辑的文章（第{i}稿）"
            barrier.wait(timeout=60)
            with transaction.atomic():
                page = StudyArticlePage.objects.get(pk=article.pk)  # the view reads first
                page.title = f"并发编辑的文章（第{i}稿）"
                revision = page.save_revision(user=secretary_a.user)  # autosave
                if i % 2:
                    revision.publish(user=secretary_a.user)  # 发布
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(SAVES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    article.refresh_from_db()
    assert article.live
    assert article.revisions.count() >= SAVES + 1
