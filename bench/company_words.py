"""The company benchmark's vocabulary: the clock, names, departments and the words its
generated records are made of (bench/company.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from . import shapes as sh

NOW = sh.NOW
TZ = ZoneInfo(sh.TIMEZONE)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂思远婷浩宇欣然子轩"
DEPARTMENTS = ("研发部", "产品部", "设计部", "测试部", "运维部", "市场部", "客服部", "人力资源部")
TITLES = ("工程师", "高级工程师", "产品经理", "设计师", "测试工程师", "运维工程师", "运营专员")
VERBS = ("设计", "开发", "测试", "评审", "上线", "联调", "重构", "Write", "Review", "Ship", "Fix")
NOUNS = ("登录页", "支付流程", "数据看板", "推送服务", "API gateway", "onboarding flow",
         "release notes", "监控告警", "用户画像", "搜索", "订单服务", "会员积分", "缓存层")
DONE = ("完成接口联调", "修复 2 个缺陷", "完成单元测试", "评审通过", "补充文档", "性能优化 20%",
        "完成页面开发", "对接第三方", "整理测试用例")
NEXT = ("继续编写单元测试", "准备评审", "联调支付接口", "修复遗留缺陷", "上线灰度", "补充监控")
PROBLEMS = ("测试环境不稳定", "依赖接口未就绪", "需求有变更", "缺少测试账号")
CAUSES = ("数据库连接池溢出", "证书过期", "缓存雪崩", "配置错误", "依赖服务超时", "磁盘写满",
          "发布回滚失败", "DNS 解析异常")
SYSTEMS = ("官网", "App 登录", "支付", "订单服务", "推送", "客服系统", "数据看板", "搜索")
