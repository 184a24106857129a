"""Words read in a terminal (clerks, operators): -h, progress, build, folders, ``new``, findings."""

# --- help: the commands' descriptions (click shows them with -h) -----------------------

CLI_HELP = """noticeboard：城乡社区协商公开栏。检查 content/ 里各社区（村）的协商案例文件，
生成公开网站和二维码海报。

在含有 site_config.yml 的文件夹里运行；每个命令加 -h 看它的说明和例子。

例：noticeboard check content/xiguan/
"""

CHECK_HELP = """检查 content/ 里的文件：每个问题一行（文件:行:列、错误或警告、代码、改法）。
有错误时退出码为 1。

可以只看某个社区（村）文件夹或某个文件的问题；其他文件照样读取，跨文件的规则照样检查。

例：noticeboard check content/xiguan/
"""

BUILD_HELP = """检查无误后生成网站（默认在 site/）和海报；有错误时不生成，原有网站不变。

生成时显示进度，最后汇总警告；全部警告用 noticeboard check 查看。

例：noticeboard build
"""

SERVE_HELP = """在本机预览网站，改了文件自动刷新；文件有错误时，浏览器里显示错误和改法。

例：noticeboard serve（然后用浏览器打开 http://127.0.0.1:8000）
"""

POSTERS_HELP = """生成可打印的海报（矢量 PDF 和 PNG 小图），可以只生成某个社区或案例的。

例：noticeboard posters xiguan/2026-03
"""

PUBLISH_HELP = """把生成好的网站作为新版本发布到 DEST（文件夹，或 用户@服务器:/路径），
一步切换 DEST/current；--rollback 切回上一个版本。

例：noticeboard publish site deploy@server:/srv/noticeboard
"""

EDIT_HELP = """在本机启动网页编辑器：用中文表单填写案例，保存时检查（有错误不保存，错误显示在对应的栏目旁），可预览页面和海报，按“提交”保存到代码仓库。

例：noticeboard edit（然后用浏览器打开它显示的地址）
"""

NEW_HELP = """按带说明的模板新建 community.yml 或案例文件。

例：noticeboard new case xiguan --title 关于3号楼加装电梯的协商
"""

NEW_COMMUNITY_HELP = """新建 content/社区编号/community.yml（带填写说明）。

例：noticeboard new community xiguan --name 西关社区 --town 大城街道
"""

NEW_CASE_HELP = """新建 content/社区编号/年份-序号.md：自动取下一个台账编号，不会覆盖已有文件。

例：noticeboard new case xiguan --title 关于3号楼加装电梯的协商
"""

SCHEMA_HELP = """写出 JSON Schema，让 VS Code（YAML 插件）边写 community.yml 边检查。

例：noticeboard schema
"""

# --- help: click's own headings and the usage line, in Chinese ------------------------

HEADING = "{heading}："  # after every section heading of -h
USAGE_PREFIX = "用法："
OPTIONS_PLACEHOLDER = "[选项]"  # click's "[OPTIONS]" in the usage line
OPTIONS_HEADING = "选项"
COMMANDS_HEADING = "命令"
SUBCOMMAND_METAVAR = "命令 [参数]..."
HELP_OPTION_HELP = "显示这个说明。"
VERSION_OPTION_HELP = "显示版本号。"

# --- help: the options and arguments (metavar: the placeholder shown after an option) --

