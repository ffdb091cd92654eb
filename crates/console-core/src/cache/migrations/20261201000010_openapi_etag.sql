-- The version of the server's /openapi.json the capabilities were read from: the next
-- sync asks for the document only if it changed (issue 20: the 230 KB probe was a fifth
-- of a delta sync).
ALTER TABLE capabilities ADD COLUMN openapi_etag TEXT;
