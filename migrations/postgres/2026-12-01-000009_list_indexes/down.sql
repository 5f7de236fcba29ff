DROP INDEX api_keys_org_id;
DROP INDEX invitations_org_id;
DROP INDEX memberships_org_id;
