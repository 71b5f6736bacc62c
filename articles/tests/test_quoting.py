import pytest

from articles.quoting import appears_verbatim, normalise


def test_typographic_quotes_and_apostrophes_match_straight_ones():
    text = "He praised the “pioneering” work at Durham Police’s headquarters."
    assert appears_verbatim("pioneering", text)
    assert appears_verbatim("Durham Police's headquarters", text)
    assert appears_verbatim('the "pioneering" work', text)


def test_line_breaks_and_runs_of_spaces_do_not_matter():
    assert appears_verbatim("rarely been a\na dull moment", "rarely been a a  dull moment")


def test_quotation_marks_pasted_around_the_words_are_ignored():
    assert appears_verbatim("“Al Capone approach”", "an “Al Capone approach” to crime")


@pytest.mark.parametrize(
    "changed",
    [
        "an Al Capone approach to smashing crime",  # a word added
        "al capone approach",  # letter case
        "Al Capone approaches",  # a letter
        "",  # nothing
        "   ",
    ],
)
def test_any_other_difference_is_a_different_quote(changed):
    assert not appears_verbatim(changed, "he promised an “Al Capone approach” to smashing crime")


def test_normalise_folds_only_marks_and_white_space():
    assert normalise("  ‘Sadness’ and\n“frustration”  ") == "'Sadness' and \"frustration\""
