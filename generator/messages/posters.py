"""The words a poster prints (residents at the notice board) and the ``posters``
command's words (clerks at the command line and in site_config.yml)."""

# --- poster headings, by stage (posters/content.py maps the stages to them) -------------
NOTICE_HEADING = "协商议题公示"
OUTCOME_HEADING = "协商结果公示"
PROGRESS_HEADING = "落实情况公示"
COMMUNITY_HEADING = "协商事项公开"

# --- under the QR code ---------------------------------------------------------------------
SCAN_CASE = "微信扫码\n查看详情"
SCAN_CASE_MORE = "会议纪要、表决结果、落实进度都在网页上公开，欢迎监督。"
# Minutes are promised only where the case has some (利川: 会议记录 kept; not always published).
SCAN_CASE_MORE_NO_MINUTES = "表决结果、落实进度都在网页上公开，欢迎监督。"
SCAN_COMMUNITY = "扫码查看{place}\n全部协商事项"  # place: 本社区 / 本村
SCAN_COMMUNITY_MORE = "每个议题的公示、协商结果和落实情况，都可在网页上查看。"

# --- the framed box of public warnings -----------------------------------------------------
WARNINGS_LABEL = "提示"

# --- the lines around the facts: number, date, the body that posts it ----------------------
CASE_NUMBER = "编号 {id}"
POSTED_ON = "公示日期 {date}"  # the latest date is the day the notice or outcome was posted
UPDATED_ON = "更新于 {date}"
COMMITTEE_NAME = "{name}{residents}委员会"  # 西关社区居民委员会 / 东风村村民委员会

# --- a case poster's intro, by stage or result ---------------------------------------------
INTRO_MEETING_HELD = "协商会议已于{date}召开，协商结果整理后将另行公示。"
INTRO_AWAITING_MEETING = "公示期已满，协商会议将按以下安排召开。"
INTRO_ON_NOTICE = (
    "现将以下协商议题予以公示。{residents}对议题有意见建议的，请在公示期内向{committee}反映。"
)
INTRO_COLLECTING = "现就以下议题征集{residents}意见建议，协商安排确定后另行公示。"
INTRO_SECOND_ROUND = "本议题经协商未能形成一致意见，将再次组织协商。"
INTRO_REFERRED = "本议题经协商，提交{residents}会议讨论决定。"
INTRO_DECLINED = "本议题经审查不予协商，理由公示如下。"
INTRO_ENDED = "本议题协商已终止，情况公示如下。"
INTRO_AGREED = "经协商议事，形成以下协商成果，现予公示，欢迎监督。"

# --- a case poster's facts: labels (spaced to the width of four characters) and values ----
# 协商形式, 协商结果, 协商会议, 议题提出 and 协商成果 are the fields' own labels (fields.py).
NOTICE_PERIOD_LABEL = "公 示 期"
NOTICE_PERIOD = "{posted}至{until}"
MEETING_TIME_LABEL = "协商时间"
MEETING_TIME_TO_COME = "另行通知"
MEETING_ENDS_ANOTHER_DAY = " 至 {date} {time}"
MEETING_PLACE_LABEL = "协商地点"
HOST_LABEL = "主 持 人"
PARTICIPANTS_LABEL = "参加人员"
PARTICIPANT_COUNT = "{count}人"  # an unnamed group of people
PARTICIPANT_NAME_SEPARATOR = "、"
PARTICIPANT_GROUP = "{group} {names}"
PARTICIPANT_GROUP_SEPARATOR = "；"
PARTICIPANTS_TOTAL = "（共 {total} 人）"
PROPOSED = "{date}由{by}提出（{channel}）。"
VOTE_LABEL = "表决情况"
VOTE = "赞成 {for_} 票，反对 {against} 票，弃权 {abstain} 票"
VOTE_PRESENT = "（到会 {present} 人）"
PRESENT = "到会 {present} 人"  # no vote taken
MEETING_HELD = "{date} {place}（{form}）"
OUTCOME_DATE_LABEL = "形成日期"
FILED_LABEL = "备\u3000\u3000案"
FILED = "{date}已备案"
NOT_FILED = "尚未备案"
OUTCOME_WITH_RESULT = "{summary}（{date}{result}）"  # 协商成果（2026年6月10日达成共识）
LATEST_PROGRESS_LABEL = "最新进展"
LATEST_PROGRESS_NOTE = "：{note}"
EVALUATION_LABEL = "群众评议"
EVALUATION = "满意 {satisfied}，基本满意 {basically_satisfied}，不满意 {unsatisfied}（{date}）"
REFERRALS_LABEL = "报送部门"
REFERRAL_REPLIED = "{to}\u3000已答复（{date}）"
REFERRAL_WAITING = "{to}\u3000待答复（{date}报送）"
REFERRALS_MORE = "另有 {count} 个部门，详见网页"

