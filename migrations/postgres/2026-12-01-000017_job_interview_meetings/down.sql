-- Back to the kinds before `job_interview` (fails while such meetings exist).
ALTER TABLE meetings DROP CONSTRAINT meetings_kind_check;
ALTER TABLE meetings ADD CONSTRAINT meetings_kind_check CHECK (kind IN ('co_creation','office_hours','workshop','info_session','social_event','round_table','panel','mentoring','language_exchange','photo_shoot','seller_pool','other'));