FOLDER = "文件夹"
TODAY_HELP = "按这一天计算每个案例的阶段和期限（默认今天，按网站所在时区）。"
PROJECT_HELP = "含 site_config.yml 的项目文件夹（默认当前文件夹）。"
JOBS_HELP = "同时读取文件的进程数（默认等于 CPU 核数）。"
NO_CACHE_HELP = "不用 .cache/build 里的缓存，全部重新读取和生成（缓存可以随时删除）。"
CHECK_FORMAT_HELP = (
    "输出格式：text（默认，给人看）、json、github（GitHub/Gitea/Forgejo Actions 的"
    "行内标注）、gitlab（GitLab 代码质量报告）。"
)
PATHS_METAVAR = "[路径]..."
SITE_DIR_HELP = "网站生成到哪个文件夹（默认项目里的 site/；只能是空文件夹或以前生成的网站）。"
NO_POSTERS_HELP = "不重新生成海报（预览更快）；只沿用和案例内容仍然一致的旧海报。"
PUBLISHED_METAVAR = "文件或网址"
PUBLISHED_HELP = (
    "线上网站的 urls.txt（文件，或 https://…/urls.txt）：已经公布过的地址会消失时，拒绝生成。"
)
DEV_ADDR_METAVAR = "地址:端口"
DEV_ADDR_HELP = "预览地址（默认 127.0.0.1:8000）。"
POSTER_TARGETS_METAVAR = "[社区[/案例]]..."
POSTERS_SITE_DIR_HELP = "海报写到哪个网站文件夹的 posters/ 里（默认 site/）。"
PNG_DPI_HELP = "另存这个分辨率的高清 PNG（如 300），文件名为 案例编号-300dpi.png。"
PUBLISH_PATHS_METAVAR = "网站文件夹 DEST | --rollback DEST"
ROLLBACK_HELP = "把 DEST/current 切回上一个版本。"
KEEP_HELP = "保留最近几个版本（默认 5）。"
SSH_METAVAR = "命令"
SSH_HELP = "连接服务器用的 SSH 命令，如 'ssh -p 2222 -i deploy_key'（默认 ssh）。"
FORCE_HELP = (
    "线上网站（DEST/current/urls.txt）的地址会消失时也发布；消失的地址会列出，并记在这个版本里。"
)
WAIT_METAVAR = "秒"
WAIT_HELP = "另一个发布正在进行时最多等多少秒（默认 60）。"
PORT_METAVAR = "端口"
PORT_HELP = "编辑器用哪个端口（默认 8765）。"
LAN_HELP = (
    "让同一 Wi-Fi 的手机也能打开（监听所有地址）；只有打印出来的一次性地址能进入，不要发到群里。"
)
AUTHOR_METAVAR = "'姓名 <邮箱>'"
AUTHOR_HELP = "提交记录里的作者（默认用 git 的设置）。"
CONFIG_ONLY_HELP = "只写出多人协作（Gitea/Forgejo）用的 admin/config.yml，不启动编辑器。"
REPO_METAVAR = "所有者/仓库"
REPO_HELP = "配合 --config-only：Gitea/Forgejo 上的仓库。"
BASE_URL_METAVAR = "网址"
BASE_URL_HELP = "配合 --config-only：Gitea/Forgejo 服务器的网址。"
APP_ID_HELP = "配合 --config-only：OAuth 应用的客户端 ID。"
BRANCH_METAVAR = "分支"
BRANCH_HELP = "配合 --config-only：分支（默认 main）。"
COMMUNITY_ID_METAVAR = "社区编号"
NAME_METAVAR = "名称"
NAME_HELP = "社区或村的名称，如 西关社区。"
KIND_HELP = "社区 或 村（村的文件用村民、村委会等说法；默认 社区）。"
TOWN_METAVAR = "街道或乡镇"
TOWN_HELP = "所属街道或乡镇，如 大城街道。"
TITLE_METAVAR = "议题"
TITLE_HELP = "这次协商的议题（标题）。"
SCHEMA_OUT_HELP = "case.schema.json 和 community.schema.json 写到哪个文件夹（默认 schema/）。"

# --- the command line's own answers ----------------------------------------------------

ERROR = "错误：{message}"  # every error line a command prints starts so
BAD_DATE = "日期要写成 YYYY-MM-DD，如 2026-03-10，现在是“{value}”"
PATH_NOT_FOUND = "找不到 {path}（路径相对于当前文件夹）"
PUBLISH_USAGE = "用法：{usage}（DEST 是文件夹，或 用户@服务器:/路径）"
CONFIG_ONLY_NEEDS = "--config-only 需要 --repo、--base-url 和 --app-id"
WROTE = "已写入 {path}"
CREATED = "已创建 {path}：请打开它，按注释填写。"
PORT_UNUSABLE = "端口 {port} 用不了（{reason}）。换一个：--port 8766"
EDITOR_STARTED = "编辑器已启动。用浏览器打开（关闭本窗口即停止）："
EDITOR_ON_LAN = "同一 Wi-Fi 的手机打开（这个地址就是钥匙，不要发到群里）："
SEE_HELP = "运行 {command} -h 查看用法和例子。"
ABORTED = "已中止。"
INTERNAL_ERROR = (
    "内部错误：{error}\n"
    "这是 noticeboard 的缺陷，不是你的文件的问题。请把这条信息和出错的文件发给维护人员；"
    "设置环境变量 NOTICEBOARD_DEBUG=1 可看到详细信息。"
)

