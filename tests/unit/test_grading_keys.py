"""Answer key CSV: what is read, and the message for each kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor_app.errors import GradingError
from tutor_app.grading.keys import KeyItem, load_key, parse_key

SAMPLE = Path(__file__).parents[2] / "sample_problems" / "class" / "key.csv"


def test_sample_key() -> None:
    assert load_key(SAMPLE) == [
        KeyItem("1", "4", 2.0, notes="Solve 2x + 3 = 11"),
        KeyItem("2", "2x+2", 2.0, notes="Simplify (x^2 - 1)/(x - 1) + x + 1"),
        KeyItem("3", "12.5 m/s", 3.0, 0.02, True, None, "m/s", "A car goes 100 m in 8 s; find its speed"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("question,answer\nQ1,x=2\n", KeyItem("Q1", "x=2")),
        ("Question , ANSWER,points\n a , 3 , 0.5\n", KeyItem("a", "3", 0.5)),
        ("question,answer,tolerance\n1,9.8,0.1\n", KeyItem("1", "9.8", tolerance=0.1)),
        ("question,answer,tolerance\n1,9.8,5%\n", KeyItem("1", "9.8", tolerance=0.05, relative=True)),
        ("question,answer,form,units\n1,(x+1)^2,factored,\n", KeyItem("1", "(x+1)^2", form="factored")),
        ("\ufeffquestion,answer\n1,2\n\n,\n", KeyItem("1", "2")),
    ],
)
def test_parse_key(text: str, expected: KeyItem) -> None:
    assert parse_key(text) == [expected]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("q,a\n1,2\n", (
            "answer key: the header row must name the columns question, answer, points, tolerance, "
            "form, units, notes (question and answer are required); missing: question, answer."
        )),
        ("question,answer,weight\n1,2,3\n", (
            "answer key: unknown column(s) weight; the columns are "
            "question, answer, points, tolerance, form, units, notes."
        )),
        ("question,answer\n", "answer key: no questions found; add one row per question under the header."),
        ("question,answer\n1,\n", "answer key, line 2: the answer cell is empty."),
        ("question,answer,points\n1,2,two\n", "answer key, line 2: points must be a number, not 'two'."),
        ("question,answer,points\n1,2,0\n", "answer key, line 2: points must be more than 0, not 0."),
        ("question,answer,points\n1,2,nan\n", "answer key, line 2: points must be a finite number, not 'nan'."),
        ("question,answer,tolerance\n1,2,-1\n", "answer key, line 2: tolerance must not be negative, not -1."),
        ("question,answer\n1,2\n1,3\n", "answer key, line 3: question '1' appears twice."),
        ("question,answer\n1,2,3\n", "answer key, line 2: more cells than header columns."),
    ],
)
def test_bad_keys(text: str, message: str) -> None:
    with pytest.raises(GradingError) as err:
        parse_key(text)
    assert str(err.value) == message


def test_unreadable_key_files(tmp_path: Path) -> None:
    binary = tmp_path / "key.csv"
    binary.write_bytes(b"\xff\xfe\x00q")
    with pytest.raises(GradingError, match="is not UTF-8 text"):
        load_key(binary)
    with pytest.raises(GradingError, match="Could not read the answer key .*missing.csv: No such file"):
        load_key(tmp_path / "missing.csv")
