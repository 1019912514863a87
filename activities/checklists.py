"""The two checklists as the source documents word them (transcribed into simplified Chinese).

标准化党员活动室: 《关于创建标准化党员活动室的实施意见》 (区教育局党委), 六有八牌一岗 and
the soft requirements. 标准化服务窗口: 《关于创建标准化服务窗口活动的实施意见》
(2008), five sections and the seven 一票否决 items.
"""

# (section, text, photo required, veto)
ROOM: list[tuple[str, str, bool, bool]] = [
    ("六有", "有醒目的门牌", True, False),
    ("六有", "有宽敞的房间", True, False),
    ("六有", "有整洁的环境", True, False),
    ("六有", "有电化教学设备（电视机、碟机及电教碟片）", True, False),
    ("六有", "有党旗党徽", True, False),
    ("六有", "有档案资料（与党建工作有关的图书和报刊杂志）", True, False),
    ("八牌", "墙上挂“入党誓词”牌", True, False),
    ("八牌", "墙上挂“党员义务与权利”牌", True, False),
    ("八牌", "墙上挂“党组织结构”牌", True, False),
    ("八牌", "墙上挂“党组织工作职责”牌", True, False),
    ("八牌", "墙上挂“民主生活会制度”牌", True, False),
    ("八牌", "墙上挂“民主评议党员制度”牌", True, False),
    ("八牌", "墙上挂“党员学习制度”牌", True, False),
    ("八牌", "墙上挂“三会一课制度”牌", True, False),
    ("一岗", "群众监督岗：张贴党员照片及简介", True, False),
    (
        "软件",
        "支部制度健全，工作规范，能按照党内的有关规定定期召开支部会和党员大会，"
        "能按要求开好民主生活会，做好民主评议党员工作",
        False,
        False,
    ),
    (
        "软件",
        "支部重视党员的日常教育管理和发展工作，能够定期组织党员学习党的方针、路线和政策，"
        "能够经常开展形式多样的教育活动，注意发挥党员的模范带头作用",
        False,
        False,
    ),
    (
        "软件",
        "有切合实际的党员发展计划，党员发展工作程序规范，无连续三年不发展党员的现象",
        False,
        False,
    ),
    (
        "软件",
        "能经常与党员谈心、与发展对象谈话，定期对党员和入党积极分子进行时事政治和党务知识的培训",
        False,
        False,
    ),
    ("软件", "党员活动室有专人管理，有具体的管理办法", False, False),
    ("软件", "有活动室和电教设备的使用情况记录", False, False),
    (
        "软件",
        "有支部会和党员大会的会议记录，各种学习、活动的资料齐全，能随时向党员借阅各种图书资料",
        False,
        False,
    ),
    ("软件", "坚持每月组织党员过1-2次组织生活", False, False),
]

