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
    void heartbeatKeepsALongRunLocked() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        Path out = new Path(tmp.toUri());
        try (RunLock a = RunLock.acquire(fs, out, 400)) {
            Thread.sleep(900); // longer than the stale time: only the heartbeat keeps it fresh
            assertThrows(RunLock.LockedException.class, () -> RunLock.acquire(fs, out, 400));
        }
    }
}
