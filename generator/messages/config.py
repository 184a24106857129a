"""Words about ``site_config.yml`` for clerks and operators: its errors (``check``, the command line), the settings guide's help and examples, the defaults' wording."""

# the defaults' wording (source/config.py)
DEFAULT_SITE_NAME = "城乡社区协商公开"

# what a setting should be, when it is not (``config-invalid``): {value!r} is what the file
# says, {shown} the part found wrong, {known} the documents this program knows
TEXT = "应为一段文字"
URL = "应以 http:// 或 https:// 开头，例如 https://xieshang.example.gov.cn"
TIMEZONE = "应为时区名称，如 Asia/Shanghai（北京时间）或 Asia/Urumqi，现在是 {value!r}"
ADOPTED = "应为文件列表，每项写 title（标题）、issuer（发文机关）、year（年份），且是本程序收录的文件之一：{known}；现在是 {shown}"
DATE = "应为日期，写成 2026-12-01，现在是 {value!r}"
PHONE_NUMBERS = "应为电话号码列表"
FILE_MB = "应为 1 到 1024 之间的数（单位 MB），现在是 {value!r}"
CALENDAR = "应为“年份: {holidays: [...], workdays: [...]}”"
INTEGER = "应为整数，现在是 {value!r}"
INTEGER_OR_EMPTY = "应为整数，或留空表示不检查，现在是 {value!r}"
FRACTION = "应为分数，如 2/3，现在是 {value!r}"
RANGE_OR_EMPTY = "应为两个整数的列表，如 [20, 30]，或留空表示不检查，现在是 {value!r}"
TEXT_LIST = "应为非空的文字列表"
PAPER = "纸张只能是 A4 或 A3，现在是 {shown}"
FONT_FILE = "应为字体文件的路径（.ttf、.otf、.ttc 或 .otc），现在是 {value!r}"
FONT_INDEX = "应为 0 或正整数，现在是 {value!r}"
CALENDAR_YEAR = "应为 {holidays: [放假日期…], workdays: [调休上班日期…]}，日期写成 YYYY-MM-DD"

# a section (rules:, lists:, posters:) that is not a mapping, and what its keys are called
RULES_SHAPE = "应为“键: 值”形式的规则阈值"
RULES_NAME = "规则阈值"
LISTS_SHAPE = "应为“键: 列表”形式"
LISTS_NAME = "列表"
POSTERS_SHAPE = "应为“键: 值”形式"
POSTERS_NAME = "海报设置"

# the file as a whole, its unknown keys, where a problem is
FILE_SHAPE = "应为“键: 值”形式的设置"
WHOLE_FILE = "(整个文件)"
UNKNOWN_SETTING = "未知的设置项，可用的有：{keys}"
UNKNOWN_IN_SECTION = "未知的{what}，可用的有：{keys}"
KEYS_SEPARATOR = "、"
AT_LINE = "第 {line} 行"
NO_SITE_CONFIG = "在 {root} 找不到 {file}：请在含有该文件的文件夹中运行 noticeboard"

# a policy document, as ``adopted:`` names it and as the error lists the known ones
DOCUMENT = "{issuer}《{title}》（{year}）"
DOCUMENTS_SEPARATOR = "；"

