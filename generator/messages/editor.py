"""The editor server's own words (Chinese, shown to clerks): every refusal and status
that is not a finding. Findings keep theirs in ``generator/messages/codes.py``."""

PATH_MISSING = "请求里没有文件路径。"
PATH_BAD = "路径“{path}”里有反斜杠或看不见的字符，编辑器不读写这样的路径。"
PATH_OUTSIDE = "路径“{path}”不在 content/ 文件夹里，编辑器只读写 content/ 里的文件。"
PATH_REFUSED = "不能读写“{path}”：{why}"
NOT_A_CASE = "“{path}”不是案例文件：编辑器只保存 content/社区编号/案例编号.md。"
NO_COMMUNITY = (
    "找不到社区“{community}”（没有 community.yml）。先运行 noticeboard new community {community}。"
)
BAD_REQUEST = "请求的格式不对（这是编辑器页面的问题，不是你填写的内容的问题）。"
ONE_CASE = "一次只能保存一个案例。"
NO_RENAME = "案例编号不能修改：二维码和网址都指向它。要换编号，请联系管理员。"
SAVE_REFUSED = "有 {n} 个错误，没有保存。请按每个字段旁边的提示改正后再保存。"
CHANGED_ON_DISK = (
    "“{path}”在你打开之后被别人（或别的程序）改过了。为了不覆盖别人的修改，这次没有保存："
    "请先复制你填写的内容，刷新页面看看别人的修改，再重新填写保存。"
)
MEDIA_FOLDER = "文件“{path}”只能上传到案例自己的文件夹（content/社区编号/案例编号/）。"
MEDIA_REFUSED = "文件“{name}”不能上传，没有保存。"
NO_DELETE = "编辑器不删除案例文件和 community.yml：“{path}”。"
TOKEN_MISSING = (
    "没有打开编辑器的凭证。请用启动编辑器时显示的完整地址（带 ?token=…）打开，"
    "不要从别的网站或书签进入。"
)
ORIGIN_REFUSED = "这个请求来自别的网站（{origin}），编辑器拒绝了它。"
HOST_REFUSED = "编辑器只接受用 IP 地址或 localhost 打开的请求（现在是 {host}）。"
NOT_FOUND = "没有这个页面：{path}"
TOO_LARGE = "上传的内容太大（{mb} MB，上限 {limit} MB）。照片请用手机“原图”以外的选项，或先缩小。"
UI_MISSING = "编辑器页面还没有安装（{what}）。请运行 bash scripts/dev.sh 安装后再试。"
NOT_JSON = "请求的内容不是 JSON。"
INTERNAL = (
    "编辑器内部错误（{error}）。这是 noticeboard 的缺陷，不是你填写的内容的问题；"
    "你的修改没有保存，请把这条信息发给维护人员。"
)
COMMITTED_MEANWHILE = (
    "“{path}”在你打开之后已经有人提交过别的修改。为了不覆盖别人的修改，这次没有提交："
    "请刷新页面看看别人的修改，再决定怎样填写。"
)
COMMIT_REFUSED = "有 {n} 个错误，不能提交。请按每个字段旁边的提示改正后再保存。"

# --- noticeboard edit: the Decap bundle it needs (command line) -------------------------

INSTALL_HINT = (
    "在项目文件夹运行 bash scripts/dev.sh install（需要 Node.js 和 npm；会按锁定的版本安装）"
)
DECAP_MISSING = "网页编辑器 Decap CMS {want} 还没有安装。{hint}"
DECAP_WRONG_VERSION = "安装的 Decap CMS 是 {have}，本项目要求 {want}。{hint}"

# --- the form (Decap's configuration; each field's label and hint come from fields.py) --

BODY_LABEL = "正文"  # the Markdown body below the front matter, also where findings point
BODY_HINT = "背景、协商过程、各方意见、会议纪要等，居民在案例页面上看到的文字"
REQUIRED_IN_BLOCK = "填写本栏时必填"  # under a field required once its block is filled in
HINT_SEPARATOR = "；"  # between a field's hint and REQUIRED_IN_BLOCK
CHOICE_LABEL = "{value}：{word}"  # a choice whose value is not its own label
CASE_SINGULAR = "案例"
COLLECTION_DESCRIPTION = (
    "{name}的协商案例：每个案例一个文件，保存时按政策检查，{residents}在网站上看到"
)
COLLECTION_SUMMARY = "{{filename}}\u3000{{title}}"  # a case in Decap's list (Decap template)
CONFIG_HEAD = "# 由 noticeboard 根据 generator/fields.py 生成，请勿手改：改字段请改 fields.py\n"

# --- preview and commit ----------------------------------------------------------------

POSTER_FAILED = "海报画不出来：{error}"
BAD_REQUEST_DETAIL = "{request}（{error}）"  # BAD_REQUEST with what Python said
FALLBACK_AUTHOR_NAME = "noticeboard 编辑器"  # a commit's author when git has none
COMMIT_NEW = "编辑器新建 {key}"
COMMIT_UPDATE = "编辑器更新 {key}：{changes}"
COMMIT_CHANGE_SEPARATOR = "；"
NOT_A_REPOSITORY = "项目文件夹不是 git 仓库，没法提交。请管理员在这个文件夹运行 git init。"
GIT_ADD_FAILED = "git add 失败：{error}"
NOTHING_TO_COMMIT = "没有需要提交的修改（文件和上次提交时一样）。"
GIT_COMMIT_FAILED = "git commit 失败：{error}"
COMMIT_RACED = "提交的同时有别的提交进来了，这次没有提交。请再按一次“提交”。"
PUSH_TIMED_OUT = (
    "已在本机提交，但推送到 {remote} 超时（{seconds} 秒）。"
    "请检查网络后再按一次“提交”，或请管理员运行 git push。"
)
PUSH_FAILED = (
    "已在本机提交，但没有推送到 {remote}：{advice}。修改没有丢，推送成功之前网站不会更新。"
    "（git：{detail}）"
)
PUSH_ADVICE = "请检查网络和账号权限"
PUSH_ADVICE_BEHIND = "服务器上有别人新的提交，请管理员先运行 git pull 合并后再推送"
PUSH_ADVICE_HOOK = "服务器拒绝了这次提交（可能是检查没有通过或没有权限），请把下面的信息发给管理员"
