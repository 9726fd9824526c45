"""Fixtures of the check tests: our own documents, built once per session."""
from __future__ import annotations

from pathlib import Path

import pytest
from check_support import (
    HAS_SOFFICE,
    add_colophon,
    build_example,
    build_small_bulletin,
    rewrite,
    xml_edit,
)

from reportgen.check import DocumentReport, check_docx, check_pdf
from reportgen.profile import load_profile


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    folder = tmp_path_factory.mktemp("examples")
    return {name: build_example(name, folder / name)
            for name in ("zhanhe-2022-08", "pingdingshan-2020-04", "sanmenxia-2021-05")}


@pytest.fixture(scope="session")
def example_reports(built_examples: dict[str, list[Path]]) -> dict[Path, DocumentReport]:
    """The check of every example document, once (the .docx laid out by LibreOffice if any)."""
    profile = load_profile("gbt9704")
    return {path: check_pdf(path, profile) if path.suffix == ".pdf"
            else check_docx(path, profile, render=HAS_SOFFICE)
            for paths in built_examples.values() for path in paths}


@pytest.fixture(scope="session")
def small_bulletin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_bulletin(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def sendable_bulletin(small_bulletin: Path) -> Path:
    """The small bulletin, sure to carry a 版记 (one is added when the writer made none)."""
    return rewrite(small_bulletin, small_bulletin.with_name("带版记.docx"),
                   {"word/document.xml": xml_edit(add_colophon)})