# click's usage errors in Chinese ({0}, {1}: what click's message named)
NO_SUCH_OPTION = "没有 {0} 这个选项。"
NO_SUCH_COMMAND = "没有 {0} 这个命令。"
MISSING_ARGUMENT = "缺少 {0}。"
MISSING_OPTION = "缺少选项 {0}。"
OPTION_NEEDS_VALUE = "选项 {0} 后面要写一个值。"
EXTRA_ARGUMENTS = "多写了：{0}。"
INVALID_VALUE = "{0} 的值不对：{1}"
DID_YOU_MEAN = "是不是要写 {hint}？"

# vocabulary the code compares against (not wording): what may not begin a line of -h
HELP_NO_LINE_START = "，。、；：？！）》」』”’"

# --- findings as text (check, build) ---------------------------------------------------

SEVERITY_ERROR = "错误"
SEVERITY_WARNING = "警告"
FINDING_HINT = "（{hint}）"  # after a finding's message, when it has a hint
CHECKED_CLEAN = "检查了 {files} 个文件：没有发现问题。"
CHECKED = "检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"

# --- what a UserError prints (errors.py) -----------------------------------------------

OUTCOME = "。{outcome}"  # after the message: what was left unchanged

# --- output folders: what a command may replace or write into (outdirs.py) -------------

NOTHING_TOUCHED = "没有改动任何文件。"
MARKER_TEXT = "noticeboard {version}: 这个文件夹是 noticeboard 生成的网站，可以整个替换。\n"
FOLDER_SHOWN = "{what} {folder}"  # the folder named in the messages below
FOLDER_RESOLVED = "（即 {real}）"  # after it, when links lead elsewhere
FOLDER_HOLDS_PROJECT = (
    "{shown} 是项目文件夹或包含项目文件夹（{root}），替换它会删掉案例文件和 .git："
    "请换一个单独的文件夹，如项目里的 site"
)
FOLDER_OVERLAPS = (
    "{shown} 与 {protected} 重叠，替换它会删掉项目的文件：请换一个单独的文件夹，如项目里的 site"
)
FOLDER_NOT_A_FOLDER = "{shown} 不是文件夹：请换一个文件夹"
FOLDER_NOT_OURS = (
    "{shown} 不是空文件夹，也不是 noticeboard 生成的网站（里面没有 {marker}），"
    "为免删掉别的文件，不会替换它：请换一个空文件夹或不存在的文件夹，"
    "或确认里面的东西可以不要后自己清空它"
)
CACHE_HAS_LINK = (
    "项目的缓存文件夹里有链接或非文件夹：{link}。{cache} 只由 noticeboard 自己写入，"
    "命令会清空和删除其中的文件夹，跟着链接会删掉别处的文件（如 content 里的案例）："
    "请整个删除 {path}（可以随时删除，下次运行会重建），"
    "并确认它没有被提交进 git（.gitignore 里有 {cache}/）"
)

# vocabulary the code compares against (not wording): how the urls.txt of a site built
# before the marker existed begins (such sites are ours; keep it as those sites have it)
LEGACY_URLS_HEAD = "# urls.txt：本站全部页面地址"

# --- progress of a long build (site/progress.py) ---------------------------------------

STEP_STARTED = "{label}……"
STEP_COUNT = "（共 {total} 个）"
STEP_DONE_SO_FAR = "{label}：{done}/{total}\n"
STEP_SECONDS = "  {seconds} 秒\n"  # after the bar, on a terminal
STEP_FINISHED = "{label}：完成，{seconds} 秒\n"
SUMMARY_BY_CODE = "{code} {n} 个"
SUMMARY_SEPARATOR = "，"
SUMMARY = "{n} 个{what}：{by_code}。"
SUMMARY_MORE = (
    "  ……另有 {n} 个未列出。"
    "运行 noticeboard check 查看全部（可加文件夹，如 noticeboard check content/xiguan/）。"
)

# --- noticeboard build: its steps and what it says (site/build.py) ---------------------

