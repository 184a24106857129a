"""The pieces of findings (Chinese, read by clerks in ``noticeboard check``, the editor and
CI annotations): the reasons, details and suggestions that readers and rules fill into
the templates of ``codes.py``, grouped by the module that fills them."""

# The enumeration comma between the items of a list a finding names (字段、字段).
SEPARATOR = "、"

# --- source/gate.py: what a path that is not a plain file is (not-regular-file {kind}) ---
SPECIAL_FIFO = "命名管道（FIFO）"
SPECIAL_SOCKET = "套接字"
SPECIAL_DEVICE = "设备文件"
SPECIAL_FOLDER = "文件夹"
SPECIAL_OTHER = "特殊文件"

# --- source/media.py: what a photo or attachment is, and why it cannot be published -----
_EXPORT = "在绘图或排版软件里导出为 PDF 或 PNG 后再放入案例文件夹，并改写这里的文件名"
_SAVE_AS_PDF = "用 Word、WPS 或 Excel 打开，“另存为”PDF 后再放入案例文件夹，并改写这里的文件名"
_SAVE_AS_JPEG = "用手机相册或画图软件另存为 JPEG（.jpg）后再放入，并改写这里的文件名"

# kind of file (media.sniff) -> (Chinese label, what to do instead)
FILE_KINDS: dict[str, tuple[str, str]] = {
    "jpeg": ("JPEG 图片", ""),
    "png": ("PNG 图片", ""),
    "webp": ("WebP 图片", ""),
    "pdf": ("PDF 文档", "照片只能是 JPEG、PNG 或 WebP 图片；PDF 请放到 attachments 中"),
    "svg": ("SVG 矢量图（可能含有脚本）", _EXPORT),
    "html": ("网页（HTML，可能含有脚本）", "在浏览器里“打印”为 PDF 后再放入，并改写这里的文件名"),
    "xml": ("XML 文件（可能含有脚本）", _EXPORT),
    "gif": ("GIF 动图", _SAVE_AS_JPEG),
    "bmp": ("BMP 图片", _SAVE_AS_JPEG),
    "tiff": ("TIFF 图片", _SAVE_AS_JPEG),
    "heic": (
        "HEIC 照片（苹果手机格式）",
        "在手机“设置→相机→格式”选“兼容性最佳”后重拍，或另存为 JPEG 后再放入",
    ),
    "office": ("Office 文档（Word、Excel 或 PowerPoint）", _SAVE_AS_PDF),
    "archive": ("压缩包", "解压后把需要公开的文件导出为 PDF 或 JPEG，逐个放入并引用"),
    "program": ("程序或脚本", "程序和脚本不能公开；需要公开的内容请导出为 PDF"),
    "text": ("文本文件", "文字请直接写在案例正文里，或导出为 PDF 后作为附件"),
    "unknown": ("无法识别的文件", "只能公开 JPEG、PNG、WebP 图片和 PDF 文档：请另存为这几种格式"),
}

# attachment-type: 照片或附件“{found}”{problem}
NOT_PUBLISHABLE = "是{label}，不能在网站上公开"
WRONG_EXTENSION = "的扩展名是“{suffix}”，内容却是{label}"
NO_EXTENSION = "（无）"
RENAME_EXTENSION = "把文件的扩展名改成 {right}，并同样改写这里的文件名"

# image-broken / pdf-broken {reason}
IMAGE_TRUNCATED = "文件不完整（可能没有传完或下载中断）"
IMAGE_BROKEN = "文件已损坏，无法作为图片打开"
PDF_ENCRYPTED = "文档设有密码，网站无法清除其中的个人信息"
PDF_NO_PAGES = "文档没有页面"
PDF_BROKEN = "文件已损坏，无法作为 PDF 打开"
PDF_IMAGE_FILTER = "文档里的图片使用了无法清理的压缩方式"
PDF_JPEG2000_UNREADABLE = "文档里的 JPEG 2000 图片无法读取"
PDF_JPEG_INCOMPLETE = "图片不是完整的 JPEG"

# --- source/pdfscan.py: why a scan could not be read (pdf-ocr-unavailable {reason}) ------
OCR_NOT_INSTALLED = "这台电脑没有安装{missing}"
OCR_TESSERACT = "Tesseract 文字识别"
OCR_PDFTOPPM = "pdftoppm（poppler-utils）"
# (with a space before Tesseract, unlike OCR_NOT_INSTALLED's: kept as it was)
OCR_NO_TESSERACT = "这台电脑没有安装 Tesseract 文字识别"
OCR_PAGE_TO_IMAGE = "页面无法转成图片"
OCR_FAILED = "文字识别失败（是否安装了中文识别包 tesseract-ocr-chi-sim？）"
OCR_TIMEOUT = "文字识别超过 {seconds} 秒没有完成"
OCR_FAILED_WHY = "{failed}（{why}）"

