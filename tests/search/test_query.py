from search.query import Expander, parse


def texts(query):
    return [[atom.text for atom in group] for group in query.groups]


def test_words_are_all_required():
    assert texts(parse("neglect school")) == [["neglect"], ["school"]]


def test_quoted_phrase_stays_together():
    assert texts(parse('"think family" neglect')) == [["think family"], ["neglect"]]


def test_or_joins_alternatives():
    assert texts(parse("bruise OR mark injury")) == [["bruise", "mark"], ["injury"]]


def test_minus_excludes():
    query = parse('neglect -school -"home education"')
    assert texts(query) == [["neglect"]]
    assert [atom.text for atom in query.excluded] == ["school", "home education"]


def test_punctuation_only_is_empty():
    assert parse("!!! ??? ---").is_empty
    assert parse("").is_empty
    assert parse(None).is_empty


def test_sql_and_markup_are_just_words():
    assert texts(parse("a' OR 1=1--")) == [["a", "1"], ["1"]]
    assert texts(parse("<script>alert(1)</script>")) == [["script"], ["alert"], ["1"], ["script"]]


def test_null_bytes_are_removed():
    assert texts(parse("neg\x00lect")) == [["neg"], ["lect"]]


def test_very_long_queries_are_cut_and_flagged():
    query = parse("word " * 500)
    assert query.truncated
    assert len(query.groups) == 12


def test_stop_words_do_not_count_against_the_limit():
    question = "pupil keeps missing school and I think something is going on at home"
    query = parse(question)
    assert not query.truncated
    assert texts(query)[-1] == ["home"]
    assert parse("and " * 30).truncated  # every word still counts against a wider limit


def test_unclosed_quote_is_a_phrase():
    assert texts(parse('"think family')) == [["think family"]]


def test_expansion_adds_alternatives_and_merges_phrases():
    expander = Expander(
        {
            ("cse",): {("cse",), ("child", "sexual", "exploitation")},
            ("child", "sexual", "exploitation"): {("cse",), ("child", "sexual", "exploitation")},
        }
    )
    query = parse("CSE missing", expander)
    assert query.groups[0][0].alternatives == (("child", "sexual", "exploitation"),)
    merged = parse("child sexual exploitation", expander)
    assert len(merged.groups) == 1
    assert merged.groups[0][0].words == ("child", "sexual", "exploitation")
    assert merged.groups[0][0].alternatives == (("cse",),)
