"""Structure-aware mutations for the fuzz campaign: bytes, text (with encodings), XML, zip parts.

Every mutation takes a ``random.Random`` and is a pure function of it and its input, so a case
is reproduced from the campaign seed and its number alone (tools/fuzz_campaign.py --replay).
"""
from __future__ import annotations

import copy
import io
import random
import zipfile

from lxml import etree

CANARY_DIR = "/tmp/reportgen-fuzz-canary"
CANARY_TEXT = "REPORTGEN-FUZZ-CANARY-5e1d"  # the content of CANARY_DIR/secret.txt

# Byte tokens that reach deep paths of the parsers (YAML, CSV, XML, zip).
BYTE_TOKENS = [
    b"&a ", b"*a", b"<<: *a\n", b'"', b"'", b"\n  ", b"\n- ", b": ", b"[", b"]", b"{", b"}",
    b"!!binary ", b"!!python/object/apply:os.system ['true'] ", b"!!int ", b"!!set ", b"? ",
    b"%YAML 1.1\n", b"---\n", b"...\n", b",", b"\t", b"\r", b"\r\n", b"\\", b"\x00", b"\x1a",
    b"\xe2\x80\xae", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xe4\xbd", b"\x81\x30",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"&#0;", b"&#x1F;", b"]]>", b"<![CDATA[",
    b"<", b">", b"</", b"/>", b' r="XFD9"', b' t="s"', b"<v>99999</v>", b' ref="A1:XFD1048576"',
    b"9" * 400, b"-1", b"2022-02-30", b"=1+1", b"PK\x03\x04",
]

# Text fragments: control, bidi and invisible characters, formulas, markup, numbering, labels.
TEXTS = [
    "\u202e", "\u2066", "\u200b", "\u200f", "\ufeff", "\u00ad", "\U000e0041", "\x00", "\x07",
    "\x1b[31m", "\x85", "\r", "\u2028", "\ufffe", "\ud7ff", "\U0010ffff", "\t", "\v", "\f",
    "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://127.0.0.1:9/x\",\"点\")", "@SUM(1+1)*cmd",
    "+1+1", "-2+3", "<p>段落</p>", "<td rowspan=\"99999\">", "<script>x</script>", "&amp;",
    "<br/>", "{{ 7*7 }}", "{% include '/etc/passwd' %}", "${jndi:ldap://127.0.0.1/a}",
    f"file://{CANARY_DIR}/secret.txt", "../../../../../../tmp/reportgen-fuzz-canary/secret.txt",
    "一、", "（一）", "1.", "1、", "(1)", "①", "落实情况：", "进展情况：", "序号", "工作任务",
    "牵头单位", "责任单位", "责任人", "进展情况", "完成情况", "时限", "备注", "已完成", "滞后",
    "区财政局", "2022年8月", "2022-02-30", "0000-00-00", "9999-12-31", "１２３", "\u3000",
    "\"", "'", ",", ";", ":", "\n", "\\", "%s%n", "~", "&", "*a", "&a", "<<", "- ", "? ",
]
NUMBERS = ["0", "-1", "-2147483648", "2147483648", "4294967296", "99999999999999999999",
           "1048576", "1048577", "16384", "16385", "65536", "1e308", "NaN", "inf", "", "abc",
           "1.5", "-0", "0x10", "+5", " 7", "३"]
REFS = ["A1", "XFD1048576", "A0", "ZZZZ1", "A-1", "A1:XFD1048576", "B2:A1", "A1:A1",
        "A1:IV200000", "$A$1", "1A", "", "A1048577", "XFE1"]
ATTR_VALUES = NUMBERS + REFS + ["restart", "continue", "s", "inlineStr", "e", "b", "n", "d",
                                "str", "true", "false", "1:16384", "9999:1", "x" * 300]
# Attributes that set spans, merges, positions and types in Word and Excel XML.
SPAN_ATTRS = ["gridSpan", "vMerge", "hMerge", "ref", "r", "s", "t", "spans", "val", "ilvl",
              "numId", "count", "uniqueCount", "rowspan", "colspan", "gridCol", "w", "sqref"]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be",
                             "utf-32", "big5", "latin-1", "shift_jis"]


