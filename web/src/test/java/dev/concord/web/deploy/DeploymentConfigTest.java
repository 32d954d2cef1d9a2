package dev.concord.web.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the deployment files (docker/Dockerfile, docker/Dockerfile.cuda, docker/compose.yaml,
 * docker/.env.example) in step with the configuration the application reads
 * (web/src/main/resources/application.properties). Plain JUnit: no Quarkus boot; it reads the
 * real files of this checkout, so a variable added on one side and forgotten on the other
 * fails the build.
 *
 * <p>"The application reads" an environment variable when application.properties refers to
 * it as {@code ${NAME...}} outside the dev and test profiles. Compose may additionally pass
 * the environment form of any property key (Quarkus maps {@code concord.kg.backend} to
 * {@code CONCORD_KG_BACKEND}), any standard {@code QUARKUS_*} variable, and variables the
 * image itself declares with ENV (JAVA_OPTS, DJL_CACHE_DIR).
 *
 * <p>System property {@code concord.deploy.app-properties} points the checks at another
 * application.properties (for checking a branch's deployment files against another
 * branch's configuration); by default the module's own file is read. On a checkout whose
 * application.properties lacks the deployment's keys (CONCORD_KG_BACKEND, the pg profile,
 * ...), the cross-checks fail by design and name each missing key.
 */
class DeploymentConfigTest {

    private static final Path MODULE_DIR = Path.of("").toAbsolutePath();
    private static final Path REPO_ROOT = MODULE_DIR.getParent();
    private static final Path DOCKER_DIR = REPO_ROOT.resolve("docker");
    private static final Path APP_PROPERTIES = Path.of(System.getProperty(
            "concord.deploy.app-properties",
            MODULE_DIR.resolve("src/main/resources/application.properties").toString()));

    /** The services compose.yaml must define; the Concord ones run the application. */
    private static final String CONCORD = "concord";
    private static final String CONCORD_GPU = "concord-gpu";
    private static final List<String> SERVICES = List.of("postgres", "neo4j", CONCORD, CONCORD_GPU, "concord-replica", "balancer");

