"""Search over the knowledge base, small talk, and the `kb` command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from pathlib import Path

import pytest

from bot.knowledge import translit
from bot.knowledge.base import KnowledgeBase, Topic, TopicText, load_knowledge
from bot.knowledge.cli import EvalReport, evaluate, main, read_questions
from bot.knowledge.search import Hit, SearchIndex, SearchResult, ru_terms
from bot.knowledge.smalltalk import classify

DEV_QUESTIONS = Path(__file__).parent / "data" / "dev-questions.jsonl"

# --------------------------------------------------------------------------------------------
# A small knowledge base of our own, so engine behaviour is tested independently of the
# content files (which reviewers keep editing).


def _topic(topic_id: str, ru: tuple[str, list[str], str], en: tuple[str, list[str], str]) -> Topic:
    texts = {
        "ru": TopicText(title=ru[0], keywords=tuple(ru[1]), body=ru[2]),
        "en": TopicText(title=en[0], keywords=tuple(en[1]), body=en[2]),
    }
    return Topic(
        id=topic_id,
        category="test",
        reviewed=dt.date(2026, 11, 22),
        uncertain=False,
        related=(),
        sources=("https://www.ice.gov/",),
        texts=texts,
    )


def _mini_kb() -> KnowledgeBase:
    topics = [
        _topic(
            "children",
            (
                "Ребёнка разлучили с родителями",
                ["ребёнок в приюте", "orr"],
                "Если ребёнка забрали в приют, позвоните в ORR.",
            ),
            (
                "Children separated from parents",
                ["child in shelter", "orr"],
                "If your child was taken to a shelter, call ORR.",
            ),
        ),
        _topic(
            "bond",
            (
                "Освобождение под залог",
                ["залог", "bond hearing"],
                "Судья может назначить залог. Сумма залога зависит от дела.",
            ),
            (
                "Bond hearings",
                ["bond", "release on bond"],
                "A judge may set a bond. The amount depends on the case.",
            ),
        ),
        _topic(
            "appeal",
            (
                "Апелляция на решение судьи",
                ["апелляция", "срок апелляции", "обжаловать"],
                "На апелляцию даётся несколько дней после решения судьи.",
            ),
            (
                "Appealing a judge's decision",
                ["appeal", "appeal deadline"],
                "You have a few days after the judge's decision to appeal.",
            ),
        ),
        _topic(
            "find",
            (
                "Как найти задержанного",
                ["найти задержанного", "локатор", "где муж"],
                "Ищите задержанного в локаторе по имени и стране рождения.",
            ),
            (
                "Finding a detained relative",
                ["find detainee", "locator", "where is my husband"],
                "Search the locator by name and country of birth.",
            ),
        ),
        _topic(
            "work",
            (
                "Разрешение на работу",
                ["разрешение на работу", "ead"],
                "Подать на разрешение на работу можно через 150 дней.",
            ),
            (
                "Work permit",
                ["work permit", "ead"],
                "You can apply for a work permit after 150 days.",
            ),
        ),
    ]
    return KnowledgeBase(topics={t.id: t for t in topics}, categories=["test"])


@pytest.fixture(scope="module")
def mini() -> SearchIndex:
    return SearchIndex.build(_mini_kb())


@pytest.fixture(scope="module")
def full() -> SearchIndex:
    kb, _ = load_knowledge(strict=False)
    if len(kb.topics) < 10:
        pytest.skip("knowledge base content not written yet")
    return SearchIndex.build(kb)


def _top(index: SearchIndex, query: str) -> str | None:
    result = index.search(query)
    return result.hits[0].topic_id if result.hits else None


# --------------------------------------------------------------------------------------------
# Morphology, typos, Latin letters, slang, English


def test_irregular_plural_is_lemmatised() -> None:
    assert ru_terms("детей") == ("ребенок",)
    assert ru_terms("ребёнка") == ("ребенок",)


def test_irregular_form_finds_the_children_topic(mini: SearchIndex) -> None:
    # "детей" shares no letters-prefix with "ребёнок": only the lemma can match it.
    assert _top(mini, "у меня забрали детей") == "children"


def test_irregular_form_in_full_base(full: SearchIndex) -> None:
    result = full.search("куда забрали наших детей после границы, они в приюте")
    assert result.hits[0].topic_id == "family-children"


def test_typo_is_corrected(mini: SearchIndex) -> None:
    assert _top(mini, "апеляцыя") == "appeal"
    assert _top(mini, "разрешениe на роботу") == "work"


def test_typo_in_full_base(full: SearchIndex) -> None:
    result = full.search("имиграционный суд не пришел что будет")
    assert result.hits[0].topic_id == "court-missed-hearing"


def test_translit_candidates() -> None:
    assert translit.candidates("zaderzhali")[0] == "задержали"
    assert "искать" in translit.candidates("iskat")
    assert "апелляцию" in translit.candidates("apellyaciyu")
    assert translit.from_wrong_layout("ghbdtn") == "привет"


def test_latin_typed_russian(mini: SearchIndex) -> None:
    result = mini.search("gde iskat zaderzhannogo")
    assert result.hits[0].topic_id == "find"
    assert result.locale == "ru"


def test_latin_typed_russian_in_full_base(full: SearchIndex) -> None:
    for query, expected in [
        ("zaderzhali muzha gde iskat", "detention-find-person"),
        ("skolko dnej na apellyaciyu", {"appeal-bia", "appeal-dhs"}),
        ("kogda sud po moemu delu", "court-hearing-date"),
    ]:
        result = full.search(query)
        assert result.locale == "ru", query
        allowed = expected if isinstance(expected, set) else {expected}
        assert result.hits[0].topic_id in allowed, query


def test_slang(full: SearchIndex) -> None:
    for query, expected in [
        ("что такое бонд", "release-bond"),
        ("срок подачи на азюль", "asylum-one-year"),
        ("ворк пермит когда можно подавать", "asylum-work-permit"),
        ("кредибл фир как подготовиться", "border-credible-fear"),
        ("как перевести деньги в детеншн", "detention-money"),
        ("нужен лоер бесплатно", "legal-find-lawyer"),
    ]:
        result = full.search(query)
        assert result.confident, query
        assert result.hits[0].topic_id == expected, query


def test_english_query(mini: SearchIndex, full: SearchIndex) -> None:
    result = mini.search("how do I appeal the judge's decision")
    assert result.locale == "en"
    assert result.hits[0].topic_id == "appeal"
    result = full.search("where is my husband detained by ICE")
    assert result.locale == "en"
    assert result.hits[0].topic_id == "detention-find-person"


def test_off_topic_is_declined(full: SearchIndex) -> None:
    for query in [
        "как приготовить борщ",
        "лучший телефон до 300 долларов",
        "как выучить английский быстро",
        "what is the capital of france",
    ]:
        result = full.search(query)
        assert not result.confident, (query, result.hits[:2])


def test_result_shape(mini: SearchIndex) -> None:
    result = mini.search("залог", limit=2)
    assert isinstance(result, SearchResult)
    assert 1 <= len(result.hits) <= 2
    assert all(isinstance(h, Hit) for h in result.hits)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    empty = mini.search("   ")
    assert empty.hits == ()
    assert not empty.confident
    assert mini.search("?!").confident is False


def test_build_is_cheap() -> None:
    kb = _mini_kb()
    start = time.perf_counter()
    SearchIndex.build(kb)
    assert time.perf_counter() - start < 2.0


# --------------------------------------------------------------------------------------------
def test_full_width_letters_read_as_plain_ones(full: SearchIndex) -> None:
    # Some East Asian phone keyboards type full-width Latin: ｂｏｎｄ is bond.
    result = full.search("ｗｈｅｒｅ ｉｓ ｍｙ ｈｕｓｂａｎｄ ｄｅｔａｉｎｅｄ")
    assert result.locale == "en"
    assert result.confident
    assert result.hits[0].topic_id == "detention-find-person"


# Small talk


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Привет!", "greeting"),
        ("здравствуйте", "greeting"),
        ("Добрый вечер", "greeting"),
        ("privet", "greeting"),
        ("hello", "greeting"),
        ("спасибо большое", "thanks"),
        ("Спасибо за помощь!", "thanks"),
        ("spasibo", "thanks"),
        ("thank you", "thanks"),
        ("пока", "bye"),
        ("до свидания", "bye"),
        ("ок", "ok"),
        ("понятно", "ok"),
        ("👍", "ok"),
        ("ок, спасибо", "thanks"),
        ("привет, мужа задержали", None),
        ("спасибо, а что делать с бондом?", None),
        ("что такое бонд", None),
        ("ｔｈａｎｋ ｙｏｕ", "thanks"),  # full-width letters, as some phone keyboards type
        ("ｂｏｎｄ", None),
        ("", None),
    ],
)
def test_smalltalk(text: str, kind: str | None) -> None:
    assert classify(text) == kind


# --------------------------------------------------------------------------------------------
# Evaluation metrics, lint, export, search command


class _Scripted:
    """A search that answers from a script, so the metrics can be checked by hand."""

    def __init__(self, answers: dict[str, tuple[list[str], bool]]) -> None:
        self.answers = answers

    def search(self, query: str, limit: int = 5) -> SearchResult:
        ids, confident = self.answers[query]
        hits = tuple(Hit(t, 10.0 - n) for n, t in enumerate(ids[:limit]))
        return SearchResult(hits=hits, confident=confident, locale="ru")


def test_eval_metrics_on_synthetic_file(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    lines = [
        {"q": "a", "topics": ["x"]},  # right first
        {"q": "b", "topics": ["y"]},  # right third
        {"q": "c", "topics": ["z", "w"]},  # right first but declined: a miss and an abstain
        {"q": "d", "topics": ["x"]},  # wrong
        {"q": "e", "topics": []},  # declined: right
        {"q": "f", "topics": []},  # answered: wrong
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    searcher = _Scripted(
        {
            "a": (["x", "y"], True),
            "b": (["q", "r", "y"], True),
            "c": (["w"], False),
            "d": (["q"], True),
            "e": (["x"], False),
            "f": (["x"], True),
        }
    )
    report: EvalReport = evaluate(searcher, read_questions(path))
    assert report.n == 6
    assert report.top1 == 0.25
    assert report.top3 == 0.5
    assert report.false_abstain == 0.25
    assert report.no_topic_accuracy == 0.5
    assert sorted(m.q for m in report.misses) == ["b", "c", "d", "f"]
    assert report.p99_ms >= report.p50_ms >= 0.0


class _Routed:
    """A scripted search that also says where it routes each query."""

    def __init__(self, answers: dict[str, tuple[list[str], bool, str]]) -> None:
        self.answers = answers

    def search(self, query: str, limit: int = 5) -> SearchResult:
        ids, confident, route = self.answers[query]
        hits = tuple(Hit(t, 10.0 - n) for n, t in enumerate(ids[:limit]))
        return SearchResult(hits=hits, confident=confident, locale="ru", route=route)


def test_eval_counts_distress_and_kinds(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    lines = [
        {"q": "a", "topics": ["@triage"], "kind": "distress"},  # triage: a hit
        {"q": "b", "topics": ["@triage", "x"], "kind": "distress"},  # right topic: a hit
        {"q": "c", "topics": ["@triage"], "kind": "distress"},  # "not sure": a miss
        {"q": "d", "topics": ["@triage"], "kind": "distress"},  # emergency: a hit
        {"q": "e", "topics": ["x"], "kind": "english"},  # right first
        {"q": "f", "topics": [], "kind": "offtopic"},  # declined
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    searcher = _Routed(
        {
            "a": (["y"], False, "triage"),
            "b": (["x"], True, "answer"),
            "c": (["x"], False, "unsure"),
            "d": (["bot-emergency"], True, "emergency"),
            "e": (["x"], True, "answer"),
            "f": (["x"], False, "offtopic"),
        }
    )
    report = evaluate(searcher, read_questions(path))
    assert report.n_distress == 4
    assert report.distress == 0.75
    assert report.top1 == 1.0  # distress lines are not answerable questions
    assert report.no_topic_accuracy == 1.0
    assert report.kinds == {
        "distress": {"n": 4, "hits": 3, "share": 0.75},
        "english": {"n": 1, "hits": 1, "share": 1.0},
        "offtopic": {"n": 1, "hits": 1, "share": 1.0},
    }
    assert [m.q for m in report.misses] == ["c"]


def test_eval_command_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"q": "как перевести деньги в детеншн", "topics": ["detention-money"]}\n'
        '{"q": "как приготовить борщ", "topics": []}\n',
        encoding="utf-8",
    )
    assert main(["eval", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {
        "n",
        "top1",
        "top3",
        "no_topic_accuracy",
        "false_abstain",
        "p50_ms",
        "p99_ms",
        "index_ms",
        "misses",
    }
    assert out["n"] == 2
    assert out["no_topic_accuracy"] == 1.0


def test_eval_rejects_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"q": "no topics key"}\n', encoding="utf-8")
    assert main(["eval", str(path)]) == 2


def test_dev_questions_meet_the_targets(full: SearchIndex) -> None:
    report = evaluate(full, read_questions(DEV_QUESTIONS))
    assert report.top1 >= 0.92, report.misses
    assert report.top3 >= 0.98, report.misses
    assert report.no_topic_accuracy >= 0.9
    assert report.false_abstain <= 0.05


def test_lint_catches_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.toml").write_text('category = "x"\n[[topic]\nid = ', encoding="utf-8")
    (tmp_path / "bad_html.toml").write_text(
        'category = "x"\n[[topic]]\nid = "t"\nreviewed = 2026-11-22\nsources = ["http://a"]\n'
        '[topic.ru]\ntitle = "T"\nbody = "<b>open"\n[topic.en]\ntitle = "T"\nbody = "ok"\n',
        encoding="utf-8",
    )
    _, problems = load_knowledge(content_dir=tmp_path, strict=False)
    assert any("broken.toml" in p and "not valid TOML" in p for p in problems)
    assert any("source is not https" in p for p in problems)
    assert any("unclosed" in p for p in problems)
    assert main(["lint", "--content-dir", str(tmp_path)]) == 1
    assert "not valid TOML" in capsys.readouterr().out


def test_export_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    kb, _ = load_knowledge(strict=False)
    assert len(records) == sum(len(t.texts) for t in kb.topics.values())
    for record in records:
        assert set(record) == {
            "id",
            "locale",
            "category",
            "title",
            "body",
            "sources",
            "reviewed",
            "uncertain",
            "related",
            "keywords",
        }
        dt.date.fromisoformat(record["reviewed"])


def test_search_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "search", "что такое бонд", "--json", "--limit", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["locale"] == "ru"
    assert len(out["hits"]) <= 2
    assert {"topic_id", "score", "title"} <= set(out["hits"][0])


def test_what_do_i_do_alone_is_a_plea_but_ends_ordinary_questions(full: SearchIndex) -> None:
    """ "что делать" in a message naming nothing else asks for help (triage); at the end of a
    question the base cannot place it is how people ask: the nearest topics and a volunteer
    ("unsure"), not "what happened?" (the desk test's «бумага с печатью»)."""
    for plea in ("что мне делать???", "что делать", "what do i do", "chto delat"):
        assert full.search(plea).route == "triage", plea
    for query in ("соседка говорит что-то про бумагу с печатью, что делать",):
        assert full.search(query).route == "unsure", query
    answered = full.search("пропустил суд что делать")
    assert answered.confident
    assert answered.hits[0].topic_id == "court-missed-hearing"


def test_details_are_indexed_below_the_first_screen() -> None:
    """Issue 12: a word only the «Подробнее» part explains still finds its topic, and the
    same word on another topic's first screen ranks that topic first."""
    kb = _mini_kb()
    bond = kb.topics["bond"]
    texts = {
        locale: dataclasses.replace(
            text, details="Облигатор подписывает договор; obligor signs the contract."
        )
        for locale, text in bond.texts.items()
    }
    kb.topics["bond"] = dataclasses.replace(bond, texts=texts)
    index = SearchIndex.build(kb)
    assert _top(index, "кто такой облигатор") == "bond"
    assert _top(index, "who is the obligor") == "bond"
    work = kb.topics["work"]
    kb.topics["work"] = dataclasses.replace(
        work,
        texts={
            locale: dataclasses.replace(text, body=text.body + " Облигатор.")
            for locale, text in work.texts.items()
        },
    )
    assert _top(SearchIndex.build(kb), "облигатор") == "work"


def test_eval_summary_of_several_sets(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = tmp_path / "one.jsonl"
    first.write_text(
        '{"q": "как перевести деньги в детеншн", "topics": ["detention-money"]}\n'
        '{"q": "как приготовить борщ", "topics": []}\n',
        encoding="utf-8",
    )
    second = tmp_path / "two.jsonl"
    second.write_text('{"q": "помогите", "topics": ["@triage"], "kind": "distress"}\n')
    assert main(["eval", str(first), str(second)]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    one, two = out["sets"]["one"], out["sets"]["two"]
    assert one["top1"] == 1.0
    assert one["offtopic_declined"] == 1.0
    assert one["distress"] is None
    assert one["met"] == {
        "top1": True,
        "top3": True,
        "offtopic_declined": True,
        "false_declines": True,
    }
    assert two["distress"] == 1.0
    assert two["top1"] is None
    assert out["targets"]["top1"] == ">= 0.95"


def test_a_whole_message_on_the_wrong_layout_is_read_as_meant(full: SearchIndex) -> None:
    assert full.fix_layout("rfr yfqnb ve;f d ltntyityt") == "как найти мужа в детеншене"
    assert full.fix_layout("rfr gjlfnm fgtkkzwb.") == "как подать апелляцию"
    assert full.fix_layout("ш сфте аштв ьн ргыифтв") == "i cant find my husband"
    for as_typed in ("kak najti muzha", "sos", "ok", "help please", "как найти мужа"):
        assert full.fix_layout(as_typed) == as_typed
    assert _top(full, "rfr yfqnb ve;f d ltntyityt") == "detention-find-person"
    assert full.search("gjvjubnt").route == "triage"  # "помогите"


def test_a_question_naming_the_area_needs_less_coverage_and_near_misses_are_declined(
    full: SearchIndex,
) -> None:
    long = "судья сказал нет, прошло уже три недели, еще не поздно чтобы это пересмотрели повыше?"
    assert full.search(long).confident
    for near_miss in (
        "как оформить российскую пенсию из за границы",
        "как перевести деньги маме в россию из америки",
        "как отправить посылку в россию из сша",
        "мы туристы в канкуне как продлить визу еще на месяц",
        "how do i bail my friend out of county jail after a dui",
    ):
        result = full.search(near_miss)
        assert result.route == "offtopic", near_miss
    assert full.search("как перевести деньги в детеншн").confident


@pytest.mark.parametrize(
    "plea",
    ["всё плохо", "ничего не понимаю", "не знаю к кому обратиться", "i have no idea what to do"],
)
def test_despair_is_a_plea(full: SearchIndex, plea: str) -> None:
    assert full.search(plea).route == "triage"


def test_where_outweighs_the_relative_named(full: SearchIndex) -> None:
    """ "where" asks for the person; "wife" only says who it is (not the spouses topic, not
    parole because "detention" is in its title)."""
    assert _top(full, "where is my wife in ice detention") == "detention-find-person"
    assert _top(full, "где моя жена в детеншене айс") == "detention-find-person"
