package io.sparklm.prep.testing;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.net.URI;

/**
 * The local file system under the scheme {@code unreadable://}: files list and stat normally, but every open
 * fails (a broken file-system client, a revoked credential). Registered with {@code fs.unreadable.impl}.
 */
public final class UnreadableFs extends RawLocalFileSystem {
    @Override
    public URI getUri() {
        return URI.create("unreadable:///");
    }

    @Override
    public String getScheme() {
        return "unreadable";
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        throw new IOException("simulated: cannot open " + f);
    }
}
