"""The inverted index: incremental add and remove, and removal that really removes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.fuzzy import FuzzyVocabulary
from matcher.index import TermIndex
from matcher.keywords import Profile

WORDS = ["储能电站", "储能站", "钕铁硼", "退磁", "光伏组件", "积灰", "脱硝催化剂", "脱硫催化剂"]


def index() -> TermIndex:
    return TermIndex(FuzzyVocabulary(cutoff=80, min_length=3))


def postings(found: TermIndex) -> dict[str, list[tuple[str, float]]]:
    table = {}
    for term in found.terms():
        slots, weights = found.postings(term)
        pairs = zip(slots.tolist(), weights.tolist(), strict=True)
        table[term] = sorted((found.doc_id(slot), weight) for slot, weight in pairs)
    return table


def test_postings_and_fuzzy_neighbours() -> None:
    found = index()
    found.add("a", Profile(("储能电站", "积灰"), (1.0, 0.5)), 1.5)
    found.add("b", Profile(("储能电站",), (0.6,)), 0.6)
    assert postings(found)["储能电站"] == [("a", 1.0), ("b", 0.6000000238418579)]
    assert dict(found.similar("储能站"))["储能电站"] >= 80  # a variant, not the same string
    assert found.similar("脱硝催化剂") == ()  # nothing close enough is indexed


def test_removal_forgets_terms_nobody_else_uses() -> None:
    found = index()
    found.add("a", Profile(("钕铁硼", "退磁"), (1.0, 1.0)), 2.0)
    found.add("b", Profile(("钕铁硼",), (1.0,)), 1.0)
    assert found.remove("a")
    assert postings(found) == {"钕铁硼": [("b", 1.0)]}
    assert found.similar("退磁") == ()
    assert not found.remove("a") and "a" not in found


operations = st.lists(
    st.tuples(
        st.sampled_from("abcdef"),
        st.booleans(),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True),
    ),
    max_size=25,
)


@settings(max_examples=80, deadline=None)
@given(operations)
def test_any_history_leaves_the_index_of_the_survivors(history) -> None:  # type: ignore[no-untyped-def]
    found, alive = index(), {}
    for doc_id, add, words in history:
        if add:
            profile = Profile(tuple(words), tuple(1.0 for _ in words))
            found.add(doc_id, profile, float(len(words)))
            alive[doc_id] = profile
        else:
            found.remove(doc_id)
            alive.pop(doc_id, None)
    rebuilt = index()
    for doc_id, profile in alive.items():
        rebuilt.add(doc_id, profile, float(len(profile.terms)))
    assert postings(found) == postings(rebuilt)
    assert len(found) == len(alive)
