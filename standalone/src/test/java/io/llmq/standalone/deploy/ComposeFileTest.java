package io.llmq.standalone.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container deployment ({@code docker-compose.yml}, the Dockerfile of the three images, {@code .dockerignore})
 * checked without a Docker engine (Prometheus and Grafana: {@link MonitoringFilesTest}): the compose file's structure always, and, when a
 * {@code docker-compose} binary is on the PATH, its own offline validation ({@code config -q}).
 */
class ComposeFileTest {

    private static final Logger log = LoggerFactory.getLogger(ComposeFileTest.class);

    /** Surefire runs with the module directory as working directory; the files live one level up. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    private static final List<String> SERVICES =
            List.of("kafka", "postgres", "provider-simulator", "api-submitter", "worker", "prometheus", "grafana");

    /** Compose service (= Maven module) to its main class and the port its /health listens on. */
    private static final Map<String, JavaService> JAVA_SERVICES = Map.of(
            "api-submitter", new JavaService("io.llmq.submitter.SubmitterMain", "LLMQ_HTTP_PORT", 8080),
            "worker", new JavaService("io.llmq.worker.WorkerMain", "LLMQ_WORKER_HTTP_PORT", 8081),
            "provider-simulator", new JavaService("io.llmq.simulator.SimulatorMain", "LLMQ_SIM_PORT", 8090));

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("services", "volumes", "networks", "configs", "secrets", "name");

