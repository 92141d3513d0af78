-- The hub's first tables: the batches installs sent, the counts each
-- install reported per pattern and per signal cell, the packs published, and
-- the signal statistics aggregated across installs.

-- One row per batch received: makes POST idempotent (batch_id) and is what the per-key rate limit counts.
CREATE TABLE batches (
  batch_id uuid PRIMARY KEY,
  install_key text NOT NULL,
  tier smallint NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  signal_rows integer NOT NULL,
  pattern_rows integer NOT NULL
);
CREATE INDEX batches_by_key_and_time ON batches (install_key, received_at);

-- The counts of one install for one question kind -> answer style: each batch's counts are added (a batch id is
-- applied once, so nothing is counted twice).
CREATE TABLE pattern_contributions (
  install_key text NOT NULL,
  question_kind text NOT NULL,
  answer_style text NOT NULL,
  successes integer NOT NULL,
  failures integer NOT NULL,
  description text NOT NULL,
  created_at timestamptz NOT NULL,
  batch_id uuid NOT NULL,
  PRIMARY KEY (install_key, question_kind, answer_style)
);

-- The count of one install for one signal after one question kind in one ISO week, added up over its batches.
CREATE TABLE signal_contributions (
  install_key text NOT NULL,
  week text NOT NULL,
  question_kind text NOT NULL,
  signal text NOT NULL,
  count integer NOT NULL,
  created_at timestamptz NOT NULL,
  batch_id uuid NOT NULL,
  PRIMARY KEY (install_key, week, question_kind, signal)
);

-- Every community pack published; the newest is served.
CREATE TABLE packs (
  version integer PRIMARY KEY,
  published_at timestamptz NOT NULL,
  body jsonb NOT NULL
);

-- Each aggregation run that found new inputs. input_hash fingerprints the exact inputs, so unchanged inputs are not
-- noised and published again (fresh noise on the same counts, averaged over packs, would wear the noise away).
CREATE TABLE aggregations (
  id serial PRIMARY KEY,
  ran_at timestamptz NOT NULL DEFAULT now(),
  input_hash text NOT NULL,
  pack_version integer REFERENCES packs (version)
);

-- Signal statistics across installs, from the latest aggregation: only cells reported by at least k installs, noised.
CREATE TABLE signal_aggregates (
  week text NOT NULL,
  question_kind text NOT NULL,
  signal text NOT NULL,
  installs integer NOT NULL,
  count integer NOT NULL,
  aggregation_id integer NOT NULL REFERENCES aggregations (id),
  PRIMARY KEY (week, question_kind, signal)
);
