"""Sharded recordings as jobs (SPEC 10): the recording's job plans the shards; any batch worker records
any shard and stores its partial accumulator; the last shard merges the others' partials into its own
accumulator and writes the statistics, ending the job.

Merging in place spares one partial's writing, storing and reading. The last shard (planned a little
longer, shards.MERGER_LEAD) waits for the others while they record on live workers, fetching their
partials as they are stored; it never waits for a shard that is queued (its own worker could be the
only one to run it): then it stores its partial like the others, and the last shard to be done, or
the merge task it sends, merges.

The join is counted in PostgreSQL (shards_done, under the job's row lock), not by a Celery chord's
counter in Redis: a shard run again after its worker died is a new message that a chord would not
count, while the database counts done shards however often each ran. Commit, then send, as for jobs.

States: the job stays `running` from planning to merge. Each shard row goes queued -> running ->
done; its worker keeps the shard's and the job's heartbeats fresh. The reaper (reaper.reap_shards)
queues again a running shard whose heartbeat stopped (the others are kept), and leaves alone a job
whose shards are under way.
"""

from services.jobs.sharded_recording.merging import run_merge
from services.jobs.sharded_recording.planning import resume, start_shards
from services.jobs.sharded_recording.shard import run_shard

__all__ = ["resume", "run_merge", "run_shard", "start_shards"]
