"""Publication dates: the date an opening states, and none where it states none or is unsure."""
from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from parley.errors import DataFileError, InputError
from parley.ingest import read_articles
from parley.pipeline import Pipeline, code_text
from parley.pubdate import PubdateLexicon, apply_given_dates, html_publication_date, read_date_sidecar
from parley.records import Article
from parley.settings import load_settings

from conftest import ROOT

CASES_FILE = ROOT / "tests" / "data" / "pubdates.txt"


def load_cases():
    cases, current = [], None
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("==="):
            fields = [f.strip() for f in line[3:].split("|")]
            current = {"id": fields[0], "lang": fields[1], "expected": fields[2],
                       "url": fields[3] if len(fields) > 3 else None, "lines": []}
            cases.append(current)
        elif current is not None:
            current["lines"].append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"{CASES_FILE}: text before the first case: {line!r}")
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def pubdates():
    return PubdateLexicon()


def test_pubdate_table_is_large_and_mixed():
    langs = [case["lang"] for case in CASES]
    assert len(CASES) >= 40 and min(langs.count(lang) for lang in ("en", "es", "ru")) >= 10
    assert sum(case["expected"] == "none" for case in CASES) >= 12
    assert len({case["id"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_pubdate_opening_states_its_date(case, pubdates):
    found = pubdates.find("\n".join(case["lines"]), case["url"], case["lang"])
    got = f"{found.when.isoformat()} {found.source}" if found else "none"
    assert got == case["expected"]


def test_pubdate_run_date_gives_a_dateline_its_year(pubdates):
    text = "Russia cuts back near Kyiv\n\nMOSCOW, March 30 (Reuters) - Russia said on Wednesday it would cut back."
    assert pubdates.find(text) is None
    found = pubdates.find(text, near=date(2022, 3, 31))
    assert (found.when, found.source, found.kind) == (date(2022, 3, 30), "text", "dateline")
    assert pubdates.find(text, near=date(2022, 6, 1)) is None  # too far from any March 30


def test_pubdate_stage_fills_published_and_source(pipeline):
    text = "EU agrees new sanctions on Belarus\n\n15 March 2024\n\nThe European Union imposed new sanctions on Belarus on Friday."
    article = pipeline.code_article(Article(id="a", text=text))
    assert (article.published, article.published_source) == (date(2024, 3, 15), "text")
    assert [e.date for e in article.events if "on Friday" in e.sentence] == ["2024-03-15"]  # resolved against it


def test_pubdate_given_date_wins_over_the_text(pipeline):
    text = "EU agrees new sanctions on Belarus\n\n15 March 2024\n\nThe European Union imposed new sanctions on Belarus."
    article = code_text(text, published=date(2024, 3, 16), pipeline=pipeline)
    assert (article.published, article.published_source) == (date(2024, 3, 16), "given")


def test_pubdate_run_default_only_where_nothing_is_found():
    settings = load_settings()
    settings["pipeline"]["published"] = "2020-01-01"
    pipe = Pipeline(settings)
    dated = pipe.code_article(Article(id="a", text="Title\nPublished 12 March 2024\nBelarus freed two prisoners."))
    undated = pipe.code_article(Article(id="b", text="Belarus freed two prisoners."))
    assert (dated.published, dated.published_source) == (date(2024, 3, 12), "text")
    assert (undated.published, undated.published_source) == (date(2020, 1, 1), "given")


def test_pubdate_bad_run_default_is_reported():
    settings = load_settings()
    settings["pipeline"]["published"] = "12/03/2024"
    with pytest.raises(Exception, match="pipeline.published"):
        Pipeline(settings)


# -- HTML -------------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Talks in Havana</title>
{head}</head><body><nav>Home | World | Sign in</nav><article><h1>Belarus and Cuba hold talks</h1>{top}
<p>The foreign ministers of Belarus and Cuba held talks in Havana about trade and signed an agreement on
medicine supplies, officials said on Friday.</p>
<p>The talks began on 3 March 2021 and will continue next year, the ministry said in a statement.</p>
</article><footer>© 2026 Example News</footer></body></html>"""


@pytest.mark.parametrize("head, top, expected", [
    ('<meta property="article:published_time" content="2024-03-15T10:21:00+01:00">'
     '<meta property="article:modified_time" content="2024-03-17T08:00:00+01:00">', "", date(2024, 3, 15)),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
     '"datePublished": "2023-05-05T09:00:00Z", "dateModified": "2023-05-06T09:00:00Z"}</script>', "", date(2023, 5, 5)),
    ("", '<time datetime="2025-08-24T14:05">24 August 2025</time>', date(2025, 8, 24)),
    ("", "", None),  # only a body date and a copyright year: no metadata date
], ids=["meta", "json-ld", "time", "none"])
def test_pubdate_html_metadata(head, top, expected):
    assert html_publication_date(PAGE.format(head=head, top=top)) == expected


def test_pubdate_html_page_without_metadata_is_dated_by_its_text_or_url(tmp_path, pipeline):
    (tmp_path / "line.html").write_text(PAGE.format(head="", top="<p>Published 12 March 2024</p>"), encoding="utf-8")
    (tmp_path / "meta.html").write_text(PAGE.format(
        head='<meta property="article:published_time" content="2024-03-15">', top=""), encoding="utf-8")
    (tmp_path / "plain.html").write_text(PAGE.format(head="", top=""), encoding="utf-8")
    errors = []
    articles = {a.id: pipeline.code_article(a) for a in read_articles([str(tmp_path)], errors.append)}
    assert not errors
    assert (articles["line"].published, articles["line"].published_source) == (date(2024, 3, 12), "text")
    assert (articles["meta"].published, articles["meta"].published_source) == (date(2024, 3, 15), "metadata")
    assert (articles["plain"].published, articles["plain"].published_source) == (None, None)


def test_pubdate_warc_url_dates_a_page_without_metadata(pipeline):
    from parley.ingest import article_from_html

    article = article_from_html(PAGE.format(head="", top=""), doc_id="w", path="x.warc#1",
                                url="https://www.example.com/world/2024/03/15/belarus-cuba-talks")
    coded = pipeline.code_article(article)
    assert (coded.published, coded.published_source) == (date(2024, 3, 15), "url")


# -- the dates a user gives ------------------------------------------------------------------
def test_pubdate_sidecar_csv(tmp_path, monkeypatch):
    csv_path = tmp_path / "dates.csv"
    csv_path.write_text("path,published\nnews/a.txt,2024-03-15\nb.txt,2024-03-16\nmissing.txt,2024-01-01\n",
                        encoding="utf-8")
    news = tmp_path / "news"
    news.mkdir()
    for name in ("a", "b", "c"):
        (news / f"{name}.txt").write_text("Title\nPublished 1 May 2023\nBelarus freed two prisoners.", encoding="utf-8")
    dates = read_date_sidecar(str(csv_path))
    monkeypatch.chdir(tmp_path)  # paths as given on the command line: "news", "news/a.txt"
    errors = []
    articles = list(apply_given_dates(read_articles(["news"], errors.append), dates, ["news"]))
    assert not errors
    got = {a.id: (a.published, a.published_source) for a in articles}
    assert got == {"a": (date(2024, 3, 15), "given"), "b": (date(2024, 3, 16), "given"), "c": (None, None)}


@pytest.mark.parametrize("content, problem", [
    ("file,date\na.txt,2024-03-15\n", "dates.csv:1: expected the header 'path,published'"),
    ("path,published\na.txt,2024-03-15\nb.txt,15/03/2024\n", "dates.csv:3: '15/03/2024' is not a date YYYY-MM-DD"),
    ("path,published\na.txt,2024-03-15,x\n", "dates.csv:2: expected 2 fields (path,published), found 3"),
    ("path,published\na.txt,2024-03-15\n./a.txt,2024-03-16\n", "dates.csv:3: './a.txt' already has the date 2024-03-15"),
    ("path,published\n,2024-03-15\n", "dates.csv:2: the path is empty"),
])
def test_pubdate_sidecar_errors_name_file_and_line(tmp_path, content, problem):
    (tmp_path / "dates.csv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_date_sidecar(str(tmp_path / "dates.csv"))
    assert str(err.value).endswith(problem)


def test_pubdate_jsonl_published_wins_over_the_sidecar(tmp_path):
    record = {"id": "j1", "text": "Belarus freed two prisoners.", "published": "2025-02-15"}
    (tmp_path / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    articles = list(apply_given_dates(read_articles([str(tmp_path / "in.jsonl")], pytest.fail),
                                      {str(tmp_path / "in.jsonl"): date(2020, 1, 1)}, [str(tmp_path)]))
    assert (articles[0].published, articles[0].published_source) == (date(2025, 2, 15), "given")


def test_cli_extract_published_and_dates(tmp_path, run_parley):
    news = tmp_path / "news"
    news.mkdir()
    body = "The European Union imposed new sanctions on Belarus on Friday."
    (news / "stated.txt").write_text(f"EU sanctions Belarus\n15 March 2024\n{body}", encoding="utf-8")
    (news / "listed.txt").write_text(f"EU sanctions Belarus\n{body}", encoding="utf-8")
    (news / "bare.txt").write_text(f"EU sanctions Belarus\n{body}", encoding="utf-8")
    (tmp_path / "dates.csv").write_text("path,published\nlisted.txt,2023-06-10\n", encoding="utf-8")
    db = tmp_path / "p.duckdb"
    result = run_parley("extract", news, "--db", db, "--published", "2022-01-08", "--dates", tmp_path / "dates.csv",
                        "--quiet")
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT a.id, a.published, a.published_source, e.event_date FROM articles a "
                       "JOIN events e ON e.article_id = a.id WHERE e.sentence LIKE '%on Friday%' ORDER BY a.id").fetchall()
    con.close()
    assert rows == [("bare", date(2022, 1, 8), "given", date(2022, 1, 7)),
                    ("listed", date(2023, 6, 10), "given", date(2023, 6, 9)),
                    ("stated", date(2024, 3, 15), "text", date(2024, 3, 15))]


def test_cli_extract_bad_dates_file_is_one_line(tmp_path, run_parley):
    (tmp_path / "a.txt").write_text("Belarus freed two prisoners.", encoding="utf-8")
    (tmp_path / "dates.csv").write_text("path,published\na.txt,yesterday\n", encoding="utf-8")
    result = run_parley("extract", tmp_path / "a.txt", "--output", tmp_path / "o.jsonl",
                        "--dates", tmp_path / "dates.csv")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"parley: error: {tmp_path / 'dates.csv'}:2: 'yesterday' is not a date YYYY-MM-DD"]
    bad = run_parley("extract", tmp_path / "a.txt", "--output", tmp_path / "o.jsonl", "--published", "March 3")
    assert bad.returncode == 2 and "not a date YYYY-MM-DD" in bad.stderr


def test_pubdate_data_rejects_a_month_number_out_of_range(tmp_path):
    import shutil

    from parley.datafiles import data_root

    root = tmp_path / "data"
    shutil.copytree(data_root() / "lang", root / "lang")
    with (root / "lang" / "en" / "pubdate.tsv").open("a", encoding="utf-8") as out:
        out.write("month\tfebr\t13\n")
    with pytest.raises(DataFileError, match=r"pubdate.tsv:\d+: field 'value': '13' is not a month number"):
        PubdateLexicon(root)
