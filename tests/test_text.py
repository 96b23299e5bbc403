from extractors.text import join_lines, strip_bullet, text_to_number, vocabulary_of


def test_numbers():
    assert text_to_number("416") == 416
    assert text_to_number("+13%") == 13
    assert text_to_number("-0.05%") == -0.05
    assert text_to_number("–0.05%") == -0.05
    assert text_to_number("1,900") == 1900
    assert text_to_number("–") is None
    assert text_to_number("4l6") is None  # a misread digit is not guessed


def test_hyphen_kept_when_the_document_uses_the_compound():
    vocab = vocabulary_of(["tackling anti-social behaviour across London"])
    assert join_lines(["crime and anti-", "social behaviour"], vocab) == "crime and anti-social behaviour"


def test_hyphen_dropped_when_only_the_closed_word_is_used():
    vocab = vocabulary_of(["the investigation was slow and"])
    assert join_lines(["the investi-", "gation was"], vocab) == "the investigation was"


def test_unknown_fragments_are_joined_but_two_known_words_keep_their_hyphen():
    assert join_lines(["the vul-", "nerable victim"]) == "the vulnerable victim"
    vocab = vocabulary_of(["a problem shared", "and solving it"])
    assert join_lines(["a problem-", "solving approach"], vocab) == "a problem-solving approach"


def test_web_address_rejoined_without_space():
    lines = ["available from: www.gov.uk/government/uploads/system/uploads/", "attachment_data/file/417116/x.pdf"]
    assert join_lines(lines) == "available from: www.gov.uk/government/uploads/system/uploads/attachment_data/file/417116/x.pdf"
    assert join_lines(["see www.example.gov.uk/peel-", "assessments/how-we-inspect"]) == (
        "see www.example.gov.uk/peel-assessments/how-we-inspect")


def test_web_address_at_line_end_then_words():
    assert join_lines(["at www.example.gov.uk/hmicfrs", "The force"]) == "at www.example.gov.uk/hmicfrs The force"


def test_a_word_broken_after_its_slash_is_rejoined_without_space():
    # A narrow panel (fpdf2 seed 2160) broke "Charged/summonsed" after the slash.
    assert join_lines(["Charged/", "summonsed"]) == "Charged/summonsed"
    assert join_lines(["in 2016/", "17 the force"]) == "in 2016/17 the force"
    # A slash set between words, spaces round it, stays so.
    assert join_lines(["police officers /", "staff"]) == "police officers / staff"


def test_bullets():
    assert strip_bullet("• The force should") == (True, "The force should")
    assert strip_bullet("\uf0b7 The force should") == (True, "The force should")
    assert strip_bullet("(cid:127) The force should") == (True, "The force should")
    assert strip_bullet("The force should") == (False, "The force should")


def test_a_line_end_hyphen_after_a_hyphenating_prefix_or_an_adverb_is_kept():
    # Neither form appears elsewhere in the document: the words themselves decide.
    assert join_lines(["tackling anti-", "social behaviour"]) == "tackling anti-social behaviour"
    assert join_lines(["fraud and financially-", "motivated cyber-crime"]) == "fraud and financially-motivated cyber-crime"
    assert join_lines(["the investi-", "gation team"]) == "the investigation team"


def test_a_line_end_hyphen_before_a_particle_is_kept():
    # Seeds 401, 403 and 574: "joined-" / "up response" in a footnote, neither "joined-up"
    # nor "joined" printed anywhere else in the document.
    assert join_lines(["a timely and joined-", "up response"], frozenset({"up", "response"})) == (
        "a timely and joined-up response")
    assert join_lines(["a follow-", "up visit"]) == "a follow-up visit"
    # A word broken by hyphenation still closes up: its tail is no particle.
    assert join_lines(["the vul-", "nerable victim"]) == "the vulnerable victim"
