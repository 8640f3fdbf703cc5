"""Small-number suppression: hand-worked tables, each printed as the reader sees it."""

import pytest
from django.test import override_settings
from django.utils import translation

from reports.suppression import (
    Cell,
    Mark,
    SuppressedTable,
    amount_cell,
    count_cell,
    difference,
    percentage,
)


@pytest.fixture(autouse=True)
def english_numbers():
    with translation.override("en"):
        yield


def test_counts_from_one_to_four_print_as_less_than_five_and_zero_stays_zero():
    assert [count_cell(n).text for n in (0, 1, 2, 3, 4, 5, 12)] == [
        "0",
        "<5",
        "<5",
        "<5",
        "<5",
        "5",
        "12",
    ]


def test_a_suppressed_cell_does_not_keep_its_value():
    assert count_cell(3).value is None


@override_settings(BOPS_SUPPRESSION_THRESHOLD=3)
def test_the_threshold_comes_from_the_settings():
    assert [count_cell(n).text for n in (1, 2, 3)] == ["<3", "<3", "3"]


def test_a_table_without_totals_needs_no_secondary_suppression():
    table = SuppressedTable([("A", [3, 10]), ("B", [20, 30])])
    assert table.texts() == [["<5", "10"], ["20", "30"]]


def test_one_small_cell_in_a_column_with_a_total_hides_the_next_smallest_cell():
    # Column 1: 3 + 20 = 23. Showing 20 and 23 would give away the 3.
    table = SuppressedTable([("A", [3, 10]), ("B", [20, 30])], column_totals=True)
    assert table.texts() == [["<5", "10"], [":", "30"], ["23", "40"]]


def test_the_smallest_other_cell_is_chosen_and_zeros_are_left_alone():
    table = SuppressedTable([("A", [2]), ("B", [0]), ("C", [40]), ("D", [9])], column_totals=True)
    assert table.texts() == [["<5"], ["0"], ["40"], [":"], ["51"]]


def test_a_small_total_is_suppressed_like_any_other_count():
    table = SuppressedTable([("A", [3]), ("B", [0])], column_totals=True)
    assert table.texts() == [["<5"], ["0"], ["<5"]]


def test_two_ones_beside_a_total_would_be_given_away_so_a_third_cell_is_hidden():
    # 1 + 1 + 10 = 12: with 10 and 12 shown the two "<5" cells must be 1 and 1.
    table = SuppressedTable([("A", [1]), ("B", [1]), ("C", [10])], column_totals=True)
    assert table.texts() == [["<5"], ["<5"], [":"], ["12"]]


def test_two_small_cells_with_room_between_them_are_left_as_they_are():
    # 3 + 4 + 10 = 17: the two hidden cells add up to 7, which is 3+4 or 4+3.
    table = SuppressedTable([("A", [3]), ("B", [4]), ("C", [10])], column_totals=True)
    assert table.texts() == [["<5"], ["<5"], ["10"], ["17"]]


def test_many_ones_adding_up_to_the_total_hide_the_total():
    # Five ones and a total of 5: every "<5" would have to be 1.
    table = SuppressedTable([(str(i), [1]) for i in range(5)], column_totals=True)
    assert table.texts() == [["<5"]] * 5 + [[":"]]


def test_secondary_suppression_in_a_row_spreads_to_the_columns_it_touches():
    # Hand-worked:
    #            c0  c1  c2 | total
    #   A         3  12  20 |   35
    #   B        15  18  25 |   58
    #   total    18  30  45 |   93
    # Primary: A/c0 (3). Row A: hide the next smallest in the row, A/c1 (12).
    # Column c0: 3 + 15 = 18 -> hide B/c0 (15). Column c1: 12 + 18 -> hide B/c1 (18).
    # Row B now has two hidden cells (15, 18 -> sum 33 with ":" >= 5): safe.
    table = SuppressedTable(
        [("A", [3, 12, 20]), ("B", [15, 18, 25])], row_totals=True, column_totals=True
    )
    assert table.texts() == [
        ["<5", ":", "20", "35"],
        [":", ":", "25", "58"],
        ["18", "30", "45", "93"],
    ]
    assert table.grand_total.text == "93"


def test_a_total_hidden_to_protect_a_column_is_itself_protected_in_its_row():
    # Column totals row 3 + 0 is small: the grand-total line (row totals 3, 40
    # against 43) must then hide the next smallest row total as well.
    table = SuppressedTable([("A", [3, 0]), ("B", [0, 40])], row_totals=True, column_totals=True)
    texts = table.texts()
    assert texts[0] == ["<5", "0", "<5"]
    assert texts[2][0] == "<5"
    # Nothing in the table lets a reader recover the 3: every line that
    # contains a hidden cell has at least two hidden cells.
    for line in (
        [texts[0][0], texts[1][0], texts[2][0]],
        [texts[0][2], texts[1][2], texts[2][2]],
        [texts[2][0], texts[2][1], texts[2][2]],
    ):
        hidden = [t for t in line if t in ("<5", ":")]
        assert len(hidden) != 1


def test_rows_must_have_the_same_width():
    with pytest.raises(ValueError):
        SuppressedTable([("A", [1, 2]), ("B", [3])])


def test_a_percentage_of_a_suppressed_count_is_suppressed():
    assert percentage(count_cell(3), count_cell(40)).text == ":"
    assert percentage(count_cell(30), Cell(None, Mark.SECONDARY)).text == ":"


def test_a_percentage_whose_remainder_is_small_is_suppressed():
    # 38 of 40 assessed in time would tell that 2 were not.
    assert percentage(count_cell(38), count_cell(40)).text == ":"


def test_a_percentage_of_shown_counts_is_shown():
    assert percentage(count_cell(30), count_cell(40)).text == "75 %"
    assert percentage(count_cell(0), count_cell(40)).text == "0 %"


def test_a_percentage_of_nothing_is_shown_as_not_applicable_not_an_error():
    assert percentage(count_cell(0), count_cell(0)).text == "."


def test_a_difference_from_a_suppressed_count_is_suppressed():
    assert difference(count_cell(12), count_cell(3)).text == ":"
    assert difference(count_cell(12), count_cell(20)).text == "-8"


def test_numbers_are_grouped_the_norwegian_way_in_nynorsk():
    with translation.override("nn"):
        assert count_cell(12345).text.replace("\xa0", " ") == "12 345"


def test_a_difference_of_amounts_keeps_its_unit():
    assert difference(amount_cell(1500, " kr"), amount_cell(500, " kr")).text == "1\xa0000 kr"
