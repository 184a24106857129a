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
