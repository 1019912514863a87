"""Gives every organisation its image and document collections and files old shared uploads."""

from django.core.management.base import BaseCommand

from portal.services.library import sync_library


class Command(BaseCommand):
    help = "按组织树整理图片和文档文件夹，并把根文件夹中各组织上传的文件归入本组织。"

    def handle(self, *args, **options):
        moved = sync_library()
        self.stdout.write(f"组织文件夹已同步；归档了 {moved} 个旧文件。")
