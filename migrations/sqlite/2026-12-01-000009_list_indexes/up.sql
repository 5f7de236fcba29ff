-- Keyset paging of the accounts lists: each list filters by organisation and
-- pages by id, so page 1 and page 1,000 read the same few index entries.
CREATE INDEX memberships_org_id ON memberships(organization_id, id);
CREATE INDEX invitations_org_id ON invitations(organization_id, id);
CREATE INDEX api_keys_org_id ON api_keys(organization_id, id);
