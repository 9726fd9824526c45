"""Importing documents offices already have: stage one by suffix, then the one recogniser.

``BLOCK_READERS`` maps a suffix to the reader that turns the file into the block stream
(.docx, .txt, .xls; .doc, .wps and .et through LibreOffice). ``recognise_file`` runs both
stages; ``read_document`` is the entry in the loaders registry, so ``build``, ``validate`` and
``stats`` accept these files directly (lines that could not be placed become warnings).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportgen.errors import ProblemList
from reportgen.loaders.blocks import BlockStream
from reportgen.loaders.docx_blocks import read_docx_blocks
from reportgen.loaders.office import with_converted
from reportgen.loaders.raw import RawLedger
from reportgen.loaders.recognise import Recognition, recognise
from reportgen.loaders.text_blocks import read_text_blocks
from reportgen.loaders.xls_file import read_xls_blocks


def _converted(reader: Callable[[Path], BlockStream], target: str
               ) -> Callable[[Path], BlockStream]:
    def read(path: Path) -> BlockStream:
        stream = with_converted(path, reader, target)
        stream.source = str(path)
        return stream
    return read


# Suffix → stage-one reader. Adding a format is adding a module and a line here.
BLOCK_READERS: dict[str, Callable[[Path], BlockStream]] = {
    ".docx": read_docx_blocks,
    ".txt": read_text_blocks,
    ".xls": read_xls_blocks,
    ".doc": _converted(read_docx_blocks, "docx"),
    ".wps": _converted(read_docx_blocks, "docx"),
    ".et": _converted(read_xls_blocks, "xls"),
}


def recognise_file(path: Path, problems: ProblemList, ids: bool = True) -> Recognition:
    """Both stages for one document: its blocks, then the ledger and what was not placed."""
    stream = BLOCK_READERS[path.suffix.lower()](path)
    return recognise(stream, problems, ids)


def read_document(path: Path, problems: ProblemList) -> RawLedger:
    """The loaders-registry reader of an imported document; unplaced lines become warnings."""
    recognition = recognise_file(path, problems)
    for unplaced in recognition.unplaced:
        place = "该事项的备注" if unplaced.target == "item" else "台账末尾的备注"
        problems.add(f"{unplaced.reason}“{unplaced.text}”未能归入事项，已记入{place}",
                     unplaced.where, warning=True)
    return recognition.raw
