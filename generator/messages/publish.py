"""The ``publish`` command's words (Chinese, for the operator in a terminal): reports and refusals."""

# --- what it reports -------------------------------------------------------------------

UPLOADING = "正在上传到 {target}（新版本 {release}）…"
PUBLISHED = "已发布：{target} 的 current 指向 {release}"
PUBLISHED_PREVIOUS = "（上一版本 {previous}，可用 --rollback 退回）"
PUBLISHED_KEPT = "；保留最近 {keep} 个版本"
PUBLISHED_REMOVED = "，删除了 {n} 个旧版本"
PUBLISHED_END = "。"
ROLLED_BACK = "已退回：{target} 的 current 从 {current} 改为 {before}。"
FORCED_WARNING = "警告：--force：{n} 个已发布的地址将不再有页面（记录在 {file}）："
FORCED_NOTE_HEADING = "# {stamp} publish --force: 这些已发布的地址不再有页面\n"  # in the release

# --- why it refuses (after each: NOTHING_CHANGED) --------------------------------------

NOTHING_CHANGED = "网站没有改变。"
NOT_A_BUILT_SITE = (
    "{site} 不像是生成好的网站（没有 index.html 和 urls.txt）。"
    "先运行 noticeboard build，再发布它生成的 site 文件夹"
)
NOT_OUR_SITE = (
    "{site} 不是 noticeboard 生成的网站（没有 {marker}）。"
    "先运行 noticeboard build，再发布它生成的 site 文件夹"
)
UNREADABLE = "无法读取 {path}（{reason}）"
ADDRESSES_LOST = (
    "新网站比 {target} 上正在运行的网站少了 {n} 个地址（{shown}），"
    "打印过的二维码会打不开。请用 noticeboard build --published 找出原因并保留这些地址"
    "（moved_from、withdrawn.yml）；确实要去掉它们，加 --force 发布（会记录在案）"
)
AND_MORE = "等"  # after them, when there are more
NO_CURRENT = "{target} 没有 current 版本，无法退回"
OLDEST_ALREADY = "{target} 的 current（{current}）已是最早的版本，无法再退回"
BUSY = (
    "{target} 正在被另一个 noticeboard publish 使用，等了 {wait} 秒仍未结束。"
    "请等它完成后再试，或用 --wait 等更久"
)
HOME_OF_USER = (
    "服务器路径“{path}”用了 ~用户名 的写法，无法确定它在哪里："
    "请写成绝对路径（如 /home/用户名/www）或 ~/www"
)
OVERLAP = (
    "发布位置 {dest} 与网站文件夹 {site} 重叠（一个在另一个里面）："
    "请发布到网站文件夹以外的单独文件夹，如 /var/www/noticeboard"
)
CURRENT_NOT_A_LINK = "{path} 不是符号链接：请先把它移走（它可能是以前手工上传的网站）"
REMOTE_CURRENT_NOT_A_LINK = "{path} 不是符号链接：请先把它移走"
TOOL_MISSING = "找不到 {tool}：请先安装（Debian：apt-get install rsync openssh-client）"
CONNECT_FAILED = "连接服务器或创建发布文件夹失败（{target}）：{error}"
NO_FLOCK = "服务器上没有 flock 命令（Debian：apt-get install util-linux）"
LOCK_FAILED = "锁定发布文件夹失败（{target}）：{error}"
UPLOAD_FAILED = "上传失败（rsync）：{error}"

# a step that failed: on this machine, and on the server
STEP_FAILED = "{step}失败：{error}"
REMOTE_STEP_FAILED = "{step}失败（{target}）：{error}"

# the steps, as STEP_FAILED names them
STEP_CREATE = "创建发布文件夹"
STEP_OPEN_LOCK = "打开发布锁"
STEP_NOTE = "记录"
STEP_COPY = "复制网站"
STEP_SAVE = "保存新版本"
STEP_SWITCH = "切换 current"
STEP_READ_URLS = "读取已发布的 urls.txt"
STEP_LIST = "读取版本列表"
STEP_READ_CURRENT = "读取 current"
STEP_REMOVE = "删除旧版本"
