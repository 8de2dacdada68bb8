import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.trie import alternation

# a small alphabet, so words are often prefixes of each other and of the text
WORDS = st.lists(st.text(alphabet="市委书记长.", min_size=1, max_size=4), min_size=1, max_size=12)
TEXT = st.text(alphabet="市委书记长.区", max_size=40)


def longest_first(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@settings(max_examples=400, deadline=None)
@given(WORDS, TEXT)
def test_the_trie_matches_what_the_longest_first_alternation_matches(words, text):
    trie, plain = re.compile(alternation(words)), re.compile(longest_first(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(WORDS, TEXT)
def test_backtracking_into_the_trie_finds_the_same_matches(words, text):
    # a lazy prefix and a required follower, as the people and mention patterns use the word lists
    trie = re.compile(rf"[市委]{{0,3}}?(?:{alternation(words)})区")
    plain = re.compile(rf"[市委]{{0,3}}?(?:{longest_first(words)})区")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_shape_and_edge_cases():
    assert alternation(["市委书记", "市委常委", "市长"]) == "市(?:委(?:书记|常委)|长)"
    assert alternation(["区", "区委"]) == "区委?"
    assert alternation([]) == "" and alternation([""]) == ""
    assert re.fullmatch(alternation(["1.5", "1+"]), "1.5") and not re.fullmatch(alternation(["1.5"]), "1x5")
