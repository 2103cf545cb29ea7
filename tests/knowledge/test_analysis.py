from voorkant.knowledge.search.analysis import analyse, html_to_text
from voorkant.knowledge.search.typos import TypoCorrector, edit_distance


def test_dutch_porter_keeps_gemeente_forms_together():
    assert len(set(analyse("gemeente gemeentelijke gemeenten"))) == 1


def test_plural_and_singular_share_a_stem():
    assert analyse("paspoorten") == analyse("paspoort")
    assert analyse("belastingen") == analyse("belasting")


def test_diacritics_and_case_are_folded():
    assert analyse("Ideeën") == analyse("ideeen")


def test_stopwords_are_dropped_but_question_words_kept():
    terms = analyse("Wanneer moet ik een paspoort aanvragen")
    assert "wanner" in terms  # dutch_porter stem of "wanneer"
    assert "een" not in terms


def test_html_to_text_drops_tags_and_unescapes():
    assert html_to_text("<p>Kosten &amp; termijn</p><ul><li>één</li></ul>") == "Kosten & termijn\néén"


def test_edit_distance_counts_a_transposition_as_one():
    assert edit_distance("pasoprt", "pasport") == 1
    assert edit_distance("pasport", "paspoort") == 1


def test_typo_corrector_finds_a_close_known_term():
    corrector = TypoCorrector()
    df = {"paspoort": 10, "parkeer": 3}
    corrector.update(df)
    assert corrector.candidates("pasport", df) == ["paspoort"]
    assert corrector.candidates("pas", df) == []  # too short to guess
