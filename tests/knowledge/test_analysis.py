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


def test_fold_matches_its_definition_on_any_text():
    """fold() takes shortcuts (ASCII, a translate table); it must equal NFKD minus combining marks."""
    import random
    import unicodedata

    from voorkant.knowledge.search.analysis import fold

    def definition(text):
        decomposed = unicodedata.normalize("NFKD", text.lower())
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    rng = random.Random(6)
    samples = ["Ideeën", "naïef café", "ﬁets ½ Ångström ß", "ǅ İ", "plain ascii", ""]
    samples += ["".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(30)) for _ in range(500)]
    for text in samples:
        assert fold(text) == definition(text), text


def test_an_apostrophe_ends_the_word():
    from voorkant.knowledge.search.analysis import words

    assert words("Zo'n auto’s, ’s-Hertogenbosch") == ["zo", "auto", "s", "hertogenbosch"]
