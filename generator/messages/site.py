"""The words residents read on the site's pages: stage names, page labels, the statistics page, the search page."""

# --- the case: its stage, its result, its timeline (model/cases.py) --------------------

# each case's stage (``Stage``), on every page, in the feeds and in the data files
STAGE_SECOND_ROUND = "二次协商"
STAGE_REFERRED = "提交会议决定"
STAGE_ENDED = "已终止"
STAGE_EVALUATED = "已评价"
STAGE_DONE = "已落实"
STAGE_IMPLEMENTING = "落实中"
STAGE_OUTCOME_PUBLISHED = "成果公示"
STAGE_AWAITING_OUTCOME = "待公布成果"
STAGE_AWAITING_MEETING = "待协商"
STAGE_ON_NOTICE = "公示中"
STAGE_COLLECTING = "议题征集"

# a result as the case page names it (the others are the format's labels, source/fields.py)
RESULT_REFERRED = "提交{residents}会议或{residents}代表会议决定"
RESULT_DECLINED = "不予协商"

# who and where, in a 社区's words and in a 村's
RESIDENTS = "居民"
VILLAGERS = "村民"
RESIDENTS_COMMITTEE = "居委会"
VILLAGE_COMMITTEE = "村委会"
HERE_COMMUNITY = "本社区"
HERE_VILLAGE = "本村"

# the case page's timeline, step by step
STEP_PROPOSED = "议题"
STEP_NOTICE = "公示"
STEP_MEETING = "协商"
STEP_OUTCOME = "成果"
STEP_PROGRESS = "落实"
STEP_EVALUATION = "评价"

# --- the pages (site/pages.py) ---------------------------------------------------------

# page titles, also the navigation's entries
HOME_TITLE = "首页"
TRACKER_TITLE = "落实跟踪"
STATS_TITLE = "统计"
SEARCH_TITLE = "搜索"
WITHDRAWN_TITLE = "议题 {case_id} 已撤下"  # the page left at a withdrawn case's address

# one line for a share card (WeChat) and <meta name="description">
COMMUNITY_SHARE_LINE = "{town}{community}：{n} 个协商议题"
CASE_SHARE_LINE = "{stage}｜{community}：{line}"

# a case in a community page's list: when it met, or else when it was proposed
CASE_MET_ON = "{date}协商"
CASE_PROPOSED_ON = "{date}提出"

# the council's members without a group, listed last
OTHER_GROUP = "其他"

# the state of each step of the case page's timeline (site/templating.py)
STATE_DONE = "已完成"
STATE_CURRENT = "进行中"
STATE_TODO = "未开始"
STATE_SKIPPED = "未经过"

# --- files the site publishes ------------------------------------------------------------

# the first line of urls.txt (site/urls.py), after "# "
URLS_TXT_TITLE = (
    "urls.txt：本站全部页面地址，一行一个；“# redirects”以下为旧地址跳转：旧地址<Tab>新地址。"
)

# --- vocabulary the code compares against (not wording) -----------------------------------

# how a telephone number is typed in a clerk's text (site/templating.py's tel: links):
# full-width digits, dash, brackets and space, folded to 0-9 - ( ) and a space; the words
# before an extension
FULLWIDTH_PHONE_CHARACTERS = "０１２３４５６７８９－（）　"
PHONE_EXTENSION_WORDS = ("转", "分机")
