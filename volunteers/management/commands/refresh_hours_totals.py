"""Rebuilds the running hours totals from the approved service records."""

from django.core.management.base import BaseCommand

from volunteers.services.totals import refresh_hours_totals


class Command(BaseCommand):
    help = "按已通过的志愿服务记录重新计算每名志愿者、每支服务队的年度服务时长合计。"

    def handle(self, *args, **options):
        rows = refresh_hours_totals()
        self.stdout.write(f"服务时长合计已重新计算，共 {rows} 行。")