STEP_CHECK = "检查文件"
STEP_POSTERS = "海报"
STEP_SEARCH = "搜索索引"
STEP_GATE = "检查公开内容"
BUILD_ERRORS = "有 {n} 个错误，网站没有更新。改正后再运行 noticeboard build。"
ADDRESSES_WOULD_BREAK = (
    "有 {n} 个已发布的地址会失效（打印过的二维码会打不开），网站没有更新。"
    "按上面的提示保留这些地址后再运行。"
)
ADDRESSES_KEPT = "已发布的 {n} 个地址都还在。"
POSTERS_NO_FONT = "海报无法生成，网站没有更新。安装中文字体后重试，或用 --no-posters 只生成网站。"
POSTERS_DRAWN = "海报：新画 {drawn} 张，沿用缓存 {cached} 张。"
POSTERS_STALE = (
    "有 {n} 张原有海报与议题现在的内容不符（如 {example}，"
    "已撤下或改过的议题），没有沿用；运行 noticeboard posters 重新生成。"
)
POSTERS_LACKING = (
    "沿用了 {kept} 张原有的海报；{n} 个议题还没有海报"
    "（如 {example}），运行 noticeboard posters 补上。"
)
NO_WRITE_PERMISSION = "没有写入权限"
CANNOT_WRITE = (
    "无法写入文件夹 {folder}（{reason}），网站没有更新。"
    "请用 --site-dir 换一个自己能写入的文件夹，或请管理员给这个文件夹写入权限。"
)
PERSONAL_NUMBERS_PUBLISHED = (
    "生成的网页、数据或海报里有 {n} 个个人号码（手机号、身份证号等），"
    "网站没有更新。按上面的位置删掉这些号码后再运行。"
)
BUILD_FAILED = "网站生成失败，原有网站未改动：{reason}"
BUILD_PROCESS_DIED = "生成网站的进程意外退出（退出码 {code}）。"
PAGES_BUILT = "页面：新生成 {made} 个，沿用缓存 {cached} 个。"
SITE_BUILT = "网站已生成：{site}（{communities} 个社区（村），{cases} 个议题，{pages} 个主要页面）"
SERVING = "预览地址：http://{address}/ （按 Ctrl+C 停止）"
# After each good preview build: how many pages it wrote (the others were unchanged).
PREVIEW_PAGES = "预览：重新生成了 {pages} 个页面"

# --- build --published: the published urls.txt (site/guard.py) -------------------------

PUBLISHED_UNREADABLE = "无法读取已发布网站的地址清单："
SITE_NOT_UPDATED = "网站没有更新。"
PUBLISHED_HTTP_ERROR = "{source} 回答 HTTP {code}"
PUBLISHED_UNREACHABLE = "打不开 {source}（{reason}）"
PUBLISHED_NOT_FOUND = "找不到文件 {source}"
PUBLISHED_FILE_UNREADABLE = "无法读取文件 {source}（{reason}）"
PUBLISHED_EMPTY = "{source} 里没有地址，不像是网站的 urls.txt"
# the hints of address-lost, by what the lost address was
LOST_COMMUNITY_HINT = (
    "社区（村）文件夹 {folder} 不见了：是不是改了名字，"
    "或者名字前面多了一个点（隐藏文件夹）？把文件夹名改回“{name}”"
)
LOST_CASE_HINT = (
    "案例改了编号的，在新的案例文件里写 moved_from: [{community}/{case}]；"
    "确实要撤下的，在 {tombstones} 里写一条撤下记录"
    "（- case: {case}、date: 撤下日期、reason: 原因），这个地址会显示“已撤下”"
)
LOST_OTHER_HINT = "这是网站自己的页面或旧地址；请检查 content 文件夹和 site_config.yml 是否完整"

# --- noticeboard new: the scaffolds' words (model/scaffold.py) -------------------------

LIST_SEPARATOR = "、"  # between the items of a list in a sentence
FIELD_NOTE = "{label}：{help}"  # a template's comment on a field with a hint
RESULT_CHOICE = "{key}（{label}）"
REFERRAL_KIND_CHOICE = "{key}：{label}"
REFERRAL_KINDS_SEPARATOR = "；"
FILE_EXISTS = "{name} 已经存在，不会覆盖：{path}"
BAD_COMMUNITY_ID = "“{community}”不能作为社区编号：{problem}"
NO_SUCH_COMMUNITY = (
    "找不到社区“{community}”（{path} 不存在）。先运行 noticeboard new community {community}"
)
# The examples in a new case file, in the words of a 社区 and of a 村.
CASE_EXAMPLES_COMMUNITY = {
    "proposer": "3号楼居民联名",
    "joint": "居民联名",
    "board": "社区公示栏",
    "place": "社区议事厅",
    "secretary": "社区党委书记",
    "affected": "3号楼住户",
    "archive": "社区居委会档案室",
    "party": "社区党委",
}
CASE_EXAMPLES_VILLAGE = {
    "proposer": "第三村民小组村民联名",
    "joint": "村民联名",
    "board": "村务公开栏",
    "place": "村委会议事室",
    "secretary": "村党支部书记",
    "affected": "第三村民小组村民",
    "archive": "村委会档案室",
    "party": "村党支部",
}
