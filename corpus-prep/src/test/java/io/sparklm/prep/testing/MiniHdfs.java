package io.sparklm.prep.testing;

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
 * fresh temp directory, deleted on {@link #close()}. Start once per test class (5-9 s).
 */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;
    private final java.nio.file.Path baseDir;

    private MiniHdfs(MiniDFSCluster cluster, java.nio.file.Path baseDir) {
        this.cluster = cluster;
        this.baseDir = baseDir;
    }

    /** Starts a cluster with {@code dataNodes} datanodes and the default block size. */
    public static MiniHdfs start(int dataNodes) throws IOException {
        return start(dataNodes, 0);
    }

    /** Starts a cluster; {@code blockSizeBytes} > 0 sets dfs.blocksize (a multiple of 512). */
    public static MiniHdfs start(int dataNodes, long blockSizeBytes) throws IOException {
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
        MiniDFSCluster c = new MiniDFSCluster.Builder(conf, base.toFile())
                .numDataNodes(dataNodes).checkDataNodeHostConfig(true).build();
        c.waitActive();
        return new MiniHdfs(c, base);
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
