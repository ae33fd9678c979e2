-- Two writers (several `serve` processes on one database) could both find a day partition missing
-- and both create it; the second failed its transaction with "relation ... already exists".
-- Serialize creation on an advisory lock and create only what is still missing.
CREATE OR REPLACE FUNCTION nexus_ensure_sample_partitions(first_day date, last_day date) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    d date := first_day;
    made int := 0;
    name text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('nexus_ensure_sample_partitions'));
    WHILE d <= last_day LOOP
        name := 'health_samples_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF health_samples FOR VALUES FROM (%L) TO (%L)',
                           name, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            made := made + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN made;
END $$;
