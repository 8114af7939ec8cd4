-- Version 6: an index on the view id alone. DuckDB reads a point through an ART index only when the scan filters on
-- that one column; the primary key (project_id, view_id) is never used for a lookup, so reading one view (its page,
-- its events' span) scanned the whole views table. Readers find the view id's rows by this index and then keep the
-- project's row (`DuckDbDialect.oneView`).
CREATE INDEX IF NOT EXISTS views_by_view_id ON views (view_id);
