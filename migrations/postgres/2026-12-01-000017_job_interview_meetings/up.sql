-- Meetings of a new kind: `job_interview`, an application's interview, seen by both sides.
ALTER TABLE meetings DROP CONSTRAINT meetings_kind_check;
ALTER TABLE meetings ADD CONSTRAINT meetings_kind_check CHECK (kind IN ('co_creation','office_hours','workshop','info_session','social_event','round_table','panel','mentoring','language_exchange','photo_shoot','seller_pool','job_interview','other'));
