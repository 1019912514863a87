"""The five categories of the 善行功德榜 and the titles named in the sources.

The committee can rename or add to them afterwards; this only fills an empty
table so a new site is usable at once.
"""

from django.db import migrations

CATEGORIES = [
    ("敬业", "爱岗敬业、无私奉献"),
    ("诚信", "诚实守信、言行一致"),
    ("孝敬", "孝老爱亲、尊老敬老"),
    ("勤俭", "勤俭节约、艰苦朴素"),
    ("互助", "团结友爱、助人为乐"),
]

# (name, holder kind, has plaque)
TITLES = [
    ("服务之星", "person", False),
    ("服务标兵", "person", False),
    ("岗位先锋", "person", False),
    ("优秀共产党员", "person", False),
    ("党员先锋岗", "person", True),
    ("红旗窗口", "organisation", True),
    ("巾帼文明示范岗", "organisation", True),
    ("先进基层党组织", "organisation", False),
    ("标准化服务窗口", "organisation", True),
    ("标准化党员活动室", "organisation", True),
    ("青年文明号", "organisation", True),
]


def forwards(apps, schema_editor):
    HonorCategory = apps.get_model("honors", "HonorCategory")
    Title = apps.get_model("honors", "Title")
    for order, (name, description) in enumerate(CATEGORIES):
        HonorCategory.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )
    for order, (name, kind, plaque) in enumerate(TITLES):
        Title.objects.get_or_create(
            name=name, defaults={"holder_kind": kind, "has_plaque": plaque, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("honors", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
