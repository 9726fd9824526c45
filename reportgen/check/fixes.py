"""What to change, said in Word/WPS menu terms, for each kind of failed rule."""
from __future__ import annotations

from reportgen.profile import HAO_SIZES, PageGeometry

WPS = "（WPS：页面布局 › 页边距 › 自定义页边距）"


def hao(points: float) -> str:
    """A size in points as Chinese type size: 16 -> "三号（16 磅）"."""
    for name, size in HAO_SIZES.items():
        if abs(size - points) < 0.01:
            return f"{name}（{points:g} 磅）"
    return f"{points:g} 磅"


def cm(mm: float) -> str:
    return f"{mm / 10:g} 厘米"


def margins(geometry: PageGeometry, sides: list[str]) -> str:
    names = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
    values = {"top": geometry.top_mm, "bottom": geometry.bottom_mm, "left": geometry.left_mm,
              "right": geometry.right_mm}
    wanted = "、".join(f"{names[s]} {cm(values[s])}" for s in sides)
    return f"布局 › 页边距 › 自定义页边距：{wanted}{WPS}"


def paper(geometry: PageGeometry, orientation: str) -> str:
    turn = "横向" if orientation == "landscape" else "纵向"
    return (f"布局 › 纸张大小 › A4（{cm(min(geometry.width_mm, geometry.height_mm))} × "
            f"{cm(max(geometry.width_mm, geometry.height_mm))}），纸张方向 › {turn}")


def grid(lines: int, chars: int, pitch_pt: float) -> str:
    return (f"布局 › 页面设置 › 文档网格：选“指定行和字符网格”，每行 {chars} 字、每页 {lines} 行；"
            f"正文段落 › 行距 › 固定值 {pitch_pt:g} 磅")


def font(role_label: str, word_font: str) -> str:
    return (f"选中{role_label}（或右键样式“{role_label}” › 修改 › 格式 › 字体）› 中文字体 › "
            f"{word_font}")


def size(role_label: str, points: float) -> str:
    return f"选中{role_label} › 开始 › 字号 › {hao(points)}"


def page_number_field(size_pt: float) -> str:
    return ("双击页脚 › 插入 › 页码（或 文档部件 › 域 › Page），页脚写成“— 页码 —”（一字线），"
            f"{hao(size_pt)}宋体")


def page_number_sides() -> str:
    return ("布局 › 页面设置 › 版式 › 勾选“奇偶页不同”；奇数页页脚右对齐、右缩进 1 字，"
            "偶数页页脚左对齐、左缩进 1 字（WPS：页眉页脚 › 页眉页脚选项 › 奇偶页不同）")


def page_number_position(footer_mm: float) -> str:
    return (page_number_sides() + f"；页码上沿在版心下沿以下约 7 mm：布局 › 页面设置 › 版式 › "
            f"页脚距边界约 {cm(footer_mm - 7)}")


def masthead_rule() -> str:
    return ("选中版头最后一段 › 开始 › 边框 › 边框和底纹：下框线、红色、与版心同宽"
            "（或 插入 › 形状 › 直线，红色，长度同版心）")


def doc_number(found: str, right: str) -> str:
    return (f"把“{found}”改为“{right}”：年份用六角括号〔〕，插入 › 符号 › 其他符号 › "
            "子集“CJK 符号和标点”中的〔 〕")


def attachment_label(font_name: str, points: float) -> str:
    return (f"“附件”标识用 {hao(points)}{font_name}，顶格左对齐：段落 › 缩进 › 左 0、特殊格式 无")


def colophon(thick_mm: float = 0.35, thin_mm: float = 0.25) -> str:
    return ("版记各段加分隔线（开始 › 边框 › 边框和底纹）：首条和末条 "
            f"{thick_mm:g} mm（约 1 磅），中间 {thin_mm:g} mm（约 0.75 磅），与版心同宽")


def embed_fonts() -> str:
    return ("另存 PDF 时嵌入字体：Word 文件 › 选项 › 保存 › 勾选“将字体嵌入文件”；"
            "WPS 输出 PDF › 设置 › 勾选“嵌入字体”")


def type_area() -> str:
    return ("正文超出版心：检查页边距与段后间距，段落 › 行距 › 固定值；"
            "勿用“调整页边距使内容适合”")
