package io.sparklm.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.cli.DataException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled JSON lines: one object per line with {@code "text"} (string), {@code "label"} (string or number, kept
 * as its text) and optionally {@code "text-pair"} (string); blank lines are skipped, other fields ignored. Read
 * through the Hadoop FileSystem API ({@code .gz}/{@code .bz2} decompressed by Hadoop's codecs). A line that is not
 * such an object is a {@link DataException} naming the source and line number.
 */
public final class LabelledJsonl {
    public static final String TEXT = "text";
    public static final String PAIR = "text-pair";
    public static final String LABEL = "label";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelledJsonl() {}

    /** All records of the file at {@code path}; {@code labelled}: a missing label is an error. */
    public static List<LabelledText> read(Path path, Configuration conf, boolean labelled) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            throw new java.io.FileNotFoundException(path + " does not exist");
        }
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        try (InputStream raw = fs.open(path);
             InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), path.toString(), labelled);
        }
    }

    /** All records of {@code reader}; {@code where} names the source in errors. */
    public static List<LabelledText> read(Reader reader, String where, boolean labelled) throws IOException {
        List<LabelledText> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(reader);
        String line;
        long n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (!line.isBlank()) {
                out.add(parse(line, where + ":" + n, labelled));
            }
        }
        return out;
    }

    /** One line; {@code where} names it in errors. */
    public static LabelledText parse(String line, String where, boolean labelled) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(where + ": not a JSON object (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw new DataException(where + ": not a JSON object");
        }
        JsonNode text = n.get(TEXT);
        if (text == null || !text.isTextual()) {
            throw new DataException(where + ": no \"" + TEXT + "\" string");
        }
        JsonNode pair = n.get(PAIR);
        if (pair != null && !pair.isNull() && !pair.isTextual()) {
            throw new DataException(where + ": \"" + PAIR + "\" is not a string");
        }
        JsonNode label = n.get(LABEL);
        boolean hasLabel = label != null && (label.isTextual() || label.isNumber() || label.isBoolean());
        if (labelled && !hasLabel) {
            throw new DataException(where + ": no \"" + LABEL + "\" (a string or number)");
        }
        return new LabelledText(text.asText(), pair == null || pair.isNull() ? null : pair.asText(),
                hasLabel ? label.asText() : null);
    }
}