    /** Quarkus's own datasource variables, needed whenever the image is built for PostgreSQL. */
    private static final List<String> DATASOURCE_VARIABLES = List.of(
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");

    // ------------------------------------------------------------------------------------
    // compose.yaml through Compose itself, where it is installed (no Docker engine needed)

    @Test
    void composeFileIsValidForComposeItselfWithAndWithoutTheGpuProfile() throws Exception {
        Process p = new ProcessBuilder("sh", DOCKER_DIR.resolve("check.sh").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker/check.sh did not finish in 120 s:\n" + output);
        }
        if (p.exitValue() == 2) {
            System.err.println("COMPOSE VALIDATION SKIPPED: " + output.strip());
            org.junit.jupiter.api.Assumptions.abort("neither docker compose nor docker-compose is installed");
        }
        assertEquals(0, p.exitValue(), "docker/check.sh rejected compose.yaml:\n" + output);
        assertTrue(output.contains("valid (default and gpu profiles)"), output);
    }

    // ------------------------------------------------------------------------------------
    // The application's variables against compose.yaml and .env.example

    @Test
    void everyVariableTheApplicationReadsIsPassedByComposeAndDocumented() {
        Set<String> appVariables = AppConfig.load(APP_PROPERTIES).environmentVariables();
        Compose compose = Compose.load(DOCKER_DIR.resolve("compose.yaml"));
        Map<String, String> documented = EnvFile.load(DOCKER_DIR.resolve(".env.example"));
        List<String> problems = new ArrayList<>();
        for (String service : List.of(CONCORD, CONCORD_GPU)) {
            Set<String> passed = compose.environment(service).keySet();
            for (String variable : appVariables) {
                if (!passed.contains(variable)) {
                    problems.add(variable + " is read by the application but not passed by compose service " + service);
                }
            }
        }
        for (String variable : appVariables) {
            if (!documented.containsKey(variable)) {
                problems.add(variable + " is read by the application but not listed in docker/.env.example");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void composePassesOnlyVariablesTheApplicationOrTheImageReads() {
        AppConfig app = AppConfig.load(APP_PROPERTIES);
        Compose compose = Compose.load(DOCKER_DIR.resolve("compose.yaml"));
        List<String> problems = new ArrayList<>();
        for (String service : List.of(CONCORD, CONCORD_GPU)) {
            Dockerfile image = Dockerfile.load(REPO_ROOT.resolve(compose.dockerfile(service)));
            Set<String> imageVariables = image.finalStage().environment().keySet();
            for (String variable : compose.environment(service).keySet()) {
                problems.addAll(unreadVariable(variable, app, imageVariables, "compose service " + service));
            }
        }
        assertNoProblems(problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void dockerfileSetsOnlyVariablesTheApplicationReads(String name) {
        AppConfig app = AppConfig.load(APP_PROPERTIES);
        Dockerfile image = Dockerfile.load(DOCKER_DIR.resolve(name));
        List<String> problems = new ArrayList<>();
        for (String variable : image.finalStage().environment().keySet()) {
            if (variable.startsWith("CONCORD_")) {
                problems.addAll(unreadVariable(variable, app, Set.of(), "docker/" + name + " (ENV)"));
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void concordServicesPassEachVariableUnderItsOwnName() {
        Compose compose = Compose.load(DOCKER_DIR.resolve("compose.yaml"));
        List<String> problems = new ArrayList<>(passThroughProblems(compose.environment(CONCORD), CONCORD));
        Map<String, String> gpu = compose.environment(CONCORD_GPU);
        // The GPU service pins its device; every other entry must read like the CPU service's.
        Map<String, String> gpuWithoutDevice = new LinkedHashMap<>(gpu);
        gpuWithoutDevice.remove("CONCORD_MODEL_DEVICE");
        problems.addAll(passThroughProblems(gpuWithoutDevice, CONCORD_GPU));
        if (!gpu.keySet().equals(compose.environment(CONCORD).keySet())) {
            problems.add("concord-gpu must pass the same variables as concord; concord passes "
                    + new TreeSet<>(compose.environment(CONCORD).keySet()) + " and concord-gpu passes "
                    + new TreeSet<>(gpu.keySet()));
        }
        if (!"gpu".equals(gpu.get("CONCORD_MODEL_DEVICE"))) {
            problems.add("concord-gpu must set CONCORD_MODEL_DEVICE to gpu, found " + gpu.get("CONCORD_MODEL_DEVICE"));
        }
        // the second process of the "replicas" profile: every setting as the first one's (same database,
        // graph, model and methods; docker/README.md, "When one machine is not enough")
        if (!compose.environment("concord-replica").equals(compose.environment(CONCORD))) {
            problems.add("concord-replica must pass exactly what concord passes");
        }
        assertNoProblems(problems);
    }

    @Test
    void envExampleListsExactlyTheVariablesComposeInterpolatesWithTheSameDefaults() {
        String composeText = read(DOCKER_DIR.resolve("compose.yaml"));
        Map<String, String> documented = EnvFile.load(DOCKER_DIR.resolve(".env.example"));
        Map<String, Set<String>> defaults = Compose.interpolations(composeText);
        List<String> problems = new ArrayList<>();
        defaults.forEach((variable, values) -> {
            if (!documented.containsKey(variable)) {
                problems.add("compose.yaml interpolates ${" + variable + "} but docker/.env.example does not list it");
            } else if (values.size() > 1) {
                problems.add("compose.yaml gives ${" + variable + "} different defaults: " + values);
            } else if (!values.isEmpty() && !values.contains(documented.get(variable))) {
                problems.add("docker/.env.example sets " + variable + "=" + documented.get(variable)
                        + " but compose.yaml's default is " + values.iterator().next());
            }
        });
        for (String variable : documented.keySet()) {
            // COMPOSE_* variables configure Compose itself (project name), not the services.
            if (!defaults.containsKey(variable) && !variable.startsWith("COMPOSE_")) {
                problems.add("docker/.env.example lists " + variable + " but compose.yaml never uses it");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void imageBuildProfileConfiguresPostgresqlAndComposePassesItsConnection() {
        AppConfig app = AppConfig.load(APP_PROPERTIES);
        Compose compose = Compose.load(DOCKER_DIR.resolve("compose.yaml"));
        List<String> problems = new ArrayList<>();
        for (String service : List.of(CONCORD, CONCORD_GPU)) {
            Dockerfile image = Dockerfile.load(REPO_ROOT.resolve(compose.dockerfile(service)));
            String profile = compose.buildArgs(service).getOrDefault(
                    "QUARKUS_BUILD_PROFILE", image.globalArgDefaults().get("QUARKUS_BUILD_PROFILE"));
            if (profile == null || profile.isBlank()) {
                problems.add(service + ": no QUARKUS_BUILD_PROFILE from compose or the Dockerfile");
                continue;
            }
            if (!app.hasProfile(profile)) {
                problems.add(service + " builds with profile " + profile
                        + " but application.properties has no %" + profile + ". key");
            }
            String dbKind = app.value(profile, "quarkus.datasource.db-kind");
            if (!"postgresql".equals(dbKind)) {
                problems.add(service + " runs next to PostgreSQL, so profile " + profile
                        + " must set quarkus.datasource.db-kind=postgresql; found " + dbKind);
            }
            for (String variable : DATASOURCE_VARIABLES) {
                if (!compose.environment(service).containsKey(variable)) {
                    problems.add(service + " must pass " + variable + " to reach the postgres service");
                }
            }
        }
        assertNoProblems(problems);
    }

    // ------------------------------------------------------------------------------------
    // Dockerfiles

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void dockerfileVariablesAreDeclaredBeforeUseAndEveryArgIsUsed(String name) {
        assertNoProblems(Dockerfile.load(DOCKER_DIR.resolve(name)).variableProblems());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void runtimeStageRunsAsNonRootWithDataVolumeHealthCheckAndOfflineDjl(String name) {
        assertNoProblems(Dockerfile.load(DOCKER_DIR.resolve(name)).runtimeProblems());
    }

    @Test
    void cudaImageLoadsLibtorchFromItsOwnFolderOnTheGpu() {
        Dockerfile cuda = Dockerfile.load(DOCKER_DIR.resolve("Dockerfile.cuda"));
        Map<String, String> env = cuda.finalStage().environment();
        assertEquals("gpu", env.get("CONCORD_MODEL_DEVICE"), "CONCORD_MODEL_DEVICE of the CUDA image");
        assertEquals("/opt/libtorch/lib", env.get("PYTORCH_LIBRARY_PATH"), "PYTORCH_LIBRARY_PATH of the CUDA image");
        assertTrue(cuda.globalArgDefaults().containsKey("LIBTORCH_SOURCE"),
                "Dockerfile.cuda must let a build ARG LIBTORCH_SOURCE choose how libtorch arrives");
        assertTrue(cuda.stageNames().containsAll(List.of("libtorch-download", "libtorch-context")),
                "Dockerfile.cuda needs a stage per LIBTORCH_SOURCE value, found stages " + cuda.stageNames());
    }

    @Test
    void cudaImageIsBuiltAndStartedLikeTheCpuImage() {
        Dockerfile cpu = Dockerfile.load(DOCKER_DIR.resolve("Dockerfile"));
        Dockerfile cuda = Dockerfile.load(DOCKER_DIR.resolve("Dockerfile.cuda"));
        List<String> problems = new ArrayList<>();
        if (!cpu.stage("build").equals(cuda.stage("build"))) {
            problems.add("the build stages of Dockerfile and Dockerfile.cuda differ; they must build the same application");
        }
        Map<String, String> cudaEnv = cuda.finalStage().environment();
        cpu.finalStage().environment().forEach((name, value) -> {
            if (!name.equals("CONCORD_MODEL_DEVICE") && !value.equals(cudaEnv.get(name))) {
                problems.add("ENV " + name + " is " + value + " in Dockerfile but " + cudaEnv.get(name)
                        + " in Dockerfile.cuda");
            }
        });
        for (String keyword : List.of("USER", "VOLUME", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "WORKDIR")) {
            if (!cpu.finalStage().values(keyword).equals(cuda.finalStage().values(keyword))) {
                problems.add(keyword + " differs between the runtime stages: " + cpu.finalStage().values(keyword)
                        + " and " + cuda.finalStage().values(keyword));
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void composeBuildArgsAreDeclaredInTheirDockerfiles() {
        Compose compose = Compose.load(DOCKER_DIR.resolve("compose.yaml"));
        List<String> problems = new ArrayList<>();
        for (String service : List.of(CONCORD, CONCORD_GPU)) {
            Dockerfile image = Dockerfile.load(REPO_ROOT.resolve(compose.dockerfile(service)));
            for (String arg : compose.buildArgs(service).keySet()) {
                if (!image.allArgNames().contains(arg)) {
                    problems.add(service + " passes build arg " + arg + " that " + compose.dockerfile(service)
                            + " does not declare");
                }
            }
        }
        assertNoProblems(problems);
    }

    // ------------------------------------------------------------------------------------
    // compose.yaml structure

    @Test
    void everyServiceHasAHealthCheckAndWaitsForHealthyDependencies() {
        Compose compose = Compose.load(DOCKER_DIR.resolve("compose.yaml"));
        assertNoProblems(compose.structureProblems(SERVICES));
    }

    @Test
    void dataFolderIsANamedVolumeAndGpuServiceReservesAnNvidiaDevice() {
        Compose compose = Compose.load(DOCKER_DIR.resolve("compose.yaml"));
        List<String> problems = new ArrayList<>();
        for (String service : List.of(CONCORD, CONCORD_GPU)) {
            String dataDir = Compose.defaultOf(compose.environment(service).get("CONCORD_DATA_DIR"));
            String volume = compose.volumeMountedAt(service, dataDir);
            if (volume == null || !compose.namedVolumes().contains(volume)) {
                problems.add(service + " must mount a named volume at its CONCORD_DATA_DIR " + dataDir
                        + "; found " + volume);
            }
        }
        Map<String, Object> gpu = compose.service(CONCORD_GPU);
        if (!Compose.list(gpu.get("profiles")).contains("gpu")) {
            problems.add("concord-gpu must be in the gpu profile");
        }
        if (!"docker/Dockerfile.cuda".equals(compose.dockerfile(CONCORD_GPU))) {
            problems.add("concord-gpu must build docker/Dockerfile.cuda, builds " + compose.dockerfile(CONCORD_GPU));
        }
        boolean nvidia = Compose.list(Compose.path(gpu, "deploy", "resources", "reservations", "devices")).stream()
                .map(Compose::map)
                .anyMatch(d -> "nvidia".equals(d.get("driver")) && Compose.list(d.get("capabilities")).contains("gpu"));
        if (!nvidia) {
            problems.add("concord-gpu must reserve an nvidia device with the gpu capability under deploy.resources");
        }
        assertNoProblems(problems);
    }

    // ------------------------------------------------------------------------------------
    // The checks themselves catch drift (synthetic inputs, so they cannot pass vacuously)

    @Test
    void dockerfileCheckReportsUndeclaredUnusedAndRunTimeOnlyArgs() {
        Dockerfile bad = Dockerfile.parse("""
                ARG BASE=eclipse-temurin:17-jre
                ARG UNUSED_GLOBAL=1
                FROM ${BASE} AS runtime
                ARG STAGE_ONLY=x
                RUN echo ${NOT_DECLARED} && MODE=fast && echo ${MODE}
                COPY app/ /opt/${LATER}/
                ARG LATER=app
                HEALTHCHECK CMD curl -f http://localhost:${STAGE_ONLY}/
                USER root
                """);
        List<String> problems = bad.variableProblems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("NOT_DECLARED")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("LATER")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("UNUSED_GLOBAL")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("STAGE_ONLY") && p.contains("run time")),
                problems::toString);
        assertFalse(problems.stream().anyMatch(p -> p.contains("MODE")), problems::toString);
        List<String> runtime = bad.runtimeProblems();
        assertTrue(runtime.stream().anyMatch(p -> p.contains("root")), runtime::toString);
        assertTrue(runtime.stream().anyMatch(p -> p.contains("VOLUME")), runtime::toString);
    }

    @Test
    void composeChecksReportMissingHealthChecksAndUnconditionalDependencies() {
        Compose compose = Compose.parse("""
                services:
                  db:
                    image: postgres:16
                  app:
                    image: app
                    depends_on:
                      - db
                    environment:
                      - CONCORD_X=${CONCORD_X:-1}
                      - CONCORD_Y=fixed
                    healthcheck:
                      test: ["CMD", "true"]
                """);
        List<String> problems = compose.structureProblems(List.of("db", "app", "missing"));
        assertTrue(problems.stream().anyMatch(p -> p.contains("db") && p.contains("health")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("app") && p.contains("service_healthy")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("missing")), problems::toString);
        assertEquals(Map.of("CONCORD_X", "${CONCORD_X:-1}", "CONCORD_Y", "fixed"), compose.environment("app"));
        List<String> passThrough = passThroughProblems(compose.environment("app"), "app");
        assertEquals(1, passThrough.size(), passThrough::toString);
        assertTrue(passThrough.get(0).contains("CONCORD_Y"), passThrough::toString);
    }

    @Test
    void applicationVariablesComeFromEnvironmentReferencesOutsideDevAndTestProfiles() {
        AppConfig app = AppConfig.parse("""
                concord.data-dir=${CONCORD_DATA_DIR:./data}
                concord.kg.backend=tdb2
                %pg.quarkus.datasource.db-kind=postgresql
                %prod.concord.llm.key=${CONCORD_LLM_API_KEY:${OPENAI_KEY:}}
                %test.concord.data-dir=${TEST_ONLY_DIR:target}
                quarkus.http.port=${concord.port:8080}
                """);
        assertEquals(Set.of("CONCORD_DATA_DIR", "CONCORD_LLM_API_KEY", "OPENAI_KEY"), app.environmentVariables());
        assertTrue(app.propertyEnvironmentNames().contains("CONCORD_KG_BACKEND"));
        assertEquals("postgresql", app.value("pg", "quarkus.datasource.db-kind"));
        assertNull(app.value("prod", "quarkus.datasource.db-kind"));
        assertEquals(1, unreadVariable("CONCORD_MODEL_DIR", app, Set.of(), "x").size());
        assertTrue(unreadVariable("CONCORD_KG_BACKEND", app, Set.of(), "x").isEmpty());
        assertTrue(unreadVariable("JAVA_OPTS", app, Set.of("JAVA_OPTS"), "x").isEmpty());
    }

    @Test
    void yamlIsReadWithScalarsAsText() {
        assertEquals(Map.of("a", List.of("x", "y z", "5"), "b", Map.of("c", "d: e", "n", "8080")),
                Yaml.parse("a: [x, \"y z\", 5]  # comment\nb:\n  c: 'd: e'\n  n: 8080\n"));
        assertThrows(IllegalArgumentException.class, () -> Yaml.parse("a: [unclosed\n"));
    }

    // ------------------------------------------------------------------------------------
    // Shared rules

    /** A variable compose or an image sets must be read by the application or the image. */
    private static List<String> unreadVariable(String variable, AppConfig app, Set<String> imageVariables, String where) {
        if (app.environmentVariables().contains(variable) || app.propertyEnvironmentNames().contains(variable)) {
            return List.of();
        }
        if (variable.startsWith("CONCORD_")) {
            return List.of(where + " sets " + variable + " but application.properties neither refers to ${"
                    + variable + "} nor declares the matching key");
        }
        if (variable.startsWith("QUARKUS_") || imageVariables.contains(variable)) {
            return List.of();
        }
        return List.of(where + " sets " + variable
                + " which neither the application (application.properties) nor the image (ENV) reads");
    }

    /** Each entry must be {@code NAME: ${NAME...}} so that docker/.env sets it under the same name. */
    private static List<String> passThroughProblems(Map<String, String> environment, String service) {
        List<String> problems = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (value == null || !value.startsWith("${" + name + "}") && !value.startsWith("${" + name + ":")
                    && !value.startsWith("${" + name + "-")) {
                problems.add(service + " sets " + name + " to " + value + "; expected ${" + name
                        + ":-default} so that docker/.env controls it");
            }
        });
        return problems;
    }

    private static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> problems.size() + " deployment configuration problem(s):\n  "
                + String.join("\n  ", problems));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("expected the deployment file " + file + " to be readable", e);
        }
    }

    // ------------------------------------------------------------------------------------
    // application.properties

    /** The application's configuration as the environment sees it. */
    private record AppConfig(Map<String, String> entries) {

        private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

        static AppConfig load(Path file) {
            return parse(read(file));
        }

        static AppConfig parse(String text) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> entries = new LinkedHashMap<>();
            properties.stringPropertyNames().stream().sorted()
                    .forEach(key -> entries.put(key, properties.getProperty(key)));
            return new AppConfig(entries);
        }

        /** Variables referred to as ${NAME...}, except in the dev and test profiles. */
        Set<String> environmentVariables() {
            Set<String> names = new TreeSet<>();
            entries.forEach((key, value) -> {
                if (key.startsWith("%test.") || key.startsWith("%dev.")) {
                    return;
                }
                Matcher matcher = ENV_REFERENCE.matcher(value);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            });
            return names;
        }

        /** The environment variable name of every key (concord.kg.backend -> CONCORD_KG_BACKEND). */
        Set<String> propertyEnvironmentNames() {
            return entries.keySet().stream()
                    .map(key -> key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key)
                    .map(key -> key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        boolean hasProfile(String profile) {
            return entries.keySet().stream().anyMatch(key -> key.startsWith("%" + profile + "."));
        }

        /** The value a key has in a profile: the profile's own entry, else the plain one. */
        String value(String profile, String key) {
            String profiled = entries.get("%" + profile + "." + key);
            return profiled != null ? profiled : entries.get(key);
        }
    }

    // ------------------------------------------------------------------------------------
    // .env files

    private static final class EnvFile {

        private static final Pattern ENTRY = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

        /** NAME=value lines; comments and blank lines are skipped, surrounding quotes removed. */
        static Map<String, String> load(Path file) {
            Map<String, String> entries = new LinkedHashMap<>();
            List<String> lines = read(file).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher matcher = ENTRY.matcher(line);
                if (!matcher.matches()) {
                    throw new IllegalArgumentException(file + " line " + (i + 1)
                            + ": expected NAME=value or a # comment, found: " + line);
                }
                String value = matcher.group(2).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                if (entries.put(matcher.group(1), value) != null) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + matcher.group(1)
                            + " is listed twice");
                }
            }
            return entries;
        }
    }

    // ------------------------------------------------------------------------------------
    // Dockerfiles

    /** A Dockerfile as a list of stages of instructions. */
    private record Dockerfile(List<Instruction> globals, List<Stage> stages) {

        private static final Pattern REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
        private static final Pattern SHELL_ASSIGNMENT =
                Pattern.compile("(?:^|[\\s;&|(])(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=");
        private static final Pattern ENV_PAIR =
                Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)");
        /** Variables every Linux base image sets; RUN lines may use them undeclared. */
        private static final Set<String> BASE_IMAGE_VARIABLES = Set.of("PATH", "HOME", "HOSTNAME", "JAVA_HOME");
        private static final Set<String> ROOT_USERS = Set.of("root", "0", "root:root", "0:0");

        record Instruction(int line, String keyword, String arguments) {}

        record Stage(String name, String base, List<Instruction> instructions) {

            /** ENV names and values set in this stage, in order (later ones win). */
            Map<String, String> environment() {
                Map<String, String> env = new LinkedHashMap<>();
                for (Instruction instruction : instructions) {
                    if (instruction.keyword().equals("ENV")) {
                        env.putAll(envPairs(instruction.arguments()));
                    }
                }
                return env;
            }

            List<String> values(String keyword) {
                return instructions.stream().filter(i -> i.keyword().equals(keyword))
                        .map(Instruction::arguments).toList();
            }
        }

        static Dockerfile load(Path file) {
            return parse(read(file));
        }

        static Dockerfile parse(String text) {
            List<Instruction> globals = new ArrayList<>();
            List<Stage> stages = new ArrayList<>();
            List<String> lines = text.lines().toList();
            StringBuilder current = new StringBuilder();
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String stripped = line.strip();
                if (stripped.startsWith("#") || stripped.isEmpty() && current.length() == 0) {
                    continue;
                }
                if (current.length() == 0) {
                    start = i + 1;
                }
                boolean continued = stripped.endsWith("\\");
                current.append(continued ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
                if (continued) {
                    continue;
                }
                String joined = current.toString().strip();
                current.setLength(0);
                if (joined.isEmpty()) {
                    continue;
                }
                String[] parts = joined.split("\\s+", 2);
                Instruction instruction = new Instruction(start, parts[0].toUpperCase(Locale.ROOT),
                        parts.length > 1 ? parts[1] : "");
                if (instruction.keyword().equals("FROM")) {
                    String[] words = instruction.arguments().replaceAll("--platform=\\S+\\s*", "").split("\\s+");
                    String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                    stages.add(new Stage(name, words[0], new ArrayList<>(List.of(instruction))));
                } else if (stages.isEmpty()) {
                    globals.add(instruction);
                } else {
                    stages.get(stages.size() - 1).instructions().add(instruction);
                }
            }
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("expected at least one FROM in the Dockerfile, found none");
            }
            return new Dockerfile(globals, stages);
        }

        /** The instructions (keyword and arguments, without line numbers) of the named stage. */
        List<String> stage(String name) {
            return stages.stream().filter(st -> name.equals(st.name())).findFirst()
                    .map(st -> st.instructions().stream().map(i -> i.keyword() + " " + i.arguments()).toList())
                    .orElseThrow(() -> new IllegalArgumentException("expected a stage named " + name
                            + ", found " + stageNames()));
        }

        Stage finalStage() {
            return stages.get(stages.size() - 1);
        }

        List<String> stageNames() {
            return stages.stream().map(Stage::name).filter(Objects::nonNull).toList();
        }

        Map<String, String> globalArgDefaults() {
            Map<String, String> args = new LinkedHashMap<>();
            for (Instruction instruction : globals) {
                if (instruction.keyword().equals("ARG")) {
                    String[] nameValue = instruction.arguments().strip().split("=", 2);
                    args.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : null);
                }
            }
            return args;
        }

        Set<String> allArgNames() {
            Set<String> names = new TreeSet<>(globalArgDefaults().keySet());
            for (Stage stage : stages) {
                for (Instruction instruction : stage.instructions()) {
                    if (instruction.keyword().equals("ARG")) {
                        names.add(instruction.arguments().strip().split("=", 2)[0]);
                    }
                }
            }
            return names;
        }

        /**
         * Every ${VAR} is declared (ARG or ENV) before it is used; FROM lines use only global
         * ARGs; instructions evaluated when the container runs (HEALTHCHECK, CMD, ENTRYPOINT)
         * use only ENV; every declared ARG is used.
         */
        List<String> variableProblems() {
            List<String> problems = new ArrayList<>();
            Set<String> globalArgs = globalArgDefaults().keySet();
            Set<String> usedGlobals = new TreeSet<>();
            Map<String, Map<String, String>> environmentByStage = new LinkedHashMap<>();
            for (Stage stage : stages) {
                Set<String> args = new LinkedHashSet<>();
                Set<String> env = new LinkedHashSet<>();
                if (stage.base() != null && environmentByStage.containsKey(stage.base())) {
                    env.addAll(environmentByStage.get(stage.base()).keySet());
                }
                Set<String> usedArgs = new TreeSet<>();
                for (Instruction instruction : stage.instructions()) {
                    String keyword = instruction.keyword();
                    String arguments = instruction.arguments();
                    Set<String> references = references(arguments);
                    switch (keyword) {
                        case "FROM" -> {
                            for (String name : references) {
                                usedGlobals.add(name);
                                if (!globalArgs.contains(name)) {
                                    problems.add(where(instruction) + "FROM uses ${" + name
                                            + "} which is not an ARG declared before the first FROM");
                                }
                            }
                        }
                        case "ARG" -> {
                            String name = arguments.strip().split("=", 2)[0];
                            args.add(name);
                            if (globalArgs.contains(name)) {
                                usedGlobals.add(name);
                            }
                            references.remove(name);
                            checkDeclared(instruction, references, args, env, Set.of(), usedArgs, problems);
                        }
                        case "HEALTHCHECK", "CMD", "ENTRYPOINT" -> {
                            for (String name : upperCase(references)) {
                                if (!env.contains(name) && !BASE_IMAGE_VARIABLES.contains(name)) {
                                    problems.add(where(instruction) + keyword + " uses ${" + name
                                            + "} which is not an ENV of the image, so it is empty at run time");
                                }
                            }
                        }
                        case "RUN" -> checkDeclared(instruction, upperCase(references), args, env,
                                shellAssignments(arguments), usedArgs, problems);
                        case "ENV" -> {
                            checkDeclared(instruction, references, args, env, Set.of(), usedArgs, problems);
                            env.addAll(envPairs(arguments).keySet());
                        }
                        default -> checkDeclared(instruction, references, args, env, Set.of(), usedArgs, problems);
                    }
                }
                for (String arg : args) {
                    if (!usedArgs.contains(arg)) {
                        problems.add("stage " + (stage.name() == null ? stage.base() : stage.name())
                                + " declares ARG " + arg + " but never uses it");
                    }
                }
                if (stage.name() != null) {
                    environmentByStage.put(stage.name(), stage.environment());
                }
            }
            for (String arg : globalArgs) {
                if (!usedGlobals.contains(arg)) {
                    problems.add("global ARG " + arg + " is used by no FROM and redeclared by no stage");
                }
            }
            return problems;
        }

        private static void checkDeclared(Instruction instruction, Set<String> references, Set<String> args,
                Set<String> env, Set<String> assignedHere, Set<String> usedArgs, List<String> problems) {
            for (String name : references) {
                if (args.contains(name)) {
                    usedArgs.add(name);
                } else if (!env.contains(name) && !assignedHere.contains(name)
                        && !BASE_IMAGE_VARIABLES.contains(name)) {
                    problems.add(where(instruction) + instruction.keyword() + " uses ${" + name
                            + "} before any ARG or ENV of this stage declares it");
                }
            }
        }

        /** The final stage runs as a non-root user, keeps its data in a volume and is checked. */
        List<String> runtimeProblems() {
            List<String> problems = new ArrayList<>();
            Stage runtime = finalStage();
            List<String> users = runtime.values("USER");
            if (users.isEmpty()) {
                problems.add("the runtime stage has no USER line, so it runs as root");
            } else if (ROOT_USERS.contains(users.get(users.size() - 1).strip())) {
                problems.add("the runtime stage's last USER is " + users.get(users.size() - 1) + ": it must not be root");
            }
            Map<String, String> env = runtime.environment();
            String dataDir = env.get("CONCORD_DATA_DIR");
            Set<String> volumes = runtime.values("VOLUME").stream()
                    .flatMap(v -> List.of(v.replaceAll("[\\[\\]\",]", " ").strip().split("\\s+")).stream())
                    .collect(Collectors.toSet());
            if (dataDir == null || !volumes.contains(dataDir)) {
                problems.add("the runtime stage must set ENV CONCORD_DATA_DIR to a VOLUME; CONCORD_DATA_DIR="
                        + dataDir + ", VOLUME " + volumes);
            }
            String port = env.get("QUARKUS_HTTP_PORT");
            if (port == null || runtime.values("EXPOSE").stream().noneMatch(e -> e.split("[\\s/]")[0].equals(port))) {
                problems.add("the runtime stage must EXPOSE its QUARKUS_HTTP_PORT " + port + "; EXPOSE "
                        + runtime.values("EXPOSE"));
            }
            List<String> checks = runtime.values("HEALTHCHECK");
            if (checks.isEmpty() || checks.get(checks.size() - 1).strip().equalsIgnoreCase("NONE")) {
                problems.add("the runtime stage has no HEALTHCHECK");
            }
            if (runtime.values("ENTRYPOINT").isEmpty() && runtime.values("CMD").isEmpty()) {
                problems.add("the runtime stage has neither ENTRYPOINT nor CMD");
            }
            String javaOpts = env.getOrDefault("JAVA_OPTS", "");
            if (!javaOpts.contains("-Dai.djl.offline=true")) {
                problems.add("the runtime stage's JAVA_OPTS must keep DJL offline (-Dai.djl.offline=true), found: "
                        + javaOpts);
            }
            if (env.get("DJL_CACHE_DIR") == null || env.get("DJL_CACHE_DIR").isBlank()) {
                problems.add("the runtime stage must set DJL_CACHE_DIR to a folder the user can write");
            }
            return problems;
        }

        private static Set<String> references(String text) {
            Set<String> names = new LinkedHashSet<>();
            Matcher matcher = REFERENCE.matcher(text.replace("$$", ""));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        /** Shell scripts use lower-case locals; upper-case names are build arguments or environment. */
        private static Set<String> upperCase(Set<String> names) {
            return names.stream().filter(n -> n.equals(n.toUpperCase(Locale.ROOT)))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }

        private static Set<String> shellAssignments(String script) {
            Set<String> names = new TreeSet<>();
            Matcher matcher = SHELL_ASSIGNMENT.matcher(script);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        private static Map<String, String> envPairs(String arguments) {
            Map<String, String> pairs = new LinkedHashMap<>();
            String trimmed = arguments.strip();
            if (!trimmed.contains("=") || trimmed.split("\\s+")[0].indexOf('=') < 0) {
                String[] legacy = trimmed.split("\\s+", 2);   // ENV NAME value
                pairs.put(legacy[0], legacy.length > 1 ? legacy[1] : "");
                return pairs;
            }
            Matcher matcher = ENV_PAIR.matcher(trimmed);
            while (matcher.find()) {
                String value = matcher.group(2);
                if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                pairs.put(matcher.group(1), value);
            }
            return pairs;
        }

        private static String where(Instruction instruction) {
            return "line " + instruction.line() + ": ";
        }
    }

    // ------------------------------------------------------------------------------------
    // compose.yaml

    private record Compose(Map<String, Object> root) {

        private static final Pattern INTERPOLATION =
                Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

        static Compose load(Path file) {
            return parse(read(file));
        }

        static Compose parse(String text) {
            return new Compose(map(Yaml.parse(text)));
        }

        Map<String, Object> service(String name) {
            Map<String, Object> services = map(root.get("services"));
            if (!services.containsKey(name)) {
                throw new IllegalArgumentException("expected a compose service " + name + ", found " + services.keySet());
            }
            return map(services.get(name));
        }

        /** The service's environment as NAME -> raw (uninterpolated) value, from either form. */
        Map<String, String> environment(String name) {
            Object environment = service(name).get("environment");
            Map<String, String> result = new LinkedHashMap<>();
            if (environment instanceof List<?> entries) {
                for (Object entry : entries) {
                    String[] nameValue = String.valueOf(entry).split("=", 2);
                    result.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : null);
                }
            } else if (environment != null) {
                map(environment).forEach((key, value) -> result.put(key, value == null ? null : String.valueOf(value)));
            }
            return result;
        }

        String dockerfile(String name) {
            Object build = service(name).get("build");
            if (!(build instanceof Map<?, ?>) || map(build).get("dockerfile") == null) {
                throw new IllegalArgumentException("expected service " + name + " to have build.dockerfile");
            }
            return String.valueOf(map(build).get("dockerfile"));
        }

        Map<String, String> buildArgs(String name) {
            Object args = path(service(name), "build", "args");
            Map<String, String> result = new LinkedHashMap<>();
            if (args instanceof List<?> entries) {
                entries.forEach(e -> {
                    String[] nameValue = String.valueOf(e).split("=", 2);
                    result.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : null);
                });
            } else if (args != null) {
                map(args).forEach((key, value) -> result.put(key, String.valueOf(value)));
            }
            return result;
        }

        Set<String> namedVolumes() {
            Object volumes = root.get("volumes");
            return volumes == null ? Set.of() : map(volumes).keySet();
        }

        /** The source of the volume mounted at target in the service, or null. */
        String volumeMountedAt(String name, String target) {
            for (Object volume : list(service(name).get("volumes"))) {
                List<String> parts = volumeParts(String.valueOf(volume));
                if (parts.size() >= 2 && parts.get(1).equals(target)) {
                    return parts.get(0);
                }
            }
            return null;
        }

        /** SOURCE:TARGET[:MODE] split on the colons outside ${...}. */
        static List<String> volumeParts(String volume) {
            List<String> parts = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < volume.length(); i++) {
                char c = volume.charAt(i);
                if (c == '{' && i > 0 && volume.charAt(i - 1) == '$') {
                    depth++;
                } else if (c == '}' && depth > 0) {
                    depth--;
                } else if (c == ':' && depth == 0) {
                    parts.add(volume.substring(start, i));
                    start = i + 1;
                }
            }
            parts.add(volume.substring(start));
            return parts;
        }

        List<String> structureProblems(List<String> required) {
            List<String> problems = new ArrayList<>();
            Map<String, Object> services = map(root.get("services"));
            for (String name : required) {
                if (!services.containsKey(name)) {
                    problems.add("compose.yaml has no service " + name);
                }
            }
            for (String name : services.keySet()) {
                Map<String, Object> service = map(services.get(name));
                Object healthcheck = service.get("healthcheck");
                List<Object> test = healthcheck instanceof Map<?, ?> ? list(map(healthcheck).get("test")) : List.of();
                if (test.isEmpty() || "NONE".equals(test.get(0)) || "true".equals(map(healthcheck).get("disable"))) {
                    problems.add("service " + name + " has no health check (healthcheck.test)");
                }
                Object dependsOn = service.get("depends_on");
                if (dependsOn instanceof List<?> dependencies) {
                    problems.add("service " + name + " depends on " + dependencies
                            + " without condition: service_healthy");
                } else if (dependsOn != null) {
                    map(dependsOn).forEach((dependency, spec) -> {
                        if (!services.containsKey(dependency)) {
                            problems.add("service " + name + " depends on unknown service " + dependency);
                        }
                        Object condition = spec instanceof Map<?, ?> ? map(spec).get("condition") : null;
                        if (!"service_healthy".equals(condition)) {
                            problems.add("service " + name + " depends on " + dependency
                                    + " with condition " + condition + "; expected service_healthy");
                        }
                    });
                }
                for (Object volume : list(service.get("volumes"))) {
                    String source = volumeParts(String.valueOf(volume)).get(0);
                    boolean bindMount = source.startsWith(".") || source.startsWith("/") || source.startsWith("~")
                            || source.startsWith("$");
                    if (!bindMount && !namedVolumes().contains(source)) {
                        problems.add("service " + name + " mounts volume " + source
                                + " that the top-level volumes section does not declare");
                    }
                }
            }
            return problems;
        }

        /** Every interpolated variable with the defaults it is given (empty set: no default). */
        static Map<String, Set<String>> interpolations(String text) {
            Map<String, Set<String>> result = new LinkedHashMap<>();
            for (String line : text.lines().toList()) {
                String content = line.strip().startsWith("#") ? "" : line.replace("$$", "");
                Matcher matcher = INTERPOLATION.matcher(content);
                while (matcher.find()) {
                    String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
                    Set<String> defaults = result.computeIfAbsent(name, k -> new TreeSet<>());
                    String operator = matcher.group(2);
                    if (operator != null && operator.endsWith("-")) {
                        defaults.add(matcher.group(3));
                    }
                }
            }
            return result;
        }

        /** The default of a ${NAME:-default} value, or the value itself when it is a constant. */
        static String defaultOf(String value) {
            if (value == null) {
                return null;
            }
            Matcher matcher = INTERPOLATION.matcher(value);
            if (matcher.matches() && matcher.group(2) != null && matcher.group(2).endsWith("-")) {
                return matcher.group(3);
            }
            return value;
        }

        static Object path(Map<String, Object> start, String... keys) {
            Object current = start;
            for (String key : keys) {
                if (!(current instanceof Map<?, ?>)) {
                    return null;
                }
                current = map(current).get(key);
            }
            return current;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value) {
            if (!(value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("expected a YAML mapping, found " + value);
            }
            return (Map<String, Object>) value;
        }

        @SuppressWarnings("unchecked")
        static List<Object> list(Object value) {
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?>)) {
                throw new IllegalArgumentException("expected a YAML sequence, found " + value);
            }
            return (List<Object>) value;
        }
    }

    // ------------------------------------------------------------------------------------
    // YAML, through Jackson's YAML reader; scalars as strings, as Compose reads them

    static final class Yaml {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

        private Yaml() {
        }

        static Object parse(String text) {
            try {
                return strings(MAPPER.readValue(text, Object.class));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
            }
        }

        /** Maps and lists as they are, every scalar as its text (Compose reads "5" and 5 alike). */
        private static Object strings(Object v) {
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), strings(x)));
                return out;
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                l.forEach(x -> out.add(strings(x)));
                return out;
            }
            return v == null ? null : String.valueOf(v);
        }
    }
}
