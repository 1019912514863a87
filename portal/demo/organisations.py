"""The demo organisation tree, modelled on the county units in the source reports.

Codes are ASCII slugs because they end up in certificate numbers.
"""

from portal.models import Organisation

Kind = Organisation.Kind

# (code, name, short_name, kind, parent code, description), parents before children.
ORGANISATIONS: list[tuple[str, str, str, str, str | None, str]] = [
    (
        "XZJGGW",
        "县直机关工委",
        "",
        Kind.COMMITTEE,
        None,
        "中共县直属机关工作委员会，负责县直机关各党组织的党建工作，"
        "组织开展标准化党员活动室和标准化服务窗口的考核验收。",
    ),
    (
        "JYJ",
        "教育局机关党支部",
        "教育局支部",
        Kind.BRANCH,
        "XZJGGW",
        "县教育局机关党支部，下设两个党小组，每月开展1至2次组织生活。",
    ),
    ("JYJ-G1", "教育局机关第一党小组", "第一党小组", Kind.GROUP, "JYJ", ""),
    ("JYJ-G2", "教育局机关第二党小组", "第二党小组", Kind.GROUP, "JYJ", ""),
    ("DYZX", "第一中学党支部", "一中支部", Kind.BRANCH, "XZJGGW", "县第一中学教职工党支部。"),
    ("SYXX", "实验小学党支部", "实小支部", Kind.BRANCH, "XZJGGW", "县实验小学教职工党支部。"),
    (
        "FWZX",
        "行政服务中心党支部",
        "服务中心支部",
        Kind.BRANCH,
        "XZJGGW",
        "县行政服务中心党支部，以“三个三”模式推进满意型党组织建设，"
        "组建审批代理、扶弱助老、生态环境保护三支党员志愿服务队。",
    ),
    ("FWZX-MZ", "民政局窗口", "", Kind.WINDOW, "FWZX", "办理老年证、婚姻登记、社会救助等事项。"),
    ("FWZX-CG", "城管窗口", "", Kind.WINDOW, "FWZX", "办理户外广告牌匾设置等审批事项。"),
    ("FWZX-GA", "公安局户籍窗口", "", Kind.WINDOW, "FWZX", "办理户口迁移、居民身份证等业务。"),
    ("FWZX-RS", "人社局窗口", "", Kind.WINDOW, "FWZX", "办理社会保险、就业登记等业务。"),
    ("FWZX-BDC", "不动产登记窗口", "", Kind.WINDOW, "FWZX", "办理不动产登记、查询等业务。"),
    ("FWZX-SW", "税务窗口", "", Kind.WINDOW, "FWZX", "办理税费申报、发票领用等业务。"),
]
