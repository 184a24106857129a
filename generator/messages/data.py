"""The words of the published data (anyone reusing it: data/*.csv, *.json, the data
package, Popolo, structured data), of the feeds and calendars (residents' readers), and
of the change descriptions that case pages, feeds and editor commit messages carry."""

# --- short names shared by the data's columns and the change history ----------------------
COMMUNITY_ID_COLUMN = "社区编号"
TOWN_COLUMN = "街道/乡镇"
URL_COLUMN = "网址"
PUBLIC_WARNINGS_COLUMN = "公开提示"
CASES_COUNT = "案例数"
CATEGORY = "协商内容"
NOTICE_UNTIL = "公示截止"
MEETING_TIME = "会议时间"
MAJOR = "重大事项"
COUNCIL_PRESENT = "到会议事会成员"
REFERRALS = "报送事项"

# --- data/cases.csv and cases.json: column titles (where not the field's own label,
# source/fields.py) and descriptions of the columns that are not a copied field ----------

CASE_COLUMN_TITLES = {
    "community_id": COMMUNITY_ID_COLUMN,
    "community_name": "社区名称",
    "town": TOWN_COLUMN,
    "case_id": "案例编号",
    "url": URL_COLUMN,
    "category": CATEGORY,
    "stage": "阶段",
    "notice_until": NOTICE_UNTIL,
    "meeting_start": MEETING_TIME,
    "major": MAJOR,
    "participants": "协商主体人数",
    "attendance_council_present": COUNCIL_PRESENT,
    "progress_date": "进度更新日期",
    "completed_date": "落实完成日期",
    "referrals": REFERRALS,
    "referrals_replied": "已答复",
    "referrals_overdue": "逾期未反馈",
    "referrals_late": "逾期反馈",
    "public_warnings": PUBLIC_WARNINGS_COLUMN,
}
CASE_COLUMN_NOTES = {
    "community_id": "社区（村）文件夹名，如 xiguan",
    "community_name": "社区（村）名称",
    "case_id": "台账编号，如 2026-03",
    "url": "案例页面的永久网址",
    "stage": "按生成日期推算的阶段",
    "major": "重大事项为 1，否则为 0；没有会议时为空",
    "participants": "协商主体人数：具名的每人计 1，未具名的一类人计其人数",
    "progress_date": "最近一次落实进展的日期",
    "completed_date": "落实进度达到 100% 的日期",
    "referrals": "报送政府或有关部门的事项数",
    "referrals_replied": "已答复的报送事项数",
    "referrals_overdue": "逾期未反馈的报送事项数；答复期限落在没有节假日数据的年份时为空",
    "referrals_late": "逾期后才反馈的报送事项数；同上",
    "public_warnings": "案例页面上公开提示的代码，按字母排序",
}
# The case column ``town`` is described by community.yml's label of the field.

# --- data/communities.json: the same, per community -----------------------------------------
COMMUNITY_FIELD_TITLES = {
    "community_id": COMMUNITY_ID_COLUMN,
    "kind": "类型（社区/村）",
    "town": TOWN_COLUMN,
    "county": "区/县",
    "url": URL_COLUMN,
    "council_term": "议事会届期",
    "council_members": "议事会成员人数",
    "cases": CASES_COUNT,
    "stages": "各阶段案例数",
    "consultations_by_year": "各年协商次数",
    "yearly_minimum": "每年最少协商次数",
    "public_warnings": PUBLIC_WARNINGS_COLUMN,
}
COMMUNITY_FIELD_NOTES = {
    "community_id": "社区（村）文件夹名",
    "url": "社区（村）页面的永久网址",
    "council_members": "议事会成员人数（只公开人数，不公开姓名）",
    "cases": CASES_COUNT,
    "stages": "各阶段的案例数",
    "consultations_by_year": "每年已召开的协商次数（会议在该年且不晚于生成日期，结果不是撤回）",
    "yearly_minimum": "设置的每年最少协商次数（rules.yearly_minimum）",
    "public_warnings": "社区（村）页面上公开提示的代码",
}

# --- data/datapackage.json -------------------------------------------------------------------
PACKAGE_TITLE = "{site}：协商公开数据"
PACKAGE_DESCRIPTION = (
    "城乡社区协商的公开数据：每个案例一行（cases.csv、cases.json），每个社区（村）一条"
    "（communities.json），以及 Popolo 格式的组织、会议、议题和表决（popolo.json）。"
    "只有人数，没有姓名。"
)
LICENSE_TITLE = "知识共享署名 4.0 国际许可协议（Creative Commons Attribution 4.0）"
CASES_CSV_TITLE = "案例（CSV，Excel/WPS 可直接打开）"
CASES_JSON_TITLE = "案例（JSON）"
COMMUNITIES_TITLE = "社区（村）"
POPOLO_TITLE = "Popolo：组织、会议、议题和表决"
POPOLO_DESCRIPTION = (
    "Popolo（https://www.popoloproject.com/）：organizations（社区、村和它们的"
    "协商议事会）、events（协商会议）、motions（议题）、vote_events（表决人数和结果）"
)
# A copied column's description: where it comes from (a case file or community.yml).
CASE_FILE = "案例文件"
FIELD_SOURCE = "{source}的 {path}（{label}）"
FIELD_SOURCE_HELP = "{where}：{help}"
DATETIME_SOURCE = "{source}的 {path}（{label}），带时区，如 {example}"

