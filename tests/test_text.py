from extractors.text import join_lines, list_marks, strip_bullet, text_to_number, vocabulary_of, without_list_mark


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


def test_any_symbol_a_house_style_marks_items_with_is_a_bullet():
    # A word processor's bullet library: arrows, ticks, circles, diamonds, squares.
    for mark in "➢✓○◆■►❖":
        assert strip_bullet(f"{mark} The force should") == (True, "The force should"), mark
    # Punctuation and letters open text, not items.
    for text in ("“The force should”", "(a) The force", "– often from cities", "2017 figures", "© HMICFRS 2019"):
        assert strip_bullet(text) == (False, text)


def test_a_list_marked_by_a_dash_opens_an_item_at_each_line_the_dash_opens():
    texts = ["– The force should ensure that its", "officers understand it.", "– The force should review", "its use."]
    assert list_marks(texts) == [True, False, True, False]
    assert without_list_mark(texts[0]) == "The force should ensure that its"


def test_a_numbered_list_opens_an_item_at_each_next_number_and_at_its_first_again():
    # A paragraph between items (a headline's explanation) starts a word processor's
    # numbering again at "1." unless told to go on: either is the next item.
    texts = ["1. The force should improve X.", "In 83 of 92 cases it did.", "2 officers said so.",
             "1. The force should make sure Y.", "2. The force should Z.", "4. not next"]
    assert list_marks(texts) == [True, False, False, True, True, False]
    assert list_marks(["(i) first", "(ii) second", "(iii) third"]) == [True, True, True]
    assert list_marks(["h) eighth", "i) ninth"]) == [True, True]
    assert list_marks(["a) first", "b) second"]) == [True, True]


def test_a_list_whose_first_line_opens_with_a_word_has_no_marks():
    assert list_marks(["The force should", "do it."]) is None
    assert list_marks(["“Quoted", "text"]) is None
    assert list_marks([]) is None


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


def test_a_web_address_hyphenated_at_a_line_end_is_closed_up_and_its_own_hyphens_kept():
    from extractors.text import join_lines, vocabulary_of

    # Writer's automatic hyphenation breaks addresses as it breaks words; the document's other
    # addresses say which of their parts are whole ("justiceinspectorates", "peel-assessments").
    vocabulary = vocabulary_of(["www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/how-we-inspect/",
                                "www.app.college.police.uk/app-content/"])
    assert join_lines(["website: www.justicein-", "spectorates.gov.uk/hmicfrs/"], vocabulary) == \
        "website: www.justiceinspectorates.gov.uk/hmicfrs/"
    assert join_lines(["www.app.college.po-", "lice.uk/app-content/"], vocabulary) == "www.app.college.police.uk/app-content/"
    assert join_lines(["www.justiceinspectorates.gov.uk/hmicfrs/peel-", "assessments/how-we-inspect/"], vocabulary) == \
        "www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/how-we-inspect/"


def test_an_address_broken_by_hyphenation_inside_its_hyphenated_part_is_closed_up():
    from extractors.text import join_lines, vocabulary_of

    vocabulary = vocabulary_of(["a risk assessment of the peel-assessments/how-we-inspect/ pages",
                                "www.justiceinspectorates.gov.uk/hmicfrs/"])
    assert join_lines(["www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/how-we-inspect/2017-peel-assess-",
                       "ment/#risk-based"], vocabulary) == \
        "www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/how-we-inspect/2017-peel-assessment/#risk-based"


def test_a_hyphen_against_an_addresss_dot_is_hyphenations():
    from extractors.text import join_lines, vocabulary_of

    assert join_lines(["www.justiceinspectorates.gov-", ".uk/hmicfrs/"]) == "www.justiceinspectorates.gov.uk/hmicfrs/"
    assert join_lines(["at: www.app.-", "college.police.uk/"]) == "at: www.app.college.police.uk/"
    # An address broken inside a word keeps its other words in the vocabulary ("app" of
    # "app-content"), though its first part is the rest of a broken word ("p" of "ap-" "p").
    lines = ["available at: www.ap-", "p.college.police.uk/app-content/armed-policing/"]
    vocabulary = vocabulary_of(lines)
    assert {"app", "college", "content"} <= vocabulary and "p" not in vocabulary
    assert join_lines(lines, vocabulary) == "available at: www.app.college.police.uk/app-content/armed-policing/"