# --- the community's poster ----------------------------------------------------------------
COMMUNITY_TITLE = "{name}协商议事"
COMMUNITY_INTRO = "{residents}提出的议题、会前公示、协商结果和落实情况，全部在网上公开。"
TOWN_LABEL = "所属街镇"
COUNCIL_LABEL = "议 事 会"
COUNCIL = "协商议事会 {term}{members}"
COUNCIL_TERM = "{term} 届"
COUNCIL_MEMBERS = "，成员 {count} 人"
THIS_YEAR_LABEL = "今年协商"
THIS_YEAR = "{year}年已召开协商会议 {held} 次；网上共公开协商事项 {cases} 件"
BOARD_LABEL = "公 开 栏"
CURRENT_LABEL = "当前公开的事项"
CURRENT_CASE = "{id}\u3000{title}（{stage}）"

# --- the PDFs' titles and the bundle of a community ----------------------------------------
PDF_TITLE = "{heading}：{title}"
BUNDLE_TITLE = "{name}公开栏海报"

# --- the posters command and its targets (clerks at the command line) ----------------------
NOTHING_KNOWN = "（无）"
KNOWN_SEPARATOR = "、"
UNKNOWN_COMMUNITY = "找不到社区或村“{id}”：可用的有 {known}"
UNKNOWN_CASE = "{name}（{community}）没有编号为“{case}”的协商事项：可用的有 {known}"
NOT_MADE_FOR_ERRORS = (
    "内容有 {count} 处错误，未生成海报。请先修正（noticeboard check 可查看全部问题）。"
)
DONE = (
    "海报：新绘制 {rendered} 张，沿用缓存 {cached} 张，合订本 {bundles} 份，"
    "用时 {seconds:.1f} 秒；已写入 {folder}"
)
PNG_SAVED = "另存了 {dpi} dpi 的 PNG 图片（文件名以 -{dpi}dpi.png 结尾），供打印店使用。"

# --- fonts (site_config.yml's posters.font) -------------------------------------------------
INSTALL_FONT = (
    "找不到含有中文字形的字体，无法生成海报。请安装一种中文字体：\n"
    "  · Debian/Ubuntu：sudo apt-get install fonts-noto-cjk\n"
    "  · Fedora/CentOS：sudo dnf install google-noto-sans-cjk-fonts\n"
    "  · Windows 自带“微软雅黑”（C:\\Windows\\Fonts\\msyh.ttc），macOS 自带“苹方”；\n"
    "或在 site_config.yml 中指定字体文件：\n"
    "  posters:\n"
    "    font: /path/to/NotoSansCJK-Regular.ttc\n"
    "    font_index: 2"
)
FONT_FILE_MISSING = "site_config.yml 中 posters.font 指定的字体文件不存在：{path}\n\n"
FONT_WITHOUT_CHINESE = (
    "site_config.yml 中 posters.font 指定的字体（{path}，第 {index} 个字形）"
    "不含中文字形，海报会显示成方框。\n\n"
)

# --- layout files (posters/layouts/*.yml) ---------------------------------------------------
LAYOUT_MISSING = "找不到海报版式文件 {path}"
LAYOUT_NOT_A_MAPPING = "海报版式文件 {path} 应为“键: 值”形式"
LAYOUT_LOOP = "海报版式文件循环引用：{path}"
LAYOUT_KEY_MISSING = "海报版式文件 {path} 缺少 {key}"

# --- vocabulary the code compares against (not wording) ------------------------------------
# Characters every poster needs: a font must draw each as a real glyph (posters/fonts.py).
FONT_PROBE = "中协商公示议题村居委会扫码"
# Characters every working font holds, whatever the posters say: the punctuation of
# notices and the characters of written dates (posters/fontfile.py).
FONT_BASE_PUNCTUATION = "，。、；：？！（）《》“”‘’…—～·％℃【】「」『』\u3000"
FONT_BASE_DATE_CHARACTERS = "年月日时分至星期一二三四五六七八九十〇"

# --- drawn by posters/draw.py ---------------------------------------------------------------
# a label before its text: the body's, a fact's, the warnings box's, the contact's, progress's
LABELLED = "{label}："
PRINTED_VERSION = "{printed}　版本 {version}"  # the date of what the poster says, its version mark
