package io.sparklm.testing;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Test fixture: a real in-process HDFS (MiniDFSCluster) on 127.0.0.1 with random ports and N datanodes in a
 * fresh temp directory, deleted on {@link #close()}. Start once per test class (5-9 s): {@link #start(int)}, or
 * {@link #options()} for block size, replication, the datanode-replacement policy; datanodes can be stopped and
 * restarted (failure tests).
 */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;
    private final java.nio.file.Path baseDir;

    private MiniHdfs(MiniDFSCluster cluster, java.nio.file.Path baseDir) {
        this.cluster = cluster;
        this.baseDir = baseDir;
    }

    /** Starts a cluster with {@code dataNodes} datanodes and otherwise default {@link Options}. */
    public static MiniHdfs start(int dataNodes) throws IOException {
        return options().dataNodes(dataNodes).start();
    }

    /** Cluster options with defaults (1 datanode, HDFS's block size, replication and datanode-replacement policy). */
    public static Options options() {
        return new Options();
    }

    /** Settings of a cluster to start; each setter returns {@code this}. */
    public static final class Options {
        private int dataNodes = 1;
        private long blockSizeBytes;
        private int replication;
        private String replaceDataNodePolicy;

        private Options() {}

        /** Number of datanodes (>= 1). */
        public Options dataNodes(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("dataNodes must be >= 1, got " + n);
            }
            this.dataNodes = n;
            return this;
        }

        /** dfs.blocksize in bytes, a multiple of 512 (the minimum block size is lowered to 512). */
        public Options blockSize(long bytes) {
            if (bytes <= 0 || bytes % 512 != 0) {
                throw new IllegalArgumentException("blockSize must be a positive multiple of 512, got " + bytes);
            }
            this.blockSizeBytes = bytes;
            return this;
        }

        /** dfs.replication of files written through {@link #fs()} (<= dataNodes). */
        public Options replication(int r) {
            if (r < 1) {
                throw new IllegalArgumentException("replication must be >= 1, got " + r);
            }
            this.replication = r;
            return this;
        }

        /** dfs.client.block.write.replace-datanode-on-failure.policy ({@code DEFAULT}, {@code ALWAYS}, {@code NEVER}). */
        public Options replaceDataNodeOnFailure(String policy) {
            this.replaceDataNodePolicy = policy;
            return this;
        }

        /** Starts the cluster and waits until it is active (5-9 s). */
        public MiniHdfs start() throws IOException {
            if (replication > dataNodes) {
                throw new IllegalArgumentException("replication " + replication + " > dataNodes " + dataNodes);
            }
            java.nio.file.Path base = Files.createTempDirectory("minihdfs");
            Configuration conf = new Configuration();
            conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
            conf.set("dfs.namenode.http-address", "127.0.0.1:0");
            conf.set("dfs.datanode.address", "127.0.0.1:0");
            conf.set("dfs.datanode.http.address", "127.0.0.1:0");
            conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
            conf.setBoolean("dfs.permissions.enabled", false);
            if (blockSizeBytes > 0) {
                conf.setLong("dfs.namenode.fs-limits.min-block-size", 512);
                conf.setLong("dfs.blocksize", blockSizeBytes);
            }
            if (replication > 0) {
                conf.setInt("dfs.replication", replication);
            }
            if (replaceDataNodePolicy != null) {
                conf.set("dfs.client.block.write.replace-datanode-on-failure.policy", replaceDataNodePolicy);
            }
            MiniDFSCluster c = new MiniDFSCluster.Builder(conf, base.toFile())
                    .numDataNodes(dataNodes).checkDataNodeHostConfig(true).build();
            c.waitActive();
            return new MiniHdfs(c, base);
        }
    }

    /** Stops datanode {@code index} (e.g. mid-write); give the result to {@link #restartDataNode}. */
    public MiniDFSCluster.DataNodeProperties stopDataNode(int index) {
        return cluster.stopDataNode(index);
    }

    /** Restarts a datanode stopped by {@link #stopDataNode} on its old ports and waits until the cluster is active. */
    public void restartDataNode(MiniDFSCluster.DataNodeProperties stopped) throws IOException {
        cluster.restartDataNode(stopped, true);
        cluster.waitActive();
    }

    /** {@code hdfs://127.0.0.1:PORT} (no trailing slash). */
    public String uri() {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    /** An {@code hdfs://} URI for an absolute path such as {@code /data/in}. */
    public String uri(String absPath) {
        return uri() + absPath;
    }

    public Configuration conf() {
        return cluster.getConfiguration(0);
    }

    public FileSystem fs() throws IOException {
        return FileSystem.get(java.net.URI.create(uri()), conf());
    }

    public Path path(String absPath) {
        return new Path(uri(absPath));
    }

    @Override
    public void close() throws IOException {
        cluster.shutdown(true);
        if (Files.exists(baseDir)) {
            try (Stream<java.nio.file.Path> s = Files.walk(baseDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