# --- data/popolo.json ----------------------------------------------------------------------
POPOLO_COMMUNITY_PAGE = "{name}的协商公开页面"
POPOLO_SITE_PAGE = "本站页面"
POPOLO_CASE_PAGE = "案例页面"
POPOLO_COUNCIL_TERM = "任期 {term}"
POPOLO_MEETING = "协商会议：{title}"

# --- schema.org Event of a case page (JSON-LD) ----------------------------------------------
EVENT_DESCRIPTION = "{community}{form}：{title}"

# --- Atom feeds (feed.xml) -----------------------------------------------------------------
FEED_TITLE = "{name}：协商动态"  # the site's name or a community's
FEED_SUBTITLE = "议题公示、协商结果和落实进展"  # when site_config.yml has no description
ENTRY_TITLE = "【{stage}】{title}（{date}）"
NOTICE_ENTRY = "{community}：议题“{title}”会前公示，公示期 {posted} 至 {until}。"
NOTICE_ENTRY_MEETING = "协商会议定于 {start:%Y-%m-%d %H:%M} 在{place}举行。"
OUTCOME_ENTRY = "{community}：协商结果为{result}。{summary}"
PROGRESS_ENTRY = "{community}：落实进度 {percent}%。"  # then the update's note

# --- iCalendar (calendar.ics, meeting.ics) --------------------------------------------------
CALENDAR_PRODID = "-//noticeboard//城乡社区协商公开//ZH"
CALENDAR_NAME = "{name}：协商会议"  # the site's name or a community's
CASE_CALENDAR_NAME = "{community}：{title}"
EVENT_SUMMARY = "{community}协商：{title}"
EVENT_TOPIC = "议题：{title}"
EVENT_COMMUNITY = "社区：{name}（{town}）"
EVENT_FORM = "协商形式：{form}"
EVENT_HOST = "主持人：{host}"
EVENT_NO_END = "结束时间：未定"
EVENT_DETAILS = "详情：{url}"

# --- <link rel="alternate"> titles of every page (the feeds and calendars) -----------------
SITE_FEED_LINK = "全站协商动态（Atom）"
SITE_CALENDAR_LINK = "全站协商会议日程（iCalendar）"
FEED_LINK = "{place}协商动态（Atom）"  # place: 本社区 / 本村
CALENDAR_LINK = "{place}协商会议日程（iCalendar）"

# --- what a revision of a case file changed (case pages, feeds, editor commit messages) ---
# The change history's names of the facts it compares, where not the field's own label
# (source/fields.py); keyed by the fact's place in the case file.
CHANGED_FACTS = {
    "title": "议题名称",
    "category": CATEGORY,
    "notice.posted": "公示开始",
    "notice.until": NOTICE_UNTIL,
    "meeting.start": MEETING_TIME,
    "meeting.major": MAJOR,
    "attendance.council_present": COUNCIL_PRESENT,
    "outcome.summary": "结果摘要",
    "outcome.vote.for": "赞成票",
    "outcome.vote.against": "反对票",
    "outcome.vote.abstain": "弃权票",
    "outcome.published": "结果公示日期",
    "referrals.count": "报送事项数",
    "referrals": REFERRALS,
    "progress": "进度记录",
    "body": "正文",
}
CHANGED_VALUE_INVALID = "（写法有误）"  # a date, number or choice that does not parse
YES = "是"
NO = "否"
CHANGED_TEXT = "{label}有修改"  # free text: named, never quoted
CHANGED_ADDED = "{label}：{value}"
CHANGED_REMOVED = "{label}：删去（原为 {before}）"
CHANGED_VALUE = "{label} {before} → {value}"
CHANGED_FORMAT_ONLY = "格式调整（内容未变）"
CHANGED_UNKNOWN = "文件内容有修改"  # a revision whose text or facts are unavailable
CREATED = "建档"  # the oldest revision
HISTORY_START = "本站修改记录自此开始"  # where revisions folded away (history_from) end

# --- vocabulary the code compares against (not wording) -------------------------------------
# community.yml's kind of an urban community (the other is 村): the default of a page's kind.
URBAN_KIND = "社区"
# The channels (proposed.channel) of a joint proposal, by who signs (model/joint.py).
JOINT_RESIDENT_CHANNELS = ("居民联名", "村民联名")
JOINT_REPRESENTATIVE_CHANNELS = ("居民代表联名", "村民代表联名")
REPRESENTATIVES = "{residents}代表"  # who signs a representatives' joint proposal
