package io.sparklm.train.run;

import io.sparklm.fs.HadoopFs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLockTest {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void secondRunIsLockedOutUntilReleaseOrStale() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path out = new Path(tmp.toUri());
        RunLock a = RunLock.acquire(fs, out, 60_000);
        assertThrows(RunLock.LockedException.class, () -> RunLock.acquire(fs, out, 60_000));
        a.close();
        assertFalse(fs.exists(new Path(out, RunLock.FILE)));
        try (RunLock b = RunLock.acquire(fs, out, 60_000)) {
            assertTrue(fs.exists(new Path(out, RunLock.FILE)));
        }
        // a lock whose holder died: heartbeat 10 minutes old
        HadoopFs.writeStringAtomically(fs, new Path(out, RunLock.FILE),
                "dead " + (System.currentTimeMillis() - 600_000) + " 1@host\n");
        try (RunLock c = RunLock.acquire(fs, out, 60_000)) {
            assertFalse(HadoopFs.readString(fs, new Path(out, RunLock.FILE)).startsWith("dead "));
        }
    }

    @Test
    void aLockHeldByADeadProcessOnThisHostIsTakenOverAtOnceALiveOneIsNot() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path out = new Path(tmp.toUri());
        fs.mkdirs(out);
        String host = java.lang.management.ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^[0-9]+@", "");
        Process dead = new ProcessBuilder("true").start();
        long deadStart = dead.toHandle().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
        dead.waitFor();
        // a fresh heartbeat (a driver killed a second ago), but its process is gone
        HadoopFs.writeStringAtomically(fs, new Path(out, RunLock.FILE), "killed " + System.currentTimeMillis() + " "
                + dead.pid() + "@" + host + " " + deadStart + "\n");
        try (RunLock c = RunLock.acquire(fs, out, 60_000)) {
            assertFalse(HadoopFs.readString(fs, new Path(out, RunLock.FILE)).startsWith("killed "));
        }
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            long start = alive.toHandle().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
            HadoopFs.writeStringAtomically(fs, new Path(out, RunLock.FILE), "other " + System.currentTimeMillis() + " "
                    + alive.pid() + "@" + host + " " + start + "\n");
            assertThrows(RunLock.LockedException.class, () -> RunLock.acquire(fs, out, 60_000));
            // the same pid on another host says nothing about this host's processes: a fresh lock holds
            HadoopFs.writeStringAtomically(fs, new Path(out, RunLock.FILE), "remote " + System.currentTimeMillis()
                    + " " + dead.pid() + "@elsewhere.example " + deadStart + "\n");
            assertThrows(RunLock.LockedException.class, () -> RunLock.acquire(fs, out, 60_000));
        } finally {
            alive.destroy();
        }
    }

    @Test
    void heartbeatKeepsALongRunLocked() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path out = new Path(tmp.toUri());
        try (RunLock a = RunLock.acquire(fs, out, 400)) {
            Thread.sleep(900); // longer than the stale time: only the heartbeat keeps it fresh
            assertThrows(RunLock.LockedException.class, () -> RunLock.acquire(fs, out, 400));
        }
    }
}
