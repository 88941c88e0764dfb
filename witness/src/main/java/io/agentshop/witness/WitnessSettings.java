package io.agentshop.witness;

import io.agentshop.tlog.NoteKey;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The witness's settings, from {@code --name=value} arguments or else the environment ({@code AGENTSHOP_WITNESS_*}):
 * {@code port} (8090), {@code address} (127.0.0.1), {@code name} (the cosigner's key name,
 * {@code agentshop.local/witness}), {@code key-file} (its Ed25519 key, created owner-only on first start),
 * {@code state-dir} (the checkpoints it cosigned), and {@code logs}: the verifier keys of the logs it witnesses,
 * comma-separated, each named by its log's origin (several keys for one origin while a log rotates its key).
 */
public record WitnessSettings(String address, int port, String name, Path keyFile, Path stateDirectory,
                       Map<String, List<NoteKey>> logs) {

    static final String DEFAULT_NAME = "agentshop.local/witness";
    static final String DEFAULT_KEY_FILE = ".agent-shop/witness-key.pk8";

    public static WitnessSettings from(String[] args, Map<String, String> environment) {
        BiFunction<String, String, String> setting = lookup(args, environment);
        String logList = setting.apply("logs", "");
        Map<String, List<NoteKey>> logs = new LinkedHashMap<>();
        for (String vkey : logList.split(",")) {
            if (!vkey.isBlank()) {
                NoteKey key = NoteKey.parse(vkey);
                if (key.type() != NoteKey.ED25519) {
                    throw new IllegalArgumentException("log key " + key.name() + " is not an Ed25519 note key");
                }
                logs.computeIfAbsent(key.name(), origin -> new ArrayList<>()).add(key);
            }
        }
        if (logs.isEmpty()) {
            throw new IllegalArgumentException("the witness needs the verifier key of at least one log"
                    + " (--logs=<origin>+<key id>+<key>, or AGENTSHOP_WITNESS_LOGS)");
        }
        return new WitnessSettings(setting.apply("address", "127.0.0.1"),
                Integer.parseInt(setting.apply("port", "8090")), setting.apply("name", DEFAULT_NAME),
                Path.of(setting.apply("key-file", DEFAULT_KEY_FILE)),
                Path.of(setting.apply("state-dir", ".agent-shop/witness")), logs);
    }

    /** A setting by name: the argument {@code --name=value}, else {@code AGENTSHOP_WITNESS_NAME}, else the fallback. */
    static BiFunction<String, String, String> lookup(String[] args, Map<String, String> environment) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, not " + arg);
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return (key, fallback) -> given.getOrDefault(key,
                environment.getOrDefault("AGENTSHOP_WITNESS_" + key.toUpperCase().replace('-', '_'), fallback));
    }

    @Override
    public String toString() {
        return name + " on " + address + ":" + port + ", witnessing " + Arrays.toString(logs.keySet().toArray());
    }
}
