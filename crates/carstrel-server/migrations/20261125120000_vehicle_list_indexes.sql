-- GET /external/vehicles: an index for every equality filter x sort pair it offers.
--
-- The list always filters on owner and `status = 'available'` (a literal in the query),
-- so these are partial indexes on that status: (owner, filter, sort column, id), where id
-- is the tie-breaker every sort ends on. With one, a filtered page reads its 20 rows in
-- order instead of fetching and sorting every match (a listing type matches a third of
-- the inventory), and the page's COUNT is answered from the index alone.
--
-- They replace the filter-only indexes of the first migration, which every one of them
-- covers. Partial indexes and DROP INDEX read the same on SQLite and PostgreSQL.

CREATE INDEX vehicles_list_brand_created ON vehicles (organization_id, environment, brand_id, created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_list_brand_impressions ON vehicles (organization_id, environment, brand_id, impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_list_brand_year ON vehicles (organization_id, environment, brand_id, year, id) WHERE status = 'available';
CREATE INDEX vehicles_list_brand_mileage ON vehicles (organization_id, environment, brand_id, mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_list_brand_price ON vehicles (organization_id, environment, brand_id, price, id) WHERE status = 'available';
CREATE INDEX vehicles_list_brand_name ON vehicles (organization_id, environment, brand_id, name, id) WHERE status = 'available';

CREATE INDEX vehicles_list_model_created ON vehicles (organization_id, environment, model_id, created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_list_model_impressions ON vehicles (organization_id, environment, model_id, impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_list_model_year ON vehicles (organization_id, environment, model_id, year, id) WHERE status = 'available';
CREATE INDEX vehicles_list_model_mileage ON vehicles (organization_id, environment, model_id, mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_list_model_price ON vehicles (organization_id, environment, model_id, price, id) WHERE status = 'available';
CREATE INDEX vehicles_list_model_name ON vehicles (organization_id, environment, model_id, name, id) WHERE status = 'available';

CREATE INDEX vehicles_list_body_created ON vehicles (organization_id, environment, body_type_id, created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_list_body_impressions ON vehicles (organization_id, environment, body_type_id, impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_list_body_year ON vehicles (organization_id, environment, body_type_id, year, id) WHERE status = 'available';
CREATE INDEX vehicles_list_body_mileage ON vehicles (organization_id, environment, body_type_id, mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_list_body_price ON vehicles (organization_id, environment, body_type_id, price, id) WHERE status = 'available';
CREATE INDEX vehicles_list_body_name ON vehicles (organization_id, environment, body_type_id, name, id) WHERE status = 'available';

CREATE INDEX vehicles_list_type_created ON vehicles (organization_id, environment, listing_type, created_at, id) WHERE status = 'available';
CREATE INDEX vehicles_list_type_impressions ON vehicles (organization_id, environment, listing_type, impressions_count, id) WHERE status = 'available';
CREATE INDEX vehicles_list_type_year ON vehicles (organization_id, environment, listing_type, year, id) WHERE status = 'available';
CREATE INDEX vehicles_list_type_mileage ON vehicles (organization_id, environment, listing_type, mileage, id) WHERE status = 'available';
CREATE INDEX vehicles_list_type_price ON vehicles (organization_id, environment, listing_type, price, id) WHERE status = 'available';
CREATE INDEX vehicles_list_type_name ON vehicles (organization_id, environment, listing_type, name, id) WHERE status = 'available';

DROP INDEX vehicles_by_brand;
DROP INDEX vehicles_by_model;
DROP INDEX vehicles_by_body_type;
DROP INDEX vehicles_by_listing_type;
