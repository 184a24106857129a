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

# --- the statistics page (outputs/stats.py) ----------------------------------------------

ALL_COMMUNITIES = "全部"  # the row of every community together
TOTAL = "合计"  # a town's total row, a table's total row
TOWN_COLUMN = "街道/乡镇"
COMMUNITY_COLUMN = "社区/村"
BY = "按{column}"  # a section's heading: 按协商内容, 按协商形式, 按阶段

# consultations a year, by community
YEARLY_HEADING = "每年协商次数"
YEARLY_INTRO = (
    "按会议日期计：会议在当年举行、且在今天或之前举行、结果不是“撤回”的案例，计为一次协商。"
)
YEARLY_CAPTION = "各社区、村每年协商次数（每年至少 {minimum} 次；本年尚未结束，不作判断）"
YEAR_COLUMN = "{year} 年"
YEAR_SO_FAR_CELL = "{n} / {minimum}（本年至今）"
YEAR_SHORT_CELL = "{n}（不足 {minimum} 次）"
TOWN_TOTAL_CELL = "{total}（{applicable} 个中 {met} 个够 {minimum} 次）"
YEARLY_CHART_TITLE = "{year} 年各社区、村协商次数{so_far}"
SO_FAR = "（本年至今）"
YEARLY_CHART_DESCRIPTION = (
    "横条为各社区、村 {year} 年开展协商的次数，虚线为每年至少 {minimum} 次；"
    "斜线填充的横条表示已结束的年份中少于最低次数。"
)
YEARLY_MARKER = "至少 {minimum} 次"
SHORT_FLAG = "不足"  # after the number of a hatched bar

# cases by category, form and stage
CATEGORY_COLUMN = "协商内容"
STAGE_COLUMN = "阶段"
COUNT_CAPTION = "按{column}分的案例数"
CASES_COLUMN = "案例数"
SHARE_COLUMN = "占比"
COUNT_CHART_DESCRIPTION = "横条为各{column}的案例数，共 {total} 件。"
NO_CASES = "暂无案例。"

# how long things take
TIMING_HEADING = "办理时效"
TIMING_CAPTION = "各社区、村办理时效"
TIMING_COLUMNS = (
    "从提出到有结果",
    "从有结果到落实完成",
    "按时答复",
    "答复晚了",
    "过了期限没答复",
    "还在等答复",
)
TIMING_INTRO = (
    "从提出到有结果：议题提出那天到协商出结果那天，过了多少天；从有结果到落实完成：出结果那天到落实进度第一次到 100% 那天。"
    "“一般”是把各件的天数从少到多排好，排在正中间的那个数。"
    "按时答复：报送政府部门、有答复期限的事项中，在期限内答复的件数，和已答复或已过期限的件数相比；"
    "没有答复期限的事项不计入。"
)
TYPICAL_DAYS = "一般 {days} 天（{n} 件）"
ON_TIME_SHARE = "{on_time}/{decided}（{share:.0%}）"

# residents' evaluations (the three counts' columns are the format's labels)
EVALUATION_HEADING = "群众评议"
EVALUATION_CAPTION = "各社区、村群众评议"
EVALUATED_COLUMN = "评议的议题"
EVALUATION_INTRO = (
    "群众对协商成果及落实情况的评议，按参加评议的人数合计（各议题的评议见议题页）。"
    "只统计已登记评议的议题。"
)

# --- the search page --------------------------------------------------------------------

# the town= value that asks for the whole county's index, and its name in the town list
WHOLE_COUNTY = "全县"

# --- the build's own words (site/plugin.py): clerks and operators, not residents ----------

# ``serve``: the preview paused on errors, or updated; the page of findings shown instead
PREVIEW_PAUSED = "有错误：浏览器里的预览显示这些错误；改正并保存后会自动刷新。"
PREVIEW_UPDATED = "预览已更新：http://{address}/"
ERRORS_PAGE_TITLE = "有 {n} 个错误需要改正"
ERRORS_NAV = "有错误"

# the build's steps, as its progress names them
STEP_PREPARING_PAGES = "准备页面（照片、正文）"
STEP_FEEDS_AND_DATA = "订阅和数据文件"
STEP_WRITING_PAGES = "生成页面"
STEP_FILES_AND_REDIRECTS = "照片、附件和跳转"
STEP_FEEDS_DATA_AND_SEARCH = "订阅、数据文件和搜索索引"

# what stops a build, and what it leaves out
PHOTO_UNUSABLE = "{path}：图片无法处理（{error}），请重新导出这张照片"
PAGE_CACHE_LOST = "页面缓存在生成过程中被删除：{page}，请重新运行 noticeboard build"
REDIRECT_SHADOWED = "旧地址 %s 已有页面，未写入跳转"  # a log line: %s is the old address

# the search step (site/search_index.py, site/search_css.py): what stops it
SEARCH_INDEX_INCOMPLETE = "搜索索引没有写完整（{bundle}）"
PAGEFIND_NOT_INSTALLED = (
    "没有安装搜索组件 pagefind（{error}）：运行 bash scripts/dev.sh 重新安装依赖"
)
PAGEFIND_PROGRAM_MISSING = "找不到搜索组件 pagefind 的程序（{error}）"
SEARCH_INDEX_FAILED = "搜索索引生成失败：{error}"
# what Pagefind's process did wrong (generator/site/pagefind_process.py)
PAGEFIND_ENDED = "Pagefind 已退出（{error}）"
PAGEFIND_DIED = "Pagefind 意外退出"
PAGEFIND_PATH_OUTSIDE = "Pagefind 给出了索引文件夹以外的路径：{path}"
MATERIAL_CSS_NOT_FOUND = "找不到 Material 的样式表 {pattern}（找到 {n} 个）"

# --- vocabulary the code compares against (not wording) -----------------------------------

# how a telephone number is typed in a clerk's text (site/templating.py's tel: links):
# full-width digits, dash, brackets and space, folded to 0-9 - ( ) and a space; the words
# before an extension
FULLWIDTH_PHONE_CHARACTERS = "０１２３４５６７８９－（）　"
PHONE_EXTENSION_WORDS = ("转", "分机")

# characters too common to index (的, 了 …): a search leaves them out (site/search_index.py)
SEARCH_STOP_CHARACTERS = "的了在是和"
