"""Rewrite Chinese text into overlapping two-character chunks, for indexing and for queries.

SQLite's FTS5 tokenizer and PostgreSQL's text-search parser both take a run of
unspaced Chinese as one token, so 志愿 never matches a text that says 志愿服务.
Writing every run as its overlapping chunks (志愿 愿服 服务) makes any word of
two or more characters a phrase of consecutive chunks of any text that
contains it: no dictionary, and text and query are cut the same way whatever
surrounds the word, which a word segmenter such as jieba does not promise
(it may cut 二十大精神 so that 二十大 is no token of it).

Single characters go to the end of the text, after all the chunks, so that a
one-character query still finds its character and a phrase spanning two runs
(志愿 服务, typed with a space) stays a run of adjacent tokens.
"""

import re

# Han (with extensions and compatibility ideographs, and 〇), kana and hangul:
# the scripts written without spaces between words, or tokenized as one run.
_CJK = (
    "\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"\w")
# Double quotes are FTS5 syntax; control characters (NUL above all) PostgreSQL
# refuses in any string. Neither can be part of an indexed word.
_NOT_IN_TERMS = re.compile(r'["\x00-\x1f\x7f]')


def chunks(run: str) -> list[str]:
    """Overlapping two-character chunks of one run; a one-character run is itself."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def segment_text(text: str) -> str:
    """The form of `text` to index: each CJK run as its chunks, its characters appended."""
    if not text or not CJK_RUN.search(text):
        return text
    singles: list[str] = []

    def replace(match: re.Match) -> str:
        run = match.group()
        if len(run) > 1:
            singles.extend(run)
        return " " + " ".join(chunks(run)) + " "

    segmented = CJK_RUN.sub(replace, text)
    if singles:
        segmented += " " + " ".join(singles)
    return segmented


def query_terms(query: str) -> list[str]:
    """What each word of a typed query must match, as space-separated tokens.

    A CJK run gives one term, its chunks, to be matched as a phrase; any other
    text stays as typed, less double quotes and control characters. Words with
    no letter or digit at all (``*``, ``--``, an emoji) match nothing in the
    index either, so they are dropped rather than left to turn the whole query
    into no results.
    """
    terms: list[str] = []
    for word in _NOT_IN_TERMS.sub(" ", query).split():
        start = 0
        for match in CJK_RUN.finditer(word):
            terms.append(word[start : match.start()])
            terms.append(" ".join(chunks(match.group())))
            start = match.end()
        terms.append(word[start:])
    return [term for term in terms if _WORD.search(term)]


def query_phrase(query: str) -> str:
    """A typed phrase as the one run of tokens the index holds for it."""
    return " ".join(query_terms(query))
