"""督办 notice numbers: the next number per year, and a number issued twice is refused."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from reportgen.store import queries
from reportgen.store.engine import open_engine, resolve, writer
from reportgen.store.errors import NoticeNumberTakenError


def _session_run(url: str, action):  # type: ignore[no-untyped-def]
    with open_engine(resolve(url, Path.cwd(), trusted=True)) as engine, \
            Session(writer(engine)) as session, session.begin():
        return action(session)


def test_numbers_count_up_per_year_and_never_repeat(db_url: str) -> None:
    assert _session_run(db_url, lambda s: queries.next_notice_number(s, 2022)) == 1

    def issue(session: Session) -> int:  # next + record in one transaction
        number = queries.next_notice_number(session, 2022)
        queries.record_notice_number(session, 2022, number, "督办通知单（区财政局）")
        return number

    assert [_session_run(db_url, issue) for _ in range(3)] == [1, 2, 3]
    assert _session_run(db_url, lambda s: queries.next_notice_number(s, 2023)) == 1
    _session_run(db_url, lambda s: queries.record_notice_number(s, 2023, 7))
    assert _session_run(db_url, lambda s: queries.next_notice_number(s, 2023)) == 8
    with pytest.raises(NoticeNumberTakenError, match="督办〔2022〕2号") as caught:
        _session_run(db_url, lambda s: queries.record_notice_number(s, 2022, 2))
    assert "4 号" in caught.value.message
    with pytest.raises(NoticeNumberTakenError):
        _session_run(db_url, lambda s: queries.record_notice_number(s, 2022, 0))
    assert list(_session_run(db_url, lambda s: queries.issued_numbers(s, 2022))) == [1, 2, 3]


def test_a_refused_number_rolls_back_the_whole_transaction(db_url: str) -> None:
    def two(session: Session) -> None:
        queries.record_notice_number(session, 2022, 5)
        queries.record_notice_number(session, 2022, 5)

    with pytest.raises(NoticeNumberTakenError):
        _session_run(db_url, two)
    assert list(_session_run(db_url, lambda s: queries.issued_numbers(s, 2022))) == []
