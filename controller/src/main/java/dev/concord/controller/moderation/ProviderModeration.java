package dev.concord.controller.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.controller.ConcordConfig;
import dev.concord.controller.ControllerException;
import dev.concord.controller.EditRequest;
import dev.concord.controller.ModerationHook;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.moderation.Moderation;
import dev.langchain4j.model.moderation.ModerationModel;
import dev.langchain4j.model.moderation.ModerationRequest;
import dev.langchain4j.model.openai.OpenAiModerationModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The moderation provider as a {@link ModerationHook}: every assertion (the person's text, if any,
 * and the triple as a sentence) goes to an OpenAI-compatible {@code /moderations} endpoint through
 * LangChain4j's {@link OpenAiModerationModel}. Off unless concord.policy.moderation.base-url is set.
 *
 * <p>Flagged: a POLICY reason naming the provider's categories (LangChain4j's Moderation carries
 * only the flag, so the categories are read from the provider's own answer, captured on the way
 * through). Provider down, slow or answering an error: by default the assertion is flagged with
 * "moderation unavailable: ..." so it waits for a reviewer (fail closed); with
 * concord.policy.moderation.fail-open=true it passes and a warning is logged.
 */
@ApplicationScoped
public class ProviderModeration implements ModerationHook {
    private static final Logger LOG = Logger.getLogger(ProviderModeration.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the provider answered to the call made on this thread (the moderation call is synchronous). */
    private static final ThreadLocal<String> LAST_BODY = new ThreadLocal<>();

    /** The provider settings; {@code baseUrl} null means no provider. */
    public record Settings(String baseUrl, String apiKey, String model, Duration timeout, boolean failOpen) {
        public Settings {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw ControllerException.badInput("concord.policy.moderation.timeout must be positive, found " + timeout);
            }
            baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip();
            model = model == null || model.isBlank() ? null : model.strip();
        }

        static Settings of(ConcordConfig.Policy.Moderation m) {
            return new Settings(m.baseUrl().orElse(null), m.apiKey().orElse(null), m.model().orElse(null), m.timeout(),
                    m.failOpen());
        }
    }

    private final Settings settings;
    private final ModerationModel model;

    @Inject
    public ProviderModeration(ConcordConfig config) {
        this(Settings.of(config.policy().moderation()));
    }

    public ProviderModeration(Settings settings) {
        this.settings = settings;
        if (settings.baseUrl() == null) {
            this.model = null;
            return;
        }
        OpenAiModerationModel.OpenAiModerationModelBuilder b = OpenAiModerationModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey() == null || settings.apiKey().isBlank() ? "no-key" : settings.apiKey())
                .httpClientBuilder(new CapturingBuilder(HttpClientBuilderLoader.loadHttpClientBuilder()))
                .timeout(settings.timeout())
                .maxRetries(0);
        if (settings.model() != null) {
            b.modelName(settings.model());
        }
        this.model = b.build();
        LOG.infof("Moderation provider at %s (%s, timeout %s, %s)", settings.baseUrl(),
                settings.model() == null ? "its default model" : settings.model(), settings.timeout(),
                settings.failOpen() ? "fail open" : "fail closed: unanswered assertions go to review");
    }

    public boolean enabled() {
        return model != null;
    }

    @Override
    public Optional<String> flag(EditRequest request) {
        if (model == null) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        if (request.text() != null && !request.text().isBlank()) {
            texts.add(request.text().strip());
        }
        texts.add((request.subject() + " " + request.relation() + " " + request.object()).replace('_', ' '));
        ModerationRequest.Builder rb = ModerationRequest.builder().texts(texts);
        if (settings.model() != null) {
            rb.modelName(settings.model());
        }
        Moderation verdict;
        String body;
        LAST_BODY.remove();
        try {
            verdict = model.moderate(rb.build()).moderation();
            body = LAST_BODY.get();
        } catch (RuntimeException e) {
            String why = shortMessage(e);
            if (settings.failOpen()) {
                LOG.warnf("Moderation unavailable (%s); fail-open is set, so the assertion is not checked", why);
                return Optional.empty();
            }
            return Optional.of("moderation unavailable: " + why + "; a reviewer decides instead");
        } finally {
            LAST_BODY.remove();
        }
        if (!verdict.flagged()) {
            return Optional.empty();
        }
        Set<String> categories = categories(body);
        return Optional.of("the moderation provider flagged it"
                + (categories.isEmpty() ? "" : " (" + String.join(", ", categories) + ")"));
    }

    /** The categories marked true in any result of an OpenAI moderation answer. */
    static Set<String> categories(String body) {
        Set<String> out = new LinkedHashSet<>();
        if (body == null) {
            return out;
        }
        try {
            for (JsonNode result : JSON.readTree(body).path("results")) {
                result.path("categories").fields().forEachRemaining(f -> {
                    if (f.getValue().asBoolean(false)) {
                        out.add(f.getKey());
                    }
                });
            }
        } catch (java.io.IOException e) {
            LOG.debugf("moderation answer without readable categories: %s", e.getMessage());
        }
        return out;
    }

    private static String shortMessage(Throwable e) {
        Throwable t = e;
        String m = null;
        while (t != null && (m == null || m.isBlank())) {
            m = t.getMessage();
            if (m == null || m.isBlank()) {
                t = t.getCause();
            }
        }
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    /** LangChain4j's HTTP client for the provider, keeping the answer's body for the categories. */
    private record CapturingBuilder(HttpClientBuilder delegate) implements HttpClientBuilder {
        @Override
        public Duration connectTimeout() {
            return delegate.connectTimeout();
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            delegate.connectTimeout(timeout);
            return this;
        }

        @Override
        public Duration readTimeout() {
            return delegate.readTimeout();
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            delegate.readTimeout(timeout);
            return this;
        }

        @Override
        public HttpClient build() {
            HttpClient client = delegate.build();
            return new HttpClient() {
                @Override
                public SuccessfulHttpResponse execute(HttpRequest request) {
                    SuccessfulHttpResponse response = client.execute(request);
                    LAST_BODY.set(response.body());
                    return response;
                }

                @Override
                public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
                    client.execute(request, parser, listener);
                }
            };
        }
    }
}
