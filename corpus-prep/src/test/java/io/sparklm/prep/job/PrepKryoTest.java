package io.sparklm.prep.job;

import io.sparklm.prep.read.InputSplit;
import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrepKryoTest {
    private static final SparkConf CONF = PrepKryo.configure(new SparkConf(false));
    private final SerializerInstance kryo = new KryoSerializer(CONF).newInstance();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(SerializerInstance ser, T o) {
        ByteBuffer b = ser.serialize(o, ClassTag$.MODULE$.AnyRef());
        return (T) ser.deserialize(b, ClassTag$.MODULE$.AnyRef());
    }

    @Test
    void configureSelectsKryoUnlessASerializerIsSet() {
        assertEquals(KryoSerializer.class.getName(), CONF.get("spark.serializer"));
        SparkConf own = new SparkConf(false).set("spark.serializer", JavaSerializer.class.getName());
        assertEquals(JavaSerializer.class.getName(), PrepKryo.configure(own).get("spark.serializer"));
    }

    @Test
    void aUsersKryoKeepsTheirRegistratorAndGainsOurs() {
        SparkConf theirs = new SparkConf(false).set("spark.serializer", KryoSerializer.class.getName())
                .set("spark.kryo.registrator", "com.example.TheirRegistrator");
        PrepKryo.configure(theirs);
        assertEquals("com.example.TheirRegistrator," + PrepKryo.class.getName(), theirs.get("spark.kryo.registrator"));
        PrepKryo.configure(theirs); // idempotent
        assertEquals("com.example.TheirRegistrator," + PrepKryo.class.getName(), theirs.get("spark.kryo.registrator"));
        SparkConf bare = new SparkConf(false).set("spark.serializer", KryoSerializer.class.getName());
        assertEquals(PrepKryo.class.getName(), PrepKryo.configure(bare).get("spark.kryo.registrator"));
    }

    @Test
    void shuffleRecordsRoundTrip() {
        TokDoc d = new TokDoc("0123456789abcdef0123456789abcdef", true, new int[]{3, 65535, 0, 7}, new int[]{2, 4}, 4);
        Tuple2<DocKey, DocCopies> t = roundTrip(kryo, new Tuple2<>(new DocKey(-5L, d.hash()), new DocCopies(d, 3)));
        assertEquals(new DocKey(-5L, d.hash()), t._1());
        TokDoc r = t._2().doc();
        assertEquals(3, t._2().copies());
        assertEquals(d.hash(), r.hash());
        assertTrue(r.validation());
        assertArrayEquals(d.tokens(), r.tokens());
        assertArrayEquals(d.segmentEnds(), r.segmentEnds());
        assertEquals(4, r.tokenCount());
        DocCopies skip = roundTrip(kryo, new DocCopies(null, 12));
        assertNull(skip.doc());
        assertEquals(12, skip.copies());
        SkipCounts counts = SkipCounts.of(java.util.Map.of("too_long", 3L, "empty", 1L << 40));
        Tuple2<DocKey, DedupValue> skips = roundTrip(kryo, new Tuple2<>(DocKey.SKIP_COUNTS, (DedupValue) counts));
        assertEquals(DocKey.SKIP_COUNTS, skips._1());
        assertEquals(counts, skips._2());
        assertEquals(new SkipCounts(), roundTrip(kryo, new SkipCounts()));
        TokDoc clm = roundTrip(kryo, new TokDoc(d.hash(), false, new int[]{1}, null, 1));
        assertNull(clm.segmentEnds());

        Piece p = new Piece(Long.MIN_VALUE, 17, new int[]{101, 7999, 0}, new int[]{-1, 42, -1}, new int[]{0, 0, 1}, 1);
        Tuple2<PieceKey, Piece> q = roundTrip(kryo, new Tuple2<>(new PieceKey(-1L, 9L, 17), p));
        assertEquals(new PieceKey(-1L, 9L, 17), q._1());
        assertEquals(p.id(), q._2().id());
        assertEquals(17, q._2().offset());
        assertArrayEquals(p.ids(), q._2().ids());
        assertArrayEquals(p.labels(), q._2().labels());
        assertArrayEquals(p.segmentIds(), q._2().segmentIds());
        assertEquals(1, q._2().nspLabel());
        int[] big = {70000, -1, 5, Integer.MIN_VALUE, Integer.MAX_VALUE};  // beyond 16 bits: varint path
        assertArrayEquals(big, roundTrip(kryo, new Piece(1, 0, big, null, null, -1)).ids());
        Piece bare = roundTrip(kryo, new Piece(3, 0, new int[]{5}, null, null, -1));
        assertNull(bare.labels());
        assertEquals(-1, bare.nspLabel());
    }

    @Test
    void otherRecordsUseTheCanonicalConstructor() {
        ShardResult s = new ShardResult("train/shard-00000.bin", "train", 5, "ab", 6, 7, 8, 9, 10, 11);
        assertEquals(s, roundTrip(kryo, s));
        InputSplit sp = new InputSplit(2, "file:/x", 0, 10, 10, false);
        assertEquals(sp, roundTrip(kryo, sp));
    }

    @Test
    void tokenIdsTakeTwoBytesInsteadOfJavaSerializationsFour() {
        int[] ids = new int[1024];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7919) % 8000;
        }
        Tuple2<PieceKey, Piece> t = new Tuple2<>(new PieceKey(1, 2, 0), new Piece(2, 0, ids, null, null, -1));
        int k = kryo.serialize(t, ClassTag$.MODULE$.AnyRef()).remaining();
        int j = new JavaSerializer(new SparkConf(false)).newInstance().serialize(t, ClassTag$.MODULE$.AnyRef())
                .remaining();
        assertTrue(k < 2 * 1024 + 64, "kryo bytes " + k);
        assertTrue(j > 4 * 1024, "java bytes " + j);
    }
}