# the settings guide's table (docs/guide/settings.md): its head, each key's help and example
GUIDE_HEAD = "| 设置 | 说明 | 例子 |"
HELP = {
    "site_name": "网站名称，显示在每一页和海报上",
    "base_url": "网站的公开网址，印在每张海报的二维码里；越短越好扫，发布后不要再改",
    "county": "县（区）名称",
    "description": "网站简介，显示在首页",
    "content_dir": "案例文件所在的文件夹（默认 content）",
    "timezone": "案例文件里的时间按哪个时区理解，也是“今天”和页面上时间所用的时区（默认北京时间）",
    "rules": "规则阈值，不写则用默认值（政策文件规定的数字，或注明“本县规定”的本地默认值）",
    "rules.notice_min_workdays": "会前公示不少于几个工作日（默认 5，本县规定：政策文件只要求公示，没有天数）",
    "rules.assembly_notice_days": "村民会议提前几天通知（默认 10，村民委员会组织法第二十一条）",
    "rules.resident_assembly_notice_days": "居民会议提前几天公告（法律没有规定，默认不查；填了即为本县规定）",
    "rules.quorum": "重大事项议事会成员到会比例（默认 2/3，利川市实施方案）",
    "rules.representatives_quorum": "代表会议到会代表比例（默认 2/3：村民代表会议为村民委员会组织法第二十六条；居民代表会议只查重大事项，为本县规定）",
    "rules.majority": "赞成票须超过有表决权到会人数的比例（默认 1/2：村民会议、村民代表会议、居民会议按法律；其他形式为本县规定）",
    "rules.referral_workdays": "受委托事项几个工作日内书面反馈（默认 10，利川市实施方案；需落实的事项不计）",
    "rules.outcome_due_days": "会后几天内登记协商结果（政策文件要求主动公开协商成果、及时通报，没有天数；默认不查，填了即为本县规定，超过的在网站上显示“结果待公布”）",
    "rules.stale_days": "落实进度超过几天未更新算停滞（默认 90，本县规定）",
    "rules.yearly_minimum": "每个社区、村每年至少协商几次（默认 4，甘肃省实施意见、利川市实施方案）",
    "rules.community_council_size": "社区议事会人数范围（默认 [20, 30]，大城街道方案；留空不检查）",
    "rules.village_council_size": "村议事会人数范围（默认不检查）",
    "rules.cadre_share_max": "议事会中干部所占比例的上限（默认 1/2，大城街道方案）",
    "rules.joint_proposal_share": "居（村）民联名达到规定比例所需的人数比例（默认 1/10，按 community.yml 的 residents，利川市实施方案）",
    "rules.joint_proposal_representatives_share": "居（村）民代表联名达到规定比例所需的比例（默认 1/5，按 representatives，利川市实施方案）",
    "adopted": "本县采用的外地政策文件（默认一个也没有）。只有采用了的文件，其规定才会在网站上作为依据公开提示；没有采用的，检查时只写“参照……”提醒文书，不在网站上提示",
    "history_from": "案例页“修改记录”从这一天开始：此前的修改（导入旧档案、整理示例）不逐条公开，只显示这一天时文件的样子；不写则公开全部修改记录",
    "lists": "替换各字段的可选值列表（写了哪个列表就整个替换哪个）",
    "lists.categories": "协商内容类别（category）的可选值",
    "lists.forms": "协商形式（form）的可选值",
    "lists.channels": "议题提出方式（proposed.channel）的可选值",
    "lists.participant_groups": "协商主体类别（participants 的 group）的可选值",
    "lists.council_groups": "议事会成员类别（community.yml 中 council 的 group）的可选值",
    "office_numbers": "公开的办公电话：写在这里的号码不会被当作个人手机号报错",
    "max_file_mb": "每个附件、照片的大小上限（MB）；超过的文件不发布，检查时报错",
    "calendar": "chinesecalendar 还没有收录的年份的放假安排（按国务院办公厅通知填写）",
    "posters": "海报设置",
    "posters.paper": "海报纸张：A4 或 A3（默认 A4）",
    "posters.font": "海报用的中文字体文件，不写则自动查找系统字体；相对路径从项目文件夹算起",
    "posters.font_index": ".ttc 字体集中用第几个字体（从 0 数起，默认 0）",
}
EXAMPLE = {
    "site_name": "青禾县城乡社区协商公开",
    "base_url": "https://xs.qinghe.example.cn",
    "county": "青禾县",
    "description": "青禾县各社区、村协商议事的公开信息",
    "content_dir": "content",
    "timezone": "Asia/Shanghai",
    "rules.notice_min_workdays": "5",
    "rules.assembly_notice_days": "10",
    "rules.resident_assembly_notice_days": "7",
    "rules.quorum": "2/3",
    "rules.representatives_quorum": "2/3",
    "rules.majority": "1/2",
    "rules.referral_workdays": "10",
    "rules.outcome_due_days": "15",
    "rules.stale_days": "90",
    "rules.yearly_minimum": "4",
    "rules.community_council_size": "[20, 30]",
    "rules.village_council_size": "[15, 25]",
    "rules.cadre_share_max": "1/2",
    "rules.joint_proposal_share": "1/10",
    "rules.joint_proposal_representatives_share": "1/5",
    "adopted": "[{title: 关于加强城乡社区协商的实施意见, issuer: 中共甘肃省委办公厅、甘肃省人民政府办公厅, year: 2016}]",
    "history_from": "2026-12-01",
    "lists.categories": "[民生保障, 公共治理]",
    "lists.forms": "[居民议事会, 村民议事会]",
    "lists.channels": "[居民联名, 其他]",
    "lists.participant_groups": "[议事会成员, 居民代表]",
    "lists.council_groups": "[党组织, 居委会]",
    "office_numbers": "[09318600001]",
    "max_file_mb": "20",
    "calendar": "{2027: {holidays: [2027-01-01], workdays: []}}",
    "posters.paper": "A4",
    "posters.font": "fonts/NotoSansCJK-Regular.ttc",
    "posters.font_index": "2",
}

# vocabulary the code compares against (not wording)
TITLE_BRACKETS = "《》 "  # stripped from an adopted document's title as typed
