-- Orders arrive hundreds a second in one organization. Order numbers come from one sequence (nextval
-- takes no lock a transaction keeps): unique in every organization, increasing, with gaps. A
-- per-organization counter row serialized all its placements until their commit. (The record counts'
-- slots, which this migration once added for the same reason, are now part of the platform's
-- record_counts: platform/api, db/platform-api.)
CREATE SEQUENCE order_number_seq;
SELECT setval('order_number_seq', greatest(1, coalesce((SELECT max(last) FROM order_numbers), 1)));
DROP TABLE order_numbers;