def test_a_hyphen_set_off_from_its_word_at_a_justified_lines_end_closes_up_a_known_word():
    from extractors.text import join_lines, vocabulary_of

    vocabulary = vocabulary_of(["to inform the public", "policing the roads"])
    assert join_lines(["threat and in -", "form joint activity"], vocabulary) == "threat and inform joint activity"
    # A spaced hyphen standing for a dash stays, where no word closes up across it.
    assert join_lines(["neighbourhood policing -", "the force has"], vocabulary) == "neighbourhood policing - the force has"


def test_a_word_hyphenation_broke_is_closed_up_though_its_pieces_read_as_words():
    # Writer's automatic hyphenation (seeds 11, 16, 18, 21, 31, 32): the closed word is printed
    # nowhere else whole, and both pieces are words of the document, the tail as the rest of this
    # very break ("ing", "lands"). English writes the closed form; the compound is nowhere.
    lines = ["officers gather evidence; the force is respon-", "sible for gather-", "ing and analysing it",
             "in West Mid-", "lands Police since mid-2016", "fully under-", "stood by officers under review who stood"]
    vocabulary = vocabulary_of(lines)
    # The rest of a break is a word when English writes it ("lands"), not otherwise ("sible").
    assert {"gather", "mid", "lands", "under", "stood"} <= vocabulary and "sible" not in vocabulary
    assert join_lines(["responsible for gather-", "ing and analysing it"], vocabulary) == "responsible for gathering and analysing it"
    assert join_lines(["in West Mid-", "lands Police"], vocabulary) == "in West Midlands Police"
    assert join_lines(["is fully under-", "stood by officers"], vocabulary) == "is fully understood by officers"


def test_the_rest_of_a_broken_word_does_not_vouch_for_itself():
    # Writer seed 4359 hyphenated: "local-" / "ised", "localised" rarer in English than once a
    # million words and printed nowhere else; "local" is a word of the document, and "ised"
    # only the rest of this break, no word: the two pieces are not two words.
    lines = ["cover even more local-", "ised areas (for example", "a local profile"]
    vocabulary = vocabulary_of(lines)
    assert "ised" not in vocabulary
    assert join_lines(lines[:2], vocabulary) == "cover even more localised areas (for example"
    # Printed inside a line as well, it is a word again.
    assert "ised" in vocabulary_of([*lines, "ised cover"])


def test_a_british_spelling_is_as_common_as_the_american_one():
    # Writer seed 5935 hyphenated: "local-" / "ised", where "ised" opens six lines (the rest
    # of "organ-" / "ised" and others too) and so reads as a word of the document. wordfreq counts
    # "localised" apart from "localized" (Zipf 3.4), most of its sources writing the latter:
    # the British spelling is the common word that hyphenation broke.
    from extractors.word_frequency import is_common_word

    assert is_common_word("localised") and is_common_word("finalised") and is_common_word("localisation")
    assert not is_common_word("premised") and not is_common_word("ised")
    vocabulary = frozenset({"local", "ised", "cover"})
    assert join_lines(["cover even more local-", "ised areas"], vocabulary) == "cover even more localised areas"


def test_a_compound_english_does_not_write_closed_keeps_its_hyphen_at_a_line_end():
    vocabulary = vocabulary_of(["a problem shared", "and solving it", "full marks in time", "a decision on making it"])
    assert join_lines(["a problem-", "solving approach"], vocabulary) == "a problem-solving approach"
    assert join_lines(["a full-", "time post"], vocabulary) == "a full-time post"
    assert join_lines(["sound decision-", "making"], vocabulary) == "sound decision-making"


