"""Demo front page: the blocks in their usual order, three notices, the footer's details."""

from datetime import date

from wagtail.rich_text import RichText

FRONT_PAGE_BLOCKS = [
    ("notices", {"heading": "通知公告", "count": 4}),
    ("panel", {"panel": "upcoming_activities", "heading": "", "count": 3}),
    ("panel", {"panel": "red_flag_windows", "heading": "", "count": 4}),
    ("panel", {"panel": "latest_honours", "heading": "", "count": 4}),
    (
        "certificate_lookup",
        {"heading": "荣誉证书查询", "text": "输入证书编号，查看证书是否真实有效。"},
    ),
    ("panel", {"panel": "study_articles", "heading": "", "count": 4}),
]

NOTICES = [
    (
        "关于开展2026年度民主评议党员工作的通知",
        date(2026, 11, 20),
        True,
        "<p>各党支部：请于12月20日前完成个人自评、党员互评和民主测评，结果报工委组织科。</p>",
    ),
    (
        "“七一”标准化党员活动室挂牌名单公示",
        date(2026, 6, 28),
        False,
        "<p>经验收，以下党员活动室达到“六有八牌一岗”标准，现予公示，公示期五个工作日。</p>",
    ),
    (
        "行政服务中心窗口11月群众满意度评比结果",
        date(2026, 11, 5),
        False,
        "<p>11月共收到群众评价 1,246 条，满意率 98.6%。红旗窗口名单见“公开承诺”栏目。</p>",
    ),
]

SITE_INFO = {
    "host": "中共县直机关工作委员会",
    "contact": "电话 0000-1234567（工作日 8:30—17:30） · 县行政中心 3 号楼 512 室",
    "icp_number": "某ICP备00000000号-1（演示）",
}


def seed_front_page(*, home, committee) -> int:
    """Fills what is still empty; returns how many objects it created."""
    from portal.models import Notice, PortalSettings

    created = 0
    if not home.body:
        home.body = [(kind, value) for kind, value in FRONT_PAGE_BLOCKS]
        home.save_revision().publish()
    if not Notice.objects.exists():
        for title, published_on, pinned, body in NOTICES:
            Notice.objects.create(
                organisation=committee,
                title=title,
                published_on=published_on,
                is_pinned=pinned,
                body=RichText(body).source,
            )
            created += 1
    site_info = PortalSettings.load()
    changed = [name for name, value in SITE_INFO.items() if not getattr(site_info, name)]
    for name in changed:
        setattr(site_info, name, SITE_INFO[name])
    if changed:
        site_info.save()
    return created
