-- NexusTwin store, version 1: the tables the stack keeps beyond a process's life.
-- Applied by backend/store/Migrator in one transaction, recorded in schema_migrations.

CREATE TABLE users (
    user_id      text PRIMARY KEY,
    display_name text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_display_name ON users (lower(display_name) text_pattern_ops);

CREATE TABLE profiles (
    user_id    text PRIMARY KEY REFERENCES users ON DELETE CASCADE,
    sex        text CHECK (sex IN ('male', 'female')),
    birth_year int,
    hr_rest    real,
    hr_max     real,
    weight_kg  real,
    time_zone  text,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Health samples: one row per user, metric and instant; range-partitioned by UTC day so old days
-- can be dropped whole and a time-range query reads only its days. Partitions are made ahead by
-- nexus_ensure_sample_partitions (the writer calls it for the days it sees).
CREATE TABLE sample_metrics (
    metric smallint PRIMARY KEY,
    name   text UNIQUE NOT NULL,
    unit   text NOT NULL
);
INSERT INTO sample_metrics VALUES
    (1, 'heart_rate', 'bpm'), (2, 'steps', 'count'), (3, 'spo2', '%'), (4, 'skin_temperature', 'degC'),
    (5, 'rr_interval', 'ms');

CREATE TABLE health_samples (
    user_id text     NOT NULL,
    metric  smallint NOT NULL,
    ts      timestamptz NOT NULL,
    value   real     NOT NULL,
    PRIMARY KEY (user_id, metric, ts)
) PARTITION BY RANGE (ts);

CREATE FUNCTION nexus_ensure_sample_partitions(first_day date, last_day date) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    d date := first_day;
    made int := 0;
    name text;
BEGIN
    WHILE d <= last_day LOOP
        name := 'health_samples_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF health_samples FOR VALUES FROM (%L) TO (%L)',
                           name, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            made := made + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN made;
END $$;

CREATE TABLE workouts (
    workout_id text PRIMARY KEY,
    user_id    text NOT NULL,
    kind       text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    trimp      real,
    srpe       real,
    summary    jsonb
);
CREATE INDEX workouts_user_time ON workouts (user_id, started_at);

CREATE TABLE nights (
    user_id    text NOT NULL,
    night      date NOT NULL,   -- the morning the user woke up
    in_bed_min real,
    asleep_min real,
    rmssd_ms   real,
    rhr_bpm    real,
    PRIMARY KEY (user_id, night)
);

-- The twin: one row per user and day (closed days), and the latest published state.
CREATE TABLE twin_daily (
    user_id       text NOT NULL,
    day           date NOT NULL,
    load          real,
    trimp         real,
    ctl           real,
    atl           real,
    tsb           real,
    acwr_ewma     real,
    rmssd         real,
    hrv_baseline  real,
    rhr           real,
    readiness     real,
    recovery      real,
    energy        real,
    contributions jsonb,
    computed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, day)
);

CREATE TABLE twin_latest (
    user_id    text PRIMARY KEY,
    event_time timestamptz NOT NULL,
    summary    jsonb NOT NULL,  -- the twin-update message (resources/schemas/twin-update.v2.schema.json)
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE alerts (
    alert_id    bigserial PRIMARY KEY,
    episode_key text UNIQUE,    -- detector + user + start: one episode, one alert, however often re-sent
    user_id     text NOT NULL,
    detector    text NOT NULL,
    severity    text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    opened_at   timestamptz NOT NULL,
    closed_at   timestamptz,
    evidence    jsonb,
    acked_by    text,
    acked_at    timestamptz
);
CREATE INDEX alerts_open ON alerts (opened_at DESC) WHERE state = 'open';
CREATE INDEX alerts_user ON alerts (user_id, opened_at DESC);

CREATE TABLE coach_messages (
    message_id   bigserial PRIMARY KEY,
    user_id      text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    body         text NOT NULL,
    review_state text NOT NULL DEFAULT 'pending' CHECK (review_state IN ('pending', 'approved', 'rejected')),
    reviewed_by  text,
    reviewed_at  timestamptz,
    annotation   text
);
CREATE INDEX coach_messages_pending ON coach_messages (created_at) WHERE review_state = 'pending';

CREATE TABLE recorded_sessions (
    session_id text PRIMARY KEY,
    name       text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    file_path  text NOT NULL,
    topics     text[] NOT NULL,
    messages   bigint,
    bytes      bigint,
    created_by text
);

-- Append-only: rows can be added, never changed or removed.
CREATE TABLE audit_log (
    entry_id bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text NOT NULL,
    action   text NOT NULL,
    subject  text,
    details  jsonb
);
CREATE FUNCTION nexus_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION nexus_audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION nexus_audit_log_append_only();

-- Kafka positions written in the same transaction as the effects they cover: after a crash the
-- consumer resumes from here, so nothing is lost or applied twice.
CREATE TABLE consumer_offsets (
    consumer_group text   NOT NULL,
    topic          text   NOT NULL,
    partition      int    NOT NULL,
    next_offset    bigint NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);

-- Per-partition twin state: a restarted or rebalanced processor loads it and replays from next_offset.
CREATE TABLE twin_snapshots (
    consumer_group text   NOT NULL,
    topic          text   NOT NULL,
    partition      int    NOT NULL,
    next_offset    bigint NOT NULL,
    format         int    NOT NULL,
    twins          int    NOT NULL,
    state          bytea  NOT NULL,
    saved_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
