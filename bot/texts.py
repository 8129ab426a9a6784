"""Every text a user sees, in one place.

Texts are class attributes so a second language is a subclass that overrides them;
placeholders are filled with `str.format`, and every value put into them is escaped first
(the bot sends HTML).
"""

from __future__ import annotations


class ZhCN:
    # -- /start, /help, /cancel ------------------------------------------------------------
    GREETING = (
        "您好，{name}！我是<b>蒙科聚科技成果对接助手</b>。\n"
        "· 企业：发布技术需求，几秒钟内收到匹配的科技成果推荐；\n"
        "· 技术经纪人：接收负责范围内的对接线索，认领并跟进到签约；\n"
        "· 所有人：直接发一句话就能搜索成果，还能订阅成果和政策提醒。\n\n"
        "请问您是哪一类用户？"
    )
    GREETING_REGISTERED = (
        "欢迎回来，{name}！您已登记为{enterprise}的联系人。\n"
        "· /demand 发布技术需求\n"
        "· /mydemands 查看和关闭已发布的需求\n"
        "· /subscribe 订阅成果或政策提醒\n"
        "也可以直接发一句话搜索科技成果。"
    )
    GREETING_BROKER = (
        "欢迎回来，{name}！您是认证技术经纪人。\n"
        "符合负责范围的对接线索会自动推送给您；用 /scope 调整负责的行业和地区。"
    )
    ENTERPRISE_NAMED = "「{name}」"
    ENTERPRISE_UNNAMED = "企业"
    ROLE_ENTERPRISE = "🏭 企业联系人"
    ROLE_BROKER = "🤝 技术经纪人"
    REREGISTER = "✏️ 修改企业信息"
    REGISTRATION_INTRO = "好的，先登记一下企业信息，一共 {steps} 步，随时可以发送 /cancel 取消。"
    HELP = (
        "<b>可用命令</b>\n"
        "/start 开始使用、登记企业信息\n"
        "/demand 发布技术需求\n"
        "/mydemands 我的需求（查看、关闭）\n"
        "/policies 查看适合本企业的政策\n"
        "/subscribe 订阅成果或政策提醒\n"
        "/mysubs 我的订阅\n"
        "/unsubscribe 退订\n"
        "/broker 申请成为技术经纪人\n"
        "/scope 设置经纪人负责范围\n"
        "/cancel 取消正在填写的内容\n\n"
        "不用命令，直接发一句话就是搜索科技成果。"
    )
    HELP_ADMIN = (
        "\n\n<b>管理员命令</b>\n"
        "/stats 供需统计与对接漏斗\n"
        "/broadcast 向所有用户群发消息\n"
        "/broadcasts 查看最近群发的送达情况\n"
        "/approve 审批技术经纪人申请"
    )
    CANCELLED = "已取消「{form}」，填写的内容没有保存。需要时可以重新开始。"
    NOTHING_TO_CANCEL = "当前没有正在进行的操作。发送 /help 查看可用命令。"
    UNKNOWN_COMMAND = "没有这个命令。发送 /help 查看可用命令。"
    UNKNOWN_COMMAND_IN_FORM = (
        "没有这个命令。您正在填写「{form}」，直接回复上面的问题即可继续，发送 /cancel 可以取消。"
    )
    NOT_TEXT = "暂时只能识别文字消息。想搜索科技成果，直接发一句话描述即可。"
    PRIVATE_ONLY = "为保护企业信息，我只在私聊中办理业务。请点击我的头像，私聊发送 /start。"

    # -- dialogs (forms) -------------------------------------------------------------------
    STEP = "第 {index}/{total} 步：{prompt}"
    CURRENT_VALUE = "当前填写的是：{value}"
    CHOSEN = "已选：{value}"
    ERR_EMPTY = "内容不能为空，请重新输入。"
    ERR_TOO_LONG = "内容太长了：最多 {limit} 个字，您输入了 {length} 个字。请精简后重新发送。"
    ERR_TOO_SHORT = "内容太短了：至少需要 {limit} 个字，请再具体一些。"
    ERR_NOT_NUMBER = "预算请输入数字（单位：万元），例如 50 或 12.5；还没定的话点“跳过”。"
    ERR_NUMBER_RANGE = "预算需要在 0 到 {limit} 万元之间，请重新输入。"
    ERR_UNKNOWN_OPTION = "「{value}」不是可选项，请点选下方按钮中的一项。"
    ERR_MULTI_USE_BUTTONS = "这一步请点按钮选择（可以多选），选好后点“完成”。"
    ERR_TOO_MANY_TERMS = "最多可以填 {limit} 个关键词，您填了 {count} 个，请删减后重新发送。"
    ERR_TERM_TOO_LONG = "关键词「{term}」太长了：每个关键词最多 {limit} 个字。"
    ERR_NOT_TEXT_IN_FORM = "这一步需要文字，请直接发送文字内容。"
    ERR_CONFIRM_USE_BUTTONS = "请点“确认提交”，或者点要修改的项目。"
    ERR_STALE_BUTTON = "这个按钮已经失效了，请按最新一条消息操作。"
    BTN_SKIP = "跳过"
    BTN_DONE = "完成"
    BTN_CONFIRM = "✅ 确认提交"
    BTN_EDIT = "修改{label}"
    BTN_CANCEL = "取消"
    CONFIRM_HEADER = "请核对「{form}」的内容："
    CONFIRM_FOOTER = "没问题就点“确认提交”；需要修改哪一项，点对应的按钮即可。"
    NOT_FILLED = "（未填）"
    NONE_SELECTED = "不限"

    # -- enterprise registration -------------------------------------------------------------
    FORM_REGISTRATION = "企业登记"
    F_ENT_NAME = "企业名称"
    P_ENT_NAME = "请输入企业全称（2～50 个字），例如：包头金鹿磁材有限公司。"
    F_ENT_REGION = "所在地区"
    P_ENT_REGION = "请选择企业所在的盟市；不在列表里的，直接输入地名即可。"
    F_ENT_INDUSTRY = "所属行业"
    P_ENT_INDUSTRY = "请选择企业的主营行业；列表里没有的，直接输入即可。"
    F_ENT_QUALIFICATIONS = "企业资质"
    P_ENT_QUALIFICATIONS = (
        "企业具备哪些资质？可以多选，选好后点“完成”；都没有的话直接点“完成”。"
        "这些信息用于匹配适合您的扶持政策。"
    )
    F_ENT_SIZE = "企业规模"
    P_ENT_SIZE = "企业规模是？"
    REGISTERED = (
        "✅ 企业信息已登记：{name}\n\n"
        "接下来您可以：\n"
        "· /demand 发布技术需求，几秒钟内收到成果推荐\n"
        "· /subscribe 订阅成果或政策提醒\n"
        "· 直接发一句话搜索科技成果"
    )
    NEED_ENTERPRISE = "发布需求前请先登记企业信息：发送 /start，选择“企业联系人”。"

    # -- demand -----------------------------------------------------------------------------
    FORM_DEMAND = "发布需求"
    DEMAND_INTRO = "好的，我们来发布技术需求，一共 {steps} 步，随时可以发送 /cancel 取消。"
    F_DEM_TITLE = "需求标题"
    P_DEM_TITLE = "请用一句话概括您的技术需求（4～50 个字），例如：永磁电机高温退磁问题。"
    F_DEM_DESCRIPTION = "需求描述"
    P_DEM_DESCRIPTION = (
        "请具体描述遇到的问题、现在的做法和希望达到的效果（10～1000 个字）。写得越具体，推荐越准。"
    )
    F_DEM_INDUSTRY = "所属行业"
    P_DEM_INDUSTRY = "这个需求属于哪个行业？列表里没有的，直接输入即可。"
    F_DEM_BUDGET = "预算"
    P_DEM_BUDGET = "预算大约多少万元？直接输入数字，例如 50；还没定的话点“跳过”。"
    F_DEM_REGION = "落地地区"
    P_DEM_REGION = "需求在哪里落地？请选择盟市，不在列表里的直接输入地名。"
    BUDGET_VALUE = "{amount} 万元"
    DEMAND_SUBMITTED = (
        "✅ 需求「{title}」已提交，正在为您匹配科技成果，推荐结果几秒钟后就会发给您。\n"
        "用 /mydemands 可以随时查看和关闭需求。"
    )

    # -- /mydemands --------------------------------------------------------------------------
    MY_DEMANDS_EMPTY = "您还没有发布过需求。发送 /demand 开始发布。"
    MY_DEMANDS_HEADER = "📋 您发布的需求（共 {count} 条）："
    MY_DEMAND_LINE = (
        "{index}. <b>{title}</b>\n    {status} · 已匹配 {matches} 项成果 · 提交于 {date}"
    )
    MY_DEMANDS_FOOTER = "要关闭某条需求，点下方对应的按钮。"
    DEMAND_STATUS = {"open": "进行中", "closed": "已关闭"}
    BTN_CLOSE_DEMAND = "关闭第 {index} 条"
    CLOSE_DEMAND_CONFIRM = "确定关闭需求「{title}」吗？关闭后不会再为它推荐成果。"
    BTN_CLOSE_YES = "确认关闭"
    BTN_CLOSE_NO = "先保留"
    DEMAND_CLOSED = "已关闭需求「{title}」，不会再为它推荐成果。"
    DEMAND_KEPT = "好的，需求「{title}」继续保留。"
    DEMAND_NOT_FOUND = "没有找到这条需求，可能已经关闭了。发送 /mydemands 查看最新列表。"

    # -- search ------------------------------------------------------------------------------
    SEARCH_HEADER = "🔍 与「{query}」相关的成果共 {count} 项（第 {page}/{pages} 页）："
    SEARCH_LINE = "{index}. <b>{title}</b>\n    {owner} · {region} · {maturity}"
    SEARCH_HINT = "点编号查看详情。想让平台正式帮您对接？发送 /demand 发布需求。"
    SEARCH_EMPTY = (
        "没有找到与「{query}」相关的成果。换个说法试试，"
        "或者发送 /demand 发布需求，有合适的新成果时我们会通知您。"
    )
    SEARCH_EXPIRED = "搜索结果已过期，请重新发送要搜索的内容。"
    BTN_PREV = "‹ 上一页"
    BTN_NEXT = "下一页 ›"
    ACHIEVEMENT_NOT_FOUND = "这项成果已下架或不存在。"

    # -- achievement card ------------------------------------------------------------------------
    CARD_OWNER = "持有方：{value}"
    CARD_REGION = "地区：{value}"
    CARD_INDUSTRY = "行业：{value}"
    CARD_MATURITY = "成熟度：{value}"
    CARD_TRANSFER = "转化方式：{value}"
    CARD_PRICE = "参考价格：{value}"
    CARD_KEYWORDS = "关键词：{value}"
    PRICE_NEGOTIABLE = "面议"
    UNKNOWN = "未注明"

    # -- recommendations and feedback ----------------------------------------------------------
    RECOMMENDATION_HEADER = "💡 为您的需求「{demand}」推荐一项科技成果："
    SCORE = "匹配度：{score}%"
    REASONS = "匹配理由：{reasons}"
    REASONS_NONE = "综合文本相似"
    BTN_INTERESTED = "👍 感兴趣"
    BTN_IRRELEVANT = "👎 不相关"
    BTN_DETAIL = "📄 详情"
    FEEDBACK_INTERESTED = "已通知负责的技术经纪人，他们会尽快与您联系。"
    FEEDBACK_IRRELEVANT = "已记录，这项成果不会再推荐给这条需求。"
    MARK_INTERESTED = "👍 您已表示感兴趣，技术经纪人会尽快联系您。"
    MARK_IRRELEVANT = "👎 已标记为不相关。"
    NOT_YOUR_DEMAND = "这条推荐不属于您的需求。"
    MATCH_NOT_FOUND = "没有找到这条对接记录，可能还在处理中，请稍后再试。"

    # -- brokers ---------------------------------------------------------------------------
    BROKER_ALERT_HEADER = "📣 新的对接线索"
    ALERT_DEMAND = "需求：{title}（{enterprise}，{region}）"
    ALERT_ACHIEVEMENT = "成果：{title}（{owner}）"
    BTN_CLAIM = "🙋 认领"
    BTN_SIGNED = "✅ 已签约"
    BTN_FAILED = "❌ 未成"
    STATUS_LINE = "状态：{status}"
    MATCH_STATUS = {
        "recommended": "待认领",
        "interested": "企业感兴趣，待认领",
        "irrelevant": "企业认为不相关",
        "claimed": "对接中",
        "signed": "已签约 🎉",
        "failed": "未成",
    }
    CLAIMED_BY_YOU = "对接中（由您负责）"
    CLAIMED_OK = "认领成功！请尽快联系企业，进展后点“已签约”或“未成”。"
    SIGNED_OK = "恭喜！已记录为已签约。"
    FAILED_OK = "已记录为未成，感谢跟进。"
    CLAIMED_BY_OTHER = "手慢了一步：这条对接已被其他经纪人认领。"
    NOT_CLAIMER = "这条对接由其他经纪人负责，只有认领人可以更新进度。"
    NOT_CLAIMED_YET = "请先点“认领”，再更新对接进度。"
    MATCH_FINISHED = "这条对接已经结束（{status}），无需再操作。"
    MATCH_REJECTED = "企业已表示这项成果不相关，无法认领。"
    BROKER_ONLY = "只有通过审核的技术经纪人才能认领和跟进对接。申请请发送 /broker。"
    BROKER_APPLIED = (
        "已提交技术经纪人申请，管理员审核通过后会通知您。\n"
        "通过后请用 /scope 设置负责的行业和地区。"
    )
    BROKER_PENDING = "您的申请正在审核中，审核通过后会第一时间通知您。"
    BROKER_ALREADY = "您已经是认证技术经纪人了。用 /scope 可以调整负责的行业和地区。"
    BROKER_APPLICATION = (
        "🆕 技术经纪人申请\n申请人：{name}（ID {user_id}）\n"
        "点下方按钮处理，或发送 /approve {user_id}"
    )
    BTN_APPROVE = "✅ 批准"
    BTN_REJECT = "✖ 不批准"
    APPROVE_USAGE = (
        "用法：/approve 用户ID，例如 /approve 123456789。\n"
        "不带参数发送 /approve 可以查看待审核列表。"
    )
    APPROVE_NONE_PENDING = "目前没有待审核的技术经纪人申请。"
    APPROVE_PENDING_HEADER = "待审核的技术经纪人申请："
    APPROVE_NOT_FOUND = "没有找到 ID 为 {user_id} 的待审核申请。"
    APPROVED_ADMIN = "已批准 {name}（ID {user_id}）成为技术经纪人，已通知本人。"
    REJECTED_ADMIN = "已驳回 {name}（ID {user_id}）的申请，已通知本人。"
    APPROVED_USER = (
        "🎉 您的技术经纪人申请已通过！请发送 /scope 设置负责的行业和地区，"
        "之后符合范围的对接线索会自动推送给您。"
    )
    REJECTED_USER = "很抱歉，您的技术经纪人申请暂未通过。如有疑问，请联系平台工作人员。"

    # -- /scope ------------------------------------------------------------------------------
    FORM_SCOPE = "设置负责范围"
    F_SCOPE_INDUSTRIES = "负责行业"
    P_SCOPE_INDUSTRIES = "请选择您负责的行业（可多选），选好后点“完成”；不选直接点“完成”表示不限。"
    F_SCOPE_REGIONS = "负责地区"
    P_SCOPE_REGIONS = "请选择您负责的地区（可多选），选好后点“完成”；不选直接点“完成”表示不限。"
    SCOPE_SAVED = (
        "✅ 负责范围已更新：\n行业：{industries}\n地区：{regions}\n符合范围的对接线索会推送给您。"
    )

    # -- subscriptions -------------------------------------------------------------------------
    SUBSCRIBE_CHOOSE = (
        "想订阅哪类提醒？\n"
        "· 成果提醒：有包含您关注关键词的新成果时通知您\n"
        "· 政策提醒：按行业和主题推送新的科技政策"
    )
    BTN_SUB_KEYWORD = "🔬 成果关键词"
    BTN_SUB_POLICY = "📜 政策主题"
    FORM_SUB_KEYWORD = "订阅成果提醒"
    F_SUB_KEYWORDS = "关键词"
    P_SUB_KEYWORDS = (
        "请输入关注的关键词，多个用逗号或顿号隔开（最多 10 个），例如：钕铁硼、永磁电机。"
    )
    F_SUB_FREQUENCY = "提醒频率"
    P_SUB_FREQUENCY = "多久提醒一次？"
    FORM_SUB_POLICY = "订阅政策提醒"
    POLICY_NEEDS_ENTERPRISE = (
        "政策提醒按企业的地区、行业和资质筛选，请先登记企业信息：发送 /start，选择“企业联系人”。"
    )
    F_SUB_INDUSTRIES = "关注行业"
    P_SUB_INDUSTRIES = "请选择关注的行业（可多选），选好后点“完成”；不选直接点“完成”表示不限。"
    F_SUB_TOPICS = "政策主题"
    P_SUB_TOPICS = (
        "还有特别关注的政策主题吗？例如：研发费用、人才引进。多个用逗号隔开；没有就点“跳过”。"
    )
    SUBSCRIBED = "✅ 已订阅：{summary}\n用 /mysubs 查看全部订阅，/unsubscribe 退订。"
    SUB_SUMMARY_KEYWORD = "成果提醒 · 关键词：{keywords} · {frequency}"
    SUB_SUMMARY_POLICY = "政策提醒 · 行业：{industries} · 主题：{topics} · {frequency}"
    MY_SUBS_EMPTY = "您还没有订阅任何提醒。发送 /subscribe 添加订阅。"
    MY_SUBS_HEADER = "🔔 您的订阅（共 {count} 条）："
    MY_SUBS_FOOTER = "退订请发送 /unsubscribe。"
    UNSUBSCRIBE_HEADER = "点一下要退订的项目即可退订："
    BTN_UNSUBSCRIBE = "退订第 {index} 条"
    UNSUBSCRIBED = "已退订。"
    SUB_NOT_FOUND = "这条订阅已经退订过了。"

    # -- admin -------------------------------------------------------------------------------
    ADMIN_ONLY = "抱歉，这个命令仅限平台管理员使用。"
    STATS_HEADER = "📊 平台统计（截至 {time}）"
    STATS_TOTALS = "成果 {achievements} 项 · 需求 {demands} 条 · 匹配 {matches} 对"
    STATS_BY_INDUSTRY = "<b>按行业</b>（成果 / 需求）"
    STATS_BY_REGION = "<b>按地区</b>（成果 / 需求）"
    STATS_ROW = "  {name}：{supply} / {demand}"
    STATS_FUNNEL = "<b>对接漏斗</b>\n{steps}"
    STATS_FUNNEL_STEP = "{name} {count}"
    STATS_FUNNEL_RATE = "{name} {count}（{rate}%）"
    FUNNEL_NAMES = ("推荐", "感兴趣", "认领", "签约")
    STATS_EMPTY_GROUP = "  暂无数据"
    STATS_OTHER = "其他"
    CHART_CAPTION = "供需分布与对接漏斗"
    CHART_TITLE_INDUSTRY = "按行业的供需"
    CHART_TITLE_REGION = "按地区的供需"
    CHART_TITLE_FUNNEL = "对接漏斗"
    CHART_SUPPLY = "成果"
    CHART_DEMAND = "需求"
    CHART_UNAVAILABLE = "图表生成失败：{reason}"
    FORM_BROADCAST = "群发消息"
    F_BROADCAST_TEXT = "消息内容"
    P_BROADCAST_TEXT = "请输入要群发的内容（不超过 2000 字），发送前会请您确认。"
    BROADCAST_QUEUED = (
        "📤 已交给通知服务发给 {count} 位用户：按 Telegram 的限速逐一送达，"
        "发送失败的会自动重试，服务重启也不会漏发。发送 /broadcasts 查看送达情况。"
    )
    BROADCASTS_NONE = "还没有群发过消息。发送 /broadcast 开始群发。"
    BROADCASTS_HEADER = "📊 最近 {count} 次群发的送达情况"
    BROADCASTS_ITEM = (
        "{index}. {time}「{text}」\n"
        "    共 {total} 人：已送达 {sent} · 待发送 {waiting} · "
        "发送失败 {failed} · 已屏蔽机器人 {blocked}"
    )
    BROADCASTS_RETRY_HINT = "发送失败的消息可由运维执行 mengke notifier --retry-failed 重发。"
    BROADCAST_FROM = "📢 平台通知\n\n{text}"

    # -- policies (default rendering; the policy module may render richer) ------------------------
    POLICY_DIGEST_HEADER = "📰 政策速递：为您整理了 {count} 条可能适用的政策"
    POLICY_URGENT_HEADER = "⏰ 申报即将截止，请抓紧："
    POLICY_REMINDER_HEADER = "⏰ 申报截止提醒："
    POLICY_LINE = "{index}. <b>{title}</b>\n    {issuer} · 截止：{deadline}"
    POLICY_OPEN_ENDED = "长期有效"

    # -- subscription alert ----------------------------------------------------------------------
    SUBSCRIPTION_ALERT_HEADER = "🔔 有新成果符合您关注的「{keywords}」："

    # -- safety ------------------------------------------------------------------------------
    FLOOD_WARNING = "您发送得太快了，请稍等几秒再继续。"
    INTERNAL_ERROR = (
        "抱歉，处理时出了点问题，我们已经记录下来。请稍后再试，正在填写的内容不会丢失。"
    )

    # -- command menu ------------------------------------------------------------------------
    COMMANDS = {
        "start": "开始使用 / 登记企业",
        "demand": "发布技术需求",
        "mydemands": "我的需求",
        "policies": "适合我的政策",
        "subscribe": "订阅提醒",
        "mysubs": "我的订阅",
        "unsubscribe": "退订",
        "broker": "申请成为技术经纪人",
        "scope": "设置经纪人负责范围",
        "help": "帮助",
        "cancel": "取消当前操作",
    }
    ADMIN_COMMANDS = {
        "stats": "供需统计",
        "broadcast": "群发消息",
        "broadcasts": "群发送达情况",
        "approve": "审批经纪人申请",
    }


T = ZhCN()
