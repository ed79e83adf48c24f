package io.lcscanner.server.scan;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scans queued in PostgreSQL, run by db-scheduler on whichever instance has a free thread: each instance runs
 * at most {@code threads} at once (MAX_CONCURRENT_SCANS). An instance beats a heartbeat on the scans it runs every
 * eighth of {@code resumeWithin}; a scan without a beat for half of it belongs to a dead instance (kill -9, a lost
 * machine), which db-scheduler checks every quarter of it, and any instance runs it again from the start. So a dead
 * instance's scan runs again within {@code resumeWithin} (half + a quarter + a poll).
 */
public final class ScanQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScanQueue.class);
    static final String TASK = "scan";
    /** Missed beats that make an instance dead (db-scheduler's least). */
    private static final int MISSED_BEATS = 4;

    private final Scheduler scheduler;
    private final OneTimeTask<Void> task;
    private final DataSource db;

    /**
     * @param run called on a queue thread with a scan id; returns when the scan is over (its final state stored)
     */
    public ScanQueue(DataSource db, String instance, int threads, Duration resumeWithin, Consumer<String> run) {
        this.db = db;
        this.task = Tasks.oneTime(TASK).onDeadExecutionRevive()
                // an instance stopping hands a scan it was given back: another takes it two seconds later
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(2)))
                .execute((inst, ctx) -> run.accept(inst.getId()));
        this.scheduler = Scheduler.create(db, task)
                .schedulerName(new SchedulerName.Fixed(instance))
                .threads(threads)
                .pollingInterval(Duration.ofMillis(500))
                .enableImmediateExecution()
                // dead after 4 missed beats (half of resumeWithin), looked for every 2 beats (a quarter)
                .heartbeatInterval(resumeWithin.dividedBy(2L * MISSED_BEATS))
                .missedHeartbeatsLimit(MISSED_BEATS)
                // stopping waits this long for running scans, which the manager has cancelled already
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    public void start() {
        scheduler.start();
    }

    /** Queues scan {@code id}, to run as soon as an instance has a free slot. */
    void enqueue(String id) {
        scheduler.schedule(task.instance(id), Instant.now());
    }

    /** Removes scan {@code id} from the queue; {@code false} when an instance already runs it (or it is gone). */
    boolean dequeue(String id) {
        try {
            scheduler.cancel(TaskInstanceId.of(TASK, id));
            return true;
        } catch (RuntimeException e) { // picked by an instance meanwhile, or already over
            log.debug("scan {} could not be taken off the queue: {}", id, e.getMessage());
            return false;
        }
    }

    /** Counts a start of scan {@code id} (the first, or a revival after its instance died); returns how many there were. */
    int startAttempt(String id) throws IOException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE scans SET attempts = attempts + 1 WHERE scan_id = ? RETURNING attempts")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IOException("the database failed: " + e.getMessage(), e);
        }
    }

    /** Scans queued and not yet picked by any instance. */
    int waiting() throws IOException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM scheduled_tasks WHERE task_name = ? AND NOT picked")) {
            s.setString(1, TASK);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IOException("the database failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