# --- source/validate.py: a value checked against its field's declaration ----------------
# (expected / found / hint of wrong-type, required-missing, unknown-key, not-in-list,
# bad-date and bad-datetime)

# {found} when the value is not text
FOUND_EMPTY = "空"
FOUND_FIELDS = "一组字段"
FOUND_LIST = "一个列表"

# a required key written with nothing after it
EMPTY_VALUE = "冒号后面还没有填写内容"
EMPTY_THEN_CHOOSE = "{hint}，从这些中选一个：{choices}"
EMPTY_THEN_HELP = "{hint}，{help}"
EMPTY_TEXT = "字段名后面还没有填写内容"
# a required key not written at all
ADD_KEY = "在{label}中加一行“{key}: …”"
ADD_KEY_HELP = "（{help}）"

# unknown-key
KEY_IN_ENGLISH = "字段名要用英文：你是不是想写“{key}”？"
DID_YOU_MEAN_KEY = "你是不是想写“{key}”（{label}）？"
KEYS_UNDER = "“{label}”下"
KEYS_HERE = "这里"
KEYS_AVAILABLE = "{where}可用的字段有：{keys}"

# wrong-type: what was expected, and how to write it
EXPECTED_FIELDS = "一组字段（下一行缩进两个空格再写）"
HINT_FIELDS = "{label}下面的各项要另起一行，缩进两个空格"
EXPECTED_LIST = "列表（每项另起一行，以“- ”开头）"
HINT_LIST = "每一项另起一行，以减号和空格“- ”开头"
EXPECTED_ONE_VALUE = "一个值，写在冒号后面的同一行"
HINT_ONE_VALUE = "这里不需要分行或“- ”"
EXPECTED_TEXT = "一段文字"
HINT_TEXT_QUOTE = "如果这就是要写的内容，请加英文引号"
EXPECTED_INT = "整数"
EXPECTED_INT_BETWEEN = "{low} 到 {high} 之间的整数"
EXPECTED_INT_FROM = "不小于 {low} 的整数"
HINT_DIGITS = "只写数字，如“{digits}”"
HINT_ARABIC_DIGITS = "只写阿拉伯数字，不写单位"
EXPECTED_BOOL = "true 或 false"
HINT_BOOL = "是写 true，否写 false（英文小写）"

# bad-date / bad-datetime
HINT_DATE_ONLY = "这里只写日期：{date}"
HINT_WRITE_AS = "写成“{value}”"
HINT_DATE = "年份 4 位、月和日各 2 位，用英文减号连接，如 2026-03-10；并检查日期是否存在"
HINT_ADD_TIME = "加上开始时间，写成“{day} 19:00”这样的格式"
HINT_DATETIME = "日期和时间之间空一格，时间用 24 小时制和英文冒号，如 2026-03-10 19:00"

# not-in-list: 你是不是想写“…”？可选的值：a（甲）、b（乙）
DID_YOU_MEAN = "你是不是想写“{value}”？"
CHOICE_OPTION = "{value}（{label}）"
CHOICES = "可选的值：{options}"

# vocabulary the code compares against (not wording): dates and times as people write
# them by hand (2026年3月10日, 2026/3/10, 下午3点), read to suggest the right form
LOOSE_DATE = r"^\s*(\d{4})\s*[年/.\-－．]\s*(\d{1,2})\s*[月/.\-－．]\s*(\d{1,2})\s*日?\s*(.*)$"
LOOSE_TIME = r"^(?:上午|下午|晚上)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?$"
AFTERNOON = ("下午", "晚上")
FULL_WIDTH_COLON = "："

# --- source/schema.py: the titles of the JSON schemas (editors that read them show them) ---
SCHEMA_CASE = "协商案例（案例文件开头的信息）"
SCHEMA_COMMUNITY = "社区（村）信息 community.yml"

