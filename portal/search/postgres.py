"""PostgreSQL full-text search with Chinese text indexed and queried in two-character chunks.

Word positions in a tsvector stop at 16383, so a phrase (a Chinese word of
three or more characters) is found only in roughly the first 16,000
characters of one field's text; shorter words match anywhere.
"""

from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db.models import F
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends.database.postgres import postgres as upstream
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from portal.search.query import SegmentedQueryMixin
from portal.search.segment import query_phrase, query_terms, segment_text


class ObjectIndexer(upstream.ObjectIndexer):
    def as_vector(self, texts, for_autocomplete=False):
        segmented = [(segment_text(text), weight) for text, weight in texts]
        return super().as_vector(segmented, for_autocomplete=for_autocomplete)


class PostgresIndex(upstream.PostgresIndex):
    def add_items(self, model, objs):
        # Upstream's add_items, which names its ObjectIndexer directly and so
        # offers no other way to index the segmented text.
        if not model.get_search_fields():
            return
        indexers = [ObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return

        IndexEntry = upstream.IndexEntry
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows_sql = []
        params = []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors_sql = []
            for name in ("title", "autocomplete", "body"):
                field = IndexEntry._meta.get_field(name)
                value = compiler.prepare_value(field, getattr(indexer, name))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors_sql.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows_sql.append(f"(%s, %s, {', '.join(vectors_sql)}, 1.0, %s, %s)")

        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title,
                    autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows_sql)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,  # noqa: S608 - only placeholders and column SQL built above
                params,
            )
        self._refresh_title_norms()


class SegmentedPostgresMixin(SegmentedQueryMixin):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            # A quoted lexeme that the parser splits into several words becomes
            # a phrase (<->) in to_tsquery: the chunks of a Chinese word must
            # stand together.
            *terms, last = query_terms(query.query_string)
            lexemes = [Lexeme(last, invert=invert, prefix=self.LAST_TERM_IS_PREFIX)]
            lexemes += [Lexeme(term, invert=invert) for term in terms]
            combine = (lambda a, b: a & b) if query.operator == "and" else (lambda a, b: a | b)
            return SearchQuery(reduce(combine, lexemes), search_type="raw", config=config)
        if isinstance(query, Phrase):
            query = Phrase(query_phrase(query.query_string))
        return super().build_tsquery_content(query, config=config, invert=invert)


class PostgresSearchQueryCompiler(SegmentedPostgresMixin, upstream.PostgresSearchQueryCompiler):
    def get_fields_vectors(self, search_query):
        # The model's own columns hold unsegmented text: search the index
        # columns those fields were written into instead.
        vectors = []
        if "title" in self.fields:
            vectors.append((F("index_entries__title"), F("index_entries__title_norm")))
        if set(self.fields) - {"title"}:
            vectors.append((F("index_entries__body"), 1.0))
        return vectors


class PostgresAutocompleteQueryCompiler(
    SegmentedPostgresMixin, upstream.PostgresAutocompleteQueryCompiler
):
    def get_fields_vectors(self, search_query):
        return self.get_index_vectors(search_query)


class PostgresSearchBackend(upstream.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    index_class = PostgresIndex
