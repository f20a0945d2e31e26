package io.sparklm.prep.job;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sparklm.prep.seq.Piece;
import io.sparklm.prep.seq.PieceKey;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;

import java.util.List;

/**
 * Kryo setup for the prep job: compact serializers for the records that cross shuffles and caches (token ids in 2
 * bytes each for vocabularies up to 64k, else zig-zag varints, instead of Java serialization's 4 bytes plus
 * per-object headers), and {@link RecordSerializer} for every other record. {@link #configure} selects it on a
 * SparkConf unless the user chose a serializer.
 */
public final class PrepKryo implements KryoRegistrator {
    /**
     * Sets spark.serializer to Kryo with this registrator, unless the user chose a serializer; when the user chose
     * Kryo (e.g. a cluster's spark-defaults), adds this registrator to theirs, since Kryo 4 cannot rebuild Java
     * records without it. Returns {@code conf}.
     */
    public static SparkConf configure(SparkConf conf) {
        String kryo = "org.apache.spark.serializer.KryoSerializer";
        if (!conf.contains("spark.serializer")) {
            conf.set("spark.serializer", kryo);
            conf.set("spark.kryo.registrator", PrepKryo.class.getName());
            // the prep records hold no shared or cyclic references: skip Kryo's per-object identity map
            conf.setIfMissing("spark.kryo.referenceTracking", "false");
        } else if (kryo.equals(conf.get("spark.serializer"))) {
            String theirs = conf.get("spark.kryo.registrator", "").trim();
            if (!List.of(theirs.split("\\s*,\\s*")).contains(PrepKryo.class.getName())) {
                conf.set("spark.kryo.registrator",
                        theirs.isEmpty() ? PrepKryo.class.getName() : theirs + "," + PrepKryo.class.getName());
            }
        }
        return conf;
    }

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
        kryo.register(int[].class);
        kryo.register(TokDoc.class, new Serializer<TokDoc>() {
            @Override
            public void write(Kryo k, Output out, TokDoc d) {
                out.writeString(d.hash());
                out.writeBoolean(d.validation());
                writeInts(out, d.tokens());
                writeInts(out, d.segmentEnds());
                out.writeVarLong(d.tokenCount(), true);
            }

            @Override
            public TokDoc read(Kryo k, Input in, Class<TokDoc> type) {
                return new TokDoc(in.readString(), in.readBoolean(), readInts(in), readInts(in), in.readVarLong(true));
            }
        });
        kryo.register(DocKey.class, new Serializer<DocKey>() {
            @Override
            public void write(Kryo k, Output out, DocKey d) {
                out.writeLong(d.order());
                out.writeString(d.hash());
            }

            @Override
            public DocKey read(Kryo k, Input in, Class<DocKey> type) {
                return new DocKey(in.readLong(), in.readString());
            }
        });
        kryo.register(DocCopies.class, new Serializer<DocCopies>() {
            @Override
            public void write(Kryo k, Output out, DocCopies d) {
                k.writeObjectOrNull(out, d.doc(), TokDoc.class);
                out.writeVarLong(d.copies(), true);
            }

            @Override
            public DocCopies read(Kryo k, Input in, Class<DocCopies> type) {
                return new DocCopies(k.readObjectOrNull(in, TokDoc.class), in.readVarLong(true));
            }
        });
        kryo.register(SkipCounts.class, new Serializer<SkipCounts>() {
            @Override
            public void write(Kryo k, Output out, SkipCounts s) {
                out.writeVarInt(s.asMap().size(), true);
                s.asMap().forEach((reason, n) -> {
                    out.writeString(reason);
                    out.writeVarLong(n, true);
                });
            }

            @Override
            public SkipCounts read(Kryo k, Input in, Class<SkipCounts> type) {
                SkipCounts s = new SkipCounts();
                for (int i = in.readVarInt(true); i > 0; i--) {
                    s.add(in.readString(), in.readVarLong(true));
                }
                return s;
            }
        });
        kryo.register(PieceKey.class, new Serializer<PieceKey>() {
            @Override
            public void write(Kryo k, Output out, PieceKey p) {
                out.writeLong(p.order());
                out.writeLong(p.id());
                out.writeVarInt(p.offset(), true);
            }

            @Override
            public PieceKey read(Kryo k, Input in, Class<PieceKey> type) {
                return new PieceKey(in.readLong(), in.readLong(), in.readVarInt(true));
            }
        });
        kryo.register(ShardKey.class, new Serializer<ShardKey>() {
            @Override
            public void write(Kryo k, Output out, ShardKey s) {
                out.writeVarInt(s.shard(), true);
                k.writeObject(out, s.key());
            }

            @Override
            public ShardKey read(Kryo k, Input in, Class<ShardKey> type) {
                return new ShardKey(in.readVarInt(true), k.readObject(in, PieceKey.class));
            }
        });
        kryo.register(Piece.class, new Serializer<Piece>() {
            @Override
            public void write(Kryo k, Output out, Piece p) {
                out.writeLong(p.id());
                out.writeVarInt(p.offset(), true);
                writeInts(out, p.ids());
                writeInts(out, p.labels());
                writeInts(out, p.segmentIds());
                out.writeVarInt(p.nspLabel(), false);
            }

            @Override
            public Piece read(Kryo k, Input in, Class<Piece> type) {
                return new Piece(in.readLong(), in.readVarInt(true), readInts(in), readInts(in), readInts(in),
                        in.readVarInt(false));
            }
        });
    }

    /**
     * Length + 1 (0 = null), then a tag: 0 = every value in [-1, 65534], stored as value + 1 in one 16-bit char
     * each (token ids of vocabularies up to 64k, -1 labels; Spark's default UnsafeOutput copies a char[] in bulk);
     * 1 = zig-zag varints, encoded by hand because UnsafeOutput writes Kryo's "var" ints as 4 fixed bytes.
     */
    static void writeInts(Output out, int[] a) {
        if (a == null) {
            out.writeVarInt(0, true);
            return;
        }
        out.writeVarInt(a.length + 1, true);
        boolean small = true;
        for (int v : a) {
            if (v < -1 || v > 65534) {
                small = false;
                break;
            }
        }
        out.writeByte(small ? 0 : 1);
        if (small) {
            char[] c = new char[a.length];
            for (int i = 0; i < a.length; i++) {
                c[i] = (char) (a[i] + 1);
            }
            out.writeChars(c);
        } else {
            for (int v : a) {
                out.writeVarInt((v << 1) ^ (v >> 31), true);
            }
        }
    }

    static int[] readInts(Input in) {
        int n = in.readVarInt(true) - 1;
        if (n < 0) {
            return null;
        }
        int[] a = new int[n];
        if (in.readByte() == 0) {
            char[] c = in.readChars(n);
            for (int i = 0; i < n; i++) {
                a[i] = c[i] - 1;
            }
        } else {
            for (int i = 0; i < n; i++) {
                int z = in.readVarInt(true);
                a[i] = (z >>> 1) ^ -(z & 1);
            }
        }
        return a;
    }
}