# --- model/load.py: community folders and the blocks of a case --------------------------
# how a community's folder may be named (bad-community-id, noticeboard new)
COMMUNITY_ID_FORM = "只用小写拼音字母、数字和减号，以字母或数字开头，最长 32 个字符，如 xiguan"
COMMUNITY_ID_RESERVED = "“{community_id}”是网站自己要用的地址，请换一个，如加上街道或乡镇的拼音"
# required-missing of participants when a meeting is written
PARTICIPANTS_FOR_MEETING = "有会议就要列出至少一位协商主体：在文件中加 participants: 列表"
# participant-name-count {found}
NAME_AND_COUNT_BOTH = "现在两个都写了"
NAME_AND_COUNT_NEITHER = "现在两个都没写"

# --- check/rules/dates.py: date-order {relation} and {should} ----------------------------
EARLIER = "早于"
NOT_EARLIER = "不早于"
LATER = "晚于"
NOT_LATER = "不晚于"

# --- check/rules/glyphs.py: a character the poster fonts lack (poster-missing-glyph) -----
GLYPH = "“{char}”（U+{code:04X}）"

# --- check/rules/ids.py: why a related case or an old address is wrong ({why}) -----------
RELATED_MALFORMED = (
    "写法不对：本社区的案例写编号如 2025-07，其他社区的写“社区编号/案例编号”如 nanyuan/2025-07"
)
RELATED_SELF = "是本案例自己：关联案例应写另一个案例"
RELATED_NOT_FOUND_NEAR = "找不到：你是不是想写“{near}”？"
RELATED_NOT_FOUND = "找不到这个案例：检查社区编号和台账编号"
MOVED_MALFORMED = "写法不对：要写成“社区编号/案例编号”，如 xiguan/2025-07"
MOVED_IS_CURRENT = "就是本案例现在的地址"
MOVED_IN_USE = "仍是另一个案例的地址：两个案例不能共用一个地址"
MOVED_WITHDRAWN = (
    "在 {community}/withdrawn.yml 里也写成了撤下（{case_id}）："
    "案例只是改了编号的，删掉那条撤下记录；确实撤下的，删掉这条 moved_from"
)
MOVED_CLAIMED = "已被 {other} 写作旧地址：一个旧地址只能指向一个案例"

# --- check/rules/markup.py: the markup found (unsafe-markup, markup-too-complex {found}) ---
MARKUP_TAG = "<{tag}> 标签"
MARKUP_EVENT = "事件属性 {name}="
MARKUP_CLASS = '网站自用的样式 class="{name}"'
MARKUP_ADMONITION = "网站自用的样式 {name}"
MARKUP_SCHEME = "{scheme} 链接"
TOO_DEEP = "一行开头嵌套了超过 {limit} 层列表或引用"
TOO_INDENTED = "行首空白超过 {limit} 格"
TOO_MANY_BRACKETS_IN_PARAGRAPH = "一段里有 {count} 个方括号 [（最多 {limit} 个）"
TOO_MANY_BRACKETS = "全文方括号 [ 超过 {limit} 个"

# --- check/rules/meeting.py: who is counted (quorum-*, weak-majority) --------------------
REPRESENTATIVES = "{resident}代表"
VOTERS_PRESENT = "有表决权的到会人员"
ALL_PRESENT = "到会人员"

# --- check/rules/paths.py: where a personal number or a scan is, how to name a file ------
# pdf-ocr-unavailable {where}
SCANNED_PAGE = "第 {page} 页是扫描的图片，"
SCANNED_IMAGE = "是一张图片（可能是拍下的文件），"
# pdf-personal {where} and {how}
ON_PAGES = "第 {pages} 页"
AND_MORE = "等"
ON_IMAGE = "图片上"
BY_OCR = "（经文字识别）"
# path-missing {hint}
PATH_INSIDE_FOLDER = "路径只写案例文件夹里面的部分：写成“{path}”"
NAME_CASE_DIFFERS = "文件名的大小写不一致：文件夹里的是“{name}”"
PUT_IN_FOLDER = "把文件放进案例同名文件夹 {folder}/，并检查文件名和扩展名"

# --- check/rules/referrals.py: the source named for a deadline that is not the rule's -----
AGREED_DEADLINE = "约定的答复期限"

# --- check/rules/values.py: what an invisible character is (invisible-character {what}) --
BIDI_CONTROL = "文字方向控制符"
ZERO_WIDTH = "零宽字符"
CONTROL_CHARACTER = "控制字符"
LONE_SURROGATE = "无效字符（单独的代理码位，无法保存成网页）"

# --- check/ci_formats.py: a finding's hint after its message in CI annotations ----------
CI_HINT = "（{hint}）"

# vocabulary the code compares against (not wording): the kind of community a 村 is
# (community.yml ``kind``; its rules differ from a 社区's)
VILLAGE = "村"
