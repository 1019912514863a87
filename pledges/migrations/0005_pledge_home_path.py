"""Copies each pledge owner's unit path onto the pledge (the wall's sort key), for every row."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def backfill_home_paths(apps, schema_editor):
    Pledge = apps.get_model("pledges", "Pledge")
    Organisation = apps.get_model("portal", "Organisation")
    Member = apps.get_model("portal", "Member")
    Pledge.objects.update(
        home_path=Coalesce(
            Subquery(Organisation.objects.filter(pk=OuterRef("organisation_id")).values("path")[:1]),
            Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("organisation__path")[:1]),
            Value(""),
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0004_verbose_names_in_chinese'),
        ('portal', '0009_organisation_library_collections'),
    ]

    operations = [
        migrations.AddField(
            model_name='pledge',
            name='home_path',
            field=models.CharField(default='', editable=False, max_length=255, verbose_name='所属组织路径'),
        ),
        migrations.RunPython(backfill_home_paths, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='pledge',
            index=models.Index(condition=models.Q(('status__in', ['published', 'reviewed'])), fields=['home_path', 'organisation', '-year', 'id'], name='pledge_wall_order'),
        ),
        migrations.AddIndex(
            model_name='pledge',
            index=models.Index(condition=models.Q(('status__in', ['published', 'reviewed'])), fields=['home_path'], name='pledge_wall_subtree', opclasses=['varchar_pattern_ops']),
        ),
    ]
