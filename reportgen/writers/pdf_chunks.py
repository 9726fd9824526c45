"""Long tables in PDF: the HTML split into chunks of rows, laid out one at a time, then joined.

WeasyPrint lays a table out page by page and, on every page, does work proportional to the whole
table (``ending_cells_by_row`` over all rows, ``set_page_type_computed_styles``): a 5,000-row
ledger (2,300 pages) takes twice as long as it should and about 850 MB. Laying the table out in
chunks of a few hundred rows keeps both linear. Page numbers run on across chunks through
``@page :first { counter-reset: page N }`` and the first page's side through ``break-before``.
Measured (bench/findings.md): 5,000 rows 45–48 s and 850 MB whole, 34–44 s and 225 MB in chunks.
``pdf_parallel`` lays the chunks out in worker processes; the chunks do not depend on how many
(a chunk ends its page wherever it ends, so the rows per chunk are fixed, never per worker).
``join_chunks`` puts the chunks, as their layouts cut them, back into one document (the one the
Word file is written from), each chunk's first row marked as starting a page, as in the PDF.
"""
from __future__ import annotations

import re

CHUNK_ROWS = 250  # table rows per layout pass: about 110 pages, the unit of parallel work
CHUNK_ABOVE = 500  # shorter tables are laid out whole (in one process)

_ROW = re.compile(r"<tr[ >].*?</tr>", re.S)
# A row that holds an item cell starts an item: item cells span all its rows, never split them.
_ITEM_START = re.compile(r'<td[^>]*\bclass="(?:seq|task|section|target|deadline|notes)\b')
_TAIL = "\n</tbody>\n</table>\n</section>\n</body>\n</html>\n"
_FIRST_ROW = re.compile(r"\s*<tr(?=[ >])([^>]*)>")
_CLASS = re.compile(r'\bclass="([^"]*)"')
PAGE = "page"  # continuation.PAGE: the class of a row that starts a page


def split_long_table(html: str, rows_per_chunk: int | None = None,
                     above: int | None = None) -> list[str]:
    """HTML documents that together hold ``html``; the last table's rows are split by items.

    A document whose last table has ``above`` rows or fewer comes back whole (a list of one).
    """
    rows_per_chunk = rows_per_chunk or CHUNK_ROWS
    above = CHUNK_ABOVE if above is None else above
    start = html.rfind("<tbody>")
    end = html.rfind("</tbody>")
    if start < 0 or end < start:
        return [html]
    start += len("<tbody>")
    if html.count("<tr", start, end) <= above:  # cheap test first: most tables are short
        return [html]
    rows = _ROW.findall(html, start, end)
    section_at = html.rfind("<section", 0, start)
    table_at = html.rfind("<table", 0, start)
    body_at = html.find("<body")
    if section_at < 0 or table_at < section_at or body_at < 0:
        return [html]
    head = html[:body_at]
    section_open = html[section_at: html.index(">", section_at) + 1]
    table_open = html[table_at:start]
    chunks: list[list[str]] = [[]]
    for row in rows:
        if len(chunks[-1]) >= rows_per_chunk and _ITEM_START.search(row):
            chunks.append([])
        chunks[-1].append(row)
    out = []
    for index, part in enumerate(chunks):
        body = "\n".join(part)
        if index == 0:
            text = html[:start] + "\n" + body
        else:
            text = f"{head}<body>\n{section_open}\n{table_open}\n{body}"
        out.append(text + (html[end:] if index == len(chunks) - 1 else _TAIL))
    return out


def continuation_css(first_page: int) -> str:
    """CSS that numbers a chunk's pages from ``first_page`` on the right side for odd numbers."""
    side = "right" if first_page % 2 else "left"
    return (f"@page :first {{ counter-reset: page {first_page} }}\n"
            f"html {{ break-before: {side} }}\n")


def join_chunks(chunks: list[str]) -> str:
    """One document of ``chunks`` (``split_long_table``'s, each perhaps cut since): the first
    chunk up to its last table's rows, the rows of all, the last chunk's end. Each chunk after
    the first starts its page (class ``page``), as it does in the PDF."""
    html = chunks[0]
    start = html.rfind("<tbody>") + len("<tbody>")
    bodies = []
    for index, chunk in enumerate(chunks):
        body = chunk[chunk.rfind("<tbody>") + len("<tbody>"):chunk.rfind("</tbody>")]
        if index:
            body = _FIRST_ROW.sub(_page_mark, body, count=1)
        bodies.append(body.strip("\n"))
    last = chunks[-1]
    return html[:start] + "\n" + "\n".join(bodies) + "\n" + last[last.rfind("</tbody>"):]


def _page_mark(row: re.Match[str]) -> str:
    attributes = row.group(1)
    found = _CLASS.search(attributes)
    if found is None:
        attributes += f' class="{PAGE}"'
    elif PAGE not in found.group(1).split():
        attributes = attributes.replace(found.group(0), f'class="{found.group(1)} {PAGE}"', 1)
    return row.group(0)[:row.start(1) - row.start(0)] + attributes + ">"
