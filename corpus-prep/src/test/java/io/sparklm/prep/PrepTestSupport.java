package io.sparklm.prep;

import io.sparklm.shard.ShardEntry;
import io.sparklm.shard.Manifest;
import io.sparklm.config.ConfigLoader;
import io.sparklm.config.ConfigMap;
import io.sparklm.shard.ShardReader;
import io.sparklm.shard.ShardRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the job tests: config from key=value words, reading all records of a prepared output. */
final class PrepTestSupport {
    private PrepTestSupport() {}

    static PrepConfig config(String... kv) {
        ConfigMap m = ConfigLoader.parse(kv).config();
        PrepConfig c = PrepConfig.from(m);
        m.requireAllUsed();
        return c;
    }

    static List<ShardRecord> records(String root, String split) throws IOException {
        Path r = new Path(root);
        FileSystem fs = r.getFileSystem(new Configuration());
        Manifest m = Manifest.read(fs, r);
        List<ShardRecord> out = new ArrayList<>();
        for (ShardEntry e : m.shards(split)) {
            try (ShardReader rd = ShardReader.open(fs, new Path(r, e.path()))) {
                rd.forEachRemaining(out::add);
            }
        }
        return out;
    }
}
