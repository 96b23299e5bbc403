"""The pattern a graded question's name must match: a question read whole, not from its second line."""

from __future__ import annotations

import re

import pytest

from schemas.expectations import WHOLE_QUESTION

# As the generations print them (samples/generations, the 2017 report's judgments table).
READ_WHOLE = [
    "How effective is the force at protecting from harm those who are vulnerable, and supporting victims?",
    "Overview – How effective is the force at protecting from harm those who are vulnerable, and supporting victims?",
    "How well does the force understand its current and likely future demand?",
    "How well is the force planning for demand in the future?",
    "To what extent does the force treat all of the people it serves with fairness and respect?",
    "Preventing crime and tackling anti-social behaviour",
    "Building, supporting and protecting the workforce",
    "Overall effectiveness",
]
# A heading's later lines read as the question: its opening line was taken apart.
READ_IN_PART = [
    "At protecting from harm those who are vulnerable, and supporting victims?",
    "Keeping people safe and reducing crime?",
    "Current and likely future demand?",
    "Its resources to manage current demand?",
]


@pytest.mark.parametrize("question", READ_WHOLE)
def test_a_question_read_whole_matches(question):
    assert re.match(WHOLE_QUESTION, question)


@pytest.mark.parametrize("question", READ_IN_PART)
def test_a_question_read_from_its_second_line_does_not(question):
    assert not re.match(WHOLE_QUESTION, question)
