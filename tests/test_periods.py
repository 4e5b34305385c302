"""Periods: bounds as people type them, where a document counts, every period a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tifa.tracking.periods import (
    PeriodError,
    bin_documents,
    date_range,
    doc_extent,
    parse_bound,
    period_at,
    periods_between,
    place,
)


@dataclass(frozen=True)
class Doc:
    id: str
    year: int | None
    date: str | None = None


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("2019-03", date(2019, 3, 1), date(2019, 3, 31)),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
        ("2019-Q2", date(2019, 4, 1), date(2019, 6, 30)),
        ("2019-q4", date(2019, 10, 1), date(2019, 12, 31)),
        ("2019-03-08", date(2019, 3, 8), date(2019, 3, 8)),
        ("2019/3/8", date(2019, 3, 8), date(2019, 3, 8)),
        (" 2019.12 ", date(2019, 12, 1), date(2019, 12, 31)),
    ],
)
def test_a_bound_is_the_first_or_last_day_of_what_it_names(text, first, last):
    assert parse_bound(text, end=False) == first
    assert parse_bound(text, end=True) == last


@pytest.mark.parametrize("text", ["2019-13", "2019-02-30", "19", "March 2019", "2019-Q5", ""])
def test_an_unreadable_bound_is_one_line_naming_it(text):
    with pytest.raises(PeriodError) as err:
        parse_bound(text, end=False)
    assert repr(text) in str(err.value) and "\n" not in str(err.value)


def test_a_range_that_crosses_itself_is_refused():
    with pytest.raises(PeriodError, match="after") as err:
        date_range("2020", "2019-06")
    assert str(err.value) == "--since 2020 is after --until 2019-06"
    assert err.value.bounds == ("since", "until")
    assert date_range("2019", "2019").first == date(2019, 1, 1)


def test_a_range_error_names_the_bounds_as_asked_and_says_which_is_bad():
    with pytest.raises(PeriodError) as err:
        date_range("2020", "2019-06", names=("since", "until"))
    assert str(err.value) == "since 2020 is after until 2019-06"
    with pytest.raises(PeriodError) as err:
        date_range("2019", "2019-13", names=("from", "to"))
    assert str(err.value).startswith("to '2019-13': not a date")
    assert err.value.bounds == ("until",)


def test_period_keys_and_every_period_between():
    assert period_at(date(2021, 5, 8), "year").key == "2021"
    assert period_at(date(2021, 5, 8), "quarter").key == "2021-Q2"
    assert period_at(date(2021, 5, 8), "month").key == "2021-05"
    months = periods_between(date(2019, 11, 20), date(2020, 2, 3), "month")
    assert [p.key for p in months] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    quarters = periods_between(date(2019, 12, 31), date(2020, 1, 1), "quarter")
    assert [p.key for p in quarters] == ["2019-Q4", "2020-Q1"]


def test_a_document_is_placed_only_as_precisely_as_its_date():
    assert doc_extent(Doc("a", 2019, "2019-03-08")) == (date(2019, 3, 8), date(2019, 3, 8))
    assert doc_extent(Doc("b", 2019, "2019-03")) == (date(2019, 3, 1), date(2019, 3, 31))
    assert doc_extent(Doc("c", 2019)) == (date(2019, 1, 1), date(2019, 12, 31))
    assert doc_extent(Doc("d", None)) is None
    # a date that disagrees with the year is not trusted beyond the year
    assert doc_extent(Doc("e", 2019, "2018-03-08")) == (date(2019, 1, 1), date(2019, 12, 31))
    year_only = doc_extent(Doc("c", 2019))
    assert place(year_only, "month").key == "2019" and place(year_only, "month").unit == "year"
    assert place(doc_extent(Doc("b", 2019, "2019-03")), "quarter").key == "2019-Q1"
    assert place(None, "month").key is None


DOCS = [
    Doc("jan", 2019, "2019-01-15"),
    Doc("apr", 2019, "2019-04-02"),
    Doc("yearonly", 2019),
    Doc("next", 2020, "2020-02-10"),
    Doc("nodate", None),
]


def test_months_zero_filled_year_only_after_december_undated_last():
    binning = bin_documents(DOCS, "month")
    keys = [p.shown("month") for p in binning.periods]
    assert keys[:4] == ["2019-01", "2019-02", "2019-03", "2019-04"]
    assert keys[keys.index("2019-12") + 1] == "2019 (year only)"
    assert keys[-3:] == ["2020-01", "2020-02", "undated"]
    assert binning.of_doc["yearonly"].key == "2019" and binning.of_doc["nodate"].key is None
    assert list(binning.of_doc.values()).count(binning.of_doc["jan"]) == 1
    assert not any(binning.left_out.values())
    # families step through months only: the year-only and undated documents are left out
    left = binning.sequence_left_out()
    assert left["coarse"] == ("yearonly",) and left["undated"] == ("nodate",)


def test_a_range_keeps_only_documents_wholly_inside_it():
    binning = bin_documents(DOCS, "quarter", date_range("2019-02", "2019-12"))
    assert set(binning.of_doc) == {"apr"}
    assert binning.left_out["out_of_range"] == ("jan", "next")
    assert binning.left_out["imprecise"] == ("yearonly",)
    assert binning.left_out["undated"] == ("nodate",)
    assert [p.key for p in binning.periods] == ["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"]
    whole_year = bin_documents(DOCS, "year", date_range("2019", "2019"))
    assert set(whole_year.of_doc) == {"jan", "apr", "yearonly"}


def test_the_years_of_the_corpus_and_the_gaps_between_them():
    binning = bin_documents([Doc("a", 2017), Doc("b", 2021)], "year")
    assert [p.key for p in binning.periods] == ["2017", "2018", "2019", "2020", "2021"]
    assert all(p.unit == "year" for p in binning.periods)