def test_a_particle_after_a_line_end_hyphen_closes_up_only_a_word_far_more_common_closed():
    vocabulary = vocabulary_of(["with it", "out of court", "set it up", "through the year"])
    assert join_lines(["came with-", "out delay"], vocabulary) == "came without delay"
    assert join_lines(["seen through-", "out the year"], vocabulary) == "seen throughout the year"
    # "setup" and "rollout" are words too, but not so common that "set-up" could not be meant.
    assert join_lines(["the new set-", "up works"], vocabulary) == "the new set-up works"
    assert join_lines(["the roll-", "out of body-worn video"], vocabulary) == "the roll-out of body-worn video"


def test_an_address_broken_inside_a_word_that_is_no_part_of_it_is_closed_up():
    # Seed 3 printed hyphenated: "at-" / "tachment_data" ("tachment" is no word); a slug's
    # own hyphen between two words stays.
    assert join_lines(["www.gov.uk/government/uploads/system/uploads/at-", "tachment_data/file/417116/x.pdf"]) == \
        "www.gov.uk/government/uploads/system/uploads/attachment_data/file/417116/x.pdf"
    assert join_lines(["www.example.gov.uk/tackling-anti-", "social-behaviour/"]) == \
        "www.example.gov.uk/tackling-anti-social-behaviour/"


def test_a_word_whose_family_the_document_writes_closed_is_closed_up():
    # Seeds 47 and 89 printed hyphenated: "pro-" / "actively", "proactively" less common in
    # English than "full-time", but the document prints "proactive" three times.
    vocabulary = vocabulary_of(["a proactive approach", "police can pro-", "actively disclose", "pro bono work, acting actively"])
    assert join_lines(["police can pro-", "actively disclose"], vocabulary) == "police can proactively disclose"


def test_a_compound_broken_inside_its_first_word_keeps_its_own_hyphen():
    # Seed 49: "de-" / "cision-making", "de" and the rest both read as words elsewhere.
    vocabulary = vocabulary_of(["THRIVE de-", "cision-making model", "de facto"])
    assert join_lines(["the THRIVE de-", "cision-making model."], vocabulary) == "the THRIVE decision-making model."


def test_an_address_broken_at_its_lines_end_still_gives_its_words():
    # Seed 73: "www.gov.uk/government/up-" / "loads/system/...": the document's other address,
    # itself hyphenated at its line's end ("crime-outcomes-"), prints "uploads" whole.
    vocabulary = vocabulary_of(["www.gov.uk/government/uploads/system/uploads/attachment_data/file/633048/crime-outcomes-",
                                "hosb0917.pdf"])
    assert {"uploads", "government", "crime"} <= vocabulary and "outcomes" not in vocabulary
    assert join_lines(["Available from: www.gov.uk/government/up-", "loads/system/uploads/file.pdf"], vocabulary) == \
        "Available from: www.gov.uk/government/uploads/system/uploads/file.pdf"


def test_a_hyphen_set_off_at_a_justified_lines_end_closes_up_a_common_word_or_an_address():
    # The Word document printed justified and hyphenated (seeds 3 and 21): "oc -" / "casions",
    # "proact -" / "ively", "www.justiceinspect -" / "orates.gov.uk", none printed whole elsewhere.
    vocabulary = vocabulary_of(["a proactive force", "www.justiceinspectorates.gov.uk/hmicfrs/"])
    assert join_lines(["on relatively rare oc -", "casions."], vocabulary) == "on relatively rare occasions."
    assert join_lines(["police can proact -", "ively disclose"], vocabulary) == "police can proactively disclose"
    assert join_lines(["the website: www.justiceinspect -", "orates.gov.uk/hmicfrs/peel-assessments"], vocabulary) == \
        "the website: www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments"
    # A spaced hyphen standing for a dash still stays.
    assert join_lines(["neighbourhood policing -", "the force has"], vocabulary) == "neighbourhood policing - the force has"
