package io.agentshop.witness;

import io.agentshop.appsupport.ParentProcess;
import io.agentshop.tlog.Cosigner;
import io.agentshop.tlog.Ed25519KeyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

/**
 * {@code java -jar witness.jar [--name=value…]}: the audit log's witness as a process of its own ({@link WitnessSettings}).
 * Prints its verifier key at start, which the logs' verifiers are configured with.
 */
public final class WitnessApplication {

    private static final Logger log = LoggerFactory.getLogger(WitnessApplication.class);

    private WitnessApplication() {
    }

    /**
     * {@code java -jar witness.jar key [--key-file=…] [--name=…]}: creates the witness's key if there is none and
     * prints its verifier key, which the audit log's verifiers are configured with before the witness first runs.
     */
    public static final String KEY = "key";

    public static void main(String[] args) throws Exception {
        ParentProcess.exitWithIt();
        if (args.length > 0 && KEY.equals(args[0])) {
            BiFunction<String, String, String> setting = WitnessSettings.lookup(
                    Arrays.copyOfRange(args, 1, args.length), System.getenv());
            System.out.println(new Cosigner(setting.apply("name", WitnessSettings.DEFAULT_NAME), Ed25519KeyFile
                    .loadOrCreate(Path.of(setting.apply("key-file", WitnessSettings.DEFAULT_KEY_FILE)))).verifierKey());
            return;
        }
        WitnessSettings settings;
        try {
            settings = WitnessSettings.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("witness did not start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        WitnessHttp http = start(settings);
        log.info("witness {} ready; its verifier key: {}", settings, key(settings));
        Runtime.getRuntime().addShutdownHook(new Thread(http::close, "witness-shutdown"));
        new CountDownLatch(1).await();
    }

    /** Starts a witness with these settings (also what tests of its clients do, in their own JVM). */
    public static WitnessHttp start(WitnessSettings settings) throws java.io.IOException {
        Cosigner cosigner = new Cosigner(settings.name(), Ed25519KeyFile.loadOrCreate(settings.keyFile()));
        Witness witness = new Witness(cosigner, settings.logs(),
                new WitnessState(settings.stateDirectory(), cosigner.verifierKey()), Clock.systemUTC());
        return WitnessHttp.start(witness, settings.address(), settings.port());
    }

    private static String key(WitnessSettings settings) {
        return new Cosigner(settings.name(), Ed25519KeyFile.load(settings.keyFile())).verifierKey().toString();
    }
}
