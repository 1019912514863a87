"""SQLite FTS5 search with Chinese text indexed and queried in two-character chunks."""

from functools import reduce

from django.db.models.constants import LOOKUP_SEP
from modelsearch.backends.database.sqlite import sqlite as upstream
from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.index import RelatedFields
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from portal.search.query import SegmentedQueryMixin
from portal.search.segment import query_phrase, query_terms, segment_text

# The FTS table's columns, in the order bm25() takes their weights.
FTS_COLUMNS = ("autocomplete", "body", "title")
# A word in the title counts this many times the same word in the body.
TITLE_WEIGHT = 10.0


class ObjectIndexer(upstream.ObjectIndexer):
    def prepare_field(self, obj, field):
        if isinstance(field, RelatedFields):
            # Its sub-fields come back through this method and are segmented there.
            yield from super().prepare_field(obj, field)
            return
        for current_field, value in super().prepare_field(obj, field):
            yield current_field, segment_text(value)


class SQLiteIndex(upstream.SQLiteIndex):
    def add_items(self, model, objs):
        # Upstream's add_items, which names its ObjectIndexer directly and so
        # offers no other way to index the segmented text.
        if not model.get_search_fields():
            return
        indexers = [ObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        data = {ix.id: (ix.title, ix.autocomplete, ix.body) for ix in indexers}

        entries = self.entries.filter(content_type_id=content_type_pk)
        indexed = entries.filter(object_id__in=list(data))
        indexed_ids = set(indexed.values_list("object_id", flat=True))
        for object_id in indexed_ids:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(
                title=title, autocomplete=autocomplete, body=body
            )
        self.entries.bulk_create(
            upstream.IndexEntry(
                content_type_id=content_type_pk,
                object_id=object_id,
                title=title,
                autocomplete=autocomplete,
                body=body,
            )
            for object_id, (title, autocomplete, body) in data.items()
            if object_id not in indexed_ids
        )
        self._refresh_title_norms()


class ColumnBM25(upstream.BM25):
    """bm25() of one column of the FTS table: the others weigh nothing."""

    def __init__(self, column):
        super().__init__()
        self.weights = ", ".join("1.0" if name == column else "0.0" for name in FTS_COLUMNS)

    def as_sql(self, compiler, connection, function=None, template=None):
        return f"bm25({upstream.SQLiteFTSIndexEntry._meta.db_table}, {self.weights})", []


class SegmentedSQLiteMixin(SegmentedQueryMixin):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            # Each term is one quoted FTS5 string, which FTS5 matches as a
            # phrase: the chunks of a Chinese word must stand together.
            *terms, last = query_terms(query.query_string)
            lexemes = [Lexeme(last, prefix=self.LAST_TERM_IS_PREFIX)]
            lexemes += [Lexeme(term) for term in terms]
            combine = (lambda a, b: a & b) if query.operator == "and" else (lambda a, b: a | b)
            return SearchQueryExpression(reduce(combine, lexemes), config=config)
        if isinstance(query, Phrase):
            return SearchQueryExpression(query_phrase(query.query_string))
        return super().build_search_query_content(query, config=config)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # Upstream scores every vector with bm25() of all columns at once, so
        # a short title lifts a page whose body alone matched; score each
        # column on its own instead. bm25() scores the whole FTS match, so the
        # parts of an And/Or need no score of their own (upstream multiplies
        # them, which flips the sign of bm25's negative scores).
        return ColumnBM25(vector.name.rsplit(LOOKUP_SEP, 1)[-1])

    def search(self, config, start, stop, score_field=None):
        # `fields` names model fields, but the MATCH can only name the FTS
        # table's columns: search the columns those fields are indexed into.
        requested = self.fields
        if requested:
            self.fields = self.fts_columns(requested)
        try:
            return super().search(config, start, stop, score_field=score_field)
        finally:
            self.fields = requested


class SQLiteSearchQueryCompiler(SegmentedSQLiteMixin, upstream.SQLiteSearchQueryCompiler):
    def get_index_vectors(self):
        (title, title_norm), body = super().get_index_vectors()
        return [(title, title_norm * TITLE_WEIGHT), body]

    def fts_columns(self, fields):
        columns = ["title"] if "title" in fields else []
        return columns + (["body"] if set(fields) - {"title"} else [])


class SQLiteAutocompleteQueryCompiler(
    SegmentedSQLiteMixin, upstream.SQLiteAutocompleteQueryCompiler
):
    def fts_columns(self, fields):
        return ["autocomplete"]


class SQLiteSearchBackend(upstream.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
    index_class = SQLiteIndex
