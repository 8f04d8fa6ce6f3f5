"""Base demo data: departments, people, six projects in different states and their tasks.

Every date is counted in working days from `ws.today()`, so the demo always
looks current; `rng` only varies the progress of tasks under way, so the same
seed and day give the same workspace. The calling OS user (the admin `huddle
init` made) becomes 林思远, head of 产品部, PM of two projects and owner of a
few tasks, so "my work" has something in it.

Other seeders can find people through `login_of(ws, "zhangwei")` (the demo
renames a member whose login happens to be the caller's) and `ME`.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

from tinydb import Query

from ..projects import project as projects, tasks
from ..core.clock import to_iso
from ..people.members import DEPARTMENTS as DEPT_TABLE, MEMBERS as MEMBER_TABLE
from ..people.workdays import WorkCalendar
from ..core.workspace import DIRECTORY, Workspace

ME = "@me"  # stands for the calling OS user

DEPARTMENTS = [  # name, head
    ("产品部", ME), ("研发部", "zhangwei"), ("设计部", "chenjing"), ("市场部", "zhaomin"),
    ("销售部", "sunlei"), ("测试部", "wuhao"), ("运维部", "fengtao"), ("客服部", "helin"),
    ("人力资源部", "xuqing"),
]

MEMBERS = [  # login, display name, department, title
    (ME, "林思远", "产品部", "产品总监"),
    ("zhouting", "周婷", "产品部", "高级产品经理"),
    ("emily.zhao", "Emily Zhao", "产品部", "Product Analyst"),
    ("zhangwei", "张伟", "研发部", "研发总监"),
    ("kevin.wu", "Kevin Wu", "研发部", "Software Architect"),
    ("wangfang", "王芳", "研发部", "后端工程师"),
    ("liqiang", "李强", "研发部", "前端工程师"),
    ("liuyang", "刘洋", "研发部", "移动端工程师"),
    ("chenjing", "陈静", "设计部", "设计主管"),
    ("alice.chen", "Alice Chen", "设计部", "UI Designer"),
    ("yangfan", "杨帆", "设计部", "交互设计师"),
    ("zhaomin", "赵敏", "市场部", "市场总监"),
    ("david.sun", "David Sun", "市场部", "Marketing Specialist"),
    ("huangli", "黄丽", "市场部", "品牌经理"),
    ("sunlei", "孙磊", "销售部", "销售总监"),
    ("grace.lin", "Grace Lin", "销售部", "Key Account Manager"),
    ("machao", "马超", "销售部", "销售代表"),
    ("wuhao", "吴昊", "测试部", "测试主管"),
    ("zhengxue", "郑雪", "测试部", "测试工程师"),
    ("fengtao", "冯涛", "运维部", "运维负责人"),
    ("ryan.xu", "Ryan Xu", "运维部", "SRE Engineer"),
    ("helin", "何琳", "客服部", "客服主管"),
    ("xuqing", "许晴", "人力资源部", "HRBP"),
    ("sophie.wang", "Sophie Wang", "人力资源部", "Recruiter"),
]


def login_of(ws: Workspace, demo_login: str) -> str:
    """The login a demo person has in `ws`: ME is the caller; a clash gets a "2" suffix."""
    real = ws.actor.real
    if demo_login == ME:
        return real
    return demo_login + "2" if demo_login == real else demo_login


# -- tasks ---------------------------------------------------------------------
# (key, title, owner, start, end, priority, depends on, milestone, delivery standard, status)
# start/end: working days from today. status: None = from the dates (ended: done; not
# started: 0 %; under way: progress by elapsed time, jittered), "late" = open and overdue,
# ("open", p) = open at p %, "done" = done.
Task = tuple

ITERATION_TASKS: list[Task] = [
    ("review", "需求评审会", ME, -25, -24, "high", [], True,
     "需求 12 项全部评审通过，遗留问题 ≤ 3 个，纪要会后 2 小时内同步", None),
    ("prd", "PRD 定稿（功能清单 12 项）", "zhouting", -23, -20, "high", ["review"], False,
     "覆盖 12 项功能、3 类用户画像，评审一次通过", None),
    ("personas", "用户访谈与画像报告", "emily.zhao", -23, -19, "medium", ["review"], False,
     "访谈用户 ≥ 15 人，输出 3 类用户画像", None),
    ("compete", "竞品分析报告", ME, -12, -1, "medium", ["review"], False,
     "分析竞品 5 家，对比维度 ≥ 20 项", "late"),
    ("ui_draft", "UI设计初稿", "alice.chen", -19, -13, "high", ["prd"], False,
     "输出 2 套高保真方案，覆盖 20 个核心页面", None),
    ("ux_flow", "交互流程图", "yangfan", -19, -15, "medium", ["prd"], False,
     "主流程 8 条，异常流程 100% 覆盖", None),
    ("arch", "技术方案设计", "kevin.wu", -19, -14, "high", ["prd"], True,
     "方案评审通过；接口文档 ≥ 40 个接口", None),
    ("ui_final", "UI设计终稿与切图", "alice.chen", -12, -8, "high", ["ui_draft"], False,
     "标注完整率 100%，切图 @2x/@3x 齐全", None),
    ("test_env", "测试环境搭建", "ryan.xu", -13, -9, "medium", ["arch"], False,
     "环境可用率 ≥ 99%，一键部署 ≤ 10 分钟", None),
    ("db", "数据库迁移脚本", "wangfang", -12, -3, "medium", ["arch"], False,
     "迁移 12 张表，回滚脚本演练 1 次，数据零丢失", "late"),
    ("cases", "测试用例编写", "zhengxue", -10, -2, "medium", ["prd"], False,
     "用例 ≥ 200 条，覆盖全部 12 项功能", "late"),
    ("api", "后端核心接口开发", "wangfang", -13, 3, "high", ["arch"], False,
     "接口 40 个，单元测试覆盖率 ≥ 80%，P99 响应 ≤ 200 ms", None),
    ("fe", "前端开发核心模块", "liqiang", -7, 5, "high", ["ui_final", "arch"], False,
     "8 个核心页面，首屏加载 ≤ 1.5 秒", None),
    ("api_review", "接口文档评审", "kevin.wu", 4, 4, "medium", ["api"], False,
     "40 个接口文档齐全，评审一次通过", None),  # moved a day by the approved delay of "api"
    ("mobile", "移动端适配", "liuyang", -6, 6, "medium", ["ui_final"], False,
     "适配 iOS/Android 主流机型 ≥ 30 款", None),
    ("tracking", "埋点与数据看板", "emily.zhao", -5, 4, "medium", ["prd"], False,
     "埋点事件 ≥ 60 个，数据准确率 ≥ 99%", None),
    ("docs", "产品文案与帮助文档", "huangli", -3, 7, "low", ["ui_final"], False,
     "帮助文档 15 篇，文案走查 1 轮", None),
    ("mvp_demo", "MVP 内部演示", ME, 6, 6, "high", ["fe", "api"], True,
     "演示 12 项功能中的 8 项，收集反馈 ≥ 20 条", None),
    ("integration", "前后端联调", "liqiang", 6, 10, "high", ["api", "fe"], False,
     "联调接口 40 个，阻塞缺陷 0 个", None),
    ("design_qa", "设计走查", "chenjing", 8, 9, "medium", ["fe"], False,
     "走查问题修复率 100%", None),
    ("warmup", "上线预热活动方案", "david.sun", 6, 12, "medium", ["fe"], False,
     "覆盖 3 个渠道，预计曝光 ≥ 50 万次", None),
    ("sit", "系统测试", "wuhao", 11, 15, "high", ["integration", "cases"], False,
     "用例执行率 100%，P0/P1 缺陷清零", None),
    ("perf", "性能压测", "kevin.wu", 11, 14, "medium", ["integration"], False,
     "500 并发下 P99 ≤ 300 ms，错误率 < 0.1%", None),
    ("security", "安全扫描与修复", "ryan.xu", 12, 15, "medium", ["integration"], False,
     "高危漏洞 0 个，中危修复率 ≥ 90%", None),
    ("uat", "UAT 验收", ME, 16, 18, "high", ["sit"], True,
     "验收通过率 ≥ 95%，24 小时内反馈意见", None),
    ("release_plan", "上线方案与回滚预案", "fengtao", 16, 18, "high", ["sit"], False,
     "回滚时间 ≤ 15 分钟，演练 1 次", None),
    ("training", "销售培训材料", "grace.lin", 14, 18, "low", ["mvp_demo"], False,
     "培训 2 场，覆盖销售 ≥ 30 人", None),
    ("faq", "客服 FAQ 与话术", "helin", 16, 19, "low", ["sit"], False,
     "FAQ ≥ 40 条，话术 10 套", None),
    ("launch", "正式上线 MVP 版本", ME, 19, 19, "high", ["uat", "release_plan"], True,
     "灰度 10% → 100%，核心指标无下降", None),
]

WEBSITE_TASKS: list[Task] = [
    ("research", "改版需求调研", "huangli", -48, -44, "medium", [], False,
     "调研用户 ≥ 300 人，竞品 ≥ 5 家", None),
    ("ia", "信息架构设计", "yangfan", -43, -39, "medium", ["research"], False,
     "页面层级 ≤ 3 层，核心路径点击 ≤ 3 次", None),
    ("visual", "视觉设计", "alice.chen", -38, -30, "high", ["ia"], True,
     "首页 + 12 个二级页面，品牌规范一致率 100%", None),
    ("content", "内容与文案整理", "david.sun", -38, -31, "medium", ["ia"], False,
     "文案 40 篇，中英文对照", None),
    ("cms", "CMS 模板开发", "wangfang", -29, -18, "high", ["visual"], False,
     "模板 15 个，编辑发布 ≤ 3 步", None),
    ("fe", "页面前端开发", "liqiang", -29, -15, "high", ["visual"], False,
     "Lighthouse 性能分 ≥ 90", None),
    ("seo", "SEO 优化", "david.sun", -14, -10, "medium", ["fe", "content"], False,
     "收录页面 ≥ 200 个", None),
    ("english", "English site", "emily.zhao", -14, -9, "low", ["fe", "content"], False,
     "30 English pages, one glossary", None),
    ("compat", "兼容性测试", "zhengxue", -12, -7, "high", ["fe"], False,
     "覆盖浏览器 6 种、分辨率 5 种，缺陷修复率 100%", None),
    ("perf", "性能优化", "kevin.wu", -6, -5, "medium", ["compat"], False,
     "首屏 ≤ 1.2 秒", None),
    ("analytics", "访问数据埋点", "emily.zhao", -8, -1, "medium", ["fe"], False,
     "埋点事件 ≥ 40 个", "late"),
    ("deliver", "成果交付（v2.0，含测试报告）", "chenjing", -4, -3, "high", ["perf", "seo"], True,
     "交付说明含版本号、功能清单 22 项、测试报告", None),
    ("accept", "验收（市场部联合测试部）", "zhaomin", -2, 1, "high", ["deliver"], True,
     "24 小时内反馈验收意见", ("open", 50)),
    ("fix", "验收问题修复", "liqiang", -1, 2, "medium", ["deliver"], False,
     "修改项 ≤ 10 项，全部关闭", ("open", 30)),
]

APP_TASKS: list[Task] = [
    ("req", "3.0 需求评审", "zhouting", -68, -66, "high", [], True,
     "需求 18 项全部评审通过", None),
    ("design", "App 3.0 视觉与交互设计", "alice.chen", -65, -55, "high", ["req"], False,
     "设计稿 45 页，走查问题 ≤ 10 个", None),
    ("arch", "客户端架构升级方案", "kevin.wu", -65, -58, "high", ["req"], False,
     "冷启动时间降低 30%", None),
    ("ios", "iOS 客户端开发", "liuyang", -54, -35, "high", ["design", "arch"], False,
     "崩溃率 < 0.1%", None),
    ("android", "Android 客户端开发", "liqiang", -54, -33, "high", ["design", "arch"], False,
     "适配机型 ≥ 50 款，崩溃率 < 0.1%", None),
    ("api", "后端接口升级（v3 API）", "wangfang", -55, -38, "high", ["arch"], False,
     "接口 36 个，P99 ≤ 200 ms", None),
    ("cases", "测试用例编写", "zhengxue", -50, -40, "medium", ["req"], False,
     "用例 ≥ 350 条", None),
    ("regression", "全量回归测试", "wuhao", -32, -24, "high",
     ["ios", "android", "api", "cases"], True, "P0/P1 缺陷清零，用例通过率 ≥ 98%", None),
    ("beta", "灰度内测（500 名用户）", "emily.zhao", -23, -16, "medium", ["regression"], False,
     "回收反馈 ≥ 200 条，满意度 ≥ 4.5/5", None),
    ("stores", "应用商店审核上架", "liuyang", -15, -11, "high", ["beta"], False,
     "iOS 与 5 个安卓商店全部过审", None),
    ("monitoring", "上线监控与告警配置", "ryan.xu", -15, -10, "medium", ["regression"], False,
     "核心指标告警 20 项，告警响应 ≤ 5 分钟", None),
    ("cs", "客服培训与 FAQ", "helin", -14, -8, "low", ["beta"], False,
     "培训客服 25 人，FAQ 60 条", None),
    ("promo", "上线推广方案", "david.sun", -15, -8, "medium", ["beta"], False,
     "新增下载 ≥ 10 万", None),
    ("demo_kit", "Enterprise demo kit", "grace.lin", -12, -6, "low", ["beta"], False,
     "3 demo videos, shown to ≥ 20 key accounts", None),
    ("release", "正式发布 3.0 版本", "kevin.wu", -3, -2, "high", ["stores", "monitoring"], True,
     "发布 24 小时内崩溃率 < 0.1%", None),
    ("watch", "上线后数据追踪（首周）", "emily.zhao", -1, -1, "medium", ["release"], False,
     "日活、留存、崩溃率 3 项指标日报", None),
]

CAMPAIGN_TASKS: list[Task] = [
    ("minutes", "启动会纪要同步", "huangli", -3, -3, "high", [], False,
     "会后 2 小时内同步至群文件", None),
    ("plan", "活动方案初稿", "david.sun", -2, -1, "high", ["minutes"], True,
     "方案 1 份，含 3 个渠道打法与 KPI", "late"),
    ("budget", "预算申请", "zhaomin", -1, 2, "high", [], False,
     "预算 ≤ 80 万元，预期 ROI ≥ 3", ("open", 20)),
    ("points", "会员积分活动规则", ME, 0, 3, "medium", ["plan"], False,
     "规则 1 套，法务审核通过", ("open", 10)),
    ("materials", "物料设计", "yangfan", 1, 5, "high", ["plan"], False,
     "海报 12 张、H5 2 个、短视频 3 条", None),
    ("landing", "活动落地页开发", "liuyang", 6, 10, "high", ["materials"], False,
     "首屏 ≤ 1 秒，支持 5 万 UV/小时", None),
    ("coupons", "优惠券与满减配置", "wangfang", 3, 8, "medium", ["plan"], False,
     "券种 6 类，核销准确率 100%", None),
    ("accounts", "重点客户邀约", "grace.lin", 2, 12, "medium", ["plan"], False,
     "邀约重点客户 ≥ 50 家", None),
    ("sales", "销售推广计划", "machao", 4, 10, "medium", ["plan"], False,
     "覆盖区域 8 个，销售线索 ≥ 500 条", None),
    ("stress", "大促压测", "ryan.xu", 11, 14, "high", ["landing", "coupons"], False,
     "峰值 5000 QPS 下错误率 < 0.1%", None),
    ("cs_plan", "客服大促预案", "helin", 10, 14, "low", ["plan"], False,
     "话术 30 条，排班覆盖 7×24 小时", None),
    ("golive", "活动上线", "zhaomin", 15, 15, "high", ["stress", "materials", "accounts"], True,
     "活动页可用率 ≥ 99.9%", None),
    ("review", "活动效果复盘", "huangli", 20, 22, "medium", ["golive"], False,
     "GMV、ROI 等 8 项指标对比目标", None),
]


def _projects(day, year: int, quarter: int) -> list[dict]:
    """The six projects; `day(n)` is the ISO date n working days from today."""
    return [
        dict(name=f"{year}年Q{quarter}产品迭代项目组", state="in_progress", pm=ME,
             initiator="zhouting", initiator_dept="产品部", lead_dept="研发部",
             collab=["设计部", "测试部", "市场部"], created=-27, due=24,
             goal="首单转化率从 18% 提升到 25%；核心页面加载 ≤ 1.5 秒",
             background="用户反馈注册到首单流程过长，近 3 个月首单转化率停留在 18%。",
             outcome=f"{day(19)} 前上线 MVP 版本，覆盖 12 项功能中的 8 项",
             time_nodes=f"需求评审 {day(-25)}；MVP 演示 {day(6)}；UAT {day(16)}；上线 {day(19)}",
             support="研发 5 人、设计 2 人、测试 2 人；测试环境 2 套；数据看板权限",
             members=[(ME, "项目经理"), ("zhangwei", "研发负责人"), ("chenjing", "设计负责人"),
                      ("wuhao", "测试负责人"), ("david.sun", "市场对接人")],
             requirements=dict(
                 background="首单转化率偏低，用户调研显示下单步骤过多。",
                 goals="首单转化率 ≥ 25%；首屏加载 ≤ 1.5 秒；崩溃率 < 0.1%",
                 features="1. 新版首页\n2. 智能推荐\n3. 一键下单\n4. 新人礼包\n"
                          "5. 订单进度推送\n6. 会员积分（另 7 项见附件）",
                 personas="25–35 岁白领用户；中小企业采购；新注册用户",
                 expected="MVP 版本上线，核心指标无下降",
                 target_date=day(19)),
             tasks=ITERATION_TASKS),
        dict(name="官网改版 Website Redesign", state="delivered", pm="chenjing",
             initiator="zhaomin", initiator_dept="市场部", lead_dept="设计部",
             collab=["研发部", "测试部"], created=-50, due=3,
             goal="官网跳出率从 62% 降到 45%，月均线索 ≥ 800 条",
             background="现官网 2019 年上线，移动端体验差，品牌形象与新 VI 不一致。",
             outcome="新版官网（中英文）上线，Lighthouse 性能分 ≥ 90",
             time_nodes=f"设计定稿 {day(-30)}；开发完成 {day(-15)}；交付 {day(-3)}",
             support="研发 2 人、设计 2 人；CDN 与 CMS 权限",
             members=[("chenjing", "项目经理"), ("zhaomin", "发起人"), ("liqiang", "前端负责人"),
                      ("alice.chen", "视觉设计")],
             requirements=dict(
                 background="移动端访问占比 70%，旧站未做适配。", goals="跳出率 ≤ 45%",
                 features="首页、产品页、案例页、新闻中心、联系我们、英文站",
                 personas="潜在企业客户；求职者；媒体", expected="线索量提升 30%",
                 target_date=day(3)),
             tasks=WEBSITE_TASKS),
        dict(name="移动端 App 3.0 上线", state="launched", pm="kevin.wu",
             initiator="zhouting", initiator_dept="产品部", lead_dept="研发部",
             collab=["测试部", "运维部", "客服部", "市场部"], created=-70, due=-1,
             goal="冷启动时间降低 30%，7 日留存率提升 5 个百分点",
             background="App 2.x 架构老旧，冷启动 3.2 秒，差评集中在卡顿。",
             outcome="3.0 版本在 iOS 与安卓主流商店上线",
             time_nodes=f"开发完成 {day(-33)}；灰度 {day(-23)}；发布 {day(-2)}",
             support="客户端 2 人、后端 1 人、测试 2 人；应用商店开发者账号",
             members=[("kevin.wu", "项目经理"), ("liuyang", "iOS 负责人"),
                      ("liqiang", "Android 负责人"), ("wuhao", "测试负责人"),
                      ("ryan.xu", "运维对接人")],
             requirements=dict(
                 background="卡顿相关差评占 41%。", goals="冷启动 ≤ 2.2 秒；崩溃率 < 0.1%",
                 features="新首页、离线缓存、深色模式、消息中心改版",
                 personas="日活用户 120 万，其中 60% 为老用户", expected="应用商店评分 ≥ 4.6",
                 target_date=day(-2)),
             tasks=APP_TASKS),
        dict(name=f"{year}年终大促活动", state="kicked_off", pm="zhaomin",
             initiator="zhaomin", initiator_dept="市场部", lead_dept="市场部",
             collab=["销售部", "设计部", "研发部", "客服部"], created=-8, due=30,
             goal="活动期 GMV ≥ 3000 万元，新客 ≥ 5 万人，ROI ≥ 3",
             background="年终是全年销售高峰，去年活动 GMV 2100 万元。",
             outcome="活动按期上线，系统可用率 ≥ 99.9%",
             time_nodes=f"方案定稿 {day(-1)}；物料完成 {day(5)}；上线 {day(15)}",
             support="预算 80 万元；研发 3 人支持 2 周；客服临时增员 10 人",
             members=[("zhaomin", "项目经理"), ("david.sun", "活动策划"),
                      ("grace.lin", "销售对接人"), ("yangfan", "设计对接人"),
                      ("wangfang", "研发对接人")],
             requirements=dict(
                 background="去年大促峰值时段下单失败率 2%。", goals="GMV ≥ 3000 万元",
                 features="满减券、会员积分加倍、重点客户专场、直播带货",
                 personas="老客户复购；新客首单；企业采购",
                 expected="GMV 同比 +40%", target_date=day(15)),
             tasks=CAMPAIGN_TASKS),
        dict(name="CRM 客户管理系统升级", state="approved", pm=ME,
             initiator="sunlei", initiator_dept="销售部", lead_dept="研发部",
             collab=["产品部", "客服部"], created=-6, due=60,
             goal="销售录入时间减少 50%，客户跟进及时率 ≥ 95%",
             background="现有 CRM 无移动端，销售每天手工录入约 1.5 小时。",
             outcome="CRM 2.0 上线，覆盖销售部全部 60 名销售",
             time_nodes=f"启动会 {day(3)}；原型 {day(15)}；上线 {day(55)}",
             support="研发 3 人 8 周；HR 协助培训；数据迁移权限",
             members=[(ME, "项目经理"), ("sunlei", "发起人"), ("grace.lin", "业务对接人")],
             requirements={}, tasks=[]),
        dict(name="用户增长数据看板", state="requested", pm="emily.zhao",
             initiator="zhouting", initiator_dept="产品部", lead_dept="研发部",
             collab=["市场部", "销售部"], created=-1, due=40,
             goal="增长核心指标 15 项实现 T+1 自动更新，周报制作时间从 4 小时降到 0.5 小时",
             background="各部门增长数据口径不一，每周手工汇总。",
             outcome="统一口径的数据看板，市场部、销售部均可自助查询",
             time_nodes=f"需求确认 {day(5)}；上线 {day(35)}",
             support="数据工程师 1 人；数仓只读权限",
             members=[("emily.zhao", "项目经理"), ("zhouting", "发起人")],
             requirements={}, tasks=[]),
    ]


# -- seeding ---------------------------------------------------------------------
def seed(ws: Workspace, rng: random.Random) -> None:
    today = ws.today()
    cal = WorkCalendar.of(ws)

    def day(n: int) -> str:
        return cal.add_working_days(today, n).isoformat()

    def at(n: int, hour: int = 9, minute: int = 30) -> str:
        moment = datetime.combine(date.fromisoformat(day(n)), time(hour, minute), tzinfo=ws.tz)
        return to_iso(min(moment, ws.now()))

    def who(login: str) -> str:
        return login_of(ws, login)

    _seed_people(ws, who)
    for spec in _projects(day, today.year, (today.month - 1) // 3 + 1):
        _seed_project(ws, rng, spec, day, at, who)


def _seed_people(ws: Workspace, who) -> None:
    me = who(ME)
    with ws.transaction(DIRECTORY) as tx:
        members = tx.table(MEMBER_TABLE)
        for login, name, dept, title in MEMBERS:
            doc = {"login": who(login), "name": name, "dept": dept, "title": title,
                   "admin": who(login) == me}
            if members.contains(Query().login == doc["login"]):
                members.update(doc, Query().login == doc["login"])
            else:
                members.insert(doc)
            tx.audit("demo.seed", doc["login"], kind="member")
        depts = tx.table(DEPT_TABLE)
        for name, head in DEPARTMENTS:
            depts.insert({"name": name, "head": who(head)})
            tx.audit("demo.seed", name, kind="department", head=who(head))


def _seed_project(ws: Workspace, rng: random.Random, spec: dict, day, at, who) -> None:
    created = projects.create_project(
        ws, spec["name"], pm=who(spec["pm"]), initiator_dept=spec["initiator_dept"],
        lead_dept=spec["lead_dept"], goal=spec["goal"], due=day(spec["due"]),
        collab_depts=spec["collab"], background=spec["background"], outcome=spec["outcome"],
        time_nodes=spec["time_nodes"], support=spec["support"],
        members=[{"login": who(login), "role": role} for login, role in spec["members"]],
        **({"requirements": spec["requirements"]} if spec["requirements"] else {}))
    pid = created["id"]
    created_at = at(spec["created"])
    with ws.transaction(projects.shard_name(pid)) as tx:
        tx.table(projects.PROJECT).update(
            {"state": spec["state"], "initiator": who(spec["initiator"]),
             "created_at": created_at}, doc_ids=[1])
        tx.audit("demo.seed", pid, kind="project", state=spec["state"])
        numbers: dict[str, int] = {}
        table = tx.table(tasks.TASKS)
        for key, title, owner, start, end, priority, deps, milestone, standard, status in \
                spec["tasks"]:
            doc = tasks._clean(ws, pid, dict(title=title, owner=who(owner), start=day(start),
                                             due=day(end), priority=priority,
                                             milestone=milestone, standard=standard))
            state, progress = _status(rng, start, end, status)
            number = table.insert({
                **doc, "depends": [numbers[d] for d in deps], "progress": progress,
                "state": state, "created_at": at(spec["created"] + 1, 10, 0),
                "created_by": who(spec["pm"])})
            numbers[key] = number
            tx.audit("demo.seed", tasks.task_id(pid, number), kind="task", title=title)


def _status(rng: random.Random, start: int, end: int, status) -> tuple[str, int]:
    """(state, progress) of a demo task whose dates are `start`..`end` working days from today."""
    if status == "done":
        return "done", 100
    if status == "late":
        return "open", rng.randrange(55, 95, 5)
    if isinstance(status, tuple):
        return status[0], status[1]
    if end < 0:
        return "done", 100
    if start > 0:
        return "open", 0
    elapsed = (0.5 - start) / (end - start + 1)
    progress = round((elapsed * 100 + rng.randint(-15, 10)) / 5) * 5
    return "open", max(5, min(95, progress))
