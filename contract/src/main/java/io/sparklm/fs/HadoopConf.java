package io.sparklm.fs;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import java.util.Properties;

/**
 * The job's Hadoop configuration, carried to Spark executors inside task closures (serialized in Hadoop's own
 * Writable form), so that executors open files exactly as the driver does: an HA nameservice, object-store
 * credentials or any other {@code spark.hadoop.*} setting given to spark-submit reaches every file system call.
 * {@link #fromSparkProperties} builds the same configuration as Spark without a SparkContext.
 */
public final class HadoopConf implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "spark.hadoop.";
    private transient Configuration conf;

    private HadoopConf(Configuration conf) {
        this.conf = conf;
    }

    /** A carrier of a copy of {@code conf}. */
    public static HadoopConf of(Configuration conf) {
        return new HadoopConf(new Configuration(conf));
    }

    /**
     * The configuration Spark gives a job: Hadoop's defaults and the *-site.xml files on the class path (spark-submit
     * puts HADOOP_CONF_DIR there), then every {@code spark.hadoop.X} Spark property of this JVM as {@code X}: the
     * JVM's system properties, where spark-submit passes {@code --conf} and spark-defaults.conf to the driver.
     */
    public static Configuration fromSparkProperties() {
        return withSparkProperties(HadoopFs.newConf(), System.getProperties());
    }

    /** {@code conf} with every {@code spark.hadoop.X} entry of {@code sparkProperties} set as {@code X}. */
    static Configuration withSparkProperties(Configuration conf, Properties sparkProperties) {
        for (Map.Entry<Object, Object> e : sparkProperties.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (k.startsWith(PREFIX) && k.length() > PREFIX.length()) {
                conf.set(k.substring(PREFIX.length()), String.valueOf(e.getValue()), "spark property " + k);
            }
        }
        return conf;
    }

    /** The configuration (one instance per deserialized carrier; callers must not modify it). */
    public Configuration get() {
        return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
