"""Demo data for `manage.py seed_demo`: the 善行功德榜 page, a published roll, titles and awards.

Runs after portal's own seeding (organisations, members, demo accounts).
Everything is found or created by natural key, so a second run adds only
what is missing and leaves anything a user has changed alone.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from honors.models import Award, Certificate, HonorCategory, HonorRollEntry, HonorRollPage, Title
from honors.services import grant_award, issue_roll_certificate, revoke_award
from portal.models import HomePage, Member, Organisation

ORDER = 10
PERIOD = "2025年度"
RARE_NAME = "王𪚥"
LONG_DEED = (
    "退休后义务照顾同楼三位独居老人十二年，每天上门问候、代买菜药，雨雪天接送老人就医；"
    "组织楼栋互助小组二十余人，建立“邻里一张表”，记录每户老人的用药和紧急联系人，"
    "夜间突发情况十分钟内有人到场；疫情期间牵头为全楼一百余户代购生活物资，"
    "坚持登记、消毒、送货到门，无一差错；自费购买轮椅两台、血压计五台放在楼道公用，"
    "每月组织一次健康讲座和理发日；带动儿女和邻居参与社区志愿服务，"
    "累计服务时长一千余小时，所在楼栋连续三年被评为“文明楼栋”。"
    "她常说：远亲不如近邻，帮一把是应该的。居民们自发写来感谢信十余封，"
    "称她是楼里的“贴心人”。她还把自家一楼的小院腾出来，作为老人们白天聊天、"
    "下棋、晒太阳的地方，夏天备好凉茶，冬天生好炉子；每逢重阳、春节，"
    "她自掏腰包包饺子、做汤圆，请独居老人一起过节。她带头成立的互助小组已扩展到"
    "整个小区六栋楼，结对帮扶老人三十八位，被街道推荐为“最美邻里”典型。"
    "近两年，她又把互助小组的做法写成“五个一”工作法：每天一声问候、每周一次走访、"
    "每月一次体检、每季一次座谈、每年一次团圆饭，由社区推广到全街道十二个小区，"
    "带动两百余名低龄老人结对服务高龄老人，让“老老互助”成为城关镇的一张名片。"
)

CATEGORIES = ["敬业", "诚信", "孝敬", "勤俭", "互助"]

# category → [(username or None, name if not a member, organisation code, unit, deed)]
ROLL: dict[str, list[tuple[str | None, str, str, str, str]]] = {
    "敬业": [
        (
            "dengxiaoyun",
            "",
            "FWZX-MZ",
            "",
            "在民政局窗口耐心解答76岁老人的咨询后，主动为老人办好老年证并送证上门，老人称她是“好闺女”。",
        ),
        (
            "zengfan",
            "",
            "FWZX-RS",
            "",
            "全年受理社保业务三千余件，按期办结率100%，坚持午间和周末延时服务，从无一次投诉。",
        ),
        (
            "zhangwei",
            "",
            "JYJ-G1",
            "",
            "牵头完成全县义务教育学校布局调整方案，连续三个月加班加点，深入42所学校实地调研。",
        ),
        (
            "guotingting",
            "",
            "DYZX",
            "",
            "担任语文教研组长十年，带出青年教师12名，所带班级连续五年获评县级优秀班集体。",
        ),
        (
            "lvzhiwei",
            "",
            "FWZX-BDC",
            "",
            "推行不动产登记“一窗受理”，把办理时限由15个工作日压缩到5个工作日。",
        ),
        (
            "member",
            "",
            "JYJ",
            "",
            "负责全局党员学习教育专栏的更新维护，全年编发学习篇目60余篇，确保每周更新。",
        ),
    ],
    "诚信": [
        (
            "jiangli",
            "",
            "FWZX-SW",
            "",
            "坚持政策公开、标准公开、收费公开，全年为纳税人退还多缴税款并逐一电话告知。",
        ),
        (
            "penghaiyan",
            "",
            "FWZX-GA",
            "",
            "拾到群众遗失的钱包及身份证件，多方联系失主并如数归还，婉拒失主的答谢。",
        ),
        (
            "chenjing",
            "",
            "JYJ",
            "",
            "在职称评审工作中坚持原则，公开评审标准和结果，全年无一例信访投诉。",
        ),
        (
            None,
            "刘德福",
            "FWZX-CG",
            "城管窗口服务对象",
            "个体经营户，主动按规定办理户外广告牌匾设置手续，带动同街商户守法经营。",
        ),
        (
            "hubin",
            "",
            "DYZX",
            "",
            "坚持“说到做到”，对家长作出的每一项承诺都按期兑现，被家长称为“最守信的班主任”。",
        ),
        ("tiantian", "", "FWZX-SW", "", "对群众反映的问题当日登记、限时答复，全年回访满意率100%。"),
    ],
    "孝敬": [
        ("huangmin", "", "JYJ-G1", "", "照顾瘫痪在床的婆婆八年如一日，工作家庭两不误，邻里称赞。"),
        (
            "ga-chen",
            "",
            "FWZX-GA",
            "",
            "父亲患病期间坚持白天上岗、夜间陪护，从未因家事耽误窗口工作。",
        ),
        ("luona", "", "SYXX", "", "将独居的外婆接到家中赡养，还常带学生到敬老院为老人表演节目。"),
        (
            None,
            "王秀兰",
            "FWZX",
            "县行政服务中心保洁员",
            "悉心照料年迈的公婆和患病的丈夫，二十年无怨无悔。",
        ),
        ("liangzhiyong", "", "SYXX", "", "每周末回乡陪伴父母，带动村里年轻人常回家看看。"),
        ("gaoya", "", "DYZX", "", "为患阿尔茨海默病的母亲记录“回忆日记”，事迹在校内广为传颂。"),
    ],
    "勤俭": [
        (
            "zhaolei",
            "",
            "JYJ-G2",
            "",
            "严把经费支出关，推行办公用品集中采购，全年为单位节约经费十余万元。",
        ),
        (
            "hanxue",
            "",
            "FWZX",
            "",
            "倡导无纸化办公，推动中心表格电子化，全年减少纸张使用四万余张。",
        ),
        ("yangfan", "", "JYJ", "", "生活简朴，多年坚持骑自行车上下班，带头践行“光盘行动”。"),
        (
            "zhengxiao",
            "",
            "SYXX",
            "",
            "利用废旧材料制作教具两百余件，在全县教学器材创新评比中获一等奖。",
        ),
        (
            "maxiaohong",
            "",
            "DYZX",
            "",
            "组织学生开展“节水节电小卫士”活动，学校用水用电同比下降15%。",
        ),
        (
            None,
            "赵长顺",
            "FWZX-BDC",
            "不动产登记窗口服务对象",
            "勤劳致富不忘节俭，用积蓄为村里修建了一座便民桥。",
        ),
    ],
    "互助": [
        (
            "liuyang",
            "",
            "JYJ",
            "",
            "参加扶弱助老志愿服务队，结对帮扶两名孤寡老人，每月上门服务不少于两次。",
        ),
        ("caoliping", "", "FWZX", "", "组织审批代理志愿服务，为行动不便的群众上门代办事项80余件。"),
        ("xuqiang", "", "FWZX-MZ", "", "带头参加扫雪和责任区清扫，连续三年参加无偿献血。"),
        ("songjia", "", "SYXX", "", "长期资助三名家庭困难学生完成学业，并为他们义务补课。"),
        ("heliang", "", "DYZX", "", "同事患重病时发起爱心捐款，并轮流照顾其家人，凝聚了集体温暖。"),
        (
            "secretary",
            "",
            "JYJ",
            "",
            "带领支部党员开展“一对一”帮扶，全年走访困难家庭30余户，送去慰问金和物资。",
        ),
    ],
}

# Nominations still in the queue, so the committee's review page has work.
PENDING = [
    ("wujuan", "互助", "坚持每周到社区图书室做志愿讲解员，服务居民三百余人次。", True),
    ("xuzhigang", "敬业", "负责学校安全工作，坚持每天第一个到校、最后一个离校。", False),
]

# (title, holder username or organisation code, is organisation, reason, revoke reason)
AWARDS = [
    ("优秀共产党员", "member", False, "学习教育专栏维护扎实，先锋模范作用突出。", ""),
    ("服务之星", "dengxiaoyun", False, "全年服务群众零投诉，主动送证上门。", ""),
    ("党员先锋岗", "zengfan", False, "窗口服务规范高效，延时服务成常态。", ""),
    ("红旗窗口", "FWZX-MZ", True, "月评比连续三个月排名第一。", ""),
    ("标准化党员活动室", "JYJ", True, "六有、八牌、一岗全部达标，验收合格。", ""),
    (
        "标准化服务窗口",
        "FWZX-CG",
        True,
        "五个方面标准验收合格。",
        "年终复查未通过，限期整改期满仍未达标。",
    ),
    ("先进基层党组织", "FWZX", True, "以“三个三”模式建设满意型党组织成效显著。", ""),
]


def _member(username: str) -> Member | None:
    return Member.objects.filter(user__username=username).select_related("organisation").first()


def _page(stdout) -> None:
    home = HomePage.objects.first()
    if home is None or home.get_children().filter(slug="honors").exists():
        return
    page = HonorRollPage(
        title="善行功德榜",
        slug="honors",
        intro="<p>选树敬业、诚信、孝敬、勤俭、互助五类典型，宣传正能量，发挥激励鞭策作用。</p>",
        search_description="敬业、诚信、孝敬、勤俭、互助五类典型",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    stdout.write("  善行功德榜页面 /honors/")


def seed(*, stdout) -> None:
    _page(stdout)
    User = get_user_model()
    committee = User.objects.filter(username="committee").first()
    secretary = User.objects.filter(username="secretary").first()
    categories = {}
    for order, name in enumerate(CATEGORIES):
        categories[name], _created = HonorCategory.objects.get_or_create(
            name=name, defaults={"sort_order": order}
        )
    reviewed_at = timezone.make_aware(timezone.datetime(2025, 12, 20, 10, 0))
    created = 0
    for category_name, people in ROLL.items():
        for username, name, code, unit, deed in people:
            member = _member(username) if username else None
            organisation = (
                member.organisation if member else Organisation.objects.filter(code=code).first()
            )
            if organisation is None:
                continue
            lookup = (
                {"member": member}
                if member
                else {"member": None, "organisation": organisation, "person_name": name}
            )
            _entry, was_created = HonorRollEntry.objects.get_or_create(
                category=categories[category_name],
                period=PERIOD,
                **lookup,
                defaults={
                    "organisation": organisation,
                    "person_name": member.name if member else name,
                    "unit": unit,
                    "deed": deed,
                    "consent_to_publish": True,
                    "status": HonorRollEntry.Status.APPROVED,
                    "nominated_by": secretary,
                    "reviewed_by": committee,
                    "reviewed_at": reviewed_at,
                },
            )
            created += was_created
    for username, category_name, deed, consent in PENDING:
        member = _member(username)
        if member is None:
            continue
        HonorRollEntry.objects.get_or_create(
            member=member,
            category=categories[category_name],
            period=PERIOD,
            defaults={
                "organisation": member.organisation,
                "person_name": member.name,
                "deed": deed,
                "consent_to_publish": consent,
                "nominated_by": secretary,
            },
        )
    stdout.write(f"  善行功德榜 {PERIOD}：新增 {created} 人")

    granted = 0
    for title_name, holder_key, is_org, reason, revoke_reason in AWARDS:
        title = Title.objects.filter(name=title_name).first()
        holder = (
            Organisation.objects.filter(code=holder_key).first() if is_org else _member(holder_key)
        )
        if title is None or holder is None:
            continue
        source = f"demo:{title_name}:{holder_key}:{PERIOD}"
        if Award.objects.filter(source=source).exists():
            continue
        award = grant_award(
            title=title,
            holder=holder,
            period=PERIOD,
            reason=reason,
            granted_on=date(2025, 12, 26),
            source=source,
        )
        if revoke_reason:
            revoke_award(award=award, reason=revoke_reason, on=date(2026, 1, 10))
        granted += 1
    stdout.write(f"  称号授予：新增 {granted} 项（含证书）")

    # Roll certificates for the demo accounts, so 我的荣誉证书 has something to show.
    for username in ("member", "secretary"):
        member = _member(username)
        for entry in HonorRollEntry.objects.approved().filter(member=member, period=PERIOD):
            if not Certificate.objects.filter(roll_entry=entry).exists():
                issue_roll_certificate(entry=entry)

    # A name with a rare character (𪚥, CJK Ext B, not in Noto CJK) and a deed
    # of nearly the longest length allowed: the certificate that shows both
    # print whole (fallback fonts, deed fitted to its box).
    unit = Organisation.objects.filter(code="FWZX-MZ").first()
    category = HonorCategory.objects.filter(name="互助").first()
    if unit and category:
        entry, _created = HonorRollEntry.objects.get_or_create(
            person_name=RARE_NAME,
            period=PERIOD,
            category=category,
            defaults={
                "organisation": unit,
                "unit": "城关镇东街社区",
                "deed": LONG_DEED,
                "consent_to_publish": True,
                "status": HonorRollEntry.Status.APPROVED,
                "reviewed_at": timezone.now(),
            },
        )
        if (
            entry.status == HonorRollEntry.Status.APPROVED
            and not Certificate.objects.filter(roll_entry=entry).exists()
        ):
            issue_roll_certificate(entry=entry)
