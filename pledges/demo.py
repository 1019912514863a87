"""Demo data for `manage.py seed_demo`: 三亮 三比 三评 at the county service centre.

Service standards for the windows, identity plates, pledges with fulfilment
updates, a year of ratings, a completed review round with stars, an open
democratic review, and published monthly rankings. Wording comes from the
source reports (“三声、五不让”, “一声问候、一张笑脸、一杯热茶”, 李梦达大爷's
老年证). Everything is found or created by natural key, so a second run adds
only what is missing.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from pledges import services
from pledges.models import (
    IdentityPlate,
    MonthlyLeaderScore,
    Pledge,
    PledgeWallPage,
    Rating,
    ReviewRound,
    ServiceStandard,
    StarRating,
)
from pledges.selectors import add_months
from portal.models import HomePage, Member, Organisation

ORDER = 30

INTRO = (
    "<p>开展以“亮标准、亮身份、亮承诺，比技能、比作风、比业绩，群众评议、党员互评、领导点评”"
    "为主要内容的“三亮三比三评”主题活动。党组织和党员作出公开承诺，自觉接受群众监督；"
    "每半年开展一次群众评议和领导点评，与“十星级”党组织和“十星级”党员评比挂钩。</p>"
)

# window code → [(事项, 办事流程, 申报材料, 承诺时限, 收费)]
STANDARDS = {
    "FWZX-MZ": [
        (
            "老年证办理",
            "窗口受理—当场审核—当场发证",
            "居民身份证、户口簿、近期一寸免冠照片1张",
            "即办",
            "",
        ),
        (
            "婚姻登记",
            "预约或现场取号—双方到场申请—审查—登记发证",
            "双方户口簿、居民身份证、近期二寸合影照片3张",
            "即办",
            "",
        ),
        (
            "最低生活保障申请",
            "申请受理—入户调查—民主评议—审核公示—审批",
            "申请书、户口簿、居民身份证、家庭收入证明",
            "20个工作日",
            "",
        ),
    ],
    "FWZX-CG": [
        (
            "户外广告牌匾设置审批",
            "受理—现场勘查—审核—批准",
            "申请表、营业执照、设计效果图、安全承诺书",
            "3个工作日",
            "",
        ),
        (
            "临时占用道路审批",
            "受理—现场勘查—审批",
            "申请书、占道位置示意图、安全保障措施",
            "3个工作日",
            "",
        ),
    ],
    "FWZX-GA": [
        ("户口迁移", "受理—审核—办理迁移手续", "户口簿、居民身份证、迁入地证明材料", "即办", ""),
        ("居民身份证申领", "受理—采集指纹和照片—制证—领证", "户口簿", "20个工作日", "工本费20元"),
    ],
    "FWZX-RS": [
        ("城乡居民养老保险参保登记", "受理—信息录入—参保登记", "居民身份证、户口簿", "即办", ""),
        ("就业登记", "受理—审核—登记", "居民身份证、劳动合同", "即办", ""),
    ],
    "FWZX-BDC": [
        (
            "不动产首次登记",
            "申请—受理—审核—登簿—发证",
            "申请书、身份证明、权属来源材料",
            "5个工作日",
            "80元/件",
        ),
        ("不动产登记资料查询", "申请—查询—出具查询结果", "居民身份证", "即办", ""),
    ],
    "FWZX-SW": [
        ("增值税申报", "受理—审核—申报完成", "纳税申报表及附列资料", "即办", ""),
        ("发票领用", "受理—审核—发放发票", "税务登记信息、经办人身份证件", "即办", ""),
    ],
}

MEMBER_PLEDGES = {
    "caoliping": [
        "来有迎声、问有答声、走有送声，不让服务对象在我这里受到冷落",
        "老年证当场受理、当场发证",
        "每月带领扶弱助老志愿服务队走访敬老院一次",
    ],
    "dengxiaoyun": [
        "一声问候、一张笑脸、一杯热茶，耐心解答每一位群众的咨询",
        "对行动不便的老人预约上门代办",
    ],
    "xuqiang": [
        "户外广告牌匾审批三个工作日内办结，特事特办",
        "不让工作和审批事项在我这里延误",
        "代理一个项目，当好代办员",
    ],
    "penghaiyan": ["户口迁移即到即办，材料一次告知", "不让工作差错在我这里出现"],
    "zengfan": ["坚持午间和周末延时服务", "社保业务按期办结率100%", "不让不良风气在我这里发生"],
    "lvzhiwei": ["推行不动产登记“一窗受理”，五个工作日内办结", "不让机关形象在我这里受到损害"],
    "jiangli": ["政策公开、标准公开、收费公开", "多缴税款逐一电话告知并及时退还"],
    "hanxue": ["做好中心党建资料整理，每月更新公开栏", "参加审批代理志愿服务队，每月代办一个项目"],
    "member": ["每周更新党员学习教育专栏，全年编发学习篇目60篇以上", "结对帮扶一名困难学生"],
    "liuyang": ["按时完成组织交办的各项任务", "每月参加一次志愿服务活动"],
    "chenjing": ["做好干部人事档案管理，做到零差错", "每季度为退休教师办一件实事"],
    "zhangwei": [
        "深入学校调研，全年走访学校40所以上",
        "带头落实首问负责制、服务承诺制、限时办结制、责任追究制",
    ],
}

CENTRE_PLEDGE = [
    "推行首问负责制，群众咨询“一次告知”",
    "推行服务承诺制，所有服务事项公开办事流程和承诺时限",
    "推行限时办结制，即办件当场办结",
    "推行责任追究制，群众投诉件件有回音",
    "来有迎声、问有答声、走有送声",
    "不让服务对象在我这里受到冷落",
    "不让工作和审批事项在我这里延误",
    "不让工作差错在我这里出现",
    "不让不良风气在我这里发生",
    "不让机关形象在我这里受到损害",
    "为行动不便的群众提供预约上门代办服务",
]

MZ_2025 = [
    "老年证当场办结",
    "婚姻登记预约服务全覆盖",
    "每月电话回访办事群众30人",
    "窗口服务“零投诉”",
    "一声问候、一张笑脸、一杯热茶",
    "首问负责、一次告知",
    "社会救助申请材料一次告知",
    "每季度开展一次业务培训",
    "节假日预约服务",
    "为老年人开设绿色通道",
]

UPDATES = {
    "dengxiaoyun": [
        (
            date(2026, 3, 12),
            "详细解答76岁的李梦达大爷的咨询事项后，主动帮老大爷办理了老年证，老人说：“你们太热情了，所有问题都问清了。”",
        ),
        (date(2026, 6, 3), "预约上门为两位行动不便的老人代办高龄津贴申请。"),
    ],
    "xuqiang": [
        (
            date(2026, 4, 18),
            "帮助凤海水暖办理户外广告牌匾设置手续，本应三天完成的工作排除困难、特事特办、全程服务，仅用一天办好。",
        ),
    ],
    "caoliping": [(date(2026, 5, 20), "带领扶弱助老志愿服务队到县敬老院开展走访慰问。")],
    "member": [(date(2026, 9, 30), "前三季度编发学习篇目48篇，专栏保持每周更新。")],
}

COMMENTS = [
    (4, "窗口工作人员太热情了，所有问题都问清了。", "approved"),
    (4, "老年证当场就办好了，还给倒了杯热茶，点赞！", "approved"),
    (3, "办事流程公示得很清楚，一次就办成了。", "approved"),
    (2, "中午人比较多，希望增加一个窗口。", "pending"),
]

# Share of 很满意/满意/基本满意/不满意 per window: 城管 and 税务 trail a little.
PROFILES = {
    "FWZX-MZ": (80, 17, 2, 1),
    "FWZX-CG": (60, 25, 10, 5),
    "FWZX-GA": (72, 22, 4, 2),
    "FWZX-RS": (75, 20, 4, 1),
    "FWZX-BDC": (70, 22, 6, 2),
    "FWZX-SW": (62, 26, 8, 4),
}
SELF_ASSESSMENT = (
    "上半年认真履行岗位职责，落实公开承诺，服务群众热情周到；不足是业务学习还不够深入。"
)
STANDARD_WINDOWS = ["FWZX-MZ", "FWZX-RS", "FWZX-BDC", "FWZX-GA"]


def _member(username: str) -> Member | None:
    return Member.objects.filter(user__username=username).select_related("organisation").first()


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _page(stdout) -> None:
    home = HomePage.objects.first()
    if home is None or home.get_children().filter(slug="pledges").exists():
        return
    page = PledgeWallPage(
        title="公开承诺",
        slug="pledges",
        intro=INTRO,
        search_description="亮标准、亮身份、亮承诺，群众评议、党员互评、领导点评",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    stdout.write("  公开承诺栏目页")


def _standards(windows) -> int:
    created = 0
    for code, items in STANDARDS.items():
        window = windows.get(code)
        if window is None:
            continue
        for order, (name, procedure, materials, limit, fee) in enumerate(items):
            _obj, new = ServiceStandard.objects.get_or_create(
                window=window,
                name=name,
                defaults={
                    "procedure": procedure,
                    "materials": materials,
                    "time_limit": limit,
                    "fee": fee,
                    "sort_order": order,
                },
            )
            created += new
    return created


def _plates(centre: Organisation) -> int:
    created = 0
    posts = {"dengxiaoyun": "vanguard", "zengfan": "vanguard", "caoliping": "model"}
    mottos = {"dengxiaoyun": "群众满意是我最大的心愿", "xuqiang": "特事特办，全程服务"}
    members = Member.objects.party_members().in_subtree(centre) | Member.objects.filter(
        user__username__in=["member", "secretary", "zhangwei", "chenjing"]
    )
    for member in members.select_related("user"):
        username = member.user.username if member.user_id else ""
        _plate, new = IdentityPlate.objects.get_or_create(
            member=member,
            defaults={"post_title": posts.get(username, ""), "motto": mottos.get(username, "")},
        )
        created += new
    return created


def _publish(pledge: Pledge, by, when) -> Pledge:
    services.submit_pledge(pledge=pledge, by=pledge.member.user if pledge.member_id else by)
    services.publish_pledge(pledge=pledge, by=by)
    Pledge.objects.filter(pk=pledge.pk).update(published_at=when)
    return pledge


def _pledges(windows, centre, centre_secretary, jyj_secretary, committee) -> int:
    created = 0
    secretary_for = {"FWZX": centre_secretary, "JYJ": jyj_secretary}
    start_2026 = timezone.make_aware(timezone.datetime(2026, 2, 20, 9, 0))
    for username, lines in MEMBER_PLEDGES.items():
        member = _member(username)
        if member is None or Pledge.objects.filter(member=member, year=2026).exists():
            continue
        branch = "FWZX" if member.organisation.path.startswith(centre.path) else "JYJ"
        pledge = services.create_pledge(by=member.user, year=2026, lines=lines, member=member)
        created += 1
        if username == "liuyang":
            services.submit_pledge(pledge=pledge, by=member.user)  # waits in the secretary's queue
            continue
        _publish(pledge, secretary_for[branch], start_2026)
        for day, text in UPDATES.get(username, []):
            services.add_fulfilment_update(
                pledge=pledge, by=member.user, text=text, happened_on=day
            )

    if not Pledge.objects.filter(organisation=centre, year=2026).exists():
        pledge = services.create_pledge(
            by=centre_secretary,
            year=2026,
            lines=CENTRE_PLEDGE,
            organisation=centre,
            title="满意型党组织建设",
        )
        _publish(pledge, committee, start_2026)
        created += 1

    mz = windows.get("FWZX-MZ")
    if mz is not None and not Pledge.objects.filter(organisation=mz, year=2025).exists():
        old = services.create_pledge(by=centre_secretary, year=2025, lines=MZ_2025, organisation=mz)
        _publish(old, centre_secretary, timezone.make_aware(timezone.datetime(2025, 2, 18, 9)))
        outcomes = {}
        for i, item in enumerate(old.items.all()):
            if i == 2:
                outcomes[item.pk] = (
                    "partial",
                    "上半年人手紧张，电话回访每月约20人，下半年已补足。",
                )
            elif i == 8:
                outcomes[item.pk] = (
                    "unfulfilled",
                    "节假日值班力量不足，改为在2026年承诺中推行网上预约。",
                )
            else:
                outcomes[item.pk] = ("fulfilled", "")
        services.look_back(pledge=old, by=committee, outcomes=outcomes)
        new_lines = [line for line in MZ_2025 if line != "节假日预约服务"] + [
            "推行网上预约，节假日可预约办理"
        ]
        new = services.repledge(previous=old, by=centre_secretary, lines=new_lines, year=2026)
        _publish(new, centre_secretary, start_2026)
        created += 2
    return created


def _ratings(windows, today: date) -> int:
    if Rating.objects.filter(visitor__startswith="demo-").exists():
        return 0
    rng = random.Random(20260101)
    first = add_months(today.replace(day=1), -11)
    rows = []
    for code, profile in PROFILES.items():
        window = windows.get(code)
        if window is None:
            continue
        for offset in range(12):
            month = add_months(first, offset)
            days = (
                (add_months(month, 1) - timedelta(days=1)).day
                if month.month != today.month
                else today.day
            )
            # A window has a better or worse month now and then, so the chart moves.
            drift = rng.randint(-8, 8)
            weights = [
                max(profile[0] + drift, 1),
                profile[1],
                profile[2],
                max(profile[3] - drift // 4, 0),
            ]
            for n in range(rng.randint(25, 60)):
                level = rng.choices([4, 3, 2, 1], weights=weights)[0]
                day = month.replace(day=rng.randint(1, days))
                rows.append(
                    Rating(
                        window=window,
                        level=level,
                        visitor=f"demo-{code}-{offset}-{n}",
                        rated_on=day,
                    )
                )
    for pledge in Pledge.objects.published().select_related("member"):
        for n in range(rng.randint(3, 12)):
            level = rng.choices([4, 3, 2, 1], weights=[70, 22, 6, 2])[0]
            day = date(2026, rng.randint(3, 6), rng.randint(1, 28))
            rows.append(
                Rating(pledge=pledge, level=level, visitor=f"demo-p{pledge.pk}-{n}", rated_on=day)
            )
    mz = windows.get("FWZX-MZ")
    for n, (level, comment, status) in enumerate(COMMENTS):
        rows.append(
            Rating(
                window=mz,
                level=level,
                comment=comment,
                comment_status=status,
                visitor=f"demo-comment-{n}",
                rated_on=today - timedelta(days=n + 1),
            )
        )
    Rating.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _completed_round(centre, windows, centre_secretary) -> ReviewRound | None:
    round = ReviewRound.objects.filter(branch=centre, year=2026, half=1).first()
    if round is not None:
        return round
    round = services.open_round(branch=centre, by=centre_secretary, year=2026, half=1)
    rng = random.Random(7)
    participants = list(round.participants())
    for member in participants:
        services.submit_self_assessment(round=round, member=member, text=SELF_ASSESSMENT)
        for ratee in participants:
            if ratee.pk != member.pk:
                services.submit_peer_rating(
                    round=round,
                    rater=member,
                    ratee=ratee,
                    skill=rng.randint(3, 5),
                    conduct=rng.randint(4, 5),
                    performance=rng.randint(3, 5),
                )
    secretary_member = centre_secretary.member
    for member in participants:
        if member.pk != secretary_member.pk:
            services.write_leader_review(
                round=round,
                by=centre_secretary,
                member=member,
                score=rng.randint(78, 96),
                comment="服务意识强，承诺事项落实到位，继续保持。",
            )
    for code in PROFILES:
        if code in windows:
            services.write_leader_review(
                round=round,
                by=centre_secretary,
                window=windows[code],
                score=rng.randint(75, 95),
                comment="窗口管理规范，服务群众满意度高。",
            )
    services.close_round(round=round, by=centre_secretary)
    return round


def _annual_round(jyj_secretary) -> None:
    branch = Organisation.objects.filter(code="JYJ").first()
    if branch is None or ReviewRound.objects.filter(branch=branch, year=2026, half=2).exists():
        return
    round = services.open_round(branch=branch, by=jyj_secretary, year=2026, half=2, is_annual=True)
    chenjing, zhangwei = _member("chenjing"), _member("zhangwei")
    if chenjing and zhangwei:
        services.submit_peer_rating(
            round=round, rater=chenjing, ratee=zhangwei, skill=5, conduct=5, performance=4
        )
        services.cast_assessment_vote(
            round=round, voter=chenjing, member=zhangwei, grade="excellent"
        )


def _grant_standard_titles(windows) -> None:
    from honors.services import grant_award

    for code in STANDARD_WINDOWS:
        if code in windows:
            grant_award(
                title=services.STANDARD_WINDOW_TITLE,
                holder=windows[code],
                period="2025年度",
                reason="窗口建设、窗口管理、政务公开、服务行为、服务质量五个方面验收合格。",
                granted_on=date(2025, 12, 20),
                source=f"pledges-demo:standard-window:{code}",
                certificate=False,
            )


def _monthly(windows, today: date) -> int:
    rng = random.Random(11)
    published = 0
    for back in (3, 2, 1):
        month = add_months(today.replace(day=1), -back)
        for code in PROFILES:
            if code in windows:
                MonthlyLeaderScore.objects.get_or_create(
                    window=windows[code], month=month, defaults={"score": rng.randint(80, 98)}
                )
        ranking = services.publish_monthly_ranking(
            month=month, note="根据《行政服务中心月评比制度》，按群众评议和月度考核对窗口排名。"
        )
        published += ranking.entries.exists()
    return published


def seed(*, stdout) -> None:
    centre = Organisation.objects.filter(code="FWZX").first()
    committee, centre_secretary, jyj_secretary = (
        _user("committee"),
        _user("xiewenjun"),
        _user("secretary"),
    )
    if centre is None or not (committee and centre_secretary and jyj_secretary):
        stdout.write("  未找到门户演示组织和账号，跳过。")
        return
    _page(stdout)
    windows = {w.code: w for w in Organisation.objects.windows().subtree_of(centre)}
    today = timezone.localdate()
    stdout.write(f"  服务标准 {_standards(windows)} 项")
    stdout.write(f"  党员身份牌 {_plates(centre)} 个")
    stdout.write(
        f"  公开承诺 {_pledges(windows, centre, centre_secretary, jyj_secretary, committee)} 份"
    )
    stdout.write(f"  群众评价 {_ratings(windows, today)} 条")
    _grant_standard_titles(windows)
    round = _completed_round(centre, windows, centre_secretary)
    _annual_round(jyj_secretary)
    if round is not None and not StarRating.objects.filter(year=2026, half=1).exists():
        stars = services.compute_stars(year=2026, half=1)
        stdout.write(f"  2026年上半年十星评定 {len(stars)} 个")
    stdout.write(f"  月评比通报：共 {_monthly(windows, today)} 期")