    private record JavaService(String mainClass, String portVariable, int port) {
    }

    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        assertThat(COMPOSE).as("docker-compose.yml at the repository root").isRegularFile();
        compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
        assertThat(compose.path("services").isObject()).as("top-level services: mapping").isTrue();
    }

    @Test
    void declaresTheSevenServices() {
        assertThat(serviceNames()).containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void everyServiceHasAHealthcheck() {
        for (var name : SERVICES) {
            var check = service(name).path("healthcheck");
            assertThat(check.isObject()).as("%s has a healthcheck", name).isTrue();
            assertThat(check.path("disable").asBoolean(false)).as("%s healthcheck disabled", name).isFalse();
            var test = check.path("test");
            assertThat(test.isArray() && !test.isEmpty() || test.isTextual() && !test.asText().isBlank())
                    .as("%s healthcheck has a test command", name).isTrue();
            if (test.isArray()) {
                assertThat(test.get(0).asText()).as("%s healthcheck test form", name).isIn("CMD", "CMD-SHELL");
            }
            for (var field : List.of("interval", "timeout", "retries", "start_period")) {
                assertThat(check.has(field)).as("%s healthcheck sets %s", name, field).isTrue();
            }
        }
    }

    @Test
    void javaServicesProbeTheirOwnHealthEndpoint() {
        JAVA_SERVICES.forEach((name, svc) -> {
            var test = commandLine(service(name).path("healthcheck").path("test"));
            assertThat(test).as("%s healthcheck", name).contains("http://localhost:" + svc.port() + "/health");
            assertThat(env(name, svc.portVariable())).as("%s %s", name, svc.portVariable())
                    .isEqualTo(String.valueOf(svc.port()));
        });
    }

    @Test
    void javaServicesLogOneJsonObjectPerLineByDefault() throws IOException {
        assertThat(DockerfileStages.read(ROOT.resolve("Dockerfile")).stage("runtime").orElseThrow().env())
                .as("Dockerfile runtime ENV").containsEntry("LLMQ_LOG_FORMAT", "json");
        for (var name : JAVA_SERVICES.keySet()) {
            assertThat(interpolatedDefault(env(name, "LLMQ_LOG_FORMAT"))).as("%s LLMQ_LOG_FORMAT", name).isEqualTo("json");
            assertThat(Files.readString(ROOT.resolve(name).resolve("src/main/resources/logback.xml"), StandardCharsets.UTF_8))
                    .as("%s logback.xml", name).contains("${LLMQ_LOG_FORMAT:-text}");
        }
    }

    @Test
    void kafkaIsASingleKraftNodeThatCanRunTransactions() {
        var kafka = service("kafka");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        assertThat(env("kafka", "KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env("kafka", "CLUSTER_ID")).matches("[A-Za-z0-9_-]{22}");
        assertThat(env("kafka", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(env("kafka", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).isEqualTo("1");
        assertThat(env("kafka", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(env("kafka", "KAFKA_ADVERTISED_LISTENERS")).contains("kafka:9092");
        // The services create llmq.jobs with its priority ranges; an auto-created topic would not have them.
        assertThat(env("kafka", "KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        assertThat(commandLine(kafka.path("healthcheck").path("test")))
                .contains("/opt/kafka/bin/kafka-broker-api-versions.sh")
                .contains("localhost:9092");
    }

    @Test
    void postgresKeepsItsDataInANamedVolume() {
        var postgres = service("postgres");
        assertThat(postgres.path("image").asText()).isEqualTo("postgres:17");
        assertThat(env("postgres", "POSTGRES_DB")).isEqualTo("llmq");
        assertThat(env("postgres", "POSTGRES_USER")).isEqualTo("llmq");
        assertThat(env("postgres", "POSTGRES_PASSWORD")).isEqualTo("llmq");
        assertThat(commandLine(postgres.path("healthcheck").path("test"))).contains("pg_isready");
        var volumes = strings(postgres.path("volumes"));
        assertThat(volumes).anySatisfy(v -> assertThat(v).endsWith(":/var/lib/postgresql/data"));
    }

    @Test
    void workerRunsTwoReplicasAndCanBeScaled() {
        var worker = service("worker");
        assertThat(worker.path("deploy").path("replicas").asInt(-1)).as("worker deploy.replicas").isEqualTo(2);
        // A published host port or a fixed container name would make `--scale worker=N` collide.
        assertThat(worker.has("ports")).as("worker publishes host ports").isFalse();
        assertThat(worker.has("container_name")).as("worker has a fixed container_name").isFalse();
        assertThat(worker.has("hostname")).as("worker has a fixed hostname (replicas name themselves after it)").isFalse();
    }

    @Test
    void submitterPublishesItsApiAndAsksForAnApiKeyWithoutShippingOne() {
        assertThat(strings(service("api-submitter").path("ports")))
                .anySatisfy(p -> assertThat(p).endsWith(":8080"));
        var key = env("api-submitter", "LLMQ_API_KEY");
        // ${LLMQ_API_KEY:?message}: compose refuses to start without it, and no key ships in the file
        assertThat(key).as("LLMQ_API_KEY is required, with a message that says how to set it")
                .startsWith("${LLMQ_API_KEY:?").contains("16", ".env").doesNotContain(":-");
    }

    @Test
    void submitterAndWorkerWaitForHealthyKafkaAndPostgres() {
        for (var name : List.of("api-submitter", "worker")) {
            var dependsOn = service(name).path("depends_on");
            assertThat(dependsOn.isObject()).as("%s depends_on is the long (condition) form", name).isTrue();
            for (var dependency : List.of("kafka", "postgres")) {
                assertThat(dependsOn.path(dependency).path("condition").asText())
                        .as("%s waits for %s", name, dependency).isEqualTo("service_healthy");
            }
        }
        assertThat(service("worker").path("depends_on").path("provider-simulator").path("condition").asText())
                .as("worker waits for the simulator").isEqualTo("service_healthy");
    }

    @Test
    void javaServicesReachTheOthersByServiceName() {
        for (var name : List.of("api-submitter", "worker")) {
            assertThat(env(name, "LLMQ_KAFKA_BOOTSTRAP")).as("%s LLMQ_KAFKA_BOOTSTRAP", name).isEqualTo("kafka:9092");
            assertThat(env(name, "LLMQ_DB_URL")).as("%s LLMQ_DB_URL", name)
                    .isEqualTo("jdbc:postgresql://postgres:5432/llmq");
            assertThat(env(name, "LLMQ_DB_USER")).as("%s LLMQ_DB_USER", name).isEqualTo("llmq");
            assertThat(env(name, "LLMQ_DB_PASSWORD")).as("%s LLMQ_DB_PASSWORD", name).isEqualTo("llmq");
            assertThat(env(name, "LLMQ_SIMULATOR_URL")).as("%s LLMQ_SIMULATOR_URL (no /v1)", name)
                    .isEqualTo("http://provider-simulator:8090");
        }
    }

    @Test
    void everyJavaServiceIsBuiltFromTheOneDockerfileWithItsModule() {
        JAVA_SERVICES.forEach((name, svc) -> {
            var build = service(name).path("build");
            assertThat(build.path("context").asText()).as("%s build context", name).isEqualTo(".");
            assertThat(build.path("dockerfile").asText()).as("%s dockerfile", name).isEqualTo("Dockerfile");
            assertThat(build.path("args").path("MODULE").asText()).as("%s build arg MODULE", name).isEqualTo(name);
        });
    }

    /**
     * Whatever a built service names must be there: its Dockerfile, and a MODULE that is a module
     * of the reactor building the jar the image copies, built by the Dockerfile's build stage, with
     * a stage of its own that sets the port variable the service's health check probes.
     */
    @Test
    void everyBuiltServiceNamesAnExistingDockerfileAndModule() throws IOException {
        var modules = reactorModules();
        for (var name : serviceNames()) {
            var build = service(name).path("build");
            if (build.isMissingNode()) {
                assertThat(service(name).path("image").asText()).as("%s has an image or a build", name).isNotBlank();
                continue;
            }
            var dockerfile = ROOT.resolve(build.path("context").asText()).resolve(build.path("dockerfile").asText("Dockerfile"));
            assertThat(dockerfile).as("Dockerfile of %s", name).isRegularFile();
            var stages = DockerfileStages.read(dockerfile);
            var module = build.path("args").path("MODULE").asText();
            assertThat(modules).as("build arg MODULE of %s is a module of the parent POM", name).contains(module);
            assertThat(JAVA_SERVICES).as("MODULE %s of %s is one of the Java services", module, name).containsKey(module);
            var svc = JAVA_SERVICES.get(module);

            // The jar the image copies is the one the module's POM builds, and it starts the right class.
            var pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"), StandardCharsets.UTF_8);
            assertThat(pom).as("%s pom.xml", module)
                    .contains("<finalName>llmq-" + module + "</finalName>")
                    .contains("<mainClass>" + svc.mainClass() + "</mainClass>")
                    .contains("<classpathPrefix>lib/</classpathPrefix>");
            assertThat(stages.stage("build").orElseThrow().env().get("IMAGE_MODULES").split(","))
                    .as("modules the build stage builds").contains(module);

            var moduleStage = stages.stage("module-" + module);
            assertThat(moduleStage).as("Dockerfile stage module-%s", module).isPresent();
            var env = moduleStage.get().env();
            assertThat(env).as("module-%s ENV", module)
                    .containsEntry(svc.portVariable(), String.valueOf(svc.port()))
                    .containsEntry("LLMQ_PORT_VARIABLE", svc.portVariable());
            assertThat(moduleStage.get().args("EXPOSE")).as("module-%s EXPOSE", module).containsExactly(String.valueOf(svc.port()));
        }
    }

    @Test
    void theDockerfileBuildsWithMavenAndRunsTheModulesJarAsANonRootUser() throws IOException {
        var stages = DockerfileStages.read(ROOT.resolve("Dockerfile"));
        var build = stages.stage("build").orElseThrow();
        assertThat(build.base()).isEqualTo("maven:3.9-eclipse-temurin-21");
        assertThat(build.args("RUN")).as("build stage RUN")
                .anySatisfy(run -> assertThat(run).contains("-DskipTests -pl \"$IMAGE_MODULES\" -am package").doesNotContain("||"));
        // Maven loads the whole reactor even for -pl, so the POM-only warm-up must copy every module's POM.
        for (var module : reactorModules()) {
            assertThat(build.args("COPY")).as("build stage copies %s/pom.xml", module).contains(module + "/pom.xml " + module + "/");
        }
        assertThat(build.instructions()).as("the build stage is the same for every MODULE")
                .noneMatch(l -> l.contains("MODULE}") || l.contains("$MODULE"));

        var runtime = stages.stage("runtime").orElseThrow();
        assertThat(runtime.base()).isEqualTo("eclipse-temurin:21-jre");
        assertThat(runtime.env()).containsEntry("LLMQ_LOG_FORMAT", "json").containsEntry("LLMQ_JVM_FLAGS", "-XX:MaxRAMPercentage=75");
        JAVA_SERVICES.keySet().forEach(module -> assertThat(stages.stage("module-" + module))
                .as("Dockerfile stage module-%s", module).hasValueSatisfying(stage -> assertThat(stage.base()).isEqualTo("runtime")));
        assertThat(stages.stage("module-worker").map(stage -> stage.env().get("LLMQ_JVM_FLAGS")).orElse(""))
                .as("the worker runs C1 only (docs/operations.md, JVM)")
                .contains("-XX:MaxRAMPercentage=75").contains("-XX:TieredStopAtLevel=1");

        var image = stages.last();
        assertThat(image.base()).isEqualTo("module-${MODULE}");
        assertThat(image.args("ARG")).contains("MODULE");
        assertThat(image.env()).containsEntry("LLMQ_MODULE", "${MODULE}");
        assertThat(image.args("COPY")).contains(
                "--from=build /src/${MODULE}/target/lib/ /app/lib/",
                "--from=build /src/${MODULE}/target/llmq-${MODULE}.jar /app/llmq-${MODULE}.jar");
        var user = image.args("USER");
        assertThat(user).as("the image runs as a named non-root user").hasSize(1);
        assertThat(user.getFirst()).doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
        assertThat(image.args("HEALTHCHECK")).singleElement().asString()
                .contains("curl -fsS").contains("http://localhost:$(printenv \"$LLMQ_PORT_VARIABLE\")/health");
        assertThat(image.args("ENTRYPOINT")).singleElement().asString()
                .contains("exec java $LLMQ_JVM_FLAGS -jar \\\"/app/llmq-$LLMQ_MODULE.jar\\\"");
    }

    @Test
    void noModuleKeepsADockerfileOfItsOwn() throws IOException {
        for (var module : reactorModules()) {
            assertThat(ROOT.resolve(module).resolve("Dockerfile")).as("%s/Dockerfile (the root Dockerfile builds every image)", module)
                    .doesNotExist();
        }
    }

    @Test
    void dockerignoreKeepsHostBuildOutputAndGitOutOfTheContext() throws IOException {
        var ignore = ROOT.resolve(".dockerignore");
        assertThat(ignore).isRegularFile();
        var lines = Files.readAllLines(ignore, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        assertThat(lines).contains("**/target", ".git");
        // Nothing the build needs may be excluded.
        assertThat(lines).noneMatch(l -> l.equals("*") || l.equals("**") || l.contains("pom.xml") || l.contains("src"));
    }

    @Test
    void referencesBetweenServicesAndVolumesResolve() {
        checkReferences();
    }

    /**
     * The offline validator of the compose file, when there is one: Debian's docker-compose (v1, 1.27+
     * understands the Compose Specification this file follows). Without it, the structural checks
     * that validator would otherwise cover run here once more, and the test says so in the log.
     */
    @Test
    void validatesWithDockerComposeConfigWhenAvailable() throws Exception {
        var binary = onPath("docker-compose");
        if (binary.isEmpty()) {
            log.info("docker-compose is not on the PATH: skipping `docker-compose config -q`; "
                    + "checked the file's keys and references instead (apt-get install docker-compose to validate fully)");
            checkReferences();
            return;
        }
        var output = Files.createTempFile("compose-config", ".log");
        try {
            var builder = new ProcessBuilder(binary.get().toString(), "-f", COMPOSE.toAbsolutePath().toString(), "config", "-q")
                    .directory(ROOT.toFile());
            // the file asks for the key (no key ships in it); an operator sets it in the shell or .env
            builder.environment().put("LLMQ_API_KEY", "compose-config-check-key");
            var process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            var finished = process.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            var text = Files.readString(output, StandardCharsets.UTF_8);
            log.info("{} -f docker-compose.yml config -q: exit {}{}", binary.get(),
                    finished ? process.exitValue() : "(timed out)", text.isBlank() ? "" : ", output:\n" + text);
            assertThat(finished).as("docker-compose config finished within 120 s").isTrue();
            assertThat(process.exitValue()).as("docker-compose config -q exit code; output:%n%s", text).isZero();
        } finally {
            Files.deleteIfExists(output);
        }
    }

    // ---- checks and helpers ---------------------------------------------------------------------

    private static void checkReferences() {
        var topLevel = new ArrayList<String>();
        compose.fieldNames().forEachRemaining(topLevel::add);
        assertThat(topLevel).as("top-level keys").allSatisfy(k ->
                assertThat(TOP_LEVEL_KEYS.contains(k) || k.startsWith("x-")).as("known top-level key %s", k).isTrue());
        assertThat(compose.has("version")).as("obsolete top-level version: key").isFalse();

        var services = serviceNames();
        var declaredVolumes = new TreeSet<String>();
        compose.path("volumes").fieldNames().forEachRemaining(declaredVolumes::add);
        for (var name : services) {
            var svc = service(name);
            assertThat(svc.hasNonNull("image") || svc.hasNonNull("build")).as("%s has an image or a build", name).isTrue();
            var dependsOn = svc.path("depends_on");
            var targets = new ArrayList<String>();
            if (dependsOn.isArray()) {
                dependsOn.forEach(d -> targets.add(d.asText()));
            } else {
                dependsOn.fieldNames().forEachRemaining(targets::add);
                dependsOn.properties().forEach(e -> assertThat(e.getValue().path("condition").asText())
                        .as("%s depends_on %s condition", name, e.getKey())
                        .isIn("service_started", "service_healthy", "service_completed_successfully"));
            }
            assertThat(targets).as("%s depends_on", name).allSatisfy(t -> assertThat(services).contains(t));
            for (var volume : strings(svc.path("volumes"))) {
                var source = volume.split(":", 2)[0];
                if (!source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~") && volume.contains(":")) {
                    assertThat(declaredVolumes).as("%s uses named volume %s", name, source).contains(source);
                }
            }
            var healthcheck = svc.path("healthcheck");
            if (!healthcheck.isMissingNode()) {
                for (var field : List.of("interval", "timeout", "start_period")) {
                    var value = healthcheck.path(field).asText("");
                    assertThat(value).as("%s healthcheck %s is a duration", name, field)
                            .matches("(\\d+(\\.\\d+)?(us|ms|s|m|h))+");
                }
                assertThat(healthcheck.path("retries").isInt()).as("%s healthcheck retries is a number", name).isTrue();
            }
        }
    }

    private static List<String> serviceNames() {
        var names = new ArrayList<String>();
        compose.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode service(String name) {
        var node = compose.path("services").path(name);
        assertThat(node.isObject()).as("service %s", name).isTrue();
        return node;
    }

    /** A service's environment value, from the mapping or the list form; fails when it is not set. */
    private static String env(String serviceName, String variable) {
        var environment = service(serviceName).path("environment");
        String found = null;
        if (environment.isObject()) {
            var value = environment.get(variable);
            found = value == null || value.isNull() ? null : value.asText();
        } else {
            for (var entry : strings(environment)) {
                if (entry.startsWith(variable + "=")) {
                    found = entry.substring(variable.length() + 1);
                }
            }
        }
        assertThat(found).as("%s sets %s", serviceName, variable).isNotNull();
        return found;
    }

    /** {@code ${NAME:-fallback}} gives the fallback; anything else is returned as it is. */
    private static String interpolatedDefault(String value) {
        var m = Pattern.compile("^\\$\\{[A-Za-z_][A-Za-z0-9_]*:?-(.*)}$").matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    private static String commandLine(JsonNode test) {
        return test.isArray() ? String.join(" ", strings(test)) : test.asText();
    }

    private static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The {@code <module>} entries of the parent POM. */
    private static List<String> reactorModules() throws IOException {
        var pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        var modules = new ArrayList<String>();
        var m = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(pom);
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertThat(modules).as("modules of the parent POM").isNotEmpty();
        return modules;
    }

    private static Optional<Path> onPath(String program) {
        var path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(Pattern.quote(File.pathSeparator)))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }
}