# Short pieces a reader's patterns work on, repeated into a long text: a pattern that is
# quadratic in them («<p <p …», «2022年2022年…») shows up as a slow case.
FLOOD = ["A", "进", "\u202e", "a\n", "一、", "=", " ", "<p ", "</p> <p ", "<span ", "<br",
         "[bookmark: ", "2022年", "2022年8月", "1.", "（", "(1", " \t", "：", "落实情况", "&", "\\",
         "\"", "'", "- ", "*a ", "{", "[", "\r\n", "\t", "，"]


def long_text(rng: random.Random) -> str:
    piece = rng.choice(FLOOD)
    return piece * (rng.choice([300, 5000, 32767, 32768, 70000]) // len(piece) + 1)


def mutate_bytes(rng: random.Random, data: bytes, rounds: int | None = None) -> bytes:
    """Flip, insert tokens or random bytes, delete, duplicate and truncate."""
    out = bytearray(data)
    for _ in range(rounds or rng.randint(1, 6)):
        op = rng.choice(["flip", "insert", "insert", "delete", "copy", "cut", "repeat"])
        pos = rng.randint(0, len(out))
        if op == "flip" and out:
            out[pos % len(out)] = rng.randrange(256)
        elif op == "insert":
            token = rng.choice(BYTE_TOKENS) if rng.random() < 0.7 else rng.randbytes(
                rng.randint(1, 12))
            out[pos:pos] = token
        elif op == "delete":
            del out[pos:pos + rng.randint(1, 80)]
        elif op == "copy":
            out[pos:pos] = out[pos:pos + rng.randint(1, 400)]
        elif op == "repeat":
            chunk = bytes(out[pos:pos + rng.randint(1, 60)])
            out[pos:pos] = chunk * rng.choice([2, 10, 200])
        elif rng.random() < 0.3:
            del out[pos:]
    return bytes(out)


def mutate_text(rng: random.Random, text: str, rounds: int | None = None) -> str:
    """Line- and token-level edits of a text file (YAML, CSV, plain text, template)."""
    lines = text.split("\n")
    for _ in range(rounds or rng.randint(1, 5)):
        op = rng.choice(["insert", "insert", "dupline", "delline", "swap", "number", "long",
                         "repeat", "indent", "replace_line"])
        i = rng.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [""]
        line = lines[i]
        if op == "insert":
            pos = rng.randint(0, len(line))
            lines[i] = line[:pos] + rng.choice(TEXTS) + line[pos:]
        elif op == "dupline":
            lines[i:i] = [line] * rng.choice([1, 1, 5, 300])
        elif op == "delline" and len(lines) > 1:
            del lines[i:i + rng.randint(1, 3)]
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "number":
            digits = [k for k, ch in enumerate(line) if ch.isdigit()]
            if digits:
                k = rng.choice(digits)
                end = k
                while end < len(line) and line[end].isdigit():
                    end += 1
                lines[i] = line[:k] + rng.choice(NUMBERS) + line[end:]
        elif op == "long":
            pos = rng.randint(0, len(line))
            lines[i] = line[:pos] + long_text(rng) + line[pos:]
        elif op == "repeat":
            lines[i] = line * rng.choice([2, 50])
        elif op == "indent":
            lines[i] = rng.choice(["  ", "\t", " " * 200, ""]) + line.lstrip()
        else:
            lines[i] = rng.choice(TEXTS) * rng.randint(1, 3)
    return "\n".join(lines)


def encode(rng: random.Random, text: str) -> bytes:
    """``text`` in a random encoding (mostly UTF-8), unencodable characters replaced."""
    return text.encode(rng.choice(ENCODINGS), errors="replace")


def mutate_text_file(rng: random.Random, data: bytes) -> bytes:
    """A text file: text edits then re-encoding, or byte edits, or both."""
    roll = rng.random()
    if roll < 0.2:
        return mutate_bytes(rng, data)
    text = data.decode("utf-8", errors="replace")
    out = encode(rng, mutate_text(rng, text)) if roll < 0.9 else encode(rng, text)
    return mutate_bytes(rng, out, 1) if rng.random() < 0.15 else out


XML_TEXT_CONTROLS = "\t\n\r"


def _xml_char(char: str) -> bool:
    """Whether lxml accepts ``char`` in text (XML 1.0 characters, no surrogates)."""
    code = ord(char)
    return code >= 0x20 and not 0xD800 <= code <= 0xDFFF and code not in (0xFFFE, 0xFFFF)


def _elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def mutate_xml(rng: random.Random, data: bytes) -> bytes:
    """Element- and attribute-level edits of an XML part; byte edits if it does not parse."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return mutate_bytes(rng, data)
    for _ in range(rng.randint(1, 4)):
        elements = _elements(root)
        inner = [e for e in elements if e.getparent() is not None]
        if not inner:
            break
        target = rng.choice(inner)
        op = rng.choice(["dup", "dup", "remove", "nest", "attr", "attr", "span", "text", "text",
                         "move"])
        parent = target.getparent()
        assert parent is not None
        if op == "dup":
            index = parent.index(target)
            for _ in range(rng.choice([1, 1, 3, 100])):
                parent.insert(index, copy.deepcopy(target))
        elif op == "remove":
            parent.remove(target)
        elif op == "nest":  # a copy of an ancestor inside the element (a table in a cell)
            ancestors = list(target.iterancestors())
            target.append(copy.deepcopy(rng.choice(ancestors[:3])))
        elif op == "move":
            other = rng.choice(elements)
            if target not in other.iterancestors() and other is not target:
                other.append(target)
        elif op == "attr" and target.attrib:
            name = rng.choice(list(target.attrib))
            target.set(name, rng.choice(ATTR_VALUES))
        elif op in ("attr", "span"):
            _span(rng, target)
        else:
            text = rng.choice(TEXTS + [long_text(rng)])
            text = "".join(c if c in XML_TEXT_CONTROLS or _xml_char(c) else "\ufffd"
                           for c in text)  # raw control bytes come from mutate_bytes instead
            if rng.random() < 0.5:
                target.text = (target.text or "") + text
            else:
                target.tail = text
    serialised: bytes = etree.tostring(root, xml_declaration=True, standalone=True,
                                       encoding=rng.choice(["UTF-8"] * 8 + ["UTF-16", "GB18030"]))
    return serialised


def _span(rng: random.Random, element: etree._Element) -> None:
    """A span, merge or position attribute set to an odd value (the element's own namespace)."""
    namespace = etree.QName(element).namespace
    name = rng.choice(SPAN_ATTRS)
    if namespace == W_NS and name in ("gridSpan", "vMerge", "hMerge"):
        cells = [e for e in element.iter() if isinstance(e.tag, str) and _local(e) == "tc"]
        cell = cells[0] if cells else element
        props = cell.find(f"{{{W_NS}}}tcPr")
        if props is None:
            props = etree.SubElement(cell, f"{{{W_NS}}}tcPr")
            cell.insert(0, props)
        etree.SubElement(props, f"{{{W_NS}}}{name}").set(f"{{{W_NS}}}val",
                                                          rng.choice(ATTR_VALUES))
        return
    key = f"{{{namespace}}}{name}" if namespace == W_NS else name
    element.set(key, rng.choice(ATTR_VALUES))


def read_zip(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def write_zip(parts: list[tuple[str, bytes]], level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def mutate_zip(rng: random.Random, data: bytes, focus: tuple[str, ...] = ()) -> bytes:
    """Edit parts inside an Office zip (mostly the ``focus`` parts), or the zip's own bytes."""
    if rng.random() < 0.1:
        return mutate_bytes(rng, data)
    parts = read_zip(data)
    for _ in range(rng.randint(1, 3)):
        names = [n for n, _ in parts]
        focused = [i for i, n in enumerate(names) if n in focus or n.startswith(focus)]
        i = rng.choice(focused) if focused and rng.random() < 0.8 else rng.randrange(len(parts))
        name, content = parts[i]
        op = rng.choice(["xml"] * 6 + ["bytes", "drop", "twin", "rename", "dtd", "empty"])
        if op == "xml" and name.endswith((".xml", ".rels")):
            parts[i] = (name, mutate_xml(rng, content))
        elif op in ("xml", "bytes"):
            parts[i] = (name, mutate_bytes(rng, content))
        elif op == "drop" and len(parts) > 1:
            del parts[i]
        elif op == "twin":  # a second member of the same name
            parts.append((name, mutate_xml(rng, content) if name.endswith(".xml") else content))
        elif op == "rename":
            parts[i] = (rng.choice([name.upper(), "/" + name, name + "x", "../" + name,
                                    name.replace("1", "2")]), content)
        elif op == "dtd":
            dtd = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://'
                   + CANARY_DIR.encode() + b'/secret.txt">]>')
            body = content.split(b"?>", 1)[-1].replace(b"<", b"&x;<", 2)
            parts[i] = (name, dtd + body)
        else:
            parts[i] = (name, b"")
    return write_zip(parts, rng.choice([0, 1, 6, 9]))
