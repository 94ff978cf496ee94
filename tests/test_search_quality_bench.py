"""bench/search_quality.py: its judged queries name real services, and its scores mean what they say."""

from __future__ import annotations

import pytest

from bench.search_quality import BASKET, QUERIES, Judged, Outcome, Scores, basket_service_ids, read_queries


def test_every_judged_query_names_services_of_the_sample_basket():
    queries = read_queries(QUERIES, basket_service_ids(BASKET))
    assert len(queries) >= 100
    assert len({judged.query.casefold() for judged in queries}) == len(queries)  # no query judged twice


def test_a_judged_id_missing_from_the_basket_is_reported_with_its_line(tmp_path):
    path = tmp_path / "q.yml"
    path.write_text("- {q: logopeda, uslugi: [terapia-logopedyczna]}\n- {q: prawnik, uslugi: [brak-takiej]}\n",
                    encoding="utf-8")
    with pytest.raises(SystemExit, match=r"q\.yml:2: uslugi: nie ma w koszyku usług brak-takiej"):
        read_queries(path, basket_service_ids(BASKET))


def test_scores_count_rank_recall_and_empty_results():
    want_a = Judged("a", ("x", "y"), 1)
    outcomes = [
        Outcome(want_a, ("x", "q", "r")),                 # first: success, RR 1, recall 1/2
        Outcome(want_a, ("q", "r", "s", "y")),            # rank 4: no success@3, RR 1/4, recall 1/2
        Outcome(Judged("b", ("z",), 2), ()),              # nothing found
        Outcome(Judged("c", ("z",), 3), tuple("abcdefghij") + ("z",)),  # rank 11: outside recall@10
    ]
    scores = Scores.of(outcomes)
    assert scores.success_at_3 == pytest.approx(1 / 4)
    assert scores.mrr == pytest.approx((1 + 1 / 4 + 0 + 1 / 11) / 4)
    assert scores.recall_at_10 == pytest.approx((0.5 + 0.5 + 0 + 0) / 4)
    assert scores.zero_results == pytest.approx(1 / 4)
