package io.sparklm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparklm.config.ConfigException;

import java.util.ArrayList;
import java.util.List;

/** The [MASK] id and all special-token ids of a HuggingFace-format tokenizer.json ({@code added_tokens}). */
public record SpecialTokens(int maskId, int[] specialIds) {
    public static SpecialTokens parse(String tokenizerJson) {
        if (tokenizerJson == null) {
            throw new ConfigException("data: no tokenizer.json next to the shards (needed for dynamic masking)");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(tokenizerJson);
            int mask = -1;
            List<Integer> specials = new ArrayList<>();
            for (JsonNode t : root.path("added_tokens")) {
                int id = t.path("id").asInt(-1);
                String content = t.path("content").asText();
                if (content.equals("[MASK]")) {
                    mask = id;
                }
                if (t.path("special").asBoolean(false) && id >= 0) {
                    specials.add(id);
                }
            }
            return new SpecialTokens(mask, specials.stream().mapToInt(Integer::intValue).toArray());
        } catch (java.io.IOException e) {
            throw new ConfigException("data: tokenizer.json is not valid JSON: " + e.getMessage());
        }
    }
}
