"""Every checker code, with its severity and its Chinese text: one place to review them.

``message`` says what is wrong, ``hint`` how to fix it, ``public_text`` what residents
read on the site for public warnings. Templates use ``str.format`` fields that the
rule supplies. The clerks' guide (docs/guide/) documents every code listed here, and a
test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HOW_TO_SAVE_UTF8 = (
    "请另存为 UTF-8：记事本点“文件→另存为”，下方“编码”选“UTF-8”后保存；"
    "WPS 点“文件→另存为”，保存类型选“纯文本(*.txt)”，编码选“UTF-8”，再把扩展名改回原来的"
)


@dataclass(frozen=True)
class Code:
    severity: str  # "error" or "warning"
    title: str  # a short Chinese name for the guide's index
    message: str
    hint: str = ""
    public: bool = False
    public_text: str = ""


CODES: dict[str, Code] = {
    # --- reading the file ---------------------------------------------------------------
    "unreadable": Code(
        "error",
        "无法读取文件",
        "无法读取这个文件：{reason}",
        "检查文件是否被其他程序占用，或是否有读取权限",
    ),
    "file-too-large": Code(
        "error",
        "文件过大",
        "文件有 {size_kb} KB，超过了 {limit_kb} KB 的上限",
        "案例文件只写文字；照片、扫描件放进案例同名文件夹，再在 attachments 或 photos 中引用",
    ),
    "not-text": Code(
        "error",
        "不是文本文件",
        "这不是文本文件（第 {at_line} 行附近有无法识别的内容）",
        "可能把 Word 文档、图片改了扩展名。请用记事本新建文件，或用 noticeboard new 生成模板",
    ),
    "encoding-gbk": Code(
        "error",
        "文件编码是 GBK",
        "文件是用 GBK（ANSI）编码保存的，需要 UTF-8 编码",
        HOW_TO_SAVE_UTF8,
    ),
    "encoding-utf16": Code(
        "error",
        "文件编码是 UTF-16",
        "文件是用 UTF-16（“Unicode”）编码保存的，需要 UTF-8 编码",
        HOW_TO_SAVE_UTF8,
    ),
    "empty-file": Code(
        "error", "文件是空的", "文件是空的", "用 noticeboard new 生成带说明的模板，再填写"
    ),
    "front-matter-missing": Code(
        "error",
        "缺少开头的 ---",
        "案例文件的第一行应是 ---，接着写案例信息，再用一行 --- 结束，之后才是正文",
        "用 noticeboard new case 社区编号 生成模板，照着填写",
    ),
    "front-matter-unclosed": Code(
        "error",
        "缺少结束的 ---",
        "开头的 --- 之后找不到结束的一行 ---",
        "在案例信息和正文之间加一行 ---（三个英文减号，单独一行）",
    ),
    "yaml-syntax": Code(
        "error",
        "格式有误",
        "格式有误：{explanation}",
        "对照 noticeboard new 生成的模板检查这一行和上一行",
    ),
    "yaml-indent": Code(
        "error",
        "缩进不对",
        "缩进不对：“{key}”这一行前面有 {have} 个空格，和同一层的其他字段没有对齐",
        "把这一行改成前面 {want} 个空格，与同一层的字段左边对齐（每往里一层多两个空格，只用半角空格）",
    ),
    "yaml-alias": Code(
        "error",
        "不允许 & 和 *",
        "这里用了 & 锚点或 * 引用，案例文件不允许这种写法",
        "把要重复的内容直接再写一遍",
    ),
    "yaml-multiple-documents": Code(
        "error",
        "多了一行 ---",
        "这里多了一行 ---，一个文件只能有一段字段信息",
        "删掉多余的 ---；正文里的分隔线请用 *** 代替",
    ),
    "yaml-too-deep": Code(
        "error", "嵌套过深", "内容嵌套层次过深，不像是案例信息", "对照模板检查缩进"
    ),
    "yaml-duplicate-key": Code(
        "error", "字段重复", "“{key}”写了两次", "删掉其中一个，只保留正确的那个"
    ),
    "fullwidth-colon": Code(
        "error",
        "用了中文冒号",
        "“{key}”后面用了中文冒号“：”",
        "改成英文冒号加一个空格，写成“{key}: ”；输入字段名时请切换到英文输入法",
    ),
    "fullwidth-space": Code(
        "error",
        "用了全角空格",
        "这里用了全角空格（中文输入法下的空格）",
        "删掉它，换成普通的半角空格；缩进只能用半角空格",
    ),
    "tab-indent": Code(
        "error", "用了 Tab 缩进", "这一行用 Tab 键缩进了", "把 Tab 换成空格：每一层缩进两个空格"
    ),
    "colon-no-space": Code(
        "error",
        "冒号后缺空格",
        "“{key}:”后面少了一个空格",
        "在冒号后面加一个半角空格，写成“{key}: 值”",
    ),
    # --- fields -------------------------------------------------------------------------
    "not-a-mapping": Code(
        "error",
        "内容不是字段列表",
        "这里应是“字段: 值”的列表，现在是{found}",
        "对照 noticeboard new 生成的模板填写",
    ),
    "required-missing": Code("error", "缺少必填项", "缺少必填项 {label}（{key}）", "{hint}"),
    "unknown-key": Code("error", "不认识的字段", "不认识的字段“{key}”", "{hint}"),
    "wrong-type": Code(
        "error", "值的类型不对", "{label}（{key}）应为{expected}，现在是“{found}”", "{hint}"
    ),
    "not-in-list": Code(
        "error", "不在允许的列表中", "{label}（{key}）的值“{found}”不在允许的列表中", "{hint}"
    ),
    "bad-date": Code(
        "error",
        "日期写法不对",
        "{label}（{key}）应为日期，写成 YYYY-MM-DD，现在是“{found}”",
        "{hint}",
    ),
    "date-implausible": Code(
        "error",
        "日期不合常理",
        "{label}（{key}）是 {value}，不在 {low} 到 {high} 之间",
        "多半是年份写错了（如把 2025 写成 0205 或 2205），请核对后改正",
    ),
    "bad-datetime": Code(
        "error",
        "日期时间写法不对",
        "{label}（{key}）应为日期和时间，写成 YYYY-MM-DD HH:MM，现在是“{found}”",
        "{hint}",
    ),
    "participant-name-count": Code(
        "error",
        "协商主体写法不对",
        "每位协商主体要写 name（姓名）或 count（人数）中的一个，{found}",
        "具体的人写 name；一类没有具名的人写 count，如“count: 12”",
    ),
    "reply-without-replied": Code(
        "error",
        "有答复没日期",
        "写了答复内容 reply，却没有答复日期 replied",
        "补上答复日期 replied: YYYY-MM-DD",
    ),
    "outcome-without-meeting": Code(
        "error",
        "有结果没会议",
        "写了协商结果 outcome，却没有会议 meeting",
        "补上 meeting（时间、地点、主持人、协商主体）；只有撤回（withdrawn）的议题可以没有会议",
    ),
    "attendance-missing": Code(
        "error",
        "缺少到会人数",
        "写了协商结果，却没有到会人数 attendance.present",
        "补上 attendance: 下的 present: 到会人数",
    ),
    # --- ids and paths ------------------------------------------------------------------
    "bad-community-id": Code(
        "error",
        "社区编号不对",
        "文件夹名“{found}”不能作为社区编号",
        "{hint}",
    ),
    "bad-case-id": Code(
        "error",
        "案例编号不对",
        "文件名“{found}”不是台账编号",
        "写成“年份-序号.md”，如 2026-03.md；用 noticeboard new case 会自动取下一个编号",
    ),
    "hidden-extension": Code(
        "error",
        "扩展名多了 .txt",
        "文件名是“{found}”，实际的扩展名是 .txt，不会被当作案例或社区文件",
        "Windows 默认隐藏扩展名：在资源管理器的“查看”中勾选“文件扩展名”，把末尾的 .txt 删掉；"
        "用记事本保存时，“保存类型”选“所有文件”",
    ),
    "community-missing": Code(
        "error",
        "缺少 community.yml",
        "文件夹 {folder} 里没有 community.yml",
        "用 noticeboard new community {folder} 生成",
    ),
    "duplicate-id": Code(
        "error", "编号重复", "台账编号 {found} 与 {other} 重复", "给其中一个换一个未用过的编号"
    ),
    "related-missing": Code(
        "error",
        "关联案例不存在",
        "关联案例（related）“{found}”{why}",
        "本社区的案例写台账编号，如 2025-07；其他社区的写“社区编号/案例编号”，如 nanyuan/2025-07",
    ),
    "moved-from-conflict": Code(
        "error",
        "旧地址冲突",
        "旧地址（moved_from）“{found}”{why}",
        "moved_from 只写本案例改编号之前的地址，写成“社区编号/案例编号”；打印过的二维码靠它找到本案例",
    ),
    "path-missing": Code(
        "error",
        "文件不存在",
        "找不到照片或附件“{found}”：案例文件夹 {folder}/ 里没有这个文件",
        "{hint}",
    ),
    "path-outside": Code(
        "error",
        "文件不在案例文件夹中",
        "照片或附件“{found}”不在本案例的文件夹 {folder}/ 中（不能写完整路径、网址或 ..）",
        "把文件复制进与案例文件同名的文件夹 {folder}/，这里只写文件名，如 photo1.jpg",
    ),
    # --- order and numbers --------------------------------------------------------------
    "date-order": Code(
        "error",
        "日期先后不对",
        "{label}（{key}）{value} {relation}{other_label}（{other_key}）{other_value}",
        "按事情发生的先后，{label}应{should}{other_label}。核对这个日期，常见的是年份或月份写错",
    ),
    "progress-decreasing": Code(
        "error",
        "进度倒退",
        "落实进度（progress 第 {item} 项的 percent）从 {previous}% 降到了 {found}%",
        "进度只能保持或增加；如果前面的数字写错了，请改正",
    ),
    "percent-range": Code(
        "error",
        "进度超出范围",
        "落实进度应为 0 到 100 的整数，现在是“{found}”",
        "写成 0 到 100 之间的整数，不带 % 号",
    ),
    "vote-exceeds-present": Code(
        "error",
        "票数超过到会人数",
        "表决票数合计 {total}（赞成 {for_}、反对 {against}、弃权 {abstain}），超过到会人数 {present}",
        "核对会议记录中的票数和到会人数",
    ),
    # --- personal data and markup -------------------------------------------------------
    "personal-id": Code(
        "error",
        "含有身份证号",
        "这里有一个身份证号码（{masked}）",
        "公开的内容不能含有个人身份证号（个人信息保护法），请删除",
    ),
    "personal-mobile": Code(
        "error",
        "含有手机号",
        "这里有一个手机号码（{masked}）",
        "公开的内容不能含有个人手机号；请改用办公电话，或把公开的办公号码列入 site_config.yml 的 office_numbers",
    ),
    "personal-bank-card": Code(
        "error",
        "含有银行卡号",
        "这里有一个银行卡号（{masked}）",
        "公开的内容不能含有个人银行卡号，请删除；补贴发放等情况写“已发放到户”即可",
    ),
    "personal-im-id": Code(
        "warning",
        "含有QQ号或微信号",
        "这里像是一个人的 QQ 号或微信号（{found}）",
        "公开的内容不写个人的 QQ 号、微信号；需要联系方式时写居委会办公电话",
    ),
    "personal-plate": Code(
        "warning",
        "含有车牌号",
        "这里像是一个车牌号（{found}）",
        "车牌号能找到车主，公开时请删去或只写“某车辆”；确需公示（如停车位分配结果）请按规定遮挡部分字符",
    ),
    "personal-status": Code(
        "warning",
        "身份状况和住址、姓名写在一起",
        "“{found}”和门牌号、姓名写在一起，能认出是哪一户",
        "低保、残疾、未成年等身份状况不要和姓名、门牌号一起公开；写“某户”或只写人数",
    ),
    "markup-too-complex": Code(
        "error",
        "正文写法过于复杂",
        "这里的写法网站无法排版：{found}",
        "一般是粘贴出错或误按了很多次某个键；删掉多余的符号，列表最多嵌套几层即可",
    ),
    "unsafe-markup": Code(
        "error",
        "不安全的写法",
        "这里有不安全的网页代码：{found}",
        "删掉它。正文只用普通文字、标题、列表、表格、图片和 http(s) 链接；不要粘贴网页代码",
    ),
    # --- working days -------------------------------------------------------------------
    "calendar-unknown-year": Code(
        "error",
        "缺少节假日安排",
        "{year} 年的法定节假日和调休安排还没有数据，无法计算工作日",
        "国务院办公厅公布 {year} 年放假安排后，升级 chinesecalendar，或在 site_config.yml 的 calendar 下写入 {year} 年的 holidays 和 workdays",
    ),
    # --- procedure (warnings) ------------------------------------------------------------
    "notice-too-short": Code(
        "warning",
        "公示期不足",
        "会前公示（notice）从 {posted} 到 {until} 只有 {days} 个工作日，少于 {minimum} 个工作日（{source}）",
        "延长公示截止日期 notice.until，并相应推迟会议；工作日不含周末和法定节假日，含调休上班日",
        public=True,
        public_text="会前公示期不足 {minimum} 个工作日（{source}）",
    ),
    "assembly-notice-short": Code(
        "warning",
        "会议提前公告不足",
        "{form}应提前 {minimum} 天公告（{source}），这次从公示日期（notice.posted）到开会只有 {days} 天",
        "提前公示或推迟会议。村民委员会组织法第二十一条：召集村民会议，应当提前十天通知村民；"
        "居民会议只在县里设定了天数时检查",
        public=True,
        public_text="{form}提前公告不足 {minimum} 天（{source}）",
    ),
    "quorum-short": Code(
        "warning",
        "到会人数不足",
        "到会的{body}（attendance.{key}）{present} 人，不足 {total} 人的 {quorum}（至少 {needed} 人；{source}）",
        "须有 {quorum} 以上{body}到会，人数不足时会议不能作出决定，应改期；如果人数记错了，请改正",
        public=True,
        public_text="到会{body}不足 {quorum}（{source}）",
    ),
    "quorum-missing": Code(
        "warning",
        "未登记到会成员",
        "这次会议要核对到会的{body}人数（{source}），却没有登记 attendance.{key}",
        "补上 attendance: 下的 {key}: 人数",
        public=True,
        public_text="未公布到会{body}人数（{source}）",
    ),
    "weak-majority": Code(
        "warning",
        "赞成未过半数",
        "赞成 {for_} 票，未超过{whom} {present} 人的 {majority}（{source}），却记为达成共识（agreed）",
        "核对票数；未过半数时没有形成决定，结果应为 second_round（需二次协商）或 rejected（未通过）",
        public=True,
        public_text="赞成票未超过{whom}的 {majority}（{source}）",
    ),
    "referral-overdue": Code(
        "warning",
        "逾期未反馈",
        "{sent} 报送{to}的事项，应在 {due} 前答复，至今未答复",
        "收到答复后填写 replied（答复日期）和 reply（答复内容）；仍未答复的，请向上级督办",
        public=True,
        public_text="逾期未反馈：{to}应于 {due} 前答复（{source}）",
    ),
    "referral-late": Code(
        "warning",
        "逾期反馈",
        "{to}于 {replied} 答复，晚于答复期限 {due}",
        "如实记录即可，网站会标明逾期反馈",
        public=True,
        public_text="逾期反馈：{to}于 {replied} 答复，期限为 {due}（{source}）",
    ),
    "implementation-stale": Code(
        "warning",
        "落实进度久未更新",
        "落实进度自 {since} 起已有 {days} 天没有更新（超过 {maximum} 天；{source}）",
        "在 progress 中补一条最新进展（日期、进度、说明）",
        public=True,
        public_text="落实进度已 {days} 天未更新（{source}：{maximum} 天内更新）",
    ),
    "yearly-minimum": Code(
        "warning",
        "年度协商次数不足",
        "{year} 年只开展了 {count} 次协商，少于每年 {minimum} 次（{source}）",
        "每年至少开展 {minimum} 次协商；如有漏录的案例，请补录",
        public=True,
        public_text="{year} 年开展协商 {count} 次，少于每年 {minimum} 次（{source}）",
    ),
    "council-size": Code(
        "warning",
        "议事会人数不在范围内",
        "协商议事会（council.members）列了 {count} 名成员，不在 {low}–{high} 人之间",
        "按“1+7+X”组建议事会；名单有遗漏的请补全",
    ),
    "cadre-share": Code(
        "warning",
        "干部占比过高",
        "社区议事会成员 {total} 人中社区干部（cadre: true）有 {cadres} 人，超过 {limit}（{source}）",
        "增加居民代表等非干部成员，或核对每位成员的 cadre 标记；这一条只查社区，不查村",
    ),
    # --- the records a consultation leaves (issue 13) ---------------------------------
    "notice-missing": Code(
        "warning",
        "会前没有公示",
        "会议已经召开，却没有会前公示（notice）",
        "补上公示的张贴日期和截止日期 notice.posted、notice.until；确实没有公示的，如实保留（依据：{source}）",
        public=True,
        public_text="会前未公示（{source}）",
    ),
    "outcome-pending": Code(
        "warning",
        "结果待公布",
        "会议 {held} 已召开 {days} 天，还没有登记协商结果（outcome；{source}：会后 {due} 天内公布）",
        "把协商结果写进 outcome（日期、结果、成果）；会议没有开成的，写 result: withdrawn 并在 summary 说明",
        public=True,
        public_text="结果待公布：会议已召开 {days} 天（{source}：会后 {due} 天内公布）",
    ),
    "minutes-missing": Code(
        "warning",
        "没有会议记录",
        "会议已经召开，却没有登记会议记录（minutes）",
        "加 minutes: 写明 file（会议记录扫描件，放在案例同名文件夹）或 kept_at（原件存放处）（依据：{source}）",
    ),
    "plan-approval-missing": Code(
        "warning",
        "重大事项方案未登记审核",
        "重大事项的协商方案没有登记党组织审核同意（plan.approved）",
        "加 plan: 写明 approved（审核同意日期）和 by（审核的党组织）（依据：{source}）",
    ),
    "outcome-not-filed": Code(
        "warning",
        "重大事项成果未备案",
        "重大事项的协商成果没有登记备案日期（outcome.filed）",
        "向党组织和居（村）委会备案后填写 filed: 日期（依据：{source}）",
    ),
    "referral-kind-missing": Code(
        "warning",
        "未注明事项类型",
        "{sent} 报送{to}的事项没有注明类型（kind）；如果是受委托的事项，答复期限 {limit} 已过",
        "写 kind: 委托（受政府或有关部门委托的协商事项，{source}）或 kind: 落实（需部门落实的事项，没有统一期限）",
    ),
    "referral-due-beyond": Code(
        "warning",
        "答复期限超过规定",
        "委托事项的答复期限写成了 {typed}，晚于规定的 {limit}（报送后第 {days} 个工作日）",
        "网站按规定的 {limit} 判断是否逾期；请改正 due，或删掉 due 由程序计算（依据：{source}）",
    ),
    "referral-not-written": Code(
        "warning",
        "未书面答复",
        "{to}对委托事项的答复不是书面形式（written: false）",
        "请{to}补一份书面答复后改为 written: true；如果是记错了，请改正（依据：{source}）",
        public=True,
        public_text="{to}未以书面形式反馈（{source}）",
    ),
    "voters-exceed-present": Code(
        "error",
        "有表决权人数超过到会人数",
        "有表决权的到会人数（attendance.voters）{voters} 人，超过到会人数 {present} 人",
        "核对会议签到表：voters 只算到会人员中有表决权的人",
    ),
    "vote-exceeds-voters": Code(
        "error",
        "票数超过有表决权人数",
        "表决票数合计 {total}，超过有表决权的到会人数 {voters}",
        "列席的部门人员、民警、施工方等没有表决权，不计票；核对票数和 attendance.voters",
    ),
    "declined-with-meeting": Code(
        "error",
        "不予协商却有会议",
        "结果写了 declined（不予协商），文件里却有协商会议 meeting",
        "不予协商的议题没有会议：删掉 meeting；开过会的议题请选其他结果",
    ),
    "minutes-empty": Code(
        "error",
        "会议记录没有内容",
        "写了 minutes，却没有写 file（扫描件）或 kept_at（原件存放处）",
        "至少写一项，如 kept_at: 社区居委会档案室",
    ),
    # --- published addresses (build --published) and taking cases down -----------------
    "address-lost": Code(
        "error",
        "已发布的地址会失效",
        "已发布的地址 {address} 在这次生成的网站里没有了，打印过的二维码会打不开",
        "{hint}",
    ),
    "base-url-changed": Code(
        "error",
        "网站地址变了",
        "已发布的网站在 {published}，site_config.yml 的 base_url 现在是 {base}：{count} 个已发布的地址会失效",
        "把 base_url 改回 {published}；确实要换网址的，先让旧网址整体跳转到新网址，再不带 --published 生成一次",
    ),
    "hidden-community": Code(
        "error",
        "社区文件夹被隐藏",
        "文件夹“{found}”以点开头，是隐藏文件夹，这个社区（村）不会出现在网站上",
        "把文件夹改名为“{name}”（去掉开头的点）",
    ),
    "withdrawn-invalid": Code(
        "error",
        "撤下记录写得不对",
        "撤下记录（withdrawn.yml）{detail}",
        "每条写三项：case（案例编号，如 2025-03）、date（撤下日期，如 2026-11-20）、reason（撤下原因，会公开显示）",
    ),
    "withdrawn-still-present": Code(
        "error",
        "撤下的案例还在",
        "案例 {case} 写在了撤下记录里，但案例文件 {file} 还在",
        "确实要撤下的，删除案例文件 {file}（和同名文件夹）；不撤下的，删除 withdrawn.yml 里的这一条",
    ),
    # --- the site configuration ---------------------------------------------------------
    "config-invalid": Code(
        "error",
        "网站设置有误",
        "site_config.yml 的 {key} 有误：{detail}",
        "对照 docs/guide/settings.md（网站设置说明）修改",
    ),
    # --- what leaves content/ (issue 11) --------------------------------------------------
    "link-outside": Code(
        "error",
        "链接指向内容文件夹以外",
        "“{found}”是一个链接（快捷方式），指向内容文件夹以外的地方，不会被读取或公开",
        "删掉这个链接，把真正的文件或文件夹复制到这里",
    ),
    "not-regular-file": Code(
        "error",
        "不是普通文件",
        "“{found}”是{kind}，不是普通文件，不会被读取或公开",
        "删掉它；需要的话放入真正的文件",
    ),
    "bad-file-name": Code(
        "error",
        "文件名含有看不见的字符",
        "文件或文件夹名“{found}”含有换行或其他看不见的字符（<U+…> 处）",
        "重命名，去掉名字里（常在末尾）的换行和看不见的字符，再改写引用它的地方",
    ),
    "attachment-type": Code(
        "error",
        "文件类型不能公开",
        "照片或附件“{found}”{problem}",
        "{hint}",
    ),
    "attachment-too-large": Code(
        "error",
        "照片或附件过大",
        "照片或附件“{found}”有 {size_mb} MB，超过了每个文件 {limit_mb} MB 的上限",
        "压缩图片或拆分文档后再放入；确需更大的文件，可调高 site_config.yml 的 max_file_mb",
    ),
    "image-broken": Code(
        "error",
        "图片已损坏",
        "图片“{found}”无法使用：{reason}",
        "从手机或相机重新导出这张照片，放入案例文件夹后再检查",
    ),
    "image-too-large": Code(
        "error",
        "图片像素过多",
        "图片“{found}”有 {width}×{height} 像素，超过了 {limit} 万像素的上限",
        "用画图软件或手机相册把图片缩小（如长边 4000 像素）后另存，再放入案例文件夹",
    ),
    "pdf-broken": Code(
        "error",
        "PDF 无法处理",
        "PDF“{found}”无法公开：{reason}",
        "用 WPS、Word 或打印功能重新导出一份没有密码的 PDF，放入案例文件夹后再检查",
    ),
    "pdf-personal": Code(
        "error",
        "附件里有个人号码",
        "附件“{found}”{where}有 {count} 个手机号或身份证号{how}（如 {masked}），公开后任何人都能看到和复制",
        "在 PDF 上画黑框、涂色块不能遮住文字（框下面的文字仍能被复制和搜索）。"
        "用 WPS“PDF 脱敏/遮盖”后重新导出，或打印后涂黑再扫描；会议纪要的签到表不要公开，"
        "只公开正文页，完整的扫描件留在档案里（minutes.kept_at 写明存放处）",
    ),
    "pdf-ocr-unavailable": Code(
        "error",
        "扫描件无法检查",
        "附件“{found}”{where}需要文字识别才能检查其中有没有手机号和身份证号，但{reason}",
        "请管理网站的同事安装文字识别（Debian/Ubuntu："
        "sudo apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils，"
        "或运行 bash scripts/dev.sh install）后再构建；也可以改用带文字层的 PDF（从 WPS、Word 直接导出）",
    ),
    "poster-missing-glyph": Code(
        "error",
        "海报印不出的字",
        "海报字体里没有{chars}：印出来会缺字或变成方框",
        "请安装含有这个字的字体，并在 site_config.yml 的 posters.font 指定它；"
        "或在这里改用常用字，在括号里注明原字的读音或写法（如“王（左日右喆）”）",
    ),
    "remote-image": Code(
        "error",
        "引用了其他网站的图片",
        "这里显示的是其他网站的图片（{found}）：会让居民的手机去访问那个网站",
        "把图片下载后放进案例同名文件夹，在 progress 的 photos 或 attachments 中引用；正文里只写文字或链接",
    ),
    "invisible-character": Code(
        "error",
        "含有看不见的字符",
        "这里有看不见的字符 {found}（{what}），会让文字显示错乱或冒充别的内容",
        "删掉这段文字后重新手动输入；从网页、微信复制的文字常带有这种字符",
    ),
    "yaml-tag": Code(
        "error",
        "用了 YAML 标签",
        "这里用了 YAML 标签 {tag}，案例文件不支持",
        "删掉 {tag}，直接写值；文字含有特殊符号时用英文引号括起来",
    ),
}

# The {detail} of withdrawn-invalid: what is wrong with withdrawn.yml (model/withdrawn.py);
# n counts entries from 1.
WITHDRAWN_NOT_A_LIST = "要写成列表：每条以“- case:”开头"
WITHDRAWN_NOT_AN_ENTRY = "第 {n} 条要写成 case、date、reason 三项"
WITHDRAWN_UNKNOWN_KEY = "第 {n} 条有不认识的项“{key}”"
WITHDRAWN_NO_CASE = "第 {n} 条的 case 要写案例编号，如 2025-03"
WITHDRAWN_NO_DATE = "第 {n} 条的 date 要写撤下日期，如 2026-11-20"
WITHDRAWN_NO_REASON = "第 {n} 条的 reason 要写撤下原因（会公开显示）"
WITHDRAWN_REASON_TOO_LONG = "第 {n} 条的 reason 超过 {max} 个字，请写简短些"
WITHDRAWN_TWICE = "案例 {case} 写了两次"


class _Safe(dict):
    """Leave unknown ``{fields}`` visible rather than failing on them."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, params: dict[str, Any]) -> str:
    if not template:
        return ""
    return template.format_map(_Safe(params))


def render(code: str, params: dict[str, Any]) -> tuple[str, str, str]:
    """(message, hint, public_text) for ``code`` with ``params`` filled in."""
    info = CODES[code]
    return _fill(info.message, params), _fill(info.hint, params), _fill(info.public_text, params)
