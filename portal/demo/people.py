"""Demo members: about thirty people across the tree, three of them demo accounts.

Names include a few rare characters (珺, 堃, and 𠈌 from CJK Extension B) so
that fonts, PDFs and exports are exercised by the demo from day one.
"""

from datetime import date
from typing import NamedTuple

from portal.models import Member

Status = Member.Status
Role = Member.Role
MALE = Member.Gender.MALE
FEMALE = Member.Gender.FEMALE


class Person(NamedTuple):
    username: str
    name: str
    gender: str
    organisation: str  # organisation code
    post: str
    status: str = Status.FULL
    role: str = Role.MEMBER
    joined_on: date | None = None
    duties: str = ""


# The three accounts whose password is printed at start-up, in display order.
DEMO_USERNAMES = ["committee", "secretary", "member"]

PEOPLE: list[Person] = [
    Person(
        "committee",
        "周振华",
        MALE,
        "XZJGGW",
        "工委副书记",
        role=Role.COMMITTEE,
        joined_on=date(1998, 7, 1),
        duties="负责县直机关党建日常工作和考核验收。",
    ),
    Person("sunli", "孙丽", FEMALE, "XZJGGW", "组织委员", joined_on=date(2006, 6, 20)),
    Person(
        "secretary",
        "王珺",
        FEMALE,
        "JYJ",
        "支部书记、办公室主任",
        role=Role.SECRETARY,
        joined_on=date(2004, 5, 18),
        duties="主持支部工作，组织“三会一课”和党员学习。",
    ),
    Person(
        "member",
        "李堃",
        MALE,
        "JYJ",
        "科员",
        joined_on=date(2015, 11, 6),
        duties="负责教育统计和信息报送。",
    ),
    Person("liuyang", "刘洋", MALE, "JYJ", "科员", joined_on=date(2012, 6, 28)),
    Person("chenjing", "陈静", FEMALE, "JYJ", "人事科科长", joined_on=date(2008, 12, 1)),
    Person("yangfan", "杨帆", MALE, "JYJ", "科员", status=Status.ACTIVIST),
    Person(
        "zhangwei", "张伟", MALE, "JYJ-G1", "党小组组长、基础教育科科长", joined_on=date(2003, 7, 1)
    ),
    Person("huangmin", "黄敏", FEMALE, "JYJ-G1", "科员", joined_on=date(2018, 6, 30)),
    Person(
        "zhaolei", "赵磊", MALE, "JYJ-G2", "党小组组长、计财科科长", joined_on=date(2007, 10, 15)
    ),
    Person(
        "wujuan",
        "吴娟",
        FEMALE,
        "JYJ-G2",
        "科员",
        status=Status.PROBATIONARY,
        joined_on=date(2026, 3, 12),
    ),
    Person(
        "xuzhigang",
        "徐志刚",
        MALE,
        "DYZX",
        "支部书记、副校长",
        role=Role.SECRETARY,
        joined_on=date(2001, 6, 1),
    ),
    Person("maxiaohong", "马晓红", FEMALE, "DYZX", "教师", joined_on=date(2010, 5, 4)),
    Person("hubin", "胡斌", MALE, "DYZX", "班主任", joined_on=date(2013, 7, 1)),
    Person("guotingting", "郭婷婷", FEMALE, "DYZX", "语文教研组长", joined_on=date(2011, 12, 20)),
    Person(
        "heliang",
        "何亮",
        MALE,
        "DYZX",
        "教师",
        status=Status.PROBATIONARY,
        joined_on=date(2025, 12, 18),
    ),
    Person("gaoya", "高雅", FEMALE, "DYZX", "教师", status=Status.ACTIVIST),
    Person(
        "linshufen",
        "林淑芬",
        FEMALE,
        "SYXX",
        "支部书记、校长",
        role=Role.SECRETARY,
        joined_on=date(1996, 7, 1),
    ),
    Person("luona", "罗娜", FEMALE, "SYXX", "教师", joined_on=date(2014, 6, 25)),
    Person("liangzhiyong", "梁志勇", MALE, "SYXX", "体育教师", joined_on=date(2009, 9, 10)),
    Person(
        "songjia",
        "宋佳",
        FEMALE,
        "SYXX",
        "教师",
        status=Status.PROBATIONARY,
        joined_on=date(2026, 6, 28),
    ),
    Person("zhengxiao", "郑晓", FEMALE, "SYXX", "教师", status=Status.ACTIVIST),
    Person(
        "xiewenjun",
        "谢文军",
        MALE,
        "FWZX",
        "支部书记、中心主任",
        role=Role.SECRETARY,
        joined_on=date(2000, 7, 1),
    ),
    Person("hanxue", "韩雪", FEMALE, "FWZX", "综合科科员", joined_on=date(2016, 6, 29)),
    Person(
        "caoliping",
        "曹丽萍",
        FEMALE,
        "FWZX-MZ",
        "窗口负责人",
        joined_on=date(2009, 7, 1),
        duties="老年证、婚姻登记、社会救助受理，扶弱助老志愿服务队队长。",
    ),
    Person("dengxiaoyun", "邓小芸", FEMALE, "FWZX-MZ", "窗口工作人员", joined_on=date(2017, 6, 30)),
    Person(
        "xuqiang",
        "许强",
        MALE,
        "FWZX-CG",
        "窗口负责人",
        joined_on=date(2010, 12, 8),
        duties="户外广告牌匾设置审批，审批代理志愿服务队队长。",
    ),
    Person("penghaiyan", "彭海燕", FEMALE, "FWZX-GA", "窗口负责人", joined_on=date(2008, 6, 26)),
    Person(
        "ga-chen",
        "陈𠈌",
        MALE,
        "FWZX-GA",
        "户籍民警",
        status=Status.PROBATIONARY,
        joined_on=date(2026, 1, 9),
    ),
    Person("zengfan", "曾凡", MALE, "FWZX-RS", "窗口负责人", joined_on=date(2012, 7, 1)),
    Person("lvzhiwei", "吕志伟", MALE, "FWZX-BDC", "首席代表", joined_on=date(2005, 11, 30)),
    Person("jiangli", "蒋丽", FEMALE, "FWZX-SW", "窗口负责人", joined_on=date(2011, 6, 15)),
    Person("tiantian", "田甜", FEMALE, "FWZX-SW", "窗口工作人员", status=Status.ACTIVIST),
]
