"""What the vendor query compilers share: dropping query parts that cannot match anything."""

from modelsearch.query import MATCH_NONE, And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from portal.search.segment import query_terms


def without_empty_terms(query: SearchQuery) -> SearchQuery | None:
    """`query` less its text and phrase parts with no searchable word; None if nothing is left.

    A part such as ``***`` or an emoji would otherwise reach the database as an
    empty match expression, which SQLite's FTS5 rejects; dropped from an AND it
    stops a stray symbol from emptying a query that also names a real word.
    """
    if isinstance(query, (PlainText, Phrase)):
        return query if query_terms(query.query_string) else None
    if isinstance(query, (And, Or)):
        subqueries = [sub for sub in map(without_empty_terms, query.subqueries) if sub is not None]
        if not subqueries:
            return None
        return type(query)(subqueries)
    if isinstance(query, Not):
        subquery = without_empty_terms(query.subquery)
        return None if subquery is None else Not(subquery)
    if isinstance(query, Boost):
        subquery = without_empty_terms(query.subquery)
        return None if subquery is None else Boost(subquery, query.boost)
    return query


class SegmentedQueryMixin:
    """Compiler mixin: cleans the query before the vendor compiler builds on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cleaned = without_empty_terms(self.query)
        self.query = MATCH_NONE if cleaned is None else cleaned