WINDOW: list[tuple[str, str, bool, bool]] = [
    (
        "窗口建设",
        "单位领导重视，窗口工作列入单位工作议事日程，定期听取窗口工作情况汇报，"
        "定期到服务中心窗口指导工作，现场办公",
        False,
        False,
    ),
    ("窗口建设", "“两集中、两到位”改革工作落实到位", False, False),
    ("窗口建设", "窗口工作人员相对稳定不少于2年，调整轮换经中心管委会审核后确定", False, False),
    ("窗口建设", "是党员的党组织关系须转入服务中心党总支", False, False),
    ("窗口管理", "建立岗位工作职责，职责分工明确，审批程序规范", False, False),
    (
        "窗口管理",
        "按时上下班，按程序请假，工作时间不在窗口吸烟、吃零食、串岗聊天，不得违反“六条禁令”",
        False,
        False,
    ),
    (
        "窗口管理",
        "积极参加中心管委会组织召开的业务协调、联办会议、窗口首席代表会议和各类学习活动",
        False,
        False,
    ),
    (
        "窗口管理",
        "积极报送信息，各类文件、制度、简报、办件资料要分类整理，定期归档，形成系统的档案资料，"
        "按时保质完成中心管委会下达的工作任务",
        False,
        False,
    ),
    ("窗口管理", "与工作无关人员不得进入窗口工作区域", False, False),
    (
        "窗口管理",
        "保持窗口周围环境、工作平台整洁、办公桌椅、计算机、打印机设备完好，下班关闭电源",
        True,
        False,
    ),
    ("政务公开", "工作人员工作座牌及告知单（办事须知）盒按规定摆放", True, False),
    (
        "政务公开",
        "窗口备有审批（服务）事项告知单（办事须知），公示内容准确、完整，用完后并及时补充",
        True,
        False,
    ),
    (
        "政务公开",
        "统一提供项目申请书格式文本以及申请人需要填写的章程、合同、相关表格等示范文本",
        False,
        False,
    ),
    ("政务公开", "实行“亮证收费，票款分离”，指定账户集中统一收费", False, False),
    ("服务行为", "有制服的着制服、挂牌上岗", True, False),
    (
        "服务行为",
        "接待服务工作要主动热情，举止礼仪得体，坐姿端正，站姿稳重，用语规范文明，"
        "并备有纸、笔、修正液、订书机、胶水等便民用品",
        False,
        False,
    ),
    ("服务行为", "工作人员审批业务相互熟悉，一岗多能，无空岗现象", False, False),
    (
        "服务行为",
        "受理承诺办件出具受理通知书，对不予受理的申请，应出具书面凭证。补办件，出具详细的补件清单，"
        "退办件，出具退件通知书",
        False,
        False,
    ),
    ("服务行为", "服务态度好不与服务对象发生争吵，没有服务对象投诉", False, False),
    ("服务质量", "办事高效、快捷，业务解答“一口清”，审批业务“一审准”", False, False),
    (
        "服务质量",
        "严格按照即办件、承诺件、补办件、退回件、联办件、特办件的操作规程办理，"
        "确保即办件的当场办结和承诺件期限内办结率100%",
        False,
        False,
    ),
    (
        "服务质量",
        "行政审批（服务）事项受理、审批、出件必须全部使用中心审批管理信息系统，确保资料完整、准确",
        False,
        False,
    ),
    (
        "服务质量",
        "实行首问负责制，不属于本窗口受理的，应该主动告知或引导至相关窗口。实行一次性告知，"
        "书面一次性告知申请人需要提供的全部材料",
        False,
        False,
    ),
    ("服务质量", "重大招商引资项目要明确专人负责，实行全程跟踪服务", False, False),
    (
        "服务质量",
        "严格执行收费政策，不擅自增设收费项目；不乱收费、捆绑收费及搭车收费；"
        "已列入中心的收费项目不得在中心以外收取",
        False,
        False,
    ),
    (
        "服务质量",
        "自觉接受群众监督，“一事一议”，主动征询服务对象对窗口工作的评议",
        False,
        False,
    ),
    ("一票否决", "有违反“六条禁令”的", False, True),
    ("一票否决", "有迟到、早退、擅自离岗、旷工现象的", False, True),
    ("一票否决", "遭服务对象投诉，经查实工作人员有过错责任，后果较严重的", False, True),
    ("一票否决", "与服务对象争吵，造成不良影响的", False, True),
    ("一票否决", "服务态度、质量、行为等被新闻媒体批评的", False, True),
    ("一票否决", "应进厅项目没有全部在窗口受理和办结，存在违规收费行为的", False, True),
    ("一票否决", "因其他过错，造成较严重后果的", False, True),
]

TEMPLATES = {
    "标准化党员活动室（六有八牌一岗）": ("room", "标准化党员活动室", ROOM),
    "标准化服务窗口": ("window", "标准化服务窗口", WINDOW),
}


def ensure_template(name: str):
    """The named checklist, created with its items if missing; an existing one is left alone."""
    from activities.models import ChecklistItem, ChecklistTemplate

    kind, title_name, rows = TEMPLATES[name]
    template, created = ChecklistTemplate.objects.get_or_create(
        name=name, defaults={"kind": kind, "title_name": title_name}
    )
    if created:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                template=template,
                sort_order=index,
                section=section,
                text=text,
                photo_required=photo,
                is_veto=veto,
            )
            for index, (section, text, photo, veto) in enumerate(rows)
        )
    return template
