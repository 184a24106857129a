"""Words for clerks about a file that could not be read or parsed: the ``{reason}`` of ``unreadable`` and the ``{explanation}`` of ``yaml-syntax`` (``check``, the editor, the command line)."""

# why a file could not be read (source/textfile.py)
NOT_FOUND = "文件不存在（可能是一个已失效的链接或快捷方式）"
NO_PERMISSION = "没有读取权限"
IS_A_FOLDER = "这是一个文件夹，不是文件"

# what the YAML parser's error means, and what to fix (source/yaml_errors.py)
STRAY_COLON = "这里不该出现“: ”。如果文字本身含有英文冒号，请把整段文字用英文引号括起来"
MISSING_COLON = "这一行缺少“键: 值”中的英文冒号，或缩进与上一行不一致"
TAB_INDENT = "这里用了 Tab 键缩进，YAML 只允许用空格缩进"
KEYS_NOT_ALIGNED = "缩进不一致：同一层的键要对齐，子项比上一层多缩进两个空格"
DASHES_NOT_ALIGNED = "列表项的缩进不一致：同一列表的“- ”要对齐"
UNCLOSED_AT_END = "文件在引号或括号还没闭合时就结束了：检查引号和括号是否成对"
NO_ALIAS = "不允许使用 * 引用"
BACKSLASH_IN_QUOTES = "双引号里的反斜杠 \\ 需要写成 \\\\，或改用单引号"
UNPAIRED_QUOTE = "引号没有成对：检查这一行的引号"
BAD_FIRST_CHARACTER = "这一行开头有不能出现的字符（如 @ ` % 或 Tab）：请删掉或给值加引号"
UNRECOGNISED_LINE = "无法识别的写法：检查这一行的冒号、缩进和引号"
CONTROL_CHARACTER = "这里有一个看不见的控制字符（U+{code:04X}），请删掉它后重新输入这一行"

# when the parser fails without saying where (source/yamlsource.py)
UNRECOGNISED = "无法识别的写法"
# a key that is itself a list or a mapping, named in findings about it (source/yamlsource.py)
COMPLEX_KEY = "<复杂键>"
