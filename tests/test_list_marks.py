"""Lists marked the way a house style chooses: any bullet glyph, a dash, or numbers.

The pages are Writer printings (tests/fixtures/pages/README.md); the expected texts are
copied from the documents they were printed from (samples/).
"""

from __future__ import annotations

from page_fixtures import load_document

from extractors.areas_for_improvement import structure_to_areas_for_improvement
from extractors.structure import document_to_structure

PROTECTING_VULNERABLE_PEOPLE = [
    "The force should improve its initial assessment and response to incidents involving vulnerable people by "
    "ensuring that staff working in call handling understand and apply consistently the THRIVE decision-making model.",
    "The force should ensure that response officers become more proficient at completing risk assessments at initial "
    "response, and provide sufficient supervisory oversight to prevent opportunities to safeguard vulnerable victims "
    "from being missed.",
    "The force should ensure that response officers are aware of the range of safeguarding options available at "
    "initial response to protect vulnerable victims.",
    "The force should improve the quality of investigations involving vulnerable people, ensuring that the workloads "
    "of specialist investigators are manageable at all times and that such investigations are subject to regular and "
    "active supervision.",
    "The force should review its use of DVPOs, DVPNs and Clare's Law to ensure that it is making best use of these "
    "powers to safeguard victims of domestic abuse.",
]


def test_items_marked_with_an_arrow_are_one_each_without_their_mark():
    structure = document_to_structure(load_document("areas-marked-with-arrows-writer-seed9-p15"))
    items, findings = structure_to_areas_for_improvement(structure, structure.vocabulary)
    assert [a.text for a in items] == PROTECTING_VULNERABLE_PEOPLE
    assert findings == []


def test_numbered_items_numbered_again_after_each_explanation_are_one_each():
    structure = document_to_structure(load_document("areas-numbered-again-after-each-explanation-writer-seed216-p6"))
    items, _ = structure_to_areas_for_improvement(structure, structure.vocabulary, headlines=True)
    assert [(a.headline, a.explanation) for a in items] == [
        ("Cleveland Police should improve the way it flags vulnerable people on its incident logs.",
         "In 83 of 92 relevant cases, call handlers checked the force's systems for previous incidents, but "
         "vulnerability was flagged on the system in just 29 of the 50 relevant cases."),
        ("Cleveland Police should make sure that it attends emergency incidents within its target times.",
         "In the year ending 3 November 2024, it attended 80.3 percent of emergency incidents within that target time."),
    ]
