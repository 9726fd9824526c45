"""Property: any valid ledger, whatever its texts, loads back from the store unchanged."""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from reportgen.model import DEFAULT_SCALE, Item, Ledger, Status, StatusScale, UnitRow
from reportgen.store import queries
from reportgen.store.engine import open_engine, resolve, writer

# Any text PostgreSQL can hold: no NUL, no lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=30)
MAYBE = st.none() | TEXT
ROWS = st.builds(UnitRow, unit=MAYBE, person=MAYBE, progress=MAYBE, status=MAYBE)
ITEMS = st.builds(Item, id=MAYBE, seq=MAYBE, section=MAYBE, task=TEXT, target=MAYBE,
                  deadline=MAYBE, notes=MAYBE, rows=st.lists(ROWS, min_size=1, max_size=3))
SCALES = st.just(DEFAULT_SCALE) | st.lists(
    st.builds(Status, name=TEXT, weak=st.booleans(), lagging=st.booleans()),
    min_size=1, max_size=4, unique_by=lambda s: s.name).map(lambda s: StatusScale(statuses=tuple(s)))
LEDGERS = st.builds(Ledger, title=TEXT, date=st.none() | st.dates(dt.date(1990, 1, 1)),
                    scale=SCALES, items=st.lists(ITEMS, max_size=4))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ledger=LEDGERS)
def test_any_ledger_round_trips(db_url: str, ledger: Ledger) -> None:
    name = f"第{next(_COUNTER)}期"
    with open_engine(resolve(db_url, Path.cwd(), trusted=True)) as engine:
        with Session(writer(engine)) as session, session.begin():
            queries.record_period(session, ledger, name, None)
        with Session(engine) as session:
            assert queries.load_period(session, name) == ledger.model_copy(update={"period": name})


_COUNTER = itertools.count(1)
